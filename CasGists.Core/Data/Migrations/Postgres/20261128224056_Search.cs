using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gist_topics",
                columns: table => new
                {
                    GistId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Topic = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gist_topics", x => new { x.GistId, x.Topic });
                    table.ForeignKey(
                        name: "FK_gist_topics_gists_GistId",
                        column: x => x.GistId,
                        principalTable: "gists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gist_topics_Topic",
                table: "gist_topics",
                column: "Topic");
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CasGists.Core.Search.SearchSchema.PostgresDown);

            migrationBuilder.DropTable(
                name: "gist_topics");
        }
    }
}
