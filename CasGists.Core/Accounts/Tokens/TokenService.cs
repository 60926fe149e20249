using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Accounts.Tokens;

/// <summary>Personal access tokens: created with their secret shown once, listed without it, revoked, and checked on each request.</summary>
public sealed class TokenService(IDbContextFactory<CasGistsDbContext> contexts, TimeProvider clock, SecurityLogService? log = null)
{
    public const int MaxNameLength = 100;
    public const int MaxExpiresInDays = 3650;

    /// <summary>How often a token's last-used time is written; every request would be a write.</summary>
    internal static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token for the viewer. The returned secret is not stored and cannot be shown again.</summary>
    public async Task<CreatedToken> CreateAsync(Viewer viewer, CreateTokenInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (viewer.UserId is not { } userId)
        {
            throw new ForbiddenException("Sign in to create a token.");
        }
        var name = (input.Name ?? "").Trim();
        var errors = new ValidationErrors();
        if (name.Length == 0)
        {
            errors.Add("name", "Give the token a name.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name must be at most {MaxNameLength} characters.");
        }
        else if (name.Any(char.IsControl))
        {
            errors.Add("name", "The name must not contain control characters.");
        }
        if (!TokenScopes.TryCreate(input.Scopes, out var scopes, out var scopeError))
        {
            errors.Add("scopes", scopeError!);
        }
        else if (scopes.Granted.Contains(TokenScopes.Admin) && !viewer.IsAdmin)
        {
            errors.Add("scopes", "Only administrators can create a token with the admin scope.");
        }
        if (input.ExpiresInDays is { } days && (days < 1 || days > MaxExpiresInDays))
        {
            errors.Add("expiresInDays", $"Expiry must be between 1 and {MaxExpiresInDays} days, or none.");
        }
        errors.ThrowIfAny();

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.PersonalAccessTokens.AnyAsync(t => t.UserId == userId && t.Name == name && t.RevokedAt == null, ct))
        {
            throw new ValidationException("name", "You already have a token with that name.");
        }
        var secret = TokenFormat.Generate();
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Scopes = scopes.ToString(),
            TokenHash = TokenFormat.Hash(secret),
            DisplayPrefix = TokenFormat.DisplayPrefix(secret),
            CreatedAt = now,
            ExpiresAt = input.ExpiresInDays is { } d ? now.AddDays(d) : null,
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        if (log is not null)
        {
            await log.RecordAsync(SecurityEventKinds.TokenCreated, userId, viewer.UserName, $"“{name}” with {token.Scopes}.", ct: ct);
        }
        return new CreatedToken(secret, TokenSummary.From(token));
    }

    /// <summary>The viewer's tokens, newest first, revoked ones included (so the owner sees what happened).</summary>
    public async Task<IReadOnlyList<TokenSummary>> ListMineAsync(Viewer viewer, CancellationToken ct = default)
    {
        if (viewer.UserId is not { } userId)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(ct);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Name, StringComparer.Ordinal).Select(TokenSummary.From)];
    }

    /// <summary>Revokes one of the viewer's tokens (an admin may revoke anyone's). Not found for someone else's. Revoking twice is harmless.</summary>
    public async Task<TokenSummary> RevokeAsync(Viewer viewer, Guid tokenId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null || !viewer.IsAuthenticated || (token.UserId != viewer.UserId && !viewer.IsAdmin))
        {
            throw new NotFoundException("Token not found.");
        }
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            if (log is not null)
            {
                await log.RecordAsync(SecurityEventKinds.TokenRevoked, token.UserId, token.UserId == viewer.UserId ? viewer.UserName : null,
                    token.UserId == viewer.UserId ? $"“{token.Name}”." : $"“{token.Name}”, by {viewer.UserName}.", ct: ct);
            }
        }
        return TokenSummary.From(token);
    }

    /// <summary>
    /// The user and scopes behind a secret, or null when it is malformed, unknown, revoked or expired, or its
    /// user is disabled. Refreshes the last-used time at most once a minute.
    /// </summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string? secret, CancellationToken ct = default)
    {
        if (!TokenFormat.IsWellFormed(secret))
        {
            return null;
        }
        var hash = TokenFormat.Hash(secret!);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var token = await db.PersonalAccessTokens.AsNoTracking().Include(t => t.User)
            .SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        // The lookup is by hash, so its timing reveals nothing about the secret; compare again in constant time
        // in case a database collation ever matched loosely.
        if (token is null ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token.TokenHash), Encoding.ASCII.GetBytes(hash)) ||
            token.RevokedAt is not null || token.ExpiresAt <= now || token.User.IsDisabled)
        {
            return null;
        }
        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUsedResolution)
        {
            await db.PersonalAccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }
        return new TokenIdentity(token.User, token.Id, token.Name, TokenScopes.FromStored(token.Scopes));
    }
}
