using Microsoft.Extensions.Logging;

namespace CasGists.Core.Gists;

public enum GistChangeKind
{
    Created,
    Updated,
    Deleted,

    /// <summary>Something about the gist other than its files changed: stars, comments, forks, topics.</summary>
    Social,
}

/// <summary>What changed, for whoever keeps a copy of it (caches, search, feeds).</summary>
public sealed record GistChange(string GistId, Guid OwnerId, GistChangeKind Kind);

/// <summary>A part of the app that must hear about every write to a gist, whatever surface made it.</summary>
public interface IGistChangeObserver
{
    ValueTask OnGistChangedAsync(GistChange change, CancellationToken ct);
}

/// <summary>
/// Tells every <see cref="IGistChangeObserver"/> after a write has committed. Every write path
/// (UI, API, git push, forks, stars, comments) calls <see cref="PublishAsync"/> once, so an
/// observer cannot miss a surface. An observer that fails is logged and does not undo the write.
/// </summary>
public sealed class GistChangePublisher(IEnumerable<IGistChangeObserver> observers, ILogger<GistChangePublisher> logger)
{
    private readonly IGistChangeObserver[] _observers = observers.ToArray();

    public async ValueTask PublishAsync(GistChange change, CancellationToken ct = default)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnGistChangedAsync(change, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Observer} failed on {Kind} of gist {GistId}", observer.GetType().Name, change.Kind, change.GistId);
            }
        }
    }
}
