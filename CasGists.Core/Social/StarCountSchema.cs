namespace CasGists.Core.Social;

/// <summary>
/// The triggers that keep <see cref="Gists.Gist.StarCount"/>, applied by the <c>Stars</c> migration of each provider
/// (kept here, as <see cref="Search.SearchSchema"/> is, so a re-generated migration only needs its
/// <c>migrationBuilder.Sql(...)</c> line back).
/// </summary>
/// <remarks>
/// Triggers rather than C#: every way a star row goes away moves the count in the same transaction, including
/// the cascade from a deleted user (SQLite fires row triggers for foreign key actions too). When the gist itself
/// is deleted, the cascaded star deletes update no row. Each ends with the backfill for an existing database.
/// </remarks>
public static class StarCountSchema
{
    /// <summary>Recounts every gist's stars from the rows (the migration's backfill; also a repair if a count ever drifts).</summary>
    public const string Backfill = """
        UPDATE gists SET "StarCount" = (SELECT COUNT(*) FROM gist_stars s WHERE s."GistId" = gists."Id");
        """;

    public const string SqliteUp = """
        CREATE TRIGGER stars_gist_stars_ai AFTER INSERT ON gist_stars BEGIN
            UPDATE gists SET "StarCount" = "StarCount" + 1 WHERE "Id" = new."GistId";
        END;

        CREATE TRIGGER stars_gist_stars_ad AFTER DELETE ON gist_stars BEGIN
            UPDATE gists SET "StarCount" = "StarCount" - 1 WHERE "Id" = old."GistId";
        END;

        """ + Backfill;

    /// <summary>
    /// The whole of the SQLite <c>Down</c>, column included: EF Core drops a SQLite column by rebuilding the table,
    /// which would lose the search triggers on <c>gists</c>; SQLite (3.35+) drops it in place.
    /// </summary>
    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS stars_gist_stars_ad;
        DROP TRIGGER IF EXISTS stars_gist_stars_ai;
        DROP INDEX IF EXISTS ix_gists_stars;
        ALTER TABLE gists DROP COLUMN "StarCount";
        """;

    // Row triggers, not statement ones: a star is one row, and a cascade from a deleted user touches each of their
    // starred gists once. RETURN NULL: the result of an AFTER row trigger is ignored.
    public const string PostgresUp = """
        CREATE FUNCTION casgists_gist_star_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                UPDATE gists SET "StarCount" = "StarCount" + 1 WHERE "Id" = NEW."GistId";
            ELSE
                UPDATE gists SET "StarCount" = "StarCount" - 1 WHERE "Id" = OLD."GistId";
            END IF;
            RETURN NULL;
        END $$;

        CREATE TRIGGER stars_gist_stars AFTER INSERT OR DELETE ON gist_stars
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_star_count();

        """ + Backfill;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS stars_gist_stars ON gist_stars;
        DROP FUNCTION IF EXISTS casgists_gist_star_count();
        """;
}
