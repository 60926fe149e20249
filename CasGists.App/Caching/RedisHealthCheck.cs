using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasGists.App.Caching;

/// <summary>
/// Redis, when configured, as part of readiness. The app works without it (memory and the database), so a
/// lost Redis is Degraded — still 200 on <c>/health/ready</c>, visible in <c>/health</c> — never Unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis connected.")
            : HealthCheckResult.Degraded("Redis is unreachable; serving from memory and the database, reconnecting in the background."));
}
