using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresSearchOwnersUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresSearchOwnersDown);
        }
    }
}
