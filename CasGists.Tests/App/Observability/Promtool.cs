using System.Diagnostics;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

/// <summary>Prometheus's own format checker (Debian package <c>prometheus</c>; <c>scripts/test.sh</c> installs it).</summary>
internal static class Promtool
{
    public static string Path =>
        Environment.GetEnvironmentVariable("CASGISTS_PROMTOOL") is { Length: > 0 } value ? value : "/usr/bin/promtool";

    private static readonly Lazy<string?> Problem = new(() =>
        File.Exists(Path) ? null : $"promtool not found at {Path} (CASGISTS_PROMTOOL; apt-get install prometheus)");

    internal static string? SkipReason => ServiceRequirements.SkipReason(Problem.Value, ServiceRequirements.InCi);

    /// <summary>Runs <c>promtool check metrics</c> on the text; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        if (Problem.Value is { } problem)
        {
            throw new InvalidOperationException($"{problem}. Run the tests with scripts/test.sh, which installs it.");
        }
        var start = new ProcessStartInfo(Path, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A fact that needs promtool: skipped with a reason outside CI when it is missing, run (and failed) in CI.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        Skip = Promtool.SkipReason;
    }
}
