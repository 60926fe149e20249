using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Search;

public static class SearchServices
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        // TryAdd inside: a Redis-backed registration made elsewhere keeps its settings.
        services.AddHybridCache();
        services.AddSingleton<IGistSearchBackend>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? new PostgresSearchBackend()
            : new SqliteFtsSearchBackend());
        services.AddSingleton<GistSearchService>();
        services.AddSingleton<IGistChangeObserver, SearchCacheInvalidator>();
        return services;
    }
}
