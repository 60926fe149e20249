using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CasGists.Tests.Core.Search;

/// <summary>
/// <c>language:</c> and <c>topic:</c> are facets stored in every index row of a gist (migration Search4): each write
/// that changes a gist's languages or topics must re-index its other files too, and no word may ever match a facet.
/// </summary>
public sealed class SearchFacetsTests
{
    private static async Task AssertFinds(SearchTestContext t, string q, params string[] expected)
    {
        var ids = await t.IdsAsync(Viewer.Anonymous, q);
        Assert.True(expected.Order().SequenceEqual(ids.Order()), $"'{q}': expected [{string.Join(", ", expected)}], got [{string.Join(", ", ids)}]");
    }

    private static UpdateGistInput Files(IReadOnlyList<string>? topics, params GistFileInput[] files) =>
        new("Facets", "", GistVisibility.Public, files, Topics: topics);

    [Fact]
    public async Task AFileInANewLanguageGivesTheGistsOtherFilesThatLanguageAndLosingItTakesItAway()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", null, new GistFileInput("a.py", "apple = 1\n"));
        await AssertFinds(t, "language:python apple", gist.Id);
        await AssertFinds(t, "language:go apple");

        // apple lives in a.py; the Go file arrives later, and a.py's index row must learn the gist now has Go.
        await t.Gists.UpdateAsync(alice, gist.Id, Files(null, new GistFileInput("a.py", "apple = 1\n"), new GistFileInput("b.go", "package banana\n")));
        await AssertFinds(t, "language:go apple", gist.Id);
        await AssertFinds(t, "language:go language:python", gist.Id);

