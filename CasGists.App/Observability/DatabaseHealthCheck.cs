using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CasGists.App.Observability;

/// <summary>Ready when the database answers and the data directory can be written.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<CasGistsDbContext> contexts, DataDirectory dataDirectory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }

        try
        {
            var probe = Path.Combine(dataDirectory.Temp, $".health-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(probe, "ok", ct);
            File.Delete(probe);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The data directory is not writable.", e);
        }
        return HealthCheckResult.Healthy();
    }
}
