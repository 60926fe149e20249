using System.Security.Cryptography;

namespace CasGists.Core.Gists;

/// <summary>Gist ids: 32 lowercase hex characters from 128 random bits, so an unlisted gist's URL cannot be guessed.</summary>
public static class GistIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
