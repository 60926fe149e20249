using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using CasGists.Core.Data;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

/// <summary>Runs the built server as its own process in Production and reads what it writes to the console.</summary>
public sealed class ProductionLogTests
{
    [Fact]
    public async Task ProductionLogsAreJsonLinesAndRequestLinesCarryTheRequestId()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var lines = new ConcurrentQueue<string>();
        using var process = StartServer(database, lines);
        try
        {
            var address = await WaitForAsync(lines, line => ListeningAddress(line), TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            request.Headers.Add("X-Request-Id", "find-me-42");
            request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            Assert.Equal("find-me-42", (await http.SendAsync(request)).Headers.GetValues("X-Request-Id").Single());

            var requestLine = await WaitForAsync(lines, line => line.Contains("find-me-42") ? line : null, TimeSpan.FromSeconds(20));

            using var entry = JsonDocument.Parse(requestLine);
            var scopes = entry.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
            Assert.Contains(scopes, s => s.TryGetProperty("RequestId", out var id) && id.GetString() == "find-me-42");
            Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && id.GetString() == "4bf92f3577b34da6a3ce929d0e0e4736");
            Assert.Contains(scopes, s => s.TryGetProperty("Message", out var m) && m.GetString() == "RequestId:find-me-42 TraceId:4bf92f3577b34da6a3ce929d0e0e4736");
            Assert.EndsWith("Z", entry.RootElement.GetProperty("Timestamp").GetString());
            Assert.All(lines.Where(l => l.StartsWith('{')), l => JsonDocument.Parse(l).Dispose());
            Assert.DoesNotContain(lines, l => l.StartsWith("info:", StringComparison.Ordinal));
            // A first start on an empty database (this one) logs no errors: EF Core's history-table probe used to.
            Assert.DoesNotContain(lines, l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Process StartServer(TestDatabase database, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("dotnet", [AppDll(), "--environment", "Production"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.DataDirectory.Root,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["CASGISTS_DATA_DIR"] = database.DataDirectory.Root;
        start.Environment["Data__Postgres"] = database.Provider == DatabaseProvider.Postgres ? database.Settings.ConnectionString : "";
        // The endpoint middleware logs inside the request, where the request-id scope is open.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.Routing"] = "Information";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string? ListeningAddress(string line)
    {
        if (!line.Contains("Now listening on"))
        {
            return null;
        }
        using var entry = JsonDocument.Parse(line);
        return entry.RootElement.GetProperty("State").GetProperty("address").GetString();
    }

    private static async Task<string> WaitForAsync(ConcurrentQueue<string> lines, Func<string, string?> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            foreach (var line in lines)
            {
                if (match(line) is { } found)
                {
                    return found;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Nothing matched in the server's output:\n{string.Join('\n', lines)}");
    }

    /// <summary>The server's own build output, next to this test project's (same configuration).</summary>
    private static string AppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // bin/<Configuration>/<tfm>/
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CasGists.sln")))
        {
            root = root.Parent;
        }
        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("No CasGists.sln above the test output."),
            "CasGists.App", "bin", configuration, here.Name, "CasGists.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build CasGists.App first.", dll);
    }
}
