using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Social;

public sealed class StarServiceTests
{
    [Fact]
    public async Task StarringAndUnstarringAreIdempotentAndCounted()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);
        var before = t.G.ChangeLog.Changes.Count;

        await t.Stars.StarAsync(bob, gist.Id);
        await t.Stars.StarAsync(bob, gist.Id);
        await t.Stars.StarAsync(alice, gist.Id);

        Assert.True(await t.Stars.IsStarredAsync(bob, gist.Id));
        Assert.False(await t.Stars.IsStarredAsync(Viewer.Anonymous, gist.Id));
        Assert.Equal(2, (await t.G.Gists.GetAsync(Viewer.Anonymous, gist.Id)).StarCount);
        Assert.Equal(2, (await t.G.Gists.ListPublicAsync(1, 10)).Items.Single().StarCount);
        // One change per star that changed something.
        Assert.Equal(Enumerable.Repeat(new GistChange(gist.Id, alice.UserId!.Value, GistChangeKind.Social), 2), t.G.ChangeLog.Changes.Skip(before));

        await t.Stars.UnstarAsync(bob, gist.Id);
        await t.Stars.UnstarAsync(bob, gist.Id);

        Assert.False(await t.Stars.IsStarredAsync(bob, gist.Id));
        Assert.Equal(1, (await t.G.Gists.GetAsync(Viewer.Anonymous, gist.Id)).StarCount);
        Assert.Equal(3, t.G.ChangeLog.Changes.Count - before);
    }

    [Fact]
    public async Task ConcurrentStarsMakeOneStar()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => t.Stars.StarAsync(bob, gist.Id))));

        Assert.Equal(1, (await t.G.Gists.GetAsync(bob, gist.Id)).StarCount);
    }

    [Fact]
    public async Task NobodyStarsWhatTheyCannotRead()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice, GistVisibility.Private);

        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.StarAsync(bob, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.UnstarAsync(bob, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.IsStarredAsync(bob, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.StarAsync(bob, "0123456789abcdef0123456789abcdef"));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.StarAsync(bob, "nope"));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Stars.StarAsync(Viewer.Anonymous, gist.Id));
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Set<Star>().CountAsync());
    }

    [Fact]
    public async Task TheStarredListHoldsOnlyGistsTheViewerCanStillRead()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var first = await t.G.CreateGistAsync(alice, title: "First");
        var second = await t.G.CreateGistAsync(alice, GistVisibility.Unlisted, "Second");
        var own = await t.G.CreateGistAsync(bob, GistVisibility.Private, "Own");
        await t.Stars.StarAsync(bob, first.Id);
        t.G.Time.Advance(TimeSpan.FromSeconds(1));
        await t.Stars.StarAsync(bob, second.Id);
        t.G.Time.Advance(TimeSpan.FromSeconds(1));
        await t.Stars.StarAsync(bob, own.Id);

        Assert.Equal([own.Id, second.Id, first.Id], (await t.Stars.ListStarredAsync(bob, 1, 10)).Items.Select(g => g.Id));

        await t.G.Gists.UpdateAsync(alice, first.Id, new UpdateGistInput("First", "", GistVisibility.Private, [new("hello.txt", "Hello\n")]));
        var page = await t.Stars.ListStarredAsync(bob, 1, 10);
        Assert.Equal([own.Id, second.Id], page.Items.Select(g => g.Id));
        Assert.Equal(2, page.TotalCount);
        Assert.Equal(1, page.Items[0].StarCount);

        await Assert.ThrowsAsync<ForbiddenException>(() => t.Stars.ListStarredAsync(Viewer.Anonymous, 1, 10));
    }

    [Fact]
    public async Task OthersSeeOnlyPublicGistsInSomeonesStarredList()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var admin = await t.G.CreateUserAsync("root", isAdmin: true);
        var open = await t.G.CreateGistAsync(alice, title: "Open");
        var unlisted = await t.G.CreateGistAsync(alice, GistVisibility.Unlisted, "Unlisted");
        var carols = await t.G.CreateGistAsync(carol, GistVisibility.Unlisted, "Carol's");
        foreach (var id in new[] { open.Id, unlisted.Id, carols.Id })
        {
            t.G.Time.Advance(TimeSpan.FromSeconds(1));
            await t.Stars.StarAsync(bob, id);
        }

        Assert.Equal([open.Id], (await t.Stars.ListStarredByUserAsync(Viewer.Anonymous, "bob", 1, 10)).Items.Select(g => g.Id));
        Assert.Equal([carols.Id, open.Id], (await t.Stars.ListStarredByUserAsync(carol, "BOB", 1, 10)).Items.Select(g => g.Id));
        Assert.Equal(3, (await t.Stars.ListStarredByUserAsync(admin, "bob", 1, 10)).TotalCount);
        Assert.Equal(3, (await t.Stars.ListStarredByUserAsync(bob, "bob", 1, 10)).TotalCount);
        await Assert.ThrowsAsync<NotFoundException>(() => t.Stars.ListStarredByUserAsync(bob, "nobody", 1, 10));
    }

    [Fact]
    public async Task DeletingAGistOrAUserDeletesTheirStars()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var doomed = await t.G.CreateGistAsync(alice);
        var kept = await t.G.CreateGistAsync(alice);
        await t.Stars.StarAsync(bob, doomed.Id);
        await t.Stars.StarAsync(bob, kept.Id);
        await t.Stars.StarAsync(carol, kept.Id);

        await t.G.Gists.DeleteAsync(alice, doomed.Id);
        await using (var db = await t.G.Database.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.Set<Star>().CountAsync());
            await db.Users.Where(u => u.Id == carol.UserId).ExecuteDeleteAsync();
        }

        Assert.Equal(1, (await t.G.Gists.GetAsync(alice, kept.Id)).StarCount);
    }
}
