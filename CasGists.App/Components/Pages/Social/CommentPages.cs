using CasGists.App.Components.Pages.Gists;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Social;

namespace CasGists.App.Components.Pages.Social;

internal static class CommentPages
{
    /// <summary>The comment, or null when the id is malformed or the comment or gist is not the viewer's to see.</summary>
    public static async Task<CommentView?> FindAsync(CommentService comments, Viewer viewer, string gistId, long commentId)
    {
        if (!GistRoute.IsGistId(gistId))
        {
            return null;
        }
        try
        {
            return await comments.GetAsync(viewer, gistId, commentId);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
