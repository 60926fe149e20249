using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Core.Data;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace CasGists.Tests.Core.Accounts;

/// <summary>The real account services, wired as the app wires them, over a fresh database and a fake clock.</summary>
public sealed class AccountsTestContext : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private readonly ServiceProvider _services;

    private AccountsTestContext(TestDatabase database, Action<AccountOptions>? configure)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(database.Contexts);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddAccounts();
        services.Configure<AccountOptions>(o =>
        {
            // Cheap hashes keep the suite quick; the parameters themselves are tested with the hasher.
            o.Argon2MemoryKiB = 8192;
            o.Argon2Iterations = 1;
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    public IServiceProvider Services => _services;
    public AccountOptions Options => Get<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value;
    public AccountService Accounts => Get<AccountService>();
    public PasswordHasher Hasher => Get<PasswordHasher>();
    public SessionService Sessions => Get<SessionService>();
    public TwoFactorService TwoFactor => Get<TwoFactorService>();
    public PasswordService Passwords => Get<PasswordService>();
    public PasswordResetService Resets => Get<PasswordResetService>();
    public SecurityLogService Log => Get<SecurityLogService>();
    public SignInThrottle Throttle => Get<SignInThrottle>();

    public static async Task<AccountsTestContext> CreateAsync(Action<AccountOptions>? configure = null) =>
        new(await TestDatabase.CreateAsync(), configure);

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Task<User> RegisterAsync(string name, bool isAdmin = false) =>
        Accounts.RegisterAsync(new RegisterInput(name, $"{name}@example.com", Password), isAdmin);

    /// <summary>A password sign-in that must succeed without a second step.</summary>
    public async Task<SignInResult> SignInAsync(string name, string? ip = null, string? userAgent = null)
    {
        var outcome = await Accounts.SignInAsync(new SignInInput(name, Password, ip, userAgent));
        return Assert.IsType<SignInOutcome.Succeeded>(outcome).Session;
    }

    /// <summary>Turns 2FA on for a user; returns the base32 secret and the recovery codes.</summary>
    public async Task<(byte[] Secret, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(User user)
    {
        var viewer = Viewer.For(user);
        var enrolment = await TwoFactor.StartEnrolmentAsync(viewer);
        var secret = Base32Encoding.ToBytes(enrolment.ManualKey.Replace(" ", ""));
        var codes = await TwoFactor.ConfirmEnrolmentAsync(viewer, CodeAt(secret, Clock.GetUtcNow()));
        // The next code is for a later step: the enrolment code's step is used up.
        Clock.Advance(TimeSpan.FromSeconds(30));
        return (secret, codes);
    }

    public static string CodeAt(byte[] secret, DateTimeOffset time) => new Totp(secret).ComputeTotp(time.UtcDateTime);

    public string CurrentCode(byte[] secret) => CodeAt(secret, Clock.GetUtcNow());

    public async Task<List<SecurityEvent>> EventsAsync(Guid? userId = null)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync();
        var query = db.Set<SecurityEvent>().AsNoTracking();
        if (userId is not null)
        {
            query = query.Where(e => e.UserId == userId);
        }
        return [.. (await query.ToListAsync()).OrderBy(e => e.OccurredAt)];
    }

    public async Task<int> LiveSessionCountAsync(Guid userId)
    {
        var viewer = new Viewer(userId, null, false);
        return (await Sessions.ListAsync(viewer, null)).Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
