using System.Globalization;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CasGists.Tests.Core.Search;

/// <summary>
/// Migration <c>SqliteFast</c> (the SQLite index merged into one segment, on upgrade and at the end of <c>reindex</c>), the
/// rank's probe before its column passes, and the candidates' dates read by position.
/// </summary>
public sealed class SqliteFastTests
{
    [Fact]
    public async Task AnIndexFromBeforeSqliteFastIsMergedIntoOneSegmentOnUpgradeAndStillSearchedAfterDowngradeAndReindex()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var migrator = db.GetService<IMigrator>();
        var previous = TestMigrations.Before(db, "SqliteFast");
        await migrator.MigrateAsync(previous);
        // Each save commits on its own: a segment each.
        var gists = new List<GistDetails>();
        for (var i = 0; i < 3; i++)
        {
            gists.Add(await t.CreateGistAsync(alice, GistVisibility.Public, $"Pie {i}", "", ["fruit"], new GistFileInput("a.txt", $"apple crust{i}\n")));
        }
        if (t.Database.Provider == DatabaseProvider.Sqlite)
        {
            Assert.True(await SegmentCountAsync(db) > 1);
        }

        await migrator.MigrateAsync();
        await AssertSegmentsAsync(t, db, 1);
        Assert.Equal([gists[2].Id, gists[1].Id, gists[0].Id], await t.IdsAsync(Viewer.Anonymous, "apple"));
        Assert.Equal([gists[1].Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit crust1"));

        await migrator.MigrateAsync(previous);
        var later = await t.CreateGistAsync(alice, GistVisibility.Public, "Tart", "", ["fruit"], new GistFileInput("b.txt", "apple\n"));
        await t.Cache.RemoveByTagAsync(GistSearchService.CacheTag);
        if (t.Database.Provider == DatabaseProvider.Sqlite)
        {
            // On PostgreSQL the search reads search_files, from a later migration than SqliteFast.
            Assert.Equal([later.Id, gists[2].Id, gists[1].Id, gists[0].Id], await t.IdsAsync(Viewer.Anonymous, "apple"));
        }

        await migrator.MigrateAsync();
        await t.Search.RebuildIndexAsync();
        await AssertSegmentsAsync(t, db, 1);
        Assert.Equal([later.Id, gists[2].Id, gists[1].Id, gists[0].Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit apple"));
    }

    [Fact]
    public async Task AFacetSearchWhoseWordsAreInNoTitleNameOrDescriptionRanksNewestFirstAndOneInADescriptionFirst()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var older = await t.CreateGistAsync(alice, GistVisibility.Public, "Crumble", "", ["fruit"], new GistFileInput("a.txt", "apple\n"));
        var newer = await t.CreateGistAsync(alice, GistVisibility.Public, "Tart", "", ["fruit"], new GistFileInput("b.txt", "apple\n"));
        await t.CreateGistAsync(alice, GistVisibility.Public, "Apple pie", "", ["vegetable"], new GistFileInput("c.txt", "apple\n"));

        // Only in contents: the probe finds nothing, every candidate scores the same, newest first.
        Assert.Equal([newer.Id, older.Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit apple"));

        var described = await t.CreateGistAsync(alice, GistVisibility.Public, "Cobbler", "An apple one", ["fruit"], new GistFileInput("d.txt", "apple\n"));
        var named = await t.CreateGistAsync(alice, GistVisibility.Public, "Pudding", "", ["fruit"], new GistFileInput("apple.txt", "apple\n"));
        await t.Cache.RemoveByTagAsync(GistSearchService.CacheTag);
        // The file name (8) above the description (4), then the newest.
        Assert.Equal([named.Id, described.Id, newer.Id, older.Id], await t.IdsAsync(Viewer.Anonymous, "topic:fruit apple"));
    }

    [Theory]
    [InlineData("2024-01-02 03:04:05")]
    [InlineData("2024-01-02 03:04:05.1")]
    [InlineData("2024-01-02 03:04:05.0000001")]
    [InlineData("2024-02-29 23:59:59.9999999")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.1234567")]
    public void AStoredDateIsReadByPositionAsParseReadsIt(string stored)
    {
        Assert.True(SearchCommands.TryParseStored(stored, out var value));
        var parsed = DateTime.Parse(stored, CultureInfo.InvariantCulture);
        Assert.Equal(parsed, value);
        Assert.Equal(parsed.Kind, value.Kind);
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-01-02 03:04:05Z")]
    [InlineData("2024-01-02 03:04:05+01:00")]
    [InlineData("2024-01-02 03:04:05.")]
    [InlineData("2024-01-02 03:04:05.12345678")]
    [InlineData("2024-13-02 03:04:05")]
    [InlineData("2023-02-29 03:04:05")]
    [InlineData("2024-01-02 24:00:00")]
    [InlineData("2024-1-02 03:04:05")]
    [InlineData("2024-01-02 03:04:0x")]
    [InlineData("")]
    public void AnyOtherShapeIsLeftToTheProvider(string stored) =>
        Assert.False(SearchCommands.TryParseStored(stored, out _));

    [Fact]
    public async Task AStoredDateReadsTheSameThroughTheSearchAsThroughGetDateTime()
    {
        await using var t = await SearchTestContext.CreateAsync();
        await using var connection = await t.Database.Settings.OpenAsync();
        await using var command = connection.CreateCommand();
        var when = new DateTime(2026, 11, 29, 12, 34, 56, DateTimeKind.Utc).AddTicks(1_234_567);
        command.CommandText = t.Database.Provider == DatabaseProvider.Sqlite ? "SELECT '2026-11-29 12:34:56.1234567'" : "SELECT TIMESTAMPTZ '2026-11-29 12:34:56.123456+00'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var read = SearchCommands.Utc(reader, 0);

        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), read);
        Assert.Equal(t.Database.Provider == DatabaseProvider.Sqlite ? when : when.AddTicks(-7), read);
    }

    private static async Task AssertSegmentsAsync(SearchTestContext t, CasGistsDbContext db, int expected)
    {
        if (t.Database.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal(expected, await SegmentCountAsync(db));
        }
    }

    private static Task<int> SegmentCountAsync(CasGistsDbContext db) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(DISTINCT segid) AS \"Value\" FROM search_fts_idx").SingleAsync();
}
