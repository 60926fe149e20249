namespace CasGists.Core.Accounts.Tokens;

/// <summary>
/// A personal access token for the API and git. Only the SHA-256 of the secret is stored: the secret has
/// 256 random bits, so a fast hash is enough and lets a request find its token by an indexed equality.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Name { get; set; }

    /// <summary>Comma-separated scopes, as <see cref="TokenScopes.ToString"/> writes them.</summary>
    public required string Scopes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the secret (<c>cgp_</c> and 8 more), so the owner can tell tokens apart; not enough to guess the rest.</summary>
    public required string DisplayPrefix { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
