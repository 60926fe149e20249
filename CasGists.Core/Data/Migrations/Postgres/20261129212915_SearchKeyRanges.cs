using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchKeyRanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresSearchKeyRangesUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresSearchKeyRangesDown);
        }
    }
}
