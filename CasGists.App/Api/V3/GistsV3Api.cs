using System.Globalization;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;

namespace CasGists.App.Api.V3;

/// <summary>GitHub's gist endpoints over the same Core services as the UI and v1.</summary>
public static class GistsV3Api
{
    /// <summary>A <c>since</c> filter on a list Core cannot filter by time reads at most this many gists.</summary>
    private const int MaxSinceScan = 10_000;

    public static RouteGroupBuilder MapGistsV3(this RouteGroupBuilder api)
    {
        api.MapGet("/gists", ListAsync);
        api.MapPost("/gists", CreateAsync);
        api.MapGet("/gists/public", ListPublicAsync);
        api.MapGet("/gists/{id}", GetAsync);
        api.MapPatch("/gists/{id}", UpdateAsync);
        api.MapDelete("/gists/{id}", DeleteAsync);
        api.MapGet("/gists/{id}/commits", ListCommitsAsync);
        api.MapGet("/gists/{id}/{sha}", GetAtRevisionAsync);
        api.MapGet("/users/{username}/gists", ListForUserAsync);
        return api;
    }

    /// <summary>The signed-in user's gists, or everyone's public ones for an anonymous caller (as GitHub does).</summary>
    private static Task<IResult> ListAsync(HttpContext http, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        return viewer.IsAuthenticated
            ? PageAsync(http, gists, viewer, (p, n, _) => gists.ListForUserAsync(viewer, viewer.UserName!, p, n, ct), false, ct)
            : ListPublicAsync(http, gists, ct);
    }

    private static Task<IResult> ListPublicAsync(HttpContext http, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        return PageAsync(http, gists, viewer, (p, n, bySince) =>
            gists.ListPublicAsync(p, n, bySince ? GistSort.RecentlyUpdated : GistSort.Newest, ct), true, ct);
    }

