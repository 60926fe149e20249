using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Core.Common;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace CasGists.Tests.Core.Accounts.TwoFactor;

public sealed class TwoFactorServiceTests : IAsyncLifetime
{
    private static readonly ClientInfo Client = new("198.51.100.7", "Firefox");
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task<PendingSignIn> PasswordStepAsync(string name = "alice")
    {
        var outcome = await _t.Accounts.SignInAsync(new SignInInput(name, AccountsTestContext.Password, Client.IpAddress, Client.UserAgent));
        return Assert.IsType<SignInOutcome.SecondFactorRequired>(outcome).Pending;
    }

    [Fact]
    public async Task EnrolmentShowsAKeyAndAnOtpAuthUriAndKeepsTheKeyUntilConfirmed()
    {
        var alice = await _t.RegisterAsync("alice");

        var first = await _t.TwoFactor.StartEnrolmentAsync(Viewer.For(alice));
        var again = await _t.TwoFactor.StartEnrolmentAsync(Viewer.For(alice));

        Assert.Equal(first, again);
        Assert.StartsWith("otpauth://totp/", first.OtpAuthUri);
        Assert.Contains("issuer=CasGists", first.OtpAuthUri);
        Assert.Equal(20, Base32Encoding.ToBytes(first.ManualKey.Replace(" ", "")).Length);
        Assert.False((await _t.TwoFactor.GetStatusAsync(Viewer.For(alice))).Enabled);
    }

    [Fact]
    public async Task TheSecretIsNotStoredInTheClear()
    {
        var alice = await _t.RegisterAsync("alice");
        var enrolment = await _t.TwoFactor.StartEnrolmentAsync(Viewer.For(alice));

        await using var db = await _t.Database.Contexts.CreateDbContextAsync();
        var stored = (await db.Set<UserTwoFactor>().SingleAsync()).ProtectedSecret;
        Assert.DoesNotContain(enrolment.ManualKey.Replace(" ", ""), stored);
    }

    [Fact]
    public async Task AWrongConfirmationCodeLeavesTwoFactorOff()
    {
        var alice = await _t.RegisterAsync("alice");
        await _t.TwoFactor.StartEnrolmentAsync(Viewer.For(alice));

        var error = await Assert.ThrowsAsync<ValidationException>(() => _t.TwoFactor.ConfirmEnrolmentAsync(Viewer.For(alice), "000000"));

        Assert.Equal(["code"], error.Errors.Keys);
        Assert.False((await _t.TwoFactor.GetStatusAsync(Viewer.For(alice))).Enabled);
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
    }

