using System.ComponentModel.DataAnnotations;

namespace CasGists.Core.Accounts;

/// <summary>Section <c>Accounts</c>: registration, sessions, throttling and the cost of password hashing.</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Accounts";

    /// <summary>Whether visitors may sign up. The <c>user create</c> command works either way.</summary>
    public bool AllowRegistration { get; set; } = true;

    /// <summary>A session unused for this long ends (checked on every request and by open circuits).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "3650.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A session ends this long after sign-in however busy it is.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "3650.00:00:00")]
    public TimeSpan SessionAbsoluteTimeout { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Failed sign-ins (password or second step) allowed per account within <see cref="ThrottleWindow"/>.</summary>
    [Range(1, 10000)]
    public int FailuresPerAccount { get; set; } = 10;

    /// <summary>Failed sign-ins allowed per client IP within <see cref="ThrottleWindow"/>, across all accounts.</summary>
    [Range(1, 100000)]
    public int FailuresPerIp { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the second sign-in step (the 2FA code) may wait after the password was right.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan SecondFactorTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan PasswordResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The issuer shown in authenticator apps next to the user name.</summary>
    [Required, StringLength(64)]
    public string TwoFactorIssuer { get; set; } = "CasGists";

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

    /// <summary>ASVS asks that at least 64 characters be allowed; longer ones are refused before hashing.</summary>
    [Range(64, 4096)]
    public int MaxPasswordLength { get; set; } = 128;

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
        if (SessionIdleTimeout > SessionAbsoluteTimeout)
        {
            yield return new ValidationResult(
                "SessionIdleTimeout must not exceed SessionAbsoluteTimeout.",
                [nameof(SessionIdleTimeout), nameof(SessionAbsoluteTimeout)]);
        }
    }
}
