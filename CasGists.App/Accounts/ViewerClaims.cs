using System.Security.Claims;
using CasGists.Core.Accounts;

namespace CasGists.App.Accounts;

/// <summary>
/// How a signed-in user is carried in the cookie principal, and how pages, endpoints and the API
/// turn that principal into the <see cref="Viewer"/> every Core call takes.
/// </summary>
public static class ViewerClaims
{
    public const string AdminRole = "admin";

    /// <summary>Claim holding the server-side session id the cookie belongs to.</summary>
    public const string SessionId = "casgists:sid";

    public static Viewer ToViewer(this ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true ||
            !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return Viewer.Anonymous;
        }
        return new Viewer(id, principal.FindFirstValue(ClaimTypes.Name), principal.IsInRole(AdminRole));
    }

    public static IEnumerable<Claim> For(User user, Guid sessionId)
    {
        yield return new Claim(ClaimTypes.NameIdentifier, user.Id.ToString());
        yield return new Claim(ClaimTypes.Name, user.UserName);
        yield return new Claim(SessionId, sessionId.ToString());
        if (user.IsAdmin)
        {
            yield return new Claim(ClaimTypes.Role, AdminRole);
        }
    }
}
