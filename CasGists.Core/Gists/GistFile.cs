namespace CasGists.Core.Gists;

/// <summary>One file of a gist's head revision, as indexed from the repository.</summary>
public sealed class GistFile
{
    public long Id { get; set; }
    public required string GistId { get; set; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    public long Size { get; set; }
    public required string Content { get; set; }

    /// <summary>Order of the file in the gist: by name, ignoring case, as GitHub shows them.</summary>
    public int Position { get; set; }
}
