using CasGists.Core.Accounts;
using CasGists.Core.Caching;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Tests.Core.Gists;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.Core.Caching;

public sealed class GistReadCacheTests : IAsyncLifetime
{
    private GistTestContext _context = null!;
    private readonly CountingCacheMetrics _metrics = new();
    private GistReadCache _cache = null!;

    public async Task InitializeAsync()
    {
        _context = await GistTestContext.CreateAsync();
        _cache = new GistReadCache(NewHybridCache(), _context.Gists, _metrics);
    }

    public Task DisposeAsync() => _context.DisposeAsync().AsTask();

    internal static HybridCache NewHybridCache() =>
        new ServiceCollection().AddHybridCache().Services.BuildServiceProvider().GetRequiredService<HybridCache>();

    [Fact]
    public async Task ABurstOfMissesOnOneGistReadsTheDatabaseOnce()
    {
        var owner = await _context.CreateUserAsync("alice");
        var gist = await _context.CreateGistAsync(owner);

        var reads = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _cache.GetGistAsync(Viewer.Anonymous, gist.Id))));

        Assert.All(reads, r => Assert.Equal(gist.HeadRevision, r.HeadRevision));
        Assert.Equal(1, _metrics.Misses(CacheNames.Gist));
        Assert.Equal(49, _metrics.Hits(CacheNames.Gist));
    }

    [Fact]
    public async Task APrivateGistCachedForItsOwnerStaysHiddenFromEveryoneElse()
    {
        var owner = await _context.CreateUserAsync("alice");
        var stranger = await _context.CreateUserAsync("bob");
        var gist = await _context.CreateGistAsync(owner, GistVisibility.Private);

        var forOwner = await _cache.GetGistAsync(owner, gist.Id);

        Assert.Equal(gist.Id, forOwner.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetGistAsync(stranger, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetGistAsync(Viewer.Anonymous, gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetRawFileAsync(Viewer.Anonymous, gist.Id, "hello.txt"));
        Assert.Equal(1, _metrics.Misses(CacheNames.Gist));
    }

    [Fact]
    public async Task AnOwnersListingCachedFirstNeverShowsTheirPrivateGistsToOthers()
    {
        var owner = await _context.CreateUserAsync("alice");
        var stranger = await _context.CreateUserAsync("bob");
        var ownerId = owner.UserId!.Value;
        await _context.CreateGistAsync(owner, GistVisibility.Public, "open");
        await _context.CreateGistAsync(owner, GistVisibility.Private, "secret");
        await _context.CreateGistAsync(owner, GistVisibility.Unlisted, "by link");

        var mine = await _cache.ListForUserAsync(owner, ownerId, 1, 20);
        var theirs = await _cache.ListForUserAsync(stranger, ownerId, 1, 20);
        var anonymous = await _cache.ListForUserAsync(Viewer.Anonymous, ownerId, 1, 20);

        Assert.Equal(3, mine.TotalCount);
        Assert.Equal(["open"], theirs.Items.Select(g => g.Title));
        Assert.Equal(["open"], anonymous.Items.Select(g => g.Title));
        Assert.Equal(2, _metrics.Misses(CacheNames.UserGists));
    }

    [Fact]
    public async Task AMissingGistIsNotFoundAndAnInvalidIdNeverReachesTheCache()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetGistAsync(Viewer.Anonymous, new string('a', 32)));
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetGistAsync(Viewer.Anonymous, "../etc/passwd"));
        Assert.Equal(1, _metrics.Misses(CacheNames.Gist));
    }

    [Fact]
    public async Task RawFilesComeFromTheHeadAndFromEarlierRevisionsAndARevisionIsReadFromGitOnce()
    {
        var owner = await _context.CreateUserAsync("alice");
        var first = await _context.CreateGistAsync(owner, files: new GistFileInput("a.txt", "one\n"));
        var second = await _context.Gists.UpdateAsync(owner, first.Id, new UpdateGistInput("A gist", "", GistVisibility.Public, [new GistFileInput("a.txt", "two\n")]));

        var head = await _cache.GetRawFileAsync(Viewer.Anonymous, first.Id, "a.txt");
        var old = await _cache.GetRawFileAsync(Viewer.Anonymous, first.Id, "a.txt", first.HeadRevision);
        var oldAgain = await _cache.GetRawFileAsync(Viewer.Anonymous, first.Id, "a.txt", first.HeadRevision.ToUpperInvariant());

        Assert.Equal("two\n", System.Text.Encoding.UTF8.GetString(head.Content));
        Assert.Equal(second.HeadRevision, head.Revision);
        Assert.Equal("one\n", System.Text.Encoding.UTF8.GetString(old.Content));
        Assert.Equal(old.Content, oldAgain.Content);
        Assert.Equal(2, _metrics.Misses(CacheNames.Raw));
        Assert.Equal(1, _metrics.Hits(CacheNames.Raw));
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetRawFileAsync(Viewer.Anonymous, first.Id, "missing.txt"));
        await Assert.ThrowsAsync<NotFoundException>(() => _cache.GetRawFileAsync(Viewer.Anonymous, first.Id, "a.txt", new string('0', 40)));
    }

    [Fact]
    public async Task EvictingAGistsTagMakesTheNextReadFresh()
    {
        var owner = await _context.CreateUserAsync("alice");
        var hybrid = NewHybridCache();
        var cache = new GistReadCache(hybrid, _context.Gists, _metrics);
        var gist = await _context.CreateGistAsync(owner, files: new GistFileInput("a.txt", "before\n"));
        await cache.GetGistAsync(Viewer.Anonymous, gist.Id);

        var change = (await _context.Gists.UpdateAsync(owner, gist.Id, new UpdateGistInput("A gist", "", GistVisibility.Public, [new GistFileInput("a.txt", "after\n")])));
        var stale = await cache.GetGistAsync(Viewer.Anonymous, gist.Id);
        await hybrid.RemoveByTagAsync(GistCacheKeys.TagsFor(new GistChange(gist.Id, owner.UserId!.Value, GistChangeKind.Updated)));
        var fresh = await cache.GetGistAsync(Viewer.Anonymous, gist.Id);

        Assert.Equal("before\n", stale.Files[0].Content);
        Assert.Equal("after\n", fresh.Files[0].Content);
        Assert.Equal(change.HeadRevision, fresh.HeadRevision);
    }
}

public sealed class HybridCacheCoalescingTests
{
    [Fact]
    public async Task ConcurrentMissesOnOneKeyRunTheSourceOnce()
    {
        var cache = GistReadCacheTests.NewHybridCache();
        var release = new TaskCompletionSource();
        var calls = 0;

        var readers = Enumerable.Range(0, 100).Select(_ => cache.GetOrCreateAsync("k", async ct =>
        {
            Interlocked.Increment(ref calls);
            // Held open until every reader has asked, so the burst really overlaps.
            await release.Task;
            return "value";
        }).AsTask()).ToList();
        await Task.Delay(100);
        release.SetResult();
        var values = await Task.WhenAll(readers);

        Assert.Equal(1, calls);
        Assert.All(values, v => Assert.Equal("value", v));
    }
}
