using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Common;

namespace CasGists.Tests.Core.Accounts.Sessions;

public sealed class SessionServiceTests : IAsyncLifetime
{
    private const string FirefoxLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private const string ChromeAndroid = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task EverySignInGetsANewSessionId()
    {
        await _t.RegisterAsync("alice");

        var first = await _t.SignInAsync("alice");
        var second = await _t.SignInAsync("alice");

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task TheDevicesListShowsLiveSessionsWithTheCurrentOneFirst()
    {
        var alice = await _t.RegisterAsync("alice");
        var laptop = await _t.SignInAsync("alice", "192.0.2.1", FirefoxLinux);
        _t.Clock.Advance(TimeSpan.FromMinutes(5));
        var phone = await _t.SignInAsync("alice", "192.0.2.2", ChromeAndroid);
        var gone = await _t.SignInAsync("alice");
        await _t.Accounts.SignOutAsync(gone.Token);

        var devices = await _t.Sessions.ListAsync(Viewer.For(alice), laptop.SessionId);

        Assert.Equal([laptop.SessionId, phone.SessionId], devices.Select(d => d.Id));
        Assert.True(devices[0].IsCurrent);
        Assert.Equal("Firefox on Linux", devices[0].Browser);
        Assert.Equal("Chrome on Android", devices[1].Browser);
        Assert.Equal("192.0.2.2", devices[1].IpAddress);
    }

    [Fact]
    public async Task RevokingOneSessionEndsOnlyThatOne()
    {
        var alice = await _t.RegisterAsync("alice");
        var laptop = await _t.SignInAsync("alice");
        var phone = await _t.SignInAsync("alice");

        await _t.Sessions.RevokeAsync(Viewer.For(alice), phone.SessionId);

        Assert.Null(await _t.Accounts.ValidateSessionAsync(phone.Token));
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(laptop.Token));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.SessionRevoked);
    }

    [Fact]
    public async Task NobodyCanRevokeSomeoneElsesSession()
    {
        await _t.RegisterAsync("alice");
        var mallory = await _t.RegisterAsync("mallory");
        var alices = await _t.SignInAsync("alice");

        await Assert.ThrowsAsync<NotFoundException>(() => _t.Sessions.RevokeAsync(Viewer.For(mallory), alices.SessionId));

        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(alices.Token));
    }

    [Fact]
    public async Task RevokingAllOthersKeepsTheCurrentSession()
    {
        var alice = await _t.RegisterAsync("alice");
        var here = await _t.SignInAsync("alice");
        var others = new[] { await _t.SignInAsync("alice"), await _t.SignInAsync("alice") };
        await _t.RegisterAsync("bob");
        var bobs = await _t.SignInAsync("bob");

        var count = await _t.Sessions.RevokeOthersAsync(Viewer.For(alice), here.SessionId);

        Assert.Equal(2, count);
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(here.Token));
        Assert.All(others, s => Assert.Null(_t.Accounts.ValidateSessionAsync(s.Token).Result));
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(bobs.Token));
    }

    [Theory]
    [InlineData(null, "Unknown browser")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1", "Chrome on iOS")]
    [InlineData("curl/8.5.0", "curl")]
    public void UserAgentsAreSummarisedForPeople(string? userAgent, string expected) =>
        Assert.Equal(expected, UserAgentSummary.Describe(userAgent));
}
