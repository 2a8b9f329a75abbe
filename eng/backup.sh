#!/usr/bin/env bash
# Backs up a KepOffice installation into one folder:
#   kepoffice.dump      the PostgreSQL database (pg_dump custom format): applications, register, audit log, CRLs,
#                       Hangfire, and - unless KepOffice:DataProtection:KeysPath is set - the Data Protection key ring
#   ca-keys.tar.gz      the CA key folder (KepOffice:Pki:KeyStorePath, default {DataPath}/keys), encrypted CA keys
#   dp-keys.tar.gz      the Data Protection key folder, only when the ring is kept in a folder
#   SHA256SUMS          checksums that restore.sh checks first
# The passphrases (KepOffice:Pki:KeyPassphrase, KepOffice:DataProtection:KeyPassphrase or the key-protecting
# certificate and its password) are NOT in the backup: keep them apart from it; without them it cannot be read.
#
# Usage: eng/backup.sh OUTPUT_DIR
# Environment: KEPOFFICE_PG_URL   libpq connection URI of the database, e.g. postgresql://kepoffice@db:5432/kepoffice
#                                 (the password from PGPASSWORD or ~/.pgpass)
#              KEPOFFICE_CA_KEYS  the CA key folder
#              KEPOFFICE_DP_KEYS  the Data Protection key folder (optional: only when KeysPath is set)
#              PG_BIN             folder of pg_dump (optional; default: from PATH)
set -euo pipefail
out="${1:?usage: eng/backup.sh OUTPUT_DIR}"
: "${KEPOFFICE_PG_URL:?set KEPOFFICE_PG_URL to the database to back up}"
: "${KEPOFFICE_CA_KEYS:?set KEPOFFICE_CA_KEYS to the CA key folder}"
bin="${PG_BIN:+$PG_BIN/}"
[ -d "$KEPOFFICE_CA_KEYS" ] || { echo "backup: CA key folder $KEPOFFICE_CA_KEYS not found" >&2; exit 1; }
mkdir -p "$out"
umask 077

# One consistent snapshot of the whole database; no owners or grants, so it restores under any role.
"${bin}pg_dump" --format=custom --no-owner --no-privileges --file="$out/kepoffice.dump" "$KEPOFFICE_PG_URL"
tar -czf "$out/ca-keys.tar.gz" -C "$KEPOFFICE_CA_KEYS" .
files=(kepoffice.dump ca-keys.tar.gz)
if [ -n "${KEPOFFICE_DP_KEYS:-}" ]; then
    [ -d "$KEPOFFICE_DP_KEYS" ] || { echo "backup: Data Protection key folder $KEPOFFICE_DP_KEYS not found" >&2; exit 1; }
    tar -czf "$out/dp-keys.tar.gz" -C "$KEPOFFICE_DP_KEYS" .
    files+=(dp-keys.tar.gz)
fi
(cd "$out" && sha256sum "${files[@]}" > SHA256SUMS)
echo "backup: ${files[*]} written to $out"
