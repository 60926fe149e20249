using System.Text;
using System.Text.RegularExpressions;
using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class GistEditorTests(BrowserFixture browser)
{
    private static readonly Regex GistUrl = new(@"/(?<user>[\w-]+)/(?<id>[0-9a-f]{32})$");

    [Fact]
    public async Task SixUsersOpeningTheEditorAtOnceEachGetTheirOwnWorkingEditor()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var pages = new List<IPage>();
            for (var i = 1; i <= 6; i++)
            {
                pages.Add(await site.SignedInPageAsync($"writer{i}"));
            }
            var editors = pages.Select(p => new GistEditorPage(p)).ToList();

            await Task.WhenAll(pages.Select(p => p.GotoAsync("/new")));
            await Task.WhenAll(editors.Select(e => e.WaitReadyAsync()));
            await Task.WhenAll(editors.Select((e, i) => e.TypeAsync($"written-by-writer{i + 1}")));

            for (var i = 0; i < editors.Count; i++)
            {
                await Expect(editors[i].Editor.Locator(".view-lines").First).ToContainTextAsync($"written-by-writer{i + 1}");
                Assert.Equal($"written-by-writer{i + 1}", await editors[i].ContentAsync());
            }
        });
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignInAndBack()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.NewPageAsync();
            await page.GotoAsync("/new");
            await Expect(page).ToHaveURLAsync(new Regex(@"/login\?ReturnUrl=%2Fnew$"));
        });
    }

    [Fact]
    public async Task AGistWithThreeFilesIsCreatedThroughTheEditorAndShown()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var editor = new GistEditorPage(await site.SignedInPageAsync("ada"));
            await editor.OpenAsync("/new");

            await editor.Title.FillAsync("Three files");
            await editor.FileName.FillAsync("readme.md");
            await Expect(editor.Language).ToHaveTextAsync("markdown");
            await editor.TypeAsync("# Hello");
            await editor.AddFileAsync();
            await editor.FileName.FillAsync("x.py");
            await Expect(editor.Language).ToHaveTextAsync("python");
            Assert.Equal("python", await editor.ModelLanguageAsync());
            await Expect(editor.Editor).ToHaveAttributeAsync("data-language", "python");
            await editor.TypeAsync("answer = 42");
            await editor.AddFileAsync();
            await editor.FileName.FillAsync("notes.txt");
            await editor.TypeAsync("plain-notes");
            await Expect(editor.Tab("readme.md")).ToBeVisibleAsync();
            await Expect(editor.Tab("x.py")).ToBeVisibleAsync();

            await editor.Submit.ClickAsync();
            await editor.Page.WaitForURLAsync(GistUrl);

            var id = GistUrl.Match(editor.Page.Url).Groups["id"].Value;
            var gist = await site.Service<GistService>().GetAsync(Viewer.Anonymous, id);
            Assert.Equal("Three files", gist.Title);
            Assert.Equal(["notes.txt", "readme.md", "x.py"], gist.Files.Select(f => f.Name).Order());
            Assert.Equal("answer = 42", gist.Files.Single(f => f.Name == "x.py").Content);
            Assert.Equal("python", gist.Files.Single(f => f.Name == "x.py").Language, ignoreCase: true);
            await Expect(editor.Page.Locator("body")).ToContainTextAsync("x.py");
            await Expect(editor.Page.Locator("body")).ToContainTextAsync("plain-notes");
        });
    }

    [Fact]
    public async Task EditingChangesRenamesAndRemovesFilesAndWarnsBeforeLosingChanges()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.SignedInPageAsync("grace");
            var owner = await site.Service<AccountService>().FindByUserNameAsync("grace");
            var gists = site.Service<GistService>();
            var created = await gists.CreateAsync(Viewer.For(owner!), new CreateGistInput("Edit me", "", GistVisibility.Public,
                [new("a.txt", "alpha"), new("b.py", "beta = 1"), new("c.md", "gamma")]));

            var editor = new GistEditorPage(page);
            await editor.OpenAsync($"/grace/{created.Id}/edit");
            await Expect(editor.Editor.Locator(".view-lines").First).ToContainTextAsync("alpha");

            await editor.TypeAsync("-changed");
            await editor.Tab("b.py").ClickAsync();
            await editor.FileName.FillAsync("b2.py");
            await Expect(editor.Language).ToHaveTextAsync("python");
            await editor.Tab("c.md").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove c.md" }).ClickAsync();
            await Expect(editor.Tab("c.md")).ToHaveCountAsync(0);

            await editor.Submit.ClickAsync();
            await Expect(page.GetByText("Saved — 1 file changed, 1 renamed, 1 removed")).ToBeVisibleAsync();

            var saved = await gists.GetAsync(Viewer.For(owner!), created.Id);
            Assert.Equal(["a.txt", "b2.py"], saved.Files.Select(f => f.Name));
            Assert.Equal("alpha-changed", saved.Files[0].Content);
            Assert.Equal("beta = 1", saved.Files[1].Content);

            // Unsaved again: an in-app link asks first, and so does leaving the page.
            await editor.Tab("a.txt").ClickAsync();
            await editor.TypeAsync("-unsaved");
            await Expect(page.GetByTestId("cancel")).ToHaveTextAsync("Cancel");
            await page.GetByTestId("cancel").ClickAsync();
            await Expect(page.GetByText("Leave without saving?")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Stay" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/edit$"));

            var prompt = new TaskCompletionSource<IDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Dialog += (_, dialog) => prompt.TrySetResult(dialog);
            await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
            var shown = await prompt.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(DialogType.BeforeUnload, shown.Type);
            await shown.AcceptAsync();

            var view = await site.NewPageAsync();
            await view.GotoAsync($"/grace/{created.Id}");
            await Expect(view.Locator("body")).ToContainTextAsync("alpha-changed");
            await Expect(view.Locator("body")).ToContainTextAsync("b2.py");
            await Expect(view.GetByText("c.md")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task AOneMegabyteFileSavesWhole()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var editor = new GistEditorPage(await site.SignedInPageAsync("linus"));
            await editor.OpenAsync("/new");
            var line = new string('x', 63) + "\n";
            var content = string.Concat(Enumerable.Repeat(line, 1024 * 1024 / line.Length));
            Assert.Equal(1024 * 1024, Encoding.UTF8.GetByteCount(content));

            await editor.FileName.FillAsync("big.txt");
            await editor.SetContentAsync(content);
            await editor.Submit.ClickAsync();
            await editor.Page.WaitForURLAsync(GistUrl);

            var id = GistUrl.Match(editor.Page.Url).Groups["id"].Value;
            var gist = await site.Service<GistService>().GetAsync(Viewer.Anonymous, id);
            Assert.Equal(1024 * 1024, gist.Files.Single().Size);
            var stored = await site.Service<GistService>().GetRawFileAsync(Viewer.Anonymous, id, "big.txt");
            Assert.Equal(1024 * 1024, stored.Content.Length);
            var raw = await editor.Page.APIRequest.GetAsync(new Uri(site.BaseAddress, $"/linus/{id}/raw/big.txt").ToString());
            Assert.Equal(200, raw.Status);
            Assert.Equal(1024 * 1024, (await raw.BodyAsync()).Length);
        });
    }

    [Fact]
    public async Task AFileNameWithASlashIsRejectedNextToTheFieldAndCreatesNothing()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var page = await site.SignedInPageAsync("ken");
            var editor = new GistEditorPage(page);
            await editor.OpenAsync("/new");

            await editor.FileName.FillAsync("a/b.txt");
            await editor.TypeAsync("hello");
            await editor.Submit.ClickAsync();

            await Expect(editor.FileBar).ToContainTextAsync("can't contain '/'");
            await Expect(page.Locator(".gist-file-tab.has-error")).ToHaveCountAsync(1);
            await Expect(page).ToHaveURLAsync(new Regex("/new$"));
            var owner = await site.Service<AccountService>().FindByUserNameAsync("ken");
            var list = await site.Service<GistService>().ListForUserAsync(Viewer.For(owner!), "ken", 1, 10);
            Assert.Equal(0, list.TotalCount);
        });
    }
}
