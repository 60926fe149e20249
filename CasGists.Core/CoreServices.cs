using CasGists.Core.Accounts;
using CasGists.Core.Caching;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using CasGists.Core.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CasGists.Core;

public static class CoreServices
{
    /// <summary>Everything Core needs: options, the data directory, the database and each feature's services.</summary>
    public static IServiceCollection AddCasGistsCore(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>()
            .BindConfiguration(DataOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // The conventional place for a connection string works too.
                if (string.IsNullOrWhiteSpace(options.Postgres))
                {
                    options.Postgres = configuration.GetConnectionString("Postgres");
                }
            });
        services.AddSingleton(sp => new DataDirectory(sp.GetRequiredService<IOptions<DataOptions>>().Value.Directory));
        services.AddSingleton(sp => DatabaseSettings.From(
            sp.GetRequiredService<IOptions<DataOptions>>().Value,
            sp.GetRequiredService<DataDirectory>()));
        services.AddDbContextFactory<CasGistsDbContext, CasGistsDbContextFactory>(
            (sp, options) => CasGistsDbContextFactory.Configure(options, sp.GetRequiredService<DatabaseSettings>()));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton(TimeProvider.System);

        services.AddGists();
        services.AddCaching();
        services.AddAccounts();
        services.AddSocial();
        services.AddSearch();
        return services;
    }
}
