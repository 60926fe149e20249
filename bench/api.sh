#!/usr/bin/env bash
# Requests per second of GET /api/v1/gists/{id} against a bare endpoint returning the same bytes from memory
# (/bench/bare/{id}, mapped only with Bench__BareEndpoint=true), in one run of the published Release build on
# SQLite, with wrk. Anonymous reads of a public 3-file gist.
#   bench/api.sh            (SKIP_PUBLISH=1 to reuse bench/results/publish; DURATION, THREADS, CONNECTIONS)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
pub=$out/publish
duration=${DURATION:-15s}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
mkdir -p "$out"

if [ "${SKIP_PUBLISH:-}" != 1 ]; then
  echo "publishing (dotnet publish CasGists.App -c Release -o $pub)" >&2
  rm -rf "$pub"
  dotnet publish CasGists.App -c Release -o "$pub" -nologo >/dev/null
fi
pub=$(cd "$pub" && pwd)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/casgists-api-bench.XXXXXX)
export CASGISTS_DATA_DIR=$work/data
# Information-level request logs would measure the console, not the API.
export Logging__LogLevel__Default=Warning
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=""; }
trap 'stop; rm -rf "$work"' EXIT
cd "$work"

dotnet "$pub/CasGists.dll" user create --username bench --email bench@example.test --password bench-password-1 >/dev/null
token=$(dotnet "$pub/CasGists.dll" token create --username bench --name bench --scopes gist:write | tail -n 1)

Bench__BareEndpoint=true dotnet "$pub/CasGists.dll" --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.05
done

id=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/gists" -d '{
  "title": "Bench", "description": "A gist read by wrk", "visibility": "public",
  "files": [ { "name": "a.py", "content": "print(\"hello\")\n" }, { "name": "b.md", "content": "# Notes\n\nSome text.\n" },
             { "name": "c.json", "content": "{ \"a\": 1, \"b\": [1, 2, 3] }\n" } ] }' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

api="http://127.0.0.1:$port/api/v1/gists/$id"
bare="http://127.0.0.1:$port/bench/bare/$id"
cmp <(curl -sf "$api") <(curl -sf "$bare") || { echo "the two endpoints answer different bytes" >&2; exit 1; }
bytes=$(curl -sf "$api" | wc -c)

rps() { wrk -t"$threads" -c"$connections" -d"$duration" "$1" | awk '/Requests\/sec/ {print $2}'; }
# Warm both (JIT, connection pools), then measure them back to back.
wrk -t1 -c4 -d3s "$api" >/dev/null; wrk -t1 -c4 -d3s "$bare" >/dev/null
api_rps=$(rps "$api")
bare_rps=$(rps "$bare")
ratio=$(python3 -c "print(f'{$api_rps / $bare_rps:.2f}')")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; body $bytes bytes; wrk -t$threads -c$connections -d$duration" >&2
echo "| GET /api/v1/gists/{id} vs a bare endpoint with the same $bytes bytes (SQLite, anonymous, published Release) | $api_rps vs $bare_rps req/s = ${ratio}× | bench/api.sh |"
