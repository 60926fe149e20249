#!/usr/bin/env bash
# Cold start of the published app (SQLite, fresh data directory each run) to the first 200 on
# /health/ready, and its resident memory 5 s after start. Prints the median of RUNS (default 5).
#   bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
out=bench/results
pub=$out/publish
mkdir -p "$out"

if [ "${SKIP_PUBLISH:-}" != 1 ]; then
  echo "publishing (dotnet publish CasGists.App -c Release -o $pub)" >&2
  rm -rf "$pub"
  dotnet publish CasGists.App -c Release -o "$pub" -nologo >/dev/null
fi
pub=$(cd "$pub" && pwd)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/casgists-startup.XXXXXX)
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT

starts=(); cpus=(); rss=()
for run in $(seq 1 "$runs"); do
  data="$work/data-$run"
  cd "$work"
  began=$(date +%s%N)
  CASGISTS_DATA_DIR=$data dotnet "$pub/CasGists.dll" --urls "http://127.0.0.1:$port" >"$work/app-$run.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/app-$run.log" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(( ($(date +%s%N) - began) / 1000000 ))
  # CPU time the process used until then: on a shared machine the wall time waits for the other loads, this does not.
  cpu=$(awk -v tick="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tick)}' "/proc/$pid/stat")
  left=$(( 5000 - ready ))
  [ "$left" -gt 0 ] && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
  mem=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  stop
  cd - >/dev/null
  echo "run $run: ready in ${ready} ms (${cpu} ms CPU), ${mem} MiB RSS 5 s after start" >&2
  starts+=("$ready"); cpus+=("$cpu"); rss+=("$mem")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
echo "| cold start to first 200 on /health/ready (SQLite, new data dir) | $(median "${starts[@]}") ms (median of $runs; runs: ${starts[*]}) | bench/startup.sh |"
echo "| CPU time used until that first 200 | $(median "${cpus[@]}") ms (median of $runs; runs: ${cpus[*]}) | bench/startup.sh |"
echo "| idle memory 5 s after start (VmRSS) | $(median "${rss[@]}") MiB (median of $runs; runs: ${rss[*]}) | bench/startup.sh |"
