using CasGists.Core.Data;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Data;

public sealed class SqliteConnectionPragmasTests
{
    [Fact]
    public async Task EveryOpenOfAPooledSqliteConnectionHasTheFileMappedIntoMemory()
    {
        await using var database = await TestDatabase.CreateAsync();
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return; // a PostgreSQL run has no SQLite connection to look at
        }
        // The second and third contexts get the pooled handle of the first: the setting must still be there.
        for (var i = 0; i < 3; i++)
        {
            await using var db = await database.Contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA mmap_size";
            Assert.Equal(SqliteConnectionPragmas.MmapBytes, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task AConnectionOpenedWithoutEfCoreGetsTheSameSettings()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Three opens: a pooled handle reused by the second and third (and shared with EF Core's connections) keeps them.
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.Settings.OpenAsync();
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
            await using var command = connection.CreateCommand();
            command.CommandText = database.Provider == DatabaseProvider.Sqlite ? "PRAGMA mmap_size" : "SELECT COUNT(*) FROM gists";
            var value = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(database.Provider == DatabaseProvider.Sqlite ? SqliteConnectionPragmas.MmapBytes : 0, value);
        }
    }
}
