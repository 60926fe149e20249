using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using CasGists.App.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CasGists.App.Security;

/// <summary>Section <c>RateLimits</c>: the API's budget per user (or per IP when anonymous) and the credential endpoints' stricter one.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public ApiLimits Api { get; set; } = new();
    public AuthLimits Auth { get; set; } = new();

    /// <summary>Every request under <c>/api</c>, in fixed windows, as GitHub counts: per user when signed in, else per client IP.</summary>
    public sealed class ApiLimits
    {
        public bool Enabled { get; set; } = true;
        public int PermitLimit { get; set; } = 5000;
        public int AnonymousPermitLimit { get; set; } = 300;
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
    }

    /// <summary>Endpoints that take a password or mint a credential: per client IP and, separately, per account name.</summary>
    public sealed class AuthLimits
    {
        public int PermitLimit { get; set; } = 10;
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }

    internal bool IsValid() =>
        Api.PermitLimit > 0 && Api.AnonymousPermitLimit > 0 && Api.Window >= TimeSpan.FromSeconds(1) &&
        Auth.PermitLimit > 0 && Auth.Window >= TimeSpan.FromSeconds(1);
}

/// <summary>
/// System.Threading.RateLimiting's limiters, applied by path to everything under <c>/api</c> (so no API endpoint can
/// forget it), plus the named policy <see cref="AuthPolicy"/> for credential endpoints and a per-account
/// limiter they call once they know the account name. Every API response says where it stands, GitHub-style:
/// <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c> (Unix seconds); over the limit, 429
/// with <c>Retry-After</c> and a ProblemDetails body.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    /// <summary>Named policy for endpoints that take passwords or mint credentials: <c>.RequireRateLimiting(ApiRateLimiter.AuthPolicy)</c>.</summary>
    public const string AuthPolicy = "auth";

    private readonly RateLimitOptions _options;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _windowStarts = new(StringComparer.Ordinal);

    public ApiRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        // Asked only for API requests while the API limit is on (UseCasGistsRateLimits decides).
        Global = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), key =>
            {
                _windowStarts[key] = _clock.GetUtcNow();
                return new FixedWindowRateLimiterOptions { PermitLimit = LimitFor(key), Window = _options.Api.Window, QueueLimit = 0 };
            }));
        Accounts = PartitionedRateLimiter.Create<string, string>(account =>
            RateLimitPartition.GetFixedWindowLimiter(account, _ => AuthWindow()));
        Auth = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.GetFixedWindowLimiter("ip:" + (http.ClientIp() ?? "unknown"), _ => AuthWindow()));
    }

    /// <summary>The API's limiter: per user, or per IP when anonymous.</summary>
    public PartitionedRateLimiter<HttpContext> Global { get; }

    /// <summary>Per account name, for credential endpoints once they have read the name from the body.</summary>
    public PartitionedRateLimiter<string> Accounts { get; }

    /// <summary>The <see cref="AuthPolicy"/> limiter: per client IP.</summary>
    public PartitionedRateLimiter<HttpContext> Auth { get; }

    public bool ApiEnabled => _options.Api.Enabled;

    /// <summary>The limiter an endpoint's <c>RequireRateLimiting(name)</c> names; none for no name.</summary>
    public PartitionedRateLimiter<HttpContext>? ForPolicy(string? name) => name switch
    {
        null => null,
        AuthPolicy => Auth,
        _ => throw new InvalidOperationException($"No rate limit policy is named '{name}'."),
    };

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>Per user when the request authenticated (any of their tokens and sessions share it), else per IP.</summary>
    public static string PartitionKey(HttpContext http) =>
        http.User.ToViewer().UserId is { } userId ? "user:" + userId : "ip:" + (http.ClientIp() ?? "unknown");

    internal FixedWindowRateLimiterOptions AuthWindow() =>
        new() { PermitLimit = _options.Auth.PermitLimit, Window = _options.Auth.Window, QueueLimit = 0 };

    /// <summary>Writes the X-RateLimit-* headers for an API request that got through.</summary>
    public void WriteHeaders(HttpContext http)
    {
        var key = PartitionKey(http);
        var remaining = (int)Math.Min(int.MaxValue, Global.GetStatistics(http)?.CurrentAvailablePermits ?? 0);
        WriteHeaders(http.Response, LimitFor(key), remaining, ResetFor(key));
    }

    internal void WriteRejectedHeaders(HttpContext http, TimeSpan? retryAfter)
    {
        var key = PartitionKey(http);
        var reset = IsApi(http.Request) ? ResetFor(key) : _clock.GetUtcNow() + (retryAfter ?? _options.Auth.Window);
        if (IsApi(http.Request))
        {
            WriteHeaders(http.Response, LimitFor(key), 0, reset);
        }
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? (reset - _clock.GetUtcNow())).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }

    private int LimitFor(string key) => key.StartsWith("user:", StringComparison.Ordinal) ? _options.Api.PermitLimit : _options.Api.AnonymousPermitLimit;

    /// <summary>Fixed windows restart every <c>Window</c> from when the partition's limiter was created.</summary>
    private DateTimeOffset ResetFor(string key)
    {
        var now = _clock.GetUtcNow();
        var start = _windowStarts.GetValueOrDefault(key, now);
        var window = _options.Api.Window;
        var elapsedWindows = Math.Floor((now - start) / window);
        return start + window * (elapsedWindows + 1);
    }

    private static void WriteHeaders(HttpResponse response, int limit, int remaining, DateTimeOffset reset)
    {
        response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = Math.Max(0, remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The 429 answer, for the middleware and for endpoints that refuse by hand.</summary>
    public static async Task WriteRejectionAsync(HttpContext http, TimeSpan? retryAfter)
    {
        var limiter = http.RequestServices.GetRequiredService<ApiRateLimiter>();
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        limiter.WriteRejectedHeaders(http, retryAfter);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Rate limit exceeded; try again in {http.Response.Headers.RetryAfter} seconds.",
            },
        });
    }

    public void Dispose()
    {
        Global.Dispose();
        Accounts.Dispose();
        Auth.Dispose();
    }
}

