using CasGists.App.Security;
using CasGists.Core.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasGists.Tests.App.Security;

public sealed class JwtKeysTests : IDisposable
{
    private readonly DataDirectory _data = new(Path.Combine(Path.GetTempPath(), "casgists-tests", Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (Directory.Exists(_data.Root))
        {
            Directory.Delete(_data.Root, recursive: true);
        }
    }

    [Fact]
    public void KeyIsGeneratedOnceIntoTheDataDirectoryWithOwnerOnlyPermissionsAndReused()
    {
        var first = new JwtKeys(_data, NullLogger<JwtKeys>.Instance);
        var second = new JwtKeys(_data, NullLogger<JwtKeys>.Instance);

        var path = Path.Combine(_data.Keys, "jwt", JwtKeys.SigningKeyFile);
        Assert.True(File.Exists(path));
        Assert.Equal(first.SigningKey.KeyId, second.SigningKey.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void KeyIdIsTheRfc7638Thumbprint()
    {
        // RFC 7638 section 3.1's example key and its published thumbprint.
        var parameters = new System.Security.Cryptography.RSAParameters
        {
            Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(
                "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw".AsSpan()),
            Exponent = System.Buffers.Text.Base64Url.DecodeFromChars("AQAB".AsSpan()),
        };

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", JwtKeys.Thumbprint(parameters));
    }

    [Fact]
    public void RetiredKeysStayPublishedAndValidButDoNotSign()
    {
        var first = new JwtKeys(_data, NullLogger<JwtKeys>.Instance);
        var directory = Path.Combine(_data.Keys, "jwt");
        File.Move(Path.Combine(directory, JwtKeys.SigningKeyFile), Path.Combine(directory, "retired-2026-01.pem"));

        var rotated = new JwtKeys(_data, NullLogger<JwtKeys>.Instance);

        Assert.NotEqual(first.SigningKey.KeyId, rotated.SigningKey.KeyId);
        Assert.Equal(2, rotated.ValidationKeys.Count);
        Assert.Contains(rotated.ValidationKeys, k => k.KeyId == first.SigningKey.KeyId);
        Assert.Equal(2, rotated.Jwks.Keys.Count());
    }
}
