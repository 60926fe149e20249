using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using LibGit2Sharp;
using Microsoft.EntityFrameworkCore;
using NotFoundException = CasGists.Core.Common.NotFoundException;

namespace CasGists.Tests.Core.Social;

public sealed class ForkServiceTests
{
    [Fact]
    public async Task AForkCopiesTheWholeHistoryWithTheSameCommitIdsIntoTheForkersAccount()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.Gists.CreateAsync(alice, new CreateGistInput("Notes", "about things", GistVisibility.Public,
            [new("a.md", "# One\n"), new("b.py", "print(1)\n")]));
        t.G.Time.Advance(TimeSpan.FromMinutes(1));
        source = await t.G.Gists.UpdateAsync(alice, source.Id, new UpdateGistInput("Notes", "about things", GistVisibility.Public,
            [new("a.md", "# Two\n"), new("b.py", "print(2)\n")], source.HeadRevision));
        t.G.Time.Advance(TimeSpan.FromMinutes(1));

        var fork = await t.Forks.ForkAsync(bob, source.Id);

        Assert.Matches("^[0-9a-f]{32}$", fork.Id);
        Assert.NotEqual(source.Id, fork.Id);
        Assert.Equal("bob", fork.OwnerUserName);
        Assert.Equal(bob.UserId, fork.OwnerId);
        Assert.Equal(("Notes", "about things", GistVisibility.Public), (fork.Title, fork.Description, fork.Visibility));
        Assert.Equal(source.HeadRevision, fork.HeadRevision);
        Assert.Equal(2, fork.RevisionCount);
        Assert.Equal(source.Files.Select(f => (f.Name, f.Content, f.Language, f.Size)), fork.Files.Select(f => (f.Name, f.Content, f.Language, f.Size)));
        Assert.Equal(new GistReference(source.Id, "alice", "Notes"), fork.ForkedFrom);
        Assert.Equal(t.G.Time.GetUtcNow().UtcDateTime, fork.CreatedAt);

        using var sourceRepo = new Repository(t.G.Git.RepositoryPath(alice.UserId!.Value, source.Id));
        using var forkRepo = new Repository(t.G.Git.RepositoryPath(bob.UserId!.Value, fork.Id));
        Assert.True(forkRepo.Info.IsBare);
        Assert.Equal("refs/heads/main", forkRepo.Head.CanonicalName);
        Assert.Equal(sourceRepo.Commits.Select(c => c.Sha), forkRepo.Commits.Select(c => c.Sha));
        Assert.Empty(forkRepo.Network.Remotes);

