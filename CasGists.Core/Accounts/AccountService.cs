using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts;

/// <summary>
/// Registration, sign-in with Argon2id (throttled, with an optional TOTP second step), profiles and disabling
/// accounts. Sessions live in <see cref="SessionService"/>.
/// </summary>
public sealed class AccountService(
    IDbContextFactory<CasGistsDbContext> contexts,
    PasswordHasher hasher,
    PasswordPolicy policy,
    SessionService sessions,
    TwoFactorService twoFactor,
    SignInThrottle throttle,
    SecurityLogService log,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    private const int MaxDisplayNameLength = 100;

    private readonly AccountOptions _options = options.Value;
    private readonly SemaphoreSlim _firstUserGate = new(1, 1);

    public bool RegistrationAllowed => _options.AllowRegistration;

    /// <summary>The first account becomes admin. Throws a validation error for a taken or reserved name.</summary>
    public async Task<User> RegisterAsync(RegisterInput input, bool isAdmin = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var userName = (input.UserName ?? "").Trim();
        var email = (input.Email ?? "").Trim();
        var password = input.Password ?? "";

        var errors = new ValidationErrors();
        if (UserNameRules.CheckUserName(userName) is { } userNameError)
        {
            errors.Add("userName", userNameError);
        }
        if (UserNameRules.CheckEmail(email) is { } emailError)
        {
            errors.Add("email", emailError);
        }
        if (policy.Check(password, userName, email) is { } passwordError)
        {
            errors.Add("password", passwordError);
        }
        errors.ThrowIfAny();

        var normalizedUserName = UserNameRules.Normalize(userName);
        var normalizedEmail = UserNameRules.Normalize(email);
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await ThrowIfTakenAsync(db, normalizedUserName, normalizedEmail, ct);
        }

        // Hash outside any open connection: it is the slow part.
        var hash = await hasher.HashAsync(password, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // "Is anyone here yet?" and the insert must not interleave, or two sign-ups on a fresh
        // instance would both become admin. Held only for that check and one insert.
        await _firstUserGate.WaitAsync(ct);
        try
        {
            return await InsertAsync();
        }
        finally
        {
            _firstUserGate.Release();
        }

        async Task<User> InsertAsync()
        {
            await using var context = await contexts.CreateDbContextAsync(ct);
            var user = new User
            {
                Id = Guid.NewGuid(),
                UserName = userName,
                NormalizedUserName = normalizedUserName,
                Email = email,
                NormalizedEmail = normalizedEmail,
                PasswordHash = hash,
                IsAdmin = isAdmin || !await context.Users.AnyAsync(ct),
                CreatedAt = now,
                UpdatedAt = now,
            };
            context.Users.Add(user);
            try
            {
                await context.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Someone took the name or email between the check and the insert: report it the same way.
                await using var db = await contexts.CreateDbContextAsync(ct);
                await ThrowIfTakenAsync(db, normalizedUserName, normalizedEmail, ct);
                throw;
            }
            await log.RecordAsync(SecurityEventKinds.UserCreated, user.Id, user.UserName, user.IsAdmin ? "As an administrator." : null, ct: ct);
            return user;
        }
    }

    /// <summary>
    /// The self-service sign-up: refused when registration is closed; registers and opens a session,
    /// because a new user expects to be signed in.
    /// </summary>
    public async Task<SignInResult> SignUpAsync(RegisterInput input, string? ipAddress, string? userAgent, CancellationToken ct = default)
    {
        if (!_options.AllowRegistration)
        {
            throw new ForbiddenException("Registration is closed on this server.");
        }
        var user = await RegisterAsync(input, isAdmin: false, ct);
        return await sessions.CreateAsync(user, new ClientInfo(ipAddress, userAgent), ct);
    }

    /// <summary>
    /// The password step. Throttled per account and per IP before any hashing; an unknown user costs the same hash as
    /// a known one and gets the same answer. With 2FA on, nothing is granted yet: a <see cref="PendingSignIn"/> comes back.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(SignInInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var login = (input.UserNameOrEmail ?? "").Trim();
        var client = input.Client;
        var account = login.Length > UserNameRules.MaxEmailLength ? login[..UserNameRules.MaxEmailLength] : login;
        if (throttle.RetryAfter(account, client.IpAddress) is { } wait)
        {
            await log.RecordAsync(SecurityEventKinds.SignInThrottled, null, account, ct: ct, client: client);
            return new SignInOutcome.Throttled(wait);
        }

        var (user, known) = await CheckPasswordAsync(login, input.Password, ct);
        if (user is null)
        {
            throttle.RecordFailure(account, client.IpAddress);
            // A failure for a real account goes into its owner's log; for an unknown name only the admins see what was tried.
            await log.RecordAsync(SecurityEventKinds.SignInFailed, known?.Id, known?.UserName ?? account,
                known is { IsDisabled: true } ? "The account is disabled." : null, client, ct);
            return new SignInOutcome.Failed(SignInMessages.Failed);
        }

        if (await twoFactor.IsEnabledAsync(user.Id, ct))
        {
            return new SignInOutcome.SecondFactorRequired(
                new PendingSignIn(user.Id, user.SecurityStamp, clock.GetUtcNow().UtcDateTime + _options.SecondFactorTimeout));
        }
        throttle.Reset(account);
        return new SignInOutcome.Succeeded(await OpenSessionAsync(user, client, null, ct));
    }

    /// <summary>
    /// The code step: a TOTP code or a recovery code for a pending sign-in. Refused when it expired, the account's
    /// credentials changed since the password step, or the account was disabled; throttled like the password step.
    /// </summary>
    public async Task<SignInOutcome> CompleteSecondFactorAsync(PendingSignIn pending, string? code, ClientInfo client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(client);
        var now = clock.GetUtcNow().UtcDateTime;
        User? user;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == pending.UserId, ct);
        }
        if (user is null || user.IsDisabled || pending.ExpiresAt <= now ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.SecurityStamp), Encoding.UTF8.GetBytes(pending.SecurityStamp)))
        {
            return new SignInOutcome.Failed("Your sign-in has expired. Enter your user name and password again.");
        }
        var account = "2fa:" + user.Id.ToString("N");
        if (throttle.RetryAfter(account, client.IpAddress) is { } wait)
        {
            await log.RecordAsync(SecurityEventKinds.SignInThrottled, user.Id, user.UserName, "At the two-factor step.", client, ct);
            return new SignInOutcome.Throttled(wait);
        }
        var result = await twoFactor.VerifyAsync(user.Id, user.UserName, code, ct);
        if (result == SecondFactorResult.Failed)
        {
            throttle.RecordFailure(account, client.IpAddress);
            await log.RecordAsync(SecurityEventKinds.SecondFactorFailed, user.Id, user.UserName, client: client, ct: ct);
            return new SignInOutcome.Failed(SignInMessages.WrongCode);
        }
        throttle.Reset(account);
        return new SignInOutcome.Succeeded(await OpenSessionAsync(user, client,
            result == SecondFactorResult.RecoveryCode ? "With a recovery code." : "With an authenticator code.", ct));
    }

    /// <summary>
    /// Checks a password without opening a session (git over HTTP sends it with every request).
    /// Null for an unknown user, a wrong password or a disabled account; the same throttled hasher as sign-in.
    /// </summary>
    public async Task<User?> VerifyPasswordAsync(string? userNameOrEmail, string? password, CancellationToken ct = default)
    {
        var login = (userNameOrEmail ?? "").Trim();
        var account = login.Length > UserNameRules.MaxEmailLength ? login[..UserNameRules.MaxEmailLength] : login;
        var ip = ClientInfo.Current?.IpAddress;
        if (throttle.RetryAfter(account, ip) is not null)
        {
            return null;
        }
        var (user, _) = await CheckPasswordAsync(login, password, ct);
        if (user is null)
        {
            throttle.RecordFailure(account, ip);
            return null;
        }
        // A password alone is not enough for an account with 2FA: git and scripts use a token there.
        return await twoFactor.IsEnabledAsync(user.Id, ct) ? null : user;
    }

    /// <summary>
    /// The password grant of the token endpoint: the password, and for an account with 2FA also a code (TOTP or
    /// recovery, used once), both throttled like the sign-in page. Null when anything is wrong, with no hint which.
    /// </summary>
    public async Task<User?> VerifyPasswordAndCodeAsync(string? userNameOrEmail, string? password, string? code, CancellationToken ct = default)
    {
        var login = (userNameOrEmail ?? "").Trim();
        var account = login.Length > UserNameRules.MaxEmailLength ? login[..UserNameRules.MaxEmailLength] : login;
        var client = ClientInfo.Current ?? ClientInfo.None;
        if (throttle.RetryAfter(account, client.IpAddress) is not null)
        {
            return null;
        }
        var (user, known) = await CheckPasswordAsync(login, password, ct);
        if (user is null)
        {
            throttle.RecordFailure(account, client.IpAddress);
            await log.RecordAsync(SecurityEventKinds.SignInFailed, known?.Id, known?.UserName ?? account, "Token endpoint.", client, ct);
            return null;
        }
        if (!await twoFactor.IsEnabledAsync(user.Id, ct))
        {
            throttle.Reset(account);
            return user;
        }
        var codeAccount = "2fa:" + user.Id.ToString("N");
        if (throttle.RetryAfter(codeAccount, client.IpAddress) is not null)
        {
            return null;
        }
        if (await twoFactor.VerifyAsync(user.Id, user.UserName, code, ct) == SecondFactorResult.Failed)
        {
            throttle.RecordFailure(codeAccount, client.IpAddress);
            await log.RecordAsync(SecurityEventKinds.SecondFactorFailed, user.Id, user.UserName, "Token endpoint.", client, ct);
            return null;
        }
        throttle.Reset(account);
        throttle.Reset(codeAccount);
        return user;
    }

    /// <summary>The live session for a cookie token, or null; refreshes its last-seen time.</summary>
    public Task<(User User, UserSession Session)?> ValidateSessionAsync(string token, CancellationToken ct = default) =>
        sessions.ValidateAsync(token, ct);

    /// <summary>Whether a session is still live, without touching it: long-lived Blazor circuits re-check with this.</summary>
    public Task<bool> IsSessionActiveAsync(Guid sessionId, CancellationToken ct = default) => sessions.IsActiveAsync(sessionId, ct);

    public Task SignOutAsync(string token, CancellationToken ct = default) => sessions.SignOutAsync(token, ct);

    public async Task<User?> FindByIdAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
    }

    /// <summary>Changes the viewer's display name and email; the email must stay unique.</summary>
    public async Task<User> UpdateProfileAsync(Viewer viewer, ProfileInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var userId = viewer.UserId ?? throw new ForbiddenException("Sign in to change your profile.");
        var displayName = (input.DisplayName ?? "").Trim();
        var email = (input.Email ?? "").Trim();
        var errors = new ValidationErrors();
        if (displayName.Length > MaxDisplayNameLength)
        {
            errors.Add("displayName", $"Name must be at most {MaxDisplayNameLength} characters.");
        }
        else if (displayName.Any(char.IsControl))
        {
            errors.Add("displayName", "Name must not contain control characters.");
        }
        if (UserNameRules.CheckEmail(email) is { } emailError)
        {
            errors.Add("email", emailError);
        }
        errors.ThrowIfAny();

        var normalizedEmail = UserNameRules.Normalize(email);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("Account not found.");
        if (user.NormalizedEmail != normalizedEmail && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct))
        {
            throw new ValidationException("email", "An account with that email address already exists.");
        }
        var emailChanged = user.NormalizedEmail != normalizedEmail || user.Email != email;
        user.DisplayName = displayName.Length == 0 ? null : displayName;
        user.Email = email;
        user.NormalizedEmail = normalizedEmail;
        user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await log.RecordAsync(SecurityEventKinds.ProfileChanged, user.Id, user.UserName, emailChanged ? "Email address changed." : null, ct: ct);
        return user;
    }

    /// <summary>Disables or enables an account (an admin action). A disabled account cannot sign in and all its sessions end.</summary>
    public async Task<User> SetDisabledAsync(string userName, bool disabled, string actor, CancellationToken ct = default)
    {
        var user = await FindByUserNameAsync(userName, ct) ?? throw new NotFoundException($"No user named '{userName}'.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.IsDisabled, disabled)
                .SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))
                .SetProperty(u => u.UpdatedAt, now), ct);
        }
        if (disabled)
        {
            await sessions.RevokeAllAsync(user.Id, except: null, ct);
        }
        await log.RecordAsync(disabled ? SecurityEventKinds.UserDisabled : SecurityEventKinds.UserEnabled, user.Id, user.UserName, $"By {actor}.", ct: ct);
        user.IsDisabled = disabled;
        return user;
    }

    public async Task<User?> FindByUserNameAsync(string userName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > UserNameRules.MaxUserNameLength)
        {
            return null;
        }
        var normalized = UserNameRules.Normalize(userName.Trim());
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
    }

    internal static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The user behind a name and password, and the account the name belongs to whether or not the password was right
    /// (for the log). Null user for an unknown name, a wrong password or a disabled account. Over-long input is refused
    /// before hashing; an unknown name still costs one hash so timing does not tell.
    /// </summary>
    private async Task<(User? User, User? Known)> CheckPasswordAsync(string login, string? password, CancellationToken ct)
    {
        password ??= "";
        if (login.Length == 0 || password.Length == 0 || password.Length > _options.MaxPasswordLength ||
            login.Length > UserNameRules.MaxEmailLength)
        {
            return (null, null);
        }

        var normalized = UserNameRules.Normalize(login);
        User? user;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            user = login.Contains('@')
                ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
                : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        }
        if (user is null)
        {
            await hasher.VerifyDummyAsync(password, ct);
            return (null, null);
        }

        var verification = await hasher.VerifyAsync(password, user.PasswordHash, ct);
        if (verification == PasswordVerification.Failed || user.IsDisabled)
        {
            return (null, user);
        }
        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            await RehashAsync(user, password, ct);
        }
        return (user, user);
    }

    /// <summary>Every sign-in gets a new session id and token; nothing from before the sign-in is reused.</summary>
    private async Task<SignInResult> OpenSessionAsync(User user, ClientInfo client, string? detail, CancellationToken ct)
    {
        var session = await sessions.CreateAsync(user, client, ct);
        await log.RecordAsync(SecurityEventKinds.SignIn, user.Id, user.UserName, detail, client, ct);
        return session;
    }

    private async Task RehashAsync(User user, string password, CancellationToken ct)
    {
        var hash = await hasher.HashAsync(password, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Only replace the hash that was verified, in case the password changed meanwhile.
        await db.Users.Where(u => u.Id == user.Id && u.PasswordHash == user.PasswordHash)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash).SetProperty(u => u.UpdatedAt, now), ct);
        user.PasswordHash = hash;
    }

    private static async Task ThrowIfTakenAsync(CasGistsDbContext db, string normalizedUserName, string normalizedEmail, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalizedUserName, ct))
        {
            errors.Add("userName", "That username is already taken.");
        }
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct))
        {
            errors.Add("email", "An account with that email address already exists.");
        }
        errors.ThrowIfAny();
    }
}
