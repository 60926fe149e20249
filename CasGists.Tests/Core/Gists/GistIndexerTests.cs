using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Gists;

public sealed class GistIndexerTests
{
    [Fact]
    public async Task ReindexRestoresAWipedIndexFromTheRepositories()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: [new GistFileInput("b.txt", "bee"), new GistFileInput("A.cs", "class A {}")]);
        var updated = await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("b.txt", "bee 2"), new("A.cs", "class A {}")]));
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            await db.GistFiles.ExecuteDeleteAsync();
            await db.Gists.ExecuteUpdateAsync(s => s
                .SetProperty(g => g.HeadRevision, new string('0', 40))
                .SetProperty(g => g.RevisionCount, 0)
                .SetProperty(g => g.FileCount, 0)
                .SetProperty(g => g.TotalSize, 0));
        }

        var count = await t.Indexer.ReindexAllAsync();

        Assert.Equal(1, count);
        var after = await t.Gists.GetAsync(alice, gist.Id);
        Assert.Equal(updated.HeadRevision, after.HeadRevision);
        Assert.Equal(2, after.RevisionCount);
        Assert.Equal(updated.Files, after.Files);
        var summary = (await t.Gists.ListPublicAsync(1, 10)).Items.Single();
        Assert.Equal(2, summary.FileCount);
        Assert.Equal("A.cs", summary.FirstFileName);
    }

    [Fact]
    public async Task ReindexSkipsAGistWhoseRepositoryIsGone()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var kept = await t.CreateGistAsync(alice);
        var lost = await t.CreateGistAsync(alice);
        t.Git.Delete(alice.UserId!.Value, lost.Id);

        Assert.Equal(1, await t.Indexer.ReindexAllAsync());
        Assert.Equal(lost.Files, (await t.Gists.GetAsync(alice, lost.Id)).Files);
        Assert.Equal(kept.HeadRevision, (await t.Gists.GetAsync(alice, kept.Id)).HeadRevision);
    }

    [Fact]
    public async Task ReconcileRemovesAnOldRepositoryWithNoRowAndKeepsTheRest()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice);
        var orphanId = GistIds.New();
        t.Git.Create(alice.UserId!.Value, orphanId);
        var strayOwner = Guid.NewGuid();
        t.Git.Create(strayOwner, gist.Id); // the right id under the wrong owner is an orphan too
        var notOurs = Directory.CreateDirectory(Path.Combine(t.Database.DataDirectory.Repositories, "not-a-guid", "x.git")).FullName;

        t.Time.SetUtcNow(DateTimeOffset.UtcNow.AddHours(1));

        var removed = await t.Indexer.ReconcileAsync();

        Assert.Equal(2, removed);
        Assert.False(t.Git.Exists(alice.UserId.Value, orphanId));
        Assert.False(t.Git.Exists(strayOwner, gist.Id));
        Assert.True(t.Git.Exists(alice.UserId.Value, gist.Id));
        Assert.True(Directory.Exists(notOurs));
        Assert.Equal(gist.Files, (await t.Gists.GetAsync(Viewer.Anonymous, gist.Id)).Files);
    }

    [Fact]
    public async Task ReconcileLeavesAYoungRepositoryAloneBecauseItsCreateMayStillBeRunning()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var orphanId = GistIds.New();
        t.Git.Create(alice.UserId!.Value, orphanId);
        // The fake clock starts in 2020; the folder was written just now, in real time. Pin the clock to the folder's age.
        t.Time.SetUtcNow(new DateTimeOffset(Directory.GetLastWriteTimeUtc(t.Git.RepositoryPath(alice.UserId.Value, orphanId)), TimeSpan.Zero).AddMinutes(1));

        Assert.Equal(0, await t.Indexer.ReconcileAsync());
        Assert.True(t.Git.Exists(alice.UserId.Value, orphanId));
    }
}
