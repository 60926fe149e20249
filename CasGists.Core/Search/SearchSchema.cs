using System.Globalization;

namespace CasGists.Core.Search;

/// <summary>
/// The search index's SQL, applied by the <c>Search</c> migration of each provider. It lives here rather than
/// inline in the migration so that re-generating the migration (after a snapshot conflict) only needs the
/// one <c>migrationBuilder.Sql(...)</c> line back.
/// </summary>
/// <remarks>
/// One index row per file holds the gist's title and description beside the file's name and content, so
/// a single full-text match ranks a file with its gist's words and the snippet names its file. Triggers
/// keep the index in step inside the same transaction as every write (saves, pushes, <c>reindex</c>,
/// deletes through the cascade), so nothing in C# has to remember to index. Only the first
/// <see cref="IndexedChars"/> characters of a file are indexed, on both providers alike.
/// </remarks>
public static class SearchSchema
{
    public const int IndexedChars = 100_000;

    // Contentless with delete support rather than external content: deleting an external-content row needs
    // the old title too, which a cascade from a deleted gist no longer has; a wrong delete corrupts the index
    // (docs/decisions/ADR-019-sqlite-index-contentless.md).
    // The tokenizer keeps diacritics and combining marks, as PostgreSQL's 'simple' parser does.
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE search_fts USING fts5(
            title, description, name, content,
            content='', contentless_delete=1,
            tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

        CREATE TRIGGER search_gist_files_ai AFTER INSERT ON gist_files BEGIN
            INSERT INTO search_fts(rowid, title, description, name, content)
            SELECT new."Id", g."Title", g."Description", new."Name", substr(new."Content", 1, 100000)
            FROM gists g WHERE g."Id" = new."GistId";
        END;

        CREATE TRIGGER search_gist_files_au AFTER UPDATE OF "Name", "Content", "GistId" ON gist_files BEGIN
            DELETE FROM search_fts WHERE rowid = old."Id";
            INSERT INTO search_fts(rowid, title, description, name, content)
            SELECT new."Id", g."Title", g."Description", new."Name", substr(new."Content", 1, 100000)
            FROM gists g WHERE g."Id" = new."GistId";
        END;

        CREATE TRIGGER search_gist_files_ad AFTER DELETE ON gist_files BEGIN
            DELETE FROM search_fts WHERE rowid = old."Id";
        END;

        CREATE TRIGGER search_gists_au AFTER UPDATE OF "Title", "Description" ON gists
        WHEN old."Title" IS NOT new."Title" OR old."Description" IS NOT new."Description" BEGIN
            DELETE FROM search_fts WHERE rowid IN (SELECT "Id" FROM gist_files WHERE "GistId" = new."Id");
            INSERT INTO search_fts(rowid, title, description, name, content)
            SELECT f."Id", new."Title", new."Description", f."Name", substr(f."Content", 1, 100000)
            FROM gist_files f WHERE f."GistId" = new."Id";
        END;

        INSERT INTO search_fts(rowid, title, description, name, content)
        SELECT f."Id", g."Title", g."Description", f."Name", substr(f."Content", 1, 100000)
        FROM gist_files f JOIN gists g ON g."Id" = f."GistId";
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS search_gists_au;
        DROP TRIGGER IF EXISTS search_gist_files_ad;
        DROP TRIGGER IF EXISTS search_gist_files_au;
        DROP TRIGGER IF EXISTS search_gist_files_ai;
        DROP TABLE IF EXISTS search_fts;
        """;

    /// <summary>Rebuilds the SQLite index from the tables (<c>reindex</c>, or after a bulk load).</summary>
    public static readonly string SqliteRebuild = $"""
        DELETE FROM search_fts;
        INSERT INTO search_fts(rowid, title, description, name, content, facets)
        SELECT f."Id", g."Title", g."Description", f."Name", substr(f."Content", 1, 100000), {SqliteFacets("f.\"GistId\"", "f.\"Position\"")}
        FROM gist_files f JOIN gists g ON g."Id" = f."GistId";
        """;

    /// <summary>The file's search vector from its gist's title and description and its own name and content (Search).</summary>
    private const string PostgresFileVector = """
        CREATE OR REPLACE FUNCTION casgists_gist_file_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector :=
                coalesce((SELECT setweight(to_tsvector('simple', casgists_search_text(g."Title")), 'A')
                              || setweight(to_tsvector('simple', casgists_search_text(g."Description")), 'B')
                          FROM gists g WHERE g."Id" = NEW."GistId"), ''::tsvector)
                || setweight(to_tsvector('simple', casgists_search_text(NEW."Name")), 'A')
                || setweight(to_tsvector('simple', casgists_search_text(left(NEW."Content", 100000))), 'D');
            RETURN NEW;
        END $$;

        """;

    // A trigger-maintained tsvector rather than a generated column: a generated column cannot read the
    // gist's title and description from the other table. Weights: title and file name A, description B,
    // content D. pg_trgm indexes the short fields that filename:/title:/description: match as substrings.
    // casgists_search_text turns punctuation into spaces before PostgreSQL's parser sees the text, on both
    // the indexed and the searched side: otherwise it reads `Cargo.toml` as one host name and `<generics>`
    // as an XML tag (dropped), where FTS5 sees the words `cargo`, `toml` and `generics`.
    public const string PostgresUp = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;

        CREATE FUNCTION casgists_search_text(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN regexp_replace(value, '[[:punct:][:space:][:cntrl:]]+', ' ', 'g');

        ALTER TABLE gist_files ADD COLUMN search_vector tsvector;

        """ + PostgresFileVector + """

        CREATE TRIGGER search_gist_files BEFORE INSERT OR UPDATE OF "Name", "Content", "GistId" ON gist_files
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_file_search_vector();

        CREATE FUNCTION casgists_gist_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE gist_files SET "Name" = "Name" WHERE "GistId" = NEW."Id";
            RETURN NULL;
        END $$;

        CREATE TRIGGER search_gists AFTER UPDATE OF "Title", "Description" ON gists
        FOR EACH ROW WHEN (OLD."Title" IS DISTINCT FROM NEW."Title" OR OLD."Description" IS DISTINCT FROM NEW."Description")
        EXECUTE FUNCTION casgists_gist_search_vector();

        UPDATE gist_files SET "Name" = "Name";

        CREATE INDEX ix_gist_files_search_vector ON gist_files USING gin (search_vector);
        CREATE INDEX ix_gist_files_name_trgm ON gist_files USING gin ("Name" gin_trgm_ops);
        CREATE INDEX ix_gists_title_trgm ON gists USING gin ("Title" gin_trgm_ops);
        CREATE INDEX ix_gists_description_trgm ON gists USING gin ("Description" gin_trgm_ops);
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS ix_gists_description_trgm;
        DROP INDEX IF EXISTS ix_gists_title_trgm;
        DROP INDEX IF EXISTS ix_gist_files_name_trgm;
        DROP TRIGGER IF EXISTS search_gists ON gists;
        DROP FUNCTION IF EXISTS casgists_gist_search_vector();
        DROP TRIGGER IF EXISTS search_gist_files ON gist_files;
        DROP FUNCTION IF EXISTS casgists_gist_file_search_vector();
        ALTER TABLE gist_files DROP COLUMN IF EXISTS search_vector;
        DROP FUNCTION IF EXISTS casgists_search_text(text);
        """;

    /// <summary>Recomputes every PostgreSQL vector and every gist's facets (<c>reindex</c>).</summary>
    public const string PostgresRebuild = """
        DELETE FROM search_files;
        UPDATE gist_files SET "Name" = "Name";
        UPDATE gists SET search_facets = casgists_gist_facets("Id");
        """;

    /// <summary>
    /// Migration <c>Search3</c>: <c>language:</c> probes a gist's files by <c>("GistId", lower("Language"))</c> from
    /// this index alone, instead of reading each file row. PostgreSQL also needs the column itself in the index
    /// before it will answer from the index only (it does not match the expression to a stored value).
    /// </summary>
    public const string SqliteSearch3Up = """
        CREATE INDEX ix_gist_files_gist_language ON gist_files ("GistId", lower("Language"));
        """;

    /// <remarks>
    /// The larger statistics target on the search vector: with the default, a word missing from the sampled
    /// common words is estimated at ~1,500 files, so a rare word (25 files) hash-joined every public gist
    /// (40 ms) instead of looking its few gists up by key (1 ms).
    /// </remarks>
    public const string PostgresSearch3Up = """
        CREATE INDEX ix_gist_files_gist_language ON gist_files ("GistId", lower("Language")) INCLUDE ("Language");
        ALTER TABLE gist_files ALTER COLUMN search_vector SET STATISTICS 1000;
        ANALYZE gist_files;
        """;

    public const string PostgresSearch3Down = """
        ALTER TABLE gist_files ALTER COLUMN search_vector SET STATISTICS -1;
        DROP INDEX IF EXISTS ix_gist_files_gist_language;
        """;

    public const string SqliteSearch3Down = """
        DROP INDEX IF EXISTS ix_gist_files_gist_language;
        """;

    /// <summary>
    /// The facet words of the gist <paramref name="gistId"/> (an SQL expression) for SQLite: U+E000 (a private-use
    /// character, which the tokenizer keeps in a word) then <c>l</c> + the hex of each lower-cased file language, or
    /// <c>t</c> + the hex of each topic (<see cref="SearchFacet.SqliteToken"/>). Hex keeps <c>c++</c>, <c>c#</c> and
    /// <c>c</c> apart and leaves one token per value; the private-use character keeps typed words from meeting them.
    /// </summary>
    /// <remarks>
    /// The gist's first file (<c>"Position"</c> 0) also carries U+E000 <c>p</c>, so a search of facets alone finds one
    /// row per gist instead of one per file (<see cref="SearchFacet.SqliteFirstFile"/>).
    /// </remarks>
    private static string SqliteFacets(string gistId, string position) => $"""
        coalesce((SELECT group_concat(k, ' ') FROM (
            SELECT char(57344) || 'l' || lower(hex(lower(x."Language"))) AS k FROM gist_files x WHERE x."GistId" = {gistId}
            UNION SELECT char(57344) || 't' || lower(hex(t."Topic")) FROM gist_topics t WHERE t."GistId" = {gistId}
            UNION SELECT char(57344) || 'p' WHERE {position} = 0)), '')
        """;

    /// <summary>Deletes and re-adds the index rows of every file of the gist <paramref name="gistId"/>.</summary>
    private static string SqliteReindexGist(string gistId) => $"""
        DELETE FROM search_fts WHERE rowid IN (SELECT "Id" FROM gist_files WHERE "GistId" = {gistId});
            INSERT INTO search_fts(rowid, title, description, name, content, facets)
            SELECT f."Id", g."Title", g."Description", f."Name", substr(f."Content", 1, 100000), {SqliteFacets(gistId, "f.\"Position\"")}
            FROM gist_files f JOIN gists g ON g."Id" = f."GistId" WHERE f."GistId" = {gistId};
        """;

    /// <summary>
    /// Migration <c>Search4</c>: every index row also carries its gist's facets (the languages of all its files and its
    /// topics) in a fifth column, so <c>language:</c> and <c>topic:</c> are matched by the full-text index itself, in the
    /// same pass as the words (an intersection of sorted row lists) instead of a probe per candidate gist. Words are
    /// matched against the other four columns only (<see cref="SqliteFtsSearchBackend"/>), so no word reaches the facets.
    /// A change to a gist's topics or to the set of its languages re-indexes the gist's files, the way a title change
    /// already did.
    /// </summary>
    public static readonly string SqliteSearch4Up = $"""
        DROP TRIGGER IF EXISTS search_gists_au;
        DROP TRIGGER IF EXISTS search_gist_files_ad;
        DROP TRIGGER IF EXISTS search_gist_files_au;
        DROP TRIGGER IF EXISTS search_gist_files_ai;
        DROP TABLE IF EXISTS search_fts;

        CREATE VIRTUAL TABLE search_fts USING fts5(
            title, description, name, content, facets,
            content='', contentless_delete=1,
            tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'");

        CREATE TRIGGER search_gist_files_ai AFTER INSERT ON gist_files BEGIN
            INSERT INTO search_fts(rowid, title, description, name, content, facets)
            SELECT new."Id", g."Title", g."Description", new."Name", substr(new."Content", 1, 100000), {SqliteFacets("new.\"GistId\"", "new.\"Position\"")}
            FROM gists g WHERE g."Id" = new."GistId";
        END;

        -- A language the gist did not have before: its other files carry the old facets.
        CREATE TRIGGER search_gist_files_ai_language AFTER INSERT ON gist_files
        WHEN NOT EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = new."GistId" AND x."Id" <> new."Id" AND lower(x."Language") = lower(new."Language"))
            AND EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = new."GistId" AND x."Id" <> new."Id") BEGIN
            {SqliteReindexGist("new.\"GistId\"")}
        END;

        CREATE TRIGGER search_gist_files_au AFTER UPDATE OF "Name", "Content", "GistId", "Language", "Position" ON gist_files
        WHEN old."GistId" IS new."GistId" AND lower(old."Language") IS lower(new."Language") BEGIN
            DELETE FROM search_fts WHERE rowid = old."Id";
            INSERT INTO search_fts(rowid, title, description, name, content, facets)
            SELECT new."Id", g."Title", g."Description", new."Name", substr(new."Content", 1, 100000), {SqliteFacets("new.\"GistId\"", "new.\"Position\"")}
            FROM gists g WHERE g."Id" = new."GistId";
        END;

        CREATE TRIGGER search_gist_files_au_language AFTER UPDATE OF "GistId", "Language" ON gist_files
        WHEN old."GistId" IS NOT new."GistId" OR lower(old."Language") IS NOT lower(new."Language") BEGIN
            DELETE FROM search_fts WHERE rowid = old."Id";
            {SqliteReindexGist("old.\"GistId\"")}
            {SqliteReindexGist("new.\"GistId\"")}
        END;

        CREATE TRIGGER search_gist_files_ad AFTER DELETE ON gist_files BEGIN
            DELETE FROM search_fts WHERE rowid = old."Id";
        END;

        -- The last file in a language is gone (and the gist is not being deleted): the others lose that facet.
        CREATE TRIGGER search_gist_files_ad_language AFTER DELETE ON gist_files
        WHEN NOT EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = old."GistId" AND lower(x."Language") = lower(old."Language"))
            AND EXISTS (SELECT 1 FROM gists g WHERE g."Id" = old."GistId") BEGIN
            {SqliteReindexGist("old.\"GistId\"")}
        END;

        CREATE TRIGGER search_gists_au AFTER UPDATE OF "Title", "Description" ON gists
        WHEN old."Title" IS NOT new."Title" OR old."Description" IS NOT new."Description" BEGIN
            {SqliteReindexGist("new.\"Id\"")}
        END;

        CREATE TRIGGER search_gist_topics_ai AFTER INSERT ON gist_topics BEGIN
            {SqliteReindexGist("new.\"GistId\"")}
        END;

        CREATE TRIGGER search_gist_topics_ad AFTER DELETE ON gist_topics
        WHEN EXISTS (SELECT 1 FROM gists g WHERE g."Id" = old."GistId") BEGIN
            {SqliteReindexGist("old.\"GistId\"")}
        END;

        {SqliteRebuild}
        """;

    public static readonly string SqliteSearch4Down = $"""
        DROP TRIGGER IF EXISTS search_gist_topics_ad;
        DROP TRIGGER IF EXISTS search_gist_topics_ai;
        DROP TRIGGER IF EXISTS search_gist_files_ad_language;
        DROP TRIGGER IF EXISTS search_gist_files_au_language;
        DROP TRIGGER IF EXISTS search_gist_files_ai_language;
        {SqliteDown}
        {SqliteUp}
        """;

    /// <summary>
    /// The facet lexemes of the gist <paramref name="gistId"/> for PostgreSQL, as in <see cref="SqliteFacets"/> but
    /// written <c>l:hex</c> / <c>t:hex</c> / <c>p:</c>: a searched word goes through <c>casgists_search_text</c>, which turns every
    /// colon into a space, so no word can ever equal a facet.
    /// <paramref name="extraLanguage"/> is the row being inserted or updated, which a BEFORE trigger does not see yet.
    /// </summary>
    private static string PostgresFacets(string gistId, string fileId, string extraLanguage, string position) => $"""
        array_to_tsvector(ARRAY(
            SELECT 'l:' || encode(convert_to(lower({extraLanguage}), 'UTF8'), 'hex')
            UNION SELECT 'p:' WHERE {position} = 0
            UNION SELECT 'l:' || encode(convert_to(lower(x."Language"), 'UTF8'), 'hex') FROM gist_files x WHERE x."GistId" = {gistId} AND x."Id" <> {fileId}
            UNION SELECT 't:' || encode(convert_to(t."Topic", 'UTF8'), 'hex') FROM gist_topics t WHERE t."GistId" = {gistId}))
        """;

    /// <summary>
    /// The trigger function that re-vectors a gist's other files when a file brings or takes away a language (migration
    /// <c>Search4</c>). <paramref name="alsoForGist"/>: a statement run beside each re-vectoring, with <c>{0}</c> for the
    /// gist ids it applies to (an SQL list).
    /// </summary>
    private static string PostgresFileFacetsFunction(string create, string? alsoForGist)
    {
        string Also(string gists) => alsoForGist is null ? "" : "\n            " + string.Format(CultureInfo.InvariantCulture, alsoForGist, gists);
        return $"""
            {create} FUNCTION casgists_gist_file_facets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NOT EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = NEW."GistId" AND x."Id" <> NEW."Id" AND lower(x."Language") = lower(NEW."Language")) THEN
                        UPDATE gist_files SET "Name" = "Name" WHERE "GistId" = NEW."GistId" AND "Id" <> NEW."Id";{Also("NEW.\"GistId\"")}
                    END IF;
                ELSIF TG_OP = 'DELETE' THEN
                    IF NOT EXISTS (SELECT 1 FROM gist_files x WHERE x."GistId" = OLD."GistId" AND lower(x."Language") = lower(OLD."Language")) THEN
                        UPDATE gist_files SET "Name" = "Name" WHERE "GistId" = OLD."GistId";{Also("OLD.\"GistId\"")}
                    END IF;
                ELSIF OLD."GistId" IS DISTINCT FROM NEW."GistId" OR lower(OLD."Language") IS DISTINCT FROM lower(NEW."Language") THEN
                    UPDATE gist_files SET "Name" = "Name" WHERE "GistId" IN (OLD."GistId", NEW."GistId") AND "Id" <> NEW."Id";{Also("OLD.\"GistId\", NEW.\"GistId\"")}
                END IF;
                RETURN NULL;
            END $$;
            """;
    }

    /// <summary>The trigger function that re-vectors a gist's files when a topic comes or goes (see <see cref="PostgresFileFacetsFunction"/>).</summary>
    private static string PostgresTopicFacetsFunction(string create, string? alsoForGist)
    {
        const string gist = """(CASE WHEN TG_OP = 'DELETE' THEN OLD."GistId" ELSE NEW."GistId" END)""";
        var also = alsoForGist is null ? "" : "\n    " + string.Format(CultureInfo.InvariantCulture, alsoForGist, gist);
        return $"""
            {create} FUNCTION casgists_gist_topic_facets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE gist_files SET "Name" = "Name" WHERE "GistId" = {gist};{also}
                RETURN NULL;
            END $$;
            """;
    }

    /// <summary>
    /// Migration <c>Search4</c> for PostgreSQL: the search vector of each file also holds its gist's facets (see
    /// <see cref="SqliteSearch4Up"/>), so one GIN index scan intersects the words with <c>language:</c> and
    /// <c>topic:</c>. Re-vectoring a gist's files on a facet change is <c>UPDATE … SET "Name" = "Name"</c>, which the
    /// BEFORE trigger turns into a new vector and the language trigger (on <c>UPDATE OF "Language"</c>) ignores.
    /// </summary>
    // The words a file's vector takes from its gist (g): title A, description B.
    private const string PostgresGistWords = """
        setweight(to_tsvector('simple', casgists_search_text(g."Title")), 'A') || setweight(to_tsvector('simple', casgists_search_text(g."Description")), 'B')
        """;

    // The words of the file a trigger is given (NEW): name A, content D, then its gist's facets.
    private static readonly string PostgresFileWords = $"""
        setweight(to_tsvector('simple', casgists_search_text(NEW."Name")), 'A')
        || setweight(to_tsvector('simple', casgists_search_text(left(NEW."Content", 100000))), 'D')
        || {PostgresFacets("NEW.\"GistId\"", "NEW.\"Id\"", "NEW.\"Language\"", "NEW.\"Position\"")}
        """;

    private const string SearchFilesColumns = """
        "FileId", "Id", "Visibility", "OwnerId", "UpdatedAt", "CreatedAt", "StarCount", search_vector
        """;

    /// <summary>
    /// The file's vector with its gist's facets, kept on <c>gist_files</c> by a BEFORE trigger from <c>Search4</c> until
    /// <c>SearchFiles</c> (whose Down puts it back).
    /// </summary>
    private static readonly string PostgresFileVectorWithFacets = $"""
        CREATE OR REPLACE FUNCTION casgists_gist_file_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector :=
                coalesce((SELECT {PostgresGistWords} FROM gists g WHERE g."Id" = NEW."GistId"), ''::tsvector)
                || {PostgresFileWords};
            RETURN NEW;
        END $$;
        """;

    private const string PostgresFileVectorWithFacetsTrigger = """
        CREATE TRIGGER search_gist_files BEFORE INSERT OR UPDATE OF "Name", "Content", "GistId", "Language", "Position" ON gist_files
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_file_search_vector();
        """;

    public static readonly string PostgresSearch4Up = $"""
        {PostgresFileVectorWithFacets}

        DROP TRIGGER search_gist_files ON gist_files;
        {PostgresFileVectorWithFacetsTrigger}

        -- A file added, removed or changed in language: the other files of the gist get their facets again.
        {PostgresFileFacetsFunction("CREATE", null)}

        CREATE TRIGGER search_gist_file_facets AFTER INSERT OR DELETE OR UPDATE OF "GistId", "Language" ON gist_files
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_file_facets();

        {PostgresTopicFacetsFunction("CREATE", null)}

        CREATE TRIGGER search_gist_topic_facets AFTER INSERT OR DELETE ON gist_topics
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_topic_facets();

        UPDATE gist_files SET "Name" = "Name";
        ANALYZE gist_files;
        """;

    public const string PostgresSearch4Down = """
        DROP TRIGGER IF EXISTS search_gist_topic_facets ON gist_topics;
        DROP FUNCTION IF EXISTS casgists_gist_topic_facets();
        DROP TRIGGER IF EXISTS search_gist_file_facets ON gist_files;
        DROP FUNCTION IF EXISTS casgists_gist_file_facets();
        DROP TRIGGER search_gist_files ON gist_files;
        """ + PostgresFileVector + """
        CREATE TRIGGER search_gist_files BEFORE INSERT OR UPDATE OF "Name", "Content", "GistId" ON gist_files
        FOR EACH ROW EXECUTE FUNCTION casgists_gist_file_search_vector();
        UPDATE gist_files SET "Name" = "Name";
        """;

    /// <summary>
    /// Merges every segment of the SQLite index into one (FTS5's <c>optimize</c>). A bulk load leaves the index in
    /// segments of every size (26 at 100,000 gists after seeding and <c>Search4</c>'s rebuild), and each term of a query
    /// then walks a list per segment: the rank's column lookups for a phrase took 2.3 ms instead of 0.7, for a word with
    /// two facets 5.3 instead of 3.7. Later writes add small segments, which FTS5's automerge keeps few.
    /// Migration <c>SqliteFast</c>, and the end of <c>reindex</c> (<see cref="SqliteFtsSearchBackend.RebuildSql"/>).
    /// </summary>
    public const string SqliteOptimize = """
        INSERT INTO search_fts(search_fts) VALUES('optimize');
        """;

    /// <summary>
    /// Migration <c>SearchCovering</c>, PostgreSQL only: the gist columns a search reads for every candidate file (the
    /// access rule, the sort keys, the stored stars) in an index on the key, so each candidate's gist is an index-only
    /// scan instead of a heap fetch (a common word at 100,000 gists: 19.9 → 17.4 ms p50, measured in turns with and
    /// without it). The same index on SQLite, measured the same way, gained nothing for words and cost 20% for
    /// words with facets: its migration is empty.
    /// </summary>
    public const string PostgresCoveringUp = """
        CREATE INDEX ix_gists_search ON gists ("Id") INCLUDE ("Visibility", "OwnerId", "UpdatedAt", "CreatedAt", "StarCount");
        ANALYZE gists;
        """;

    public const string PostgresCoveringDown = """
        DROP INDEX IF EXISTS ix_gists_search;
        """;

    private const string PostgresGistFacetsFunction = """
        CREATE FUNCTION casgists_gist_facets(gist varchar) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE
        RETURN array_to_tsvector(ARRAY(
            SELECT 'l:' || encode(convert_to(lower(x."Language"), 'UTF8'), 'hex') FROM gist_files x WHERE x."GistId" = gist
            UNION SELECT 't:' || encode(convert_to(t."Topic", 'UTF8'), 'hex') FROM gist_topics t WHERE t."GistId" = gist));
        """;

    // Run beside every re-vectoring of a gist's files for a facet change: the same change, on the gist's own row.
    private const string PostgresUpdateGistFacets = """UPDATE gists SET search_facets = casgists_gist_facets("Id") WHERE "Id" IN ({0});""";

    // What the planner expects a match of the files' vectors to return, from the statistics it plans with (EXPLAIN is
    // refused in a function not marked VOLATILE). The query goes in as a quoted literal of its canonical text.
    private static string PostgresMatchEstimateFunction(string create, string table) => $"""
        {create} FUNCTION casgists_match_estimate(query tsquery) RETURNS float8 LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            plan json;
        BEGIN
            EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE search_vector @@ %L::tsquery', query::text) INTO plan;
            RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
        END $$;
        """;

    /// <summary>
    /// Migration <c>SearchPlanning</c>, PostgreSQL only. (1) <c>casgists_match_estimate</c>, the planner's estimate of a
    /// match, with which the search picks how to find its candidates (<see cref="PostgresSearchBackend.EstimateSql"/>).
    /// (2) Each gist's facets (the languages of its files and its topics,
    /// the lexemes of <see cref="SearchFacet.PostgresLexeme"/>) also in <c>gists.search_facets</c>, with a GIN index, kept
    /// by the triggers that already re-vector the files on a facet change. A search of filters alone then reads one narrow
    /// row per gist: <c>language:python topic:algorithms</c> at 100,000 gists, 24.5 → 7.5 ms p50 in turns, against the
    /// first file's vector, whose every match cost a wide file row and then a lookup of its gist. Words with facets still
    /// intersect in the files' vectors, in one pass. The files' <c>p:</c> lexeme (first file) is no longer read; it stays,
    /// because taking it out would rewrite every file row.
    /// </summary>
    public static readonly string PostgresPlanningUp = $"""
        ALTER TABLE gists ADD COLUMN search_facets tsvector;

        {PostgresGistFacetsFunction}

        {PostgresFileFacetsFunction("CREATE OR REPLACE", PostgresUpdateGistFacets)}

        {PostgresTopicFacetsFunction("CREATE OR REPLACE", PostgresUpdateGistFacets)}

        {PostgresMatchEstimateFunction("CREATE", "gist_files")}

        UPDATE gists SET search_facets = casgists_gist_facets("Id");
        CREATE INDEX ix_gists_search_facets ON gists USING gin (search_facets);
        ANALYZE gists;
        """;

    public static readonly string PostgresPlanningDown = $"""
        DROP INDEX IF EXISTS ix_gists_search_facets;
        {PostgresFileFacetsFunction("CREATE OR REPLACE", null)}
        {PostgresTopicFacetsFunction("CREATE OR REPLACE", null)}
        DROP FUNCTION IF EXISTS casgists_match_estimate(tsquery);
        DROP FUNCTION IF EXISTS casgists_gist_facets(varchar);
        ALTER TABLE gists DROP COLUMN IF EXISTS search_facets;
        """;

    /// <summary>
    /// A file's row of <c>search_files</c> (the vector as <see cref="PostgresFileVectorWithFacets"/> built it, and from
    /// <c>SearchKeyRanges</c> on, with the key's ranges: <paramref name="keyRanges"/>), for <c>NEW</c>.
    /// </summary>
    private static string PostgresSearchFileFunction(string create, bool keyRanges) => $"""
        {create} FUNCTION casgists_search_file() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO search_files ({SearchFilesColumns})
            SELECT NEW."Id", g."Id", g."Visibility", g."OwnerId", g."UpdatedAt", g."CreatedAt", g."StarCount", {PostgresGistWords} || {PostgresFileWords}{(keyRanges ? " || " + PostgresKeyRanges("NEW.\"Id\"") : "")}
            FROM gists g WHERE g."Id" = NEW."GistId"
            ON CONFLICT ("FileId") DO UPDATE SET
                "Id" = EXCLUDED."Id", "Visibility" = EXCLUDED."Visibility", "OwnerId" = EXCLUDED."OwnerId", "UpdatedAt" = EXCLUDED."UpdatedAt",
                "CreatedAt" = EXCLUDED."CreatedAt", "StarCount" = EXCLUDED."StarCount", search_vector = EXCLUDED.search_vector;
            RETURN NULL;
        END $$;
        """;

    // The table search_files under the name given, its key column as given.
    private static string SearchFilesTable(string name, string fileId) => $"""
        CREATE TABLE {name} (
            {fileId},
            "Id" varchar(32) NOT NULL,
            "Visibility" varchar(16) NOT NULL,
            "OwnerId" uuid NOT NULL,
            "UpdatedAt" timestamp with time zone NOT NULL,
            "CreatedAt" timestamp with time zone NOT NULL,
            "StarCount" integer NOT NULL,
            search_vector tsvector NOT NULL
        ) WITH (fillfactor = 90, parallel_workers = 0);
        """;

    /// <summary>
    /// Migration <c>SearchFiles</c>, PostgreSQL only: the index moves out of <c>gist_files</c> into <c>search_files</c>, one
    /// narrow row per file: its vector (the same words and facets) and its gist's access rule and sort keys, under the
    /// names <c>gists</c> gives them. Both ways to the candidates (<see cref="PostgresSearchBackend.CandidatesSql"/>) read
    /// that row alone: walking <c>gist_files</c> newest first cost a wide heap row per file (one buffer each: the content
    /// shares the row) and an index lookup of its gist per match. At 100,000 gists, in turns in one psql session:
    /// <c>return</c> 17.5 → 5.8 ms p50, <c>cache retry</c> 25.3 → 11.0.
    /// </summary>
    /// <remarks>
    /// Kept by triggers, as the SQLite index is: a file's row is rebuilt after every insert or update of what its vector
    /// reads (so <c>UPDATE gist_files SET "Name" = "Name"</c> still re-vectors, as the facet and title triggers do), and goes
    /// with the file (foreign key); a gist's rows take its visibility, owner, dates and stars when they change. Neither
    /// table is scanned in parallel: on two cores, the narrow way's parallel bitmap scan took 31 ms against 26 alone.
    /// </remarks>
    public static readonly string PostgresSearchFilesUp = $"""
        {SearchFilesTable("search_files", "\"FileId\" bigint PRIMARY KEY REFERENCES gist_files (\"Id\") ON DELETE CASCADE")}
        ALTER TABLE gist_files SET (parallel_workers = 0);

        INSERT INTO search_files ({SearchFilesColumns})
        SELECT f."Id", g."Id", g."Visibility", g."OwnerId", g."UpdatedAt", g."CreatedAt", g."StarCount", f.search_vector
        FROM gist_files f JOIN gists g ON g."Id" = f."GistId"
        ORDER BY f."Id";

        DROP TRIGGER search_gist_files ON gist_files;
        DROP FUNCTION casgists_gist_file_search_vector();
        ALTER TABLE gist_files DROP COLUMN search_vector;

        {PostgresSearchFileFunction("CREATE", keyRanges: false)}

        CREATE TRIGGER search_files_file AFTER INSERT OR UPDATE OF "Name", "Content", "GistId", "Language", "Position" ON gist_files
        FOR EACH ROW EXECUTE FUNCTION casgists_search_file();

        CREATE FUNCTION casgists_search_files_gist() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE search_files SET "Visibility" = NEW."Visibility", "OwnerId" = NEW."OwnerId", "UpdatedAt" = NEW."UpdatedAt",
                "CreatedAt" = NEW."CreatedAt", "StarCount" = NEW."StarCount"
            WHERE "Id" = NEW."Id";
            RETURN NULL;
        END $$;

        CREATE TRIGGER search_files_gist AFTER UPDATE ON gists
        FOR EACH ROW WHEN (OLD."Visibility" IS DISTINCT FROM NEW."Visibility" OR OLD."OwnerId" IS DISTINCT FROM NEW."OwnerId"
            OR OLD."UpdatedAt" IS DISTINCT FROM NEW."UpdatedAt" OR OLD."CreatedAt" IS DISTINCT FROM NEW."CreatedAt"
            OR OLD."StarCount" IS DISTINCT FROM NEW."StarCount")
        EXECUTE FUNCTION casgists_search_files_gist();

        {PostgresMatchEstimateFunction("CREATE OR REPLACE", "search_files")}

        {PostgresSearchFilesIndexes}
        ANALYZE search_files;
        """;

    private const string PostgresSearchFilesVectorIndex = """
        CREATE INDEX ix_search_files_vector ON search_files USING gin (search_vector);
        """;

    // search_files' indexes (but the owner's, from SearchOwners) and the statistics its vector is planned with.
    private const string PostgresSearchFilesIndexes = PostgresSearchFilesVectorIndex + """

        CREATE INDEX ix_search_files_gist ON search_files ("Id");
        ALTER TABLE search_files ALTER COLUMN search_vector SET STATISTICS 1000;
        """;

    public static readonly string PostgresSearchFilesDown = $"""
        DROP TRIGGER search_files_gist ON gists;
        DROP FUNCTION casgists_search_files_gist();
        DROP TRIGGER search_files_file ON gist_files;
        DROP FUNCTION casgists_search_file();

        ALTER TABLE gist_files ADD COLUMN search_vector tsvector;
        UPDATE gist_files f SET search_vector = s.search_vector FROM search_files s WHERE s."FileId" = f."Id";
        {PostgresFileVectorWithFacets}
        {PostgresFileVectorWithFacetsTrigger}
        {PostgresMatchEstimateFunction("CREATE OR REPLACE", "gist_files")}

        DROP TABLE search_files;
        ALTER TABLE gist_files RESET (parallel_workers);
        CREATE INDEX ix_gist_files_search_vector ON gist_files USING gin (search_vector);
        ALTER TABLE gist_files ALTER COLUMN search_vector SET STATISTICS 1000;
        ANALYZE gist_files;
        """;

    /// <summary>
    /// Migration <c>SearchOwners</c>, PostgreSQL only: each owner's rows of <c>search_files</c>, newest first. With words and
    /// <c>user:</c> (or <c>is:mine</c>, <c>visibility:</c>) the search asks for no estimate and the planner starts from the
    /// owner's rows; without the index it read every match (<c>user:demo7 return</c> at 100,000 gists: 133,132 matches
    /// for 68 results, 300 ms).
    /// </summary>
    public const string PostgresSearchOwnersUp = """
        CREATE INDEX ix_search_files_owner ON search_files ("OwnerId", "FileId");
        """;

    public const string PostgresSearchOwnersDown = """
        DROP INDEX ix_search_files_owner;
        """;

    /// <summary>
    /// The keys of a range of <c>search_files</c>: a file key shifted right by this many bits (16,384 keys). Coarser than the
    /// matches of any word the recent way reads (at most a few tens of thousands of files), so the GIN index walks the
    /// words' matches and skips through the ranges' lists; ranges of 1,024 keys were rarer than the words, and the index
    /// then walked every key of every range (<c>orders</c>, 4,767 matches: 36.5 ms, where the narrow way took 9.3).
    /// </summary>
    public const int KeyRangeBits = 14;

    /// <summary>
    /// The lexeme of the key range <paramref name="range"/> (a key shifted right by <see cref="KeyRangeBits"/>):
    /// <c>k14:18</c>. A searched word cannot equal it: <c>casgists_search_text</c> turns every colon into a space.
    /// </summary>
    public static string PostgresKeyRangeLexeme(long range) =>
        "k" + KeyRangeBits.ToString(CultureInfo.InvariantCulture) + ":" + range.ToString(CultureInfo.InvariantCulture);

    // The range of the file key (an SQL expression) as the text of its lexeme: PostgresKeyRangeLexeme's text.
    private static string PostgresKeyRange(string key) => $"""
        'k{KeyRangeBits}:' || ({key} >> {KeyRangeBits})::text
        """;

    // The range of the file key as a lexeme of its vector.
    private static string PostgresKeyRanges(string key) => $"array_to_tsvector(ARRAY[{PostgresKeyRange(key)}])";

    /// <summary>
    /// Migration <c>SearchKeyRanges</c>, PostgreSQL only: every file's vector also holds the range its key falls in
    /// (<see cref="PostgresKeyRangeLexeme"/>), so the recent way (<see cref="PostgresSearchBackend.CandidatesSql"/>) asks the
    /// GIN index for the words' matches among the newest keys in one scan, which walks the words' matches and skips through
    /// the ranges' lists. It AND-ed a bitmap of the primary key's range instead, whose every row (59,067 of them for
    /// <c>dijkstra OR huffman</c> at 100,000 gists) cost more than the matches it kept.
    /// </summary>
    /// <remarks>
    /// The table is copied, in key order, with the lexeme added, rather than updated in place: an update of every row
    /// doubles the table and scatters its rows (the recent way then read a page per match: 21 → 43 ms for that query), and
    /// inside the migration's transaction neither <c>CLUSTER</c> nor <c>VACUUM</c> can give the space back (the old rows
    /// are still visible to others until it commits). Writers wait on the lock, and a write queued behind it fails once the
    /// old table is gone, with nothing half-written. The indexes and constraints are those of <see cref="PostgresSearchFilesUp"/>
    /// and <see cref="PostgresSearchOwnersUp"/>, under the same names.
    /// </remarks>
    public static readonly string PostgresSearchKeyRangesUp = $"""
        LOCK TABLE search_files IN EXCLUSIVE MODE;
        {PostgresSearchFileFunction("CREATE OR REPLACE", keyRanges: true)}
        {SearchFilesTable("search_files_ranged", "\"FileId\" bigint NOT NULL")}
        INSERT INTO search_files_ranged ({SearchFilesColumns})
        SELECT "FileId", "Id", "Visibility", "OwnerId", "UpdatedAt", "CreatedAt", "StarCount", search_vector || {PostgresKeyRanges("\"FileId\"")}
        FROM search_files ORDER BY "FileId";
        DROP TABLE search_files;
        ALTER TABLE search_files_ranged RENAME TO search_files;
        ALTER TABLE search_files ADD PRIMARY KEY ("FileId");
        ALTER TABLE search_files ADD FOREIGN KEY ("FileId") REFERENCES gist_files ("Id") ON DELETE CASCADE;
        {PostgresSearchFilesIndexes}
        {PostgresSearchOwnersUp}
        ANALYZE search_files;
        """;

    public static readonly string PostgresSearchKeyRangesDown = $"""
        {PostgresSearchFileFunction("CREATE OR REPLACE", keyRanges: false)}
        DROP INDEX ix_search_files_vector;
        UPDATE search_files SET search_vector = ts_delete(search_vector, {PostgresKeyRange("\"FileId\"")});
        {PostgresSearchFilesVectorIndex}
        ANALYZE search_files;
        """;
}
