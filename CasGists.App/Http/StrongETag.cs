using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CasGists.App.Http;

/// <summary>
/// Strong entity tags and the <c>If-None-Match</c> comparison (RFC 9110 §13.1.2): the one definition used by the
/// API's JSON reads, the pages (<see cref="BodyETagMiddleware"/>), raw files and embed scripts.
/// </summary>
public static class StrongETag
{
    /// <summary>A tag for these bytes: the first 128 bits of their SHA-256, in hex.</summary>
    public static string ForContent(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(content, hash);
        return FromHash(hash);
    }

    /// <summary>The first 128 bits of a hash, quoted: plenty against accidental collisions, and short.</summary>
    internal static string FromHash(ReadOnlySpan<byte> hash) => $"\"{Convert.ToHexStringLower(hash[..16])}\"";

    /// <summary>A tag for content named by immutable parts (a commit id and a file name).</summary>
    public static string ForParts(params ReadOnlySpan<string> parts) => ForContent(Encoding.UTF8.GetBytes(string.Join('\0', parts.ToArray())));

    /// <summary>True when the request's <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>).</summary>
    public static bool Matches(HttpRequest request, string etag) => Matches(request.Headers.IfNoneMatch, etag);

    /// <summary>
    /// True when an <c>If-None-Match</c> value (one header or several, each a comma-separated list) names
    /// <paramref name="etag"/> or is <c>*</c>. A value that does not parse matches nothing, so the full answer is sent.
    /// </summary>
    public static bool Matches(StringValues header, string etag)
    {
        if (header.Count == 0)
        {
            return false;
        }
        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }
        var mine = new EntityTagHeaderValue(etag);
        // If-None-Match uses the weak comparison: W/"x" matches "x".
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(mine, useStrongComparison: false));
    }
}
