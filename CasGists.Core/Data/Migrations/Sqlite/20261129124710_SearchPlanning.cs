using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchPlanning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite: see SearchSchema.PostgresPlanningUp. FTS5 walks its matches newest first by itself, and
            // SQLite's filters alone already meet the goal from the first file's facets in the full-text index.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite.
        }
    }
}
