using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using Microsoft.Extensions.Caching.Hybrid;

namespace CasGists.Core.Caching;

/// <summary>
/// Cache-aside reads of gists over <see cref="HybridCache"/>: memory first, Redis second when configured,
/// the database last, with one database read for a burst of misses on the same key. The cache holds the
/// gist as anyone may see it; <see cref="GistAccess"/> is applied per viewer after every read, so a
/// viewer's decision is never cached. Writes evict through <see cref="GistCacheKeys.TagsFor"/>.
/// </summary>
public sealed class GistReadCache(HybridCache cache, GistService gists, ICacheMetrics metrics)
{
    /// <summary>Same message as <see cref="GistService"/>: missing and forbidden look alike.</summary>
    private const string NotFoundMessage = "Gist not found.";

    /// <summary>A head file's UTF-8 bytes, keyed by the cached (shared, immutable) file object they came from.</summary>
    private static readonly ConditionalWeakTable<GistFileView, CachedRaw> HeadBytes = new();

    /// <summary>A gist for this viewer; <see cref="NotFoundException"/> when missing or not theirs to see.</summary>
    public async Task<GistDetails> GetGistAsync(Viewer viewer, string id, CancellationToken ct = default)
    {
        var gist = await FindGistAsync(id, ct);
        return gist is not null && GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility)
            ? await gists.ForViewerAsync(viewer, gist, ct)
            : throw new NotFoundException(NotFoundMessage);
    }

    /// <summary>
    /// A gist before any access rule, or null. Whoever shows it applies <see cref="GistAccess.CanRead"/>
    /// for their viewer first; prefer <see cref="GetGistAsync"/>, which does.
    /// </summary>
    public async Task<GistDetails?> FindGistAsync(string id, CancellationToken ct = default)
    {
        if (!GistIds.IsValid(id))
        {
            return null;
        }
        var cached = await ReadAsync(CacheNames.Gist, GistCacheKeys.GistKey(id), (gists, id),
            static async (state, ct) => new CachedGist(await state.gists.LoadAsync(state.id, ct)),
            [GistCacheKeys.Gist(id)], ct);
        return cached.Gist;
    }

    /// <summary>A file at the head (revision null) or at a full commit id, for this viewer.</summary>
    public async Task<RawFile> GetRawFileAsync(Viewer viewer, string id, string fileName, string? revision = null, CancellationToken ct = default)
    {
        // Access is all a raw read needs: not the signed-in view of the gist (fork counts, the source), which costs queries.
        var gist = await FindGistAsync(id, ct);
        if (gist is null || !GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility))
        {
            throw new NotFoundException(NotFoundMessage);
        }
        if (revision is null || string.Equals(revision, gist.HeadRevision, StringComparison.OrdinalIgnoreCase))
        {
            var file = gist.Files.FirstOrDefault(f => string.Equals(f.Name, fileName, StringComparison.Ordinal))
                ?? throw new NotFoundException("File not found.");
            // The head's text is in the cached gist already: its bytes live beside that file object, encoded once, and
            // go when an edit or an eviction replaces the gist. A second cache entry would cost a lookup per request.
            if (HeadBytes.TryGetValue(file, out var bytes))
            {
                metrics.Hit(CacheNames.Raw);
            }
            else
            {
                bytes = HeadBytes.GetValue(file, static f => new CachedRaw(f.Name, Encoding.UTF8.GetBytes(f.Content)));
                metrics.Miss(CacheNames.Raw);
            }
            return new RawFile(bytes.Name, bytes.Content, gist.HeadRevision);
        }

        // A full commit id names immutable content; the access check above already ran for this viewer.
        var commit = revision.ToLowerInvariant();
        var old = await ReadAsync(CacheNames.Raw, GistCacheKeys.RawKey(id, commit, fileName), (gists, viewer, id, fileName, commit),
            static async (s, ct) =>
            {
                var file = await s.gists.GetRawFileAsync(s.viewer, s.id, s.fileName, s.commit, ct);
                return new CachedRaw(file.Name, file.Content);
            },
            [GistCacheKeys.Gist(id)], ct);
        return new RawFile(old.Name, old.Content, commit);
    }

    /// <summary>A user's gists as this viewer may list them: two cached variants per page, all and public.</summary>
    public Task<PagedResult<GistSummary>> ListForUserAsync(Viewer viewer, Guid ownerId, int page, int pageSize, CancellationToken ct = default)
    {
        var includeNonPublic = GistAccess.CanList(viewer, ownerId, GistVisibility.Private);
        return ReadAsync(CacheNames.UserGists, GistCacheKeys.UserGistsKey(ownerId, includeNonPublic, page, pageSize),
            (gists, ownerId, includeNonPublic, page, pageSize),
            static (s, ct) => new ValueTask<PagedResult<GistSummary>>(s.gists.ListOwnedAsync(s.ownerId, s.includeNonPublic, s.page, s.pageSize, ct)),
            [GistCacheKeys.User(ownerId)], ct).AsTask();
    }

    /// <summary>Public gists of everyone, as the home page lists them.</summary>
    public Task<PagedResult<GistSummary>> ListPublicAsync(int page, int pageSize, GistSort sort = GistSort.Newest, CancellationToken ct = default) =>
        ReadAsync(CacheNames.PublicGists, GistCacheKeys.PublicGistsKey(sort, page, pageSize), (gists, page, pageSize, sort),
            static (s, ct) => new ValueTask<PagedResult<GistSummary>>(s.gists.ListPublicAsync(s.page, s.pageSize, s.sort, ct)),
            [GistCacheKeys.PublicListsTag], ct).AsTask();

    /// <summary>A read that counts itself: a miss is a read that ran the factory, every other read (coalesced ones too) a hit.</summary>
    private async ValueTask<T> ReadAsync<TState, T>(string name, string key, TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory, string[] tags, CancellationToken ct)
    {
        var missed = false;
        var value = await cache.GetOrCreateAsync(key, (state, factory),
            async (s, ct) =>
            {
                missed = true;
                return await s.factory(s.state, ct);
            },
            tags: tags, cancellationToken: ct);
        if (missed)
        {
            metrics.Miss(name);
        }
        else
        {
            metrics.Hit(name);
        }
        return value;
    }

    // Marked immutable so HybridCache hands out its one in-memory copy instead of deserialising per read.
    [ImmutableObject(true)]
    internal sealed record CachedGist(GistDetails? Gist);

    [ImmutableObject(true)]
    internal sealed record CachedRaw(string Name, byte[] Content);
}
