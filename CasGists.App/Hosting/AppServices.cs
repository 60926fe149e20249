using CasGists.App.Accounts;
using CasGists.App.Api;
using CasGists.App.Caching;
using CasGists.App.Components.Layout;
using CasGists.App.Embeds;
using CasGists.App.Gists;
using CasGists.App.Git;
using CasGists.App.Http;
using CasGists.App.Observability;
using CasGists.App.Social;
using CasGists.App.Security;
using CasGists.App.Search;
using CasGists.Core;
using CasGists.Core.Data;
using CasGists.Core.Rendering;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MudBlazor.Services;

namespace CasGists.App.Hosting;

public static class AppServices
{
    /// <summary>The composition root: Core services, then the web pieces (auth, UI, API, health).</summary>
    public static IHostApplicationBuilder AddCasGistsServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCasGistsCore();
        services.AddRendering();

        // Sign-ins survive a restart: the keys that protect cookies live in the data directory.
        services.AddDataProtection()
            .SetApplicationName("CasGists");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataDirectory, ILoggerFactory>((options, data, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(data.Keys, "data-protection")), loggers));

        services.AddHostedService<StartupTasks>();
        services.AddExceptionHandler<DomainExceptionHandler>();
        builder.AddCasGistsObservability();
        services.AddCasGistsCaching(builder.Configuration);
        services.AddCasGistsHttp();
        services.AddHexRouteConstraints();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddCasGistsAuthentication();
        services.AddTokenAuthentication();
        builder.AddCasGistsSecurity();
        services.AddSingleton<GitCredentials>();
        services.AddCasGistsApi();
        return builder;
    }

    public static WebApplication UseCasGists(this WebApplication app)
    {
        app.UseCasGistsSecurityHeaders();
        app.UseCasGistsRequestIds();
        app.UseClientInfo();
        app.UseCasGistsHttpMetrics();
        app.UseCasGistsCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapStaticAssets();
        app.UseCasGistsAuthentication();
        app.UseCasGistsTokenRules();
        app.UseAuthorization();
        app.UseCasGistsPageCache();
        app.UseAntiforgery();

        app.MapCasGistsObservability();

        app.MapGitHttp();
        app.MapTokenEndpoints();
        app.MapAuthEndpoints();
        app.MapCasGistsApi();
        app.MapThemeSwitch();
        app.MapRawFiles();
        app.MapArchives();
        app.MapSocialActions();
        app.MapEmbeds();
        app.MapSearchEndpoints();
        // Blazor's own "frame-ancestors 'self'" header would stand in for the full policy (Security/SecurityHeaders).
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
            .WithCacheablePages();
        return app;
    }
}
