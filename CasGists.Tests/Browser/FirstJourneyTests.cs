using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

/// <summary>Issue 2's whole story in one browser: from the first sign-up to what a visitor sees.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstJourneyTests(BrowserFixture browser)
{
    private static readonly Regex GistUrl = new(@"/maria/(?<id>[0-9a-f]{32})$");

    [Fact]
    public async Task TheFirstUserRegistersWritesEditsAndDeletesAGistAndVisitorsSeeThePublicOne()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.NewPageAsync();
            await page.GotoAsync("/register");
            await page.GetByLabel("Username").FillAsync("maria");
            await page.GetByLabel("Email").FillAsync("maria@example.test");
            await page.GetByLabel("Password").FillAsync(BrowserSite.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/register", StringComparison.Ordinal));
            var maria = await site.Service<AccountService>().FindByUserNameAsync("maria");
            Assert.True(maria!.IsAdmin, "The first account becomes admin.");

            // Sign in explicitly as well (a fresh browser), as a returning user would.
            page = await site.NewPageAsync();
            await BrowserSite.SignInAsync(page, "maria");

            // A gist that stays public, and one that is edited and then deleted.
            var keeper = await CreateAsync(page, "Keeper", ("keep.md", "# kept for visitors"));
            var temporary = await CreateAsync(page, "Short-lived", ("main.py", "print_me = 1"), ("notes.txt", "some-notes"));

            await page.GotoAsync($"/maria/{temporary}");
            await Expect(page.Locator("body")).ToContainTextAsync("main.py");
            await Expect(page.Locator("body")).ToContainTextAsync("some-notes");

            await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
            var editor = new GistEditorPage(page);
            await editor.WaitReadyAsync();
            await Expect(editor.Tab("main.py")).ToBeVisibleAsync();
            await editor.Tab("notes.txt").ClickAsync();
            await editor.TypeAsync("-edited");
            await editor.Submit.ClickAsync();
            await Expect(page.GetByText("Saved — 1 file changed")).ToBeVisibleAsync();
            await page.GetByTestId("cancel").ClickAsync();
            await Expect(page).ToHaveURLAsync(GistUrl);
            await Expect(page.Locator("body")).ToContainTextAsync("some-notes-edited");

            await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Delete" })).First.ClickAsync();
            await Expect(page.GetByText("Delete this gist?")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete gist" }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(GistUrl);
            await Assert.ThrowsAsync<NotFoundException>(() => site.Service<GistService>().GetAsync(Viewer.For(maria), temporary));

            await page.GetByLabel("Account menu for maria").ClickAsync();
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();

            var visitor = await site.NewPageAsync();
            await visitor.GotoAsync("/");
            await Expect(visitor.GetByText("Keeper").First).ToBeVisibleAsync();
            await Expect(visitor.GetByText("Short-lived")).ToHaveCountAsync(0);
            await visitor.GotoAsync("/maria");
            await Expect(visitor.GetByText("Keeper").First).ToBeVisibleAsync();
            await visitor.GotoAsync($"/maria/{keeper}");
            await Expect(visitor.Locator("body")).ToContainTextAsync("kept for visitors");
        });
    }

    private static async Task<string> CreateAsync(IPage page, string title, params (string Name, string Content)[] files)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "New gist" }).First.ClickAsync();
        var editor = new GistEditorPage(page);
        await editor.WaitReadyAsync();
        await editor.Title.FillAsync(title);
        for (var i = 0; i < files.Length; i++)
        {
            if (i > 0)
            {
                await editor.AddFileAsync();
            }
            await editor.FileName.FillAsync(files[i].Name);
            await editor.TypeAsync(files[i].Content);
        }
        await editor.Submit.ClickAsync();
        await page.WaitForURLAsync(GistUrl);
        return GistUrl.Match(page.Url).Groups["id"].Value;
    }
}
