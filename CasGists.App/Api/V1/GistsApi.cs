using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;

namespace CasGists.App.Api.V1;

/// <summary>
/// <c>/api/v1/gists</c>: the gist service over HTTP. Each handler reads its input, asks one Core service (which
/// applies <see cref="GistAccess"/>), and maps the answer; nothing here decides who may see what.
/// </summary>
public static class GistsApi
{
    public static RouteGroupBuilder MapGistsV1(this RouteGroupBuilder api)
    {
        var gists = api.MapGroup("/gists").WithTags("Gists");

        gists.MapGet("", ListMineAsync)
            .WithSummary("The signed-in user's gists, every visibility, newest first.")
            .Produces<List<GistSummaryResponse>>();
        gists.MapGet("/public", ListPublicAsync)
            .WithSummary("Everyone's public gists, newest first.")
            .Produces<List<GistSummaryResponse>>();
        gists.MapPost("", CreateAsync)
            .WithSummary("Creates a gist.")
            .Accepts<CreateGistRequest>("application/json")
            .Produces<GistResponse>(StatusCodes.Status201Created);
        gists.MapGet("/{id}", GetAsync)
            .WithSummary("A gist with its files at the head revision. Public and unlisted gists need no sign-in.")
            .Produces<GistResponse>();
        gists.MapPatch("/{id}", UpdateAsync)
            .WithSummary("Changes title, description, visibility, topics or files; give baseRevision to be told (409) when someone saved in between.")
            .Accepts<UpdateGistRequest>("application/json")
            .Produces<GistResponse>();
        gists.MapDelete("/{id}", DeleteAsync)
            .WithSummary("Deletes a gist and its history.")
            .Produces(StatusCodes.Status204NoContent);
        gists.MapGet("/{id}/revisions", ListRevisionsAsync)
            .WithSummary("The gist's revisions, newest first, with what each changed (per_page at most 50).")
            .Produces<List<RevisionResponse>>();
        gists.MapGet("/{id}/revisions/{revision}", GetAtRevisionAsync)
            .WithSummary("The gist's files as they were at a revision (a commit id of 4 to 40 hex digits, or HEAD).")
            .Produces<GistAtRevisionResponse>();
        api.MapGet("/users/{userName}/gists", ListForUserAsync)
            .WithTags("Gists")
            .WithSummary("A user's gists: public ones, or all of them for the user themself.")
            .Produces<List<GistSummaryResponse>>();
        return api;
    }

    private static async Task<IResult> ListMineAsync(HttpContext http, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        return Page(http, page, await gists.ListForUserAsync(viewer, viewer.UserName!, page.Page, page.PerPage, ct));
    }

    private static async Task<IResult> ListPublicAsync(HttpContext http, GistService gists, CancellationToken ct)
    {
        ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        return Page(http, page, await gists.ListPublicAsync(page.Page, page.PerPage, ct: ct));
    }

    private static async Task<IResult> ListForUserAsync(HttpContext http, string userName, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var page = PageRequest.Read(http.Request);
        return Page(http, page, await gists.ListForUserAsync(viewer, userName, page.Page, page.PerPage, ct));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var request = await ApiJson.ReadAsync<CreateGistRequest>(http, V1Mapping.Json);
        var visibility = request.Visibility is null ? GistVisibility.Unlisted : V1Mapping.ParseVisibility(request.Visibility);
        var files = (request.Files ?? []).Select(f => new GistFileInput(f?.Name!, f?.Content!)).ToList();
        var created = await gists.CreateAsync(viewer, new CreateGistInput(request.Title, request.Description, visibility, files, request.Topics), ct);
        var response = V1Mapping.ToResponse(created, new ApiUrls(http.Request));
        http.Response.Headers.Location = response.Url;
        return new ETagResult<GistResponse>(response, V1Mapping.Json, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var gist = await gists.GetAsync(viewer, id, ct);
        var urls = new ApiUrls(http.Request);
        if (!viewer.IsAuthenticated)
        {
            // An anonymous reader gets the shared cached copy: its JSON is made once per copy and base URL.
            var (body, etag) = SharedJsonBodies.For(gist, urls.Absolute("/"),
                () => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(V1Mapping.ToResponse(gist, urls), V1Mapping.Json));
            return new JsonBodyResult(body, etag);
        }
        return new ETagResult<GistResponse>(V1Mapping.ToResponse(gist, urls), V1Mapping.Json);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var request = await ApiJson.ReadAsync<UpdateGistRequest>(http, V1Mapping.Json);
        var current = await gists.GetAsync(viewer, id, ct);
        if (!GistAccess.CanWrite(viewer, current.OwnerId))
        {
            throw new ForbiddenException("Only the owner can edit this gist.");
        }
        var edits = (request.Files ?? [])
            .Select((f, i) => new FileEdit($"files[{i}]", f?.Name, f?.NewName, f?.Content, f?.Delete ?? false))
            .ToList();
        var applied = FileEdits.Apply(current.Files, edits);
        var visibility = request.Visibility is null ? current.Visibility : V1Mapping.ParseVisibility(request.Visibility);
        // Without a base revision from the client, the one just read: a save that lands between the read and the write is a 409, not lost.
        var input = new UpdateGistInput(request.Title ?? current.Title, request.Description ?? current.Description, visibility,
            applied.Files, request.BaseRevision ?? current.HeadRevision, request.Topics);
        GistDetails updated;
        try
        {
            updated = await gists.UpdateAsync(viewer, id, input, ct);
        }
        catch (ValidationException e)
        {
            throw FileEdits.Remap(e, applied.Fields);
        }
        return new ETagResult<GistResponse>(V1Mapping.ToResponse(updated, new ApiUrls(http.Request)), V1Mapping.Json);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, GistService gists, CancellationToken ct)
    {
        await gists.DeleteAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListRevisionsAsync(HttpContext http, string id, GistHistoryService history, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var asked = PageRequest.Read(http.Request);
        var result = await history.GetHistoryAsync(viewer, id, asked.Page, asked.PerPage, ct);
        // History pages hold diffs, so Core caps them lower than other lists; the links follow the size it used.
        var page = asked with { PerPage = result.Revisions.PageSize };
        page.WriteHeaders(http, result.Revisions.TotalCount);
        var urls = new ApiUrls(http.Request);
        return new ETagResult<List<RevisionResponse>>(
            result.Revisions.Items.Select(r => V1Mapping.ToResponse(r, id, urls)).ToList(), V1Mapping.Json);
    }

    private static async Task<IResult> GetAtRevisionAsync(HttpContext http, string id, string revision, GistHistoryService history, CancellationToken ct)
    {
        var at = await history.GetAtRevisionAsync(ApiAuth.Reader(http, TokenScopes.GistRead), id, revision, ct);
        return new ETagResult<GistAtRevisionResponse>(V1Mapping.ToResponse(at, new ApiUrls(http.Request)), V1Mapping.Json);
    }

    private static IResult Page(HttpContext http, PageRequest page, PagedResult<GistSummary> result)
    {
        page.WriteHeaders(http, result.TotalCount);
        var urls = new ApiUrls(http.Request);
        return new ETagResult<List<GistSummaryResponse>>(result.Items.Select(g => V1Mapping.ToResponse(g, urls)).ToList(), V1Mapping.Json);
    }
}
