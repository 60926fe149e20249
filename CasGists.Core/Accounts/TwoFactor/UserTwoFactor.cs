using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Accounts.TwoFactor;

/// <summary>
/// A user's TOTP authenticator. A row with no <see cref="EnabledAt"/> is an enrolment waiting for its first code.
/// The secret is stored protected (Data Protection), never in the clear.
/// </summary>
public sealed class UserTwoFactor
{
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public required string ProtectedSecret { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EnabledAt { get; set; }

    /// <summary>The last TOTP time step accepted; a code for this step or an earlier one is a replay.</summary>
    public long LastUsedStep { get; set; }
}

/// <summary>One of the single-use codes that stand in for the authenticator. Only a salted SHA-256 is stored.</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

internal sealed class UserTwoFactorConfiguration : IEntityTypeConfiguration<UserTwoFactor>
{
    public void Configure(EntityTypeBuilder<UserTwoFactor> e)
    {
        e.ToTable("user_two_factor");
        e.HasKey(t => t.UserId);
        e.Property(t => t.ProtectedSecret).HasMaxLength(1024);
        e.HasOne(t => t.User).WithOne().HasForeignKey<UserTwoFactor>(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> e)
    {
        e.ToTable("recovery_codes");
        e.Property(c => c.CodeHash).HasMaxLength(64);
        e.HasIndex(c => c.UserId);
        e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