    private static Task<IResult> ListForUserAsync(HttpContext http, string username, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        return PageAsync(http, gists, viewer, (p, n, _) => gists.ListForUserAsync(viewer, username, p, n, ct), false, ct);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, GistService gists, V3GistReader reader, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var body = await ApiJson.ReadAsync<V3CreateGist>(http, V3Json.Options);
        var entries = body.Files ?? [];
        var files = entries.Select(e => new GistFileInput(e.Key, e.Value?.Content!)).ToList();
        var input = new CreateGistInput("", body.Description, body.Public == true ? GistVisibility.Public : GistVisibility.Unlisted, files);
        GistDetails created;
        try
        {
            created = await gists.CreateAsync(viewer, input, ct);
        }
        catch (ValidationException e)
        {
            throw FileEdits.Remap(e, entries.Select(x => $"files[{x.Key}]").ToList());
        }
        var gist = await reader.FullAsync(http, viewer, created.Id, ct);
        http.Response.Headers.Location = gist.Url;
        return new ETagResult<V3Gist>(gist, V3Json.Options, StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, V3GistReader reader, CancellationToken ct) =>
        new ETagResult<V3Gist>(await reader.FullAsync(http, ApiAuth.Reader(http, TokenScopes.GistRead), id, ct), V3Json.Options);

    /// <summary>
    /// GitHub's PATCH: <c>description</c> and <c>public</c> when present; each named file is replaced (<c>content</c>),
    /// renamed (<c>filename</c>), deleted (<c>null</c>, or neither field) or added (a new name with content).
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, string id, GistService gists, V3GistReader reader, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.GistWrite);
        var body = await ApiJson.ReadAsync<V3UpdateGist>(http, V3Json.Options);
        var current = await gists.GetAsync(viewer, id, ct);
        if (!GistAccess.CanWrite(viewer, current.OwnerId))
        {
            throw new ForbiddenException("Only the owner can edit this gist.");
        }
        var edits = (body.Files ?? []).Select(e => e.Value is null || (e.Value.Content is null && e.Value.Filename is null)
                ? new FileEdit($"files[{e.Key}]", e.Key, null, null, Delete: true)
                : new FileEdit($"files[{e.Key}]", e.Key, e.Value.Filename, e.Value.Content, Delete: false))
            .ToList();
        var applied = FileEdits.Apply(current.Files, edits);
        // A client that sends back the description it was shown changes nothing (it may have been the title, see ADR-011).
        var description = body.Description is null || body.Description == V3Mapping.Description(current.Title, current.Description)
            ? current.Description
            : body.Description;
        var visibility = body.Public switch
        {
            true => GistVisibility.Public,
            false when current.Visibility == GistVisibility.Public => GistVisibility.Unlisted,
            _ => current.Visibility,
        };
        try
        {
            await gists.UpdateAsync(viewer, id, new UpdateGistInput(current.Title, description, visibility, applied.Files, current.HeadRevision), ct);
        }
        catch (ValidationException e)
        {
            throw FileEdits.Remap(e, applied.Fields);
        }
        return new ETagResult<V3Gist>(await reader.FullAsync(http, viewer, id, ct), V3Json.Options);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, GistService gists, CancellationToken ct)
    {
        await gists.DeleteAsync(ApiAuth.Require(http, TokenScopes.GistWrite), id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ListCommitsAsync(HttpContext http, string id, GistHistoryService history, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var asked = PageRequest.ReadLenient(http.Request);
        var result = await history.GetHistoryAsync(viewer, id, asked.Page, asked.PerPage, ct);
        (asked with { PerPage = result.Revisions.PageSize }).WriteHeaders(http, result.Revisions.TotalCount);
        var map = new V3Mapping(http.Request);
        var owner = map.SimpleUser(result.Gist.OwnerId, result.Gist.OwnerUserName);
        return new ETagResult<List<V3History>>(result.Revisions.Items.Select(r => map.History(result.Gist, r, owner)).ToList(), V3Json.Options);
    }

    private static async Task<IResult> GetAtRevisionAsync(HttpContext http, string id, string sha, GistHistoryService history,
        V3GistReader reader, CancellationToken ct)
    {
        var viewer = ApiAuth.Reader(http, TokenScopes.GistRead);
        var at = await history.GetAtRevisionAsync(viewer, id, sha, ct);
        return new ETagResult<V3Gist>(await reader.FullAsync(http, viewer, id, ct, at), V3Json.Options);
    }

    /// <summary>
    /// A page of gists in full (GitHub lists every file of each gist), after <c>since</c> when given: only gists
    /// updated at or after it. Core lists public gists by update time, so that walk stops early; a user's list is read whole.
    /// </summary>
    internal static async Task<IResult> PageAsync(HttpContext http, GistService gists, Viewer viewer,
        Func<int, int, bool, Task<PagedResult<GistSummary>>> fetch, bool sortedByUpdate, CancellationToken ct)
    {
        var page = PageRequest.ReadLenient(http.Request);
        var since = ReadSince(http.Request);
        IReadOnlyList<GistSummary> items;
        int total;
        if (since is null)
        {
            var result = await fetch(page.Page, page.PerPage, false);
            (items, total) = (result.Items, result.TotalCount);
        }
        else
        {
            var matched = new List<GistSummary>();
            for (var p = 1; p <= MaxSinceScan / PageRequest.MaxPerPage; p++)
            {
                var result = await fetch(p, PageRequest.MaxPerPage, true);
                matched.AddRange(result.Items.Where(g => g.UpdatedAt >= since));
                if (p >= result.PageCount || (sortedByUpdate && result.Items.Any(g => g.UpdatedAt < since)))
                {
                    break;
                }
            }
            items = matched.Skip((page.Page - 1) * page.PerPage).Take(page.PerPage).ToList();
            total = matched.Count;
        }
        page.WriteHeaders(http, total);
        return new ETagResult<List<V3Gist>>(await V3GistReader.ListAsync(http, gists, viewer, items, asForks: false, ct), V3Json.Options);
    }

    private static DateTime? ReadSince(HttpRequest request)
    {
        var value = request.Query["since"].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since.UtcDateTime
            : throw new ValidationException("since", "'since' must be an ISO 8601 timestamp such as 2026-01-31T12:00:00Z.");
    }
}
