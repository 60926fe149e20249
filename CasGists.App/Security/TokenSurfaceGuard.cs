using System.Security.Claims;
using System.Text.RegularExpressions;
using CasGists.App.Accounts;
using CasGists.Core.Accounts.Tokens;

namespace CasGists.App.Security;

/// <summary>
/// Tokens (personal or JWT) are credentials for the API and git, not for the browser's pages. Outside <c>/api</c> a
/// token counts only where a script has a reason to send one — raw files and archives, read with <c>gist:read</c> —
/// and everywhere else the request proceeds as anonymous. Without this, a read-only token could render a page's form
/// (and its antiforgery token, which is bound to the token's user) and post it: delete a gist, mint a new token with
/// wider scopes. Git reads its own credentials and is unaffected.
/// </summary>
public static partial class TokenSurfaceGuard
{
    [GeneratedRegex("^/[^/]+/[0-9a-f]{32}/(raw|archive)/", RegexOptions.CultureInvariant)]
    private static partial Regex RawOrArchive();

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public static IApplicationBuilder UseTokenSurfaceGuard(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (TokenAuthentication.TokenScopesOf(http.User) is { } scopes && !http.Request.Path.StartsWithSegments("/api") && !Allowed(http.Request, scopes))
        {
            http.User = Anonymous;
        }
        return next(http);
    });

    private static bool Allowed(HttpRequest request, TokenScopes scopes) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        RawOrArchive().IsMatch(request.Path.Value ?? "") &&
        scopes.Has(TokenScopes.GistRead);
}
