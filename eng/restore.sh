#!/usr/bin/env bash
# Restores a backup made by eng/backup.sh into a NEW database and key folders, then stop: start KepOffice on them
# with the same passphrases as before and run `audit verify` (see README, "Backup and restore").
#
# Usage: eng/restore.sh BACKUP_DIR
# Environment: KEPOFFICE_PG_URL   libpq URI of the database to create and fill (it must not exist yet)
#              KEPOFFICE_CA_KEYS  the CA key folder to fill (created; must be empty)
#              KEPOFFICE_DP_KEYS  the Data Protection key folder to fill, when the backup has one
#              PG_BIN             folder of createdb/pg_restore (optional; default: from PATH)
set -euo pipefail
backup="${1:?usage: eng/restore.sh BACKUP_DIR}"
: "${KEPOFFICE_PG_URL:?set KEPOFFICE_PG_URL to the new database}"
: "${KEPOFFICE_CA_KEYS:?set KEPOFFICE_CA_KEYS to the CA key folder to fill}"
bin="${PG_BIN:+$PG_BIN/}"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: the backup in $backup is damaged (checksums differ)" >&2; exit 1; }
if [ -d "$KEPOFFICE_CA_KEYS" ] && [ -n "$(ls -A "$KEPOFFICE_CA_KEYS")" ]; then
    echo "restore: $KEPOFFICE_CA_KEYS is not empty; restore into an empty folder" >&2; exit 1
fi

# The database name is the URI's path; createdb refuses an existing database, so nothing is overwritten.
name="${KEPOFFICE_PG_URL##*/}"; name="${name%%\?*}"
server="${KEPOFFICE_PG_URL%/*}/postgres"
"${bin}createdb" --maintenance-db="$server" "$name"
"${bin}pg_restore" --exit-on-error --no-owner --no-privileges --single-transaction --dbname="$KEPOFFICE_PG_URL" "$backup/kepoffice.dump"

umask 077
mkdir -p "$KEPOFFICE_CA_KEYS"
tar -xzf "$backup/ca-keys.tar.gz" -C "$KEPOFFICE_CA_KEYS"
if [ -f "$backup/dp-keys.tar.gz" ]; then
    : "${KEPOFFICE_DP_KEYS:?the backup holds a Data Protection key folder: set KEPOFFICE_DP_KEYS}"
    mkdir -p "$KEPOFFICE_DP_KEYS"
    tar -xzf "$backup/dp-keys.tar.gz" -C "$KEPOFFICE_DP_KEYS"
fi
echo "restore: database $name and keys restored; start KepOffice on them and run: audit verify"
