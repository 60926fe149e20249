using CasGists.Core.Accounts.Tokens;

namespace CasGists.Tests.Core.Accounts.Tokens;

public sealed class TokenScopesAndFormatTests
{
    [Theory]
    [InlineData("gist:write", "gist:read", true)]
    [InlineData("gist:write", "user:read", false)]
    [InlineData("gist:read", "gist:write", false)]
    [InlineData("user:write", "user:read", true)]
    [InlineData("user:read", "user:write", false)]
    [InlineData("admin", "gist:write", true)]
    [InlineData("admin", "user:write", true)]
    [InlineData("gist:read,user:read", "admin", false)]
    public void WriteImpliesReadAndAdminImpliesEverything(string granted, string asked, bool expected)
    {
        Assert.True(TokenScopes.TryParse(granted, out var scopes, out _));
        Assert.Equal(expected, scopes.Has(asked));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("gist:delete")]
    [InlineData("gist:read,root")]
    public void AnEmptyListOrAnUnknownScopeIsRefused(string text)
    {
        Assert.False(TokenScopes.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ScopesAreStoredSortedWithoutDuplicatesAndUnknownStoredNamesAreNotGranted()
    {
        Assert.True(TokenScopes.TryParse("user:read, GIST:WRITE,gist:write", out var scopes, out _));
        Assert.Equal("gist:write,user:read", scopes.ToString());
        Assert.Equal(["gist:read"], TokenScopes.FromStored("gist:read,future:thing").Granted);
    }

    [Fact]
    public void GeneratedTokensHaveThePrefixTheLengthAValidChecksumAndDiffer()
    {
        var a = TokenFormat.Generate();
        var b = TokenFormat.Generate();

        Assert.StartsWith("cgp_", a);
        Assert.Equal(TokenFormat.Length, a.Length);
        Assert.All(a[4..], c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        Assert.True(TokenFormat.IsWellFormed(a));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void AChangedCharacterBreaksTheChecksum()
    {
        var token = TokenFormat.Generate();
        var i = 10;
        var changed = token[..i] + (token[i] == 'a' ? 'b' : 'a') + token[(i + 1)..];

        Assert.False(TokenFormat.IsWellFormed(changed));
        Assert.False(TokenFormat.IsWellFormed(token[..^1]));
        Assert.False(TokenFormat.IsWellFormed("ghp_" + token[4..]));
        Assert.False(TokenFormat.IsWellFormed(null));
    }

    [Fact]
    public void TheChecksumIsStandardCrc32()
    {
        // The check value every CRC-32 (IEEE) implementation agrees on, so scanners can verify tokens with zlib.
        Assert.Equal(0xCBF43926u, TokenFormat.Crc32("123456789"u8));
    }
}
