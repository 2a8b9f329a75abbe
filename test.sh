#!/usr/bin/env bash
# Installs and starts everything the tests need on a fresh Debian 12 machine, then runs every test
# project: Debian packages (Chromium, OpenSSL GOST engine, poppler, PostgreSQL 15, docker-compose),
# maildev from npm, a throw-away PostgreSQL on loopback and a real SMTP server. Exits non-zero when
# anything fails. .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
ENV_DIR="$ROOT/.test-env"
ARTIFACTS="$ROOT/artifacts/test"
RUN_DIR=$(mktemp -d /tmp/kepoffice-test.XXXXXX)
PG_BIN=/usr/lib/postgresql/15/bin
mkdir -p "$ENV_DIR" "$ARTIFACTS"

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    [ -f /usr/lib/x86_64-linux-gnu/engines-3/gost.so ] || missing+=(libengine-gost-openssl)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
    command -v docker-compose >/dev/null || missing+=(docker-compose)
    command -v npm >/dev/null || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if [ ! -x "$ENV_DIR/maildev/node_modules/.bin/maildev" ]; then
        log "installing maildev 3.0.0"
        npm install --prefix "$ENV_DIR/maildev" --no-audit --no-fund --loglevel=error maildev@3.0.0 >/dev/null
    fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PG_DATA="$RUN_DIR/pg"
MAILDEV_PID=""
cleanup() {
    set +e
    [ -n "$MAILDEV_PID" ] && kill "$MAILDEV_PID" 2>/dev/null
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1
    fi
    rm -rf "$RUN_DIR"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: use the postgres account when we are root.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
    PG_PORT=$(free_port)
    log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT"
    mkdir -p "$PG_DATA"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$RUN_DIR"; chmod 755 "$RUN_DIR"; fi
    run_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$RUN_DIR/pg.log" -w start \
        -o "-k $RUN_DIR -p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    export KEPOFFICE_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
    export KEPOFFICE_TEST_PG_BIN="$PG_BIN"
}

start_maildev() {
    SMTP_PORT=$(free_port)
    MAILDEV_WEB_PORT=$(free_port)
    log "starting maildev: SMTP 127.0.0.1:$SMTP_PORT, API http://127.0.0.1:$MAILDEV_WEB_PORT"
    mkdir -p "$RUN_DIR/mail"
    "$ENV_DIR/maildev/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" \
        --mail-directory "$RUN_DIR/mail" --silent >"$RUN_DIR/maildev.log" 2>&1 &
    MAILDEV_PID=$!
    for _ in $(seq 1 50); do
        curl -fs "http://127.0.0.1:$MAILDEV_WEB_PORT/api/email" >/dev/null 2>&1 && break
        sleep 0.2
    done
    export KEPOFFICE_TEST_SMTP_HOST=127.0.0.1 KEPOFFICE_TEST_SMTP_PORT="$SMTP_PORT"
    export KEPOFFICE_TEST_MAILDEV_API="http://127.0.0.1:$MAILDEV_WEB_PORT"
    export KEPOFFICE_TEST_MAILDEV_BIN="$ENV_DIR/maildev/node_modules/.bin/maildev"
}

install_packages
start_postgres
start_maildev
export KEPOFFICE_TEST_ARTIFACTS="$ARTIFACTS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log "checking docker/compose.yaml"
docker-compose -f docker/compose.yaml config -q

log "building"
dotnet build KepOffice.sln -c Release -nologo -v quiet

passed=0; failed=0; status=0
for project in KepOffice.UnitTests KepOffice.IntegrationTests KepOffice.EndToEndTests; do
    log "testing $project"
    out="$RUN_DIR/$project.log"
    set +e
    dotnet test "tests/$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" \
        --results-directory "$ARTIFACTS/$project" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    set -e
    summary=$(grep -E '(Passed|Failed)!\s+- Failed:' "$out" | tail -1 || true)
    p=$(sed -nE 's/.*Passed:\s+([0-9]+).*/\1/p' <<<"$summary"); f=$(sed -nE 's/.*Failed:\s+([0-9]+).*/\1/p' <<<"$summary")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] || [ -z "$summary" ]; then status=1; [ -z "$summary" ] && failed=$((failed + 1)); fi
done

echo
echo "tests: $passed passed, $failed failed"
exit $status
