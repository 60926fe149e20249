using Microsoft.AspNetCore.Http.Extensions;

namespace CasGists.App.Api;

/// <summary>Absolute links to the site's own pages, raw files and git, as the request reached us.</summary>
public sealed class ApiUrls(HttpRequest request)
{
    public string Absolute(string path) => UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, path);

    public string Gist(string owner, string id) => Absolute($"/{Escape(owner)}/{id}");

    public string Git(string owner, string id) => Absolute($"/{Escape(owner)}/{id}.git");

    public string Raw(string owner, string id, string revision, string file) =>
        Absolute($"/{Escape(owner)}/{id}/raw/{revision}/{Escape(file)}");

    public string User(string userName) => Absolute($"/{Escape(userName)}");

    public static string Escape(string segment) => Uri.EscapeDataString(segment);
}
