using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace CasGists.App.Api;

/// <summary>A page of a listing as the client asked for it: <c>page</c> from 1, <c>per_page</c> from 1 to 100 (default 30).</summary>
public sealed record PageRequest(int Page, int PerPage)
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;
    public const int MaxPage = 1_000_000;

    /// <summary>Strict (the v1 API): anything but a number in range is a 400 naming the parameter.</summary>
    public static PageRequest Read(HttpRequest request)
    {
        var page = ReadStrict(request, "page", 1, MaxPage, 1);
        var perPage = ReadStrict(request, "per_page", 1, MaxPerPage, DefaultPerPage);
        return new PageRequest(page, perPage);
    }

    /// <summary>Lenient, as GitHub is (the v3 API): a bad value means the default, and per_page above 100 means 100.</summary>
    public static PageRequest ReadLenient(HttpRequest request)
    {
        var page = int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? Math.Min(p, MaxPage) : 1;
        var perPage = int.TryParse(request.Query["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? Math.Min(n, MaxPerPage)
            : DefaultPerPage;
        return new PageRequest(page, perPage);
    }

    private static int ReadStrict(HttpRequest request, string name, int min, int max, int fallback)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ApiException.BadRequest(name, $"'{name}' must be a whole number from {min} to {max:N0}.");
        }
        return value;
    }

    /// <summary><c>X-Total-Count</c> and a GitHub-style <c>Link</c> header (first/prev on later pages, next/last before the end) with absolute URLs.</summary>
    public void WriteHeaders(HttpContext http, int totalCount)
    {
        var headers = http.Response.Headers;
        headers["X-Total-Count"] = totalCount.ToString(CultureInfo.InvariantCulture);
        var lastPage = Math.Max(1, (totalCount + PerPage - 1) / PerPage);
        var links = new List<string>();
        if (Page < lastPage)
        {
            links.Add(Link(http.Request, Page + 1, "next"));
            links.Add(Link(http.Request, lastPage, "last"));
        }
        if (Page > 1)
        {
            links.Add(Link(http.Request, 1, "first"));
            links.Add(Link(http.Request, Math.Min(Page - 1, lastPage), "prev"));
        }
        if (links.Count > 0)
        {
            headers.Link = string.Join(", ", links);
        }
    }

    private string Link(HttpRequest request, int page, string rel)
    {
        var others = QueryHelpers.ParseQuery(request.QueryString.Value).Where(q => q.Key is not ("page" or "per_page"));
        var builder = new QueryBuilder(others.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
            { "per_page", PerPage.ToString(CultureInfo.InvariantCulture) },
        };
        var url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, builder.ToQueryString());
        return $"<{url}>; rel=\"{rel}\"";
    }
}
