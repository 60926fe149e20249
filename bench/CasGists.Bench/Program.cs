using System.Diagnostics;
using CasGists.Core;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Save cost of a 10-file gist (~2 KB a file) through GistService on each provider, next to the
// git commit alone, so the table shows what the database half adds.
//   dotnet run -c Release --project bench/CasGists.Bench -- [--iterations 50] [--postgres "Host=…"]
var iterations = ArgValue("--iterations") is { } n ? int.Parse(n) : 50;
var warmup = Math.Max(5, iterations / 10);
var postgres = ArgValue("--postgres") ?? Environment.GetEnvironmentVariable("CASGISTS_BENCH_POSTGRES")
    ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

var rows = new List<(string What, Stats Stats)>();

await using (var sqlite = await BenchDatabase.CreateAsync(null))
{
    rows.Add(("git commit alone, new repository (GitStore)", Measure(warmup, iterations, i => GitCreate(sqlite, i))));
    rows.Add(("git commit alone, next revision (GitStore)", await MeasureUpdatesAsync(sqlite, gitOnly: true)));
    rows.Add(("create 10-file gist, SQLite (GistService)", await MeasureAsync(warmup, iterations, i => Create(sqlite, i))));
    rows.Add(("update 10-file gist, SQLite (GistService)", await MeasureUpdatesAsync(sqlite, gitOnly: false)));
}

string? postgresProblem = null;
try
{
    await using var pg = await BenchDatabase.CreateAsync(postgres);
    rows.Add(("create 10-file gist, PostgreSQL (GistService)", await MeasureAsync(warmup, iterations, i => Create(pg, i))));
    rows.Add(("update 10-file gist, PostgreSQL (GistService)", await MeasureUpdatesAsync(pg, gitOnly: false)));
}
catch (NpgsqlException e)
{
    postgresProblem = $"PostgreSQL skipped: {e.Message} (pass --postgres or CASGISTS_BENCH_POSTGRES)";
}

Console.WriteLine($"| what | median ms | p95 ms | runs |");
Console.WriteLine($"|---|---:|---:|---:|");
foreach (var (what, stats) in rows)
{
    Console.WriteLine($"| {what} | {stats.Median:0.0} | {stats.P95:0.0} | {stats.Count} |");
}
if (postgresProblem is not null)
{
    Console.WriteLine(postgresProblem);
    return 1;
}
return 0;

async Task<Stats> MeasureUpdatesAsync(BenchDatabase db, bool gitOnly)
{
    var gist = await db.Gists.CreateAsync(db.Owner, Input(0));
    var head = gist.HeadRevision;
    var revision = 0;
    return await MeasureAsync(warmup, iterations, async _ =>
    {
        revision++;
        if (gitOnly)
        {
            var next = db.Git.WriteCommit(db.Owner.UserId!.Value, gist.Id, GitFiles(revision), db.Owner.UserName!, DateTimeOffset.UtcNow, head);
            db.Git.UpdateHead(db.Owner.UserId!.Value, gist.Id, head, next);
            head = next;
        }
        else
        {
            var files = Input(revision).Files;
            await db.Gists.UpdateAsync(db.Owner, gist.Id, new UpdateGistInput("Bench gist", "", GistVisibility.Public, files));
        }
    });
}

void GitCreate(BenchDatabase db, int i)
{
    var id = GistIds.New();
    var owner = db.Owner.UserId!.Value;
    db.Git.Create(owner, id);
    var head = db.Git.WriteCommit(owner, id, GitFiles(i), db.Owner.UserName!, DateTimeOffset.UtcNow, null);
    db.Git.UpdateHead(owner, id, null, head);
}

Task Create(BenchDatabase db, int i) => db.Gists.CreateAsync(db.Owner, Input(i));

static CreateGistInput Input(int seed) =>
    new("Bench gist", "", GistVisibility.Public,
        Enumerable.Range(0, 10).Select(f => new GistFileInput($"file{f}.cs", Content(seed, f))).ToList());

static IEnumerable<GitFile> GitFiles(int seed) =>
    Enumerable.Range(0, 10).Select(f => new GitFile($"file{f}.cs", System.Text.Encoding.UTF8.GetBytes(Content(seed, f))));

// ~2 KB of code-like text that differs per save, so every save writes new blobs.
static string Content(int seed, int file) =>
    string.Concat(Enumerable.Range(0, 40).Select(line => $"var value{line} = Compute({seed}, {file}, {line}); // x\n"));

static Stats Measure(int warmupRuns, int runs, Action<int> action) =>
    MeasureAsync(warmupRuns, runs, i => { action(i); return Task.CompletedTask; }).GetAwaiter().GetResult();

static async Task<Stats> MeasureAsync(int warmupRuns, int runs, Func<int, Task> action)
{
    for (var i = 0; i < warmupRuns; i++)
    {
        await action(-1 - i);
    }
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await action(i);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    Array.Sort(times);
    return new Stats(times[runs / 2], times[Math.Min(runs - 1, (int)Math.Ceiling(runs * 0.95) - 1)], runs);
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

internal sealed record Stats(double Median, double P95, int Count);

/// <summary>The real Core wiring over a fresh data directory and database (a throwaway PostgreSQL database when a server is given).</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _root;
    private readonly string? _server;
    private readonly string? _database;

    private BenchDatabase(ServiceProvider services, string root, string? server, string? database, Viewer owner)
    {
        _services = services;
        _root = root;
        _server = server;
        _database = database;
        Owner = owner;
    }

    public Viewer Owner { get; }
    public GistService Gists => _services.GetRequiredService<GistService>();
    public GitStore Git => _services.GetRequiredService<GitStore>();

    public static async Task<BenchDatabase> CreateAsync(string? postgresServer)
    {
        var root = Path.Combine(Path.GetTempPath(), "casgists-bench", Guid.NewGuid().ToString("N"));
        string? database = null;
        var settings = new Dictionary<string, string?> { ["Data:Directory"] = root, ["Data:Postgres"] = "" };
        if (postgresServer is not null)
        {
            database = $"casgists_bench_{Guid.NewGuid():N}";
            await ExecuteAsync(postgresServer, $"CREATE DATABASE \"{database}\"");
            settings["Data:Postgres"] = new NpgsqlConnectionStringBuilder(postgresServer) { Database = database }.ToString();
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddCasGistsCore()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        var user = new User
        {
            Id = Guid.NewGuid(),
            UserName = "bench",
            NormalizedUserName = "bench",
            Email = "bench@example.test",
            NormalizedEmail = "bench@example.test",
            PasswordHash = "not-a-hash",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        await using (var db = await services.GetRequiredService<IDbContextFactory<CasGistsDbContext>>().CreateDbContextAsync())
        {
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        return new BenchDatabase(services, root, postgresServer, database, Viewer.For(user));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_server is not null && _database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
