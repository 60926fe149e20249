using System.ComponentModel;
using CasGists.Core.Gists;

namespace CasGists.Core.Search;

/// <summary>One line of a snippet: its number in the file and its text as HTML (escaped, matches in <c>&lt;mark&gt;</c>).</summary>
public sealed record SnippetLine(int Number, string Html);

/// <summary>Where a result matched: the file and a few lines around the first match.</summary>
public sealed record SearchSnippet(string FileName, string Language, IReadOnlyList<SnippetLine> Lines);

public sealed record SearchResultItem(GistSummary Gist, SearchSnippet? Snippet);

/// <summary>
/// A page of results, or <see cref="Error"/>: a sentence for the user when the search can't run (a syntax
/// mistake, a filter that needs a sign-in). <see cref="TotalIsCapped"/>: a broad search ranks only the
/// newest <see cref="GistSearchService.CandidateLimit"/> matching files, so the total is "at least", and the
/// pages end there. <see cref="TotalIsLowerBound"/>: a search without words stopped counting at
/// <see cref="TotalCount"/> (<see cref="GistSearchService.CountLimit"/> on the first pages) and there are more
/// matches, reachable on further pages.
/// </summary>
/// <remarks>
/// Marked immutable (nothing changes a page once built) so HybridCache keeps the one instance in memory instead of
/// serialising it to JSON on every search and deserialising it on every cache hit (~5 ms for a page of 30).
/// </remarks>
[ImmutableObject(true)]
public sealed record SearchResults(
    string Query,
    IReadOnlyList<SearchResultItem> Items,
    int Page,
    int PerPage,
    int TotalCount,
    bool TotalIsCapped = false,
    string? Error = null,
    bool TotalIsLowerBound = false)
{
    public bool Failed => Error is not null;

    /// <summary>The pages known to hold results; one more than the counted matches fill when there are more.</summary>
    public int PageCount => PerPage <= 0 ? 0 : (TotalCount + (TotalIsLowerBound ? 1 : 0) + PerPage - 1) / PerPage;

    public static SearchResults Fail(string query, string error, int page, int perPage) => new(query, [], page, perPage, 0, false, error);
}