public static class RateLimitsSetup
{
    public static IServiceCollection AddCasGistsRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid(), "RateLimits: limits must be positive and windows at least a second.").ValidateOnStart();
        services.AddSingleton<ApiRateLimiter>();
        return services;
    }

    /// <summary>
    /// After authentication (the partition is the user): the API limiter for <c>/api</c>, the endpoint's policy when it
    /// names one (<c>RequireRateLimiting</c>), then the headers on every API response. Not the framework's
    /// <c>UseRateLimiter</c>: its middleware makes a partitioned limiter of its own for endpoint policies and never
    /// disposes it, and that limiter's timer keeps the whole app reachable after the host is gone (every app a test run
    /// started stayed in memory). Here <see cref="ApiRateLimiter"/> owns every limiter and the container disposes it;
    /// a request outside the API that names no policy costs a path check.
    /// </summary>
    public static IApplicationBuilder UseCasGistsRateLimits(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
            var api = ApiRateLimiter.IsApi(http.Request);
            return api || policy is not null ? LimitedAsync(http, next, api, policy) : next(http);
        });

    private static async Task LimitedAsync(HttpContext http, RequestDelegate next, bool api, string? policy)
    {
        var limiter = http.RequestServices.GetRequiredService<ApiRateLimiter>();
        var apiLimited = api && limiter.ApiEnabled;
        using var apiLease = apiLimited ? limiter.Global.AttemptAcquire(http) : null;
        if (apiLease is { IsAcquired: false })
        {
            await RejectAsync(http, apiLease);
            return;
        }
        using var policyLease = limiter.ForPolicy(policy)?.AttemptAcquire(http);
        if (policyLease is { IsAcquired: false })
        {
            await RejectAsync(http, policyLease);
            return;
        }
        if (apiLimited)
        {
            limiter.WriteHeaders(http);
        }
        await next(http);
    }

    private static Task RejectAsync(HttpContext http, RateLimitLease lease) =>
        ApiRateLimiter.WriteRejectionAsync(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
}
