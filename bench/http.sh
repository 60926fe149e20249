#!/usr/bin/env bash
# HTTP benchmarks (issue 7), side by side in one run against the published Release build on SQLite:
#   1. raw file GET vs nginx serving the same bytes from disk (wrk, 32 connections)
#   2. a gist page (server-rendered HTML) at 32 connections: from the anonymous page cache, and rendered
#      every time (a unique query string per request misses the page cache; the data cache still serves)
#   3. memory per idle circuit: CIRCUITS editor pages (/new) opened in Chromium; gist views are static pages and
#      open no circuit, so the editor is the only circuit there is. Managed heap after a full GC and working set.
#   4. 64 connections x MIXED seconds of mixed reads: errors, memory before / after / 30 s later
#   5. the mixed load again with Redis as the second level, then with Redis killed halfway
#   bench/http.sh                  # SKIP_PUBLISH=1 reuses bench/results/publish; DURATION, MIXED, CIRCUITS tune it;
#                                  # RAW_ONLY=1 stops after the raw file vs nginx step
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-15}
mixed=${MIXED:-60}
circuits=${CIRCUITS:-30}
out=bench/results
pub=$out/publish
mkdir -p "$out"

for tool in wrk nginx redis-server curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk nginx redis-server curl)" >&2; exit 1; }
done

if [ "${SKIP_PUBLISH:-}" != 1 ]; then
  echo "publishing (dotnet publish CasGists.App -c Release -o $pub)" >&2
  rm -rf "$pub"
  dotnet publish CasGists.App -c Release -o "$pub" -nologo >/dev/null
fi
pub=$(cd "$pub" && pwd)
dotnet build bench/CasGists.HttpBench -c Release -o "$out/httpbench" -nologo >/dev/null
helper="$(cd "$out/httpbench" && pwd)/CasGists.HttpBench.dll"

tmp=$(mktemp -d /tmp/casgists-http.XXXXXX)
# nginx workers run as nobody when started by root: they must be able to read the files.
chmod 755 "$tmp"
pid="" nginx_pid="" redis_pid=""
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stop_app() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
stop_redis() { [ -n "$redis_pid" ] && kill -9 "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null; redis_pid=""; }
cleanup() {
  stop_app || true
  # The app's log outlives the run, for the error lines counted at the end.
  [ -f "$tmp/app.log" ] && cp "$tmp/app.log" "$out/http-app.log"
  stop_redis || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }

port=$(free_port)
base="http://127.0.0.1:$port"
start_app() { # [redis configuration]
  (cd "$tmp" && exec env CASGISTS_DATA_DIR="$tmp/data" CASGISTS_REDIS_URL="${1:-}" ASPNETCORE_ENVIRONMENT=Production Bench__HeapEndpoint=true \
    Logging__LogLevel__Default=Warning dotnet "$pub/CasGists.dll" --urls "$base" >>"$tmp/app.log" 2>&1) &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/app.log" >&2; exit 1; }
    sleep 0.1
  done
}

# wrk, then one line: req/s, p50, p99, errors. Arguments: label connections url [wrk args...]
run_wrk() {
  local label=$1 connections=$2 url=$3; shift 3
  # Options may follow the URL (getopt); a script's own arguments come last, after "--".
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" "$@" >"$tmp/wrk.txt" 2>&1 || { cat "$tmp/wrk.txt" >&2; return 1; }
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
  errors=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$tmp/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt")
  local detail=""
  # Say which kind: wrk's socket errors (connect, read, write, timeout: a timeout is a request slower than 2 s) or non-2xx.
  [ "$(( ${errors:-0} + ${non2xx:-0} ))" -gt 0 ] && detail=" ($(grep -E 'Socket errors|Non-2xx' "$tmp/wrk.txt" | tr -s ' ' | sed 's/^ //' | paste -sd';'))"
  printf '| %s | %s | %s | %s | %s | %s%s |\n' "$label" "$connections" "$rps" "$p50" "$p99" "$(( ${errors:-0} + ${non2xx:-0} ))" "$detail"
  echo "$rps" >"$tmp/last-rps"
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1)"
mkdir -p "$tmp/www"
dotnet "$helper" seed "$tmp/data" "$tmp/www/main.c" >"$tmp/gists.txt"
mapfile -t ids < <(awk '{print $2}' "$tmp/gists.txt")
id=${ids[0]}

nport=$(free_port)
cat >"$tmp/nginx.conf" <<NGINX
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nport; root $tmp/www; location / { default_type "text/plain; charset=utf-8"; } }
}
NGINX
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
sleep 0.5
chmod -R a+rX "$tmp/www"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$nport/main.c")" = 200 ] || { echo "nginx does not serve main.c" >&2; exit 1; }

