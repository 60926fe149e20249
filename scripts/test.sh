#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing (Chromium, Redis, git), starts a
# throwaway PostgreSQL and Redis on free loopback ports, builds once, then runs every test on
# SQLite and on PostgreSQL and prints one summary line. Everything it starts stops on exit.
#   scripts/test.sh                 # both providers
#   scripts/test.sh --filter Name   # extra arguments go to both `dotnet test` runs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- packages: install only what is missing --------------------------------------------------
missing=()
for pkg in chromium redis-server git prometheus; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# PostgreSQL's server binaries: on PATH, or in Debian's versioned folder.
pg_bin=""
if ! command -v initdb >/dev/null 2>&1; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_bin" ] || { echo "PostgreSQL server binaries (initdb, pg_ctl) not found" >&2; exit 1; }
  pg_bin="$pg_bin/"
fi

# A port nobody listens on and nobody holds: bind it to be sure, then let it go.
free_port() {
  local port=$1
  while [ "$port" -lt $(($1 + 200)) ]; do
    if python3 - "$port" <<'EOF' 2>/dev/null; then echo "$port"; return 0; fi
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.close()
EOF
    port=$((port + 1))
  done
  echo "no free port from $1" >&2
  return 1
}

# --- services ---------------------------------------------------------------------------------
tmp=$(mktemp -d /tmp/casgists-test.XXXXXX)
pg_data="$tmp/pg"
pg_started=""
redis_started=""

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$redis_started" ] && [ -f "$tmp/redis.pid" ]; then
    kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true
  fi
  if [ -n "$pg_started" ]; then
    as_postgres "${pg_bin}pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
pg_port=$(free_port 55433)
log "starting PostgreSQL on 127.0.0.1:$pg_port"
as_postgres "${pg_bin}initdb" -D "$pg_data" -A trust -U postgres -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
pg_started=1
as_postgres "${pg_bin}pg_ctl" -D "$pg_data" -l "$tmp/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $tmp -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
  start >/dev/null || { cat "$tmp/postgres.log" >&2; exit 1; }
for _ in $(seq 1 60); do
  as_postgres "${pg_bin}pg_ctl" -D "$pg_data" status >/dev/null 2>&1 \
    && (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && break
  sleep 0.5
done

redis_port=$(free_port 56379)
log "starting Redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$tmp" --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" >/dev/null
redis_started=1
for _ in $(seq 1 50); do
  [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && break
  sleep 0.2
done

export CASGISTS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export CASGISTS_TEST_REDIS="127.0.0.1:$redis_port"

# --- build once, test twice -------------------------------------------------------------------
log "dotnet build CasGists.sln -c Release"
dotnet build CasGists.sln -c Release -nologo -clp:ErrorsOnly

results="$root/TestResults"
status=0
for provider in sqlite postgres; do
  log "tests on $provider"
  rm -rf "${results:?}/$provider"
  CASGISTS_TEST_PROVIDER=$provider dotnet test CasGists.Tests/CasGists.Tests.csproj -c Release --no-build \
    --logger "trx;LogFileName=$provider.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/$provider" --blame-hang-timeout 5m "$@" || status=1
done

# --- summary ----------------------------------------------------------------------------------
python3 - "$results" <<'EOF' || status=1
import sys, xml.etree.ElementTree as ET
from pathlib import Path

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
results = Path(sys.argv[1])
totals = [0, 0, 0]
ok = True
for provider in ("sqlite", "postgres"):
    trx = results / provider / f"{provider}.trx"
    if not trx.exists():
        print(f"{provider}: no results ({trx} missing)")
        ok = False
        continue
    outcomes = [r.get("outcome") for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns)]
    passed = outcomes.count("Passed")
    skipped = outcomes.count("NotExecuted")
    failed = len(outcomes) - passed - skipped
    print(f"{provider}: {passed} passed, {failed} failed, {skipped} skipped")
    if failed or passed == 0:
        ok = False
    for i, n in enumerate((passed, failed, skipped)):
        totals[i] += n
print(f"tests: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
sys.exit(0 if ok else 1)
EOF

exit "$status"
