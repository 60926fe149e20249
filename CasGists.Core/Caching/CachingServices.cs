using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CasGists.Core.Caching;

public static class CachingServices
{
    /// <summary>
    /// HybridCache and the gist read cache. Memory only, unless an <c>IDistributedCache</c> (the App's Redis) is
    /// registered too, which HybridCache then uses as its second level.
    /// </summary>
    public static IServiceCollection AddCaching(this IServiceCollection services)
    {
        services.AddHybridCache(options =>
        {
            // A write evicts by tag, so the expirations only bound how long a missed eviction can last
            // (a server that lost Redis for a while).
            options.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = TimeSpan.FromMinutes(10),
                LocalCacheExpiration = TimeSpan.FromMinutes(2),
            };
            options.MaximumPayloadBytes = 4 * 1024 * 1024;
        });
        services.TryAddSingleton<ICacheMetrics, NoCacheMetrics>();
        services.AddSingleton<GistReadCache>();
        return services;
    }
}
