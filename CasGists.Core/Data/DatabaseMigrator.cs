using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CasGists.Core.Data;

/// <summary>Applies migrations (at start-up and from the <c>migrate</c> command).</summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<CasGistsDbContext> contexts,
    DatabaseSettings settings,
    DataDirectory dataDirectory,
    ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        dataDirectory.EnsureCreated();
        await using var db = contexts.CreateDbContext();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers carry on while a save commits; the setting is stored in the file.
            await using var connection = new SqliteConnection(settings.ConnectionString);
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        await db.Database.MigrateAsync(ct);
        if (pending.Count > 0)
        {
            logger.LogInformation("Applied {Count} migration(s) on {Provider}: {Migrations}", pending.Count, settings.Provider, pending);
        }
        return pending;
    }
}
