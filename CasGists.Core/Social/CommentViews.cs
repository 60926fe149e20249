namespace CasGists.Core.Social;

/// <summary>
/// A comment as every surface shows it. <see cref="Body"/> is the Markdown as typed; <see cref="Html"/> is it
/// rendered and sanitised. <see cref="CanEdit"/> and <see cref="CanDelete"/> are for the viewer who asked.
/// </summary>
public sealed record CommentView(
    long Id,
    string GistId,
    string AuthorUserName,
    string Body,
    string Html,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool CanEdit,
    bool CanDelete)
{
    public bool IsEdited => UpdatedAt > CreatedAt;
}
