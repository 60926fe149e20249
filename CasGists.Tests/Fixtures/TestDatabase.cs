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

    /// <summary>
    /// Creates the data directory and the database, and applies every migration. Migrating costs a few hundred
    /// milliseconds on every test, so each test process migrates once and copies: a template file on SQLite,
    /// a template database on PostgreSQL (<see cref="PostgresTestDatabases"/>).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var root = Path.Combine(Path.GetTempPath(), "casgists-tests", Guid.NewGuid().ToString("N"));
        var dataDirectory = new DataDirectory(root);
        dataDirectory.EnsureCreated();

        if (ConfiguredProvider == DatabaseProvider.Postgres)
        {
            var name = migrate ? await PostgresTestDatabases.TakeMigratedAsync() : await PostgresTestDatabases.CreateEmptyAsync();
            return new TestDatabase(dataDirectory, new DatabaseSettings(DatabaseProvider.Postgres, PostgresTestDatabases.ConnectionString(name)), name);
        }

        if (migrate)
        {
            File.Copy(await SqliteTemplateAsync(), dataDirectory.SqliteDatabase);
        }
        return new TestDatabase(dataDirectory, DatabaseSettings.From(new DataOptions { Directory = root }, dataDirectory), null);
    }

    private static readonly SemaphoreSlim SqliteTemplateLock = new(1, 1);
    private static string? _sqliteTemplate;

    /// <summary>A migrated SQLite file for this process, in WAL mode like every CasGists database.</summary>
    private static async Task<string> SqliteTemplateAsync()
    {
        await SqliteTemplateLock.WaitAsync();
        try
        {
            if (_sqliteTemplate is not null)
            {
                return _sqliteTemplate;
            }
            var dataDirectory = new DataDirectory(Path.Combine(Path.GetTempPath(), "casgists-tests", $"template-{Environment.ProcessId}-{Guid.NewGuid():N}"));
            dataDirectory.EnsureCreated();
            var settings = DatabaseSettings.From(new DataOptions { Directory = dataDirectory.Root }, dataDirectory);
            await MigrateAsync(settings, dataDirectory);
            // Closing the last connection checkpoints the WAL into the file, so the file alone is the whole database.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDirectory(dataDirectory.Root);
            return _sqliteTemplate = dataDirectory.SqliteDatabase;
        }
        finally
        {
            SqliteTemplateLock.Release();
        }
    }

    internal static async Task MigrateAsync(DatabaseSettings settings, DataDirectory dataDirectory)
    {
        var builder = new DbContextOptionsBuilder<CasGistsDbContext>();
        CasGistsDbContextFactory.Configure(builder, settings);
        await new DatabaseMigrator(new CasGistsDbContextFactory(builder.Options, settings), settings, dataDirectory,
            NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            PostgresTestDatabases.Release(_postgresDatabase);
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(new Microsoft.Data.Sqlite.SqliteConnection(Settings.ConnectionString));
        }
        // A file still held open by a finishing request may stop this; the temp folder is cleaned by the OS.
        DeleteDirectory(DataDirectory.Root);
        return ValueTask.CompletedTask;
    }
}
