using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Core.Social;

namespace CasGists.App.Api.V1;

/// <summary><c>/api/v1/gists/...</c>: stars, forks and comments, over the social services.</summary>
public static class SocialApi
{
    public static RouteGroupBuilder MapSocialV1(this RouteGroupBuilder api)
    {
        var gists = api.MapGroup("/gists").WithTags("Stars, forks and comments");

        gists.MapGet("/starred", ListStarredAsync)
            .WithSummary("Gists the signed-in user starred, most recently starred first.")
            .Produces<List<GistSummaryResponse>>();
        gists.MapGet("/{id}/star", IsStarredAsync)
            .WithSummary("Whether the signed-in user starred the gist (false for an anonymous caller).")
            .Produces<StarResponse>();
        gists.MapPut("/{id}/star", StarAsync)
            .WithSummary("Stars the gist; starring twice is harmless.")
            .Produces(StatusCodes.Status204NoContent);
        gists.MapDelete("/{id}/star", UnstarAsync)
            .WithSummary("Removes the signed-in user's star.")
            .Produces(StatusCodes.Status204NoContent);
        gists.MapGet("/{id}/forks", ListForksAsync)
            .WithSummary("Forks of the gist the caller may see, newest first.")
            .Produces<List<GistSummaryResponse>>();
        gists.MapPost("/{id}/forks", ForkAsync)
            .WithSummary("Forks the gist into the signed-in user's gists (their existing fork if they have one).")
            .Produces<GistResponse>(StatusCodes.Status201Created);
        gists.MapGet("/{id}/comments", ListCommentsAsync)
            .WithSummary("The gist's comments, oldest first.")
            .Produces<List<CommentResponse>>();
        gists.MapPost("/{id}/comments", AddCommentAsync)
            .WithSummary("Comments on the gist (Markdown).")
            .Accepts<CommentRequest>("application/json")
            .Produces<CommentResponse>(StatusCodes.Status201Created);
        gists.MapGet("/{id}/comments/{commentId:long}", GetCommentAsync)
            .WithSummary("One comment.")
            .Produces<CommentResponse>();
        gists.MapPatch("/{id}/comments/{commentId:long}", EditCommentAsync)
            .WithSummary("Edits a comment (its author only).")
            .Accepts<CommentRequest>("application/json")
            .Produces<CommentResponse>();
        gists.MapDelete("/{id}/comments/{commentId:long}", DeleteCommentAsync)
            .WithSummary("Deletes a comment (its author, the gist's owner or an admin).")
            .Produces(StatusCodes.Status204NoContent);
        return api;
    }

    private static async Task<IResult> ListStarredAsync(HttpContext http, StarService stars, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        return Page(http, page, await stars.ListStarredAsync(viewer, page.Page, page.PerPage, ct));
    }

    private static async Task<IResult> IsStarredAsync(HttpContext http, string id, StarService stars, CancellationToken ct) =>
        new ETagResult<StarResponse>(new StarResponse(await stars.IsStarredAsync(ApiAuth.Reader(http, TokenScopes.GistRead), id, ct)), V1Mapping.Json);

    private static async Task<IResult> StarAsync(HttpContext http, string id, StarService stars, CancellationToken ct)
    {
        await stars.StarAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UnstarAsync(HttpContext http, string id, StarService stars, CancellationToken ct)
    {
        await stars.UnstarAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListForksAsync(HttpContext http, string id, ForkService forks, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        return Page(http, page, await forks.ListForksAsync(viewer, id, page.Page, page.PerPage, ct));
    }

    private static async Task<IResult> ForkAsync(HttpContext http, string id, ForkService forks, CancellationToken ct)
    {
        var fork = await forks.ForkAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        var response = V1Mapping.ToResponse(fork, new ApiUrls(http.Request));
        http.Response.Headers.Location = response.Url;
        return new ETagResult<GistResponse>(response, V1Mapping.Json, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListCommentsAsync(HttpContext http, string id, CommentService comments, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        var result = await comments.ListAsync(viewer, id, page.Page, page.PerPage, ct);
        page.WriteHeaders(http, result.TotalCount);
        var urls = new ApiUrls(http.Request);
        return new ETagResult<List<CommentResponse>>(result.Items.Select(c => V1Mapping.ToResponse(c, urls)).ToList(), V1Mapping.Json);
    }

    private static async Task<IResult> AddCommentAsync(HttpContext http, string id, CommentService comments, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var request = await ApiJson.ReadAsync<CommentRequest>(http, V1Mapping.Json);
        var response = V1Mapping.ToResponse(await comments.AddAsync(viewer, id, request.Body!, ct), new ApiUrls(http.Request));
        http.Response.Headers.Location = response.Url;
        return new ETagResult<CommentResponse>(response, V1Mapping.Json, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetCommentAsync(HttpContext http, string id, long commentId, CommentService comments, CancellationToken ct)
    {
        var comment = await comments.GetAsync(ApiAuth.Reader(http, TokenScopes.GistRead), id, commentId, ct);
        return new ETagResult<CommentResponse>(V1Mapping.ToResponse(comment, new ApiUrls(http.Request)), V1Mapping.Json);
    }

    private static async Task<IResult> EditCommentAsync(HttpContext http, string id, long commentId, CommentService comments, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var request = await ApiJson.ReadAsync<CommentRequest>(http, V1Mapping.Json);
        var comment = await comments.EditAsync(viewer, id, commentId, request.Body!, ct);
        return new ETagResult<CommentResponse>(V1Mapping.ToResponse(comment, new ApiUrls(http.Request)), V1Mapping.Json);
    }

    private static async Task<IResult> DeleteCommentAsync(HttpContext http, string id, long commentId, CommentService comments, CancellationToken ct)
    {
        await comments.DeleteAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, commentId, ct);
        return TypedResults.NoContent();
    }

    private static IResult Page(HttpContext http, PageRequest page, PagedResult<GistSummary> result)
    {
        page.WriteHeaders(http, result.TotalCount);
        var urls = new ApiUrls(http.Request);
        return new ETagResult<List<GistSummaryResponse>>(result.Items.Select(g => V1Mapping.ToResponse(g, urls)).ToList(), V1Mapping.Json);
    }
}
