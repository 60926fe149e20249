using System.Globalization;
using CasGists.Core.Data;

namespace CasGists.Core.Search;

/// <summary>
/// The full-text half of a search, per database: how to match and rank file rows against the words of a
/// query. <see cref="GistSearchService"/> builds the rest of the SQL (access rule, filters, paging), which
/// both databases share. User text reaches the database only as parameters (<see cref="SearchSql.Add"/>).
/// </summary>
public interface IGistSearchBackend
{
    DatabaseProvider Provider { get; }

    /// <summary>Case-insensitive LIKE: <c>LIKE</c> on SQLite (ASCII), <c>ILIKE</c> on PostgreSQL.</summary>
    string Like { get; }

    /// <summary>
    /// <paramref name="column"/> as an expression no index serves, for a condition that must not drive the query
    /// (SQLite's planner, without statistics, would rather walk <c>gists</c> by visibility than by a topic).
    /// </summary>
    string NotDriving(string column);

    /// <summary>
    /// A SELECT of one row, <c>"Matches"</c>, <c>"Rows"</c>, <c>"Newest"</c> and <c>"Oldest"</c>: how many file rows the
    /// database expects the words to match, how many it holds, and their highest and lowest keys (0 when it holds none), for
    /// <see cref="CandidatesSql"/> to choose how to find the candidates (<see cref="MatchEstimate.Read"/>); or null when the
    /// backend needs no estimate for these clauses.
    /// </summary>
    string? EstimateSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, SearchSql sql);

    /// <summary>
    /// The candidate file rows for the required clauses: the newest <paramref name="limit"/> (or all, when fewer), in any order:
    /// a SELECT of <c>"GistId", "FileId", "Score"</c> (higher is better), <c>"UpdatedAt"</c>, <c>"CreatedAt"</c>, <c>"Stars"</c>
    /// whose FROM has a <c>g</c> for each candidate file's gist and where <paramref name="where"/> is AND-ed in. Of <c>g</c>,
    /// <paramref name="where"/> and <paramref name="joins"/> read only <c>"Id"</c>, <c>"Visibility"</c> and <c>"OwnerId"</c>:
    /// <c>g</c> may be a copy of those columns beside the file's vector.
    /// The full-text index also checks <paramref name="facets"/> (every one must hold), in the same pass as the words.
    /// <paramref name="fewGists"/>: <paramref name="where"/> keeps the gists to one owner's (<c>user:</c>, <c>is:mine</c>,
    /// <c>visibility:</c>) or to the viewer's stars (an <c>IN</c> list), so the candidates are few whatever the words match.
    /// <paramref name="estimate"/>: what <see cref="EstimateSql"/> read, or null when it was not run.
    /// </summary>
    string CandidatesSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, string joins, string where, bool fewGists, int limit, MatchEstimate? estimate, SearchSql sql);

    /// <summary>
    /// A SELECT of <c>"FileId", "Score"</c> that ranks the candidates when <see cref="CandidatesSql"/> could not rank them
    /// cheaply, or null when its <c>"Score"</c> is final. The rows cover file ids from <paramref name="minFileId"/> to
    /// <paramref name="maxFileId"/> (other rows are ignored); a file may appear more than once, and its score is 1 plus
    /// the sum (a candidate without a row scores 1). <paramref name="broad"/>: the candidates may be a few of many matches
    /// in that range (they reached their limit, or they are one owner's), so the ranking must not read every match.
    /// </summary>
    string? ScoresSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, bool broad, long minFileId, long maxFileId, SearchSql sql);

    /// <summary>A condition on <c>g</c>: the gist carries every one of <paramref name="facets"/> (at least one).</summary>
    string FacetCondition(IReadOnlyList<SearchFacet> facets, SearchSql sql);

    /// <summary>A condition on <c>g</c> true when no file row of the gist contains any of <paramref name="terms"/>.</summary>
    string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql);

    /// <summary>The SQL that rebuilds the whole index from the tables (<c>reindex</c>).</summary>
    string RebuildSql { get; }
}

