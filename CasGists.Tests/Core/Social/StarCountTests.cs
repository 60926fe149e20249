using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CasGists.Tests.Core.Social;

/// <summary><see cref="Gist.StarCount"/>, kept by the database triggers of <see cref="StarCountSchema"/>.</summary>
public sealed class StarCountTests
{
    [Fact]
    public async Task StarringAndUnstarringMoveTheStoredCount()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);
        Assert.Equal(0, await StoredCountAsync(t, gist.Id));

        await t.Stars.StarAsync(bob, gist.Id);
        await t.Stars.StarAsync(bob, gist.Id);
        Assert.Equal(1, await StoredCountAsync(t, gist.Id));

        await t.Stars.StarAsync(alice, gist.Id);
        Assert.Equal(2, await StoredCountAsync(t, gist.Id));
        Assert.Equal(2, (await t.G.Gists.GetAsync(Viewer.Anonymous, gist.Id)).StarCount);

        await t.Stars.UnstarAsync(bob, gist.Id);
        await t.Stars.UnstarAsync(bob, gist.Id);
        Assert.Equal(1, await StoredCountAsync(t, gist.Id));

        await t.Stars.UnstarAsync(alice, gist.Id);
        Assert.Equal(0, await StoredCountAsync(t, gist.Id));
        Assert.Equal(0, (await t.G.Gists.ListPublicAsync(1, 10)).Items.Single().StarCount);
    }

    [Fact]
    public async Task DeletingAUserWhoStarredAGistLowersItsCountThroughTheCascade()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var first = await t.G.CreateGistAsync(alice, title: "First");
        var second = await t.G.CreateGistAsync(alice, title: "Second");
        foreach (var fan in new[] { bob, carol })
        {
            await t.Stars.StarAsync(fan, first.Id);
            await t.Stars.StarAsync(fan, second.Id);
        }

        await using (var db = await t.G.Database.Contexts.CreateDbContextAsync())
        {
            if (t.G.Database.Provider == DatabaseProvider.Sqlite)
            {
                // The cascade below is the database's, so it needs SQLite's foreign keys on, as the app has them.
                Assert.Equal(1L, await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS \"Value\" FROM pragma_foreign_keys").SingleAsync());
            }
            // ExecuteDelete, not Remove: EF Core is not tracking the stars, so only the database's cascade removes them.
            Assert.Equal(1, await db.Users.Where(u => u.Id == bob.UserId).ExecuteDeleteAsync());
            Assert.Equal(2, await db.Set<Star>().CountAsync());
        }

        Assert.Equal(1, await StoredCountAsync(t, first.Id));
        Assert.Equal(1, await StoredCountAsync(t, second.Id));
        await AssertCountsMatchTheRowsAsync(t);
    }

    [Fact]
    public async Task EditingAStarredGistKeepsItsCount()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);
        await t.Stars.StarAsync(alice, gist.Id);
        await t.Stars.StarAsync(bob, gist.Id);

        await t.G.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("Renamed", "described", GistVisibility.Public, [new("hello.txt", "Hello\n")]));
        Assert.Equal(2, await StoredCountAsync(t, gist.Id));
        await t.G.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("Renamed", "described", GistVisibility.Unlisted, [new("other.md", "# Other\n")]));
        Assert.Equal(2, await StoredCountAsync(t, gist.Id));
        Assert.Equal(2, (await t.G.Gists.GetAsync(alice, gist.Id)).StarCount);
    }

    [Fact]
    public async Task AStaleTrackedCountIsNeverWrittenBack()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);

        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        var tracked = await db.Gists.SingleAsync(g => g.Id == gist.Id);
        await t.Stars.StarAsync(bob, gist.Id); // after the load: the tracked 0 is stale
        tracked.Title = "Edited while starred";
        tracked.StarCount = 42; // even a deliberate write is ignored
        await db.SaveChangesAsync();

        Assert.Equal(1, await StoredCountAsync(t, gist.Id));
    }

    [Fact]
    public async Task ANewGistIgnoresAStarCountSetInCode()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var now = t.G.Time.GetUtcNow().UtcDateTime;
        await using (var db = await t.G.Database.Contexts.CreateDbContextAsync())
        {
            db.Gists.Add(new Gist
            {
                Id = new string('a', 32), OwnerId = alice.UserId!.Value, HeadRevision = new string('0', 40),
                CreatedAt = now, UpdatedAt = now, StarCount = 7,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await StoredCountAsync(t, new string('a', 32)));
    }

    [Fact]
    public async Task AForkStartsWithNoStars()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var source = await t.G.CreateGistAsync(alice);
        await t.Stars.StarAsync(alice, source.Id);
        await t.Stars.StarAsync(bob, source.Id);

        var fork = await t.Forks.ForkAsync(bob, source.Id);

        Assert.Equal(0, await StoredCountAsync(t, fork.Id));
        Assert.Equal(0, fork.StarCount);
        Assert.Equal(2, await StoredCountAsync(t, source.Id));
    }

    [Fact]
    public async Task EveryStoredCountMatchesTheStarRowsAfterMixedWrites()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var users = new List<Viewer>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await t.G.CreateUserAsync($"user{i}"));
        }
        var gists = new List<GistDetails>();
        for (var i = 0; i < 6; i++)
        {
            gists.Add(await t.G.CreateGistAsync(users[i % users.Count], title: $"Gist {i}"));
        }
        for (var u = 0; u < users.Count; u++)
        {
            for (var g = 0; g < gists.Count; g++)
            {
                if ((u + g) % 3 != 0)
                {
                    await t.Stars.StarAsync(users[u], gists[g].Id);
                }
            }
        }
        await t.Stars.UnstarAsync(users[1], gists[0].Id);
        await t.G.Gists.DeleteAsync(users[5 % users.Count], gists[5].Id);

        await AssertCountsMatchTheRowsAsync(t);
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        Assert.True(await db.Gists.AnyAsync(g => g.StarCount > 1));
    }

    [Fact]
    public async Task TheBackfillRecountsEveryGist()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var starred = await t.G.CreateGistAsync(alice, title: "Starred");
        var unstarred = await t.G.CreateGistAsync(alice, title: "Unstarred");
        await t.Stars.StarAsync(alice, starred.Id);
        await t.Stars.StarAsync(bob, starred.Id);
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("""UPDATE gists SET "StarCount" = 5""");

        await db.Database.ExecuteSqlRawAsync(StarCountSchema.Backfill);

        Assert.Equal(2, await StoredCountAsync(t, starred.Id));
        Assert.Equal(0, await StoredCountAsync(t, unstarred.Id));
    }

    [Fact]
    public async Task TheStarsMigrationDescribesTheModelAndGoesDownAndUpAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.Contains(db.Database.GetAppliedMigrations(), m => m.EndsWith("_Stars", StringComparison.Ordinal));
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: re-run scripts/add-migration.sh Stars.");
        var searchTriggers = await SearchTriggerCountAsync(db, database.Provider);
        Assert.True(searchTriggers > 0);

        var migrator = db.GetService<IMigrator>();
        var stars = TestMigrations.Id(db, "Stars");
        var previous = TestMigrations.Before(db, "Stars");
        await migrator.MigrateAsync(stars);
        var withStars = await SearchTriggerCountAsync(db, database.Provider);
        await migrator.MigrateAsync(previous);
        // Down keeps the other features' triggers on gists (an EF Core table rebuild on SQLite would drop them).
        Assert.Equal(withStars, await SearchTriggerCountAsync(db, database.Provider));

        await migrator.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(searchTriggers, await SearchTriggerCountAsync(db, database.Provider));
    }

    private static Task<int> SearchTriggerCountAsync(CasGistsDbContext db, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite
            ? db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'").SingleAsync()
            : db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'search%'").SingleAsync();

    private static async Task<int> StoredCountAsync(SocialTestContext t, string gistId)
    {
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        return await db.Gists.Where(g => g.Id == gistId).Select(g => g.StarCount).SingleAsync();
    }

    private static async Task AssertCountsMatchTheRowsAsync(SocialTestContext t)
    {
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        var rows = await db.Gists
            .Select(g => new { g.Id, g.StarCount, Counted = db.Set<Star>().Count(s => s.GistId == g.Id) })
            .ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(r.Counted, r.StarCount));
    }
}
