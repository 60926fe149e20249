using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Topics;

/// <summary>One topic on one gist (<c>gist_topics</c>); a gist's topics are the rows with its id.</summary>
public sealed class GistTopic
{
    public required string GistId { get; set; }

    /// <summary>Already normalised by <see cref="TopicRules"/>: lower case, <c>a-z0-9-</c>.</summary>
    public required string Topic { get; set; }
}

public sealed class GistTopicConfiguration : IEntityTypeConfiguration<GistTopic>
{
    public void Configure(EntityTypeBuilder<GistTopic> e)
    {
        e.ToTable("gist_topics");
        e.HasKey(t => new { t.GistId, t.Topic });
        e.Property(t => t.GistId).HasMaxLength(32);
        e.Property(t => t.Topic).HasMaxLength(TopicRules.MaxLength);
        // Topic pages and topic: filters look gists up by topic.
        e.HasIndex(t => t.Topic);
        e.HasOne<Gist>().WithMany().HasForeignKey(t => t.GistId).OnDelete(DeleteBehavior.Cascade);
    }
}
