using System.ComponentModel.DataAnnotations;

namespace CasGists.Core.Accounts;

/// <summary>Section <c>Accounts</c>: registration, sessions and the cost of password hashing.</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Accounts";

    /// <summary>Whether visitors may sign up. The <c>user create</c> command works either way.</summary>
    public bool AllowRegistration { get; set; } = true;

    [Range(typeof(TimeSpan), "00:05:00", "3650.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Argon2id memory in KiB. OWASP's floor is 19 MiB with two passes (or 7 MiB with five).</summary>
    [Range(7168, 4 * 1024 * 1024)]
    public int Argon2MemoryKiB { get; set; } = 19456;

    [Range(1, 64)]
    public int Argon2Iterations { get; set; } = 2;

    [Range(1, 16)]
    public int Argon2Parallelism { get; set; } = 1;

    /// <summary>Hashes running at once; the rest queue, so a burst of sign-ins cannot take every core and all the memory.</summary>
    [Range(1, 256)]
    public int MaxConcurrentHashes { get; set; } = Environment.ProcessorCount;

    [Range(1, 4096)]
    public int MaxPasswordLength { get; set; } = 256;

    [Range(1, 4096)]
    public int MinPasswordLength { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinPasswordLength > MaxPasswordLength)
        {
            yield return new ValidationResult(
                "MinPasswordLength must not exceed MaxPasswordLength.",
                [nameof(MinPasswordLength), nameof(MaxPasswordLength)]);
        }
    }
}
