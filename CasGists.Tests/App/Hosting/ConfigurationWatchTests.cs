using System.Runtime.CompilerServices;
using CasGists.App.Hosting;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace CasGists.Tests.App.Hosting;

public sealed class ConfigurationWatchTests
{
    private const string TestHostsSetting = "DOTNET_hostBuilder__reloadConfigOnChange";

    [Fact]
    public void NoSettingsFileIsWatchedSoTheDataFolderGetsNoFileSystemWatcher()
    {
        // The test hosts turn the watch off for the whole process (CasGistsAppFactory's static constructor), which would
        // make this pass without CasGistsHost's own setting: run that constructor now, then take the setting away while
        // the builders are made. A host another test builds meanwhile only gets a watcher it does not need.
        RuntimeHelpers.RunClassConstructor(typeof(CasGistsAppFactory).TypeHandle);
        var saved = Environment.GetEnvironmentVariable(TestHostsSetting);
        Environment.SetEnvironmentVariable(TestHostsSetting, null);
        try
        {
            // The control: a plain builder in this process watches its settings files, so the check below can fail.
            var plain = WebApplication.CreateBuilder();
            using (plain.Configuration)
            {
                Assert.Contains(JsonSources(plain), p => p.Source.ReloadOnChange);
            }

            var builder = CasGistsHost.CreateBuilder([]);
            using (builder.Configuration)
            {
                var json = JsonSources(builder);
                Assert.NotEmpty(json);
                Assert.All(json, p => Assert.False(p.Source.ReloadOnChange, p.Source.Path));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(TestHostsSetting, saved);
        }
    }

    private static List<JsonConfigurationProvider> JsonSources(WebApplicationBuilder builder) =>
        [.. ((IConfigurationRoot)builder.Configuration).Providers.OfType<JsonConfigurationProvider>()];
}
