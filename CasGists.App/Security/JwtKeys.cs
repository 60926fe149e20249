using System.Buffers.Text;
using System.Security.Cryptography;
using CasGists.Core.Data;
using Microsoft.IdentityModel.Tokens;

namespace CasGists.App.Security;

/// <summary>
/// The RSA keys that sign access tokens, kept in <c>keys/jwt/</c> of the data directory (owner-only permissions).
/// <c>signing-key.pem</c> signs; every other <c>*.pem</c> there is a retired key still published and accepted, so
/// a key can be rotated without cutting off tokens already issued: rename the old file, restart (a new signing key
/// is generated), delete the old file once its tokens have expired. The key id is the RFC 7638 thumbprint.
/// </summary>
public sealed class JwtKeys
{
    public const string SigningKeyFile = "signing-key.pem";
    private const int KeySizeBits = 2048;

    public JwtKeys(DataDirectory data, ILogger<JwtKeys> logger)
    {
        Directory = Path.Combine(data.Keys, "jwt");
        CreatePrivateDirectory(Directory);
        var signingPath = Path.Combine(Directory, SigningKeyFile);
        if (!File.Exists(signingPath))
        {
            Generate(signingPath);
            logger.LogInformation("Generated a new JWT signing key in {Directory}", Directory);
        }
        var keys = new List<RsaSecurityKey>();
        RsaSecurityKey? signing = null;
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.pem").Order(StringComparer.Ordinal))
        {
            var key = Load(path);
            keys.Add(key);
            if (Path.GetFileName(path) == SigningKeyFile)
            {
                signing = key;
            }
        }
        SigningKey = signing ?? throw new InvalidOperationException($"The JWT signing key {signingPath} could not be read.");
        ValidationKeys = keys.Select(k => (SecurityKey)PublicOnly(k)).ToList();
        Jwks = new JsonWebKeySet(keys.Select(ToJwk));
    }

    public string Directory { get; }

    /// <summary>The private key that signs new tokens, with its key id.</summary>
    public RsaSecurityKey SigningKey { get; }

    /// <summary>The public halves of every key, for validation (the handler never sees a private key).</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    /// <summary>What <c>/.well-known/jwks.json</c> publishes.</summary>
    public JsonWebKeySet Jwks { get; }

    public sealed record JsonWebKeySet(IEnumerable<JsonWebKeyEntry> Keys);

    /// <summary>An RSA public key as RFC 7517 writes it.</summary>
    public sealed record JsonWebKeyEntry(string Kty, string Use, string Alg, string Kid, string N, string E);

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }
        System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Generate(string path)
    {
        using var rsa = RSA.Create(KeySizeBits);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        // Written beside the target and moved into place, so a second server starting on the same volume either sees
        // no key or a whole one; whoever moves second keeps the first one's key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, options))
        {
            writer.Write(pem);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }

    private static RsaSecurityKey Load(string path)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Thumbprint(rsa.ExportParameters(false));
        return key;
    }

    private static RsaSecurityKey PublicOnly(RsaSecurityKey key) =>
        new(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId };

    private static JsonWebKeyEntry ToJwk(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(false);
        return new JsonWebKeyEntry("RSA", "sig", SecurityAlgorithms.RsaSha256, key.KeyId, Base64Url.EncodeToString(p.Modulus), Base64Url.EncodeToString(p.Exponent));
    }

    /// <summary>RFC 7638: SHA-256 over the canonical JSON of the required members, in lexical order.</summary>
    internal static string Thumbprint(RSAParameters p)
    {
        var json = $"{{\"e\":\"{Base64Url.EncodeToString(p.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.EncodeToString(p.Modulus)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}
