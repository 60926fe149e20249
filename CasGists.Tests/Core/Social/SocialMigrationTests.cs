using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Social;

public sealed class SocialMigrationTests
{
    [Fact]
    public async Task TheMigrationsDescribeTheSocialModelExactly()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.Contexts.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(db.Database.GetAppliedMigrations(), m => m.EndsWith("_Social", StringComparison.Ordinal));
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: re-run scripts/add-migration.sh Social.");
    }
}
