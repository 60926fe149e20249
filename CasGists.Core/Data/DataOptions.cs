namespace CasGists.Core.Data;

/// <summary>Section <c>Data</c>. <c>CASGISTS_DATA_DIR</c> and <c>CASGISTS_DATABASE_URL</c> map onto it.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>The data directory; relative paths resolve against the working directory.</summary>
    public string Directory { get; set; } = "./data";

    /// <summary>PostgreSQL connection string (keyword form or a <c>postgres://</c> URL). Empty means SQLite.</summary>
    public string? Postgres { get; set; }

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
