using CasGists.Core.Gists;

namespace CasGists.Core.Caching;

/// <summary>
/// The cache keys and tags of everything read about gists. A key names one cached value; a tag names
/// what a write makes stale. <see cref="TagsFor"/> is the whole invalidation rule: a change to a gist
/// evicts the gist, its owner's listings and the public listings, on every server.
/// Another feature caching gist-derived data (the API, feeds) tags its entries with
/// <see cref="Gist"/> / <see cref="User"/> and is evicted with no code of its own.
/// </summary>
public static class GistCacheKeys
{
    /// <summary>Every public listing (home page, discover, API lists): any gist change may reorder them.</summary>
    public const string PublicListsTag = "public-lists";

    /// <summary>Tag of everything derived from one gist.</summary>
    public static string Gist(string id) => $"gist:{id}";

    /// <summary>Tag of everything listing one owner's gists.</summary>
    public static string User(Guid ownerId) => $"user:{ownerId:N}";

    internal static string GistKey(string id) => $"casgists:gist:{id}";

    /// <summary>A file at a full commit id: immutable, so only a delete evicts it.</summary>
    internal static string RawKey(string id, string revision, string fileName) => $"casgists:raw:{id}:{revision}:{fileName}";

    internal static string UserGistsKey(Guid ownerId, bool includeNonPublic, int page, int pageSize) =>
        $"casgists:user-gists:{ownerId:N}:{(includeNonPublic ? "all" : "public")}:{page}:{pageSize}";

    internal static string PublicGistsKey(GistSort sort, int page, int pageSize) => $"casgists:public-gists:{sort}:{page}:{pageSize}";

    public static IReadOnlyList<string> TagsFor(GistChange change) =>
        [Gist(change.GistId), User(change.OwnerId), PublicListsTag];
}
