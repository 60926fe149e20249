using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts.Jwt;

/// <summary>A refresh token just issued: the secret exists only here.</summary>
public sealed record IssuedRefreshToken(string Secret, Guid FamilyId, DateTime ExpiresAt);

/// <summary>A successful refresh: who, with which scopes, and the successor token.</summary>
public sealed record RefreshedSignIn(User User, TokenScopes Scopes, IssuedRefreshToken Next);

/// <summary>
/// Rotating refresh tokens with reuse detection: each refresh consumes its token and issues the next of the same
/// family; presenting a consumed token revokes the family, so a stolen token works at most until its owner (or
/// the thief) uses it again. A disabled user or a changed security stamp ends every family of the user.
/// </summary>
public sealed class RefreshTokenService(IDbContextFactory<CasGistsDbContext> contexts, IOptions<JwtOptions> options, TimeProvider clock)
{
    public const string Prefix = "cgr_";
    private const int RandomLength = 43;
    private const int MaxSecretLength = 128;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Starts a new family for a user who just proved who they are.</summary>
    public async Task<IssuedRefreshToken> IssueAsync(User user, TokenScopes scopes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var issued = Add(db, user.Id, Guid.NewGuid(), scopes.ToString(), user.SecurityStamp);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>
    /// Exchanges a refresh token for its successor. Null when the secret is unknown, expired or revoked, its user is
    /// disabled or changed credentials, or it was already exchanged (then its whole family is revoked).
    /// </summary>
    public async Task<RefreshedSignIn?> RotateAsync(string? secret, CancellationToken ct = default)
    {
        if (!LooksValid(secret))
        {
            return null;
        }
        var hash = Hash(secret!);
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var token = await db.Set<RefreshToken>().AsNoTracking().Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }
        if (token.UsedAt is not null || token.User.IsDisabled || token.User.SecurityStamp != token.SecurityStamp)
        {
            await RevokeFamilyAsync(db, token.FamilyId, now, ct);
            return null;
        }
        // Consume it only if nobody else did meanwhile: two concurrent refreshes with one token are a reuse too.
        var consumed = await db.Set<RefreshToken>()
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (consumed != 1)
        {
            await RevokeFamilyAsync(db, token.FamilyId, now, ct);
            return null;
        }
        var next = Add(db, token.UserId, token.FamilyId, token.Scopes, token.SecurityStamp);
        await db.SaveChangesAsync(ct);
        return new RefreshedSignIn(token.User, TokenScopes.FromStored(token.Scopes), next);
    }

    /// <summary>Revokes the family the secret belongs to (sign-out of one client). False when the secret is unknown.</summary>
    public async Task<bool> RevokeAsync(string? secret, CancellationToken ct = default)
    {
        if (!LooksValid(secret))
        {
            return false;
        }
        var hash = Hash(secret!);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var familyId = await db.Set<RefreshToken>().Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(ct);
        if (familyId is null)
        {
            return false;
        }
        await RevokeFamilyAsync(db, familyId.Value, Now, ct);
        return true;
    }

    /// <summary>Revokes every refresh token of a user (password change, 2FA reset, "sign out everywhere").</summary>
    public async Task<int> RevokeAllAsync(Guid userId, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<RefreshToken>().Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    /// <summary>The user an access token speaks for, if still allowed to: exists, not disabled, same security stamp.</summary>
    public async Task<User?> FindActiveSubjectAsync(Guid userId, string? securityStamp, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(securityStamp))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        return user is null || user.IsDisabled ||
               !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.SecurityStamp), Encoding.UTF8.GetBytes(securityStamp))
            ? null
            : user;
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static bool LooksValid(string? secret) =>
        secret is { Length: > 0 and <= MaxSecretLength } && secret.StartsWith(Prefix, StringComparison.Ordinal);

    private IssuedRefreshToken Add(CasGistsDbContext db, Guid userId, Guid familyId, string scopes, string securityStamp)
    {
        var secret = Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);
        var now = Now;
        var token = new RefreshToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(secret),
            Scopes = scopes,
            SecurityStamp = securityStamp,
            CreatedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
        };
        db.Set<RefreshToken>().Add(token);
        return new IssuedRefreshToken(secret, familyId, token.ExpiresAt);
    }

    private static Task<int> RevokeFamilyAsync(CasGistsDbContext db, Guid familyId, DateTime now, CancellationToken ct) =>
        db.Set<RefreshToken>().Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
}
