namespace CasGists.Core.Gists.Revisions;

public enum FileChangeKind
{
    Added,
    Modified,
    Deleted,
    Renamed,
}

public enum DiffLineKind
{
    Context,
    Added,
    Deleted,

    /// <summary>An <c>@@ -a,b +c,d @@</c> line; its text is the whole header.</summary>
    Hunk,

    /// <summary>git's "\ No newline at end of file" after the line it refers to.</summary>
    NoNewline,
}

/// <summary>One line of a unified diff, with its numbers in the old and the new file (null where it has none).</summary>
public sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);

/// <summary>
/// What one revision did to one file. <see cref="Lines"/> is empty when the diff is binary or
/// <see cref="IsCollapsed"/> (too large to show; the counts are still right).
/// </summary>
public sealed record FileChange(
    string Name,
    string? OldName,
    FileChangeKind Kind,
    int LinesAdded,
    int LinesDeleted,
    bool IsBinary,
    bool IsCollapsed,
    IReadOnlyList<DiffLine> Lines);

/// <summary>A commit of a gist with what it changed against its parent (the first revision: against nothing).</summary>
public sealed record GistRevision(string Id, string AuthorName, DateTime Time, IReadOnlyList<FileChange> Changes)
{
    public string ShortId => Id[..7];
    public int LinesAdded => Changes.Sum(c => c.LinesAdded);
    public int LinesDeleted => Changes.Sum(c => c.LinesDeleted);
}

/// <summary>A page of a gist's history, newest first, and the gist it belongs to (at its head).</summary>
public sealed record GistHistory(GistDetails Gist, PagedResult<GistRevision> Revisions);

/// <summary>
/// The files of a gist as they were at one revision. <see cref="Gist"/> is the gist now (title,
/// owner and visibility live outside git); <see cref="Files"/> are the files then.
/// </summary>
public sealed record GistAtRevision(GistDetails Gist, string Revision, string AuthorName, DateTime Time, IReadOnlyList<GistFileView> Files)
{
    public string ShortRevision => Revision[..7];
    public bool IsHead => string.Equals(Revision, Gist.HeadRevision, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A gist's files at a revision as git stores them (bytes), for downloads.</summary>
public sealed record GistSnapshot(GistDetails Gist, string Revision, DateTime Time, IReadOnlyList<GitFile> Files)
{
    public string ShortRevision => Revision[..7];
}