/// <summary>
/// The file rows a full-text match is expected to return, the file rows there are, and the highest and lowest of their keys
/// (0 when unknown) (<see cref="IGistSearchBackend.EstimateSql"/>).
/// </summary>
public readonly record struct MatchEstimate(double Matches, double Rows, long Newest = 0, long Oldest = 0)
{
    /// <summary>The row of <see cref="IGistSearchBackend.EstimateSql"/>.</summary>
    public static MatchEstimate Read(System.Data.Common.DbDataReader r) => new(r.GetDouble(0), r.GetDouble(1), r.GetInt64(2), r.GetInt64(3));
}

/// <summary>SQL text plus its parameters; user values go in through <see cref="Add"/> as <c>{n}</c> placeholders.</summary>
public sealed class SearchSql
{
    private readonly List<object> _args = [];

    public IReadOnlyList<object> Args => _args;

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Add(object value)
    {
        _args.Add(value);
        return $"{{{_args.Count - 1}}}";
    }

    /// <summary>A LIKE pattern that matches <paramref name="value"/> literally (with <c>ESCAPE '\'</c>).</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <remarks>
/// Ranking: <c>bm25()</c> reads, for every word of the query, how many rows of the whole table hold it, one pass over
/// each word's rows; for a word in most files that pass is most of the cost of the search (a phrase in every file: 80 ms
/// at 100,000 gists). So the candidates come first, newest first and unranked; then a search that matched fewer than
/// the limit and has no facet (whose words are therefore rare) is ranked by <c>bm25()</c>, and a broad one (or one with
/// a facet, whose token is in a large share of the rows, or one kept to one owner's gists or the viewer's stars, whose few candidates may lie
/// among every match of a common word: 219 ms of <c>bm25()</c> for <c>user:demo7 return</c>) by where its words occur: title 10, file name 8, description 4,
/// content 1 (bm25's column weights), then newest.
/// </remarks>
public sealed class SqliteFtsSearchBackend : IGistSearchBackend
{
    // bm25 column weights: title, description, file name, content, facets (never ranked).
    private const string Bm25 = "bm25(search_fts, 10.0, 4.0, 8.0, 1.0, 0.0)";

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Like => "LIKE";

    // SQLite's documented way to take a term out of index selection: a unary plus.
    public string NotDriving(string column) => "+" + column;

    public string RebuildSql => SearchSchema.SqliteRebuild + SearchSchema.SqliteOptimize;

    // One MATCH does all the narrowing: the words in the text columns, the facets in the fifth (Search4). Unranked: see
    // ScoresSql.
    // FTS5 walks its matches newest first itself and stops at the limit: one way fits every word.
    public string? EstimateSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, SearchSql sql) => null;

