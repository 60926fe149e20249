using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
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
        // On an empty PostgreSQL database EF Core reads the history table before it exists and logs each failed read as
        // an Error: two alarming lines in every fresh install's log. Creating the table first keeps the log honest.
        // Only in a database that exists: MigrateAsync creates a missing one.
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }
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
        if (pending.Count == 0)
        {
            // Nothing to apply. MigrateAsync would still build the snapshot's model and diff it against the code's
            // (its check for model changes without a migration, ~0.3 s of CPU): every start of an up-to-date
            // instance paid it, and a test run starts a thousand. The check stays in the tests that call
            // HasPendingModelChanges (SocialMigrationTests) and in `dotnet ef migrations add`.
            return pending;
        }
        await db.Database.MigrateAsync(ct);
        logger.LogInformation("Applied {Count} migration(s) on {Provider}: {Migrations}", pending.Count, settings.Provider, pending);
        return pending;
    }
}
