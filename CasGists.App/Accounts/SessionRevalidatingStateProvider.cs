using System.Security.Claims;
using CasGists.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace CasGists.App.Accounts;

/// <summary>
/// An interactive circuit keeps the principal it started with; this re-checks its session every minute,
/// so a circuit signs out soon after the session is revoked elsewhere.
/// </summary>
public sealed class SessionRevalidatingStateProvider(ILoggerFactory loggers, AccountService accounts)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var sessionId = state.User.FindFirstValue(ViewerClaims.SessionId);
        return Guid.TryParse(sessionId, out var id) && await accounts.IsSessionActiveAsync(id, ct);
    }
}
