#!/usr/bin/env bash
# Search benchmark: seed-demo into a fresh data folder, then time the query mix through the service
# and directly against the database, on SQLite and (when CASGISTS_BENCH_POSTGRES is set) PostgreSQL.
#   bench/search.sh [gists=100000] [users=1000] [runs=50]
# CASGISTS_BENCH_POSTGRES: the connection string of an EMPTY database, e.g.
#   createdb -h 127.0.0.1 -p 55432 -U postgres casgists_bench
#   CASGISTS_BENCH_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres;Database=casgists_bench' bench/search.sh
#   dropdb -h 127.0.0.1 -p 55432 -U postgres casgists_bench   # afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
gists=${1:-100000}
users=${2:-1000}
runs=${3:-50}
dotnet build CasGists.App -c Release -o /tmp/casgists-bench-bin >/dev/null
bin=/tmp/casgists-bench-bin/CasGists.dll

run() {
  local label=$1
  local dir
  dir=$(mktemp -d /tmp/casgists-search-bench.XXXXXX)
  echo "== $label: seeding $gists gists for $users users into $dir"
  CASGISTS_DATA_DIR=$dir /usr/bin/time -f "seed: %e s wall, %U s user, %S s sys, %M KB max RSS" dotnet "$bin" seed-demo --users "$users" --gists "$gists" | grep -E '^(Time per phase|Seeded)'
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  CASGISTS_DATA_DIR=$dir dotnet "$bin" bench-search --runs "$runs"
  rm -rf "$dir"
}

unset Data__Postgres ConnectionStrings__Postgres
run SQLite
if [[ -n "${CASGISTS_BENCH_POSTGRES:-}" ]]; then
  export Data__Postgres="$CASGISTS_BENCH_POSTGRES"
  run PostgreSQL
fi