        await t.Gists.UpdateAsync(alice, gist.Id, Files(null, new GistFileInput("a.py", "apple = 1\n")));
        await AssertFinds(t, "language:go apple");
        await AssertFinds(t, "language:go");
        await AssertFinds(t, "language:python apple", gist.Id);
    }

    [Fact]
    public async Task FiltersAloneFindAGistWhicheverFileIsFirst()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"], new GistFileInput("b.py", "apple = 1\n"));
        await AssertFinds(t, "language:python topic:fruit", gist.Id);

        // a.md sorts first now: the first-file mark moves from b.py's row to a.md's, and back when a.md goes.
        await t.Gists.UpdateAsync(alice, gist.Id, Files(["fruit"], new GistFileInput("a.md", "# notes\n"), new GistFileInput("b.py", "apple = 1\n")));
        await AssertFinds(t, "language:python topic:fruit", gist.Id);
        await AssertFinds(t, "language:markdown", gist.Id);
        await t.Gists.UpdateAsync(alice, gist.Id, Files(["fruit"], new GistFileInput("b.py", "apple = 1\n")));
        await AssertFinds(t, "language:python topic:fruit", gist.Id);
        await AssertFinds(t, "language:markdown");
    }

    [Fact]
    public async Task RenamingAFileIntoAnotherLanguageMovesTheFacet()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", null,
            new GistFileInput("a.py", "apple = 1\n"), new GistFileInput("notes.md", "cherry\n"));

        await t.Gists.UpdateAsync(alice, gist.Id, Files(null, new GistFileInput("a.rs", "apple = 1\n"), new GistFileInput("notes.md", "cherry\n")));
        await AssertFinds(t, "language:python");
        await AssertFinds(t, "language:rust cherry", gist.Id);
        await AssertFinds(t, "language:markdown apple", gist.Id);
    }

    [Fact]
    public async Task TopicsAddedAndRemovedReachEveryFileOfTheGist()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"],
            new GistFileInput("a.txt", "apple\n"), new GistFileInput("b.txt", "banana\n"));
        await AssertFinds(t, "topic:fruit banana", gist.Id);

        await t.Gists.UpdateAsync(alice, gist.Id, Files(["fruit", "yellow-things"], new GistFileInput("a.txt", "apple\n"), new GistFileInput("b.txt", "banana\n")));
        await AssertFinds(t, "topic:yellow-things apple", gist.Id);
        await AssertFinds(t, "topic:yellow-things topic:fruit", gist.Id);

        await t.Gists.UpdateAsync(alice, gist.Id, Files(["yellow-things"], new GistFileInput("a.txt", "apple\n"), new GistFileInput("b.txt", "banana\n")));
        await AssertFinds(t, "topic:fruit");
        await AssertFinds(t, "topic:fruit banana");
        await AssertFinds(t, "topic:yellow-things banana", gist.Id);
    }

    [Fact]
    public async Task LanguagesThatSplitToTheSameWordStayApart()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var c = await t.CreateGistAsync(alice, GistVisibility.Public, "C", "", null, new GistFileInput("main.c", "int main;\n"));
        var cpp = await t.CreateGistAsync(alice, GistVisibility.Public, "C++", "", null, new GistFileInput("main.cpp", "int main;\n"));
        var cs = await t.CreateGistAsync(alice, GistVisibility.Public, "C#", "", null, new GistFileInput("Main.cs", "int main;\n"));

        await AssertFinds(t, "language:c", c.Id);
        await AssertFinds(t, "language:c++ main", cpp.Id);
        await AssertFinds(t, "language:\"c#\"", cs.Id);
    }

    [Theory]
    [InlineData(SearchField.Language, "python")]
    [InlineData(SearchField.Topic, "fruit")]
    public async Task NoWordMatchesAFacetToken(SearchField field, string value)
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"], new GistFileInput("a.py", "apple = 1\n"));
        var facet = new SearchFacet(field, value);

        foreach (var q in new[] { facet.SqliteToken, $"\"{facet.PostgresLexeme}\"", $"apple -{facet.SqliteToken}" })
        {
            var expected = q.StartsWith("apple", StringComparison.Ordinal) ? 1 : 0;
            Assert.True((await t.IdsAsync(Viewer.Anonymous, q)).Count == expected, q);
        }
    }

    [Fact]
    public async Task DeletingAGistLeavesTheOthersFacetsWhole()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gone = await t.CreateGistAsync(alice, GistVisibility.Public, "Gone", "", ["fruit"],
            new GistFileInput("a.py", "apple\n"), new GistFileInput("b.go", "package apple\n"), new GistFileInput("c.md", "apple\n"));
        var kept = await t.CreateGistAsync(alice, GistVisibility.Public, "Kept", "", ["fruit"], new GistFileInput("a.py", "apple\n"));

        await t.Gists.DeleteAsync(alice, gone.Id);
        await AssertFinds(t, "topic:fruit apple", kept.Id);
        await AssertFinds(t, "language:python", kept.Id);
        await AssertFinds(t, "language:go");
    }

    [Fact]
    public async Task RebuildingTheIndexKeepsTheFacets()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"],
            new GistFileInput("a.py", "apple\n"), new GistFileInput("b.md", "banana\n"));

        await t.Search.RebuildIndexAsync();
        await AssertFinds(t, "topic:fruit language:python banana", gist.Id);
        await AssertFinds(t, "topic:fruit language:markdown", gist.Id);
    }

    [Fact]
    public async Task AnIndexFromBeforeSearch4GetsItsFacetsOnUpgradeAndLosesThemOnDowngrade()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"],
            new GistFileInput("a.py", "apple\n"), new GistFileInput("b.md", "banana\n"));
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var migrator = db.GetService<IMigrator>();
        var previous = TestMigrations.Before(db, "Search4");

        await migrator.MigrateAsync(previous);
        Assert.Equal(0, await FacetTriggerCountAsync(db, t.Database.Provider));
        await migrator.MigrateAsync();

        Assert.True(await FacetTriggerCountAsync(db, t.Database.Provider) > 0);
        await AssertFinds(t, "topic:fruit language:python banana", gist.Id);
        await AssertFinds(t, "apple", gist.Id);
    }

    [Fact]
    public async Task RebuildingAnEmptiedIndexBringsBackTheWordsAndTheFacets()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"],
            new GistFileInput("a.py", "apple\n"), new GistFileInput("b.md", "banana\n"));
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            // Behind the triggers' back: the files' search rows and each gist's own facets (PostgreSQL), or the FTS5 rows (SQLite).
            await db.Database.ExecuteSqlRawAsync(t.Database.Provider == CasGists.Core.Data.DatabaseProvider.Sqlite
                ? "DELETE FROM search_fts"
                : "DELETE FROM search_files; UPDATE gists SET search_facets = NULL;");
        }
        await t.Search.InvalidateAsync();
        await AssertFinds(t, "topic:fruit");
        await AssertFinds(t, "apple");

        await t.Search.RebuildIndexAsync();
        await AssertFinds(t, "topic:fruit", gist.Id);
        await AssertFinds(t, "language:python topic:fruit", gist.Id);
        await AssertFinds(t, "topic:fruit language:markdown apple", gist.Id);
    }

    [Fact]
    public async Task GistsFromBeforeSearchPlanningGetTheirOwnFacetsOnUpgradeAndWritesStillWorkAfterADowngrade()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "Facets", "", ["fruit"], new GistFileInput("a.py", "apple\n"));
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var migrator = db.GetService<IMigrator>();
        var previous = TestMigrations.Before(db, "SearchPlanning");
        var postgres = t.Database.Provider == CasGists.Core.Data.DatabaseProvider.Postgres;

        await migrator.MigrateAsync(previous);
        if (postgres)
        {
            Assert.Equal(0, await PlanningObjectCountAsync(db));
        }
        // The facet triggers, put back as they were, must not reach for what the downgrade removed.
        await t.Gists.UpdateAsync(alice, gist.Id, Files(["fruit", "later"], new GistFileInput("a.py", "apple\n"), new GistFileInput("b.go", "package b\n")));
        await migrator.MigrateAsync();

        if (postgres)
        {
            Assert.Equal(2, await PlanningObjectCountAsync(db));
        }
        await t.Search.InvalidateAsync();
        await AssertFinds(t, "topic:later language:go", gist.Id);
        await AssertFinds(t, "topic:fruit language:python", gist.Id);
        await AssertFinds(t, "topic:later apple", gist.Id);
    }

    // The gists' facet column and the estimate function.
    private static Task<int> PlanningObjectCountAsync(CasGists.Core.Data.CasGistsDbContext db) =>
        db.Database.SqlQueryRaw<int>("""
            SELECT ((SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'gists' AND column_name = 'search_facets')
                  + (SELECT COUNT(*) FROM pg_proc WHERE proname = 'casgists_match_estimate'))::int AS "Value"
            """).SingleAsync();

    private static Task<int> FacetTriggerCountAsync(CasGists.Core.Data.CasGistsDbContext db, CasGists.Core.Data.DatabaseProvider provider) =>
        provider == CasGists.Core.Data.DatabaseProvider.Sqlite
            ? db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%language' OR name LIKE 'search_gist_topics%')").SingleAsync()
            : db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%facets'").SingleAsync();

    [Fact]
    public async Task AFacetSearchStillRanksATitleMatchAboveNewerContentMatches()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var titled = await t.CreateGistAsync(alice, GistVisibility.Public, "Apple pie", "", ["fruit"], new GistFileInput("a.txt", "crust\n"));
        var newer = await t.CreateGistAsync(alice, GistVisibility.Public, "Crumble", "", ["fruit"], new GistFileInput("b.txt", "apple\n"));

        Assert.Equal([titled.Id, newer.Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit apple"));
        Assert.Equal([newer.Id, titled.Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit apple sort:updated"));
    }

    [Fact]
    public async Task ABroadWordRanksItsNewestCandidatesByWhereTheWordIs()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        // 1,100 gists with "apple" in their file: more than the candidate limit, so the search ranks without bm25.
        var ids = await t.AddBareGistsAsync(alice, 1100, i => i == 600 ? "all about apple" : "fruit");
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            db.GistFiles.AddRange(ids.Select((id, i) => new GistFile
            {
                GistId = id, Name = i == 700 ? "apple.txt" : "notes.txt", Language = "Text", Content = "apple\n", Size = 6,
            }));
            await db.SaveChangesAsync();
        }

        var results = await t.Search.SearchAsync(Viewer.Anonymous, "apple", 1, 5);
        Assert.True(results.TotalIsCapped);
        // The file name (8) above the description (4), then the newest.
        Assert.Equal([ids[700], ids[600], ids[1099], ids[1098], ids[1097]], results.Items.Select(i => i.Gist.Id));
    }
}
