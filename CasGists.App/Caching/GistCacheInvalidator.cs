using CasGists.Core.Caching;
using CasGists.Core.Gists;

namespace CasGists.App.Caching;

/// <summary>Every committed write to a gist (UI, API, git push, delete, forks, stars) evicts what it made stale, everywhere.</summary>
internal sealed class GistCacheInvalidator(CacheInvalidation invalidation) : IGistChangeObserver
{
    public async ValueTask OnGistChangedAsync(GistChange change, CancellationToken ct) =>
        await invalidation.InvalidateAsync(GistCacheKeys.TagsFor(change), CancellationToken.None);
}
