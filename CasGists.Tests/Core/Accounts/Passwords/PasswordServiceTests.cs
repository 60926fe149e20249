using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Common;

namespace CasGists.Tests.Core.Accounts.Passwords;

public sealed class PasswordServiceTests : IAsyncLifetime
{
    private const string NewPassword = "a brand new passphrase";
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task ChangingThePasswordEndsEverySessionAndOpensAFreshOneForThisDevice()
    {
        var alice = await _t.RegisterAsync("alice");
        var laptop = await _t.SignInAsync("alice");
        var phone = await _t.SignInAsync("alice");
        var stampBefore = alice.SecurityStamp;

        var fresh = await _t.Passwords.ChangePasswordAsync(Viewer.For(alice),
            new ChangePasswordInput(AccountsTestContext.Password, NewPassword), new ClientInfo("203.0.113.5", "Firefox"));

        Assert.Null(await _t.Accounts.ValidateSessionAsync(laptop.Token));
        Assert.Null(await _t.Accounts.ValidateSessionAsync(phone.Token));
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(fresh.Token));
        Assert.NotEqual(laptop.SessionId, fresh.SessionId);
        Assert.Equal(1, await _t.LiveSessionCountAsync(alice.Id));
        Assert.NotEqual(stampBefore, (await _t.Accounts.FindByIdAsync(alice.Id))!.SecurityStamp);
        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", NewPassword, null, null)));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.PasswordChanged && e.IpAddress == "203.0.113.5");
    }

    [Fact]
    public async Task AWrongCurrentPasswordOrAWeakNewOneChangesNothing()
    {
        var alice = await _t.RegisterAsync("alice");
        var session = await _t.SignInAsync("alice");

        var wrong = await Assert.ThrowsAsync<ValidationException>(() => _t.Passwords.ChangePasswordAsync(Viewer.For(alice),
            new ChangePasswordInput("not my password", NewPassword), ClientInfo.None));
        var weak = await Assert.ThrowsAsync<ValidationException>(() => _t.Passwords.ChangePasswordAsync(Viewer.For(alice),
            new ChangePasswordInput(AccountsTestContext.Password, "password1"), ClientInfo.None));
        var overLong = await Assert.ThrowsAsync<ValidationException>(() => _t.Passwords.ChangePasswordAsync(Viewer.For(alice),
            new ChangePasswordInput(AccountsTestContext.Password, new string('x', 1024 * 1024)), ClientInfo.None));

        Assert.Equal(["currentPassword"], wrong.Errors.Keys);
        Assert.Equal(["newPassword"], weak.Errors.Keys);
        Assert.Equal(["newPassword"], overLong.Errors.Keys);
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
    }

    [Fact]
    public async Task TheAdminResetSetsAGeneratedPasswordAndEndsEverySession()
    {
        var alice = await _t.RegisterAsync("alice");
        var session = await _t.SignInAsync("alice");

        var generated = await _t.Passwords.ResetByAdminAsync(alice, null);

        Assert.Equal(20, generated.Length);
        Assert.Null(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", generated, null, null)));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.PasswordReset);
    }

    [Fact]
    public async Task TheAdminResetRefusesACommonPassword()
    {
        var alice = await _t.RegisterAsync("alice");

        await Assert.ThrowsAsync<ValidationException>(() => _t.Passwords.ResetByAdminAsync(alice, "football"));
    }
}
