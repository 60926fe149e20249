using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

/// <summary>Issue 5's social parts as a person does them: fork, star, comment, edit and delete the comment.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SocialBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AUserForksStarsAndCommentsOnAnotherUsersGistAndSeesTheCountsChange()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var alice = await site.Service<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", BrowserSite.Password));
            var gist = await site.Service<GistService>().CreateAsync(Viewer.For(alice),
                new CreateGistInput("Handy script", "", GistVisibility.Public, [new GistFileInput("run.sh", "echo hi\n")]));
            var page = await site.SignedInPageAsync("bob");
            var source = $"/alice/{gist.Id}";

            // Fork: lands on bob's copy, which links back to its source.
            await page.GotoAsync(source);
            await Expect(page.GetByTestId("fork-count")).ToHaveTextAsync("0 forks");
            await page.GetByTestId("fork-button").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/bob/[0-9a-f]{32}$"));
            await Expect(page.GetByTestId("forked-from")).ToContainTextAsync("forked from alice/Handy script");
            await Expect(page.Locator("body")).ToContainTextAsync("echo hi");
            await page.GetByTestId("forked-from").GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"{source}$"));
            await Expect(page.GetByTestId("fork-count")).ToHaveTextAsync("1 fork");

            // Star, then the count and the button's state follow.
            await Expect(page.GetByTestId("star-count")).ToHaveTextAsync("0");
            await page.GetByTestId("star-button").ClickAsync();
            await Expect(page.GetByTestId("star-count")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "true");

            // Comment with Markdown and a script that must not run.
            await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("0 comments");
            await page.GetByLabel("Add a comment").FillAsync("Works **great** <script>window.pwned = 1</script>");
            await page.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("#comment-[0-9]+$"));
            await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("1 comment");
            var comment = page.GetByTestId("comment");
            await Expect(comment.Locator("strong")).ToHaveTextAsync("great");
            Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));

            // Edit on its own page.
            await comment.GetByTestId("edit-comment").ClickAsync();
            await Expect(page.GetByText("Edit your comment")).ToBeVisibleAsync();
            var field = page.Locator("#comment-body");
            await Expect(field).ToHaveValueAsync("Works **great** <script>window.pwned = 1</script>");
            await Expect(field).ToHaveAccessibleNameAsync("Comment");
            await field.FillAsync("Works *even better*");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save comment" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"{source}#comment-[0-9]+$"));
            await Expect(page.GetByTestId("comment").Locator("em")).ToHaveTextAsync("even better");
            await Expect(page.GetByTestId("comment")).ToContainTextAsync("edited");

            // Starred list, then a phone-sized look at the page without sideways scrolling.
            await page.GotoAsync("/bob/starred");
            await Expect(page.GetByText("Handy script")).ToBeVisibleAsync();
            await page.GotoAsync(source);
            await page.SetViewportSizeAsync(360, 800);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "The gist page fits a 360 px screen.");
            await page.SetViewportSizeAsync(1280, 900);

            // Delete after a confirmation that names the comment.
            await page.GetByTestId("delete-comment").ClickAsync();
            await Expect(page.GetByText("Delete this comment?")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete comment" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"{source}#comments$"));
            await Expect(page.GetByTestId("comment-count")).ToHaveTextAsync("0 comments");
            await Expect(page.GetByTestId("comment")).ToHaveCountAsync(0);

            // Unstar.
            await page.GetByTestId("star-button").ClickAsync();
            await Expect(page.GetByTestId("star-count")).ToHaveTextAsync("0");
        });
    }
}
