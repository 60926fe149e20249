using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;

namespace CasGists.Tests.Core.Gists.Revisions;

public sealed class GistHistoryServiceTests
{
    private const string Poem = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n";

    private static GistHistoryService HistoryOf(GistTestContext t) => new(t.Gists, t.Git, new GitHistoryReader(t.Git));

    /// <summary>Three saves: create (a.txt, poem.txt), edit a.txt, rename poem.txt to verse.txt with one line changed and delete a.txt.</summary>
    private static async Task<(Viewer Alice, GistDetails Gist, string[] Revisions)> ThreeSavesAsync(GistTestContext t, GistVisibility visibility = GistVisibility.Public)
    {
        var alice = await t.CreateUserAsync("alice");
        var created = await t.CreateGistAsync(alice, visibility, "Poems", new GistFileInput("a.txt", "alpha\n"), new GistFileInput("poem.txt", Poem));
        t.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await t.Gists.UpdateAsync(alice, created.Id, new UpdateGistInput("Poems", "", visibility,
            [new("a.txt", "alpha\nbeta\n"), new("poem.txt", Poem)]));
        t.Time.Advance(TimeSpan.FromMinutes(5));
        var third = await t.Gists.UpdateAsync(alice, created.Id, new UpdateGistInput("Poems", "", visibility,
            [new("verse.txt", Poem.Replace("five", "FIVE", StringComparison.Ordinal))]));
        return (alice, third, [created.HeadRevision, second.HeadRevision, third.HeadRevision]);
    }

    [Fact]
    public async Task HistoryListsRevisionsNewestFirstWithAuthorTimeAndStats()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (alice, gist, revisions) = await ThreeSavesAsync(t);

        var history = await HistoryOf(t).GetHistoryAsync(Viewer.Anonymous, gist.Id);

