using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Data;

/// <summary>Creates the provider's context type, so migrations for that provider apply.</summary>
public sealed class CasGistsDbContextFactory(DbContextOptions<CasGistsDbContext> options, DatabaseSettings settings)
    : IDbContextFactory<CasGistsDbContext>
{
    public CasGistsDbContext CreateDbContext() => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresCasGistsDbContext(options),
        _ => new SqliteCasGistsDbContext(options),
    };

    public static void Configure(DbContextOptionsBuilder builder, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(settings.ConnectionString, o => o.MigrationsHistoryTable("__ef_migrations"));
                break;
            default:
                builder.UseSqlite(settings.ConnectionString, o => o.MigrationsHistoryTable("__ef_migrations"))
                    .AddInterceptors(SqliteConnectionPragmas.Instance);
                break;
        }
    }
}