    public string CandidatesSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, string joins, string where, bool fewGists, int limit, MatchEstimate? estimate, SearchSql sql)
    {
        // fewGists: from the gists (the owner's through IX_gists_OwnerId_UpdatedAt, or users by name then that; the viewer's
        // stars through their IN list) to their files, each checked by rowid. SQLite's planner would start from the full-text
        // matches and read every one of a common word (user:demo7 return at 100,000 gists: 133,132 matches for 126 files,
        // 406 ms against 5.6; is:starred return 818 against 7.5). CROSS JOIN keeps the order. Otherwise the order is FTS5's
        // rowid, which it walks newest first itself and stops at the limit.
        var (from, newest) = fewGists
            ? ($"""
                FROM gists g
                {joins}
                CROSS JOIN gist_files f ON f."GistId" = g."Id"
                CROSS JOIN search_fts ON search_fts.rowid = f."Id"
                """, "f.\"Id\"")
            : ($"""
                FROM search_fts
                JOIN gist_files f ON f."Id" = search_fts.rowid
                JOIN gists g ON g."Id" = f."GistId"
                {joins}
                """, "search_fts.rowid");
        return $"""
            SELECT f."GistId" AS "GistId", f."Id" AS "FileId", CAST(0 AS REAL) AS "Score", g."UpdatedAt" AS "UpdatedAt", g."CreatedAt" AS "CreatedAt", g."StarCount" AS "Stars"
            {from}
            WHERE search_fts MATCH {sql.Add(Match(required, facets))} AND {where}
            ORDER BY {newest} DESC
            LIMIT {limit}
            """;
    }

    public string? ScoresSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, bool broad, long minFileId, long maxFileId, SearchSql sql)
    {
        var range = $"rowid BETWEEN {minFileId.ToString(CultureInfo.InvariantCulture)} AND {maxFileId.ToString(CultureInfo.InvariantCulture)}";
        if (!broad && facets.Count == 0)
        {
            return $"""SELECT rowid AS "FileId", -{Bm25} AS "Score" FROM search_fts WHERE search_fts MATCH {sql.Add(Match(required, facets))} AND {range}""";
        }
        // Every candidate holds its words somewhere: content is the base score (1, see ScoresSql), the rest is added.
        // A column's rows are a subset of the rows holding the words in any of the three, so one pass over those (stopped at
        // the first) decides whether the three are needed at all: with facets, each pass re-reads their long lists over a
        // range that may span half the table (a word with two facets at 100,000 gists: 6.7 → 2.6 ms; a phrase found in
        // every description pays the one row, 1.34 → 1.41 ms). CROSS JOIN keeps the probe the outer loop.
        var probe = $"""
            WITH probe AS MATERIALIZED (SELECT 1 FROM search_fts WHERE search_fts MATCH {sql.Add(Match(required, facets, "{title name description}"))} AND {range} LIMIT 1)

            """;
        return probe + string.Join("\nUNION ALL\n", new[] { ("title", 9), ("name", 7), ("description", 3) }.Select(c => $"""
            SELECT search_fts.rowid AS "FileId", {c.Item2} AS "Score" FROM probe CROSS JOIN search_fts WHERE search_fts MATCH {sql.Add(Match(required, facets, c.Item1))} AND search_fts.{range}
            """));
    }

    // The first file's row alone: one row per gist to look up instead of one per file.
    public string FacetCondition(IReadOnlyList<SearchFacet> facets, SearchSql sql) => $"""
        g."Id" IN (SELECT y."GistId" FROM gist_files y WHERE y."Id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {sql.Add(Match([], facets) + $" AND facets : \"{SearchFacet.SqliteFirstFile}\"")}))
        """;

    public string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql) => $"""
        g."Id" NOT IN (SELECT x."GistId" FROM gist_files x WHERE x."Id" IN (
            SELECT rowid FROM search_fts WHERE search_fts MATCH {sql.Add(Words(terms, string.Join(" OR ", terms.Select(t => t.ToFtsLiteral()))))}))
        """;

    /// <summary>
    /// Every term an FTS5 string (quotes doubled), so nothing the user typed is an FTS5 operator; the facets (tokens the
    /// code builds) in the fifth column. <paramref name="column"/>: the words in that column (or set of columns) only.
    /// </summary>
    internal static string Match(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, string? column = null)
    {
        var parts = new List<string>(2);
        if (required.Count > 0)
        {
            var words = string.Join(" AND ", required.Select(c => "(" + string.Join(" OR ", c.AnyOf.Select(t => t.ToFtsLiteral())) + ")"));
            parts.Add(column is null ? Words(required.SelectMany(c => c.AnyOf), words) : $"{column} : ({words})");
        }
        if (facets.Count > 0)
        {
            parts.Add("facets : (" + string.Join(" AND ", facets.Select(f => "\"" + f.SqliteToken + "\"")) + ")");
        }
        return string.Join(" AND ", parts);
    }

    // A word can only meet a facet token if it holds the facets' private-use mark; only then do the words need the
    // column filter, which makes FTS5 read positions for every row and so costs more.
    private static string Words(IEnumerable<SearchTerm> terms, string expression) =>
        terms.Any(t => t.Text.Contains(SearchFacet.SqliteMark, StringComparison.Ordinal))
            ? "{title description name content} : (" + expression + ")"
            : expression;
}

