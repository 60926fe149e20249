using System.Text.Json.Serialization;

namespace CasGists.App.Api.V3;

/// <summary>GitHub's "simple user", as gists and commits carry it.</summary>
public sealed record V3SimpleUser(
    string Login,
    long Id,
    string NodeId,
    string AvatarUrl,
    string GravatarId,
    string Url,
    string HtmlUrl,
    string GistsUrl,
    string StarredUrl,
    string Type,
    bool SiteAdmin);

/// <summary><c>GET /users/{username}</c> and <c>GET /user</c> (which adds the private counts).</summary>
public sealed record V3User(
    string Login,
    long Id,
    string NodeId,
    string AvatarUrl,
    string GravatarId,
    string Url,
    string HtmlUrl,
    string GistsUrl,
    string StarredUrl,
    string Type,
    bool SiteAdmin,
    string? Name,
    string? Company,
    string Blog,
    string? Location,
    string? Email,
    bool? Hireable,
    string? Bio,
    int PublicRepos,
    int PublicGists,
    int Followers,
    int Following,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PrivateGists);

public sealed record V3File(
    string Filename,
    string Type,
    string? Language,
    string RawUrl,
    long Size,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Truncated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

public sealed record V3ChangeStatus(int Total, int Additions, int Deletions);

public sealed record V3History(V3SimpleUser User, string Version, DateTime CommittedAt, V3ChangeStatus ChangeStatus, string Url);

/// <summary>
/// A gist as GitHub sends it. Lists leave out <c>content</c>, <c>history</c> and <c>forks</c>, as GitHub does.
/// </summary>
public sealed record V3Gist(
    string Url,
    string ForksUrl,
    string CommitsUrl,
    string Id,
    string NodeId,
    string GitPullUrl,
    string GitPushUrl,
    string HtmlUrl,
    IReadOnlyDictionary<string, V3File> Files,
    bool Public,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Description,
    int Comments,
    object? User,
    string CommentsUrl,
    V3SimpleUser Owner,
    bool Truncated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<V3ForkEntry>? Forks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<V3History>? History,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] V3GistLink? ForkOf);

/// <summary>A fork as a full gist lists it.</summary>
public sealed record V3ForkEntry(string Id, string Url, V3SimpleUser User, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The gist a fork came from.</summary>
public sealed record V3GistLink(string Id, string Url, string HtmlUrl);

public sealed record V3Comment(
    long Id,
    string NodeId,
    string Url,
    string Body,
    V3SimpleUser User,
    string AuthorAssociation,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record V3CommentInput(string? Body);

/// <summary>One file in a create or update body. In an update, <c>null</c> or an object with neither field deletes the file.</summary>
public sealed record V3FileInput(string? Content, string? Filename);

public sealed record V3CreateGist(
    string? Description,
    bool? Public,
    [property: JsonConverter(typeof(LimitedFileMapConverter<V3FileInput>))] IReadOnlyList<KeyValuePair<string, V3FileInput?>>? Files);

public sealed record V3UpdateGist(
    string? Description,
    bool? Public,
    [property: JsonConverter(typeof(LimitedFileMapConverter<V3FileInput>))] IReadOnlyList<KeyValuePair<string, V3FileInput?>>? Files);

public sealed record V3ErrorItem(string Resource, string Field, string Code, string Message);

public sealed record V3Error(
    string Message,
    string DocumentationUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<V3ErrorItem>? Errors,
    string Status);
