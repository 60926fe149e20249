using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Jwt;
using CasGists.Core.Accounts.Tokens;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CasGists.Tests.Core.Accounts.Jwt;

public sealed class RefreshTokenServiceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly JwtOptions _options = new() { RefreshTokenLifetime = TimeSpan.FromDays(30) };
    private RefreshTokenService _service = null!;
    private User _alice = null!;
    private static readonly TokenScopes Scopes = Parse("gist:read,user:read");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _service = new RefreshTokenService(_database.Contexts, Microsoft.Extensions.Options.Options.Create(_options), _time);
        _alice = await AddUserAsync("alice");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static TokenScopes Parse(string text)
    {
        Assert.True(TokenScopes.TryParse(text, out var scopes, out _));
        return scopes;
    }

    private async Task<User> AddUserAsync(string name)
    {
        await using var db = await _database.Contexts.CreateDbContextAsync();
        var user = new User
        {
            Id = Guid.NewGuid(), UserName = name, NormalizedUserName = name, Email = $"{name}@example.test",
            NormalizedEmail = $"{name}@example.test", PasswordHash = "x", CreatedAt = _time.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private async Task UpdateUserAsync(Action<User> change)
    {
        await using var db = await _database.Contexts.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Id == _alice.Id);
        change(user);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task SecretIsStoredOnlyAsItsHash()
    {
        var issued = await _service.IssueAsync(_alice, Scopes);

        Assert.StartsWith(RefreshTokenService.Prefix, issued.Secret);
        await using var db = await _database.Contexts.CreateDbContextAsync();
        var row = await db.Set<RefreshToken>().SingleAsync();
        Assert.Equal(RefreshTokenService.Hash(issued.Secret), row.TokenHash);
        Assert.DoesNotContain(issued.Secret, row.TokenHash);
        Assert.Equal("gist:read,user:read", row.Scopes);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddDays(30), row.ExpiresAt);
    }

    [Fact]
    public async Task RefreshRotatesWithinTheFamilyAndKeepsTheScopes()
    {
        var first = await _service.IssueAsync(_alice, Scopes);

        var second = await _service.RotateAsync(first.Secret);
        var third = await _service.RotateAsync(second!.Next.Secret);

        Assert.NotNull(third);
        Assert.Equal(first.FamilyId, third.Next.FamilyId);
        Assert.NotEqual(first.Secret, second.Next.Secret);
        Assert.Equal(_alice.Id, third.User.Id);
        Assert.Equal(Scopes.Granted, third.Scopes.Granted);
    }

    [Fact]
    public async Task ReusedRefreshTokenRevokesTheWholeFamily()
    {
        var first = await _service.IssueAsync(_alice, Scopes);
        var second = await _service.RotateAsync(first.Secret);
        var other = await _service.IssueAsync(_alice, Scopes);

        Assert.Null(await _service.RotateAsync(first.Secret));

        // The legitimate successor is dead too: the thief and the owner both have to sign in again.
        Assert.Null(await _service.RotateAsync(second!.Next.Secret));
        // Another sign-in (another family) is untouched.
        Assert.NotNull(await _service.RotateAsync(other.Secret));
    }

    [Fact]
    public async Task ConcurrentRefreshesWithOneTokenLetAtMostOneThrough()
    {
        var first = await _service.IssueAsync(_alice, Scopes);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _service.RotateAsync(first.Secret)));

        Assert.True(results.Count(r => r is not null) <= 1);
    }

    [Fact]
    public async Task ExpiredRefreshTokenIsRefused()
    {
        var first = await _service.IssueAsync(_alice, Scopes);

        _time.Advance(TimeSpan.FromDays(30));

        Assert.Null(await _service.RotateAsync(first.Secret));
    }

    [Fact]
    public async Task DisabledUserCannotRefresh()
    {
        var first = await _service.IssueAsync(_alice, Scopes);
        await UpdateUserAsync(u => u.IsDisabled = true);

        Assert.Null(await _service.RotateAsync(first.Secret));

        await UpdateUserAsync(u => u.IsDisabled = false);
        Assert.Null(await _service.RotateAsync(first.Secret));
    }

    [Fact]
    public async Task ChangedSecurityStampEndsTheFamily()
    {
        var first = await _service.IssueAsync(_alice, Scopes);
        await UpdateUserAsync(u => u.SecurityStamp = Guid.NewGuid().ToString("N"));

        Assert.Null(await _service.RotateAsync(first.Secret));
    }

    [Fact]
    public async Task RevokeEndsTheFamilyAndRevokeAllEndsEveryFamily()
    {
        var first = await _service.IssueAsync(_alice, Scopes);
        var second = await _service.RotateAsync(first.Secret);
        var other = await _service.IssueAsync(_alice, Scopes);

        Assert.True(await _service.RevokeAsync(first.Secret));
        Assert.Null(await _service.RotateAsync(second!.Next.Secret));
        Assert.NotNull(await _service.RotateAsync(other.Secret));

        await _service.RevokeAllAsync(_alice.Id);
        Assert.False(await _service.RevokeAsync("cgr_unknown"));
        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.All(await db.Set<RefreshToken>().ToListAsync(), t => Assert.NotNull(t.RevokedAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-refresh-token")]
    [InlineData("cgp_looksLikeAnAccessToken")]
    public async Task MalformedSecretsAreRefusedWithoutError(string? secret)
    {
        Assert.Null(await _service.RotateAsync(secret));
        Assert.Null(await _service.RotateAsync(RefreshTokenService.Prefix + new string('a', 5000)));
        Assert.False(await _service.RevokeAsync(secret));
    }

    [Fact]
    public async Task ActiveSubjectNeedsTheCurrentStampAndAnEnabledAccount()
    {
        Assert.NotNull(await _service.FindActiveSubjectAsync(_alice.Id, _alice.SecurityStamp));
        Assert.Null(await _service.FindActiveSubjectAsync(_alice.Id, "other"));
        Assert.Null(await _service.FindActiveSubjectAsync(_alice.Id, null));
        Assert.Null(await _service.FindActiveSubjectAsync(Guid.NewGuid(), _alice.SecurityStamp));

        await UpdateUserAsync(u => u.IsDisabled = true);
        Assert.Null(await _service.FindActiveSubjectAsync(_alice.Id, _alice.SecurityStamp));
    }
}
