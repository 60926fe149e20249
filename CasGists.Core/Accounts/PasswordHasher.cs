using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Common;
using Konscious.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts;

public enum PasswordVerification
{
    Failed,
    Success,

    /// <summary>The password is right, but the stored hash is weaker than the configured parameters.</summary>
    SuccessRehashNeeded,
}

/// <summary>
/// Argon2id hashes in the PHC string format (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>), so the
/// parameters travel with each hash and can be raised later without breaking older ones.
/// </summary>
public sealed class PasswordHasher(IOptions<AccountOptions> options) : IDisposable
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int Version = 0x13;

    private readonly AccountOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(options.Value.MaxConcurrentHashes, options.Value.MaxConcurrentHashes);
    private readonly Lazy<Task<string>> _dummyHash = new(() => HashCoreAsync(options.Value, "casgists-dummy-password"));
    private int _active;
    private int _peak;
    private int _computed;

    /// <summary>Hashes running now, the most ever seen at once, and how many were computed (for tests and metrics).</summary>
    internal int ActiveHashes => Volatile.Read(ref _active);
    internal int PeakActiveHashes => Volatile.Read(ref _peak);
    internal int HashesComputed => Volatile.Read(ref _computed);

    /// <summary>Runs inside the concurrency bound, before each hash; lets a test hold a hash in flight.</summary>
    internal Func<Task>? OnHashingForTesting { get; set; }

    /// <summary>Throws a <c>password</c> validation error, without hashing, when the password is longer than allowed.</summary>
    public async Task<string> HashAsync(string password, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length > _options.MaxPasswordLength)
        {
            throw new ValidationException("password", $"Password must be at most {_options.MaxPasswordLength} characters.");
        }
        return await GatedAsync(() => HashCoreAsync(_options, password), ct);
    }

    public async Task<PasswordVerification> VerifyAsync(string password, string encoded, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length > _options.MaxPasswordLength || !PhcHash.TryParse(encoded, out var stored))
        {
            return PasswordVerification.Failed;
        }

        var actual = await GatedAsync(() => ComputeAsync(password, stored.Salt, stored.MemoryKiB, stored.Iterations, stored.Parallelism, stored.Hash.Length), ct);
        if (!CryptographicOperations.FixedTimeEquals(actual, stored.Hash))
        {
            return PasswordVerification.Failed;
        }
        return IsWeakerThanConfigured(stored) ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
    }

    /// <summary>
    /// Spends the same work as a real verification against nothing, so a sign-in for an unknown
    /// account takes as long as one with a wrong password.
    /// </summary>
    public async Task VerifyDummyAsync(string password, CancellationToken ct = default) =>
        await VerifyAsync(password.Length > _options.MaxPasswordLength ? "" : password, await _dummyHash.Value, ct);

    public bool IsWeakerThanConfigured(string encoded) => !PhcHash.TryParse(encoded, out var stored) || IsWeakerThanConfigured(stored);

    private bool IsWeakerThanConfigured(PhcHash stored) =>
        stored.MemoryKiB < _options.Argon2MemoryKiB ||
        stored.Iterations < _options.Argon2Iterations ||
        stored.Parallelism < _options.Argon2Parallelism ||
        stored.Salt.Length < SaltBytes ||
        stored.Hash.Length < HashBytes;

    private async Task<T> GatedAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var active = Interlocked.Increment(ref _active);
            for (var peak = Volatile.Read(ref _peak); active > peak; peak = Volatile.Read(ref _peak))
            {
                if (Interlocked.CompareExchange(ref _peak, active, peak) == peak)
                {
                    break;
                }
            }
            if (OnHashingForTesting is { } hook)
            {
                await hook();
            }
            Interlocked.Increment(ref _computed);
            return await work();
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _gate.Release();
        }
    }

    private static async Task<string> HashCoreAsync(AccountOptions o, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = await ComputeAsync(password, salt, o.Argon2MemoryKiB, o.Argon2Iterations, o.Argon2Parallelism, HashBytes);
        return new PhcHash(o.Argon2MemoryKiB, o.Argon2Iterations, o.Argon2Parallelism, salt, hash).ToString();
    }

    private static Task<byte[]> ComputeAsync(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) =>
        // Argon2 is pure CPU and memory work: keep it off the request thread.
        Task.Run(() =>
        {
            var bytes = Encoding.UTF8.GetBytes(password);
            try
            {
                using var argon = new Argon2id(bytes)
                {
                    Salt = salt,
                    MemorySize = memoryKiB,
                    Iterations = iterations,
                    DegreeOfParallelism = parallelism,
                };
                return argon.GetBytes(length);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        });

    public void Dispose() => _gate.Dispose();

    private sealed record PhcHash(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture,
                $"$argon2id$v={Version}$m={MemoryKiB},t={Iterations},p={Parallelism}${ToB64(Salt)}${ToB64(Hash)}");

        public static bool TryParse(string? encoded, out PhcHash hash)
        {
            hash = null!;
            var parts = encoded?.Split('$');
            if (parts is not ["", "argon2id", var version, var parameters, var salt, var digest] || version != $"v={Version}")
            {
                return false;
            }

            int m = 0, t = 0, p = 0;
            foreach (var pair in parameters.Split(','))
            {
                var kv = pair.Split('=', 2);
                if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return false;
                }
                switch (kv[0])
                {
                    case "m": m = value; break;
                    case "t": t = value; break;
                    case "p": p = value; break;
                    default: return false;
                }
            }
            // Bounds keep a corrupted row from asking for gigabytes or hours.
            if (m is < 8 or > 4 * 1024 * 1024 || t is < 1 or > 64 || p is < 1 or > 16 || m < 8 * p ||
                !TryFromB64(salt, out var saltBytes) || saltBytes.Length < 8 ||
                !TryFromB64(digest, out var hashBytes) || hashBytes.Length is < 16 or > 64)
            {
                return false;
            }
            hash = new PhcHash(m, t, p, saltBytes, hashBytes);
            return true;
        }

        // PHC strings use standard base64 without padding.
        private static string ToB64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

        private static bool TryFromB64(string text, out byte[] bytes)
        {
            bytes = [];
            if (text.Length == 0 || text.Contains('='))
            {
                return false;
            }
            var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            var buffer = new byte[padded.Length * 3 / 4];
            if (!Convert.TryFromBase64String(padded, buffer, out var written))
            {
                return false;
            }
            bytes = buffer[..written];
            return true;
        }
    }
}
