using System.Data.Common;
using System.Diagnostics;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CasGists.App.Cli;

/// <summary>
/// <c>casgists bench-search [--runs N]</c>: times the benchmark query mix through <see cref="GistSearchService"/>
/// (cache dropped before every run, so each run hits the database) and the same first SQL run directly,
/// and prints p50/p95 per query as a Markdown table. Used by <c>bench/search.sh</c> after <c>seed-demo</c>.
/// </summary>
public sealed class SeedDemoBench(GistSearchService search, IDbContextFactory<CasGistsDbContext> contexts, DatabaseSettings settings, TextWriter output)
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
        ("filters only", "language:python topic:algorithms"),
        ("word by stars", "cache sort:stars"),
        ("user by stars", "user:demo7 sort:stars"),
        ("everything by stars", "sort:stars"),
        ("no hits", "zzqqxxnothing"),
    ];

    public async Task<int> RunAsync(int runs, CancellationToken ct, string? only = null)
    {
        var viewer = Viewer.Anonymous;
        output.WriteLine($"load average at the start: {LoadAverage()}");
        output.WriteLine($"| {settings.Provider} | query | results | service p50 | service p95 | direct p50 | direct p95 | ratio p95 |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, q) in Mix.Where(m => only is null || m.Name.Contains(only, StringComparison.OrdinalIgnoreCase) || m.Query.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            var service = new List<double>();
            var direct = new List<double>();
            var count = 0;
            var (sql, args) = search.DirectSql(viewer, q) ?? throw new InvalidOperationException($"'{q}' does not run.");
            for (var i = 0; i < runs + 2; i++)
            {
                await search.InvalidateAsync(ct);
                var clock = Stopwatch.StartNew();
                var results = await search.SearchAsync(viewer, q, 1, GistSearchService.DefaultPerPage, ct);
                var serviceMs = clock.Elapsed.TotalMilliseconds;
                count = results.TotalCount;

                await using var db = await contexts.CreateDbContextAsync(ct);
                await db.Database.OpenConnectionAsync(ct);
                await using var command = Command(db.Database.GetDbConnection(), sql, args);
                clock.Restart();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    // Every column read: a wrapper selecting only the ids let SQLite skip the bm25 ranking the service pays for.
                    while (await reader.ReadAsync(ct))
                    {
                        for (var c = 0; c < reader.FieldCount; c++)
                        {
                            _ = reader.GetValue(c);
                        }
                    }
                }
                var directMs = clock.Elapsed.TotalMilliseconds;
                if (i >= 2)
                {
                    service.Add(serviceMs);
                    direct.Add(directMs);
                }
            }
            output.WriteLine($"| | {name}: `{q}` | {count:N0} | {P(service, 50):N1} | {P(service, 95):N1} | {P(direct, 50):N1} | {P(direct, 95):N1} | {P(service, 95) / Math.Max(0.01, P(direct, 95)):N1}× |");
        }
        output.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    // The machine is shared: a figure means little without the load it was taken under.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The SQL as a command, its <c>{n}</c> placeholders (as SqlQueryRaw takes them) turned into parameters.</summary>
    private static DbCommand Command(DbConnection connection, string sql, object[] args)
    {
        var command = connection.CreateCommand();
        for (var i = args.Length - 1; i >= 0; i--)
        {
            sql = sql.Replace($"{{{i}}}", $"@p{i}", StringComparison.Ordinal);
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = args[i];
            command.Parameters.Add(parameter);
        }
        command.CommandText = sql;
        return command;
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
