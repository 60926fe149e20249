using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CasGists.Tests.Core.Accounts.Tokens;

public sealed class TokenServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private TokenService _tokens = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _tokens = new TokenService(_db.Contexts, _clock);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<User> AddUserAsync(string name, bool isAdmin = false)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = Guid.NewGuid(),
            UserName = name,
            NormalizedUserName = name,
            Email = $"{name}@example.test",
            NormalizedEmail = $"{name}@example.test",
            PasswordHash = "not-used",
            IsAdmin = isAdmin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await _db.Contexts.CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private Task<CreatedToken> CreateAsync(User user, string name = "laptop", string[]? scopes = null, int? days = null) =>
        _tokens.CreateAsync(Viewer.For(user), new CreateTokenInput(name, scopes ?? ["gist:read"], days));

    private async Task<int> TokenCountAsync()
    {
        await using var db = await _db.Contexts.CreateDbContextAsync();
        return await db.PersonalAccessTokens.CountAsync();
    }

    [Fact]
    public async Task ACreatedTokenAuthenticatesAsItsUserWithItsScopes()
    {
        var alice = await AddUserAsync("alice");

        var created = await CreateAsync(alice, "ci", ["gist:write", "user:read"], days: 30);
        var identity = await _tokens.AuthenticateAsync(created.Secret);

        Assert.NotNull(identity);
        Assert.Equal(alice.Id, identity.User.Id);
        Assert.Equal("ci", identity.TokenName);
        Assert.True(identity.Scopes.Has(TokenScopes.GistRead));
        Assert.False(identity.Scopes.Has(TokenScopes.UserWrite));
        Assert.Equal(["gist:write", "user:read"], created.Token.Scopes);
        Assert.Equal(created.Secret[..12], created.Token.DisplayPrefix);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddDays(30), created.Token.ExpiresAt);
    }

    [Fact]
    public async Task TheSecretIsNeverStoredOnlyItsHash()
    {
        var alice = await AddUserAsync("alice");
        var created = await CreateAsync(alice);

        await using var db = await _db.Contexts.CreateDbContextAsync();
        var row = await db.PersonalAccessTokens.SingleAsync();
        Assert.Equal(TokenFormat.Hash(created.Secret), row.TokenHash);
        Assert.DoesNotContain(created.Secret[12..], row.TokenHash + row.DisplayPrefix + row.Name + row.Scopes);
        var listed = Assert.Single(await _tokens.ListMineAsync(Viewer.For(alice)));
        Assert.DoesNotContain(created.Secret, listed.ToString());
    }

    [Fact]
    public async Task ListingShowsOnlyMyTokensNewestFirst()
    {
        var alice = await AddUserAsync("alice");
        var bob = await AddUserAsync("bob");
        await CreateAsync(alice, "old");
        _clock.Advance(TimeSpan.FromMinutes(5));
        await CreateAsync(alice, "new");
        await CreateAsync(bob, "bobs");

        var mine = await _tokens.ListMineAsync(Viewer.For(alice));

        Assert.Equal(["new", "old"], mine.Select(t => t.Name));
        Assert.Empty(await _tokens.ListMineAsync(Viewer.Anonymous));
    }

    [Fact]
    public async Task ARevokedTokenNoLongerAuthenticatesAndItsNameCanBeReused()
    {
        var alice = await AddUserAsync("alice");
        var created = await CreateAsync(alice);

        var revoked = await _tokens.RevokeAsync(Viewer.For(alice), created.Token.Id);

        Assert.NotNull(revoked.RevokedAt);
        Assert.Null(await _tokens.AuthenticateAsync(created.Secret));
        var again = await CreateAsync(alice);
        Assert.NotNull(await _tokens.AuthenticateAsync(again.Secret));
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminCanRevoke()
    {
        var alice = await AddUserAsync("alice");
        var bob = await AddUserAsync("bob");
        var admin = await AddUserAsync("root", isAdmin: true);
        var created = await CreateAsync(alice);

        await Assert.ThrowsAsync<NotFoundException>(() => _tokens.RevokeAsync(Viewer.For(bob), created.Token.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _tokens.RevokeAsync(Viewer.Anonymous, created.Token.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _tokens.RevokeAsync(Viewer.For(alice), Guid.NewGuid()));
        Assert.NotNull(await _tokens.AuthenticateAsync(created.Secret));

        await _tokens.RevokeAsync(Viewer.For(admin), created.Token.Id);
        Assert.Null(await _tokens.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task AnExpiredTokenNoLongerAuthenticates()
    {
        var alice = await AddUserAsync("alice");
        var created = await CreateAsync(alice, days: 7);

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _tokens.AuthenticateAsync(created.Secret));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await _tokens.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task ADisabledUsersTokensStopWorking()
    {
        var alice = await AddUserAsync("alice");
        var created = await CreateAsync(alice);
        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        Assert.Null(await _tokens.AuthenticateAsync(created.Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cgp_")]
    [InlineData("password123")]
    [InlineData("cgp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedOrUnknownSecretsDoNotAuthenticate(string? secret)
    {
        var alice = await AddUserAsync("alice");
        await CreateAsync(alice);

        Assert.Null(await _tokens.AuthenticateAsync(secret));
        Assert.Null(await _tokens.AuthenticateAsync(TokenFormat.Generate()));
    }

    [Fact]
    public async Task LastUsedIsWrittenAtMostOnceAMinute()
    {
        var alice = await AddUserAsync("alice");
        var created = await CreateAsync(alice);
        var start = _clock.GetUtcNow().UtcDateTime;

        await _tokens.AuthenticateAsync(created.Secret);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await _tokens.AuthenticateAsync(created.Secret);
        Assert.Equal(start, (await _tokens.ListMineAsync(Viewer.For(alice)))[0].LastUsedAt);

        _clock.Advance(TimeSpan.FromSeconds(31));
        await _tokens.AuthenticateAsync(created.Secret);
        Assert.Equal(start.AddSeconds(61), (await _tokens.ListMineAsync(Viewer.For(alice)))[0].LastUsedAt);
    }

    [Fact]
    public async Task OnlyAnAdminsTokenWithTheAdminScopeActsAsAdmin()
    {
        var admin = await AddUserAsync("root", isAdmin: true);
        var plain = await CreateAsync(admin, "plain", ["gist:write"]);
        var full = await CreateAsync(admin, "full", ["admin"]);

        Assert.False((await _tokens.AuthenticateAsync(plain.Secret))!.Viewer.IsAdmin);
        Assert.True((await _tokens.AuthenticateAsync(full.Secret))!.Viewer.IsAdmin);
    }

    [Theory]
    [InlineData("", "gist:read", null, "name")]
    [InlineData("   ", "gist:read", null, "name")]
    [InlineData("tab\tname", "gist:read", null, "name")]
    [InlineData("ok", "", null, "scopes")]
    [InlineData("ok", "gist:delete", null, "scopes")]
    [InlineData("ok", "admin", null, "scopes")]
    [InlineData("ok", "gist:read", 0, "expiresInDays")]
    [InlineData("ok", "gist:read", 3651, "expiresInDays")]
    public async Task BadInputIsRefusedWithTheFieldNameAndWritesNothing(string name, string scopes, int? days, string field)
    {
        var alice = await AddUserAsync("alice");

        var error = await Assert.ThrowsAsync<ValidationException>(() => _tokens.CreateAsync(
            Viewer.For(alice), new CreateTokenInput(name, scopes.Split(','), days)));

        Assert.Equal([field], error.Errors.Keys);
        Assert.Equal(0, await TokenCountAsync());
    }

    [Fact]
    public async Task ANameTooLongOrAlreadyUsedIsRefused()
    {
        var alice = await AddUserAsync("alice");
        var bob = await AddUserAsync("bob");
        await CreateAsync(alice, "laptop");

        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => CreateAsync(alice, "laptop"));
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => CreateAsync(alice, new string('x', 101)));
        await CreateAsync(bob, "laptop");
        await CreateAsync(alice, new string('x', 100));

        Assert.Equal(["name"], duplicate.Errors.Keys);
        Assert.Equal(["name"], tooLong.Errors.Keys);
        Assert.Equal(3, await TokenCountAsync());
    }

    [Fact]
    public async Task AnonymousCannotCreateATokenAndNothingIsWritten()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            _tokens.CreateAsync(Viewer.Anonymous, new CreateTokenInput("x", ["gist:read"], null)));
        Assert.Equal(0, await TokenCountAsync());
    }
}
