using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KepOffice.Core.Data.Migrations.Sqlite
{
    /// <summary>
    /// Nothing changes on SQLite: its single writer lets the DbContext number and hash audit rows itself. The migration
    /// keeps both providers' migration sets alike (PostgreSQL's seals audit rows at commit in the database).
    /// </summary>
    public partial class AuditSealedAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
