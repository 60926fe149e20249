using System.Security.Claims;
using CasGists.Core.Accounts;
using Microsoft.AspNetCore.Authentication;

namespace CasGists.App.Accounts;

/// <summary>
/// The browser's sign-in: a data-protected cookie carrying the viewer's claims and the random token of a
/// server-side session. The token sits in the ticket's properties, never in a claim, so it is not handed
/// to components and APIs that read the principal.
/// </summary>
public static class SessionCookie
{
    public const string Scheme = "CasGists";
    public const string CookieName = "casgists_session";
    internal const string TokenItem = ".casgists.session";

    /// <summary>Issues the cookie for a session Core just opened.</summary>
    public static Task SignInAsync(this HttpContext http, SignInResult result)
    {
        var identity = new ClaimsIdentity(ViewerClaims.For(result.User, result.SessionId), Scheme);
        var properties = new AuthenticationProperties
        {
            IsPersistent = true,
            AllowRefresh = false,
            IssuedUtc = DateTimeOffset.UtcNow,
        };
        properties.SetString(TokenItem, result.Token);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), properties);
    }

    /// <summary>Revokes the server-side session behind the request's cookie, then deletes the cookie.</summary>
    public static async Task SignOutSessionAsync(this HttpContext http, AccountService accounts)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (result.Properties?.GetString(TokenItem) is { } token)
        {
            await accounts.SignOutAsync(token, http.RequestAborted);
        }
        await http.SignOutAsync(Scheme);
    }

    public static string? ClientIp(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static string? UserAgent(this HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;
}
