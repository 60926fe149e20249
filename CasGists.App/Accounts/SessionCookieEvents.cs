using System.Security.Claims;
using CasGists.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CasGists.App.Accounts;

/// <summary>
/// Checks the server-side session behind every cookie, so signing out, expiry and disabling an account
/// take effect at once; refreshes the claims when the user's name or role changed.
/// </summary>
public sealed class SessionCookieEvents(AccountService accounts) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var token = context.Properties.GetString(SessionCookie.TokenItem);
        var live = token is null ? null : await accounts.ValidateSessionAsync(token, context.HttpContext.RequestAborted);
        var claimedId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (live is not { } session || claimedId != session.User.Id.ToString())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionCookie.Scheme);
            return;
        }

        var viewer = context.Principal.ToViewer();
        if (viewer.UserName != session.User.UserName || viewer.IsAdmin != session.User.IsAdmin)
        {
            context.ReplacePrincipal(new ClaimsPrincipal(
                new ClaimsIdentity(ViewerClaims.For(session.User, session.Session.Id), SessionCookie.Scheme)));
            context.ShouldRenew = true;
        }
    }

    // Pages send people to sign in; the API and other non-page callers get a plain status code.
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return base.RedirectToLogin(context);
    }

    // Signed in but not allowed: answer 403 where the request was made rather than redirecting.
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
