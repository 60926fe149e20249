namespace CasGists.Core.Gists;

public sealed record GistFileView(string Name, string Language, long Size, string Content);

public sealed record GistDetails(
    string Id,
    Guid OwnerId,
    string OwnerUserName,
    string Title,
    string Description,
    GistVisibility Visibility,
    string HeadRevision,
    int RevisionCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<GistFileView> Files)
{
    /// <summary>The title, or the first file's name as GitHub shows untitled gists.</summary>
    public string DisplayTitle => !string.IsNullOrWhiteSpace(Title) ? Title : Files.Count > 0 ? Files[0].Name : Id;

    public int StarCount { get; init; }

    /// <summary>Forks listed to the viewer (see <c>ForkService.ListForksAsync</c>).</summary>
    public int ForkCount { get; init; }

    public int CommentCount { get; init; }

    /// <summary>The source of a fork; null for an original, when the source is gone, or when the viewer may not read it.</summary>
    public GistReference? ForkedFrom { get; init; }
}

/// <summary>Enough of another gist to link to it.</summary>
public sealed record GistReference(string Id, string OwnerUserName, string DisplayTitle);

/// <summary>A card on the home page or a profile.</summary>
public sealed record GistSummary(
    string Id,
    string OwnerUserName,
    string Title,
    string Description,
    GistVisibility Visibility,
    int FileCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? FirstFileName,
    string? FirstFileLanguage,
    string? FirstFilePreview)
{
    public string DisplayTitle => !string.IsNullOrWhiteSpace(Title) ? Title : FirstFileName ?? Id;

    public int StarCount { get; init; }

    /// <summary>Forks listed to anyone (see <c>ForkService.ListForksAsync</c>).</summary>
    public int ForkCount { get; init; }

    public int CommentCount { get; init; }
}

public enum GistSort
{
    Newest,
    RecentlyUpdated,
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => PageSize <= 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;
}

/// <summary>A file's bytes as stored in git, for the raw endpoint.</summary>
public sealed record RawFile(string Name, byte[] Content, string Revision);

/// <summary>A gist's owner and visibility: enough to decide access without loading it.</summary>
public sealed record GistOwnership(string Id, Guid OwnerId, string OwnerUserName, GistVisibility Visibility);
