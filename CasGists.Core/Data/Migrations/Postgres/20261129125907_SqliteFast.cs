using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SqliteFast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on PostgreSQL: see SearchSchema.SqliteOptimize.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing on PostgreSQL.
        }
    }
}
