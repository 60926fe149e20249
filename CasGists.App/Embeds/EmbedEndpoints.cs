using System.Text;
using System.Text.RegularExpressions;
using CasGists.App.Http;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Rendering;

namespace CasGists.App.Embeds;

/// <summary>
/// <c>/{user}/{id}.js</c> (the embed script) and <c>/oembed</c> (its discovery). Both read as an anonymous
/// visitor whoever asks: an embed lives on someone else's page, so a private gist never embeds, not even
/// for its owner, and an unlisted one does, as GitHub's secret gists do. A refusal looks like a missing gist.
/// </summary>
public static partial class EmbedEndpoints
{
    private const string Id = "{id:hex(32)}";
    private const string JavaScript = "application/javascript; charset=utf-8";
    private const int DefaultWidth = 620;
    private const int MaxHeight = 1200;

    public static IEndpointRouteBuilder MapEmbeds(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{{user}}/{Id}.js", ServeScriptAsync).ExcludeFromDescription();
        app.MapGet("/oembed", ServeOEmbedAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task ServeScriptAsync(HttpContext http, GistService gists, FileRenderer renderer, string user, string id, string? file, CancellationToken ct)
    {
        var response = http.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        var gist = await FindEmbeddableAsync(gists, user, id, ct);
        var files = gist is null ? [] : file is null ? gist.Files : gist.Files.Where(f => f.Name == file).ToList();
        if (gist is null || files.Count == 0)
        {
            // A script tag ignores an error response; the comment is for whoever opens the URL.
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = JavaScript;
            response.Headers.CacheControl = "no-store";
            await response.WriteAsync("/* CasGists: gist or file not found. */\n", ct);
            return;
        }

        var body = Encoding.UTF8.GetBytes(EmbedScript.DocumentWrite(EmbedHtml.Render(renderer, gist, files, SiteUrl.Base(http.Request))));
        // Stored by anyone but revalidated every time (a cheap 304): a gist made private stops embedding at once.
        var etag = StrongETag.ForContent(body);
        response.Headers.CacheControl = "public, no-cache";
        response.Headers.ETag = etag;
        response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        if (StrongETag.Matches(http.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = JavaScript;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
    }

    private static async Task<IResult> ServeOEmbedAsync(HttpContext http, GistService gists, string? url, string? format, int? maxwidth, int? maxheight, CancellationToken ct)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (format is not (null or "" or "json"))
        {
            // oEmbed 2.2: a provider that does not serve a format answers 501.
            return Results.Text("Only format=json is supported.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status501NotImplemented);
        }
        if (string.IsNullOrWhiteSpace(url))
        {
            return Results.Text("The url parameter is required.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var target = ParseGistUrl(url, http.Request.PathBase);
        var gist = target is null ? null : await FindEmbeddableAsync(gists, target.Value.User, target.Value.Id, ct);
        var files = gist is null ? [] : target!.Value.File is { } name ? gist.Files.Where(f => f.Name == name).ToList() : gist.Files;
        if (gist is null || files.Count == 0)
        {
            return Results.Text("Not found.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var baseUrl = SiteUrl.Base(http.Request);
        var script = SiteUrl.Script(baseUrl, gist.OwnerUserName, gist.Id, target!.Value.File);
        var width = maxwidth is > 0 ? Math.Min(DefaultWidth, maxwidth.Value) : DefaultWidth;
        var height = Math.Min(EstimateHeight(files), maxheight is > 0 ? maxheight.Value : MaxHeight);
        http.Response.Headers.AccessControlAllowOrigin = "*";
        return Results.Json(new OEmbedResponse("1.0", "rich", "CasGists", baseUrl + "/", gist.DisplayTitle, gist.OwnerUserName,
            $"{baseUrl}/{gist.OwnerUserName}", $"<script src=\"{System.Net.WebUtility.HtmlEncode(script)}\"></script>", width, height, 3600));
    }

    private static async Task<GistDetails?> FindEmbeddableAsync(GistService gists, string user, string id, CancellationToken ct)
    {
        try
        {
            var gist = await gists.GetAsync(Viewer.Anonymous, id, ct);
            return string.Equals(gist.OwnerUserName, user, StringComparison.OrdinalIgnoreCase) ? gist : null;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// A gist page URL (<c>…/{user}/{id}</c>, optionally with <c>?file=</c>) on this site. Only the path is
    /// read: the host may be what a proxy forwarded, and the gist's own access rule decides the rest.
    /// </summary>
    internal static (string User, string Id, string? File)? ParseGistUrl(string url, PathString pathBase)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var path = new PathString(Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/'));
        if (pathBase.HasValue && !path.StartsWithSegments(pathBase, StringComparison.OrdinalIgnoreCase, out path))
        {
            return null;
        }
        var match = GistPath().Match(path.Value ?? "");
        if (!match.Success)
        {
            return null;
        }
        var file = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue("file", out var values) ? values.ToString() : null;
        return (match.Groups["user"].Value, match.Groups["id"].Value, string.IsNullOrEmpty(file) ? null : file);
    }

    // Lines are 20 px; each file adds its padding and footer. Markdown has no line grid, so this is a guess there.
    private static int EstimateHeight(IReadOnlyList<GistFileView> files) =>
        files.Sum(f => Math.Max(1, f.Content.Count(c => c == '\n')) * 20 + 16 + 40 + 16);

    [GeneratedRegex("^/(?<user>[^/]+)/(?<id>[0-9a-f]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex GistPath();
}
