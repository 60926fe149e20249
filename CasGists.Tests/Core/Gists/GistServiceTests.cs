using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using LibGit2Sharp;
using Microsoft.EntityFrameworkCore;
using NotFoundException = CasGists.Core.Common.NotFoundException;

namespace CasGists.Tests.Core.Gists;

public sealed class GistServiceTests
{
    [Fact]
    public async Task CreateGetUpdateDeleteRoundTripKeepsGitAndIndexInStep()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("Alice");

        var created = await t.Gists.CreateAsync(alice, new CreateGistInput(" <script>x</script> ", " about ", GistVisibility.Public,
            [new("b.py", "print(1)\n"), new("A.md", "# Hi\n")]));

        Assert.Matches("^[0-9a-f]{32}$", created.Id);
        Assert.Equal("<script>x</script>", created.Title);
        Assert.Equal(["A.md", "b.py"], created.Files.Select(f => f.Name));
        Assert.Equal(["Markdown", "Python"], created.Files.Select(f => f.Language));

        var read = await t.Gists.GetAsync(Viewer.Anonymous, created.Id);
        Assert.Equal("Alice", read.OwnerUserName);
        Assert.Equal(created.HeadRevision, read.HeadRevision);
        Assert.Equal(1, read.RevisionCount);
        Assert.Equal(["A.md", "b.py"], read.Files.Select(f => f.Name));
        Assert.Equal("print(1)\n", read.Files[1].Content);
        Assert.Equal(9, read.Files[1].Size);

        using (var repo = new Repository(t.Git.RepositoryPath(alice.UserId!.Value, created.Id)))
        {
            Assert.True(repo.Info.IsBare);
            Assert.Equal("refs/heads/main", repo.Head.CanonicalName);
            var commit = repo.Head.Tip;
            Assert.Equal(created.HeadRevision, commit.Sha);
            Assert.Equal("Alice", commit.Author.Name);
            Assert.Equal("Alice@users.noreply.casgists", commit.Author.Email);
            Assert.Equal(commit.Author.Email, commit.Committer.Email);
            Assert.Equal(t.Time.GetUtcNow(), commit.Author.When);
            Assert.Equal(["A.md", "b.py"], commit.Tree.Select(e => e.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
        }

        t.Time.Advance(TimeSpan.FromMinutes(5));
        var updated = await t.Gists.UpdateAsync(alice, created.Id, new UpdateGistInput("New", "", GistVisibility.Unlisted,
            [new("A.md", "# Hi again\n"), new("c.rs", "fn main() {}\n")], created.HeadRevision));

        Assert.NotEqual(created.HeadRevision, updated.HeadRevision);
        Assert.Equal(2, updated.RevisionCount);
        Assert.Equal(["A.md", "c.rs"], updated.Files.Select(f => f.Name));
        var reread = await t.Gists.GetAsync(alice, created.Id);
        Assert.Equal(GistVisibility.Unlisted, reread.Visibility);
        Assert.Equal(["# Hi again\n", "fn main() {}\n"], reread.Files.Select(f => f.Content));
        Assert.Equal(created.CreatedAt, reread.CreatedAt);
        Assert.Equal(created.CreatedAt.AddMinutes(5), reread.UpdatedAt);
        Assert.Equal(2, t.Git.CountCommits(alice.UserId.Value, created.Id, updated.HeadRevision));
        Assert.Equal(["A.md", "c.rs"], t.Git.ReadFiles(alice.UserId.Value, created.Id, updated.HeadRevision).Select(f => f.Name).Order());

        await t.Gists.DeleteAsync(alice, created.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetAsync(alice, created.Id));
        Assert.Empty(t.RepositoryFolders());
        Assert.Empty(Directory.GetDirectories(t.Database.DataDirectory.Temp));
    }

    [Fact]
    public async Task ChangingOnlyTitleDescriptionOrVisibilityMakesNoRevision()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: new GistFileInput("a.txt", "same"));

