#!/usr/bin/env bash
# `git clone` of a gist with 100 revisions through CasGists (published Release build, SQLite) against
# `git http-backend` serving the same bare repository directly (nginx + fcgiwrap), in one run:
# RUNS (default 10) clones of each, alternating, then the medians and their ratio.
#   bench/git-clone.sh                  (SKIP_PUBLISH=1 reuses bench/results/publish)
# Needs: git, curl, sqlite3, nginx and fcgiwrap (Debian: apt-get install -y nginx-light fcgiwrap).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
revisions=${REVISIONS:-100}
out=bench/results
pub=$out/publish
mkdir -p "$out"
for tool in git curl sqlite3 nginx fcgiwrap; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing: $tool" >&2; exit 1; }
done
export PATH=$PATH:/usr/sbin

if [ "${SKIP_PUBLISH:-}" != 1 ] || [ ! -f "$pub/CasGists.dll" ]; then
  echo "publishing (dotnet publish CasGists.App -c Release -o $pub)" >&2
  rm -rf "$pub"
  dotnet publish CasGists.App -c Release -o "$pub" -nologo >/dev/null
fi
pub=$(cd "$pub" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(free_port)
nginx_port=$(free_port)
work=$(mktemp -d /tmp/casgists-clone.XXXXXX)
data=$work/data
app_pid=""; fcgi_pid=""; nginx_started=""
cleanup() {
  set +e
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$nginx_started" ] && nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null
  [ -n "$fcgi_pid" ] && kill "$fcgi_pid" 2>/dev/null && wait "$fcgi_pid" 2>/dev/null
  rm -rf "$work"
}
trap 'status=$?; cleanup; exit $status' EXIT
app() { (cd "$work" && CASGISTS_DATA_DIR=$data dotnet "$pub/CasGists.dll" "$@"); }

# --- the gist: an account, a repository with $revisions commits, its row, then `reindex` ---
app migrate >/dev/null
app user create --username bench --email bench@example.test --password bench-password-1 >/dev/null
owner=$(sqlite3 "$data/casgists.db" "SELECT Id FROM users WHERE UserName = 'bench';")
owner_dir=$(echo "$owner" | tr 'A-F' 'a-f')
id=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
repo=$data/repos/$owner_dir/$id.git
git init -q --bare -b main "$repo"
seed=$work/seed
git init -q -b main "$seed"
for i in $(seq 1 "$revisions"); do
  # A file that grows and changes every revision, and one touched now and then, as a living gist would.
  seq 1 "$((i * 5))" | sed "s/^/revision $i line /" >"$seed/notes.md"
  [ $((i % 10)) = 1 ] && printf 'print("revision %d")\n' "$i" >"$seed/script.py"
  git -C "$seed" add -A
  GIT_AUTHOR_DATE="@$((1700000000 + i * 60)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + i * 60)) +0000" \
    git -C "$seed" -c user.name=bench -c user.email=bench@example.test commit -q -m "revision $i"
done
git -C "$seed" push -q "$repo" main
head=$(git -C "$repo" rev-parse main)
now=$(date -u '+%Y-%m-%d %H:%M:%S')
sqlite3 "$data/casgists.db" "INSERT INTO gists (Id, OwnerId, Title, Description, Visibility, HeadRevision, RevisionCount, FileCount, TotalSize, CreatedAt, UpdatedAt)
  VALUES ('$id', '$owner', 'Clone benchmark', '', 'Public', '$head', $revisions, 0, 0, '$now', '$now');"
app reindex >/dev/null

# --- CasGists ---
(cd "$work" && CASGISTS_DATA_DIR=$data Logging__LogLevel__Default=Warning exec dotnet "$pub/CasGists.dll" --urls "http://127.0.0.1:$app_port" >"$work/app.log" 2>&1) &
app_pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/health/ready")" = 200 ]; do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.05
done

# --- git http-backend behind nginx + fcgiwrap, on the same repositories ---
mkdir -p "$work/nginx/logs"
fcgiwrap -s "unix:$work/fcgiwrap.sock" &
fcgi_pid=$!
cat >"$work/nginx/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  fastcgi_temp_path $work/nginx/fastcgi;
  proxy_temp_path $work/nginx/proxy;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location ~ ^/git(/.*)\$ {
      client_max_body_size 0;
      fastcgi_pass unix:$work/fcgiwrap.sock;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
      fastcgi_param GIT_PROJECT_ROOT $data/repos;
      fastcgi_param GIT_HTTP_EXPORT_ALL 1;
      fastcgi_param GIT_PROTOCOL \$http_git_protocol;
      fastcgi_param PATH_INFO \$1;
    }
  }
}
CONF
for _ in $(seq 1 100); do [ -S "$work/fcgiwrap.sock" ] && break; sleep 0.05; done
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx_started=1

casgists_url=http://127.0.0.1:$app_port/bench/$id.git
direct_url=http://127.0.0.1:$nginx_port/git/$owner_dir/$id.git
clone_ms() {
  local dest=$work/clone-$RANDOM$RANDOM began
  began=$(date +%s%N)
  git clone -q "$1" "$dest"
  echo $(( ($(date +%s%N) - began) / 1000000 ))
  [ "$(git -C "$dest" rev-list --count HEAD)" = "$revisions" ] || { echo "clone of $1 is incomplete" >&2; exit 1; }
  rm -rf "$dest"
}
# One warm-up each (JIT, page cache), not counted.
clone_ms "$casgists_url" >/dev/null
clone_ms "$direct_url" >/dev/null

ours=(); direct=()
for run in $(seq 1 "$runs"); do
  if [ $((run % 2)) = 1 ]; then
    a=$(clone_ms "$casgists_url"); b=$(clone_ms "$direct_url")
  else
    b=$(clone_ms "$direct_url"); a=$(clone_ms "$casgists_url")
  fi
  ours+=("$a"); direct+=("$b")
  echo "run $run: CasGists ${a} ms, http-backend ${b} ms" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2] + a[NR/2+1]) / 2}'; }
m_ours=$(median "${ours[@]}"); m_direct=$(median "${direct[@]}")
ratio=$(awk -v a="$m_ours" -v b="$m_direct" 'BEGIN {printf "%.2f", a / b}')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; git $(git --version | cut -d' ' -f3), nginx $(nginx -v 2>&1 | cut -d/ -f2)" >&2
echo "| \`git clone\` of a $revisions-revision gist: CasGists vs \`git http-backend\` (nginx + fcgiwrap), same repository, $runs alternating runs | ${m_ours} ms vs ${m_direct} ms median (${ratio}×); CasGists runs: ${ours[*]}; http-backend runs: ${direct[*]} | bench/git-clone.sh |"
