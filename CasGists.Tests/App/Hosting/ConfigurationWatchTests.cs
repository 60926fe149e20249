using CasGists.App.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace CasGists.Tests.App.Hosting;

public sealed class ConfigurationWatchTests
{
    [Fact]
    public void NoSettingsFileIsWatchedSoTheDataFolderGetsNoFileSystemWatcher()
    {
        var builder = CasGistsHost.CreateBuilder([]);
        var json = ((IConfigurationRoot)builder.Configuration).Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.NotEmpty(json);
        Assert.All(json, p => Assert.False(p.Source.ReloadOnChange, p.Source.Path));
    }
}
