using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasGists.App.Cli;

/// <summary>
/// <c>casgists bench-search [--runs N]</c>: times the benchmark query mix through <see cref="GistSearchService"/>
/// (cache dropped before every run, so each run hits the database), then replays directly, through plain ADO.NET
/// commands on a connection of its own, every SQL statement that service run sent (the candidates or list, the page),
/// and prints p50/p95 per query as a Markdown table. The ratio is the service against the same SQL; the slowest
/// statement alone is shown too. Used by <c>bench/search.sh</c> after <c>seed-demo</c>.
/// </summary>
/// <remarks>
/// Timed in the steady state of a server that has run a while: the warm-up runs whole rounds (the service and the
/// replay), each query past the tier-up threshold, until a pass over the mix and a pause after it compile no method.
/// Timed while the JIT still compiled, the figures measured the JIT: the replay's first contexts built EF Core's model
/// inside the timed runs, and for minutes after that the tiered compiler's background recompiles took one of the two
/// cores (common word on PostgreSQL: 19 ms p50 and 40 ms p95, against 14 and 20 with <c>DOTNET_TieredCompilation=0</c>;
/// 3,600 methods compiled during the timed runs).
/// </remarks>
public sealed class SeedDemoBench(GistSearchService search, DatabaseSettings settings, TextWriter output)
{
    public static readonly (string Name, string Query)[] Mix =
    [
        ("rare word", "lex4242"),
        ("common word", "return"),
        ("phrase", "\"hash map\""),
        ("two words", "cache retry"),
        ("OR + exclusion", "dijkstra OR huffman -python"),
        ("filters + word", "language:go topic:algorithms error"),
        ("user filter only", "user:demo7"),
        ("user + common word", "user:demo7 return"),
        ("filters only", "language:python topic:algorithms"),
        ("word by stars", "cache sort:stars"),
        ("user by stars", "user:demo7 sort:stars"),
        ("everything by stars", "sort:stars"),
        ("no hits", "zzqqxxnothing"),
    ];

    /// <summary>
    /// Untimed passes over the mix before any is timed, at least: past the runtime's tier-up threshold (a method is
    /// recompiled at full optimisation after 30 calls), so code that runs once per search of one kind (a way to the
    /// candidates, a filter's SQL) is optimised before it is timed. Then more, until a pass and the pause after it
    /// compile no method.
    /// </summary>
    internal const int WarmUpPasses = 40;

    /// <summary>The most warm-up passes: a process that never stops compiling is timed anyway, and says so.</summary>
    internal const int MaxWarmUpPasses = 120;

    /// <summary>
    /// After each warm-up pass: the tiered compiler waits 100 ms after the last new method before it recompiles in the
    /// background, so a pass that compiled nothing may still be followed by recompiles.
    /// </summary>
    private static readonly TimeSpan WarmUpPause = TimeSpan.FromMilliseconds(250);

