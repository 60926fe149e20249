using System.Net;
using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace CasGists.Tests.App.Accounts;

public sealed class SecuritySettingsHttpTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private CasGistsAppFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "8192";
            f.Settings["Accounts:Argon2Iterations"] = "1";
            f.Settings["Accounts:FailuresPerAccount"] = "3";
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<FormBrowser> SignedUpAsync(string userName)
    {
        var browser = new FormBrowser(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.RegisterAsync(userName, Password)).StatusCode);
        return browser;
    }

    private async Task<byte[]> EnableTwoFactorAsync(string userName)
    {
        var user = (await _app.Services.GetRequiredService<AccountService>().FindByUserNameAsync(userName))!;
        var twoFactor = _app.Services.GetRequiredService<TwoFactorService>();
        var enrolment = await twoFactor.StartEnrolmentAsync(Viewer.For(user));
        var secret = Base32Encoding.ToBytes(enrolment.ManualKey.Replace(" ", ""));
        await twoFactor.ConfirmEnrolmentAsync(Viewer.For(user), new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(-30)));
        return secret;
    }

    [Fact]
    public async Task WithTwoFactorThePasswordStepGrantsNothingUntilTheCode()
    {
        await SignedUpAsync("alice");
        var secret = await EnableTwoFactorAsync("alice");
        var browser = new FormBrowser(_app);

        var password = await browser.SignInAsync("alice", Password);

        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/login/two-factor", FormBrowser.Location(password));
        Assert.False(FormBrowser.SetsCookie(password, SessionCookie.CookieName));
        Assert.True(FormBrowser.SetsCookie(password, PendingSignInCookie.CookieName));
        // Half signed in is not signed in.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Client.GetAsync("/settings/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("/api/tokens/current")).StatusCode);

        var wrong = await browser.SubmitAsync("/login/two-factor", "two-factor", ("code", "000000"));
        Assert.Contains(SignInMessages.WrongCode, await wrong.Content.ReadAsStringAsync());
        var code = await browser.SubmitAsync("/login/two-factor", "two-factor", ("code", new Totp(secret).ComputeTotp(DateTime.UtcNow)));

        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.True(FormBrowser.SetsCookie(code, SessionCookie.CookieName));
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/settings/profile")).StatusCode);
    }

    [Fact]
    public async Task TheCodeStepWithoutAPendingSignInAsksToStartOver()
    {
        var html = await new FormBrowser(_app).Client.GetStringAsync("/login/two-factor");

        Assert.Contains("Your sign-in has expired", html);
        Assert.DoesNotContain("name=\"code\"", html);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsAnswer429WithRetryAfter()
    {
        await SignedUpAsync("alice");
        var browser = new FormBrowser(_app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("alice", "wrong " + i)).StatusCode);
        }

        var throttled = await browser.SignInAsync("alice", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 15 * 60);
        Assert.Contains("Too many attempts. Try again in 15 minutes.", await throttled.Content.ReadAsStringAsync());
        Assert.False(FormBrowser.SetsCookie(throttled, SessionCookie.CookieName));
    }

    [Fact]
    public async Task SettingsPagesSendAnonymousVisitorsToSignIn()
    {
        var browser = new FormBrowser(_app);
        foreach (var page in new[] { "/settings", "/settings/password", "/settings/two-factor", "/settings/devices", "/settings/security-log" })
        {
            var response = await browser.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login?ReturnUrl=", FormBrowser.Location(response));
        }
    }

    [Fact]
    public async Task ChangingThePasswordKeepsThisBrowserSignedInAndSignsOutTheOthers()
    {
        var here = await SignedUpAsync("alice");
        var elsewhere = new FormBrowser(_app);
        await elsewhere.SignInAsync("alice", Password);

        var changed = await here.SubmitAsync("/settings/password", "change-password",
            ("currentPassword", Password), ("newPassword", "a new and better passphrase"));

        Assert.Equal("/settings/password?changed=1", FormBrowser.Location(changed));
        Assert.True(FormBrowser.SetsCookie(changed, SessionCookie.CookieName));
        Assert.Contains("Password changed", await here.Client.GetStringAsync("/settings/password?changed=1"));
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Client.GetAsync("/settings/password")).StatusCode);
    }

    [Fact]
    public async Task AWeakNewPasswordIsRefusedNextToItsField()
    {
        var browser = await SignedUpAsync("alice");

        var refused = await browser.SubmitAsync("/settings/password", "change-password", ("currentPassword", Password), ("newPassword", "sunshine"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("commonly used passwords", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SettingsFormsWithoutTheAntiforgeryTokenAreRefused()
    {
        var browser = await SignedUpAsync("alice");

        var response = await browser.PostAsync("/settings/password", "change-password", null,
            ("currentPassword", Password), ("newPassword", "a new and better passphrase"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/settings/password")).StatusCode);
    }

    [Fact]
    public async Task TheDevicesPageSignsOutOtherDevices()
    {
        var here = await SignedUpAsync("alice");
        var elsewhere = new FormBrowser(_app);
        await elsewhere.SignInAsync("alice", Password);
        var page = await here.Client.GetStringAsync("/settings/devices");
        Assert.Contains("This device", page);

        var revoked = await here.SubmitAsync("/settings/devices", "revoke-others");

        Assert.Equal("/settings/devices?done=others", FormBrowser.Location(revoked));
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.Client.GetAsync("/settings/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Client.GetAsync("/settings/devices")).StatusCode);
    }

    [Fact]
    public async Task TheProfileFormSavesNameAndEmail()
    {
        var browser = await SignedUpAsync("alice");

        var saved = await browser.SubmitAsync("/settings/profile", "profile", ("displayName", "Alice Liddell"), ("email", "alice@wonderland.example"));
        var bad = await browser.SubmitAsync("/settings/profile", "profile", ("displayName", ""), ("email", "not an email"));

        Assert.Equal("/settings/profile?saved=1", FormBrowser.Location(saved));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var user = await _app.Services.GetRequiredService<AccountService>().FindByUserNameAsync("alice");
        Assert.Equal("Alice Liddell", user!.DisplayName);
        Assert.Equal("alice@wonderland.example", user.Email);
    }

    [Fact]
    public async Task TheSecurityLogShowsTheUsersOwnSignInsAndOnlyAdminsSeeEveryones()
    {
        var admin = await SignedUpAsync("boss");
        var alice = await SignedUpAsync("alice");
        await new FormBrowser(_app).SignInAsync("alice", "not her password");

        var mine = await alice.Client.GetStringAsync("/settings/security-log");
        var forbidden = await alice.Client.GetAsync("/admin/security-log");
        var all = await admin.Client.GetStringAsync("/admin/security-log?user=alice");

        Assert.Contains("Failed sign-in", mine);
        Assert.DoesNotContain("boss", mine);
        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.Contains("Failed sign-in", all);
    }
}
