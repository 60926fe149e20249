using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Social;

/// <summary>A user's star on a gist: at most one per pair, so starring is idempotent by construction.</summary>
public sealed class Star
{
    public required string GistId { get; set; }
    public Gist Gist { get; set; } = null!;
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
}

internal sealed class StarConfiguration : IEntityTypeConfiguration<Star>
{
    public void Configure(EntityTypeBuilder<Star> e)
    {
        e.ToTable("gist_stars");
        e.HasKey(s => new { s.GistId, s.UserId });
        e.Property(s => s.GistId).HasMaxLength(32);
        // A deleted gist or user takes its stars along.
        e.HasOne(s => s.Gist).WithMany().HasForeignKey(s => s.GistId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // "Your stars", newest first.
        e.HasIndex(s => new { s.UserId, s.CreatedAt });
    }
}

/// <summary>The stored star count on gists (<see cref="Gist.StarCount"/>): mapped here, beside the stars that move it.</summary>
internal sealed class GistStarCountConfiguration : IEntityTypeConfiguration<Gist>
{
    public void Configure(EntityTypeBuilder<Gist> e)
    {
        // The triggers own the column: inserts take the column's default (0), updates never name it.
        var starCount = e.Property(g => g.StarCount).HasDefaultValue(0).ValueGeneratedNever();
        starCount.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        starCount.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        // sort:stars and "most starred" lists walk this index from the top instead of counting stars per gist.
        e.HasIndex(g => new { g.StarCount, g.UpdatedAt, g.Id }).IsDescending(true, true, true).HasDatabaseName("ix_gists_stars");
    }
}
