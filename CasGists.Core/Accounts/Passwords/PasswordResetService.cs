using System.Buffers.Text;
using System.Security.Cryptography;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts.Passwords;

/// <summary>A reset link to send: the secret goes into the URL and is not stored.</summary>
public sealed record PasswordResetTicket(Guid UserId, string UserName, string Email, string Token, DateTime ExpiresAt);

/// <summary>
/// Self-service password reset, ready for the email feature: <see cref="CreateTokenAsync"/> makes a single-use,
/// short-lived token (its SHA-256 stored, never the token) and <see cref="ResetAsync"/> spends it.
/// </summary>
public sealed class PasswordResetService(
    IDbContextFactory<CasGistsDbContext> contexts,
    PasswordPolicy policy,
    PasswordService passwords,
    SessionService sessions,
    SecurityLogService log,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    private const int MaxTokenLength = 128;
    public const string InvalidTokenMessage = "This reset link is invalid, used or expired. Ask for a new one.";

    /// <summary>
    /// A token for the account with this user name or email, or null when there is none or it is disabled. The caller
    /// must answer the person the same way in both cases, so the form does not tell who has an account.
    /// </summary>
    public async Task<PasswordResetTicket?> CreateTokenAsync(string? userNameOrEmail, CancellationToken ct = default)
    {
        var login = (userNameOrEmail ?? "").Trim();
        if (login.Length is 0 or > UserNameRules.MaxEmailLength)
        {
            return null;
        }
        var normalized = UserNameRules.Normalize(login);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = login.Contains('@')
            ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
            : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        if (user is null || user.IsDisabled)
        {
            return null;
        }
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var row = new PasswordResetToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            TokenHash = AccountService.HashToken(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.PasswordResetTokenLifetime,
        };
        db.Set<PasswordResetToken>().Add(row);
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(SecurityEventKinds.PasswordResetRequested, user.Id, user.UserName, ct: ct);
        return new PasswordResetTicket(user.Id, user.UserName, user.Email, token, row.ExpiresAt);
    }

    /// <summary>
    /// Sets a new password with a token: the password is checked first (a refused one does not spend the token), then
    /// the token is spent exactly once, every session ends and other open tokens of the user are voided.
    /// </summary>
    public async Task ResetAsync(string? token, string? newPassword, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            throw new ValidationException("token", InvalidTokenMessage);
        }
        var hash = AccountService.HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Set<PasswordResetToken>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now, ct);
        var user = row is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == row.UserId && !u.IsDisabled, ct);
        if (row is null || user is null)
        {
            throw new ValidationException("token", InvalidTokenMessage);
        }
        if (policy.Check(newPassword, user.UserName, user.Email) is { } problem)
        {
            throw new ValidationException("newPassword", problem);
        }
        // Spend it before changing anything: of two requests racing with one link, only one gets past here.
        var spent = await db.Set<PasswordResetToken>().Where(t => t.Id == row.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (spent == 0)
        {
            throw new ValidationException("token", InvalidTokenMessage);
        }
        await passwords.SetHashAsync(user, newPassword!, ct);
        await sessions.RevokeAllAsync(user.Id, except: null, ct);
        await log.RecordAsync(SecurityEventKinds.PasswordReset, user.Id, user.UserName, "With a reset link.", ct: ct);
    }
}
