using CasGists.Core.Accounts;

namespace CasGists.Core.Gists;

/// <summary>
/// The database half of a gist. Content and history live in the bare repository
/// <c>repos/&lt;owner-id&gt;/&lt;id&gt;.git</c>; <see cref="Files"/> is the index of its head revision.
/// </summary>
public sealed class Gist
{
    /// <summary>32 lowercase hex characters (128 random bits).</summary>
    public required string Id { get; set; }

    public Guid OwnerId { get; set; }
    public User Owner { get; set; } = null!;
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public GistVisibility Visibility { get; set; }

    /// <summary>The commit id the index below describes.</summary>
    public required string HeadRevision { get; set; }

    public int RevisionCount { get; set; }
    public int FileCount { get; set; }
    public long TotalSize { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<GistFile> Files { get; set; } = [];

    /// <summary>
    /// How many users starred the gist. Kept by database triggers on <c>gist_stars</c> (see
    /// <see cref="Social.StarCountSchema"/>), never written by C#: EF Core leaves it out of every insert and update,
    /// so a stale tracked value cannot overwrite the trigger's.
    /// </summary>
    public int StarCount { get; set; }

    /// <summary>The gist this one was forked from; null for an original, or once the source is deleted.</summary>
    public string? ForkedFromId { get; set; }

    public Gist? ForkedFrom { get; set; }
}
