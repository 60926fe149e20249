using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;

namespace CasGists.Tests.Core.Accounts.SecurityLog;

public sealed class SecurityLogServiceTests : IAsyncLifetime
{
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task SignInsAreLoggedWithTheirAddressAndFailuresForUnknownNamesAreNotLinked()
    {
        var alice = await _t.RegisterAsync("alice");
        _t.Clock.Advance(TimeSpan.FromSeconds(1));
        await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, "192.0.2.1", "Firefox"));
        _t.Clock.Advance(TimeSpan.FromSeconds(1));
        await _t.Accounts.SignInAsync(new SignInInput("alice", "wrong password", "192.0.2.2", null));
        await _t.Accounts.SignInAsync(new SignInInput("Mallory", "wrong password", "192.0.2.3", null));

        var mine = await _t.Log.ListMineAsync(Viewer.For(alice));
        var all = await _t.Log.ListAllAsync(new Viewer(Guid.NewGuid(), "root", IsAdmin: true));

        Assert.Equal([SecurityEventKinds.SignInFailed, SecurityEventKinds.SignIn, SecurityEventKinds.UserCreated], mine.Items.Select(e => e.Kind));
        Assert.Equal("192.0.2.1", mine.Items[1].IpAddress);
        Assert.Equal("Firefox", mine.Items[1].UserAgent);
        Assert.Equal("Signed in", mine.Items[1].Description);
        var unknown = Assert.Single(all.Items, e => e.UserName == "Mallory");
        Assert.Null(unknown.UserId);
        Assert.Equal("192.0.2.3", unknown.IpAddress);
    }

    [Fact]
    public async Task TokensCreatedAndRevokedAreLogged()
    {
        var alice = await _t.RegisterAsync("alice");
        var tokens = _t.Get<TokenService>();

        var created = await tokens.CreateAsync(Viewer.For(alice), new CreateTokenInput("laptop", [TokenScopes.GistRead], 30));
        await tokens.RevokeAsync(Viewer.For(alice), created.Token.Id);

        var kinds = (await _t.EventsAsync(alice.Id)).Select(e => e.Kind).ToList();
        Assert.Contains(SecurityEventKinds.TokenCreated, kinds);
        Assert.Contains(SecurityEventKinds.TokenRevoked, kinds);
    }

    [Fact]
    public async Task OnlyAdminsReadTheWholeLogAndCanFilterItByUser()
    {
        var alice = await _t.RegisterAsync("alice");
        await _t.RegisterAsync("bob");
        await _t.Accounts.SignInAsync(new SignInInput("carol", "wrong password", null, null));

        // The first account is an admin; ask as a plain user.
        await Assert.ThrowsAsync<ForbiddenException>(() => _t.Log.ListAllAsync(Viewer.For(alice) with { IsAdmin = false }));
        await Assert.ThrowsAsync<ForbiddenException>(() => _t.Log.ListMineAsync(Viewer.Anonymous));
        var admin = new Viewer(Guid.NewGuid(), "root", IsAdmin: true);
        var bobs = await _t.Log.ListAllAsync(admin, "BOB");
        var carols = await _t.Log.ListAllAsync(admin, "carol");

        Assert.All(bobs.Items, e => Assert.Equal("bob", e.UserName));
        Assert.Single(bobs.Items);
        Assert.Equal(SecurityEventKinds.SignInFailed, Assert.Single(carols.Items).Kind);
    }

    [Fact]
    public async Task TheLogIsPagedNewestFirst()
    {
        var alice = await _t.RegisterAsync("alice");
        for (var i = 0; i < SecurityLogService.PageSize + 5; i++)
        {
            _t.Clock.Advance(TimeSpan.FromSeconds(1));
            await _t.Log.RecordAsync(SecurityEventKinds.SignedOut, alice.Id, "alice", $"#{i}");
        }

        var first = await _t.Log.ListMineAsync(Viewer.For(alice));
        var second = await _t.Log.ListMineAsync(Viewer.For(alice), 2);

        Assert.Equal(SecurityLogService.PageSize + 6, first.Total);
        Assert.Equal(2, first.PageCount);
        Assert.Equal($"#{SecurityLogService.PageSize + 4}", first.Items[0].Detail);
        Assert.Equal(6, second.Items.Count);
        Assert.Equal(SecurityEventKinds.UserCreated, second.Items[^1].Kind);
    }
}
