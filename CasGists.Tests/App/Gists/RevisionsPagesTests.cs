using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Gists;

public sealed class RevisionsPagesTests
{
    /// <summary>Three revisions: one.txt "first", then "second", then one.txt removed and two.txt added.</summary>
    internal static async Task<(GistDetails Gist, string[] Revisions)> ThreeRevisionsAsync(CasGistsAppFactory app, GistVisibility visibility = GistVisibility.Public)
    {
        var alice = await app.UserAsync("alice");
        var gists = app.Services.GetRequiredService<GistService>();
        var created = await app.GistAsync(alice, visibility, "History", ("one.txt", "first line\n"));
        var second = await gists.UpdateAsync(Viewer.For(alice), created.Id, new UpdateGistInput("History", "", visibility, [new("one.txt", "second line\n")]));
        var third = await gists.UpdateAsync(Viewer.For(alice), created.Id, new UpdateGistInput("History", "", visibility, [new("two.txt", "another file\n")]));
        return (third, [created.HeadRevision, second.HeadRevision, third.HeadRevision]);
    }

    [Fact]
    public async Task RevisionsPageListsEveryCommitWithItsDiff()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, revisions) = await ThreeRevisionsAsync(app);

        var html = await app.CreateClient().GetStringAsync($"/alice/{gist.Id}/revisions");

        foreach (var revision in revisions)
        {
            Assert.Contains($"href=\"/alice/{gist.Id}/{revision}\"", html);
        }
        Assert.True(html.IndexOf(revisions[2][..7], StringComparison.Ordinal) < html.IndexOf(revisions[0][..7], StringComparison.Ordinal), "newest first");
        Assert.Contains("class=\"cg-diff-add\"", html);
        Assert.Contains("class=\"cg-diff-del\"", html);
        Assert.Contains("class=\"cg-diff-hunk\"", html);
        Assert.Contains("second line", html);
        Assert.Contains("created this gist", html);
        Assert.Contains("View gist at this revision", html);
    }

    [Fact]
    public async Task TheSplitLinkShowsSideBySideDiffsAndThePagerKeepsTheChoice()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, _) = await ThreeRevisionsAsync(app);
        var client = app.CreateClient();

        var unified = await client.GetStringAsync($"/alice/{gist.Id}/revisions");
        var split = await client.GetStringAsync($"/alice/{gist.Id}/revisions?diff=split");
        var paged = await client.GetStringAsync($"/alice/{gist.Id}/revisions?diff=split&page=1");

        Assert.Contains($"href=\"/alice/{gist.Id}/revisions?diff=split\"", unified);
        Assert.DoesNotContain("cg-diff-split", unified);
        Assert.Contains("class=\"cg-code cg-diff cg-diff-split\"", split);
        Assert.Contains("aria-current=\"true\">Split</a>", split);
        Assert.Contains($"href=\"/alice/{gist.Id}/revisions\" aria-current", unified);
        Assert.Contains("cg-diff-split", paged);
    }

    [Fact]
    public async Task GistPageLinksToTheRevisionsAndOffersCloneAndDownload()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, _) = await ThreeRevisionsAsync(app);

        var html = await app.CreateClient().GetStringAsync($"/alice/{gist.Id}");

        Assert.Contains($"href=\"/alice/{gist.Id}/revisions\"", html);
        Assert.Contains("3 revisions", html);
        Assert.Contains($"value=\"http://localhost/alice/{gist.Id}.git\"", html);
        Assert.Contains($"href=\"/alice/{gist.Id}/archive/{gist.HeadRevision}.zip\"", html);
    }

    [Fact]
    public async Task RevisionPageShowsTheOldContentWithABanner()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, revisions) = await ThreeRevisionsAsync(app);
        var client = app.CreateClient();

        var old = await client.GetStringAsync($"/alice/{gist.Id}/{revisions[0][..8]}");
        var head = await client.GetStringAsync($"/alice/{gist.Id}/{revisions[2]}");

        Assert.Contains("first line", old);
        Assert.DoesNotContain("another file", old);
        Assert.Contains("You are viewing an older revision", old);
        Assert.Contains($"/alice/{gist.Id}/archive/{revisions[0]}.zip", old);
        Assert.Contains("another file", head);
        Assert.DoesNotContain("You are viewing an older revision", head);
    }

    [Theory]
    [InlineData("--upload-pack=x")]
    [InlineData("-n")]
    [InlineData("HEAD~1")]
    [InlineData("0000000")]
    public async Task RevisionPageForABadRevisionIs404(string revision)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, _) = await ThreeRevisionsAsync(app);

        var response = await app.CreateClient().GetAsync($"/alice/{gist.Id}/{Uri.EscapeDataString(revision)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task APrivateGistsRevisionsRevisionPageAndZipAre404ForAnonymousAndShownToItsOwner()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, revisions) = await ThreeRevisionsAsync(app, GistVisibility.Private);
        var urls = new[]
        {
            $"/alice/{gist.Id}/revisions",
            $"/alice/{gist.Id}/{revisions[0]}",
            $"/alice/{gist.Id}/archive/{revisions[0]}.zip",
        };
        var anonymous = app.CreateClient();
        var owner = await app.SignedInClientAsync("alice");

        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
        }
    }
}
