using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Accounts.Jwt;

/// <summary>
/// One refresh token of a JWT sign-in. Every refresh replaces the token by a new one of the same family; presenting
/// a token that was already replaced means it leaked (or its holder is replaying it), so the whole family is revoked.
/// Only the SHA-256 of the 256-bit secret is stored.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;

    /// <summary>Shared by every token descended from one sign-in.</summary>
    public Guid FamilyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The scopes the sign-in asked for, as <c>TokenScopes.ToString</c> writes them; every access token of the family carries them.</summary>
    public required string Scopes { get; set; }

    /// <summary>The user's security stamp at sign-in: a password change (new stamp) ends the family.</summary>
    public required string SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>When this token was exchanged for its successor; a second exchange is a reuse.</summary>
    public DateTime? UsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> e)
    {
        e.ToTable("refresh_tokens");
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.Property(t => t.Scopes).HasMaxLength(200);
        e.Property(t => t.SecurityStamp).HasMaxLength(64);
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.FamilyId);
        e.HasIndex(t => t.UserId);
        e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
