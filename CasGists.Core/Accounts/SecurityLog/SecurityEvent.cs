using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Accounts.SecurityLog;

/// <summary>
/// One entry of the security log. <see cref="UserId"/> is null for a failed sign-in with an unknown name; that
/// name is kept in <see cref="UserName"/> so admins can see what was tried, without linking it to anyone.
/// </summary>
public sealed class SecurityEvent
{
    public Guid Id { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Kind { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? Detail { get; set; }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public const int MaxDetailLength = 500;
    public const int MaxUserNameLength = 254;

    public void Configure(EntityTypeBuilder<SecurityEvent> e)
    {
        e.ToTable("security_events");
        e.Property(s => s.Kind).HasMaxLength(40);
        e.Property(s => s.UserName).HasMaxLength(MaxUserNameLength);
        e.Property(s => s.IpAddress).HasMaxLength(45);
        e.Property(s => s.UserAgent).HasMaxLength(512);
        e.Property(s => s.Detail).HasMaxLength(MaxDetailLength);
        e.HasIndex(s => new { s.UserId, s.OccurredAt });
        e.HasIndex(s => s.OccurredAt);
        // The log outlives the account: deleting a user keeps what happened, unlinked.
        e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
