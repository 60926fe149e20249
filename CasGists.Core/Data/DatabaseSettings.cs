using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CasGists.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database this instance uses, decided once from configuration.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// An open connection of the provider's own ADO.NET type, from its pool, with the settings EF Core's connections get
    /// (<see cref="SqliteConnectionPragmas"/>): for a hot path that reads by hand, without a context to build.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await SqliteConnectionPragmas.Instance.ApplyAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static DatabaseSettings From(DataOptions options, DataDirectory dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.Postgres))
        {
            return new(DatabaseProvider.Postgres, NormalizePostgres(options.Postgres));
        }

        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = dataDirectory.SqliteDatabase,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new(DatabaseProvider.Sqlite, sqlite.ToString());
    }

    /// <summary>Accepts both Npgsql's keyword form and a <c>postgres://user:pass@host:port/db</c> URL.</summary>
    public static string NormalizePostgres(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return builder.ToString();
    }
}
