using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Gists;

public static class GistsServices
{
    public static IServiceCollection AddGists(this IServiceCollection services)
    {
        services.AddOptions<GistOptions>().BindConfiguration(GistOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GitStore>();
        services.AddSingleton<GistLocks>();
        services.AddSingleton<GistChangePublisher>();
        services.AddSingleton<GistService>();
        services.AddSingleton<GistIndexer>();
        services.AddSingleton<Revisions.GitHistoryReader>();
        services.AddSingleton<Revisions.GistHistoryService>();
        return services;
    }
}
