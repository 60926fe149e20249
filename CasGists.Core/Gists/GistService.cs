using CasGists.Core.Accounts;

namespace CasGists.Core.Gists;

/// <summary>
/// Creates, changes, reads and lists gists. Owns the EF queries and the git writes for a save,
/// so the UI, the API and git pushes share one validation path and one access rule.
/// </summary>
public sealed class GistService
{
    public Task<GistDetails> CreateAsync(Viewer viewer, CreateGistInput input, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task<GistDetails> UpdateAsync(Viewer viewer, string id, UpdateGistInput input, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task DeleteAsync(Viewer viewer, string id, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>Throws <see cref="Common.NotFoundException"/> when the gist is missing or the viewer may not see it.</summary>
    public Task<GistDetails> GetAsync(Viewer viewer, string id, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>Public gists of everyone.</summary>
    public Task<PagedResult<GistSummary>> ListPublicAsync(int page, int pageSize, GistSort sort = GistSort.Newest, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>A user's gists: public ones for others, all for the owner and admins.</summary>
    public Task<PagedResult<GistSummary>> ListForUserAsync(Viewer viewer, string userName, int page, int pageSize, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>A file's bytes at the head (revision null) or at a revision.</summary>
    public Task<RawFile> GetRawFileAsync(Viewer viewer, string id, string fileName, string? revision = null, CancellationToken ct = default) =>
        throw new NotImplementedException();
}
