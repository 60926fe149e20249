using System.Security.Cryptography;
using System.Text;

namespace CasGists.Core.Accounts.Tokens;

/// <summary>
/// The shape of a personal access token: <c>cgp_</c>, 43 random base62 characters (256 bits, from the
/// system's CSPRNG), then 6 base62 characters of the CRC32 of everything before them, 53 characters in all,
/// e.g. <c>cgp_4kQ…Zr0aB3xY</c>. The prefix lets people and secret scanners recognise a leaked token; the
/// checksum lets a scanner (or this server, before touching the database) reject a mistyped or made-up one.
/// Base62 so a double-click selects the whole token.
/// </summary>
public static class TokenFormat
{
    public const string Prefix = "cgp_";
    public const int RandomLength = 43;
    public const int ChecksumLength = 6;
    public const int Length = 53;

    /// <summary>Characters of the secret kept for display: the prefix and 8 random characters.</summary>
    public const int DisplayPrefixLength = 12;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        var body = Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);
        return body + Checksum(body);
    }

    /// <summary>Whether a string has the prefix, length, alphabet and a matching checksum. Cheap; no database.</summary>
    public static bool IsWellFormed(string? token)
    {
        if (token is null || token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        for (var i = Prefix.Length; i < token.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(token[i]))
            {
                return false;
            }
        }
        return string.Equals(Checksum(token[..^ChecksumLength]), token[^ChecksumLength..], StringComparison.Ordinal);
    }

    /// <summary>Whether a string claims to be a token (by its prefix), well-formed or not: it must then not be tried as a password.</summary>
    public static bool LooksLikeToken(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string DisplayPrefix(string token) => token[..DisplayPrefixLength];

    private static string Checksum(string body)
    {
        var crc = Crc32(Encoding.ASCII.GetBytes(body));
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }
        return new string(digits);
    }

    private static readonly uint[] Crc32Table = BuildCrc32Table();

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }

    /// <summary>CRC-32 (IEEE 802.3, as zlib), so scanners can check it with any standard library.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Crc32Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
