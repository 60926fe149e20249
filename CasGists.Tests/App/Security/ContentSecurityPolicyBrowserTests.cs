using CasGists.Tests.Browser;
using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.App.Security;

/// <summary>The CSP in a real Chromium: the editor, the circuit and the pages work, and nothing on them is blocked.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheEditorAndPagesRunUnderTheCspWithoutAViolation()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.SignedInPageAsync("ada");
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (violations) { violations.Add(message.Text); }
                }
            };
            var editor = new GistEditorPage(page);

            await page.GotoAsync("/new");
            await editor.WaitReadyAsync();
            await editor.TypeAsync("under-the-csp");
            await Expect(editor.Editor.Locator(".view-lines").First).ToContainTextAsync("under-the-csp");
            await page.GotoAsync("/");
            await page.GotoAsync("/ada");

            lock (violations)
            {
                Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
            }
        });
    }
}
