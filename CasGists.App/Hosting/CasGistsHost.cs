using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Configuration.Json;

namespace CasGists.App.Hosting;

public static class CasGistsHost
{
    /// <summary>
    /// The settings files are read once. Watching them means a file system watcher on the content root, the working
    /// directory, with every folder below it: when that holds the data folder (the default <c>./data</c>), one inotify
    /// watch per repository folder, which at 100,000 gists costs seconds of start-up and runs out of the kernel's watches.
    /// Placed first, so a <c>--hostBuilder:reloadConfigOnChange=true</c> given on the command line still wins.
    /// </summary>
    public const string NoConfigWatch = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>Builds the web application: the same wiring serves requests and backs the CLI commands.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = CreateBuilder(args);
        // Serve package assets (blazor.web.js, MudBlazor, Monaco) from the build output in every
        // environment, so `dotnet run -c Release` and the test host work like a published app.
        // A published app has no such manifest, and this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.AddCasGistsConfiguration();
        builder.AddCasGistsServices();
        var app = builder.Build();
        app.UseCasGists();
        return app;
    }

    /// <summary>The builder with the settings sources in place, before any service.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [NoConfigWatch, .. args], WebRootPath = PublishedWebRoot() });
        UseSharedSettingsFile(builder);
        return builder;
    }

    /// <summary>
    /// The web root is <c>wwwroot</c> under the content root, which is the working directory. A published app
    /// started from elsewhere (<c>dotnet /opt/casgists/CasGists.dll</c>, a service unit without a working
    /// directory) would then answer every stylesheet and script with an empty body: use the copy beside the binary.
    /// </summary>
    private static string? PublishedWebRoot()
    {
        if (Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")))
        {
            return null;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(beside) ? beside : null;
    }

    /// <summary>
    /// <c>appsettings.json</c> lives at the repository root and is copied beside the binary; when the
    /// content root (the working directory) has none, read the copy, below every other source.
    /// </summary>
    private static void UseSharedSettingsFile(WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")))
        {
            return;
        }
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                Path = "appsettings.json",
                Optional = true,
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                ReloadOnChange = false,
            });
        }
    }
}
