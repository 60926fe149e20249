using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Common;

namespace CasGists.Tests.Core.Accounts;

public sealed class DisabledAccountTests : IAsyncLifetime
{
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task ADisabledAccountCannotSignInAndItsSessionsStopAtOnce()
    {
        var alice = await _t.RegisterAsync("alice");
        var session = await _t.SignInAsync("alice");

        await _t.Accounts.SetDisabledAsync("alice", true, "a test");

        var outcome = await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null));
        Assert.Equal(SignInMessages.Failed, Assert.IsType<SignInOutcome.Failed>(outcome).Message);
        Assert.Null(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.False(await _t.Accounts.IsSessionActiveAsync(session.SessionId));
        Assert.Null(await _t.Accounts.VerifyPasswordAsync("alice", AccountsTestContext.Password));
        var events = await _t.EventsAsync(alice.Id);
        Assert.Contains(events, e => e.Kind == SecurityEventKinds.UserDisabled && e.Detail == "By a test.");
        Assert.Contains(events, e => e.Kind == SecurityEventKinds.SignInFailed && e.Detail == "The account is disabled.");
    }

    [Fact]
    public async Task EnablingLetsTheAccountSignInAgainButDoesNotReviveOldSessions()
    {
        await _t.RegisterAsync("alice");
        var session = await _t.SignInAsync("alice");
        await _t.Accounts.SetDisabledAsync("alice", true, "a test");

        await _t.Accounts.SetDisabledAsync("alice", false, "a test");

        Assert.Null(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
    }

    [Fact]
    public async Task DisablingAnUnknownUserIsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() => _t.Accounts.SetDisabledAsync("nobody", true, "a test"));
}
