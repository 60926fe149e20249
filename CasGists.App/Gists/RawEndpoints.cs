using System.Runtime.CompilerServices;
using CasGists.App.Accounts;
using CasGists.App.Http;
using CasGists.Core.Caching;
using CasGists.Core.Common;
using CasGists.Core.Gists;

namespace CasGists.App.Gists;

/// <summary>
/// <c>/{user}/{id}/raw/[{revision}/]{file}</c>: a file's bytes as plain text. Gist content is
/// untrusted and shares our origin, so it is never rendered: no HTML or SVG type, no sniffing,
/// and a sandboxing CSP in case a browser tries anyway.
/// </summary>
public static class RawEndpoints
{
    // Route templates unescape doubled braces inside a constraint; brackets pass through as written.
    private const string Id = "{id:regex(^[0-9a-f]{{32}}$)}";
    private const string Revision = "{revision:regex(^[0-9a-f]{{40}}$)}";

    private static readonly ConditionalWeakTable<byte[], RawTag> ETags = new();

    public static IEndpointRouteBuilder MapRawFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{{user}}/{Id}/raw/{{file}}", (HttpContext context, GistReadCache gists, string id, string file, CancellationToken ct) =>
            ServeAsync(context, gists, id, file, null, ct)).ExcludeFromDescription();
        app.MapGet($"/{{user}}/{Id}/raw/{Revision}/{{file}}", (HttpContext context, GistReadCache gists, string id, string revision, string file, CancellationToken ct) =>
            ServeAsync(context, gists, id, file, revision, ct)).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, GistReadCache gists, string id, string file, string? revision, CancellationToken ct)
    {
        RawFile raw;
        try
        {
            raw = await gists.GetRawFileAsync(context.User.ToViewer(), id, file, revision, ct);
        }
        catch (NotFoundException)
        {
            // Missing and forbidden answer alike, so a private gist's existence does not leak.
            return Results.Text("Not found.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        // A commit and a file name fix the bytes, so they make the tag; access was checked above.
        var etag = ETagOf(raw);
        headers.ETag = etag;
        // Visibility can change, so shared caches never keep a copy. A revision's bytes never change, so the
        // browser keeps them; the head is asked for again each time and usually answered with a 304.
        headers.CacheControl = revision is null ? "private, no-cache" : "private, max-age=31536000, immutable";
        if (StrongETag.Matches(context.Request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(raw.Content, "text/plain; charset=utf-8");
    }

    /// <summary>
    /// The tag, hashed once per cached byte array (the cache hands out the same array until the file changes): hashing
    /// it on every request was a visible share of a raw read. The revision and name are checked, not assumed.
    /// </summary>
    private static string ETagOf(RawFile raw)
    {
        if (ETags.TryGetValue(raw.Content, out var known) && known.Revision == raw.Revision && known.Name == raw.Name)
        {
            return known.ETag;
        }
        var tag = new RawTag(raw.Revision, raw.Name, StrongETag.ForParts(raw.Revision, raw.Name));
        ETags.AddOrUpdate(raw.Content, tag);
        return tag.ETag;
    }

    private sealed record RawTag(string Revision, string Name, string ETag);
}
