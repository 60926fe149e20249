using CasGists.Core.Data;

namespace CasGists.App.Hosting;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Every key can be set as <c>Section__Key</c> or <c>CASGISTS_Section__Key</c>; the documented short
    /// names (<c>CASGISTS_DATA_DIR</c>, <c>CASGISTS_DATABASE_URL</c>, <c>CASGISTS_REDIS_URL</c>) map onto their keys.
    /// </summary>
    public static IHostApplicationBuilder AddCasGistsConfiguration(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddEnvironmentVariables("CASGISTS_");

        var aliases = new Dictionary<string, string>
        {
            ["CASGISTS_DATA_DIR"] = $"{DataOptions.Section}:Directory",
            ["CASGISTS_DATABASE_URL"] = $"{DataOptions.Section}:Postgres",
            ["CASGISTS_REDIS_URL"] = "ConnectionStrings:Redis",
        };
        var mapped = new Dictionary<string, string?>();
        foreach (var (variable, key) in aliases)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                mapped[key] = value;
            }
        }
        if (mapped.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(mapped);
        }
        return builder;
    }
}
