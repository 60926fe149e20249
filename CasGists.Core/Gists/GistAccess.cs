using CasGists.Core.Accounts;

namespace CasGists.Core.Gists;

/// <summary>
/// The one access rule for gists: pages, API, raw, search, embed and git all ask here.
/// Private gists: owner and admins. Public and unlisted: anyone can read; only the owner writes.
/// </summary>
public static class GistAccess
{
    public static bool CanRead(Viewer viewer, Guid ownerId, GistVisibility visibility) =>
        visibility != GistVisibility.Private || viewer.IsAdmin || viewer.UserId == ownerId;

    public static bool CanWrite(Viewer viewer, Guid ownerId) =>
        viewer.UserId == ownerId;

    public static bool CanDelete(Viewer viewer, Guid ownerId) =>
        viewer.UserId == ownerId || viewer.IsAdmin;

    /// <summary>Whether a listing of <paramref name="ownerId"/>'s gists may show this visibility to the viewer.</summary>
    public static bool CanList(Viewer viewer, Guid ownerId, GistVisibility visibility) =>
        visibility == GistVisibility.Public || viewer.IsAdmin || viewer.UserId == ownerId;
}
