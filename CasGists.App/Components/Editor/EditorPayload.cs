using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CasGists.Core.Common;

namespace CasGists.App.Components.Editor;

/// <summary>
/// Reads the files the browser sends on save: <c>[uint32 LE header length][header JSON
/// [{key,length}]][UTF-8 contents]</c>. Lengths in bytes keep the size check exact, with no JSON
/// escaping of content.
/// </summary>
public static class EditorPayload
{
    /// <summary>Room for the header on top of the configured total content limit.</summary>
    public static long MaxSize(long maxTotalBytes, int maxFiles) => maxTotalBytes + 4 + 64 * 1024 + maxFiles * 128L;

    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ParseCore(payload);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw Invalid();
        }
    }

    private static Dictionary<string, string> ParseCore(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4)
        {
            throw Invalid();
        }
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (headerLength > payload.Length - 4)
        {
            throw Invalid();
        }
        var header = JsonSerializer.Deserialize<Entry[]>(payload.Slice(4, (int)headerLength), JsonOptions) ?? throw Invalid();
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        var offset = 4 + (int)headerLength;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        foreach (var entry in header)
        {
            if (entry.Length < 0 || entry.Length > payload.Length - offset)
            {
                throw Invalid();
            }
            contents[entry.Key] = utf8.GetString(payload.Slice(offset, entry.Length));
            offset += entry.Length;
        }
        return offset == payload.Length ? contents : throw Invalid();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static ValidationException Invalid() => new("files", "The editor sent an unreadable save; reload the page and try again.");

    private sealed record Entry(string Key, int Length);
}
