#!/usr/bin/env bash
# Load benchmark of the release server (not part of ctest). From any folder:
#
#   tests/bench/run.sh
#
# builds the release binary (cmake --workflow --preset release) and the seeding
# tool hearth_bench_seed (in build/bench), seeds a throwaway data directory
# (50,000 people, 2,000 peer groups), starts `hearth demo` on it, signs in once
# as a demo account, drives the group directory, a group page, the home page,
# help, health and static CSS with wrk, measures nginx serving the same bytes
# as a reference, stops everything and writes tests/bench/RESULTS.md.
# Takes about 6 minutes. HEARTH_* environment variables reach the server
# (e.g. HEARTH_SERVER_THREADS=16) and are listed in the results.
#
# Options:
#   --people N         people to seed (default 50000)
#   --groups N         groups to seed (default 2000)
#   --duration S       seconds per Hearth case (default 10; nginx cases get half)
#   --quick            2-second cases, to check the script itself
#   --output FILE      where to write the results (default tests/bench/RESULTS.md)
#   --keep             keep the temporary folder (database, logs, raw wrk output)
set -euo pipefail

usage() {
  sed -n '2,21s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_dir=$repo_root/tests/bench

people=50000
groups=2000
duration=10
output=$bench_dir/RESULTS.md
keep=false
while (($# > 0)); do
  case "$1" in
    --people) people=${2:?--people needs a number}; shift 2 ;;
    --groups) groups=${2:?--groups needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --quick) duration=2; shift ;;
    --output) output=${2:?--output needs a file}; shift 2 ;;
    --keep) keep=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $duration =~ ^[0-9]+$ && $duration -ge 2 ]] || { echo "run.sh: --duration must be 2 or more" >&2; exit 2; }
reference_duration=$(((duration + 1) / 2))

# The demo directory's account (ldap/sample-directory.ldif) that the run signs in as.
bench_user=amy.chen
bench_password=hearth-demo
# wrk: two threads; a request still waiting after this long counts as a timeout error.
wrk_threads=2
wrk_timeout=10s

cd "$repo_root"
server_binary=$repo_root/build/release/src/hearth
seed_build=$repo_root/build/bench
seed_binary=$seed_build/tests/bench/hearth_bench_seed

log() { printf 'bench: %s\n' "$*" >&2; }

work=$(mktemp -d -t hearth-bench.XXXXXX)
server_pid=""
nginx_pid=""
nginx_dir=""

stop_process() {
  local pid=$1
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  stop_process "$server_pid"
  stop_process "$nginx_pid"
  if $keep; then
    log "kept $work${nginx_dir:+ and $nginx_dir}"
  else
    rm -rf "$work" ${nginx_dir:+"$nginx_dir"}
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
  log "error: $*"
  exit 1
}

# Runs a build step quietly; on failure shows the end of its output.
run_logged() {
  local name=$1
  shift
  if ! "$@" >"$work/$name.log" 2>&1; then
    tail -n 40 "$work/$name.log" >&2
    die "failed: $*"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on (other servers may share this machine).
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free TCP port found"
}

# utime + stime of a process, in clock ticks.
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

peak_rss_kib() {
  awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"
}

now_ns() {
  date +%s%N
}

# ---- tools and builds ---------------------------------------------------------

missing=()
for tool in wrk nginx curl gzip; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} > 0)); then
  log "installing what the benchmark needs (${missing[*]}): installer/install-deps.sh --test"
  "$repo_root/installer/install-deps.sh" --test
fi
nginx_binary=$(command -v nginx)

log "building the release server (cmake --workflow --preset release)"
run_logged build-release cmake --workflow --preset release
[[ -x $server_binary ]] || die "no $server_binary after the release build"

log "building hearth_bench_seed in build/bench"
if [[ ! -f $seed_build/CMakeCache.txt ]]; then
  run_logged configure-bench cmake -S "$repo_root" -B "$seed_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DHEARTH_HARDEN=ON -DHEARTH_BUILD_TESTS=ON
fi
run_logged build-bench cmake --build "$seed_build" --target hearth_bench_seed --parallel 2

# ---- seed and start ---------------------------------------------------------------

data_dir=$work/data
log "seeding $people people and $groups groups"
"$seed_binary" --data-dir "$data_dir" --people "$people" --groups "$groups" 2>"$work/seed.log" | tee "$work/seed.out" >&2
seed_value() {
  sed -n "s/^$1=//p" "$data_dir/bench-seed.txt"
}
seed_seconds=$(seed_value seconds)
group_slug=$(seed_value group_slug)
[[ -n $group_slug ]] || die "the seeding tool named no group page"

