using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite: see SearchSchema.PostgresSearchOwnersUp. SQLite starts from the owner's gists through
            // IX_gists_OwnerId_UpdatedAt (SqliteFtsSearchBackend.CandidatesSql).
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite.
        }
    }
}