        var updated = await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("Renamed", "now described", GistVisibility.Private, [new("a.txt", "same")]));

        Assert.Equal(gist.HeadRevision, updated.HeadRevision);
        Assert.Equal(1, updated.RevisionCount);
        Assert.Equal(1, t.Git.CountCommits(alice.UserId!.Value, gist.Id, gist.HeadRevision));
        Assert.Equal("Renamed", (await t.Gists.GetAsync(alice, gist.Id)).Title);
    }

    public static TheoryData<string, string?, string?, GistVisibility, GistFileInput[]> BadInputs() =>
        GistInputValidatorTests.BadInputs(GistInputValidatorTests.Limits);

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputOnCreateWritesNothing(string field, string? title, string? description, GistVisibility visibility, GistFileInput[] files)
    {
        await using var t = await GistTestContext.CreateAsync(GistInputValidatorTests.Limits);
        var alice = await t.CreateUserAsync("alice");

        var error = await Assert.ThrowsAsync<ValidationException>(() => t.Gists.CreateAsync(alice, new CreateGistInput(title, description, visibility, files)));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Equal(0, await t.GistRowCountAsync());
        Assert.Empty(t.RepositoryFolders());
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputOnUpdateChangesNothing(string field, string? title, string? description, GistVisibility visibility, GistFileInput[] files)
    {
        await using var t = await GistTestContext.CreateAsync(GistInputValidatorTests.Limits);
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, title: "t", files: new GistFileInput("a.txt", "x"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput(title, description, visibility, files)));

        Assert.Contains(field, error.Errors.Keys);
        var after = await t.Gists.GetAsync(alice, gist.Id);
        Assert.Equal(gist, after with { Files = gist.Files });
        Assert.Equal(gist.Files, after.Files);
        Assert.Equal(gist.HeadRevision, t.Git.GetHead(alice.UserId!.Value, gist.Id));
    }

    [Fact]
    public async Task AnonymousViewersCannotCreate()
    {
        await using var t = await GistTestContext.CreateAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Gists.CreateAsync(Viewer.Anonymous, new CreateGistInput("", "", GistVisibility.Public, [new("a", "b")])));
        Assert.Empty(t.RepositoryFolders());
    }

    [Fact]
    public async Task AFailureAfterTheRepositoryExistsLeavesNeitherRepositoryNorRow()
    {
        await using var t = await GistTestContext.CreateAsync();
        // A signed-in viewer whose user row is gone: git succeeds, the insert breaks the foreign key.
        var ghost = new Viewer(Guid.NewGuid(), "ghost", false);

        await Assert.ThrowsAsync<DbUpdateException>(() => t.Gists.CreateAsync(ghost, new CreateGistInput("", "", GistVisibility.Public, [new("a.txt", "x")])));

        Assert.Equal(0, await t.GistRowCountAsync());
        Assert.Empty(t.RepositoryFolders());
    }

    [Fact]
    public async Task AFailedDatabaseUpdateMovesTheBranchBack()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: new GistFileInput("a.txt", "one"));
        // A real database failure after the commit is written: a trigger refuses every update of the row.
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            if (t.Database.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql");
                await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_update BEFORE UPDATE ON gists FOR EACH ROW EXECUTE FUNCTION refuse()");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_update BEFORE UPDATE ON gists BEGIN SELECT RAISE(ABORT, 'refused'); END");
            }
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("a.txt", "two")])));

        Assert.Equal(gist.HeadRevision, t.Git.GetHead(alice.UserId!.Value, gist.Id));
        var after = await t.Gists.GetAsync(alice, gist.Id);
        Assert.Equal("one", after.Files.Single().Content);
        Assert.Equal(1, t.Git.CountCommits(alice.UserId.Value, gist.Id, t.Git.GetHead(alice.UserId.Value, gist.Id)!));
    }

    [Fact]
    public async Task AStaleBaseRevisionIsAConflictAndChangesNothing()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: new GistFileInput("a.txt", "one"));
        var second = await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("a.txt", "two")], gist.HeadRevision));

        await Assert.ThrowsAsync<ConflictException>(() =>
            t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("a.txt", "three")], gist.HeadRevision)));

        var after = await t.Gists.GetAsync(alice, gist.Id);
        Assert.Equal(second.HeadRevision, after.HeadRevision);
        Assert.Equal("two", after.Files.Single().Content);
        Assert.Equal(second.HeadRevision, t.Git.GetHead(alice.UserId!.Value, gist.Id));
    }

    [Fact]
    public async Task ConcurrentSavesOfOneGistAllLandAsSeparateRevisions()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: new GistFileInput("a.txt", "0"));

        await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            Task.Run(() => t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("a.txt", i.ToString())])))));

        var after = await t.Gists.GetAsync(alice, gist.Id);
        Assert.Equal(6, after.RevisionCount);
        Assert.Equal(6, t.Git.CountCommits(alice.UserId!.Value, gist.Id, after.HeadRevision));
        Assert.Equal(after.HeadRevision, t.Git.GetHead(alice.UserId.Value, gist.Id));
    }

    [Fact]
    public async Task OnlyTheOwnerEditsAndOnlyOwnerOrAdminDeletes()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var admin = await t.CreateUserAsync("root", isAdmin: true);
        var gist = await t.CreateGistAsync(alice);
        var edit = new UpdateGistInput("x", "", GistVisibility.Public, [new("a.txt", "x")]);

        await Assert.ThrowsAsync<ForbiddenException>(() => t.Gists.UpdateAsync(bob, gist.Id, edit));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Gists.UpdateAsync(admin, gist.Id, edit));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Gists.UpdateAsync(Viewer.Anonymous, gist.Id, edit));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Gists.DeleteAsync(bob, gist.Id));
        Assert.Equal(gist.HeadRevision, (await t.Gists.GetAsync(alice, gist.Id)).HeadRevision);

        await t.Gists.DeleteAsync(admin, gist.Id);
        Assert.Equal(0, await t.GistRowCountAsync());
        Assert.Empty(t.RepositoryFolders());
    }

    public static TheoryData<string, GistVisibility, bool> ReadRules() => new()
    {
        { "anonymous", GistVisibility.Public, true }, { "anonymous", GistVisibility.Unlisted, true }, { "anonymous", GistVisibility.Private, false },
        { "other", GistVisibility.Public, true }, { "other", GistVisibility.Unlisted, true }, { "other", GistVisibility.Private, false },
        { "owner", GistVisibility.Public, true }, { "owner", GistVisibility.Unlisted, true }, { "owner", GistVisibility.Private, true },
        { "admin", GistVisibility.Public, true }, { "admin", GistVisibility.Unlisted, true }, { "admin", GistVisibility.Private, true },
    };

    [Theory]
    [MemberData(nameof(ReadRules))]
    public async Task GetAndRawFollowTheVisibilityRule(string who, GistVisibility visibility, bool canRead)
    {
        await using var t = await GistTestContext.CreateAsync();
        var (owner, viewer) = await ViewersAsync(t, who);
        var gist = await t.CreateGistAsync(owner, visibility);

        if (canRead)
        {
            Assert.Equal(gist.Id, (await t.Gists.GetAsync(viewer, gist.Id)).Id);
            Assert.Equal("Hello\n"u8.ToArray(), (await t.Gists.GetRawFileAsync(viewer, gist.Id, "hello.txt")).Content);
        }
        else
        {
            var hidden = await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetAsync(viewer, gist.Id));
            var missing = await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetAsync(viewer, GistIds.New()));
            Assert.Equal(missing.Message, hidden.Message);
            await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(viewer, gist.Id, "hello.txt"));
            await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(viewer, gist.Id, "hello.txt", gist.HeadRevision));
            await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.DeleteAsync(viewer, gist.Id));
        }
    }

    public static TheoryData<string, GistVisibility, bool> ListRules() => new()
    {
        { "anonymous", GistVisibility.Public, true }, { "anonymous", GistVisibility.Unlisted, false }, { "anonymous", GistVisibility.Private, false },
        { "other", GistVisibility.Public, true }, { "other", GistVisibility.Unlisted, false }, { "other", GistVisibility.Private, false },
        { "owner", GistVisibility.Public, true }, { "owner", GistVisibility.Unlisted, true }, { "owner", GistVisibility.Private, true },
        { "admin", GistVisibility.Public, true }, { "admin", GistVisibility.Unlisted, true }, { "admin", GistVisibility.Private, true },
    };

    [Theory]
    [MemberData(nameof(ListRules))]
    public async Task ProfileListsFollowTheListingRuleAndTheHomePageShowsOnlyPublic(string who, GistVisibility visibility, bool listed)
    {
        await using var t = await GistTestContext.CreateAsync();
        var (owner, viewer) = await ViewersAsync(t, who);
        var gist = await t.CreateGistAsync(owner, visibility);

        var profile = await t.Gists.ListForUserAsync(viewer, owner.UserName!.ToUpperInvariant(), 1, 10);
        var home = await t.Gists.ListPublicAsync(1, 10);

        Assert.Equal(listed, profile.Items.Any(g => g.Id == gist.Id));
        Assert.Equal(listed ? 1 : 0, profile.TotalCount);
        Assert.Equal(visibility == GistVisibility.Public, home.Items.Any(g => g.Id == gist.Id));
    }

    private static async Task<(Viewer Owner, Viewer Viewer)> ViewersAsync(GistTestContext t, string who)
    {
        var owner = await t.CreateUserAsync("owner");
        return who switch
        {
            "anonymous" => (owner, Viewer.Anonymous),
            "other" => (owner, await t.CreateUserAsync("other")),
            "owner" => (owner, owner),
            "admin" => (owner, await t.CreateUserAsync("admin", isAdmin: true)),
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };
    }

    [Fact]
    public async Task ListsArePagedSortedAndCarryAPreviewOfTheFirstFile()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var content = string.Join("\n", Enumerable.Range(1, 20).Select(n => $"line {n}"));
            ids.Add((await t.CreateGistAsync(alice, files: [new GistFileInput($"z{i}.py", "z"), new GistFileInput($"a{i}.cs", content)])).Id);
            t.Time.Advance(TimeSpan.FromMinutes(1));
        }
        await t.Gists.UpdateAsync(alice, ids[0], new UpdateGistInput("touched", "", GistVisibility.Public, [new("z0.py", "z"), new("a0.cs", "x")]));
        await t.CreateGistAsync(alice, GistVisibility.Unlisted);

        var first = await t.Gists.ListPublicAsync(1, 2);
        var second = await t.Gists.ListPublicAsync(2, 2);
        var updated = await t.Gists.ListPublicAsync(1, 100, GistSort.RecentlyUpdated);
        var clamped = await t.Gists.ListPublicAsync(0, 1000);

        Assert.Equal([ids[2], ids[1]], first.Items.Select(g => g.Id));
        Assert.Equal([ids[0]], second.Items.Select(g => g.Id));
        Assert.Equal(3, first.TotalCount);
        Assert.Equal(2, first.PageCount);
        Assert.Equal(ids[0], updated.Items[0].Id);
        Assert.Equal((1, 100), (clamped.Page, clamped.PageSize));

        var card = first.Items[0];
        Assert.Equal("a2.cs", card.FirstFileName);
        Assert.Equal("C#", card.FirstFileLanguage);
        Assert.Equal(string.Join("\n", Enumerable.Range(1, 10).Select(n => $"line {n}")), card.FirstFilePreview);
        Assert.Equal(2, card.FileCount);
    }

    [Fact]
    public async Task ListingAnUnknownUserIsNotFound()
    {
        await using var t = await GistTestContext.CreateAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.ListForUserAsync(Viewer.Anonymous, "nobody", 1, 10));
    }

    [Fact]
    public async Task RawFilesComeFromTheHeadOrFromAnOldRevision()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, files: new GistFileInput("a.txt", "old é"));
        var updated = await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("", "", GistVisibility.Public, [new("b.txt", "new")]));

        var head = await t.Gists.GetRawFileAsync(Viewer.Anonymous, gist.Id, "b.txt");
        var old = await t.Gists.GetRawFileAsync(Viewer.Anonymous, gist.Id, "a.txt", gist.HeadRevision[..7].ToUpperInvariant());

        Assert.Equal("new"u8.ToArray(), head.Content);
        Assert.Equal(updated.HeadRevision, head.Revision);
        Assert.Equal("old é"u8.ToArray(), old.Content);
        Assert.Equal(gist.HeadRevision, old.Revision);
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(Viewer.Anonymous, gist.Id, "a.txt"));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(Viewer.Anonymous, gist.Id, "b.txt", gist.HeadRevision));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(Viewer.Anonymous, gist.Id, "B.TXT"));
    }

    [Theory]
    [InlineData("--upload-pack=x")]
    [InlineData("-n")]
    [InlineData("../")]
    [InlineData("HEAD~999999")]
    [InlineData("HEAD")]
    [InlineData("main")]
    [InlineData("abc")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffff0")]
    [InlineData("abcd\n")]
    [InlineData("")]
    public async Task HostileOrUnknownRevisionsAreNotFound(string revision)
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice);

        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(alice, gist.Id, "hello.txt", revision));
    }

    [Theory]
    [InlineData("../hello.txt")]
    [InlineData("x/hello.txt")]
    [InlineData("..")]
    [InlineData("")]
    public async Task HostileFileNamesAreNotFound(string fileName)
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice);

        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(alice, gist.Id, fileName));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(alice, gist.Id, fileName, gist.HeadRevision));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("abc")]
    public async Task MalformedIdsAreNotFound(string id)
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");

        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetAsync(alice, id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.DeleteAsync(alice, id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Gists.GetRawFileAsync(alice, id, "a.txt"));
    }
}
