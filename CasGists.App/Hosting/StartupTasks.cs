using CasGists.Core.Data;
using Microsoft.Extensions.Options;

namespace CasGists.App.Hosting;

/// <summary>Runs before the server accepts requests: creates the data directory and applies migrations.</summary>
public sealed class StartupTasks(DataDirectory dataDirectory, DatabaseMigrator migrator, IOptions<DataOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        dataDirectory.EnsureCreated();
        if (options.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
