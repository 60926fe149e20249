using CasGists.App.Components.Layout;
using CasGists.Core.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace CasGists.App.Http;

/// <summary>
/// Whole-page caching for pages anyone can read (home, gist, profile), for anonymous viewers only. A page
/// opts in with <c>@attribute [OutputCache(PolicyName = OutputCachePolicies.AnonymousPage)]</c> and tags its
/// entry with what it shows (<see cref="OutputCacheTags"/>), so a write evicts it on every server.
/// Such a page must not render a form with an antiforgery token for anonymous viewers: the token is bound
/// to one browser's cookie and a cached copy would hand it to everyone.
/// </summary>
public static class OutputCachePolicies
{
    public const string AnonymousPage = "AnonymousPage";

    /// <summary>Carried by every cached page, so one eviction empties the page cache.</summary>
    public const string PagesTag = "pages";
}

internal sealed class AnonymousPagePolicy : IOutputCachePolicy
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The query parameters the cached pages read (home: page, sort; profile: page, deleted; gist: comments).
    /// Any other parameter (<c>utm_source</c>, a cache-buster) gets the same page, so it shares the entry:
    /// varying on every key would let random query strings fill the cache and push out the pages people read.
    /// A page that starts reading a new parameter adds it here (HttpCachingTests checks the known ones).
    /// </summary>
    internal static readonly string[] PageQueryKeys = ["page", "sort", "deleted", "comments"];

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && http.User.Identity?.IsAuthenticated != true
            && !request.Headers.ContainsKey("Authorization");
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        // One render for a burst of anonymous misses on the same page.
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.Tags.Add(OutputCachePolicies.PagesTag);
        context.CacheVaryByRules.QueryKeys = PageQueryKeys;
        context.CacheVaryByRules.VaryByValues["theme"] = CasGistsTheme.IsDark(http) ? "dark" : "light";
        // Blazor's enhanced navigation asks for the same page; kept apart in case its answer ever differs.
        context.CacheVaryByRules.VaryByValues["enhanced"] = request.Headers.Accept.ToString().Contains("blazor-enhanced-nav") ? "1" : "0";
        return ValueTask.CompletedTask;
    }

    private static ICacheMetrics Metrics(OutputCacheContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<ICacheMetrics>();

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        Metrics(context).Hit(CacheNames.Pages);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only a plain success is shared: never a response that sets a cookie (a sign-in, an antiforgery
        // cookie) or asks not to be stored (antiforgery tokens do).
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.SetCookie.Count > 0
            || response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            context.AllowCacheStorage = false;
        }
        if (context.AllowCacheStorage)
        {
            Metrics(context).Miss(CacheNames.Pages);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Lets a page tag its cached copy with what it shows, once it knows (a gist's id, its owner).</summary>
public static class OutputCacheTags
{
    public static void Add(HttpContext? context, params ReadOnlySpan<string> tags)
    {
        if (context?.Features.Get<IOutputCacheFeature>()?.Context is not { } cache)
        {
            return;
        }
        foreach (var tag in tags)
        {
            cache.Tags.Add(tag);
        }
    }
}
