using StackExchange.Redis;

namespace CasGists.App.Caching;

/// <summary>Listens on the invalidation channel while Redis is configured, and catches up after every outage.</summary>
internal sealed class CacheInvalidationListener(RedisConnection redis, CacheInvalidation invalidation, ILogger<CacheInvalidationListener> logger)
    : IHostedService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _subscribed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.Multiplexer is not { } multiplexer)
        {
            return;
        }
        multiplexer.ConnectionRestored += OnRestored;
        await EnsureSubscribedAsync(multiplexer);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (redis.Multiplexer is { } multiplexer)
        {
            multiplexer.ConnectionRestored -= OnRestored;
        }
        return Task.CompletedTask;
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (redis.Multiplexer is not { } multiplexer)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await EnsureSubscribedAsync(multiplexer);
                await invalidation.OnReconnectedAsync();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Catching up on cache invalidations after a Redis outage failed");
            }
        });
    }

    private async Task EnsureSubscribedAsync(IConnectionMultiplexer multiplexer)
    {
        await _gate.WaitAsync();
        try
        {
            if (_subscribed)
            {
                return;
            }
            var subscriber = multiplexer.GetSubscriber();
            // A subscription that failed may still be registered; drop it so a message is never handled twice.
            await subscriber.UnsubscribeAsync(CacheInvalidation.Channel, Handle, CommandFlags.FireAndForget);
            await subscriber.SubscribeAsync(CacheInvalidation.Channel, Handle);
            _subscribed = true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Not subscribed to cache invalidations yet; retrying when Redis connects");
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Handle(RedisChannel channel, RedisValue message) => _ = invalidation.OnMessageAsync(message);
}
