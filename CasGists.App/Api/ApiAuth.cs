using CasGists.App.Accounts;
using CasGists.App.Security;
using CasGists.Core.Accounts;

namespace CasGists.App.Api;

/// <summary>
/// Who an API request speaks for. A token acts within its scopes: without <c>gist:read</c> it reads gists as an
/// anonymous visitor would; a write without the scope it needs is refused. A cookie sign-in may do all its user may.
/// Whether a credential holds a scope is <see cref="ScopePolicies.Allows"/>'s answer, the one the policies give.
/// </summary>
public static class ApiAuth
{
    /// <summary>The viewer for a read of <paramref name="scope"/>'s area; a credential that did not check out is a 401, not a quiet downgrade.</summary>
    public static Viewer Reader(HttpContext http, string scope)
    {
        var viewer = Authenticated(http);
        return ScopePolicies.Allows(http.User, scope) ? viewer : Viewer.Anonymous;
    }

    /// <summary>The signed-in viewer holding <paramref name="scope"/>: 401 without a credential, 403 without the scope.</summary>
    public static Viewer Require(HttpContext http, string scope)
    {
        var viewer = Authenticated(http);
        if (!viewer.IsAuthenticated)
        {
            throw ApiException.Unauthorized();
        }
        if (!ScopePolicies.Allows(http.User, scope))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, $"This token does not have the {scope} scope.");
        }
        return viewer;
    }

    private static Viewer Authenticated(HttpContext http)
    {
        // The token handler fails a bad, expired or revoked token; an endpoint that allows anonymous use would
        // otherwise carry on as a visitor, and the caller would never learn that its token is wrong.
        if (http.Request.Headers.Authorization.Count > 0 && http.User.Identity?.IsAuthenticated != true)
        {
            throw ApiException.Unauthorized("Bad credentials.");
        }
        return http.User.ToViewer();
    }
}
