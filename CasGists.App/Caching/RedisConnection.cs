using StackExchange.Redis;

namespace CasGists.App.Caching;

/// <summary>
/// The one Redis connection of this server, when <c>ConnectionStrings:Redis</c> (or <c>CASGISTS_REDIS_URL</c>) is set.
/// Redis is optional: the connection never blocks start-up or a request for long (250 ms timeouts, no
/// queueing while disconnected) and reconnects by itself; meanwhile the app serves from memory and the database.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    // Short timeouts and fail-fast: a request must never wait on a cache that is gone. Options given in the
    // connection string come after these and win.
    private const string Defaults = "abortConnect=false,connectTimeout=250,syncTimeout=250,asyncTimeout=250,connectRetry=1,keepAlive=5";

    private readonly ConnectionMultiplexer? _multiplexer;

    public RedisConnection(IConfiguration configuration, ILogger<RedisConnection> logger)
    {
        var setting = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(setting))
        {
            return;
        }
        var options = Parse(setting);
        _multiplexer = ConnectionMultiplexer.Connect(options);
        _multiplexer.ConnectionFailed += (_, e) =>
            logger.LogWarning(e.Exception, "Redis connection lost ({FailureType}); serving from memory and the database until it returns", e.FailureType);
        _multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection restored ({ConnectionType})", e.ConnectionType);
        if (!_multiplexer.IsConnected)
        {
            logger.LogWarning("Redis at {Endpoints} is not reachable; starting without it and retrying in the background",
                string.Join(", ", options.EndPoints));
        }
    }

    public bool IsConfigured => _multiplexer is not null;

    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>Null when Redis is not configured.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>A StackExchange.Redis configuration string, or a <c>redis://[:password@]host[:port][/db]</c> URL.</summary>
    internal static ConfigurationOptions Parse(string setting)
    {
        var options = ConfigurationOptions.Parse($"{Defaults},{ToConfiguration(setting.Trim())}");
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return options;
    }

    private static string ToConfiguration(string setting)
    {
        if (!Uri.TryCreate(setting, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss"))
        {
            return setting;
        }
        var parts = new List<string> { $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}" };
        if (uri.UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? "" : userInfo[..colon]);
            var password = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
            if (user.Length > 0)
            {
                parts.Add($"user={user}");
            }
            parts.Add($"password={password}");
        }
        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db && int.TryParse(db, out var database))
        {
            parts.Add($"defaultDatabase={database}");
        }
        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }
        return string.Join(',', parts);
    }

    public void Dispose() => _multiplexer?.Dispose();
}
