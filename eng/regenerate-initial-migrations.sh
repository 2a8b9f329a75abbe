#!/usr/bin/env bash
# Until the first production release, the schema is one "Initial" migration per provider.
# This rebuilds both from the current model (never run it once a release has shipped:
# add a named migration with the commands in the README instead).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
rm -rf src/KepOffice.Core/Data/Migrations
for pair in Sqlite:Sqlite Postgres:PostgreSql; do
    context="${pair%%:*}KepOfficeDbContext"; folder="${pair##*:}"
    dotnet ef migrations add Initial --project src/KepOffice.Core --startup-project src/KepOffice.Core \
        --context "$context" --output-dir "Data/Migrations/$folder"
done
