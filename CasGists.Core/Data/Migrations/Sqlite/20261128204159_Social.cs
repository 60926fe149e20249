using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CasGists.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Social : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ForkedFromId",
                table: "gists",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "gist_comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GistId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gist_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_gist_comments_gists_GistId",
                        column: x => x.GistId,
                        principalTable: "gists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_gist_comments_users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gist_stars",
                columns: table => new
                {
                    GistId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gist_stars", x => new { x.GistId, x.UserId });
                    table.ForeignKey(
                        name: "FK_gist_stars_gists_GistId",
                        column: x => x.GistId,
                        principalTable: "gists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_gist_stars_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_gists_ForkedFromId_OwnerId",
                table: "gists",
                columns: new[] { "ForkedFromId", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_gist_comments_AuthorId",
                table: "gist_comments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_gist_comments_GistId_Id",
                table: "gist_comments",
                columns: new[] { "GistId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_gist_stars_UserId_CreatedAt",
                table: "gist_stars",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_gists_gists_ForkedFromId",
                table: "gists",
                column: "ForkedFromId",
                principalTable: "gists",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_gists_gists_ForkedFromId",
                table: "gists");

            migrationBuilder.DropTable(
                name: "gist_comments");

            migrationBuilder.DropTable(
                name: "gist_stars");

            migrationBuilder.DropIndex(
                name: "IX_gists_ForkedFromId_OwnerId",
                table: "gists");

            migrationBuilder.DropColumn(
                name: "ForkedFromId",
                table: "gists");
        }
    }
}
