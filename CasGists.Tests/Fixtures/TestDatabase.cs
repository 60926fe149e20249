using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// A fresh, migrated database and data directory for one test. The provider comes from
/// <c>CASGISTS_TEST_PROVIDER</c> (<c>sqlite</c>, the default, or <c>postgres</c>); PostgreSQL tests
/// create their own database on the server named by <c>CASGISTS_TEST_POSTGRES</c> and drop it afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresDatabase;

    private TestDatabase(DataDirectory dataDirectory, DatabaseSettings settings, string? postgresDatabase)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        _postgresDatabase = postgresDatabase;
        var builder = new DbContextOptionsBuilder<CasGistsDbContext>();
        CasGistsDbContextFactory.Configure(builder, settings);
        Contexts = new CasGistsDbContextFactory(builder.Options, settings);
    }

    public DataDirectory DataDirectory { get; }
    public DatabaseSettings Settings { get; }
    public IDbContextFactory<CasGistsDbContext> Contexts { get; }
    public DatabaseProvider Provider => Settings.Provider;

    public static DatabaseProvider ConfiguredProvider =>
        string.Equals(Environment.GetEnvironmentVariable("CASGISTS_TEST_PROVIDER"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>The maintenance connection for the test PostgreSQL server.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CASGISTS_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    /// <summary>Creates the data directory and the database, and applies every migration.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var root = Path.Combine(Path.GetTempPath(), "casgists-tests", Guid.NewGuid().ToString("N"));
        var dataDirectory = new DataDirectory(root);
        dataDirectory.EnsureCreated();

        TestDatabase database;
        if (ConfiguredProvider == DatabaseProvider.Postgres)
        {
            var name = $"casgists_test_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(PostgresServer))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync();
            }
            var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = false };
            database = new TestDatabase(dataDirectory, new DatabaseSettings(DatabaseProvider.Postgres, builder.ToString()), name);
        }
        else
        {
            database = new TestDatabase(dataDirectory, DatabaseSettings.From(new DataOptions { Directory = root }, dataDirectory), null);
        }

        if (migrate)
        {
            await new DatabaseMigrator(database.Contexts, database.Settings, dataDirectory, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        }
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(DataDirectory.Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request; the temp folder is cleaned by the OS.
        }
    }
}
