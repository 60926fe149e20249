using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;
using CasGists.Core.Social;

namespace CasGists.App.Api.V3;

/// <summary>Builds GitHub's gist objects from several Core reads: a gist with its history and forks, and lists of gists with every file.</summary>
public sealed class V3GistReader(GistService gists, GistHistoryService history, ForkService forks)
{
    /// <summary>How many revisions a single gist carries in <c>history</c>; <c>/commits</c> pages through all of them.</summary>
    public const int HistoryInGist = 10;

    /// <summary>How many forks a single gist lists; <c>/forks</c> pages through all of them.</summary>
    public const int ForksInGist = 10;

    /// <summary>The gist as <c>GET /gists/{id}</c> answers, or at a revision (files then, history and forks now).</summary>
    public async Task<V3Gist> FullAsync(HttpContext http, Viewer viewer, string id, CancellationToken ct, GistAtRevision? at = null)
    {
        var result = await history.GetHistoryAsync(viewer, id, 1, HistoryInGist, ct);
        var forkPage = await forks.ListForksAsync(viewer, id, 1, ForksInGist, ct);
        var map = new V3Mapping(http.Request);
        var forkEntries = new List<V3ForkEntry>();
        foreach (var fork in forkPage.Items)
        {
            if (await TryGetAsync(gists, viewer, fork.Id, ct) is { } details)
            {
                forkEntries.Add(map.Fork(details));
            }
        }
        return map.Gist(at?.Gist ?? result.Gist, full: true, result.Revisions.Items, at?.Revision, at?.Files, forkEntries);
    }

    /// <summary>GitHub lists each gist with all its files (without content); a summary has only the first, so each is read.</summary>
    public static async Task<List<V3Gist>> ListAsync(HttpContext http, GistService gists, Viewer viewer, IEnumerable<GistSummary> items,
        bool asForks, CancellationToken ct)
    {
        var map = new V3Mapping(http.Request);
        var list = new List<V3Gist>();
        foreach (var summary in items)
        {
            if (await TryGetAsync(gists, viewer, summary.Id, ct) is { } details)
            {
                list.Add(map.Gist(details, full: false, asFork: asForks));
            }
        }
        return list;
    }

    private static async Task<GistDetails?> TryGetAsync(GistService gists, Viewer viewer, string id, CancellationToken ct)
    {
        try
        {
            return await gists.GetAsync(viewer, id, ct);
        }
        catch (NotFoundException)
        {
            return null; // deleted since the list was read
        }
    }
}
