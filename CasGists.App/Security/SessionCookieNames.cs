using CasGists.App.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CasGists.App.Security;

/// <summary>
/// The session cookie's name per request: <c>__Host-casgists_session</c> over HTTPS, where the prefix makes the
/// browser insist on Secure, Path=/ and no Domain (so a sibling subdomain cannot plant or overwrite it), and the
/// plain <c>casgists_session</c> over HTTP, where a browser would refuse the prefixed name. Behind a TLS-terminating
/// proxy the request counts as HTTPS once the forwarded headers are trusted (see <see cref="ForwardedHeadersSetup"/>).
/// </summary>
public static class SessionCookieNames
{
    public const string HostPrefix = "__Host-";
    public const string Secure = HostPrefix + SessionCookie.CookieName;

    public static string For(HttpRequest request) => request.IsHttps ? Secure : SessionCookie.CookieName;

    /// <summary>Whether the request carries a session cookie under either name.</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Cookies.ContainsKey(SessionCookie.CookieName) || request.Cookies.ContainsKey(Secure);
}

/// <summary>Renames the cookie handler's cookie per request (<see cref="SessionCookieNames.For"/>); chunking as usual.</summary>
public sealed class HostPrefixCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) =>
        _inner.GetRequestCookie(context, Rename(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options)
    {
        if (context.Request.IsHttps && key == SessionCookie.CookieName)
        {
            // What the prefix demands; the browser drops the cookie otherwise.
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }
        _inner.AppendResponseCookie(context, Rename(context, key), value, options);
    }

    public void DeleteCookie(HttpContext context, string key, CookieOptions options)
    {
        if (context.Request.IsHttps && key == SessionCookie.CookieName)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }
        _inner.DeleteCookie(context, Rename(context, key), options);
    }

    private static string Rename(HttpContext context, string key) =>
        key == SessionCookie.CookieName ? SessionCookieNames.For(context.Request) : key;
}