# Paths of the mixed load: pages, raw files (head and revision), profile, home.
: >"$tmp/paths.txt"
for i in $(seq 0 19); do
  g=${ids[$i]}
  printf '/bench/%s\n/bench/%s/raw/main.c\n/bench/%s/raw/notes.txt\n' "$g" "$g" "$g" >>"$tmp/paths.txt"
done
printf '/\n/?sort=updated\n/bench\n/bench?page=2\n' >>"$tmp/paths.txt"
cat >"$tmp/mixed.lua" <<'LUA'
local paths = {}
local n = 0
init = function(args) for line in io.lines(args[1]) do paths[#paths + 1] = line end end
request = function() n = n + 1; return wrk.format("GET", paths[(n % #paths) + 1]) end
LUA
cat >"$tmp/unique.lua" <<'LUA'
local n = 0
-- The page cache varies only on the parameters pages read: a fresh comments page number is a miss every time.
request = function() n = n + 1; return wrk.format("GET", wrk.path .. "?comments=" .. (n * 1000 + math.random(999))) end
LUA

start_app
# Warm up: JIT, caches, connection pools.
wrk -t2 -c16 -d5s -s "$tmp/mixed.lua" "$base" -- "$tmp/paths.txt" >/dev/null 2>&1

echo
echo "| what | connections | req/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|---:|"
run_wrk "nginx: static file main.c (4 KB) from disk" 32 "http://127.0.0.1:$nport/main.c"
nginx_rps=$(cat "$tmp/last-rps")
run_wrk "CasGists: raw file /bench/{id}/raw/main.c (same bytes)" 32 "$base/bench/$id/raw/main.c"
raw_rps=$(cat "$tmp/last-rps")
if [ "${RAW_ONLY:-}" = 1 ]; then
  echo "raw file vs nginx: $(awk -v a="$raw_rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}')x"
  exit 0
fi
run_wrk "CasGists: gist page, anonymous (page cache)" 32 "$base/bench/$id"
run_wrk "CasGists: gist page, anonymous, Brotli (page cache)" 32 "$base/bench/$id" -H "Accept-Encoding: br, gzip"
run_wrk "CasGists: gist page rendered every request (unique ?comments=)" 32 "$base/bench/$id" -s "$tmp/unique.lua"
echo
echo "raw file vs nginx: $(awk -v a="$raw_rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", a / b}')x"

echo
echo "== idle circuits ($circuits editor pages in Chromium)"
dotnet "$helper" circuits "$base" "$pid" "$circuits" || echo "circuit measurement failed (Chromium at /usr/bin/chromium?)"

mixed_run() { # label
  local before after later
  before=$(rss_mib)
  duration=$mixed run_wrk "$1" 64 "$base" -s "$tmp/mixed.lua" -H "Accept-Encoding: br, gzip" -- "$tmp/paths.txt"
  after=$(rss_mib)
  sleep 30
  later=$(rss_mib)
  echo "   memory: ${before} MiB before, ${after} MiB right after, ${later} MiB 30 s later; app error log lines so far: $(grep -c '"LogLevel":"Error"\|"LogLevel":"Critical"' "$tmp/app.log" || true)"
}
echo
echo "| mixed load | connections | req/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|---:|"
mixed_run "memory only (no Redis), ${mixed} s"
stop_app

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >"$tmp/redis.log" 2>&1 &
redis_pid=$!
sleep 0.5
start_app "127.0.0.1:$rport"
wrk -t2 -c16 -d5s -s "$tmp/mixed.lua" "$base" -- "$tmp/paths.txt" >/dev/null 2>&1
mixed_run "Redis as second level, ${mixed} s"
( sleep $((mixed / 2)); kill -9 "$redis_pid" ) &
killer=$!
mixed_run "Redis killed at $((mixed / 2)) s, ${mixed} s"
wait "$killer" 2>/dev/null || true
redis_pid=""
echo "   readiness with Redis gone: $(curl -s "$base/health/ready")"
grep -c '"LogLevel":"Error"\|fail:' "$tmp/app.log" | sed 's/^/   error log lines: /'
