using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteFast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.SqliteOptimize);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing: merging segments changes no table, trigger or row of the index, only how its lists are stored.
        }
    }
}
