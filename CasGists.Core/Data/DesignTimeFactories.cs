using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CasGists.Core.Data;

// Used only by `dotnet ef migrations add … --context SqliteCasGistsDbContext|PostgresCasGistsDbContext`.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCasGistsDbContext>
{
    public SqliteCasGistsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CasGistsDbContext>();
        CasGistsDbContextFactory.Configure(builder, new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design.db"));
        return new SqliteCasGistsDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCasGistsDbContext>
{
    public PostgresCasGistsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CasGistsDbContext>();
        CasGistsDbContextFactory.Configure(builder, new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=design"));
        return new PostgresCasGistsDbContext(builder.Options);
    }
}
