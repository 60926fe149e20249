using System.Buffers.Text;
using System.Linq.Expressions;
using System.Security.Cryptography;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts.Sessions;

/// <summary>One signed-in browser as the devices page shows it.</summary>
public sealed record DeviceSession(
    Guid Id, string Browser, string? IpAddress, DateTime CreatedAt, DateTime LastSeenAt, DateTime ExpiresAt, bool IsCurrent);

/// <summary>
/// Server-side sessions: opened at sign-in with a fresh random id and token, checked on every request against
/// an idle and an absolute timeout, listed on the devices page and revoked from there or by credential changes.
/// </summary>
public sealed class SessionService(
    IDbContextFactory<CasGistsDbContext> contexts,
    IOptions<AccountOptions> options,
    SecurityLogService log,
    TimeProvider clock)
{
    private const int MaxUserAgentLength = 512;
    private const int MaxIpLength = 45;
    private const int MaxTokenLength = 128;

    /// <summary>How often a live session's last-seen time is written; every request would be a write.</summary>
    internal static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    private readonly AccountOptions _options = options.Value;

    /// <summary>Opens a session; the token goes into the cookie and only its hash is stored.</summary>
    public async Task<SignInResult> CreateAsync(User user, ClientInfo client, CancellationToken ct = default)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            TokenHash = AccountService.HashToken(token),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + _options.SessionAbsoluteTimeout,
            IpAddress = Truncate(client.IpAddress, MaxIpLength),
            UserAgent = Truncate(client.UserAgent, MaxUserAgentLength),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return new SignInResult(user, session.Id, token);
    }

    /// <summary>The live session for a cookie token, or null; refreshes its last-seen time.</summary>
    public async Task<(User User, UserSession Session)?> ValidateAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        var tokenHash = AccountService.HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.User)
            .Where(IsLive(now))
            .SingleOrDefaultAsync(s => s.TokenHash == tokenHash, ct);
        if (session is null)
        {
            return null;
        }
        if (now - session.LastSeenAt >= LastSeenResolution)
        {
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
            session.LastSeenAt = now;
        }
        return (session.User, session);
    }

    /// <summary>Whether a session is still live, without touching it: long-lived Blazor circuits re-check with this.</summary>
    public async Task<bool> IsActiveAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Sessions.Where(IsLive(now)).AnyAsync(s => s.Id == sessionId, ct);
    }

    public async Task SignOutAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return;
        }
        var tokenHash = AccountService.HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Sessions.Where(s => s.TokenHash == tokenHash && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
    }

    /// <summary>The viewer's live sessions, the current one first, then by last use.</summary>
    public async Task<IReadOnlyList<DeviceSession>> ListAsync(Viewer viewer, Guid? currentSessionId, CancellationToken ct = default)
    {
        var userId = viewer.UserId ?? throw new ForbiddenException("Sign in to see your devices.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var sessions = await db.Sessions.AsNoTracking().Where(IsLive(now)).Where(s => s.UserId == userId).ToListAsync(ct);
        return
        [
            .. sessions
                .Select(s => new DeviceSession(s.Id, UserAgentSummary.Describe(s.UserAgent), s.IpAddress, s.CreatedAt, s.LastSeenAt,
                    s.ExpiresAt, s.Id == currentSessionId))
                .OrderByDescending(s => s.IsCurrent).ThenByDescending(s => s.LastSeenAt),
        ];
    }

    /// <summary>Signs one of the viewer's sessions out. Not found for anyone else's or one already ended.</summary>
    public async Task RevokeAsync(Viewer viewer, Guid sessionId, CancellationToken ct = default)
    {
        var userId = viewer.UserId ?? throw new ForbiddenException("Sign in to manage your devices.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var session = await db.Sessions.Where(IsLive(now)).SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct)
            ?? throw new NotFoundException("That session has already ended.");
        session.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(SecurityEventKinds.SessionRevoked, userId, viewer.UserName,
            $"Signed out {UserAgentSummary.Describe(session.UserAgent)}{(session.IpAddress is null ? "" : $" ({session.IpAddress})")}.", ct: ct);
    }

    /// <summary>Signs out every session of the viewer but the current one; returns how many ended.</summary>
    public async Task<int> RevokeOthersAsync(Viewer viewer, Guid currentSessionId, CancellationToken ct = default)
    {
        var userId = viewer.UserId ?? throw new ForbiddenException("Sign in to manage your devices.");
        var count = await RevokeAllAsync(userId, except: currentSessionId, ct);
        if (count > 0)
        {
            await log.RecordAsync(SecurityEventKinds.SessionRevoked, userId, viewer.UserName,
                $"Signed out {count} other session(s).", ct: ct);
        }
        return count;
    }

    /// <summary>Ends every open session of a user, but <paramref name="except"/>; credential changes call this.</summary>
    internal async Task<int> RevokeAllAsync(Guid userId, Guid? except, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
    }

    /// <summary>Not revoked, within both timeouts, and its user not disabled: the one definition every check uses.</summary>
    private Expression<Func<UserSession, bool>> IsLive(DateTime now)
    {
        var idleSince = now - _options.SessionIdleTimeout;
        return s => s.RevokedAt == null && s.ExpiresAt > now && s.LastSeenAt > idleSince && !s.User.IsDisabled;
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
