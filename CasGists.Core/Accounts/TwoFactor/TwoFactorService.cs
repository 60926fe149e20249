using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;

namespace CasGists.Core.Accounts.TwoFactor;

/// <summary>What the enrolment page shows: the key to type and the URI a QR code carries.</summary>
public sealed record TotpEnrolment(string ManualKey, string OtpAuthUri);

public sealed record TwoFactorStatus(bool Enabled, DateTime? EnabledAt, int RecoveryCodesLeft);

public enum SecondFactorResult
{
    Failed,
    Totp,
    RecoveryCode,
}

/// <summary>
/// TOTP (RFC 6238: SHA-1, 6 digits, 30 s) with Otp.NET. A code is accepted within one step either side and
/// only once: the last accepted step is stored and a code for it or an earlier one is refused. Ten recovery codes
/// stand in for a lost authenticator; each works once and only a salted SHA-256 of it is stored.
/// </summary>
public sealed class TwoFactorService(
    IDbContextFactory<CasGistsDbContext> contexts,
    IDataProtectionProvider protection,
    PasswordHasher hasher,
    SessionService sessions,
    SecurityLogService log,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    private const int SecretBytes = 20;
    private const int RecoveryCodeLength = 12;

    // No 0/o, 1/l/i: recovery codes are copied by hand from paper.
    private const string RecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

    private readonly IDataProtector _protector = protection.CreateProtector("CasGists.Accounts.TwoFactor.Secret.v1");
    private readonly AccountOptions _options = options.Value;

    public async Task<TwoFactorStatus> GetStatusAsync(Viewer viewer, CancellationToken ct = default)
    {
        var userId = RequireUser(viewer);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<UserTwoFactor>().AsNoTracking().SingleOrDefaultAsync(t => t.UserId == userId, ct);
        var left = await db.Set<RecoveryCode>().CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);
        return row?.EnabledAt is { } enabledAt ? new TwoFactorStatus(true, enabledAt, left) : new TwoFactorStatus(false, null, 0);
    }

    internal async Task<bool> IsEnabledAsync(Guid userId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<UserTwoFactor>().AnyAsync(t => t.UserId == userId && t.EnabledAt != null, ct);
    }

    /// <summary>
    /// The pending enrolment's key, or a new one. Reloading the page keeps the same key, so a code from an app that
    /// already scanned it still works. Conflict when 2FA is already on.
    /// </summary>
    public async Task<TotpEnrolment> StartEnrolmentAsync(Viewer viewer, CancellationToken ct = default)
    {
        var userId = RequireUser(viewer);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<UserTwoFactor>().SingleOrDefaultAsync(t => t.UserId == userId, ct);
        if (row?.EnabledAt is not null)
        {
            throw new ConflictException("Two-factor authentication is already enabled.");
        }
        if (row is null)
        {
            row = new UserTwoFactor
            {
                UserId = userId,
                ProtectedSecret = _protector.Protect(Base32Encoding.ToString(RandomNumberGenerator.GetBytes(SecretBytes))),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Set<UserTwoFactor>().Add(row);
            await db.SaveChangesAsync(ct);
        }
        var key = _protector.Unprotect(row.ProtectedSecret);
        var uri = new OtpUri(OtpType.Totp, key, viewer.UserName ?? userId.ToString(), _options.TwoFactorIssuer).ToString();
        return new TotpEnrolment(FormatKey(key), uri);
    }

    /// <summary>Turns 2FA on once a code from the new authenticator checks out; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>> ConfirmEnrolmentAsync(Viewer viewer, string? code, CancellationToken ct = default)
    {
        var userId = RequireUser(viewer);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<UserTwoFactor>().SingleOrDefaultAsync(t => t.UserId == userId, ct);
        if (row is null || row.EnabledAt is not null)
        {
            throw new ConflictException(row is null ? "Start the set-up again: no key is waiting for confirmation." : "Two-factor authentication is already enabled.");
        }
        if (MatchStep(row, code) is not { } step)
        {
            throw new ValidationException("code", "That code is not right. Check the time on your device and try the next code.");
        }
        row.EnabledAt = clock.GetUtcNow().UtcDateTime;
        row.LastUsedStep = step;
        var codes = NewRecoveryCodes(db, userId);
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(SecurityEventKinds.TwoFactorEnabled, userId, viewer.UserName, ct: ct);
        return codes;
    }

    /// <summary>
    /// Turns 2FA off: needs the password and a current code (or a recovery code). Every other session ends, because
    /// they may have been opened by whoever made this necessary.
    /// </summary>
    public async Task DisableAsync(Viewer viewer, string? password, string? code, Guid? currentSessionId, CancellationToken ct = default)
    {
        var userId = RequireUser(viewer);
        await RequirePasswordAsync(userId, password, ct);
        if (await VerifyAsync(userId, viewer.UserName, code, ct) == SecondFactorResult.Failed)
        {
            throw new ValidationException("code", "That code is not right.");
        }
        await RemoveAsync(userId, ct);
        await sessions.RevokeAllAsync(userId, except: currentSessionId, ct);
        await log.RecordAsync(SecurityEventKinds.TwoFactorDisabled, userId, viewer.UserName, "Other sessions were signed out.", ct: ct);
    }

    /// <summary>Replaces all recovery codes (after the password is confirmed); the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(Viewer viewer, string? password, CancellationToken ct = default)
    {
        var userId = RequireUser(viewer);
        await RequirePasswordAsync(userId, password, ct);
        if (!await IsEnabledAsync(userId, ct))
        {
            throw new ConflictException("Two-factor authentication is not enabled.");
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Set<RecoveryCode>().Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var codes = NewRecoveryCodes(db, userId);
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(SecurityEventKinds.RecoveryCodesRegenerated, userId, viewer.UserName, ct: ct);
        return codes;
    }

    /// <summary>The admin's way out for a user who lost both the authenticator and the codes: 2FA off, every session ended.</summary>
    public async Task ResetAsync(User user, CancellationToken ct = default)
    {
        await RemoveAsync(user.Id, ct);
        await sessions.RevokeAllAsync(user.Id, except: null, ct);
        await log.RecordAsync(SecurityEventKinds.TwoFactorReset, user.Id, user.UserName, "By an administrator (command line).", ct: ct);
    }

    /// <summary>
    /// Checks a second factor for a user: a 6-digit TOTP code (once only) or an unused recovery code (then used up).
    /// </summary>
    internal async Task<SecondFactorResult> VerifyAsync(Guid userId, string? userName, string? code, CancellationToken ct)
    {
        var compact = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToLowerInvariant();
        if (compact.Length is 0 or > 64)
        {
            return SecondFactorResult.Failed;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<UserTwoFactor>().AsNoTracking().SingleOrDefaultAsync(t => t.UserId == userId && t.EnabledAt != null, ct);
        if (row is null)
        {
            return SecondFactorResult.Failed;
        }
        if (compact.Length == 6 && compact.All(char.IsAsciiDigit))
        {
            if (MatchStep(row, compact) is not { } step)
            {
                return SecondFactorResult.Failed;
            }
            // Compare-and-set: of two requests racing with the same code, only one moves the step forward.
            var moved = await db.Set<UserTwoFactor>().Where(t => t.UserId == userId && t.LastUsedStep < step)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedStep, step), ct);
            return moved == 1 ? SecondFactorResult.Totp : SecondFactorResult.Failed;
        }

        var hash = HashRecoveryCode(userId, compact);
        var now = clock.GetUtcNow().UtcDateTime;
        var used = await db.Set<RecoveryCode>().Where(c => c.UserId == userId && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        if (used == 0)
        {
            return SecondFactorResult.Failed;
        }
        var left = await db.Set<RecoveryCode>().CountAsync(c => c.UserId == userId && c.UsedAt == null, ct);
        await log.RecordAsync(SecurityEventKinds.RecoveryCodeUsed, userId, userName, $"{left} recovery code(s) left.", ct: ct);
        return SecondFactorResult.RecoveryCode;
    }

    /// <summary>The time step a code belongs to (now, or one step either side), ignoring steps already used.</summary>
    private long? MatchStep(UserTwoFactor row, string? code)
    {
        code = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }
        var totp = new Totp(Base32Encoding.ToBytes(_protector.Unprotect(row.ProtectedSecret)));
        var ok = totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1));
        return ok && step > row.LastUsedStep ? step : null;
    }

    private async Task RequirePasswordAsync(Guid userId, string? password, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var hash = await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleOrDefaultAsync(ct);
        if (hash is null || string.IsNullOrEmpty(password) || await hasher.VerifyAsync(password, hash, ct) == PasswordVerification.Failed)
        {
            throw new ValidationException("password", "Your password is not right.");
        }
    }

    private async Task RemoveAsync(Guid userId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Set<RecoveryCode>().Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<UserTwoFactor>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        // Pending second steps carry the stamp: they end with the change.
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N")), ct);
    }

    private IReadOnlyList<string> NewRecoveryCodes(CasGistsDbContext db, Guid userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = new List<string>(RecoveryCodeCount);
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var raw = RandomNumberGenerator.GetString(RecoveryAlphabet, RecoveryCodeLength);
            codes.Add($"{raw[..6]}-{raw[6..]}");
            db.Set<RecoveryCode>().Add(new RecoveryCode
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                CodeHash = HashRecoveryCode(userId, raw),
                CreatedAt = now,
            });
        }
        return codes;
    }

    /// <summary>Salted with the user id so one table of hashes cannot be matched against every user at once.</summary>
    internal static string HashRecoveryCode(Guid userId, string compactCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}:{compactCode}")));

    private static string FormatKey(string base32) =>
        string.Join(' ', base32.TrimEnd('=').Chunk(4).Select(c => new string(c)));

    private static Guid RequireUser(Viewer viewer) =>
        viewer.UserId ?? throw new ForbiddenException("Sign in to manage two-factor authentication.");
}