        var reread = await t.G.Gists.GetAsync(Viewer.Anonymous, source.Id);
        Assert.Equal(1, reread.ForkCount);
        Assert.Equal(
            [new GistChange(fork.Id, bob.UserId.Value, GistChangeKind.Created), new GistChange(source.Id, alice.UserId.Value, GistChangeKind.Social)],
            t.G.ChangeLog.Changes.TakeLast(2));
    }

    [Fact]
    public async Task ForkingTwiceReturnsTheExistingFork()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);

        var first = await t.Forks.ForkAsync(bob, source.Id);
        var changes = t.G.ChangeLog.Changes.Count;
        var second = await t.Forks.ForkAsync(bob, source.Id);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, await t.G.GistRowCountAsync());
        Assert.Equal(2, t.G.RepositoryFolders().Count);
        Assert.Equal(changes, t.G.ChangeLog.Changes.Count);
        Assert.Equal(first.Id, await t.Forks.FindForkAsync(bob, source.Id));
        Assert.Null(await t.Forks.FindForkAsync(alice, source.Id));
    }

    [Fact]
    public async Task ConcurrentForksBySameUserMakeOneFork()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);

        var forks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => t.Forks.ForkAsync(bob, source.Id))));

        Assert.Single(forks.Select(f => f.Id).Distinct());
        Assert.Equal(2, t.G.RepositoryFolders().Count);
    }

    [Fact]
    public async Task ForkingYourOwnGistIsAConflictAndWritesNothing()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var source = await t.G.CreateGistAsync(alice);
        var changes = t.G.ChangeLog.Changes.Count;

        await Assert.ThrowsAsync<ConflictException>(() => t.Forks.ForkAsync(alice, source.Id));

        Assert.Equal(1, await t.G.GistRowCountAsync());
        Assert.Single(t.G.RepositoryFolders());
        Assert.Equal(changes, t.G.ChangeLog.Changes.Count);
    }

    [Fact]
    public async Task AForkOfAnUnlistedGistStaysUnlisted()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice, GistVisibility.Unlisted);

        var fork = await t.Forks.ForkAsync(bob, source.Id);

        Assert.Equal(GistVisibility.Unlisted, fork.Visibility);
        Assert.Equal(0, (await t.G.Gists.ListForUserAsync(Viewer.Anonymous, "bob", 1, 10)).TotalCount);
    }

    [Fact]
    public async Task PrivateGistsOfOthersCannotBeForkedButAdminsCanAndTheForkStaysPrivate()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var admin = await t.G.CreateUserAsync("root", isAdmin: true);
        var source = await t.G.CreateGistAsync(alice, GistVisibility.Private);

        await Assert.ThrowsAsync<NotFoundException>(() => t.Forks.ForkAsync(bob, source.Id));
        Assert.Equal(1, await t.G.GistRowCountAsync());

        var fork = await t.Forks.ForkAsync(admin, source.Id);
        Assert.Equal(GistVisibility.Private, fork.Visibility);
        await Assert.ThrowsAsync<NotFoundException>(() => t.G.Gists.GetAsync(bob, fork.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-hex")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task MalformedOrUnknownIdsAreNotFound(string id)
    {
        await using var t = await SocialTestContext.CreateAsync();
        var bob = await t.G.CreateUserAsync("bob");

        await Assert.ThrowsAsync<NotFoundException>(() => t.Forks.ForkAsync(bob, id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Forks.ListForksAsync(bob, id, 1, 10));
        Assert.Empty(t.G.RepositoryFolders());
    }

    [Fact]
    public async Task SignedOutPeopleCannotFork()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var source = await t.G.CreateGistAsync(alice);

        await Assert.ThrowsAsync<ForbiddenException>(() => t.Forks.ForkAsync(Viewer.Anonymous, source.Id));
        Assert.Single(t.G.RepositoryFolders());
    }

    [Fact]
    public async Task AFailedDatabaseWriteLeavesNoRepositoryBehind()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);
        // The forker's account disappears between the checks and the insert: the row cannot be written.
        var ghost = bob with { UserId = Guid.NewGuid() };

        await Assert.ThrowsAnyAsync<DbUpdateException>(() => t.Forks.ForkAsync(ghost, source.Id));

        Assert.Equal(1, await t.G.GistRowCountAsync());
        Assert.Single(t.G.RepositoryFolders());
    }

    [Fact]
    public async Task DeletingTheSourceLeavesForksWithoutALink()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);
        var fork = await t.Forks.ForkAsync(bob, source.Id);

        await t.G.Gists.DeleteAsync(alice, source.Id);

        var reread = await t.G.Gists.GetAsync(bob, fork.Id);
        Assert.Null(reread.ForkedFrom);
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        Assert.Null(await db.Gists.Where(g => g.Id == fork.Id).Select(g => g.ForkedFromId).SingleAsync());
    }

    [Fact]
    public async Task DeletingAForkLowersTheSourcesForkCount()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);
        var fork = await t.Forks.ForkAsync(bob, source.Id);

        await t.G.Gists.DeleteAsync(bob, fork.Id);

        Assert.Equal(0, (await t.G.Gists.GetAsync(alice, source.Id)).ForkCount);
        Assert.Empty((await t.Forks.ListForksAsync(alice, source.Id, 1, 10)).Items);
    }

    [Fact]
    public async Task TheForkedFromLinkHidesASourceTheViewerCannotRead()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var source = await t.G.CreateGistAsync(alice);
        var fork = await t.Forks.ForkAsync(bob, source.Id);
        await t.G.Gists.UpdateAsync(alice, source.Id, new UpdateGistInput("A gist", "", GistVisibility.Private, [new("hello.txt", "Hello\n")]));

        Assert.Null((await t.G.Gists.GetAsync(carol, fork.Id)).ForkedFrom);
        Assert.NotNull((await t.G.Gists.GetAsync(alice, fork.Id)).ForkedFrom);
    }

    [Fact]
    public async Task TheForksListShowsOnlyForksTheViewerMaySee()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var dave = await t.G.CreateUserAsync("dave");
        var admin = await t.G.CreateUserAsync("root", isAdmin: true);
        var source = await t.G.CreateGistAsync(alice);
        var bobs = await t.Forks.ForkAsync(bob, source.Id);
        t.G.Time.Advance(TimeSpan.FromSeconds(1));
        var carols = await t.Forks.ForkAsync(carol, source.Id);
        await t.G.Gists.UpdateAsync(carol, carols.Id, new UpdateGistInput("A gist", "", GistVisibility.Private, [new("hello.txt", "Hello\n")]));
        t.G.Time.Advance(TimeSpan.FromSeconds(1));
        var daves = await t.Forks.ForkAsync(dave, source.Id);
        await t.G.Gists.UpdateAsync(dave, daves.Id, new UpdateGistInput("A gist", "", GistVisibility.Unlisted, [new("hello.txt", "Hello\n")]));

        Assert.Equal([bobs.Id], (await t.Forks.ListForksAsync(Viewer.Anonymous, source.Id, 1, 10)).Items.Select(g => g.Id));
        Assert.Equal([carols.Id, bobs.Id], (await t.Forks.ListForksAsync(carol, source.Id, 1, 10)).Items.Select(g => g.Id));
        Assert.Equal([daves.Id, carols.Id, bobs.Id], (await t.Forks.ListForksAsync(admin, source.Id, 1, 10)).Items.Select(g => g.Id));
        Assert.Equal(1, (await t.G.Gists.GetAsync(Viewer.Anonymous, source.Id)).ForkCount);
        Assert.Equal(2, (await t.G.Gists.GetAsync(carol, source.Id)).ForkCount);
        Assert.Equal(1, (await t.G.Gists.ListPublicAsync(1, 10)).Items.Single(g => g.Id == source.Id).ForkCount);
    }

    [Fact]
    public async Task UnlistedForksAreListedOnAnUnlistedSource()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice, GistVisibility.Unlisted);
        var fork = await t.Forks.ForkAsync(bob, source.Id);

        Assert.Equal([fork.Id], (await t.Forks.ListForksAsync(Viewer.Anonymous, source.Id, 1, 10)).Items.Select(g => g.Id));
        Assert.Equal(1, (await t.G.Gists.GetAsync(Viewer.Anonymous, source.Id)).ForkCount);
    }

    [Fact]
    public async Task AForkCanBeEditedAndClonedIndependently()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);
        var fork = await t.Forks.ForkAsync(bob, source.Id);

        var edited = await t.G.Gists.UpdateAsync(bob, fork.Id, new UpdateGistInput("Mine", "", GistVisibility.Public,
            [new("hello.txt", "Hello from bob\n")], fork.HeadRevision));

        Assert.Equal(2, edited.RevisionCount);
        Assert.Equal("Hello\n", (await t.G.Gists.GetAsync(alice, source.Id)).Files.Single().Content);
        Assert.Equal(source.HeadRevision, t.G.Git.GetHead(alice.UserId!.Value, source.Id));
    }
}
