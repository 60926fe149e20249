using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_gists_stars",
                table: "gists",
                columns: new[] { "StarCount", "UpdatedAt", "Id" },
                descending: new bool[0]);

            migrationBuilder.Sql(CasGists.Core.Social.StarCountSchema.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Social.StarCountSchema.PostgresDown);

            migrationBuilder.DropIndex(
                name: "ix_gists_stars",
                table: "gists");

            migrationBuilder.DropColumn(
                name: "StarCount",
                table: "gists");
        }
    }
}
