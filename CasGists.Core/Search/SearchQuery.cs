// The search model, as the parser hands it to a backend (SQLite FTS5 or PostgreSQL):
//   SearchQuery  = Clauses AND-ed together + Filters + Sort.
//   SearchClause = one or more SearchTerms OR-ed together (`b OR c`), or a single excluded term (`-b`).
//   SearchTerm   = a plain word or a quoted phrase; literal text only — translate it with
//                  ToFtsLiteral() (FTS5) or Words()/ToTsQueryText()/ToWebSearchLiteral() (PostgreSQL).
//   SearchFilters = field filters (user, language, filename, extension, title, description, topic),
//                  each required or excluded, plus is:starred / is:mine / visibility:, all AND-ed.
// All records compare by value and ToString() gives the canonical query text, so
// SearchQueryParser.Parse(q.ToString()) yields q again and q.ToString() serves as a cache key.
namespace CasGists.Core.Search;

public enum SearchSort
{
    /// <summary>Relevance (the default, written as no sort: at all).</summary>
    BestMatch,
    Updated,
    Created,
    Stars,
}

/// <summary>
/// Terms OR-ed together; a gist matches the clause when any term matches. An excluded clause holds
/// exactly one term (the parser refuses <c>a OR -b</c>) and matches gists that do not contain it.
/// </summary>
public sealed record SearchClause(IReadOnlyList<SearchTerm> AnyOf, bool Excluded = false)
{
    public IReadOnlyList<SearchTerm> AnyOf { get; init; } = ValueList<SearchTerm>.From(AnyOf);

    public static SearchClause Of(params SearchTerm[] anyOf) => new(anyOf);

    public static SearchClause Not(SearchTerm term) => new([term], Excluded: true);

    public override string ToString() =>
        Excluded ? AnyOf[0].Format(excluded: true) : string.Join($" {SearchQueryParser.OrOperator} ", AnyOf);
}

/// <summary>A parsed search: every clause and every filter must hold.</summary>
public sealed record SearchQuery(IReadOnlyList<SearchClause> Clauses, SearchFilters Filters, SearchSort Sort = SearchSort.BestMatch)
{
    public static readonly SearchQuery Empty = new([], SearchFilters.None);

    public IReadOnlyList<SearchClause> Clauses { get; init; } = ValueList<SearchClause>.From(Clauses);

    /// <summary>Nothing to search for and no sort: the caller shows a prompt instead of results.</summary>
    public bool IsEmpty => this == Empty;

    /// <summary>The clauses that require text (not excluded); a backend ranks on these.</summary>
    public IEnumerable<SearchClause> RequiredClauses => Clauses.Where(c => !c.Excluded);

    /// <summary>The excluded terms; a gist containing any of them is dropped.</summary>
    public IEnumerable<SearchTerm> ExcludedTerms => Clauses.Where(c => c.Excluded).Select(c => c.AnyOf[0]);

    public override string ToString()
    {
        var parts = Clauses.Select(c => c.ToString()).ToList();
        if (!Filters.IsEmpty)
        {
            parts.Add(Filters.ToString());
        }
        if (Sort != SearchSort.BestMatch)
        {
            parts.Add($"sort:{Sort.ToString().ToLowerInvariant()}");
        }
        return string.Join(' ', parts);
    }
}
