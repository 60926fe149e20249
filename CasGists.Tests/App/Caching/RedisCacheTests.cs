using System.Diagnostics;
using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Caching;

/// <summary>Redis as the second level and the invalidation channel: shared between servers, and never needed to answer.</summary>
public sealed class RedisCacheTests
{
    private static async Task<CasGistsAppFactory> AppAsync(string redis, CasGistsAppFactory? sharingDataWith = null) =>
        await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["ConnectionStrings:Redis"] = redis;
            if (sharingDataWith is not null)
            {
                // A second server on the first one's database and data directory, as behind a load balancer.
                f.Settings["Data:Directory"] = sharingDataWith.Database.DataDirectory.Root;
                f.Settings["Data:Postgres"] = sharingDataWith.Database.Provider == DatabaseProvider.Postgres
                    ? sharingDataWith.Database.Settings.ConnectionString : "";
            }
        });

    private static async Task<(User Owner, GistDetails Gist)> GistAsync(CasGistsAppFactory app, string content)
    {
        var owner = await app.Services.GetRequiredService<AccountService>()
            .RegisterAsync(new RegisterInput($"u{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@example.test", "a long enough password"));
        var gist = await app.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(owner),
            new CreateGistInput("Shared", "", GistVisibility.Public, [new GistFileInput("notes.txt", content)]));
        return (owner, gist);
    }

    private static Task<GistDetails> EditAsync(CasGistsAppFactory app, User owner, GistDetails gist, string content) =>
        app.Services.GetRequiredService<GistService>().UpdateAsync(Viewer.For(owner), gist.Id,
            new UpdateGistInput("Shared", "", GistVisibility.Public, [new GistFileInput("notes.txt", content)]));

    private static async Task<string> RawAsync(HttpClient client, User owner, GistDetails gist)
    {
        var response = await client.GetAsync($"/{owner.UserName}/{gist.Id}/raw/notes.txt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> PageAsync(HttpClient client, User owner, GistDetails gist)
    {
        var response = await client.GetAsync($"/{owner.UserName}/{gist.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Polls until <paramref name="done"/>, for what crosses a Redis channel or a reconnect; false after the deadline.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (await done())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return await done();
    }

    [RedisFact]
    public async Task AnEditOnOneServerIsFreshOnAnotherSharingRedis()
    {
        var redis = ServiceRequirements.RequireRedis();
        await using var a = await AppAsync(redis);
        await using var b = await AppAsync(redis, sharingDataWith: a);
        var (owner, gist) = await GistAsync(a, "before\n");
        var onB = b.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("before\n", await RawAsync(onB, owner, gist));
            Assert.Contains("before", await PageAsync(onB, owner, gist));
        }

        await EditAsync(a, owner, gist, "after\n");

        // The eviction reaches B over pub/sub within milliseconds; a second is the most it may take.
        Assert.True(await EventuallyAsync(async () => await RawAsync(onB, owner, gist) == "after\n", TimeSpan.FromSeconds(1)),
            "server B still served the old raw file after an edit on server A");
        // The page cache is evicted right after the data cache, so it may trail it by a moment.
        Assert.True(await EventuallyAsync(async () => (await PageAsync(onB, owner, gist)).Contains("after"), TimeSpan.FromSeconds(1)),
            "server B still served the old page after an edit on server A");
        Assert.DoesNotContain("before", await PageAsync(onB, owner, gist));
    }

    [RedisFact]
    public async Task WithRedisDownAtStartTheAppServesAndConnectsOnceRedisComesUp()
    {
        ServiceRequirements.RequireRedis();
        using var server = RedisServer.Reserve();
        await using var app = await AppAsync(server.Configuration);
        var client = app.CreateClient();
        var (owner, gist) = await GistAsync(app, "one\n");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("one\n", await RawAsync(client, owner, gist));
        }
        // Waiting on Redis would cost seconds per read (the client's defaults queue a command for 5 s);
        // the bound leaves room for a busy machine and still catches that.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"20 reads took {clock.Elapsed} with Redis down");
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        await EditAsync(app, owner, gist, "two\n");
        Assert.Equal("two\n", await RawAsync(client, owner, gist));

        await server.StartAsync();

        Assert.True(await EventuallyAsync(async () => await client.GetStringAsync("/health/ready") == "Healthy", TimeSpan.FromSeconds(15)),
            "the app did not connect to Redis after it came up");
        await EditAsync(app, owner, gist, "three\n");
        Assert.Equal("three\n", await RawAsync(client, owner, gist));
        Assert.Contains("three", await PageAsync(client, owner, gist));
    }

    [RedisFact]
    public async Task RedisStoppedMidRunCostsNoErrorsAndIsUsedAgainWhenItReturns()
    {
        ServiceRequirements.RequireRedis();
        using var server = RedisServer.Reserve();
        await server.StartAsync();
        await using var app = await AppAsync(server.Configuration);
        var client = app.CreateClient();
        var (owner, gist) = await GistAsync(app, "one\n");
        Assert.True(await EventuallyAsync(async () => await client.GetStringAsync("/health/ready") == "Healthy", TimeSpan.FromSeconds(5)));
        Assert.Equal("one\n", await RawAsync(client, owner, gist));

        server.Stop();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("one\n", await RawAsync(client, owner, gist));
            Assert.Contains("one", await PageAsync(client, owner, gist));
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"40 reads took {clock.Elapsed} with Redis stopped");
        await EditAsync(app, owner, gist, "two\n");
        Assert.Equal("two\n", await RawAsync(client, owner, gist));
        Assert.True(await EventuallyAsync(async () => await client.GetStringAsync("/health/ready") == "Degraded", TimeSpan.FromSeconds(5)));

        await server.StartAsync();

        Assert.True(await EventuallyAsync(async () => await client.GetStringAsync("/health/ready") == "Healthy", TimeSpan.FromSeconds(15)),
            "the app did not reconnect to Redis after it was restarted");
        await EditAsync(app, owner, gist, "three\n");
        Assert.Equal("three\n", await RawAsync(client, owner, gist));
        Assert.Contains("three", await PageAsync(client, owner, gist));
    }

    [RedisFact]
    public async Task TheSecondLevelServesAnotherServersReads()
    {
        var redis = ServiceRequirements.RequireRedis();
        await using var a = await AppAsync(redis);
        await using var b = await AppAsync(redis, sharingDataWith: a);
        var (owner, gist) = await GistAsync(a, "shared\n");
        Assert.Equal("shared\n", await RawAsync(a.CreateClient(), owner, gist));

        var metricsBefore = await b.CreateClient().GetStringAsync("/metrics");
        Assert.Equal("shared\n", await RawAsync(b.CreateClient(), owner, gist));
        var metricsAfter = await b.CreateClient().GetStringAsync("/metrics");

        // B never read this gist, yet its read is a hit: it came from Redis, not from the database.
        Assert.Contains("casgists_cache_hits_total{cache=\"gist\"} 0", metricsBefore);
        Assert.Contains("casgists_cache_hits_total{cache=\"gist\"} 1", metricsAfter);
        Assert.Contains("casgists_cache_misses_total{cache=\"gist\"} 0", metricsAfter);
    }
}
