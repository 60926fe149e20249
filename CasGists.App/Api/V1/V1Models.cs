using System.Text.Json.Serialization;

namespace CasGists.App.Api.V1;

/// <summary>One file to create: its name and full text.</summary>
public sealed record FileRequest(string? Name, string? Content);

/// <summary>
/// A new gist. <c>visibility</c> is public, unlisted (the default) or private. <c>topics</c> are trimmed and
/// lower-cased; each is <c>a-z</c>, <c>0-9</c> and <c>-</c>, 1 to 35 characters, at most 20 per gist.
/// </summary>
public sealed record CreateGistRequest(
    string? Title,
    string? Description,
    string? Visibility,
    [property: JsonConverter(typeof(LimitedListConverter<FileRequest>))] IReadOnlyList<FileRequest>? Files,
    [property: JsonConverter(typeof(TopicListConverter))] IReadOnlyList<string>? Topics = null);

/// <summary>
/// A change to one file: <c>name</c> names it (an unknown name with <c>content</c> adds a file), <c>content</c>
/// replaces its text, <c>newName</c> renames it, <c>delete: true</c> removes it.
/// </summary>
public sealed record FileEditRequest(string? Name, string? NewName, string? Content, bool Delete = false);

/// <summary>
/// A partial update: fields left out keep their value, files left out stay as they are. With <c>baseRevision</c>
/// the update is refused with 409 if the gist has moved on from that revision since the client read it.
/// <c>topics</c> replaces the gist's topics: left out (or null) keeps them, <c>[]</c> removes them all.
/// </summary>
public sealed record UpdateGistRequest(
    string? Title,
    string? Description,
    string? Visibility,
    [property: JsonConverter(typeof(LimitedListConverter<FileEditRequest>))] IReadOnlyList<FileEditRequest>? Files,
    string? BaseRevision,
    [property: JsonConverter(typeof(TopicListConverter))] IReadOnlyList<string>? Topics = null);

public sealed record GistFileResponse(string Name, string Language, long Size, string Content, string RawUrl);

public sealed record GistResponse(
    string Id,
    string Owner,
    string Title,
    string Description,
    string Visibility,
    string Revision,
    int RevisionCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Url,
    string HtmlUrl,
    string GitUrl,
    int StarCount,
    int ForkCount,
    int CommentCount,
    GistLinkResponse? ForkedFrom,
    IReadOnlyList<string> Topics,
    IReadOnlyList<GistFileResponse> Files);

/// <summary>Another gist, enough to link to it (the source of a fork).</summary>
public sealed record GistLinkResponse(string Id, string Owner, string Title, string Url, string HtmlUrl);

/// <summary>A gist in a listing: what a card shows, without whole files (GET the gist for those).</summary>
public sealed record GistSummaryResponse(
    string Id,
    string Owner,
    string Title,
    string Description,
    string Visibility,
    int FileCount,
    string? FirstFileName,
    string? FirstFileLanguage,
    int StarCount,
    int ForkCount,
    int CommentCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<string> Topics,
    string Url,
    string HtmlUrl);

public sealed record RevisionFileResponse(string Name, string? OldName, string Change, int Additions, int Deletions);

public sealed record RevisionResponse(
    string Revision,
    string Author,
    DateTime CommittedAt,
    int Additions,
    int Deletions,
    IReadOnlyList<RevisionFileResponse> Files,
    string Url);

/// <summary>A gist's files as they were at a revision; title, description, visibility and topics are today's (they live outside git).</summary>
public sealed record GistAtRevisionResponse(
    string Id,
    string Owner,
    string Title,
    string Description,
    string Visibility,
    string Revision,
    bool IsHead,
    IReadOnlyList<string> Topics,
    string Author,
    DateTime CommittedAt,
    string Url,
    string HtmlUrl,
    IReadOnlyList<GistFileResponse> Files);

public sealed record UserResponse(string UserName, string? DisplayName, DateTime CreatedAt, int PublicGists, string Url, string HtmlUrl);

/// <summary>The signed-in user, with what only they may see.</summary>
public sealed record CurrentUserResponse(
    string UserName,
    string? DisplayName,
    string Email,
    bool IsAdmin,
    DateTime CreatedAt,
    int PublicGists,
    IReadOnlyList<string>? Scopes,
    string Url,
    string HtmlUrl);

/// <summary>A comment: <c>body</c> is the Markdown as written, <c>html</c> it rendered and sanitised.</summary>
public sealed record CommentResponse(
    long Id,
    string Author,
    string Body,
    string Html,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool CanEdit,
    bool CanDelete,
    string Url);

public sealed record CommentRequest(string? Body);

public sealed record StarResponse(bool Starred);
