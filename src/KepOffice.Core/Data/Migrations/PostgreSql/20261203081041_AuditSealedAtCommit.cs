using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KepOffice.Core.Data.Migrations.PostgreSql
{
    /// <summary>
    /// PostgreSQL seals audit rows at commit (see AuditChain.ConfigureSealingAtCommit): a row is inserted with a negative
    /// placeholder sequence number, and a deferred constraint trigger numbers and hashes it when its transaction commits,
    /// under the chain head's row lock, with the canonical text AuditChain.ComputeHash hashes (field lengths counted in
    /// UTF-16 code units, as .NET counts them).
    /// </summary>
    public partial class AuditSealedAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "audit_pending_seq");

            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "audit_events",
                type: "bigint",
                nullable: false,
                defaultValueSql: "-nextval('audit_pending_seq')",
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.Sql("""
                CREATE FUNCTION audit_chain_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                    SELECT CASE WHEN value IS NULL THEN '-'
                        ELSE (char_length(value) + char_length(regexp_replace(value, E'[^\\U00010000-\\U0010FFFF]', '', 'g')))::text || ':' || value
                    END || E'\n'
                $$;

                CREATE FUNCTION audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    sealing audit_events%ROWTYPE;
                    next_sequence bigint;
                    previous text;
                    sealed text;
                BEGIN
                    SELECT * INTO sealing FROM audit_events WHERE "Id" = NEW."Id";
                    IF NOT FOUND OR sealing."Sequence" >= 0 THEN
                        RETURN NULL; -- deleted again, or given a number of its own, within the transaction
                    END IF;

                    SELECT "LastSequence" + 1, "LastHash" INTO next_sequence, previous FROM audit_chain_head WHERE "Id" = 1 FOR UPDATE;
                    sealed := encode(sha256(convert_to(
                        audit_chain_field(previous)
                        || audit_chain_field(next_sequence::text)
                        || audit_chain_field(to_char(sealing."OccurredUtc" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                        || audit_chain_field(sealing."ActorKind")
                        || audit_chain_field(sealing."ActorId")
                        || audit_chain_field(sealing."ActorName")
                        || audit_chain_field(sealing."Origin")
                        || audit_chain_field(sealing."Action")
                        || audit_chain_field(sealing."ObjectType")
                        || audit_chain_field(sealing."ObjectId")
                        || audit_chain_field(sealing."Detail"), 'UTF8')), 'hex');
                    UPDATE audit_chain_head SET "LastSequence" = next_sequence, "LastHash" = sealed WHERE "Id" = 1;
                    UPDATE audit_events SET "Sequence" = next_sequence, "PreviousHash" = previous, "Hash" = sealed WHERE "Id" = NEW."Id";
                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER audit_events_seal AFTER INSERT ON audit_events
                    DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW WHEN (NEW."Sequence" < 0)
                    EXECUTE FUNCTION audit_seal();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_events_seal ON audit_events;
                DROP FUNCTION audit_seal();
                DROP FUNCTION audit_chain_field(text);
                """);

            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "audit_events",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldDefaultValueSql: "-nextval('audit_pending_seq')");

            migrationBuilder.DropSequence(
                name: "audit_pending_seq");
        }
    }
}