port=$(free_port)
base=http://127.0.0.1:$port
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "starting $server_binary demo on port $port"
start_ns=$(now_ns)
"$server_binary" demo --port "$port" --data-dir "$data_dir" >"$work/server.log" 2>&1 &
server_pid=$!
startup_ms=""
for _ in $(seq 1 3000); do
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/server.log" >&2; die "the server exited"; }
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true) == 200 ]]; then
    startup_ms=$((($(now_ns) - start_ns) / 1000000))
    break
  fi
  sleep 0.01
done
[[ -n $startup_ms ]] || die "no 200 from /healthz within 30 seconds"
log "up after $startup_ms ms"

# Sign in once, as a browser would: the sign-in page sets a session cookie and
# holds the form's CSRF token; a successful POST replaces the cookie.
jar=$work/cookies.txt
signin_page=$(curl -fsS -c "$jar" -b "$jar" "$base/signin")
csrf=$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$signin_page" | head -n 1 | sed 's/.*value="//; s/"$//')
[[ -n $csrf ]] || die "no csrf_token on /signin"
signin_status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf_token=$csrf" \
  --data-urlencode "username=$bench_user" --data-urlencode "password=$bench_password" "$base/signin")
[[ $signin_status == 303 ]] || die "signing in as $bench_user gave HTTP $signin_status, expected 303"
session=$(awk '$6 == "hearth_session" { token = $7 } END { print token }' "$jar")
[[ -n $session ]] || die "no hearth_session cookie after signing in"
session_cookie="hearth_session=$session"

# ---- nginx, the reference ---------------------------------------------------------

# nginx runs its workers as an unprivileged user, so its folder (apart from the
# session's private one) must be readable by everyone.
nginx_dir=$(mktemp -d -t hearth-bench-nginx.XXXXXX)
chmod 755 "$nginx_dir"
mkdir -p "$nginx_dir/root/static/css" "$nginx_dir/temp"
cp "$repo_root/web/static/css/hearth.css" "$nginx_dir/root/static/css/hearth.css"
gzip -9 -k "$nginx_dir/root/static/css/hearth.css"
curl -fsS -b "$session_cookie" -o "$nginx_dir/root/groups.html" "$base/groups"
chmod -R a+rX "$nginx_dir/root"
nginx_port=$(free_port)
while [[ $nginx_port == "$port" ]]; do nginx_port=$(free_port); done
nginx_base=http://127.0.0.1:$nginx_port
cat >"$nginx_dir/nginx.conf" <<EOF
# Throwaway nginx for tests/bench/run.sh: the same CSS and a saved copy of the
# signed-in /groups page, with default settings otherwise.
daemon off;
worker_processes auto;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events {
  worker_connections 1024;
}
http {
  access_log $nginx_dir/access.log combined buffer=64k flush=1s;
  client_body_temp_path $nginx_dir/temp/body;
  proxy_temp_path $nginx_dir/temp/proxy;
  fastcgi_temp_path $nginx_dir/temp/fastcgi;
  uwsgi_temp_path $nginx_dir/temp/uwsgi;
  scgi_temp_path $nginx_dir/temp/scgi;
  types {
    text/html html;
    text/css css;
  }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$nginx_port;
    root $nginx_dir/root;
    location = /healthz {
      default_type text/plain;
      return 200 "ok\n";
    }
    location = /groups {
      default_type "text/html; charset=utf-8";
      try_files /groups.html =404;
    }
    location /static/ {
      gzip_static on;
      gzip_vary on;
    }
  }
}
EOF
"$nginx_binary" -p "$nginx_dir" -c "$nginx_dir/nginx.conf" 2>"$nginx_dir/stderr.log" &
nginx_pid=$!
for _ in $(seq 1 500); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$nginx_base/healthz" || true) == 200 ]] && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$nginx_dir/stderr.log" "$nginx_dir/error.log" >&2 || true; die "nginx exited"; }
  sleep 0.01
done

# ---- cases --------------------------------------------------------------------------

# name | path | session (signed-in or empty) | Accept-Encoding | connections | nginx reference
cases=(
  "/groups|/groups|signed-in||16 64 256|groups"
  "/groups search|/groups?q=support|signed-in||16 64|groups"
  "/groups search + filters|/groups?q=stress&format=virtual&day=tuesday&tag=burnout&room=1|signed-in||16 64|groups"
  "/groups page 50|/groups?page=50|signed-in||16 64|groups"
  "group page|/groups/$group_slug|signed-in||16 64|groups"
  "home, signed in|/|signed-in||16 64|groups"
  "/help|/help|||16 64|groups"
  "/healthz|/healthz|||16 64|healthz"
  "CSS|/static/css/hearth.css|||16 64 256|css"
  "CSS, gzip|/static/css/hearth.css||gzip, deflate, br|16 64 256|css-gzip"
)
# name | path | Accept-Encoding
declare -A reference_path=([groups]=/groups [healthz]=/healthz [css]=/static/css/hearth.css [css-gzip]=/static/css/hearth.css)
declare -A reference_encoding=([css-gzip]="gzip, deflate, br")
declare -A reference_label=([groups]="saved /groups HTML" [healthz]="return 200" [css]="CSS" [css-gzip]="CSS, gzip_static")

