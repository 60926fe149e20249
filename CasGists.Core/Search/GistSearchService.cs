using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace CasGists.Core.Search;

/// <summary>
/// Runs a search box query for a viewer: parses it, applies <see cref="GistAccess.CanList"/> and the filters
/// in SQL, lets the backend match and rank the words, then pages, builds snippets and caches the page
/// briefly per (query, viewer). Any text gives results or <see cref="SearchResults.Error"/>, never an exception.
/// </summary>
/// <remarks>
/// Words must all appear in one file row, which carries its gist's title and description too (so
/// <c>dijkstra go</c> finds a gist titled "Dijkstra" with a Go file). A broad search ranks only the newest
/// <see cref="CandidateLimit"/> matching files, so a word found in every gist costs the same as a rare one.
/// <c>sort:stars</c> orders those same candidates by their stored star count, ties by rank then update; so a broad
/// search sorted by stars sorts its newest candidates, not every gist. Without words it orders every match.
/// <c>language:</c> and <c>topic:</c> are facets of the full-text index (<see cref="SearchFacet"/>), matched in the
/// same pass as the words.
/// </remarks>
public sealed class GistSearchService(
    IDbContextFactory<CasGistsDbContext> contexts,
    DatabaseSettings database,
    IGistSearchBackend backend,
    HybridCache cache)
{
    public const int CandidateLimit = 1000;
    /// <summary>
    /// A search without words counts its matches up to this many (and then says "1,000+"); deeper pages count up to
    /// their end.
    /// </summary>
    public const int CountLimit = 1000;
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;
    public const int MaxPage = 1000;
    public const string CacheTag = "search";

    /// <summary>
    /// A <see cref="System.Diagnostics.DiagnosticListener"/> of this name writes <see cref="CommandExecuting"/> with each
    /// <see cref="System.Data.Common.DbCommand"/> a search is about to run (its statements do not go through EF Core).
    /// </summary>
    public const string DiagnosticName = "CasGists.Search";

    public const string CommandExecuting = "CommandExecuting";

    private static readonly HybridCacheEntryOptions CacheOptions = new()
    {
        Expiration = TimeSpan.FromSeconds(30),
        LocalCacheExpiration = TimeSpan.FromSeconds(30),
    };

    private static readonly string[] CacheTags = [CacheTag];

    public async Task<SearchResults> SearchAsync(Viewer viewer, string? q, int page = 1, int perPage = DefaultPerPage, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, MaxPage);
        perPage = Math.Clamp(perPage, 1, MaxPerPage);
        var parsed = SearchQueryParser.Parse(q);
        if (!parsed.Succeeded)
        {
            return SearchResults.Fail(q ?? "", parsed.Error, page, perPage);
        }
        var query = parsed.Query;
        var text = query.ToString();
        if (query.IsEmpty)
        {
            return new SearchResults("", [], page, perPage, 0);
        }
        if (Refusal(viewer, query) is { } refusal)
        {
            return SearchResults.Fail(text, refusal, page, perPage);
        }
        var plan = Plan.From(query);
        if (plan is null)
        {
            return SearchResults.Fail(text, "There is nothing to search for: use letters or digits, or a filter such as user: or topic:.", page, perPage);
        }

        var key = CacheKey(viewer, text, page, perPage);
        return await cache.GetOrCreateAsync(
            key,
            (Service: this, Viewer: viewer, Plan: plan, Text: text, Page: page, PerPage: perPage),
            static async (s, token) => await s.Service.RunAsync(s.Viewer, s.Plan, s.Text, s.Page, s.PerPage, token),
            CacheOptions,
            CacheTags,
            ct);
    }

    /// <summary>Drops every cached search page; writes call this through <see cref="SearchCacheInvalidator"/>.</summary>
    public ValueTask InvalidateAsync(CancellationToken ct = default) => cache.RemoveByTagAsync(CacheTag, ct);

    /// <summary>Rebuilds the whole full-text index from the tables (the triggers keep it current otherwise).</summary>
    public async Task RebuildIndexAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(backend.RebuildSql, ct);
        await transaction.CommitAsync(ct);
        await InvalidateAsync(ct);
    }

    /// <summary>
    /// The SQL a search runs first (candidates, or the filtered list), with its parameters and a <c>"GistId"</c> column, for
    /// checking a plan or an order against the database directly. Null when the query does not run. Words are searched
    /// without an estimate (<see cref="IGistSearchBackend.EstimateSql"/>): on PostgreSQL, the broad way.
    /// </summary>
    public (string Sql, object[] Args)? DirectSql(Viewer viewer, string q, int perPage = DefaultPerPage)
    {
        if (SearchQueryParser.Parse(q) is not { Succeeded: true, Query: var query } || Refusal(viewer, query) is not null || Plan.From(query) is not { } plan)
        {
            return null;
        }
        var sql = new SearchSql();
        var (joins, where) = Conditions(viewer, plan, sql);
        var text = plan.Required.Count > 0
            ? backend.CandidatesSql(plan.Required, plan.Facets, joins, where, plan.KeepsToFewGists, CandidateLimit, estimate: null, sql)
            : ListSql(joins, where, plan.Sort, CountLimit + 1, 0);
        return (text, [.. sql.Args]);
    }

    private static string? Refusal(Viewer viewer, SearchQuery query)
    {
        if (!viewer.IsAuthenticated && query.Filters.Starred is not null)
        {
            return "Sign in to use is:starred.";
        }
        if (!viewer.IsAuthenticated && query.Filters.Mine is not null)
        {
            return "Sign in to use is:mine.";
        }
        if (!viewer.IsAuthenticated && query.Filters.Visibility != SearchVisibility.All)
        {
            return "Sign in to use visibility: (it filters your own gists).";
        }
        return null;
    }

    private static string CacheKey(Viewer viewer, string text, int page, int perPage)
    {
        // Hashed: a query may be longer than a cache key may be.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var who = viewer.UserId is { } id ? id.ToString("N") : "anonymous";
        return $"search:{who}:{(viewer.IsAdmin ? "admin" : "user")}:{page}:{perPage}:{hash}";
    }

    private async Task<SearchResults> RunAsync(Viewer viewer, Plan plan, string text, int page, int perPage, CancellationToken ct)
    {
        // One connection for every statement, opened without EF Core: building a context and opening through it cost more
        // than a rare word's SQL.
        await using var connection = await database.OpenAsync(ct);
        var commands = new SearchCommands(connection, backend.Provider);
        var sql = new SearchSql();
        var (joins, where) = Conditions(viewer, plan, sql);
        List<CandidateRow> pageRows;
        int total;
        var capped = false;
        var more = false;
        if (plan.Required.Count > 0)
        {
            MatchEstimate? estimate = null;
            var estimateArgs = new SearchSql();
            // A query kept to one owner's gists (or the viewer's stars) has few candidates whatever its words match: without an
            // estimate the backend hands the database's planner a plain statement, and it sees the filter. On PostgreSQL the
            // recent way read the newest range and then every match below it (ADR-017).
            if (!plan.KeepsToFewGists && backend.EstimateSql(plan.Required, plan.Facets, estimateArgs) is { } estimateSql)
            {
                estimate = (await commands.ReadAsync(estimateSql, estimateArgs, MatchEstimate.Read, ct)).Single();
            }
            CandidateRow? previous = null;
            var rows = await commands.ReadAsync(backend.CandidatesSql(plan.Required, plan.Facets, joins, where, plan.KeepsToFewGists, CandidateLimit, estimate, sql), sql,
                r => previous = CandidateRow.Read(r, previous, plan.Sort), ct);
            capped = rows.Count >= CandidateLimit;
            var scoreArgs = new SearchSql();
            if (rows.Count > 0 && backend.ScoresSql(plan.Required, plan.Facets, capped || plan.KeepsToFewGists, rows.Min(r => r.FileId!.Value), rows.Max(r => r.FileId!.Value), scoreArgs) is { } scoresSql)
            {
                // Summed as they are read: a broad phrase may return a row per candidate and column (1,221 rows for a phrase in
                // every description at 100,000 gists).
                var scores = rows.ToDictionary(r => r.FileId!.Value, _ => 1.0);
                await commands.ReadAsync(scoresSql, scoreArgs, r =>
                {
                    var fileId = r.GetInt64(0);
                    if (scores.TryGetValue(fileId, out var score))
                    {
                        scores[fileId] = score + r.GetDouble(1);
                    }
                    return 0;
                }, ct);
                rows.ForEach(r => r.Score = scores[r.FileId!.Value]);
            }
            // Each gist's best file (of equal scores, the newest), then one sort by the keys the query asks for: LINQ's grouping
            // and three-key ordering took up to 2 ms on this machine for a thousand candidates.
            var best = new Dictionary<string, CandidateRow>(rows.Count, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(best, row.GistId, out var exists);
                if (!exists || row.Score > kept!.Score || (row.Score == kept.Score && row.FileId > kept.FileId))
                {
                    kept = row;
                }
            }
            var all = best.Values.ToList();
            all.Sort((a, b) => Compare(plan.Sort, a, b));
            total = all.Count;
            pageRows = [.. all.Skip((page - 1) * perPage).Take(perPage)];
        }
        else
        {
            // Without words the matches are counted only up to CountLimit: counting every match of a broad filter
            // costs as much as listing them all, and "1,000+" says as much to a reader as the exact number.
            var skip = (page - 1) * perPage;
            var limit = Math.Max(CountLimit, skip + perPage) + 1;
            // One query both counts (up to the limit) and holds the page.
            var rows = await commands.ReadAsync(ListSql(joins, where, plan.Sort, limit, 0), sql, r => CandidateRow.Read(r, null, plan.Sort), ct);
            (total, more) = rows.Count == limit ? (limit - 1, true) : (rows.Count, false);
            pageRows = [.. rows.Skip(skip).Take(perPage)];
        }

        var items = await commands.PageAsync([.. pageRows.Select(r => r.GistId)], [.. pageRows.Where(r => r.FileId is not null).Select(r => r.FileId!.Value)],
            plan.HighlightWords, ct);
        return new SearchResults(text, items, page, perPage, total, capped, TotalIsLowerBound: more);
    }

    /// <summary>
    /// Descending by the sort's keys — stars, then score, then update for <c>sort:stars</c>; score then update for the best
    /// match — and by gist id last, so no two gists tie and the order is the same whatever the sort algorithm.
    /// </summary>
    private static int Compare(SearchSort sort, CandidateRow a, CandidateRow b)
    {
        var order = sort switch
        {
            SearchSort.Updated => b.UpdatedAt.CompareTo(a.UpdatedAt),
            SearchSort.Created => b.CreatedAt.CompareTo(a.CreatedAt),
            SearchSort.Stars => b.Stars.CompareTo(a.Stars),
            _ => b.Score.CompareTo(a.Score),
        };
        if (order == 0 && sort == SearchSort.Stars)
        {
            order = b.Score.CompareTo(a.Score);
        }
        if (order == 0 && sort is SearchSort.Stars or SearchSort.BestMatch)
        {
            order = b.UpdatedAt.CompareTo(a.UpdatedAt);
        }
        return order != 0 ? order : string.CompareOrdinal(b.GistId, a.GistId);
    }

    /// <summary>The gists matching the filters in the order <paramref name="sort"/> asks (newest first by default).</summary>
    private static string ListSql(string joins, string where, SearchSort sort, int limit, int offset)
    {
        var order = sort switch
        {
            SearchSort.Created => """g."CreatedAt" DESC""",
            // The stored count (kept by triggers on gist_stars) in ix_gists_stars: a walk of the index, not a count per gist.
            SearchSort.Stars => """g."StarCount" DESC, g."UpdatedAt" DESC""",
            _ => """g."UpdatedAt" DESC""",
        };
        return $"""
            SELECT g."Id" AS "GistId", CAST(NULL AS BIGINT) AS "FileId", CAST(0 AS DOUBLE PRECISION) AS "Score",
                   g."UpdatedAt" AS "UpdatedAt", g."CreatedAt" AS "CreatedAt", g."StarCount" AS "Stars"
            FROM gists g {joins}
            WHERE {where}
            ORDER BY {order}, g."Id" DESC
            LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}
            """;
    }

    /// <summary>The access rule (<see cref="GistAccess.CanList"/>) and every filter, as SQL on <c>g</c> (and <c>u</c>).</summary>
    private (string Joins, string Where) Conditions(Viewer viewer, Plan plan, SearchSql sql)
    {
        var where = new List<string>();
        var filters = plan.Filters;
        // The facets (or the star index, when sorting by stars) narrow far better than the access rule's visibility
        // index, which SQLite's planner would otherwise take.
        var notDriving = plan.Facets.Count > 0 || plan.Sort == SearchSort.Stars;
        var visibility = notDriving ? backend.NotDriving("g.\"Visibility\"") : "g.\"Visibility\"";
        var ownerColumn = notDriving ? backend.NotDriving("g.\"OwnerId\"") : "g.\"OwnerId\"";
        if (!viewer.IsAdmin)
        {
            where.Add(viewer.UserId is { } me
                ? $"""({visibility} = 'Public' OR {ownerColumn} = {sql.Add(me)})"""
                : $"""{visibility} = 'Public'""");
        }
        if (filters.Starred is { } starred && viewer.UserId is { } fan)
        {
            // IN, not EXISTS: SQLite can start from the list (IX_gist_stars_UserId_CreatedAt), and the candidates do when the
            // viewer's stars are all there is to search (Plan.KeepsToFewGists).
            where.Add(starred
                ? $"""g."Id" IN (SELECT s."GistId" FROM gist_stars s WHERE s."UserId" = {sql.Add(fan)})"""
                : $"""NOT EXISTS (SELECT 1 FROM gist_stars s WHERE s."GistId" = g."Id" AND s."UserId" = {sql.Add(fan)})""");
        }
        if (filters.Mine is { } mine && viewer.UserId is { } owner)
        {
            where.Add($"""g."OwnerId" {(mine ? "=" : "<>")} {sql.Add(owner)}""");
        }
        if (filters.Visibility != SearchVisibility.All && viewer.UserId is { } self)
        {
            var allowed = new[] { SearchVisibility.Public, SearchVisibility.Unlisted, SearchVisibility.Private }
                .Where(v => filters.Visibility.HasFlag(v))
                .Select(v => $"'{v}'")
                .ToList();
            where.Add(allowed.Count == 0
                ? "1 = 0"
                : $"""g."OwnerId" = {sql.Add(self)} AND g."Visibility" IN ({string.Join(", ", allowed)})""");
        }

        var joinUsers = false;
        foreach (var filter in filters.Fields)
        {
            var not = filter.Excluded ? "NOT " : "";
            var value = filter.Value;
            switch (filter.Field)
            {
                case SearchField.User:
                    joinUsers = true;
                    where.Add($"""u."NormalizedUserName" {(filter.Excluded ? "<>" : "=")} {sql.Add(value)}""");
                    break;
                case SearchField.Language when !filter.Excluded:
                case SearchField.Topic when !filter.Excluded:
                    break; // facets: matched by the full-text index (below, or in the candidates)
                case SearchField.Language:
                    // A probe of the covering index on ("GistId", lower("Language")) (migration Search3).
                    where.Add($"""{not}EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = g."Id" AND lower(x."Language") = {sql.Add(value)})""");
                    break;
                case SearchField.Filename:
                    where.Add($"""{not}EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = g."Id" AND x."Name" {backend.Like} {sql.Add(Contains(value))} ESCAPE '\')""");
                    break;
                case SearchField.Extension:
                    where.Add($"""{not}EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = g."Id" AND lower(x."Name") LIKE {sql.Add("%." + SearchSql.EscapeLike(value))} ESCAPE '\')""");
                    break;
                case SearchField.Title:
                    where.Add(GistText("Title", not, sql.Add(Contains(value))));
                    break;
                case SearchField.Description:
                    where.Add(GistText("Description", not, sql.Add(Contains(value))));
                    break;
                case SearchField.Topic:
                    where.Add($"""NOT EXISTS (SELECT 1 FROM gist_topics t WHERE t."GistId" = g."Id" AND t."Topic" = {sql.Add(value)})""");
                    break;
            }
        }
        if (plan.Required.Count == 0 && plan.Facets.Count > 0)
        {
            // Without words the facets pick the gists on their own: a set built once from the full-text index.
            where.Add(backend.FacetCondition(plan.Facets, sql));
        }
        if (plan.Excluded.Count > 0)
        {
            where.Add(backend.ExcludesSql(plan.Excluded, sql));
        }
        var joins = joinUsers ? """JOIN users u ON u."Id" = g."OwnerId" """ : "";
        return (joins, where.Count == 0 ? "1 = 1" : string.Join(" AND ", where));

        static string Contains(string value) => "%" + SearchSql.EscapeLike(value) + "%";

        // With words, the candidates' g offers only the columns the access rule reads (IGistSearchBackend.CandidatesSql):
        // the gist's text is read by its key.
        string GistText(string column, string not, string pattern) => plan.Required.Count > 0
            ? $"""{not}EXISTS (SELECT 1 FROM gists t WHERE t."Id" = g."Id" AND t."{column}" {backend.Like} {pattern} ESCAPE '\')"""
            : $"""{not}(g."{column}" {backend.Like} {pattern} ESCAPE '\')""";
    }

    /// <summary>The query with terms that hold no letters or digits dropped: neither database indexes punctuation alone.</summary>
    private sealed record Plan(
        IReadOnlyList<SearchClause> Required, IReadOnlyList<SearchTerm> Excluded, SearchFilters Filters, SearchSort Sort, IReadOnlyList<string> HighlightWords)
    {
        public IReadOnlyList<SearchFacet> Facets { get; } = SearchFacet.From(Filters);

        /// <summary>
        /// The filters keep the gists to one owner's (<c>user:</c>, <c>is:mine</c>, <c>visibility:</c>) or to the viewer's
        /// stars (<c>is:starred</c>).
        /// </summary>
        public bool KeepsToFewGists =>
            Filters.Required(SearchField.User).Any() || Filters.Mine == true || Filters.Starred == true || Filters.Visibility != SearchVisibility.All;

        public static Plan? From(SearchQuery query)
        {
            var required = query.RequiredClauses
                .Select(c => c.AnyOf.Where(Searchable).ToList())
                .Where(terms => terms.Count > 0)
                .Select(terms => new SearchClause(terms))
                .ToList();
            var excluded = query.ExcludedTerms.Where(Searchable).ToList();
            if (required.Count == 0 && query.Clauses.Count > 0 && query.Filters.IsEmpty && query.Sort == SearchSort.BestMatch && excluded.Count == 0)
            {
                return null;
            }
            var words = required.SelectMany(c => c.AnyOf).SelectMany(t => t.Words()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return new Plan(required, excluded, query.Filters, query.Sort, words);
        }

        private static bool Searchable(SearchTerm term)
        {
            for (var i = 0; i < term.Text.Length; i++)
            {
                switch (CharUnicodeInfo.GetUnicodeCategory(term.Text, i))
                {
                    case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber:
                        return true;
                }
            }
            return false;
        }
    }

    /// <summary>A row of <see cref="IGistSearchBackend.CandidatesSql"/> or <see cref="ListSql"/>, whose columns come in this order.</summary>
    private sealed class CandidateRow
    {
        public required string GistId { get; init; }
        public long? FileId { get; init; }
        public double Score { get; set; }
        public DateTime UpdatedAt { get; init; }
        public DateTime CreatedAt { get; init; }
        public long Stars { get; init; }

        /// <summary>
        /// A candidate with only the gist columns <see cref="Compare"/> reads for <paramref name="sort"/>, taken from
        /// <paramref name="previous"/> when it is a file of the same gist: the candidates come in file order, so a gist's
        /// files are mostly adjacent, and reading a thousand rows (above all, parsing their dates) cost as much as the SQL
        /// that found them.
        /// </summary>
        public static CandidateRow Read(DbDataReader r, CandidateRow? previous, SearchSort sort)
        {
            var gistId = r.GetString(0);
            var fileId = r.IsDBNull(1) ? (long?)null : r.GetInt64(1);
            var score = r.GetDouble(2);
            return previous is not null && previous.GistId == gistId
                ? new() { GistId = previous.GistId, FileId = fileId, Score = score, UpdatedAt = previous.UpdatedAt, CreatedAt = previous.CreatedAt, Stars = previous.Stars }
                : new()
                {
                    GistId = gistId,
                    FileId = fileId,
                    Score = score,
                    UpdatedAt = sort == SearchSort.Created ? default : SearchCommands.Utc(r, 3),
                    CreatedAt = sort == SearchSort.Created ? SearchCommands.Utc(r, 4) : default,
                    Stars = sort == SearchSort.Stars ? Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture) : 0,
                };
        }
    }
}

/// <summary>Every committed write drops the cached search pages, so a save shows up in the next search.</summary>
public sealed class SearchCacheInvalidator(HybridCache cache) : IGistChangeObserver
{
    public ValueTask OnGistChangedAsync(GistChange change, CancellationToken ct) => cache.RemoveByTagAsync(GistSearchService.CacheTag, ct);
}
