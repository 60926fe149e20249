using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Core.Social;

namespace CasGists.App.Api.V3;

/// <summary>GitHub's star, fork and comment endpoints for gists.</summary>
public static class SocialV3Api
{
    public static RouteGroupBuilder MapSocialV3(this RouteGroupBuilder api)
    {
        api.MapGet("/gists/starred", ListStarredAsync);
        api.MapGet("/gists/{id}/star", IsStarredAsync);
        api.MapPut("/gists/{id}/star", StarAsync);
        api.MapDelete("/gists/{id}/star", UnstarAsync);
        api.MapGet("/gists/{id}/forks", ListForksAsync);
        api.MapPost("/gists/{id}/forks", ForkAsync);
        api.MapGet("/gists/{id}/comments", ListCommentsAsync);
        api.MapPost("/gists/{id}/comments", AddCommentAsync);
        api.MapGet("/gists/{id}/comments/{commentId:long}", GetCommentAsync);
        api.MapPatch("/gists/{id}/comments/{commentId:long}", EditCommentAsync);
        api.MapDelete("/gists/{id}/comments/{commentId:long}", DeleteCommentAsync);
        return api;
    }

    private static Task<IResult> ListStarredAsync(HttpContext http, GistService gists, StarService stars, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistRead);
        return GistsV3Api.PageAsync(http, gists, viewer, (p, n, _) => stars.ListStarredAsync(viewer, p, n, ct), false, ct);
    }

    /// <summary>204 when starred, 404 when not: GitHub's answer, which clients test for.</summary>
    private static async Task<IResult> IsStarredAsync(HttpContext http, string id, StarService stars, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistRead);
        return await stars.IsStarredAsync(viewer, id, ct) ? Results.NoContent() : throw new Core.Common.NotFoundException();
    }

    private static async Task<IResult> StarAsync(HttpContext http, string id, StarService stars, CancellationToken ct)
    {
        await stars.StarAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> UnstarAsync(HttpContext http, string id, StarService stars, CancellationToken ct)
    {
        await stars.UnstarAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ListForksAsync(HttpContext http, string id, GistService gists, ForkService forks, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.ReadLenient(http.Request);
        var result = await forks.ListForksAsync(viewer, id, page.Page, page.PerPage, ct);
        page.WriteHeaders(http, result.TotalCount);
        return new ETagResult<List<V3Gist>>(await V3GistReader.ListAsync(http, gists, viewer, result.Items, asForks: true, ct), V3Json.Options);
    }

    private static async Task<IResult> ForkAsync(HttpContext http, string id, GistService gists, ForkService forks, V3GistReader reader,
        CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        GistDetails fork;
        try
        {
            fork = await forks.ForkAsync(viewer, id, ct);
        }
        catch (Core.Common.ConflictException)
        {
            // Forking one's own gist: GitHub answers 422 with this sentence, which clients match on (v1 keeps its 409).
            if ((await gists.GetAsync(viewer, id, ct)).OwnerId == viewer.UserId)
            {
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, "You cannot fork your own gist.");
            }
            throw;
        }
        var gist = await reader.FullAsync(http, viewer, fork.Id, ct);
        http.Response.Headers.Location = gist.Url;
        return new ETagResult<V3Gist>(gist, V3Json.Options, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListCommentsAsync(HttpContext http, string id, GistService gists, CommentService comments,
        AccountService accounts, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.ReadLenient(http.Request);
        var result = await comments.ListAsync(viewer, id, page.Page, page.PerPage, ct);
        page.WriteHeaders(http, result.TotalCount);
        var owner = (await gists.GetAsync(viewer, id, ct)).OwnerId;
        var authors = new Authors(accounts, new V3Mapping(http.Request));
        var list = new List<V3Comment>();
        foreach (var comment in result.Items)
        {
            list.Add(await authors.CommentAsync(comment, owner, ct));
        }
        return new ETagResult<List<V3Comment>>(list, V3Json.Options);
    }

    private static async Task<IResult> AddCommentAsync(HttpContext http, string id, GistService gists, CommentService comments,
        AccountService accounts, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var input = await ApiJson.ReadAsync<V3CommentInput>(http, V3Json.Options);
        var comment = await comments.AddAsync(viewer, id, input.Body!, ct);
        var owner = (await gists.GetAsync(viewer, id, ct)).OwnerId;
        var response = await new Authors(accounts, new V3Mapping(http.Request)).CommentAsync(comment, owner, ct);
        http.Response.Headers.Location = response.Url;
        return new ETagResult<V3Comment>(response, V3Json.Options, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetCommentAsync(HttpContext http, string id, long commentId, GistService gists,
        CommentService comments, AccountService accounts, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var comment = await comments.GetAsync(viewer, id, commentId, ct);
        var owner = (await gists.GetAsync(viewer, id, ct)).OwnerId;
        return new ETagResult<V3Comment>(await new Authors(accounts, new V3Mapping(http.Request)).CommentAsync(comment, owner, ct), V3Json.Options);
    }

    private static async Task<IResult> EditCommentAsync(HttpContext http, string id, long commentId, GistService gists,
        CommentService comments, AccountService accounts, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var input = await ApiJson.ReadAsync<V3CommentInput>(http, V3Json.Options);
        var comment = await comments.EditAsync(viewer, id, commentId, input.Body!, ct);
        var owner = (await gists.GetAsync(viewer, id, ct)).OwnerId;
        return new ETagResult<V3Comment>(await new Authors(accounts, new V3Mapping(http.Request)).CommentAsync(comment, owner, ct), V3Json.Options);
    }

    private static async Task<IResult> DeleteCommentAsync(HttpContext http, string id, long commentId, CommentService comments, CancellationToken ct)
    {
        await comments.DeleteAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, commentId, ct);
        return Results.NoContent();
    }

    /// <summary>Comment views name their author; GitHub's user object needs the id too, read once per author per request.</summary>
    private sealed class Authors(AccountService accounts, V3Mapping map)
    {
        private readonly Dictionary<string, (V3SimpleUser User, Guid Id)> _seen = new(StringComparer.OrdinalIgnoreCase);

        public async Task<V3Comment> CommentAsync(CommentView comment, Guid gistOwnerId, CancellationToken ct)
        {
            if (!_seen.TryGetValue(comment.AuthorUserName, out var author))
            {
                var user = await accounts.FindByUserNameAsync(comment.AuthorUserName, ct);
                var id = user?.Id ?? Guid.Empty;
                _seen[comment.AuthorUserName] = author = (map.SimpleUser(id, comment.AuthorUserName, user?.IsAdmin ?? false), id);
            }
            return map.Comment(comment, author.User, gistOwnerId, author.Id);
        }
    }
}