    [Fact]
    public async Task ConfirmingGivesTenDistinctRecoveryCodesStoredHashed()
    {
        var alice = await _t.RegisterAsync("alice");

        var (_, codes) = await _t.EnableTwoFactorAsync(alice);

        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[2-9a-z]{6}-[2-9a-z]{6}$", c));
        await using var db = await _t.Database.Contexts.CreateDbContextAsync();
        var hashes = await db.Set<RecoveryCode>().Select(c => c.CodeHash).ToListAsync();
        Assert.Equal(10, hashes.Count);
        Assert.DoesNotContain(hashes, h => codes.Any(c => h.Contains(c.Replace("-", ""))));
        Assert.Equal(new TwoFactorStatus(true, _t.Clock.GetUtcNow().UtcDateTime.AddSeconds(-30), 10), await _t.TwoFactor.GetStatusAsync(Viewer.For(alice)));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.TwoFactorEnabled);
    }

    [Fact]
    public async Task WithTwoFactorThePasswordAloneGrantsNoSession()
    {
        var alice = await _t.RegisterAsync("alice");
        await _t.EnableTwoFactorAsync(alice);

        var pending = await PasswordStepAsync();

        Assert.Equal(alice.Id, pending.UserId);
        Assert.Equal(0, await _t.LiveSessionCountAsync(alice.Id));
        // Git and scripts cannot go round the second step with the password either.
        Assert.Null(await _t.Accounts.VerifyPasswordAsync("alice", AccountsTestContext.Password));
    }

    [Fact]
    public async Task ACurrentCodeCompletesTheSignIn()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var pending = await PasswordStepAsync();

        var outcome = await _t.Accounts.CompleteSecondFactorAsync(pending, _t.CurrentCode(secret), Client);

        var session = Assert.IsType<SignInOutcome.Succeeded>(outcome).Session;
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(session.Token));
    }

    [Fact]
    public async Task ACodeIsAcceptedOnlyOnce()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var code = _t.CurrentCode(secret);

        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), code, Client));
        var replay = await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), code, Client);

        Assert.Equal(SignInMessages.WrongCode, Assert.IsType<SignInOutcome.Failed>(replay).Message);
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.SecondFactorFailed);
    }

    [Fact]
    public async Task AnOlderCodeIsRefusedOnceALaterOneWasUsed()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var earlier = _t.CurrentCode(secret);
        var later = AccountsTestContext.CodeAt(secret, _t.Clock.GetUtcNow().AddSeconds(30));

        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), later, Client));

        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), earlier, Client));
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public async Task CodesOneStepEitherSideAreAcceptedAndTwoStepsAreNot(int offsetSeconds, bool accepted)
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        // Start a step well clear of the enrolment's, so a code from a step before is still unused.
        _t.Clock.Advance(TimeSpan.FromMinutes(5));
        var code = AccountsTestContext.CodeAt(secret, _t.Clock.GetUtcNow().AddSeconds(offsetSeconds));

        var outcome = await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), code, Client);

        Assert.Equal(accepted, outcome is SignInOutcome.Succeeded);
    }

    [Fact]
    public async Task ARecoveryCodeWorksOnceInAnyCaseAndSpacing()
    {
        var alice = await _t.RegisterAsync("alice");
        var (_, codes) = await _t.EnableTwoFactorAsync(alice);

        var first = await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), " " + codes[3].ToUpperInvariant() + " ", Client);
        var reuse = await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), codes[3], Client);

        Assert.IsType<SignInOutcome.Succeeded>(first);
        Assert.IsType<SignInOutcome.Failed>(reuse);
        Assert.Equal(9, (await _t.TwoFactor.GetStatusAsync(Viewer.For(alice))).RecoveryCodesLeft);
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.RecoveryCodeUsed);
    }

    [Fact]
    public async Task APendingSignInExpiresAndEndsWhenCredentialsChange()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var expired = await PasswordStepAsync();
        _t.Clock.Advance(_t.Options.SecondFactorTimeout);
        var stale = await PasswordStepAsync();
        await _t.Passwords.ResetByAdminAsync(alice, "an admin chose this one");

        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(expired, _t.CurrentCode(secret), Client));
        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(stale, _t.CurrentCode(secret), Client));
        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(
            new PendingSignIn(alice.Id, "forged", _t.Clock.GetUtcNow().UtcDateTime.AddMinutes(1)), _t.CurrentCode(secret), Client));
    }

    [Fact]
    public async Task GuessingCodesIsThrottled()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var pending = await PasswordStepAsync();

        for (var i = 0; i < _t.Options.FailuresPerAccount; i++)
        {
            Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(pending, "000000", Client));
        }
        var throttled = await _t.Accounts.CompleteSecondFactorAsync(pending, _t.CurrentCode(secret), Client);

        Assert.Equal("Too many attempts. Try again in 15 minutes.", Assert.IsType<SignInOutcome.Throttled>(throttled).Message);
    }

    [Fact]
    public async Task DisablingNeedsThePasswordAndACodeAndSignsOutOtherSessions()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var here = Assert.IsType<SignInOutcome.Succeeded>(
            await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), _t.CurrentCode(secret), Client)).Session;
        _t.Clock.Advance(TimeSpan.FromSeconds(30));
        var elsewhere = Assert.IsType<SignInOutcome.Succeeded>(
            await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), _t.CurrentCode(secret), Client)).Session;
        _t.Clock.Advance(TimeSpan.FromSeconds(30));
        var viewer = Viewer.For(alice);

        var badPassword = await Assert.ThrowsAsync<ValidationException>(
            () => _t.TwoFactor.DisableAsync(viewer, "wrong", _t.CurrentCode(secret), here.SessionId));
        var badCode = await Assert.ThrowsAsync<ValidationException>(
            () => _t.TwoFactor.DisableAsync(viewer, AccountsTestContext.Password, "123456", here.SessionId));
        await _t.TwoFactor.DisableAsync(viewer, AccountsTestContext.Password, _t.CurrentCode(secret), here.SessionId);

        Assert.Equal(["password"], badPassword.Errors.Keys);
        Assert.Equal(["code"], badCode.Errors.Keys);
        Assert.False((await _t.TwoFactor.GetStatusAsync(viewer)).Enabled);
        Assert.NotNull(await _t.Accounts.ValidateSessionAsync(here.Token));
        Assert.Null(await _t.Accounts.ValidateSessionAsync(elsewhere.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.TwoFactorDisabled);
    }

    [Fact]
    public async Task RegeneratingRecoveryCodesVoidsTheOldOnes()
    {
        var alice = await _t.RegisterAsync("alice");
        var (_, old) = await _t.EnableTwoFactorAsync(alice);

        var fresh = await _t.TwoFactor.RegenerateRecoveryCodesAsync(Viewer.For(alice), AccountsTestContext.Password);

        Assert.IsType<SignInOutcome.Failed>(await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), old[0], Client));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), fresh[0], Client));
    }

    [Fact]
    public async Task TheAdminResetTurnsTwoFactorOffAndEndsEverySession()
    {
        var alice = await _t.RegisterAsync("alice");
        var (secret, _) = await _t.EnableTwoFactorAsync(alice);
        var session = Assert.IsType<SignInOutcome.Succeeded>(
            await _t.Accounts.CompleteSecondFactorAsync(await PasswordStepAsync(), _t.CurrentCode(secret), Client)).Session;

        await _t.TwoFactor.ResetAsync(alice);

        Assert.Null(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
        Assert.Contains(await _t.EventsAsync(alice.Id), e => e.Kind == SecurityEventKinds.TwoFactorReset);
    }
}