# Fields of the last measurement, set by measure().
m_rps="" m_requests="" m_p50="" m_p99="" m_errors="" m_errors_cell=""

# measure NAME URL COOKIE ENCODING CONNECTIONS SECONDS: runs wrk and parses its output.
run_number=0
measure() {
  local name=$1 url=$2 cookie=$3 encoding=$4 connections=$5 seconds=$6
  run_number=$((run_number + 1))
  local out
  out=$work/wrk-$(printf '%02d' "$run_number").txt
  printf '# %s: %s, %s connections\n' "$name" "$url" "$connections" >"$out"
  BENCH_COOKIE=$cookie BENCH_ACCEPT_ENCODING=$encoding \
    wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --timeout "$wrk_timeout" --latency \
    -s "$bench_dir/request.lua" "$url" >>"$out" 2>&1 || die "wrk failed: $(tail -n 5 "$out")"
  local result
  result=$(grep '^bench-result:' "$out") || die "no bench-result line in $out"
  field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$result"; }
  m_requests=$(field requests)
  m_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  m_p50=$(awk -v us="$(field p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  m_p99=$(awk -v us="$(field p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  local status_errors connect read write timeouts
  status_errors=$(field status_errors)
  connect=$(field connect_errors)
  read=$(field read_errors)
  write=$(field write_errors)
  timeouts=$(field timeouts)
  m_errors=$((status_errors + connect + read + write + timeouts))
  local detail=()
  ((status_errors == 0)) || detail+=("non-2xx/3xx $status_errors")
  ((connect == 0)) || detail+=("connect $connect")
  ((read == 0)) || detail+=("read $read")
  ((write == 0)) || detail+=("write $write")
  ((timeouts == 0)) || detail+=("timeout $timeouts")
  m_errors_cell=$m_errors
  if ((${#detail[@]} > 0)); then
    local joined
    joined=$(printf ', %s' "${detail[@]}")
    m_errors_cell+=" (${joined:2})"
  fi
  sleep 0.5
}

# Checks that URL answers 200 with these headers (and, signed in, not the
# sign-in page); prints the body size.
check_url() {
  local url=$1 cookie=$2 encoding=$3
  local args=(-sS -o "$work/check.body" -w '%{http_code} %{size_download}')
  [[ -z $cookie ]] || args+=(-H "Cookie: $cookie")
  [[ -z $encoding ]] || args+=(-H "Accept-Encoding: $encoding")
  local reply
  reply=$(curl "${args[@]}" "$url")
  [[ ${reply%% *} == 200 ]] || die "$url answered HTTP ${reply%% *}, expected 200"
  if [[ -n $cookie ]] && grep -q 'name="password"' "$work/check.body"; then
    die "$url showed the sign-in form: the session was not accepted"
  fi
  echo "${reply##* }"
}

log "nginx reference on port $nginx_port ($reference_duration s per case)"
declare -A nginx_rps=()
reference_rows=()
for reference in groups healthz css css-gzip; do
  size=$(check_url "$nginx_base${reference_path[$reference]}" "" "${reference_encoding[$reference]:-}")
  for connections in 16 64 256; do
    [[ $reference == healthz && $connections == 256 ]] && continue
    measure "nginx ${reference_label[$reference]}" "$nginx_base${reference_path[$reference]}" "" \
      "${reference_encoding[$reference]:-}" "$connections" "$reference_duration"
    nginx_rps[$reference/$connections]=$m_rps
    reference_rows+=("| ${reference_label[$reference]} | \`${reference_path[$reference]}\` | $size | $connections | $m_rps | $m_p50 | $m_p99 | $m_errors_cell |")
    log "nginx ${reference_label[$reference]} c$connections: $m_rps req/s"
  done
done
stop_process "$nginx_pid"
nginx_pid=""

log "warming up the server"
measure "warm-up" "$base/groups" "$session_cookie" "" 16 2

log "measuring Hearth ($duration s per case)"
clock_ticks=$(getconf CLK_TCK)
result_rows=()
for case in "${cases[@]}"; do
  IFS='|' read -r name path session encoding connection_list reference <<<"$case"
  cookie=""
  [[ -z $session ]] || cookie=$session_cookie
  size=$(check_url "$base$path" "$cookie" "$encoding")
  for connections in $connection_list; do
    ticks_before=$(cpu_ticks "$server_pid")
    measure "$name" "$base$path" "$cookie" "$encoding" "$connections" "$duration"
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/server.log" >&2; die "the server exited during $name"; }
    ticks_after=$(cpu_ticks "$server_pid")
    cpu_per_request=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$clock_ticks" -v n="$m_requests" \
      'BEGIN { if (n > 0) printf "%.3f", t / hz * 1000 / n; else print "-" }')
    reference_rps=${nginx_rps[$reference/$connections]:-}
    ratio="-"
    if [[ -n $reference_rps && $reference_rps != 0 ]]; then
      ratio=$(awk -v a="$m_rps" -v b="$reference_rps" 'BEGIN { printf "%.3f (%s)", a / b, b }')
    fi
    rss_mib=$(awk -v k="$(peak_rss_kib "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
    shown_path=$path
    [[ -z $encoding ]] || shown_path+=" (Accept-Encoding: $encoding)"
    result_rows+=("| $name | \`$shown_path\` | $size | $connections | $m_rps | $m_p50 | $m_p99 | $m_errors_cell | $ratio | $cpu_per_request | $rss_mib |")
    log "$name c$connections: $m_rps req/s, p50 $m_p50 ms, p99 $m_p99 ms, errors $m_errors, CPU $cpu_per_request ms/req"
  done
done
peak_rss=$(awk -v k="$(peak_rss_kib "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report ---------------------------------------------------------------------------

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
binary_bytes=$(stat -c %s "$server_binary")
binary_mib=$(awk -v b="$binary_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$repo_root" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
  commit+=" (with uncommitted changes)"
fi
server_settings=$("$server_binary" print-example-config |
  sed -n 's/^# \(threads\|keep_alive_max_requests\|keep_alive_timeout_seconds\) = \(.*\)/\1 = \2/p' | paste -sd ',' - |
  sed 's/,/, /g')
hearth_env=$(env | sed -n 's/^\(HEARTH_[A-Z0-9_]*\)=.*/\1/p' | sort | paste -sd ' ' -)
seed_line="$(seed_value people) people, $(seed_value groups) groups, $(seed_value memberships) memberships"

tmp_output=$output.tmp
{
  cat <<EOF
# Hearth load benchmark: results

Generated by \`tests/bench/run.sh\` (see \`tests/bench/README.md\`); run it again to refresh this file:

\`\`\`sh
tests/bench/run.sh
\`\`\`

## Run

| | |
| --- | --- |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| commit | $commit |
| machine | $(nproc) CPUs, $cpu_model, $memory_gib GiB memory, Linux $(uname -r) |
| load average before / after (1, 5, 15 min) | $load_before / $load_after |
| server | \`build/release/src/hearth demo\` (release preset), $binary_mib MiB ($binary_bytes bytes); defaults: $server_settings${hearth_env:+; environment: $hearth_env}; log (an access line per request) to a file |
| database | \`hearth_bench_seed --people $people --groups $groups\` (the demo directory's people added): $seed_line, seeded in $seed_seconds s |
| start-up with this database (launch to first 200 on \`/healthz\`) | $startup_ms ms |
| peak RSS of the server (VmHWM at the end) | $peak_rss MiB |
| load generator | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $wrk_threads threads, $duration s per case, timeout $wrk_timeout, on the same machine; signed in once as \`$bench_user\` |
| reference | $("$nginx_binary" -v 2>&1 | sed 's/^nginx version: //'), \`worker_processes auto\`, $reference_duration s per case |

## Hearth

Latencies in ms. Errors: non-2xx/3xx responses plus socket errors (connect, read, write, timeout).
"vs nginx": Hearth's requests/s divided by nginx's (in brackets) for the same connections,
serving the same CSS, \`return 200\` for \`/healthz\`, and for pages a saved copy of the signed-in
\`/groups\` HTML (what a page would cost if it were a static file).
CPU: the server's user + system CPU time per request (/proc/PID/stat). Peak RSS: VmHWM after the case.

| case | URL | bytes | conns | req/s | p50 | p99 | errors | vs nginx | CPU ms/req | peak RSS MiB |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |
EOF
  printf '%s\n' "${result_rows[@]}"
  cat <<EOF

## nginx reference

| case | URL | bytes | conns | req/s | p50 | p99 | errors |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
EOF
  printf '%s\n' "${reference_rows[@]}"
} >"$tmp_output"
mv "$tmp_output" "$output"
log "wrote $output"
