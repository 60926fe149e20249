using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CasGists.Core.Data;

/// <summary>
/// The one model. Each provider has a subclass (<see cref="SqliteCasGistsDbContext"/>,
/// <see cref="PostgresCasGistsDbContext"/>) only so that each keeps its own migrations.
/// Services open short-lived instances through <c>IDbContextFactory&lt;CasGistsDbContext&gt;</c>.
/// </summary>
public abstract class CasGistsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<Gist> Gists => Set<Gist>();
    public DbSet<GistFile> GistFiles => Set<GistFile>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.UserName).HasMaxLength(40);
            e.Property(u => u.NormalizedUserName).HasMaxLength(40);
            e.Property(u => u.Email).HasMaxLength(254);
            e.Property(u => u.NormalizedEmail).HasMaxLength(254);
            e.Property(u => u.DisplayName).HasMaxLength(100);
            e.Property(u => u.PasswordHash).HasMaxLength(200);
            e.Property(u => u.SecurityStamp).HasMaxLength(64);
            e.HasIndex(u => u.NormalizedUserName).IsUnique();
            e.HasIndex(u => u.NormalizedEmail).IsUnique();
        });

        b.Entity<UserSession>(e =>
        {
            e.ToTable("sessions");
            e.Property(s => s.TokenHash).HasMaxLength(64);
            e.Property(s => s.IpAddress).HasMaxLength(45);
            e.Property(s => s.UserAgent).HasMaxLength(512);
            e.HasIndex(s => s.TokenHash).IsUnique();
            e.HasIndex(s => s.UserId);
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<PersonalAccessToken>(e =>
        {
            e.ToTable("personal_access_tokens");
            e.Property(t => t.Name).HasMaxLength(TokenService.MaxNameLength);
            e.Property(t => t.Scopes).HasMaxLength(200);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.DisplayPrefix).HasMaxLength(TokenFormat.DisplayPrefixLength);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => new { t.UserId, t.Name });
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Gist>(e =>
        {
            e.ToTable("gists");
            e.Property(g => g.Id).HasMaxLength(32);
            e.Property(g => g.Title).HasMaxLength(255);
            e.Property(g => g.Description).HasMaxLength(1000);
            e.Property(g => g.Visibility).HasConversion<string>().HasMaxLength(16);
            e.Property(g => g.HeadRevision).HasMaxLength(40).IsConcurrencyToken();
            e.HasOne(g => g.Owner).WithMany().HasForeignKey(g => g.OwnerId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(g => new { g.Visibility, g.CreatedAt });
            e.HasIndex(g => new { g.OwnerId, g.UpdatedAt });
            e.HasMany(g => g.Files).WithOne().HasForeignKey(f => f.GistId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<GistFile>(e =>
        {
            e.ToTable("gist_files");
            e.Property(f => f.GistId).HasMaxLength(32);
            e.Property(f => f.Name).HasMaxLength(255);
            e.Property(f => f.Language).HasMaxLength(64);
            e.HasIndex(f => new { f.GistId, f.Name }).IsUnique();
        });

        // Features added later keep their mapping next to their entities (IEntityTypeConfiguration<T>).
        b.ApplyConfigurationsFromAssembly(typeof(CasGistsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite forgets the kind, so say it again on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteCasGistsDbContext(DbContextOptions options) : CasGistsDbContext(options);

public sealed class PostgresCasGistsDbContext(DbContextOptions options) : CasGistsDbContext(options);
