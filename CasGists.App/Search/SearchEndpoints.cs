using System.Globalization;
using CasGists.App.Api;
using CasGists.App.Api.V1;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CasGists.App.Search;

/// <summary>
/// <c>GET /api/v1/search?q=&amp;page=&amp;per_page=</c>: the search box as JSON, paged with <c>Link</c> and
/// <c>X-Total-Count</c> headers as GitHub pages its lists. A query the parser refuses answers 400 with the
/// parser's sentence in an RFC 9457 problem, never 500.
/// </summary>
public static class SearchEndpoints
{
    public sealed record SnippetLineDto(int Number, string Html);

    public sealed record SnippetDto(string File, string Language, IReadOnlyList<SnippetLineDto> Lines);

    public sealed record SearchItemDto(
        string Id, string Owner, string Title, string Description, string Visibility, IReadOnlyList<string> Topics,
        int FileCount, DateTime CreatedAt, DateTime UpdatedAt, string HtmlUrl, SnippetDto? Snippet);

    public sealed record SearchResponse(
        string Query, int TotalCount, bool TotalIsCapped, bool TotalIsLowerBound, int Page, int PerPage, IReadOnlyList<SearchItemDto> Items);

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        // v1's error filter: a bad credential is a 401 problem, as on every other v1 route.
        app.MapGet("/api/v1/search", SearchAsync).WithName("SearchGists").AddEndpointFilter(V1Problems.Filter)
            .Produces<SearchResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> SearchAsync(
        HttpContext http, GistSearchService search, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] string? page = null, [FromQuery(Name = "per_page")] string? perPage = null)
    {
        if (!TryNumber(page, 1, out var pageNumber) || pageNumber > GistSearchService.MaxPage)
        {
            return BadRequest($"page must be a whole number from 1 to {GistSearchService.MaxPage}.", "page");
        }
        if (!TryNumber(perPage, GistSearchService.DefaultPerPage, out var size) || size > GistSearchService.MaxPerPage)
        {
            return BadRequest($"per_page must be a whole number from 1 to {GistSearchService.MaxPerPage}.", "per_page");
        }
        // A token searches private gists only with gist:read; a bad one is refused rather than read as a visitor.
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var results = await search.SearchAsync(viewer, q, pageNumber, size, ct);
        if (results.Error is { } error)
        {
            return BadRequest(error, "q");
        }

        // A count that stopped early is not the total: no header rather than a wrong one (the body says "at least").
        if (!results.TotalIsLowerBound)
        {
            http.Response.Headers["X-Total-Count"] = results.TotalCount.ToString(CultureInfo.InvariantCulture);
        }
        if (Links(http.Request, results) is { Length: > 0 } links)
        {
            http.Response.Headers.Link = links;
        }
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var items = results.Items.Select(i => new SearchItemDto(
            i.Gist.Id, i.Gist.OwnerUserName, i.Gist.Title, i.Gist.Description, i.Gist.Visibility.ToString().ToLowerInvariant(), i.Gist.Topics,
            i.Gist.FileCount, i.Gist.CreatedAt, i.Gist.UpdatedAt, $"{origin}/{i.Gist.OwnerUserName}/{i.Gist.Id}",
            i.Snippet is { } s ? new SnippetDto(s.FileName, s.Language, [.. s.Lines.Select(l => new SnippetLineDto(l.Number, l.Html))]) : null))
            .ToList();
        return new ETagResult<SearchResponse>(new SearchResponse(
            results.Query, results.TotalCount, results.TotalIsCapped, results.TotalIsLowerBound, results.Page, results.PerPage, items), V1Mapping.Json);
    }

    private static ProblemHttpResult BadRequest(string detail, string field) =>
        TypedResults.Problem(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The search can't run.",
            Detail = detail,
        });

    private static bool TryNumber(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }

    private static string Links(HttpRequest request, SearchResults results)
    {
        var links = new List<string>();
        var last = Math.Min(Math.Max(1, results.PageCount), GistSearchService.MaxPage);
        string Url(int page) =>
            $"{request.Scheme}://{request.Host}/api/v1/search?q={Uri.EscapeDataString(results.Query)}&page={page}&per_page={results.PerPage}";
        if (results.Page < last)
        {
            links.Add($"<{Url(results.Page + 1)}>; rel=\"next\"");
            if (!results.TotalIsLowerBound)
            {
                links.Add($"<{Url(last)}>; rel=\"last\"");
            }
        }
        if (results.Page > 1)
        {
            links.Add($"<{Url(1)}>; rel=\"first\"");
            links.Add($"<{Url(Math.Min(results.Page - 1, last))}>; rel=\"prev\"");
        }
        return string.Join(", ", links);
    }
}
