using System.Text.Json;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;
using CasGists.Core.Social;

namespace CasGists.App.Api.V1;

/// <summary>Core's views to the v1 wire shapes (camelCase JSON, visibility as a word).</summary>
public static class V1Mapping
{
    /// <summary>The web defaults, which are also what the OpenAPI document describes.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Name(GistVisibility visibility) => visibility switch
    {
        GistVisibility.Public => "public",
        GistVisibility.Unlisted => "unlisted",
        _ => "private",
    };

    public static GistVisibility ParseVisibility(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "public" => GistVisibility.Public,
        "unlisted" => GistVisibility.Unlisted,
        "private" => GistVisibility.Private,
        _ => throw new ValidationException("visibility", "Visibility must be public, unlisted or private."),
    };

    public static GistResponse ToResponse(GistDetails gist, ApiUrls urls) => new(
        gist.Id, gist.OwnerUserName, gist.Title, gist.Description, Name(gist.Visibility), gist.HeadRevision, gist.RevisionCount,
        gist.CreatedAt, gist.UpdatedAt, urls.Absolute($"/api/v1/gists/{gist.Id}"), urls.Gist(gist.OwnerUserName, gist.Id),
        urls.Git(gist.OwnerUserName, gist.Id), gist.StarCount, gist.ForkCount, gist.CommentCount,
        gist.ForkedFrom is { } source
            ? new GistLinkResponse(source.Id, source.OwnerUserName, source.DisplayTitle, urls.Absolute($"/api/v1/gists/{source.Id}"), urls.Gist(source.OwnerUserName, source.Id))
            : null,
        gist.Topics,
        gist.Files.Select(f => ToResponse(f, gist.OwnerUserName, gist.Id, gist.HeadRevision, urls)).ToList());

    public static GistSummaryResponse ToResponse(GistSummary gist, ApiUrls urls) => new(
        gist.Id, gist.OwnerUserName, gist.Title, gist.Description, Name(gist.Visibility), gist.FileCount, gist.FirstFileName,
        gist.FirstFileLanguage, gist.StarCount, gist.ForkCount, gist.CommentCount, gist.CreatedAt, gist.UpdatedAt, gist.Topics, urls.Absolute($"/api/v1/gists/{gist.Id}"), urls.Gist(gist.OwnerUserName, gist.Id));

    public static RevisionResponse ToResponse(GistRevision revision, string gistId, ApiUrls urls) => new(
        revision.Id, revision.AuthorName, revision.Time, revision.LinesAdded, revision.LinesDeleted,
        revision.Changes.Select(c => new RevisionFileResponse(c.Name, c.OldName, c.Kind.ToString().ToLowerInvariant(), c.LinesAdded, c.LinesDeleted)).ToList(),
        urls.Absolute($"/api/v1/gists/{gistId}/revisions/{revision.Id}"));

    public static GistAtRevisionResponse ToResponse(GistAtRevision at, ApiUrls urls) => new(
        at.Gist.Id, at.Gist.OwnerUserName, at.Gist.Title, at.Gist.Description, Name(at.Gist.Visibility), at.Revision, at.IsHead, at.Gist.Topics,
        at.AuthorName, at.Time, urls.Absolute($"/api/v1/gists/{at.Gist.Id}/revisions/{at.Revision}"),
        urls.Absolute($"/{ApiUrls.Escape(at.Gist.OwnerUserName)}/{at.Gist.Id}/{at.Revision}"),
        at.Files.Select(f => ToResponse(f, at.Gist.OwnerUserName, at.Gist.Id, at.Revision, urls)).ToList());

    public static CommentResponse ToResponse(CommentView comment, ApiUrls urls) => new(
        comment.Id, comment.AuthorUserName, comment.Body, comment.Html, comment.CreatedAt, comment.UpdatedAt, comment.CanEdit,
        comment.CanDelete, urls.Absolute($"/api/v1/gists/{comment.GistId}/comments/{comment.Id}"));

    private static GistFileResponse ToResponse(GistFileView file, string owner, string id, string revision, ApiUrls urls) =>
        new(file.Name, file.Language, file.Size, file.Content, urls.Raw(owner, id, revision, file.Name));
}
