using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

/// <summary>Issue 3's browser story: turn on two-factor authentication from the settings page, then sign in with it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorBrowserTests(BrowserFixture browser)
{
    [ChromiumFact]
    public async Task APersonEnrolsTwoFactorThenSignsInWithACodeAndWithARecoveryCode()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.SignedInPageAsync("ada");

            await page.GotoAsync("/settings/two-factor");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor authentication" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
            var key = (await page.Locator("[data-manual-key]").InnerTextAsync()).Replace(" ", "");
            var secret = Base32Encoding.ToBytes(key);
            await page.GetByLabel("Code from the app").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow));
            await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
            await Expect(page.Locator("[data-recovery-codes] code")).ToHaveCountAsync(10);
            var codes = await page.Locator("[data-recovery-codes] code").AllInnerTextsAsync();
            Assert.Equal(10, codes.Count);
            await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them" }).ClickAsync();
            await Expect(page.GetByText("10 unused recovery codes", new() { Exact = false })).ToBeVisibleAsync();

            await SignOutAsync(page);
            await PasswordStepAsync(page);
            // The next step's code: the enrolment used this step's, and a code works only once.
            await page.GetByLabel("Authentication code").FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
            await page.GotoAsync("/settings/devices");
            await Expect(page.GetByText("This device")).ToBeVisibleAsync();

            await SignOutAsync(page);
            await PasswordStepAsync(page);
            await page.GetByLabel("Authentication code").FillAsync(codes[0]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
            await page.GotoAsync("/settings/security-log");
            await Expect(page.GetByText("Recovery code used")).ToBeVisibleAsync();
            await Expect(page.GetByText("Two-factor authentication enabled")).ToBeVisibleAsync();
        });
    }

    [ChromiumFact]
    public async Task EverySettingsPageFitsAPhoneScreen()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.SignedInPageAsync("ada");
            await page.SetViewportSizeAsync(360, 740);
            foreach (var path in new[] { "/settings/profile", "/settings/password", "/settings/two-factor", "/settings/devices", "/settings/tokens", "/settings/security-log" })
            {
                await page.GotoAsync(path);
                var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                Assert.True(width <= 360, $"{path} is {width}px wide on a 360px screen");
            }
        });
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Account menu for ada").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    private static async Task PasswordStepAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username or email").FillAsync("ada");
        await page.GetByLabel("Password").FillAsync(BrowserSite.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login/two-factor");
    }
}
