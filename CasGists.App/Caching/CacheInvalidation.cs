using System.Collections.Concurrent;
using CasGists.App.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace CasGists.App.Caching;

/// <summary>
/// Evicts cached data by tag on every server. HybridCache and the output cache only evict their own
/// memory, so an eviction here is also published on a Redis channel and each other server evicts its
/// copy. Evictions that could not be published (Redis down) are published again once it is back, and a
/// server that reconnects drops its whole memory cache, since it may have missed messages meanwhile.
/// </summary>
public sealed class CacheInvalidation(
    HybridCache cache, IOutputCacheStore pages, RedisConnection redis, ILogger<CacheInvalidation> logger)
{
    internal static readonly RedisChannel Channel = RedisChannel.Literal("casgists:cache-invalidation");
    private const char Separator = '\n';

    private readonly string _serverId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<string[]> _unpublished = new();

    /// <summary>Evicts every entry carrying one of <paramref name="tags"/> here and on the other servers.</summary>
    public async Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken ct = default)
    {
        var array = tags.ToArray();
        await EvictLocallyAsync(array, ct);
        if (redis.Multiplexer is null)
        {
            return;
        }
        if (!await TryPublishAsync(array))
        {
            _unpublished.Enqueue(array);
        }
    }

    internal async Task EvictLocallyAsync(IReadOnlyCollection<string> tags, CancellationToken ct = default)
    {
        await cache.RemoveByTagAsync(tags, ct);
        foreach (var tag in tags)
        {
            await pages.EvictByTagAsync(tag == AllTag ? OutputCachePolicies.PagesTag : tag, ct);
        }
    }

    /// <summary>HybridCache's wildcard tag: every entry.</summary>
    internal const string AllTag = "*";

    internal async Task OnMessageAsync(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return;
        }
        var parts = message.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] == _serverId)
        {
            return;
        }
        try
        {
            await EvictLocallyAsync(parts[1..]);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not apply a cache invalidation from another server");
        }
    }

    /// <summary>After an outage: this server may have missed evictions, and others may have missed ours.</summary>
    internal async Task OnReconnectedAsync()
    {
        await EvictLocallyAsync([AllTag]);
        while (_unpublished.TryPeek(out var tags))
        {
            // Written again so Redis (the second level) forgets what it kept through the outage.
            await cache.RemoveByTagAsync(tags);
            if (!await TryPublishAsync(tags))
            {
                return;
            }
            _unpublished.TryDequeue(out _);
        }
    }

    private async Task<bool> TryPublishAsync(string[] tags)
    {
        if (redis.Multiplexer is not { } multiplexer || !multiplexer.IsConnected)
        {
            return false;
        }
        try
        {
            await multiplexer.GetSubscriber().PublishAsync(Channel, _serverId + Separator + string.Join(Separator, tags));
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish a cache invalidation; it is sent again when Redis is back");
            return false;
        }
    }
}
