using CasGists.App.Observability;
using CasGists.Core.Caching;
using Prometheus;

namespace CasGists.App.Caching;

/// <summary>Cache hits and misses per cache, in the app's Prometheus registry.</summary>
internal sealed class CacheMetrics : ICacheMetrics
{
    private readonly Counter _hits;
    private readonly Counter _misses;

    public CacheMetrics(CasGistsMetrics metrics)
    {
        _hits = metrics.Factory.CreateCounter("casgists_cache_hits_total", "Reads answered from a cache (memory or Redis), by cache.",
            new CounterConfiguration { LabelNames = ["cache"] });
        _misses = metrics.Factory.CreateCounter("casgists_cache_misses_total", "Reads that went to the database or git, by cache.",
            new CounterConfiguration { LabelNames = ["cache"] });
        // Every series exists from the start, so a hit ratio is defined before the first miss.
        foreach (var cache in CacheNames.All)
        {
            _hits.WithLabels(cache);
            _misses.WithLabels(cache);
        }
    }

    public void Hit(string cache) => _hits.WithLabels(cache).Inc();

    public void Miss(string cache) => _misses.WithLabels(cache).Inc();
}
