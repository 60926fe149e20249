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
    /// The candidate file rows for the required clauses, newest first, at most <paramref name="limit"/>:
    /// a SELECT of <c>"GistId", "FileId", "Score"</c> (higher is better), <c>"UpdatedAt"</c>, <c>"CreatedAt"</c>
    /// whose FROM has <c>gist_files f</c> joined to <c>gists g</c> and where <paramref name="where"/> is AND-ed in.
    /// <paramref name="fileIds"/>, when not null, is a SELECT of file ids that holds every file <paramref name="where"/>
    /// can accept (the files of a <c>topic:</c>): a backend may check it before it joins the file and gist rows.
    /// </summary>
    string CandidatesSql(IReadOnlyList<SearchClause> required, string joins, string where, int limit, SearchSql sql, string? fileIds = null);

    /// <summary>A condition on <c>g</c> true when no file row of the gist contains any of <paramref name="terms"/>.</summary>
    string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql);

    /// <summary>The SQL that rebuilds the whole index from the tables (<c>reindex</c>).</summary>
    string RebuildSql { get; }
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

public sealed class SqliteFtsSearchBackend : IGistSearchBackend
{
    // bm25 column weights: title, description, file name, content.
    private const string Bm25 = "bm25(search_fts, 10.0, 4.0, 8.0, 1.0)";

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string Like => "LIKE";

    // SQLite's documented way to take a term out of index selection: a unary plus.
    public string NotDriving(string column) => "+" + column;

    public string RebuildSql => SearchSchema.SqliteRebuild;

    // A common word walks many index rows, and each costs a file and a gist lookup before the filters can say no.
    // With fileIds, a set built once rejects most of them from the index row alone; the unary plus keeps FTS5
    // from taking it as a rowid constraint (one full MATCH per id, far slower).
    public string CandidatesSql(IReadOnlyList<SearchClause> required, string joins, string where, int limit, SearchSql sql, string? fileIds = null) => $"""
        SELECT f."GistId" AS "GistId", f."Id" AS "FileId", -{Bm25} AS "Score", g."UpdatedAt" AS "UpdatedAt", g."CreatedAt" AS "CreatedAt"
        FROM search_fts
        JOIN gist_files f ON f."Id" = search_fts.rowid
        JOIN gists g ON g."Id" = f."GistId"
        {joins}
        WHERE search_fts MATCH {sql.Add(Match(required))}{(fileIds is null ? "" : $" AND +search_fts.rowid IN ({fileIds})")} AND {where}
        ORDER BY search_fts.rowid DESC
        LIMIT {limit}
        """;

    public string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql) => $"""
        g."Id" NOT IN (SELECT x."GistId" FROM gist_files x WHERE x."Id" IN (
            SELECT rowid FROM search_fts WHERE search_fts MATCH {sql.Add(string.Join(" OR ", terms.Select(t => t.ToFtsLiteral())))}))
        """;

    /// <summary>Every term an FTS5 string (quotes doubled), so nothing the user typed is an FTS5 operator.</summary>
    internal static string Match(IReadOnlyList<SearchClause> required) =>
        string.Join(" AND ", required.Select(c => "(" + string.Join(" OR ", c.AnyOf.Select(t => t.ToFtsLiteral())) + ")"));
}

public sealed class PostgresSearchBackend : IGistSearchBackend
{
    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    public string Like => "ILIKE";

    // PostgreSQL plans from statistics; a unary plus on text would not even parse.
    public string NotDriving(string column) => column;

    public string RebuildSql => SearchSchema.PostgresRebuild;

    // PostgreSQL joins the topic's gists from its own statistics; fileIds adds nothing there.
    public string CandidatesSql(IReadOnlyList<SearchClause> required, string joins, string where, int limit, SearchSql sql, string? fileIds = null)
    {
        var query = TsQuery(required, sql);
        return $"""
            SELECT f."GistId" AS "GistId", f."Id" AS "FileId", ts_rank(f.search_vector, {query})::float8 AS "Score",
                   g."UpdatedAt" AS "UpdatedAt", g."CreatedAt" AS "CreatedAt"
            FROM gist_files f
            JOIN gists g ON g."Id" = f."GistId"
            {joins}
            WHERE f.search_vector @@ {query} AND {where}
            ORDER BY f."Id" DESC
            LIMIT {limit}
            """;
    }

    public string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql) => $"""
        NOT EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = g."Id" AND x.search_vector @@ ({string.Join(" || ", terms.Select(t => Phrase(t, sql)))}))
        """;

    // Each term is a parameter of phraseto_tsquery, which reads plain text: no tsquery syntax reaches the parser.
    // casgists_search_text splits it into words exactly as the indexed text was split.
    private static string TsQuery(IReadOnlyList<SearchClause> required, SearchSql sql) =>
        "(" + string.Join(" && ", required.Select(c => "(" + string.Join(" || ", c.AnyOf.Select(t => Phrase(t, sql))) + ")")) + ")";

    private static string Phrase(SearchTerm term, SearchSql sql) => $"phraseto_tsquery('simple', casgists_search_text({sql.Add(term.Text)}))";
}
