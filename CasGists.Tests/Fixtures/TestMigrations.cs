using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Fixtures;

/// <summary>Migration ids by name, for tests that step a database down to just before a migration and up again.</summary>
public static class TestMigrations
{
    /// <summary>The id of the migration named <paramref name="name"/> (ids are <c>timestamp_Name</c>).</summary>
    public static string Id(DbContext db, string name) =>
        db.Database.GetMigrations().Single(m => m.EndsWith("_" + name, StringComparison.Ordinal));

    /// <summary>The id of the migration just before the one named <paramref name="name"/>.</summary>
    public static string Before(DbContext db, string name)
    {
        var id = Id(db, name);
        return db.Database.GetMigrations().TakeWhile(m => m != id).Last();
    }
}
