using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;

namespace CasGists.App.Observability;

/// <summary>Counts of users, gists and revisions.</summary>
public sealed record BusinessCounts(int Users, IReadOnlyDictionary<GistVisibility, int> Gists, long Revisions);

/// <summary>
/// Business gauges, refreshed when Prometheus scrapes; the counts are reused for 30 seconds so a
/// burst of scrapes (several Prometheus servers, a curl loop) costs one set of COUNT queries.
/// </summary>
public sealed class BusinessMetrics(
    IDbContextFactory<CasGistsDbContext> contexts, CasGistsMetrics metrics, TimeProvider clock, ILogger<BusinessMetrics> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    /// <summary>Number of times the database was actually queried (for tests of the cache).</summary>
    public int Queries { get; private set; }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() - _refreshedAt < CacheFor)
            {
                return;
            }
            var counts = await CountAsync(ct);
            metrics.Users.Set(counts.Users);
            foreach (var visibility in Enum.GetValues<GistVisibility>())
            {
                metrics.Gists.WithLabels(visibility.ToString().ToLowerInvariant()).Set(counts.Gists.GetValueOrDefault(visibility));
            }
            metrics.Revisions.Set(counts.Revisions);
            _refreshedAt = clock.GetUtcNow();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scrape must not fail because the database is down: the gauges keep their last
            // values and /health/ready reports the outage.
            logger.LogWarning(e, "Could not refresh the business metrics.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<BusinessCounts> CountAsync(CancellationToken ct)
    {
        Queries++;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var users = await db.Users.CountAsync(ct);
        var gists = await db.Gists.GroupBy(g => g.Visibility).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var revisions = await db.Gists.SumAsync(g => (long)g.RevisionCount, ct);
        return new BusinessCounts(users, gists.ToDictionary(g => g.Key, g => g.Count), revisions);
    }
}
