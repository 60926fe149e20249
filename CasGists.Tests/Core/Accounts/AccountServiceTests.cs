using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasGists.Tests.Core.Accounts;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private AccountsTestContext _context = null!;
    private TestDatabase _db = null!;
    private FakeTimeProvider _clock = null!;
    private AccountOptions _options = null!;
    private PasswordHasher _hasher = null!;
    private AccountService _accounts = null!;

    public async Task InitializeAsync()
    {
        _context = await AccountsTestContext.CreateAsync();
        _db = _context.Database;
        _clock = _context.Clock;
        _options = _context.Options;
        _hasher = _context.Hasher;
        _accounts = _context.Accounts;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    /// <summary>The session of a sign-in that succeeded at once, or null for any other outcome.</summary>
    private async Task<SignInResult?> SignInAsync(SignInInput input) =>
        (await _accounts.SignInAsync(input) as SignInOutcome.Succeeded)?.Session;

    private Task<User> RegisterAsync(string name, bool isAdmin = false) =>
        _accounts.RegisterAsync(new RegisterInput(name, $"{name}@example.com", Password), isAdmin);

    private async Task<int> UserCountAsync()
    {
        await using var db = await _db.Contexts.CreateDbContextAsync();
        return await db.Users.CountAsync();
    }

    [Fact]
    public async Task TheFirstAccountIsAdminAndTheSecondIsNot()
    {
        var first = await RegisterAsync("alice");
        var second = await RegisterAsync("bob");
        var third = await RegisterAsync("carol", isAdmin: true);

        Assert.True(first.IsAdmin);
        Assert.False(second.IsAdmin);
        Assert.True(third.IsAdmin);
        Assert.Equal("alice", first.NormalizedUserName);
        Assert.StartsWith("$argon2id$", first.PasswordHash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-alice")]
    [InlineData("alice-")]
    [InlineData("al--ice")]
    [InlineData("al ice")]
    [InlineData("al_ice")]
    [InlineData("alice.bob")]
    [InlineData("ålice")]
    [InlineData("a23456789012345678901234567890123456789x")]
    public async Task AMalformedUsernameIsRefusedAndNothingIsWritten(string userName)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput(userName, "someone@example.com", Password)));

        Assert.Equal(["userName"], error.Errors.Keys);
        Assert.Equal(0, await UserCountAsync());
    }

    [Theory]
    [InlineData("api")]
    [InlineData("Admin")]
    [InlineData("raw")]
    [InlineData("LOGIN")]
    [InlineData("settings")]
    [InlineData("new")]
    [InlineData("health")]
    public async Task ANameThatCollidesWithARouteIsReserved(string userName)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput(userName, "someone@example.com", Password)));

        Assert.Contains("reserved", error.Errors["userName"].Single());
        Assert.Equal(0, await UserCountAsync());
    }

    [Fact]
    public void EveryTopLevelRouteIsReserved()
    {
        string[] routes = ["api", "admin", "raw", "login", "logout", "register", "new", "settings", "search", "health",
            "metrics", "openapi", "_framework", "_content", "_blazor", "css", "js", "lib", "favicon.ico", "robots.txt",
            "assets", "static", "discover", "explore", "starred", "stars", "topics", "users", "user", "gists", "gist",
            "about", "help", "docs", "security", "account", "session", "auth", "oauth", ".well-known", "root", "system",
            "null", "undefined"];

        Assert.All(routes, r => Assert.Contains(r, UserNameRules.Reserved));
    }

    [Fact]
    public async Task UsernamesAndEmailsThatDifferOnlyByCaseCollide()
    {
        await RegisterAsync("Alice");

        var byName = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput("aLICE", "other@example.com", Password)));
        var byEmail = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput("someone", "ALICE@Example.com", Password)));

        Assert.Equal(["userName"], byName.Errors.Keys);
        Assert.Equal(["email"], byEmail.Errors.Keys);
        Assert.Equal(1, await UserCountAsync());
        Assert.Equal("Alice", (await _accounts.FindByUserNameAsync("ALICE"))?.UserName);
    }

    [Fact]
    public async Task BadEmailAndShortPasswordAreReportedTogether()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput("alice", "not-an-email", "short")));

        Assert.Equal(["email", "password"], error.Errors.Keys.Order());
        Assert.Equal(0, await UserCountAsync());
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a b@example.com")]
    [InlineData("Alice <a@example.com>")]
    [InlineData("a@@example.com")]
    [InlineData("@example.com")]
    public async Task EmailGetsASanityCheck(string email)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput("alice", email, Password)));

        Assert.Equal(["email"], error.Errors.Keys);
    }

    [Fact]
    public async Task AnOverLongPasswordIsRefusedBeforeHashing()
    {
        var before = _hasher.HashesComputed;

        var error = await Assert.ThrowsAsync<ValidationException>(
            () => _accounts.RegisterAsync(new RegisterInput("alice", "alice@example.com", new string('x', _options.MaxPasswordLength + 1))));
        var signIn = await SignInAsync(new SignInInput("alice", new string('x', _options.MaxPasswordLength + 1), null, null));

        Assert.Equal(["password"], error.Errors.Keys);
        Assert.Null(signIn);
        Assert.Equal(before, _hasher.HashesComputed);
    }

    [Fact]
    public async Task SignInWorksByNameAndByEmailInAnyCase()
    {
        var alice = await RegisterAsync("alice");

        var byName = await SignInAsync(new SignInInput("ALICE", Password, "203.0.113.9", "Firefox"));
        var byEmail = await SignInAsync(new SignInInput("Alice@Example.com", Password, null, null));

        Assert.Equal(alice.Id, byName?.User.Id);
        Assert.Equal(alice.Id, byEmail?.User.Id);
        Assert.NotEqual(byName!.Token, byEmail!.Token);
        await using var db = await _db.Contexts.CreateDbContextAsync();
        var session = await db.Sessions.SingleAsync(s => s.Id == byName.SessionId);
        Assert.Equal("203.0.113.9", session.IpAddress);
        Assert.Equal("Firefox", session.UserAgent);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + _options.SessionAbsoluteTimeout, session.ExpiresAt);
        Assert.Equal(64, session.TokenHash.Length);
        Assert.DoesNotContain(byName.Token, session.TokenHash);
        Assert.Equal(43, byName.Token.Length);
    }

    [Fact]
    public async Task WrongPasswordUnknownUserAndDisabledAccountAllFailTheSameWay()
    {
        var alice = await RegisterAsync("alice");
        await RegisterAsync("bob");
        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.UserName == "bob").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }
        var before = _hasher.HashesComputed;

        Assert.Null(await SignInAsync(new SignInInput("alice", "wrong password", null, null)));
        Assert.Null(await SignInAsync(new SignInInput("nobody", Password, null, null)));
        Assert.Null(await SignInAsync(new SignInInput("bob", Password, null, null)));

        // The unknown user costs a hash too, so timing does not tell which accounts exist.
        Assert.Equal(before + 3, _hasher.HashesComputed);
        await using var check = await _db.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await check.Sessions.CountAsync());
        Assert.NotNull(alice);
    }

    [Fact]
    public async Task TheUserAgentIsTruncated()
    {
        await RegisterAsync("alice");

        var result = await SignInAsync(new SignInInput("alice", Password, null, new string('u', 2000)));

        var (_, session) = (await _accounts.ValidateSessionAsync(result!.Token))!.Value;
        Assert.Equal(512, session.UserAgent?.Length);
    }

    [Fact]
    public async Task ASessionInUseEndsAtTheAbsoluteTimeout()
    {
        await RegisterAsync("alice");
        var result = await SignInAsync(new SignInInput("alice", Password, null, null));

        // Used every day, so the idle timeout never strikes; the absolute one still does.
        var end = _clock.GetUtcNow() + _options.SessionAbsoluteTimeout;
        while (_clock.GetUtcNow() + TimeSpan.FromDays(1) < end)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            Assert.NotNull(await _accounts.ValidateSessionAsync(result!.Token));
        }
        _clock.SetUtcNow(end - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _accounts.ValidateSessionAsync(result!.Token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _accounts.ValidateSessionAsync(result.Token));
        Assert.False(await _accounts.IsSessionActiveAsync(result.SessionId));
    }

    [Fact]
    public async Task ASessionLeftUnusedEndsAtTheIdleTimeoutOnRequestsAndCircuits()
    {
        await RegisterAsync("alice");
        var result = await SignInAsync(new SignInInput("alice", Password, null, null));

        _clock.Advance(_options.SessionIdleTimeout - TimeSpan.FromSeconds(1));
        Assert.True(await _accounts.IsSessionActiveAsync(result!.SessionId));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await _accounts.IsSessionActiveAsync(result.SessionId));
        Assert.Null(await _accounts.ValidateSessionAsync(result.Token));
    }

    [Fact]
    public async Task LastSeenIsWrittenAtMostOnceAMinute()
    {
        await RegisterAsync("alice");
        var result = await SignInAsync(new SignInInput("alice", Password, null, null));
        var start = _clock.GetUtcNow().UtcDateTime;

        _clock.Advance(TimeSpan.FromSeconds(30));
        await _accounts.ValidateSessionAsync(result!.Token);
        Assert.Equal(start, await LastSeenAsync(result.SessionId));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await _accounts.ValidateSessionAsync(result.Token);
        Assert.Equal(start.AddSeconds(61), await LastSeenAsync(result.SessionId));
    }

    private async Task<DateTime> LastSeenAsync(Guid sessionId)
    {
        await using var db = await _db.Contexts.CreateDbContextAsync();
        return (await db.Sessions.SingleAsync(s => s.Id == sessionId)).LastSeenAt;
    }

    [Fact]
    public async Task SignOutRevokesOnlyThatSession()
    {
        await RegisterAsync("alice");
        var phone = await SignInAsync(new SignInInput("alice", Password, null, null));
        var laptop = await SignInAsync(new SignInInput("alice", Password, null, null));

        await _accounts.SignOutAsync(phone!.Token);

        Assert.Null(await _accounts.ValidateSessionAsync(phone.Token));
        Assert.False(await _accounts.IsSessionActiveAsync(phone.SessionId));
        Assert.NotNull(await _accounts.ValidateSessionAsync(laptop!.Token));
        Assert.True(await _accounts.IsSessionActiveAsync(laptop.SessionId));
    }

    [Fact]
    public async Task DisablingAUserEndsTheirSessions()
    {
        await RegisterAsync("alice");
        var result = await SignInAsync(new SignInInput("alice", Password, null, null));
        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        Assert.Null(await _accounts.ValidateSessionAsync(result!.Token));
        Assert.Null(await _accounts.ValidateSessionAsync("not-a-real-token"));
    }

    [Fact]
    public async Task AWeakStoredHashIsUpgradedOnSignIn()
    {
        await RegisterAsync("alice");
        await using var stronger = await AccountsTestContext.CreateAsync(o => o.Argon2Iterations = 2);
        await CopyUsersAsync(stronger);
        var accounts = stronger.Accounts;

        Assert.IsType<SignInOutcome.Succeeded>(await accounts.SignInAsync(new SignInInput("alice", Password, null, null)));

        var user = await accounts.FindByUserNameAsync("alice");
        Assert.Contains("$m=8192,t=2,p=1$", user!.PasswordHash);
        Assert.IsType<SignInOutcome.Succeeded>(await accounts.SignInAsync(new SignInInput("alice", Password, null, null)));
    }

    [Fact]
    public async Task SignUpIsRefusedWhenRegistrationIsClosed()
    {
        await using var closed = await AccountsTestContext.CreateAsync(o => o.AllowRegistration = false);
        var accounts = closed.Accounts;

        await Assert.ThrowsAsync<ForbiddenException>(
            () => accounts.SignUpAsync(new RegisterInput("alice", "alice@example.com", Password), null, null));
        Assert.NotNull(await accounts.RegisterAsync(new RegisterInput("alice", "alice@example.com", Password)));
    }

    private async Task CopyUsersAsync(AccountsTestContext target)
    {
        await using var from = await _db.Contexts.CreateDbContextAsync();
        await using var to = await target.Database.Contexts.CreateDbContextAsync();
        to.Users.AddRange(await from.Users.AsNoTracking().ToListAsync());
        await to.SaveChangesAsync();
    }
}
