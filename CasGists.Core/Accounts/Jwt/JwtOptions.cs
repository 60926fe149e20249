using System.ComponentModel.DataAnnotations;

namespace CasGists.Core.Accounts.Jwt;

/// <summary>Section <c>Jwt</c>: who issues the access tokens, for whom, and how long they and their refresh tokens live.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>The <c>iss</c> claim of every access token; validation requires exactly this value.</summary>
    [Required, MinLength(1), MaxLength(200)]
    public string Issuer { get; set; } = "casgists";

    /// <summary>The <c>aud</c> claim every access token carries and every request must present.</summary>
    [Required, MinLength(1), MaxLength(200)]
    public string Audience { get; set; } = "casgists-api";

    /// <summary>Short: an access token cannot be revoked before it expires (a disabled user or a new password still ends it).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an unused refresh token stays valid; each refresh issues a new one with a fresh lifetime.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
