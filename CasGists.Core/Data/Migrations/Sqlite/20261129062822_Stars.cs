using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Stars : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StarCount",
                table: "gists",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_gists_stars",
                table: "gists",
                columns: new[] { "StarCount", "UpdatedAt", "Id" },
                descending: new bool[0]);

            migrationBuilder.Sql(CasGists.Core.Social.StarCountSchema.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not EF Core's DropIndex/DropColumn: its SQLite DropColumn rebuilds the table and loses the search triggers.
            migrationBuilder.Sql(CasGists.Core.Social.StarCountSchema.SqliteDown);
        }
    }
}
