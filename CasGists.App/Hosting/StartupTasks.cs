using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.Extensions.Options;

namespace CasGists.App.Hosting;

/// <summary>
/// Runs before the server accepts requests: creates the data directory, applies migrations and removes
/// repositories a crash left without their row.
/// </summary>
public sealed class StartupTasks(DataDirectory dataDirectory, DatabaseMigrator migrator, GistIndexer indexer, IOptions<DataOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        dataDirectory.EnsureCreated();
        if (options.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        await indexer.ReconcileAsync(ct: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
