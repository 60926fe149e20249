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
    private const string Id = "{id:hex(32)}";
    private const string Revision = "{revision:hex(40)}";

    private const string PlainText = "text/plain; charset=utf-8";

    private static readonly ConditionalWeakTable<byte[], RawTag> ETags = new();

    public static IEndpointRouteBuilder MapRawFiles(this IEndpointRouteBuilder app)
    {
        // A singleton, taken once: resolving it per request would open a request service scope for nothing.
        var gists = app.ServiceProvider.GetRequiredService<GistReadCache>();
        app.MapGet($"/{{user}}/{Id}/raw/{{file}}", (HttpContext context, string id, string file) =>
            ServeAsync(context, gists, id, file, null)).ExcludeFromDescription();
        app.MapGet($"/{{user}}/{Id}/raw/{Revision}/{{file}}", (HttpContext context, string id, string revision, string file) =>
            ServeAsync(context, gists, id, file, revision)).ExcludeFromDescription();
        return app;
    }

    /// <summary>Writes the answer itself rather than through an <c>IResult</c>, which resolves a logger from the request's services.</summary>
    private static async Task ServeAsync(HttpContext context, GistReadCache gists, string id, string file, string? revision)
    {
        var response = context.Response;
        RawFile raw;
        try
        {
            raw = await gists.GetRawFileAsync(context.User.ToViewer(), id, file, revision, context.RequestAborted);
        }
        catch (NotFoundException)
        {
            // Missing and forbidden answer alike, so a private gist's existence does not leak.
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = PlainText;
            await response.WriteAsync("Not found.\n", context.RequestAborted);
            return;
        }

        var headers = response.Headers;
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
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = PlainText;
        response.ContentLength = raw.Content.Length;
        await response.Body.WriteAsync(raw.Content, context.RequestAborted);
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
