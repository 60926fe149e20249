using System.Buffers.Binary;
using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;
using CasGists.Core.Social;
using Microsoft.AspNetCore.StaticFiles;

namespace CasGists.App.Api.V3;

/// <summary>CasGists' views in GitHub's shapes. The choices (title, visibility, ids) are in docs/decisions/ADR-011-github-api-mapping.md.</summary>
public sealed class V3Mapping(HttpRequest request)
{
    /// <summary>GitHub truncates a file's <c>content</c> past 1 MB in gist responses; the raw URL has it whole.</summary>
    public const int MaxContentBytes = 1024 * 1024;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly ApiUrls _urls = new(request);

    public string Api(string path) => _urls.Absolute("/api/v3" + path);

    /// <summary>
    /// GitHub user ids are numbers; ours are GUIDs. The first 48 bits make a stable id that JavaScript clients
    /// still hold exactly (below 2^53); a clash needs millions of users.
    /// </summary>
    public static long NumericId(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
    }

    public static string NodeId(string kind, string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{id}"));

    /// <summary>GitHub's secret gist is our unlisted one; private gists (which GitHub lacks) also read as not public.</summary>
    public static bool IsPublic(GistVisibility visibility) => visibility == GistVisibility.Public;

    /// <summary>GitHub has a description and no title: the description when there is one, else the title, so a titled gist does not read as blank.</summary>
    public static string Description(string title, string description) =>
        !string.IsNullOrWhiteSpace(description) ? description : title;

    public V3SimpleUser SimpleUser(Guid id, string login, bool siteAdmin = false) => new(
        login, NumericId(id), NodeId("User", login), "", "", Api($"/users/{ApiUrls.Escape(login)}"), _urls.User(login),
        Api($"/users/{ApiUrls.Escape(login)}/gists{{/gist_id}}"), Api($"/users/{ApiUrls.Escape(login)}/starred{{/owner}}{{/repo}}"),
        "User", siteAdmin);

    public V3User User(User user, int publicGists, int? privateGists) => new(
        user.UserName, NumericId(user.Id), NodeId("User", user.UserName), "", "", Api($"/users/{ApiUrls.Escape(user.UserName)}"),
        _urls.User(user.UserName), Api($"/users/{ApiUrls.Escape(user.UserName)}/gists{{/gist_id}}"),
        Api($"/users/{ApiUrls.Escape(user.UserName)}/starred{{/owner}}{{/repo}}"), "User", user.IsAdmin,
        user.DisplayName, null, "", null, privateGists is null ? null : user.Email, null, null, 0, publicGists, 0, 0,
        user.CreatedAt, user.UpdatedAt, privateGists);

    /// <summary>A gist; <paramref name="full"/> adds content, history and forks as <c>GET /gists/{id}</c> does.</summary>
    public V3Gist Gist(GistDetails gist, bool full, IReadOnlyList<GistRevision>? history = null, string? revision = null,
        IReadOnlyList<GistFileView>? files = null, IReadOnlyList<V3ForkEntry>? forks = null, bool asFork = false)
    {
        var owner = SimpleUser(gist.OwnerId, gist.OwnerUserName);
        var at = revision ?? gist.HeadRevision;
        var map = new Dictionary<string, V3File>(StringComparer.Ordinal);
        foreach (var file in files ?? gist.Files)
        {
            map[file.Name] = File(gist, at, file, full);
        }
        return new V3Gist(
            Api($"/gists/{gist.Id}"), Api($"/gists/{gist.Id}/forks"), Api($"/gists/{gist.Id}/commits"), gist.Id, NodeId("Gist", gist.Id),
            _urls.Git(gist.OwnerUserName, gist.Id), _urls.Git(gist.OwnerUserName, gist.Id), _urls.Gist(gist.OwnerUserName, gist.Id),
            map, IsPublic(gist.Visibility), gist.CreatedAt, gist.UpdatedAt, Description(gist.Title, gist.Description), gist.CommentCount,
            asFork ? owner : null, Api($"/gists/{gist.Id}/comments"), owner, false,
            full ? forks ?? [] : null,
            full ? (history ?? []).Select(r => History(gist, r, owner)).ToList() : null,
            gist.ForkedFrom is { } source ? new V3GistLink(source.Id, Api($"/gists/{source.Id}"), _urls.Gist(source.OwnerUserName, source.Id)) : null);
    }

    public V3ForkEntry Fork(GistDetails fork) =>
        new(fork.Id, Api($"/gists/{fork.Id}"), SimpleUser(fork.OwnerId, fork.OwnerUserName), fork.CreatedAt, fork.UpdatedAt);

    public V3Comment Comment(CommentView comment, V3SimpleUser author, Guid gistOwnerId, Guid authorId)
    {
        var association = authorId == gistOwnerId ? "OWNER" : "NONE";
        return new V3Comment(comment.Id, NodeId("GistComment", comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Api($"/gists/{comment.GistId}/comments/{comment.Id}"), comment.Body, author, association, comment.CreatedAt, comment.UpdatedAt);
    }

    public V3History History(GistDetails gist, GistRevision revision, V3SimpleUser owner) => new(
        owner, revision.Id, revision.Time,
        new V3ChangeStatus(revision.LinesAdded + revision.LinesDeleted, revision.LinesAdded, revision.LinesDeleted),
        Api($"/gists/{gist.Id}/{revision.Id}"));

    private V3File File(GistDetails gist, string revision, GistFileView file, bool withContent)
    {
        string? content = null;
        bool? truncated = null;
        if (withContent)
        {
            truncated = file.Size > MaxContentBytes;
            content = truncated.Value ? Truncate(file.Content) : file.Content;
        }
        return new V3File(file.Name, ContentTypes.TryGetContentType(file.Name, out var type) ? type : "text/plain",
            file.Language, _urls.Raw(gist.OwnerUserName, gist.Id, revision, file.Name), file.Size, truncated, content);
    }

    /// <summary>The longest prefix of whole characters within <see cref="MaxContentBytes"/> bytes of UTF-8.</summary>
    private static string Truncate(string content)
    {
        var bytes = 0;
        var i = 0;
        while (i < content.Length)
        {
            var width = char.IsHighSurrogate(content[i]) && i + 1 < content.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(content.AsSpan(i, width));
            if (bytes + size > MaxContentBytes)
            {
                break;
            }
            bytes += size;
            i += width;
        }
        return content[..i];
    }
}
