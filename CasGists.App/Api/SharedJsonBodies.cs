using System.Runtime.CompilerServices;
using CasGists.App.Http;

namespace CasGists.App.Api;

/// <summary>
/// The JSON of a cached, viewer-independent object (the shared copy of a gist that anonymous readers get) kept
/// beside that object: serialising and hashing it on every read cost more than the rest of the request. The entry
/// lives as long as the cached object, so an edit (which replaces it) or an eviction drops it too; the base URL is
/// part of the entry because the body's links are absolute.
/// </summary>
internal static class SharedJsonBodies
{
    private static readonly ConditionalWeakTable<object, Entry> Bodies = new();

    public static (byte[] Body, string ETag) For(object shared, string baseUrl, Func<byte[]> serialize)
    {
        if (Bodies.TryGetValue(shared, out var entry) && entry.BaseUrl == baseUrl)
        {
            return (entry.Body, entry.ETag);
        }
        var body = serialize();
        entry = new Entry(baseUrl, body, StrongETag.ForContent(body));
        Bodies.AddOrUpdate(shared, entry);
        return (entry.Body, entry.ETag);
    }

    private sealed record Entry(string BaseUrl, byte[] Body, string ETag);
}
