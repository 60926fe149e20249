using CasGists.Core.Caching;
using CasGists.Core.Gists;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace CasGists.App.Caching;

public static class CachingAppServices
{
    /// <summary>
    /// Redis as HybridCache's second level and as the invalidation channel, when configured; cache metrics;
    /// eviction on every gist change; Redis in readiness. Core's <c>AddCaching</c> registers HybridCache itself.
    /// </summary>
    public static IServiceCollection AddCasGistsCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ICacheMetrics, CacheMetrics>();
        services.AddSingleton<CacheInvalidation>();
        services.AddSingleton<IGistChangeObserver, GistCacheInvalidator>();
        services.AddHostedService<CacheInvalidationListener>();

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            services.AddSingleton<IDistributedCache>(sp =>
            {
                var connection = sp.GetRequiredService<RedisConnection>();
                var redis = new RedisCache(Options.Create(new RedisCacheOptions
                {
                    InstanceName = "casgists:",
                    ConnectionMultiplexerFactory = () => Task.FromResult(connection.Multiplexer!),
                }));
                return new RedisSecondLevelCache(redis, connection, sp.GetRequiredService<ILogger<RedisSecondLevelCache>>());
            });
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        }
        return services;
    }
}
