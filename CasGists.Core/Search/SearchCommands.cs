using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CasGists.Core.Data;
using CasGists.Core.Gists;

namespace CasGists.Core.Search;

/// <summary>
/// Runs a search's statements as plain ADO.NET commands on one open connection. Through EF Core each statement cost
/// 0.3–2 ms more than its SQL (the expression tree walked and looked up, the shaper, a connection opened and closed per
/// statement, SQLite re-registering EF Core's functions on every open), against 1.4 ms of SQL for a rare word's five
/// statements at 100,000 gists. The search builds its SQL by hand already; this reads it by hand too.
/// </summary>
internal sealed class SearchCommands(DbConnection connection, DatabaseProvider provider)
{
    // What EF Core's diagnostics said of its statements: the benchmark replays these from here.
    private static readonly DiagnosticListener Diagnostics = new(GistSearchService.DiagnosticName);

    /// <summary>Every row of <paramref name="text"/>, whose <c>{n}</c> placeholders are <paramref name="sql"/>'s parameters.</summary>
    public async Task<List<T>> ReadAsync<T>(string text, SearchSql sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await ReadSetsAsync(sql, prepare: false, ct, (text, r => rows.Add(read(r))));
        return rows;
    }

    /// <summary>
    /// Several statements sent as one command, one round trip: each row of each statement's result goes to its reader. The
    /// statements share <paramref name="sql"/>'s parameters. <paramref name="prepare"/>: on PostgreSQL, prepared on the
    /// pooled connection and kept there, for statements whose text repeats and whose plan no value changes.
    /// </summary>
    public async Task ReadSetsAsync(SearchSql sql, bool prepare, CancellationToken ct, params IReadOnlyList<(string Text, Action<DbDataReader> Row)> statements)
    {
        await using var command = connection.CreateCommand();
        var text = string.Join(";\n", statements.Select(s => s.Text));
        var args = sql.Args;
        // Highest first, so {1} never rewrites the start of {10}.
        for (var i = args.Count - 1; i >= 0; i--)
        {
            var name = "@p" + i.ToString(CultureInfo.InvariantCulture);
            text = text.Replace("{" + i.ToString(CultureInfo.InvariantCulture) + "}", name, StringComparison.Ordinal);
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Value(args[i]);
            command.Parameters.Add(parameter);
        }
        command.CommandText = text;
        if (Diagnostics.IsEnabled(GistSearchService.CommandExecuting))
        {
            Diagnostics.Write(GistSearchService.CommandExecuting, command);
        }
        if (prepare && provider == DatabaseProvider.Postgres)
        {
            // Npgsql keeps a prepared statement on its physical connection, across the pool: after the first time this finds it
            // there and sends nothing.
            await command.PrepareAsync(ct);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; i < statements.Count; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(ct))
            {
                throw new InvalidOperationException($"Statement {i} of a search's command returned no result.");
            }
            while (await reader.ReadAsync(ct))
            {
                statements[i].Row(reader);
            }
        }
    }

    /// <summary>A DateTime column as EF Core reads it (the model stores UTC: <c>CasGistsDbContext</c>'s converter).</summary>
    /// <remarks>
    /// On SQLite the value is text, which <c>GetDateTime</c> reads with <see cref="DateTime.Parse(string, IFormatProvider)"/>: for a
    /// thousand candidates at 100,000 gists that parse cost more than a millisecond. EF Core always writes
    /// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, which is read here by position; anything else still goes to <c>GetDateTime</c>.
    /// </remarks>
    public static DateTime Utc(DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(
            reader.GetFieldType(ordinal) == typeof(string) && TryParseStored(reader.GetString(ordinal), out var stored) ? stored : reader.GetDateTime(ordinal),
            DateTimeKind.Utc);

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c>, then optionally <c>.</c> and 1–7 digits of a second; false for anything else.</summary>
    internal static bool TryParseStored(string text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.'))
        {
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }
        var fraction = 0;
        if (text.Length > 19)
        {
            if (!Digits(text, 20, text.Length - 20, out fraction))
            {
                return false;
            }
            for (var i = text.Length - 20; i < 7; i++)
            {
                fraction *= 10;
            }
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fraction);
        return true;

        static bool Digits(string text, int start, int count, out int number)
        {
            number = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if (digit is < 0 or > 9)
                {
                    return false;
                }
                number = number * 10 + digit;
            }
            return true;
        }
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Stored as EF Core stores it: on SQLite a Guid is upper-case text (Microsoft.Data.Sqlite alone would bind a blob).
    private object Value(object value) => value switch
    {
        Guid id when provider == DatabaseProvider.Sqlite => id.ToString().ToUpperInvariant(),
        _ => value,
    };

    /// <summary>
    /// The page's results: cards for the given gists in the given order, each with the snippet of its file among
    /// <paramref name="fileIds"/> (when it has one) around <paramref name="words"/>. The caller has applied the access rule.
    /// The cards hold the same fields as <see cref="GistService"/>'s lists: the first file (one index probe), stars (a stored
    /// count), comments, forks anyone may list, topics. Four statements, one round trip: apart, their round trips cost as
    /// much as their SQL (a common word at 100,000 gists on PostgreSQL: 3.5 ms of SQL in 11 ms between the first and last).
    /// </summary>
    public async Task<List<SearchResultItem>> PageAsync(IReadOnlyList<string> ids, IReadOnlyList<long> fileIds, IReadOnlyList<string> words, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var sql = new SearchSql();
        var list = string.Join(", ", ids.Select(id => sql.Add(id)));
        var cards = new Dictionary<string, GistSummary>(ids.Count, StringComparer.Ordinal);
        var forks = new Dictionary<string, int>(StringComparer.Ordinal);
        var topics = new List<(string Id, string Topic)>();
        var snippets = new Dictionary<string, SearchSnippet>(StringComparer.Ordinal);
        var statements = new List<(string, Action<DbDataReader>)>
        {
            ($"""
                SELECT g."Id", (SELECT u."UserName" FROM users u WHERE u."Id" = g."OwnerId"), g."Title", g."Description", g."Visibility", g."FileCount",
                       g."CreatedAt", g."UpdatedAt", f."Name", f."Language", substr(f."Content", 1, {GistService.PreviewChars.ToString(CultureInfo.InvariantCulture)}),
                       g."StarCount", (SELECT COUNT(*) FROM gist_comments c WHERE c."GistId" = g."Id")
                FROM gists g
                LEFT JOIN gist_files f ON f."Id" = (SELECT x."Id" FROM gist_files x WHERE x."GistId" = g."Id" AND x."Position" = 0 LIMIT 1)
                WHERE g."Id" IN ({list})
                """,
                r =>
                {
                    var firstName = NullableString(r, 8);
                    var preview = NullableString(r, 10);
                    var card = new GistSummary(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                        Enum.Parse<GistVisibility>(r.GetString(4)), Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
                        Utc(r, 6), Utc(r, 7), firstName, firstName is null ? null : NullableString(r, 9),
                        firstName is null || preview is null ? null : GistService.Preview(preview))
                    {
                        StarCount = Convert.ToInt32(r.GetValue(11), CultureInfo.InvariantCulture),
                        CommentCount = Convert.ToInt32(r.GetValue(12), CultureInfo.InvariantCulture),
                    };
                    cards[card.Id] = card;
                }),
            // The forks ForkService.ListForksAsync lists to anyone (as GistService's lists count them): public ones, and
            // unlisted ones of a gist that is not public. A statement of its own: as a correlated count, SQLite scans every
            // gist for each row instead of using the ForkedFromId index.
            ($"""
                SELECT f."ForkedFromId", COUNT(*)
                FROM gists f
                JOIN gists o ON o."Id" = f."ForkedFromId"
                WHERE f."ForkedFromId" IN ({list}) AND (f."Visibility" = 'Public' OR (f."Visibility" = 'Unlisted' AND o."Visibility" <> 'Public'))
                GROUP BY f."ForkedFromId"
                """,
                r => forks[r.GetString(0)] = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)),
            ($"""SELECT t."GistId", t."Topic" FROM gist_topics t WHERE t."GistId" IN ({list})""", r => topics.Add((r.GetString(0), r.GetString(1)))),
        };
        if (fileIds.Count > 0)
        {
            // The snippet: the indexed start of the file around the words.
            statements.Add(($"""
                SELECT f."GistId", f."Name", f."Language", substr(f."Content", 1, {SearchSchema.IndexedChars.ToString(CultureInfo.InvariantCulture)})
                FROM gist_files f
                WHERE f."Id" IN ({string.Join(", ", fileIds.Select(id => sql.Add(id)))})
                """,
                r => snippets[r.GetString(0)] = SnippetBuilder.Build(r.GetString(1), r.GetString(2), r.GetString(3), words)));
        }
        // Prepared: a page's statements are the same text for every page of the same size, and their plan is always lookups by
        // key. Planned each time they cost more than they ran (a common word at 100,000 gists on PostgreSQL: 2.4 ms of
        // parsing and planning against 3.3 of execution).
        await ReadSetsAsync(sql, prepare: true, ct, statements);

        var byGist = topics.ToLookup(t => t.Id, t => t.Topic);
        return [.. ids.Where(cards.ContainsKey).Select(id => new SearchResultItem(
            cards[id] with { ForkCount = forks.GetValueOrDefault(id), Topics = [.. byGist[id].Order(StringComparer.Ordinal)] },
            snippets.GetValueOrDefault(id)))];
    }
}