    public async Task<int> RunAsync(int runs, CancellationToken ct, string? only = null)
    {
        var viewer = Viewer.Anonymous;
        string database;
        await using (var probe = await settings.OpenAsync(ct))
        {
            database = SqlRecorder.DatabaseOf(probe);
        }
        using var recorder = new SqlRecorder(database);
        var mix = Mix.Where(m => only is null || m.Name.Contains(only, StringComparison.OrdinalIgnoreCase) || m.Query.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        var passes = 0;
        long compiled;
        do
        {
            compiled = JitInfo.GetCompiledMethodCount();
            foreach (var (_, q) in mix)
            {
                await RoundAsync(recorder, viewer, q, ct);
            }
            passes++;
            if (passes >= WarmUpPasses && JitInfo.GetCompiledMethodCount() == compiled)
            {
                await Task.Delay(WarmUpPause, ct);
            }
        }
        while (passes < WarmUpPasses || (JitInfo.GetCompiledMethodCount() != compiled && passes < MaxWarmUpPasses));
        var settled = JitInfo.GetCompiledMethodCount();
        output.WriteLine($"load average at the start: {LoadAverage()}");
        output.WriteLine($"warm-up: {passes} passes over the mix, the last (and the pause after it) compiling {settled - compiled} methods");
        output.WriteLine($"| {settings.Provider} | query | results | statements | service p50 | service p95 | same SQL p50 | same SQL p95 | ratio p95 | slowest statement p95 |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, q) in mix)
        {
            var rounds = new List<Round>(runs);
            for (var i = 0; i < runs; i++)
            {
                rounds.Add(await RoundAsync(recorder, viewer, q, ct));
            }
            var service = rounds.ConvertAll(r => r.ServiceMs);
            var direct = rounds.ConvertAll(r => r.DirectMs);
            var slowest = rounds.ConvertAll(r => r.SlowestMs);
            var (count, statements) = rounds.Count > 0 ? (rounds[^1].Count, rounds[^1].Statements) : (0, 0);
            // Hundredths of a millisecond: a warmed-up search of a small instance takes less than 0.05 ms, which one decimal
            // printed as 0.0.
            output.WriteLine($"| | {name}: `{q}` | {count:N0} | {statements} | {P(service, 50):N2} | {P(service, 95):N2} | {P(direct, 50):N2} | {P(direct, 95):N2} | {P(service, 95) / Math.Max(0.01, P(direct, 95)):N1}× | {P(slowest, 95):N2} |");
        }
        output.WriteLine($"methods compiled while timing: {JitInfo.GetCompiledMethodCount() - settled}");
        output.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>One search through the service, then every statement it sent, replayed on a connection of the bench's own.</summary>
    private async Task<Round> RoundAsync(SqlRecorder recorder, Viewer viewer, string q, CancellationToken ct)
    {
        await search.InvalidateAsync(ct);
        recorder.Start();
        var clock = Stopwatch.StartNew();
        var results = await search.SearchAsync(viewer, q, 1, GistSearchService.DefaultPerPage, ct);
        var serviceMs = clock.Elapsed.TotalMilliseconds;
        var commands = recorder.Stop();

        // A connection opened the way the service opens its own (DatabaseSettings.OpenAsync), with no EF Core between.
        await using var connection = await settings.OpenAsync(ct);
        var slowestMs = 0.0;
        clock.Restart();
        foreach (var recorded in commands)
        {
            var statementStart = clock.Elapsed.TotalMilliseconds;
            await using var command = recorded.Create(connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            // Every column of every result read, as the service reads them.
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        _ = reader.GetValue(c);
                    }
                }
            }
            while (await reader.NextResultAsync(ct));
            slowestMs = Math.Max(slowestMs, clock.Elapsed.TotalMilliseconds - statementStart);
        }
        return new Round(serviceMs, clock.Elapsed.TotalMilliseconds, slowestMs, results.TotalCount, commands.Count);
    }

    private readonly record struct Round(double ServiceMs, double DirectMs, double SlowestMs, int Count, int Statements);

    // The machine is shared: a figure means little without the load it was taken under.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}

/// <summary>
/// Records the text and parameters of every command executed while started, from the diagnostic events of EF Core and of
/// the search's own commands (<see cref="GistSearchService.DiagnosticName"/>), so the benchmark can replay exactly what the
/// service sent. No interceptor in the product's own configuration.
/// </summary>
internal sealed class SqlRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private List<RecordedCommand>? _commands;

    private readonly string _database;

    /// <summary>Records the commands sent to <paramref name="database"/> (<see cref="DatabaseOf"/>) alone.</summary>
    public SqlRecorder(string database)
    {
        _database = database;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>
    /// Which database a connection reaches: the listeners are the whole process's, and beside the benchmark (in the tests)
    /// other code sends commands to other databases at the same time.
    /// </summary>
    public static string DatabaseOf(DbConnection connection) => connection.DataSource + "|" + connection.Database;

    public void Start() => _commands = [];

    public List<RecordedCommand> Stop()
    {
        var commands = _commands ?? [];
        _commands = null;
        return commands;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        // EF Core's statements, and the search's own (which do not go through EF Core).
        Predicate<string>? wanted = listener.Name switch
        {
            DbLoggerCategory.Name => name => name == RelationalEventId.CommandExecuting.Name,
            GistSearchService.DiagnosticName => name => name == GistSearchService.CommandExecuting,
            _ => null,
        };
        if (wanted is not null)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, wanted));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        var command = value.Value switch
        {
            CommandEventData data => data.Command,
            DbCommand search => search,
            _ => null,
        };
        if (command is { Connection: { } connection } && _commands is { } commands && DatabaseOf(connection) == _database)
        {
            lock (commands)
            {
                commands.Add(new RecordedCommand(command.CommandText, [.. command.Parameters.Cast<DbParameter>()]));
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }

    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}

/// <summary>A command as EF Core sent it; the parameters are copied (Npgsql's keep their provider type through Clone).</summary>
internal sealed class RecordedCommand(string text, IEnumerable<DbParameter> parameters)
{
    private readonly (string Name, object? Value, DbType Type, ICloneable? Provider)[] _parameters =
        [.. parameters.Select(p => (p.ParameterName, p.Value, p.DbType, p is ICloneable c ? (ICloneable)c.Clone() : null))];

    public DbCommand Create(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value, type, provider) in _parameters)
        {
            if (provider?.Clone() is DbParameter copy)
            {
                command.Parameters.Add(copy);
                continue;
            }
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
