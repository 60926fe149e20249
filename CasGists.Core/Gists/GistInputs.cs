namespace CasGists.Core.Gists;

/// <summary>One file as the author sends it: a name and its full text.</summary>
public sealed record GistFileInput(string Name, string Content);

/// <summary>What the New page, the API and (later) a push all build to create a gist.</summary>
public sealed record CreateGistInput(
    string? Title,
    string? Description,
    GistVisibility Visibility,
    IReadOnlyList<GistFileInput> Files,
    IReadOnlyList<string>? Topics = null);

/// <summary>
/// The whole new state of a gist: files not listed are removed, a file under a new name is a rename.
/// <see cref="BaseRevision"/>, when given, must still be the head, or the save is a conflict.
/// <see cref="Topics"/> null leaves the topics as they are; an empty list removes them.
/// </summary>
public sealed record UpdateGistInput(
    string? Title,
    string? Description,
    GistVisibility Visibility,
    IReadOnlyList<GistFileInput> Files,
    string? BaseRevision = null,
    IReadOnlyList<string>? Topics = null);
