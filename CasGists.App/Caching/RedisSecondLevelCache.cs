using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace CasGists.App.Caching;

/// <summary>
/// HybridCache's second level: Redis through <c>RedisCache</c>, answering "not there" at once while
/// Redis is unreachable (and when a call fails), so an outage costs neither latency nor errors, only misses.
/// </summary>
internal sealed class RedisSecondLevelCache(IBufferDistributedCache redis, RedisConnection connection, ILogger<RedisSecondLevelCache> logger)
    : IBufferDistributedCache
{
    public byte[]? Get(string key) => Try(() => redis.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => TryAsync(() => redis.GetAsync(key, token), null);

    public bool TryGet(string key, IBufferWriter<byte> destination) => Try(() => redis.TryGet(key, destination), false);

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        await TryAsync(() => redis.TryGetAsync(key, destination, token).AsTask(), false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Try(() => { redis.Set(key, value, options); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        TryAsync(async () => { await redis.SetAsync(key, value, options, token); return true; }, false);

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options) =>
        Try(() => { redis.Set(key, value, options); return true; }, false);

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        await TryAsync(async () => { await redis.SetAsync(key, value, options, token); return true; }, false);

    public void Refresh(string key) => Try(() => { redis.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        TryAsync(async () => { await redis.RefreshAsync(key, token); return true; }, false);

    public void Remove(string key) => Try(() => { redis.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        TryAsync(async () => { await redis.RemoveAsync(key, token); return true; }, false);

    private T Try<T>(Func<T> call, T fallback)
    {
        if (!connection.IsConnected)
        {
            return fallback;
        }
        try
        {
            return call();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(e, "Redis call failed; treated as a cache miss");
            return fallback;
        }
    }

    private async Task<T> TryAsync<T>(Func<Task<T>> call, T fallback)
    {
        if (!connection.IsConnected)
        {
            return fallback;
        }
        try
        {
            return await call();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(e, "Redis call failed; treated as a cache miss");
            return fallback;
        }
    }
}
