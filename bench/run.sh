#!/usr/bin/env bash
# Every measurement in docs/performance.md: cold start and idle memory of the published app,
# then the save benchmark on SQLite and PostgreSQL. PostgreSQL: CASGISTS_BENCH_POSTGRES, or a
# throwaway server with default (durable) settings started here and stopped on exit.
#   bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d /tmp/casgists-bench.XXXXXX)
pg_started=""
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$pg_started" ] && as_postgres pg_ctl -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "${CASGISTS_BENCH_POSTGRES:-}" ]; then
  PATH=$PATH:$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  [ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
  as_postgres initdb -D "$tmp/pg" -A trust -U postgres >/dev/null
  pg_started=1
  as_postgres pg_ctl -D "$tmp/pg" -l "$tmp/pg.log" -w -o "-p $port -c listen_addresses=127.0.0.1 -k $tmp" start >/dev/null
  export CASGISTS_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo) GiB, load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
echo "== startup"
bench/startup.sh
echo "== saves"
dotnet run -c Release --project bench/CasGists.Bench -- "$@"
