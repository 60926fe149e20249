using System.Net.Sockets;
using System.Text;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// Services some tests need besides the database (Redis, Chromium). On a developer's machine a
/// missing service skips those tests with a message that says how to get it; in CI
/// (<c>CI=true</c>) nothing is skipped, so a missing service fails the test instead of hiding it.
/// Mark such a test <see cref="RedisFactAttribute"/> / <see cref="ChromiumFactAttribute"/> and
/// call <see cref="RequireRedis"/> / <see cref="RequireChromium"/> first thing in its body.
/// </summary>
public static class ServiceRequirements
{
    private static readonly Lazy<string?> RedisProblem = new(() => ProbeRedis(RedisConfiguration));
    private static readonly Lazy<string?> ChromiumProblem = new(() => ProbeChromium(ChromiumPath));

    public static bool InCi => IsCi(Environment.GetEnvironmentVariable("CI"));

    /// <summary>A StackExchange.Redis configuration string; <c>scripts/test.sh</c> sets it to its own server.</summary>
    public static string RedisConfiguration =>
        Environment.GetEnvironmentVariable("CASGISTS_TEST_REDIS") is { Length: > 0 } value ? value : "127.0.0.1:6379";

    /// <summary>Debian's Chromium; Playwright launches it with <c>ExecutablePath</c> (never a downloaded browser).</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CASGISTS_CHROMIUM") is { Length: > 0 } value ? value : "/usr/bin/chromium";

    /// <summary>The Redis configuration string, or an exception that names what is missing.</summary>
    public static string RequireRedis() => Require(RedisProblem.Value, RedisConfiguration);

    /// <summary>The Chromium executable path, or an exception that names what is missing.</summary>
    public static string RequireChromium() => Require(ChromiumProblem.Value, ChromiumPath);

    internal static string? RedisSkipReason => SkipReason(RedisProblem.Value, InCi);
    internal static string? ChromiumSkipReason => SkipReason(ChromiumProblem.Value, InCi);

    internal static bool IsCi(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Skip only outside CI; in CI the test runs and its <c>Require…</c> call fails it.</summary>
    internal static string? SkipReason(string? problem, bool inCi) =>
        problem is null || inCi ? null : $"{problem} (skipped outside CI; scripts/test.sh starts every service)";

    private static string Require(string? problem, string value) =>
        problem is null ? value : throw new InvalidOperationException($"{problem}. Run the tests with scripts/test.sh, which installs and starts it.");

    internal static string? ProbeRedis(string configuration)
    {
        // "host:port,option=…": the first endpoint is enough to know the server is there.
        var endpoint = configuration.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        var host = colon > 0 ? endpoint[..colon] : endpoint;
        var port = colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var p) ? p : 6379;
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2)))
            {
                return $"Redis at {host}:{port} did not answer";
            }
            var stream = client.GetStream();
            stream.ReadTimeout = 2000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? null
                : $"the server at {host}:{port} is not Redis";
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException)
        {
            return $"Redis at {host}:{port} is not reachable (CASGISTS_TEST_REDIS)";
        }
    }

    internal static string? ProbeChromium(string path) =>
        File.Exists(path) ? null : $"Chromium not found at {path} (CASGISTS_CHROMIUM; apt-get install chromium)";
}

/// <summary>A fact that needs Redis: skipped with a reason outside CI when Redis is missing, run (and failed) in CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = ServiceRequirements.RedisSkipReason;
    }
}

/// <summary>A fact that needs Chromium: skipped with a reason outside CI when it is missing, run (and failed) in CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = ServiceRequirements.ChromiumSkipReason;
    }
}
