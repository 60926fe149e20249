using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Social;

/// <summary>The fork link on gists: mapped here, beside the feature that owns it.</summary>
internal sealed class GistForkConfiguration : IEntityTypeConfiguration<Gist>
{
    public void Configure(EntityTypeBuilder<Gist> e)
    {
        e.Property(g => g.ForkedFromId).HasMaxLength(32);
        // Deleting a source leaves its forks standing, as on GitHub; they just stop naming it.
        e.HasOne(g => g.ForkedFrom).WithMany().HasForeignKey(g => g.ForkedFromId).OnDelete(DeleteBehavior.SetNull);
        // One fork per user and source (NULLs are distinct in both databases, so forks of deleted sources never clash).
        e.HasIndex(g => new { g.ForkedFromId, g.OwnerId }).IsUnique();
    }
}
