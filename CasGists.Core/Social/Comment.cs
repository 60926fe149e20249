using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasGists.Core.Social;

/// <summary>A comment on a gist. <see cref="Body"/> is the Markdown as typed; it is rendered and sanitised on the way out.</summary>
public sealed class Comment
{
    public long Id { get; set; }
    public required string GistId { get; set; }
    public Gist Gist { get; set; } = null!;
    public Guid AuthorId { get; set; }
    public User Author { get; set; } = null!;
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> e)
    {
        e.ToTable("gist_comments");
        e.Property(c => c.GistId).HasMaxLength(32);
        e.HasOne(c => c.Gist).WithMany().HasForeignKey(c => c.GistId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
        // A gist's comments in order of writing.
        e.HasIndex(c => new { c.GistId, c.Id });
        e.HasIndex(c => c.AuthorId);
    }
}
