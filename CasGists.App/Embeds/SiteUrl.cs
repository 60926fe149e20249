namespace CasGists.App.Embeds;

/// <summary>
/// Absolute URLs for what leaves the site (embeds, oEmbed, meta tags). Built from the request the
/// way the rest of the app does (scheme, host and PathBase), so a proxy that forwards them is followed.
/// </summary>
public static class SiteUrl
{
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Gist(string baseUrl, string owner, string id) => $"{baseUrl}/{owner}/{id}";

    public static string Script(string baseUrl, string owner, string id, string? file = null) =>
        $"{baseUrl}/{owner}/{id}.js" + (file is null ? "" : "?file=" + Uri.EscapeDataString(file));
}