        Assert.Equal(3, history.Revisions.TotalCount);
        Assert.Equal(revisions.Reverse(), history.Revisions.Items.Select(r => r.Id));
        Assert.All(history.Revisions.Items, r => Assert.Equal("alice", r.AuthorName));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 14, 5, DateTimeKind.Utc), history.Revisions.Items[0].Time);

        var first = history.Revisions.Items[2];
        Assert.Equal(["a.txt", "poem.txt"], first.Changes.Select(c => c.Name));
        Assert.All(first.Changes, c => Assert.Equal(FileChangeKind.Added, c.Kind));
        Assert.Equal(9, first.LinesAdded);

        var second = Assert.Single(history.Revisions.Items[1].Changes);
        Assert.Equal((FileChangeKind.Modified, 1, 0), (second.Kind, second.LinesAdded, second.LinesDeleted));
        Assert.Contains(second.Lines, l => l is { Kind: DiffLineKind.Added, Text: "beta", NewNumber: 2 });
        Assert.Contains(second.Lines, l => l is { Kind: DiffLineKind.Context, Text: "alpha", OldNumber: 1, NewNumber: 1 });
        Assert.Equal(DiffLineKind.Hunk, second.Lines[0].Kind);
    }

    [Fact]
    public async Task ARenameWithASmallEditIsDetectedAsARename()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (_, gist, _) = await ThreeSavesAsync(t);

        var newest = (await HistoryOf(t).GetHistoryAsync(Viewer.Anonymous, gist.Id)).Revisions.Items[0];

        var renamed = Assert.Single(newest.Changes, c => c.Kind == FileChangeKind.Renamed);
        Assert.Equal(("verse.txt", "poem.txt"), (renamed.Name, renamed.OldName));
        Assert.Equal((1, 1), (renamed.LinesAdded, renamed.LinesDeleted));
        Assert.Contains(renamed.Lines, l => l is { Kind: DiffLineKind.Deleted, Text: "five", OldNumber: 5 });
        Assert.Contains(renamed.Lines, l => l is { Kind: DiffLineKind.Added, Text: "FIVE", NewNumber: 5 });
        var deleted = Assert.Single(newest.Changes, c => c.Kind == FileChangeKind.Deleted);
        Assert.Equal("a.txt", deleted.Name);
        Assert.Equal(2, deleted.LinesDeleted);
    }

    [Fact]
    public async Task HistoryIsPaged()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (_, gist, revisions) = await ThreeSavesAsync(t);

        var second = await HistoryOf(t).GetHistoryAsync(Viewer.Anonymous, gist.Id, page: 2, pageSize: 2);

        Assert.Equal(2, second.Revisions.PageCount);
        Assert.Equal(revisions[0], Assert.Single(second.Revisions.Items).Id);
    }

    [Fact]
    public async Task AHugeDiffIsCollapsedButCounted()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var big = string.Concat(Enumerable.Range(0, GitHistoryReader.MaxDiffLines + 1).Select(i => $"line {i}\n"));
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Big", new GistFileInput("big.txt", big));

        var change = Assert.Single((await HistoryOf(t).GetHistoryAsync(alice, gist.Id)).Revisions.Items[0].Changes);

        Assert.True(change.IsCollapsed);
        Assert.Empty(change.Lines);
        Assert.Equal(GitHistoryReader.MaxDiffLines + 1, change.LinesAdded);
    }

    [Fact]
    public async Task AGistAtAnOldRevisionHasTheFilesOfThatRevision()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (_, gist, revisions) = await ThreeSavesAsync(t);
        var history = HistoryOf(t);

        var old = await history.GetAtRevisionAsync(Viewer.Anonymous, gist.Id, revisions[1][..7]);
        var head = await history.GetAtRevisionAsync(Viewer.Anonymous, gist.Id, "HEAD");

        Assert.Equal(revisions[1], old.Revision);
        Assert.False(old.IsHead);
        Assert.Equal(["a.txt", "poem.txt"], old.Files.Select(f => f.Name));
        Assert.Equal("alpha\nbeta\n", old.Files[0].Content);
        Assert.Equal("alice", old.AuthorName);
        Assert.True(head.IsHead);
        Assert.Equal("verse.txt", Assert.Single(head.Files).Name);
        Assert.Equal(revisions[2], (await history.GetSnapshotAsync(Viewer.Anonymous, gist.Id, "main")).Revision);
    }

    [Theory]
    [InlineData("--upload-pack=x")]
    [InlineData("-n")]
    [InlineData("../")]
    [InlineData("HEAD~999999")]
    [InlineData("HEAD~1")]
    [InlineData("main^")]
    [InlineData("head")]
    [InlineData("")]
    [InlineData("0000000000000000000000000000000000000000")]
    public async Task HostileOrUnknownRevisionsAreNotFound(string revision)
    {
        await using var t = await GistTestContext.CreateAsync();
        var (alice, gist, _) = await ThreeSavesAsync(t);
        var history = HistoryOf(t);

        await Assert.ThrowsAsync<NotFoundException>(() => history.GetAtRevisionAsync(alice, gist.Id, revision));
        await Assert.ThrowsAsync<NotFoundException>(() => history.GetSnapshotAsync(alice, gist.Id, revision));
    }

    [Fact]
    public async Task ACommitOfAnotherGistIsNotARevisionOfThisOne()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (alice, gist, _) = await ThreeSavesAsync(t);
        var other = await t.CreateGistAsync(alice);

        await Assert.ThrowsAsync<NotFoundException>(() => HistoryOf(t).GetAtRevisionAsync(alice, gist.Id, other.HeadRevision));
    }

    [Fact]
    public async Task APrivateGistsHistoryIsNotFoundForOthersAndVisibleToItsOwner()
    {
        await using var t = await GistTestContext.CreateAsync();
        var (alice, gist, revisions) = await ThreeSavesAsync(t, GistVisibility.Private);
        var bob = await t.CreateUserAsync("bob");
        var history = HistoryOf(t);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => history.GetHistoryAsync(bob, new string('a', 32)));
        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => history.GetHistoryAsync(bob, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => history.GetAtRevisionAsync(Viewer.Anonymous, gist.Id, revisions[0]));
        await Assert.ThrowsAsync<NotFoundException>(() => history.GetSnapshotAsync(bob, gist.Id, "HEAD"));

        Assert.Equal(missing.Message, hidden.Message);
        Assert.Equal(3, (await history.GetHistoryAsync(alice, gist.Id)).Revisions.TotalCount);
    }

    [Fact]
    public void PatchTextBecomesNumberedLines()
    {
        const string patch = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@ ctx\n a\n-b\n+c\n\\ No newline at end of file\n";

        var lines = GitHistoryReader.ParsePatch(patch);

        Assert.Equal(
            [
                new DiffLine(DiffLineKind.Hunk, null, null, "@@ -1,2 +1,2 @@ ctx"),
                new DiffLine(DiffLineKind.Context, 1, 1, "a"),
                new DiffLine(DiffLineKind.Deleted, 2, null, "b"),
                new DiffLine(DiffLineKind.Added, null, 2, "c"),
                new DiffLine(DiffLineKind.NoNewline, null, null, "No newline at end of file"),
            ],
            lines);
    }
}
