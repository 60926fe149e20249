namespace CasGists.Core.Gists;

/// <summary>Rebuilds the database's file index from the git repositories (the <c>reindex</c> command).</summary>
public sealed class GistIndexer
{
    /// <summary>Returns how many gists were reindexed.</summary>
    public Task<int> ReindexAllAsync(CancellationToken ct = default) => throw new NotImplementedException();
}
