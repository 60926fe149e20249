using System.Security.Cryptography;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Accounts.Passwords;

public sealed record ChangePasswordInput(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Changing a password (by its owner, or by an admin on the command line). Either way the security stamp changes and
/// every session ends; the owner's own browser gets a fresh session so they stay signed in there.
/// </summary>
public sealed class PasswordService(
    IDbContextFactory<CasGistsDbContext> contexts,
    PasswordHasher hasher,
    PasswordPolicy policy,
    SessionService sessions,
    SignInThrottle throttle,
    SecurityLogService log,
    TimeProvider clock)
{
    /// <summary>
    /// Checks the current password, sets the new one, ends every session of the user and opens a new one for the
    /// caller's device (put it in the cookie). Wrong current passwords count towards the sign-in throttle.
    /// </summary>
    public async Task<SignInResult> ChangePasswordAsync(Viewer viewer, ChangePasswordInput input, ClientInfo client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var userId = viewer.UserId ?? throw new ForbiddenException("Sign in to change your password.");
        var user = await LoadAsync(userId, ct) ?? throw new ForbiddenException("Sign in to change your password.");
        var account = user.NormalizedUserName;
        if (throttle.RetryAfter(account, client.IpAddress) is { } wait)
        {
            throw new ValidationException("currentPassword", SignInMessages.TooManyAttempts(wait));
        }

        var errors = new ValidationErrors();
        var current = input.CurrentPassword ?? "";
        if (current.Length == 0 || await hasher.VerifyAsync(current, user.PasswordHash, ct) == PasswordVerification.Failed)
        {
            throttle.RecordFailure(account, client.IpAddress);
            errors.Add("currentPassword", "Your current password is not right.");
        }
        if (policy.Check(input.NewPassword, user.UserName, user.Email) is { } problem)
        {
            errors.Add("newPassword", problem);
        }
        errors.ThrowIfAny();

        await SetHashAsync(user, input.NewPassword!, ct);
        var ended = await sessions.RevokeAllAsync(user.Id, except: null, ct);
        var fresh = await sessions.CreateAsync(user, client, ct);
        await log.RecordAsync(SecurityEventKinds.PasswordChanged, user.Id, user.UserName,
            ended > 1 ? $"{ended - 1} other session(s) signed out." : null, client, ct);
        return fresh;
    }

    /// <summary>
    /// The admin's reset: sets <paramref name="newPassword"/>, or a generated one when null, and ends every session.
    /// Returns the password that was set.
    /// </summary>
    public async Task<string> ResetByAdminAsync(User user, string? newPassword, CancellationToken ct = default)
    {
        var password = string.IsNullOrEmpty(newPassword) ? Generate() : newPassword;
        if (policy.Check(password, user.UserName, user.Email) is { } problem)
        {
            throw new ValidationException("password", problem);
        }
        await SetHashAsync(user, password, ct);
        await sessions.RevokeAllAsync(user.Id, except: null, ct);
        await log.RecordAsync(SecurityEventKinds.PasswordReset, user.Id, user.UserName, "By an administrator (command line).", ct: ct);
        return password;
    }

    /// <summary>A random password of 20 characters from a 62-letter alphabet (about 119 bits).</summary>
    public static string Generate() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20);

    /// <summary>Stores a new hash and a new security stamp, and voids any reset links still open.</summary>
    internal async Task SetHashAsync(User user, string password, CancellationToken ct)
    {
        var hash = await hasher.HashAsync(password, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stamp = Guid.NewGuid().ToString("N");
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.PasswordHash, hash)
            .SetProperty(u => u.SecurityStamp, stamp)
            .SetProperty(u => u.UpdatedAt, now), ct);
        await db.Set<PasswordResetToken>().Where(t => t.UserId == user.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        user.PasswordHash = hash;
        user.SecurityStamp = stamp;
    }

    private async Task<User?> LoadAsync(Guid userId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && !u.IsDisabled, ct);
    }
}
