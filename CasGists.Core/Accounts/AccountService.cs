using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts;

/// <summary>Registration, sign-in with Argon2id and server-side sessions.</summary>
public sealed class AccountService(
    IDbContextFactory<CasGistsDbContext> contexts,
    PasswordHasher hasher,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    private const int MaxUserAgentLength = 512;
    private const int MaxIpLength = 45;
    private const int MaxTokenLength = 128;

    /// <summary>How often a live session's last-seen time is written; every request would be a write.</summary>
    internal static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

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
        if (password.Length < _options.MinPasswordLength)
        {
            errors.Add("password", $"Password must be at least {_options.MinPasswordLength} characters.");
        }
        else if (password.Length > _options.MaxPasswordLength)
        {
            errors.Add("password", $"Password must be at most {_options.MaxPasswordLength} characters.");
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
        var (sessionId, token) = await CreateSessionAsync(user, ipAddress, userAgent, ct);
        return new SignInResult(user, sessionId, token);
    }

    /// <summary>Null for an unknown user, a wrong password or a disabled account (one generic failure).</summary>
    public async Task<SignInResult?> SignInAsync(SignInInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await VerifyPasswordAsync(input.UserNameOrEmail, input.Password, ct);
        if (user is null)
        {
            return null;
        }
        var (sessionId, token) = await CreateSessionAsync(user, input.IpAddress, input.UserAgent, ct);
        return new SignInResult(user, sessionId, token);
    }

    /// <summary>
    /// Checks a password without opening a session (git over HTTP sends it with every request).
    /// Null for an unknown user, a wrong password or a disabled account; the same throttled hasher as sign-in.
    /// </summary>
    public async Task<User?> VerifyPasswordAsync(string? userNameOrEmail, string? password, CancellationToken ct = default)
    {
        var login = (userNameOrEmail ?? "").Trim();
        password ??= "";
        if (login.Length == 0 || password.Length == 0 || password.Length > _options.MaxPasswordLength ||
            login.Length > UserNameRules.MaxEmailLength)
        {
            return null;
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
            return null;
        }

        var verification = await hasher.VerifyAsync(password, user.PasswordHash, ct);
        if (verification == PasswordVerification.Failed || user.IsDisabled)
        {
            return null;
        }
        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            await RehashAsync(user, password, ct);
        }
        return user;
    }

    /// <summary>The live session for a cookie token, or null; refreshes its last-seen time.</summary>
    public async Task<(User User, UserSession Session)?> ValidateSessionAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        var tokenHash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.User)
            .SingleOrDefaultAsync(s => s.TokenHash == tokenHash, ct);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now || session.User.IsDisabled)
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
    public async Task<bool> IsSessionActiveAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Sessions.AnyAsync(
            s => s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now && !s.User.IsDisabled, ct);
    }

    public async Task SignOutAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return;
        }
        var tokenHash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Sessions.Where(s => s.TokenHash == tokenHash && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
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

    private async Task<(Guid SessionId, string Token)> CreateSessionAsync(User user, string? ipAddress, string? userAgent, CancellationToken ct)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            TokenHash = HashToken(token),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + _options.SessionLifetime,
            IpAddress = Truncate(ipAddress, MaxIpLength),
            UserAgent = Truncate(userAgent, MaxUserAgentLength),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return (session.Id, token);
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

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
