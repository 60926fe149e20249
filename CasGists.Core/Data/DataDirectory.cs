namespace CasGists.Core.Data;

/// <summary>
/// The one folder that holds everything: the SQLite database, the git repositories, the keys
/// and the backups. Back it up and you have the whole instance.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string Repositories => Path.Combine(Root, "repos");
    public string Keys => Path.Combine(Root, "keys");
    public string Backups => Path.Combine(Root, "backups");
    public string Temp => Path.Combine(Root, "tmp");
    public string SqliteDatabase => Path.Combine(Root, "casgists.db");

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Repositories, Keys, Backups, Temp })
        {
            Directory.CreateDirectory(dir);
        }
    }
}
