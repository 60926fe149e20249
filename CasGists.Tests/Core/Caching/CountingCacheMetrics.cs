using System.Collections.Concurrent;
using CasGists.Core.Caching;

namespace CasGists.Tests.Core.Caching;

/// <summary>Counts hits and misses per cache; a miss is one read of the source behind the cache.</summary>
public sealed class CountingCacheMetrics : ICacheMetrics
{
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly ConcurrentDictionary<string, int> _misses = new();

    public int Hits(string cache) => _hits.GetValueOrDefault(cache);

    public int Misses(string cache) => _misses.GetValueOrDefault(cache);

    public void Hit(string cache) => _hits.AddOrUpdate(cache, 1, (_, n) => n + 1);

    public void Miss(string cache) => _misses.AddOrUpdate(cache, 1, (_, n) => n + 1);
}
