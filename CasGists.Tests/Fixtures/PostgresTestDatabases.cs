using System.Threading.Channels;
using CasGists.Core.Data;
using Npgsql;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// The PostgreSQL databases of one test process. Migrating takes a few hundred milliseconds and so does
/// <c>CREATE DATABASE</c> (it checkpoints), on every one of about a thousand tests: the process migrates one
/// template once, a background task keeps two copies of it ready, and used databases are dropped in the
/// background. The template and whatever is left are dropped when the process exits.
/// </summary>
internal static class PostgresTestDatabases
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static readonly Channel<string> Ready = Channel.CreateBounded<string>(2);
    private static readonly Channel<string> ToDrop = Channel.CreateUnbounded<string>();
    private static readonly CancellationTokenSource Stopping = new();
    private static string? _template;
    private static Task? _filler;
    private static Task? _dropper;

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = database, Pooling = true, MaxPoolSize = 20 }.ToString();

    /// <summary>A database with every migration applied, ready to use.</summary>
    public static async Task<string> TakeMigratedAsync()
    {
        await StartAsync();
        return await Ready.Reader.ReadAsync();
    }

    /// <summary>An empty database, for tests of migrating itself.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = NewName();
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", CancellationToken.None);
        return name;
    }

    /// <summary>Closes this process's pooled connections to the database and drops it in the background.</summary>
    public static void Release(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        if (!ToDrop.Writer.TryWrite(name))
        {
            DropAsync(name).GetAwaiter().GetResult();
        }
    }

    // The process id in the name lets a later run drop what a killed one left behind (see DropOrphansAsync).
    private static string NewName() => $"casgists_test_{Environment.ProcessId}_{Guid.NewGuid():N}";

    private static async Task StartAsync()
    {
        if (_filler is not null)
        {
            return;
        }
        await StartLock.WaitAsync();
        try
        {
            if (_filler is not null)
            {
                return;
            }
            await DropOrphansAsync();
            _template = await CreateTemplateAsync();
            _dropper = Task.Run(DropLoopAsync);
            _filler = Task.Run(FillLoopAsync);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().GetAwaiter().GetResult();
        }
        finally
        {
            StartLock.Release();
        }
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"casgists_test_{Environment.ProcessId}_template";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", CancellationToken.None);
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, ConnectionString(name));
        var dataDirectory = new DataDirectory(Path.Combine(Path.GetTempPath(), "casgists-tests", name));
        await TestDatabase.MigrateAsync(settings, dataDirectory);
        Directory.Delete(dataDirectory.Root, recursive: true);
        // A template must have no sessions while it is copied.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(settings.ConnectionString));
        return name;
    }

    /// <summary>
    /// A test host is stopped soon after its last test, often before the exit handler has dropped everything:
    /// drop the databases of test processes that are gone. Other live test runs on the same server keep theirs.
    /// </summary>
    private static async Task DropOrphansAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the liveness check below reads /proc
        }
        var orphans = new List<string>();
        await using (var connection = new NpgsqlConnection(TestDatabase.PostgresServer))
        {
            await connection.OpenAsync();
            await using var list = connection.CreateCommand();
            list.CommandText = "SELECT datname FROM pg_database WHERE datname LIKE 'casgists\\_test\\_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                var parts = name.Split('_');
                if (parts.Length >= 4 && int.TryParse(parts[2], out var pid) && !Directory.Exists($"/proc/{pid}"))
                {
                    orphans.Add(name);
                }
            }
        }
        foreach (var name in orphans)
        {
            await DropAsync(name);
        }
    }

    private static async Task FillLoopAsync()
    {
        try
        {
            while (!Stopping.IsCancellationRequested)
            {
                var name = NewName();
                // FILE_COPY copies the files instead of WAL-logging every page: much faster for a small database.
                await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\" STRATEGY FILE_COPY", Stopping.Token);
                if (!Ready.Writer.TryWrite(name))
                {
                    try
                    {
                        await Ready.Writer.WriteAsync(name, Stopping.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        ToDrop.Writer.TryWrite(name);
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A test waiting for a database gets the reason instead of hanging.
            Ready.Writer.TryComplete(e);
        }
    }

    private static async Task DropLoopAsync()
    {
        await foreach (var name in ToDrop.Reader.ReadAllAsync())
        {
            await DropAsync(name);
        }
    }

    private static async Task StopAsync()
    {
        Stopping.Cancel();
        if (_filler is not null)
        {
            await _filler;
        }
        while (Ready.Reader.TryRead(out var unused))
        {
            ToDrop.Writer.TryWrite(unused);
        }
        ToDrop.Writer.TryWrite(_template!);
        ToDrop.Writer.TryComplete();
        if (_dropper is not null)
        {
            await _dropper.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task DropAsync(string name)
    {
        try
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The server may be stopping at the end of a run; it is a throwaway one.
        }
    }

    private static async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
