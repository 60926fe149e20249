using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;

namespace CasGists.Tests.Core.Accounts;

public sealed class SignInThrottleTests : IAsyncLifetime
{
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync(o =>
    {
        o.FailuresPerAccount = 3;
        o.FailuresPerIp = 5;
        o.ThrottleWindow = TimeSpan.FromMinutes(10);
    });

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private Task<SignInOutcome> TryAsync(string name, string password, string ip = "203.0.113.1") =>
        _t.Accounts.SignInAsync(new SignInInput(name, password, ip, null));

    [Fact]
    public async Task GuessingOneAccountsPasswordIsThrottledEvenForTheRightPassword()
    {
        await _t.RegisterAsync("alice");
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<SignInOutcome.Failed>(await TryAsync("alice", $"guess {i}", $"203.0.113.{i}"));
        }
        var before = _t.Hasher.HashesComputed;

        var throttled = Assert.IsType<SignInOutcome.Throttled>(await TryAsync("ALICE", AccountsTestContext.Password, "198.51.100.1"));

        Assert.Equal("Too many attempts. Try again in 10 minutes.", throttled.Message);
        // Refused before any hashing: a throttled flood costs no CPU.
        Assert.Equal(before, _t.Hasher.HashesComputed);
        Assert.Contains(await _t.EventsAsync(), e => e.Kind == SecurityEventKinds.SignInThrottled);
    }

    [Fact]
    public async Task TheWindowSlidesSoOldFailuresStopCounting()
    {
        await _t.RegisterAsync("alice");
        await TryAsync("alice", "guess 1");
        _t.Clock.Advance(TimeSpan.FromMinutes(4));
        await TryAsync("alice", "guess 2");
        await TryAsync("alice", "guess 3");

        var first = Assert.IsType<SignInOutcome.Throttled>(await TryAsync("alice", AccountsTestContext.Password));
        Assert.Equal(TimeSpan.FromMinutes(6), first.RetryAfter);
        _t.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.IsType<SignInOutcome.Succeeded>(await TryAsync("alice", AccountsTestContext.Password));
    }

    [Fact]
    public async Task OneAddressTryingManyAccountsIsThrottled()
    {
        foreach (var name in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            Assert.IsType<SignInOutcome.Failed>(await TryAsync(name, "hunter2hunter2"));
        }
        await _t.RegisterAsync("alice");

        Assert.IsType<SignInOutcome.Throttled>(await TryAsync("alice", AccountsTestContext.Password));
        Assert.IsType<SignInOutcome.Succeeded>(await TryAsync("alice", AccountsTestContext.Password, "192.0.2.50"));
    }

    [Fact]
    public async Task UnknownUsersAndWrongPasswordsGetTheSameAnswerAndBothCostAHash()
    {
        await _t.RegisterAsync("alice");
        var before = _t.Hasher.HashesComputed;

        var wrong = Assert.IsType<SignInOutcome.Failed>(await TryAsync("alice", "not the password"));
        var unknown = Assert.IsType<SignInOutcome.Failed>(await TryAsync("nobody", "not the password"));

        Assert.Equal(SignInMessages.Failed, wrong.Message);
        Assert.Equal(wrong, unknown);
        Assert.Equal(before + 2, _t.Hasher.HashesComputed);
    }

    [Fact]
    public async Task ASuccessClearsTheAccountsCount()
    {
        await _t.RegisterAsync("alice");
        await TryAsync("alice", "guess 1");
        await TryAsync("alice", "guess 2");
        Assert.IsType<SignInOutcome.Succeeded>(await TryAsync("alice", AccountsTestContext.Password, "192.0.2.9"));

        Assert.IsType<SignInOutcome.Failed>(await TryAsync("alice", "guess 3", "192.0.2.9"));
        Assert.IsType<SignInOutcome.Succeeded>(await TryAsync("alice", AccountsTestContext.Password, "192.0.2.9"));
    }
}