/// <summary>The ways <see cref="PostgresSearchBackend.CandidatesSql"/> finds a search's candidates.</summary>
internal enum CandidateWay
{
    Narrow,
    Recent,
    Broad,
}

public sealed class PostgresSearchBackend : IGistSearchBackend
{
    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    public string Like => "ILIKE";

    // PostgreSQL plans from statistics; a unary plus on text would not even parse.
    public string NotDriving(string column) => column;

    public string RebuildSql => SearchSchema.PostgresRebuild;

    /// <summary>
    /// The narrow way (<see cref="CandidatesSql"/>) while <c>Matches² ≤ NarrowFactor × limit × Rows</c>. The narrow way
    /// costs about 3.5 µs per match (the match's heap row, its place in the sort); the broad way about 1 µs per row it
    /// walks, <c>limit × Rows / Matches</c> of them. Measured at 100,000 gists (300,131 files), in turns, narrow against
    /// broad: 4,963 matches 19 against 56 ms; 7,670 23 against 52; 11,966 40 against 28; 22,711 141 against 22.
    /// </summary>
    internal const double NarrowFactor = 0.3;

    /// <summary>
    /// PostgreSQL estimates a match's rows well (7,621 for 7,670) but prices the <c>@@</c> it checks on every row it walks
    /// far too low, so for a word in a few percent of the files it walks the primary key backwards through tens of
    /// thousands of rows, or sorts the matches with their whole vectors. So the service asks for the estimate (its
    /// planner's, from <c>EXPLAIN</c>: about 1 ms with its round trip) and <see cref="CandidatesSql"/> picks the way itself.
    /// </summary>
    public string? EstimateSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, SearchSql sql) =>
        facets.Count > 0 ? null : $"""
            SELECT casgists_match_estimate({TsQuery(required, sql)}) AS "Matches", (SELECT reltuples FROM pg_class WHERE oid = 'search_files'::regclass)::float8 AS "Rows",
                   coalesce((SELECT max("FileId") FROM search_files), 0) AS "Newest", coalesce((SELECT min("FileId") FROM search_files), 0) AS "Oldest"
            """;

    internal static bool IsNarrow(MatchEstimate estimate, int limit) =>
        estimate.Matches * estimate.Matches <= NarrowFactor * limit * Math.Max(estimate.Rows, estimate.Matches);

    /// <summary>
    /// The recent way (<see cref="CandidatesSql"/>) while the matches are more than <see cref="RankAllFactor"/> times the
    /// limit and <c>Matches² ≤ RecentFactor × limit × Rows</c>: at 300,131 files and a limit of 1,000, from 5,000 to 24,500
    /// matches. Measured in turns at that size, candidates alone, p50 (key ranges, ADR-018): 7,442 matches 6.4 ms against
    /// 29.4 narrow and 16.9 by the primary key's range; 9,257 7.0 against 45.5 narrow; 11,253 11.0 against 17.8 by that
    /// range; 14,450 10.0 against 39.2 broad; 22,095 6.1 against 21.7 broad; 32,399 8.3 against 12.7 broad; 129,978 5.9
    /// against 4.0 broad. Below 5,000 the narrow way: 4,653 matches 12.3 ms against 15.3, because the walk below the
    /// ranges, for a word that rare, is planned as a sort of all its matches there, which the merge runs for its first row.
    /// </summary>
    internal const double RecentFactor = 2.0;

    /// <summary>
    /// The recent way reads the newest <c>RecentMargin × limit × Rows / Matches</c> rows' matches first, the share expected to
    /// hold the limit one and a half times over: the access rule and the filters drop some (a fifth of the public matches
    /// for an anonymous viewer at 100,000 demo gists). At 1.2 the newest range fell short for <c>dijkstra OR huffman</c>
    /// and the walk below it took 34 ms, against 15 at 1.5.
    /// </summary>
    internal const double RecentMargin = 1.5;

    /// <summary>How <see cref="CandidatesSql"/> finds the candidates, and for the recent way, the key it reads down to.</summary>
    internal static (CandidateWay Way, long Cut) Choose(MatchEstimate? estimate, bool facets, int limit)
    {
        if (facets)
        {
            return (CandidateWay.Narrow, 0);
        }
        if (estimate is not { } e)
        {
            return (CandidateWay.Broad, 0);
        }
        var narrow = IsNarrow(e, limit);
        if (narrow && e.Matches <= RankAllFactor * limit)
        {
            return (CandidateWay.Narrow, 0);
        }
        if (e.Newest > e.Oldest && e.Matches > 0 && e.Matches * e.Matches <= RecentFactor * limit * Math.Max(e.Rows, e.Matches))
        {
            // The keys of the rows expected to hold the margin over the limit, counted down from the newest: the keys are spread
            // over Newest - Oldest + 1 as the matches are over the rows.
            var keys = Math.Ceiling(RecentMargin * limit * (e.Newest - e.Oldest + 1.0) / e.Matches);
            if (keys < e.Newest - e.Oldest)
            {
                return (CandidateWay.Recent, e.Newest - (long)keys);
            }
        }
        return (narrow ? CandidateWay.Narrow : CandidateWay.Broad, 0);
    }

    /// <remarks>
    /// Every way reads <c>search_files</c> (<see cref="SearchSchema.PostgresSearchFilesUp"/>): each file's vector beside its
    /// gist's access rule and sort keys, named as in <c>gists</c>, so the row read is <c>g</c> itself and no gist is looked
    /// up (<see cref="Choose"/> picks the way).
    /// <list type="bullet">
    /// <item>Broad (a word in many files): walk the rows newest first, checking each, and stop at the limit.</item>
    /// <item>Narrow (few matches, or facets, whose intersection is a few thousand rows at most in practice): the GIN index's
    /// matches sorted without their vectors (OFFSET 0 keeps the sort below the conditions and the limit), each ranked as it
    /// is read.</item>
    /// <item>Recent (between the two): the narrow way over the rows above a cut, the words AND-ed in the GIN index with the
    /// key ranges above it (<see cref="KeyRanges"/>), so only the newest matches' rows are read; when those fall short of the
    /// limit, the broad walk below the ranges gives the rest. Merged by key, the walk gives a row only when asked for
    /// one.</item>
    /// </list>
    /// Left to itself PostgreSQL walks the rows for a mid-frequency word too, or sorts the matches with their whole vectors,
    /// spilling to disk.
    /// </remarks>
    public string CandidatesSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, string joins, string where, bool fewGists, int limit, MatchEstimate? estimate, SearchSql sql)
    {
        var words = TsQuery(required, sql);
        var (way, cut) = Choose(estimate, facets.Count > 0, limit);
        // The recent way's ranges, and the first key they hold, below which the walk reads.
        var (ranges, start) = way == CandidateWay.Recent ? KeyRanges(cut, estimate!.Value.Newest) : ([], 0L);
        if (way == CandidateWay.Broad)
        {
            return $"""
                {Select}
                FROM ({Walk()}) g
                """;
        }
        var match = facets.Count == 0 ? words : $"({words} && {FacetQuery(facets, sql)})";
        if (way == CandidateWay.Recent)
        {
            match = $"({match} && CAST({sql.Add(string.Join(" | ", ranges.Select(r => "'" + r + "'")))} AS tsquery))";
        }
        var kept = $"""
            SELECT g.*
            FROM (SELECT {Columns("s")}, ts_rank(s.search_vector, {words})::float8 AS "Score"
                  FROM search_files s WHERE s.search_vector @@ {match} ORDER BY s."FileId" DESC OFFSET 0) g
            {joins}
            WHERE {where}
            ORDER BY g."FileId" DESC
            LIMIT {limit}
            """;
        return way == CandidateWay.Narrow
            ? $"""
                {Select}
                FROM ({kept}) g
                """
            : $"""
                {Select}
                FROM (({kept})
                      UNION ALL
                      ({Walk()})) g
                ORDER BY g."FileId" DESC
                LIMIT {limit}
                """;

        static string Key(long key) => key.ToString(CultureInfo.InvariantCulture);

        // The broad walk, newest first; for the recent way, below the cut.
        string Walk() => $"""
            SELECT {Columns("g")}, ts_rank(g.search_vector, {words})::float8 AS "Score"
            FROM search_files g
            {joins}
            WHERE g.search_vector @@ {words}{(way == CandidateWay.Recent ? $" AND g.\"FileId\" < {Key(start)}" : "")} AND {where}
            ORDER BY g."FileId" DESC
            LIMIT {limit}
            """;
    }

    /// <summary>
    /// The narrow way while its matches are at most this many times the limit, and without an estimate (words with facets):
    /// it reads every match's row. Above it, the recent way reads the newest matches' rows only (<see cref="RecentFactor"/>).
    /// </summary>
    internal const double RankAllFactor = 5;

    /// <summary>
    /// The key ranges of the files' vectors (<see cref="SearchSchema.PostgresKeyRangeLexeme"/>) that hold every key above
    /// <paramref name="cut"/>: from the one holding the key after the cut through the one after <paramref name="newest"/>'s
    /// (files added since the estimate). <c>Start</c>: the first key they hold, at most a range below the key after the cut,
    /// where the walk below them begins.
    /// </summary>
    internal static (List<string> Ranges, long Start) KeyRanges(long cut, long newest)
    {
        var first = (cut + 1) >> SearchSchema.KeyRangeBits;
        var ranges = new List<string>();
        for (var range = first; range <= (newest >> SearchSchema.KeyRangeBits) + 1; range++)
        {
            ranges.Add(SearchSchema.PostgresKeyRangeLexeme(range));
        }
        return (ranges, first << SearchSchema.KeyRangeBits);
    }

    // The columns CandidatesSql promises, from a row of search_files' columns and a "Score".
    private const string Select =
        """SELECT g."Id" AS "GistId", g."FileId" AS "FileId", g."Score" AS "Score", g."UpdatedAt" AS "UpdatedAt", g."CreatedAt" AS "CreatedAt", g."StarCount" AS "Stars" """;

    // search_files' columns but the vector, of the row named alias: what the narrow way sorts.
    private static string Columns(string alias) =>
        $"{alias}.\"FileId\", {alias}.\"Id\", {alias}.\"Visibility\", {alias}.\"OwnerId\", {alias}.\"UpdatedAt\", {alias}.\"CreatedAt\", {alias}.\"StarCount\"";

    // ts_rank reads each row alone, with no pass over the whole table: the candidates' score is final.
    public string? ScoresSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, bool broad, long minFileId, long maxFileId, SearchSql sql) => null;

    // The gist's own facets (migration SearchPlanning): one narrow row per gist, found through its own GIN index.
    public string FacetCondition(IReadOnlyList<SearchFacet> facets, SearchSql sql) => $"""
        g.search_facets @@ {FacetQuery(facets, sql)}
        """;

    // The lexemes are hex the code builds (SearchFacet.PostgresLexeme), quoted: nothing the user typed is parsed as tsquery.
    private static string FacetQuery(IReadOnlyList<SearchFacet> facets, SearchSql sql) =>
        $"CAST({sql.Add(string.Join(" & ", facets.Select(f => "'" + f.PostgresLexeme + "'")))} AS tsquery)";

    public string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql) => $"""
        NOT EXISTS (SELECT 1 FROM search_files x WHERE x."Id" = g."Id" AND x.search_vector @@ ({string.Join(" || ", terms.Select(t => Phrase(t, sql)))}))
        """;

    // Each term is a parameter of phraseto_tsquery, which reads plain text: no tsquery syntax reaches the parser.
    // casgists_search_text splits it into words exactly as the indexed text was split.
    private static string TsQuery(IReadOnlyList<SearchClause> required, SearchSql sql) =>
        "(" + string.Join(" && ", required.Select(c => "(" + string.Join(" || ", c.AnyOf.Select(t => Phrase(t, sql))) + ")")) + ")";

    private static string Phrase(SearchTerm term, SearchSql sql) => $"phraseto_tsquery('simple', casgists_search_text({sql.Add(term.Text)}))";
}
