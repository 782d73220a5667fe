#!/usr/bin/env bash
# Load benchmark of the release server (not part of ctest). From any folder:
#
#   tests/bench/run.sh
#
# builds the release binary (cmake --workflow --preset release) and the seeding
# tool hearth_bench_seed (in build/bench), seeds a throwaway hospital-sized data
# directory (50,000 people, 2,000 peer groups, 500,000 posts, 5,000 events with
# RSVPs, 500 resources, 20,000 support requests), starts `hearth demo` on it,
# signs in once as a demo account, drives the home page, the group directory
# and search, a group page, a thread of 50 replies, the agenda, a personal
# calendar feed, the resource directory, help, health and static CSS with wrk
# (also with a browser's Accept-Encoding and with Connection: close), then a
# write mix (replies and RSVPs), measures nginx serving the same bytes as a
# reference, stops everything and writes tests/bench/RESULTS.md (keeping its
# "## Findings" section). Takes about 15 minutes. HEARTH_* environment
# variables reach the server (e.g. HEARTH_SERVER_THREADS=16) and are listed in
# the results.
#
# Options:
#   --people N         people to seed (default 50000)
#   --groups N         groups to seed (default 2000)
#   --posts N          posts to seed (default 500000)
#   --events N         events to seed (default 5000)
#   --resources N      resource directory entries to seed (default 500)
#   --requests N       support requests to seed (default 20000)
#   --duration S       seconds per Hearth case (default 10; nginx cases get half)
#   --quick            2-second cases, to check the script itself
#   --output FILE      where to write the results (default tests/bench/RESULTS.md)
#   --keep             keep the temporary folder (database, logs, raw wrk output)
#   --server FILE      measure this hearth binary instead of building the release
#   --seeded DIR       use a data directory seeded earlier by hearth_bench_seed
#                      (it is changed by the run: sessions, the write mix)
set -euo pipefail

usage() {
  sed -n '2,35s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_dir=$repo_root/tests/bench

people=50000
groups=2000
posts=500000
events=5000
resources=500
requests=20000
duration=10
output=$bench_dir/RESULTS.md
keep=false
server_override=""
seeded=""
while (($# > 0)); do
  case "$1" in
    --people) people=${2:?--people needs a number}; shift 2 ;;
    --groups) groups=${2:?--groups needs a number}; shift 2 ;;
    --posts) posts=${2:?--posts needs a number}; shift 2 ;;
    --events) events=${2:?--events needs a number}; shift 2 ;;
    --resources) resources=${2:?--resources needs a number}; shift 2 ;;
    --requests) requests=${2:?--requests needs a number}; shift 2 ;;
    --duration) duration=${2:?--duration needs seconds}; shift 2 ;;
    --quick) duration=2; shift ;;
    --output) output=${2:?--output needs a file}; shift 2 ;;
    --keep) keep=true; shift ;;
    --server) server_override=${2:?--server needs a file}; shift 2 ;;
    --seeded) seeded=${2:?--seeded needs a folder}; shift 2 ;;
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
[[ -z $server_override ]] || server_binary=$(realpath "$server_override")
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

if [[ -z $server_override ]]; then
  log "building the release server (cmake --workflow --preset release)"
  run_logged build-release cmake --workflow --preset release
fi
[[ -x $server_binary ]] || die "no server binary $server_binary"

if [[ -z $seeded ]]; then
  log "building hearth_bench_seed in build/bench"
  if [[ ! -f $seed_build/CMakeCache.txt ]]; then
    run_logged configure-bench cmake -S "$repo_root" -B "$seed_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DHEARTH_HARDEN=ON -DHEARTH_BUILD_TESTS=ON
  fi
  run_logged build-bench cmake --build "$seed_build" --target hearth_bench_seed --parallel 2
fi

# ---- seed and start ---------------------------------------------------------------

data_dir=$work/data
seed_arguments=(--people "$people" --groups "$groups" --posts "$posts" --events "$events" --resources "$resources"
  --requests "$requests")
if [[ -n $seeded ]]; then
  data_dir=$(realpath "$seeded")
  [[ -f $data_dir/bench-seed.txt ]] || die "$seeded was not seeded by hearth_bench_seed"
  seed_arguments=("(earlier, in $seeded)")
  log "using the data seeded earlier in $data_dir"
else
  log "seeding $people people, $groups groups, $posts posts, $events events, $resources resources, $requests requests"
  "$seed_binary" --data-dir "$data_dir" "${seed_arguments[@]}" 2>"$work/seed.log" | tee "$work/seed.out" >&2 ||
    { cat "$work/seed.log" >&2; die "seeding failed"; }
fi
seed_value() {
  sed -n "s/^$1=//p" "$data_dir/bench-seed.txt"
}
seed_seconds=$(seed_value seconds)
group_slug=$(seed_value group_slug)
[[ -n $group_slug ]] || die "the seeding tool named no group page"
long_thread_path=$(seed_value long_thread_path)
reply_thread_path=$(seed_value reply_thread_path)
rsvp_paths=$(seed_value rsvp_paths)
feed_token=$(seed_value feed_token)

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
# The signed-in session's CSRF token (every page's sign-out form holds it), for the write mix.
session_csrf=$(curl -fsS -b "$session_cookie" "$base/" | grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 |
  sed 's/.*value="//; s/"$//')
[[ -n $session_csrf ]] || die "no csrf_token on the signed-in home page"

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

# name | path | session (signed-in or empty) | Accept-Encoding | Connection header | connections | nginx reference
cases=(
  "home, signed in|/|signed-in|||16 64 256|groups"
  "/groups|/groups|signed-in|||16 64 256|groups"
  "/groups search|/groups?q=support|signed-in|||16 64 256|groups"
  "/groups search + filters|/groups?q=stress&format=virtual&day=tuesday&tag=burnout&room=1|signed-in|||16 64|groups"
  "/groups page 50|/groups?page=50|signed-in|||16 64|groups"
  "group page|/groups/$group_slug|signed-in|||16 64 256|groups"
)
[[ -z $long_thread_path ]] || cases+=("thread, 50 replies|$long_thread_path|signed-in|||16 64 256|groups")
((events == 0)) || cases+=("/events|/events|signed-in|||16 64 256|groups")
[[ -z $feed_token ]] || cases+=("personal .ics feed|/calendar/$feed_token.ics||||16 64 256|groups")
cases+=(
  "/resources|/resources||||16 64 256|groups"
  "/help|/help||||16 64|groups"
  "/healthz|/healthz||||16 64 256|healthz"
  "CSS|/static/css/hearth.css||||16 64 256|css"
  "CSS, gzip|/static/css/hearth.css||gzip, deflate, br||16 64 256|css-gzip"
  "home, browser encodings|/|signed-in|gzip, deflate, br||64|groups"
  "/groups search, browser encodings|/groups?q=support|signed-in|gzip, deflate, br||64|groups"
  "home, Connection: close|/|signed-in||close|64|groups-close"
  "/healthz, Connection: close|/healthz|||close|64|healthz-close"
  "CSS, Connection: close|/static/css/hearth.css|||close|64|css-close"
)

declare -A reference_path=([groups]=/groups [groups-close]=/groups [healthz]=/healthz [healthz-close]=/healthz
  [css]=/static/css/hearth.css [css-gzip]=/static/css/hearth.css [css-close]=/static/css/hearth.css)
declare -A reference_encoding=([css-gzip]="gzip, deflate, br")
declare -A reference_connection=([groups-close]=close [healthz-close]=close [css-close]=close)
declare -A reference_connections=([groups-close]=64 [healthz-close]=64 [css-close]=64)
declare -A reference_label=([groups]="saved /groups HTML" [groups-close]="saved /groups HTML, Connection: close"
  [healthz]="return 200" [healthz-close]="return 200, Connection: close" [css]="CSS"
  [css-gzip]="CSS, gzip_static" [css-close]="CSS, Connection: close")

# Fields of the last measurement, set by measure().
m_rps="" m_requests="" m_p50="" m_p99="" m_errors="" m_errors_cell="" m_result=""

# A number from the last measurement's bench-result line.
result_field() {
  sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$m_result"
}

# The feed's secret token is never written to the results.
hide_token() {
  if [[ -n $feed_token ]]; then echo "${1//$feed_token/TOKEN}"; else echo "$1"; fi
}

# measure NAME URL COOKIE ENCODING CONNECTION CONNECTIONS SECONDS [SCRIPT]: runs wrk and parses its output.
run_number=0
measure() {
  local name=$1 url=$2 cookie=$3 encoding=$4 connection=$5 connections=$6 seconds=$7
  local script=${8:-$bench_dir/request.lua}
  run_number=$((run_number + 1))
  local out
  out=$work/wrk-$(printf '%02d' "$run_number").txt
  printf '# %s: %s, %s connections\n' "$name" "$(hide_token "$url")" "$connections" >"$out"
  BENCH_COOKIE=$cookie BENCH_ACCEPT_ENCODING=$encoding BENCH_CONNECTION=$connection \
    wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --timeout "$wrk_timeout" --latency \
    -s "$script" "$url" >>"$out" 2>&1 || die "wrk failed: $(tail -n 5 "$out")"
  m_result=$(grep '^bench-result:' "$out") || die "no bench-result line in $out"
  m_requests=$(result_field requests)
  m_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  m_p50=$(awk -v us="$(result_field p50_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  m_p99=$(awk -v us="$(result_field p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')
  local status_errors connect read write timeouts
  status_errors=$(result_field status_errors)
  connect=$(result_field connect_errors)
  read=$(result_field read_errors)
  write=$(result_field write_errors)
  timeouts=$(result_field timeouts)
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
  wait_idle "$url"
}

# Waits (up to a minute) until the server of URL answers /healthz within 50 ms:
# when wrk stops, requests it sent on up to 256 connections may still be
# queued (seconds of work for the big pages), and the next case must not
# start behind them.
wait_idle() {
  local health
  health=$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$1")/healthz
  local seconds
  for _ in $(seq 1 60); do
    seconds=$(curl -s -o /dev/null --max-time 60 -w '%{time_total}' "$health" || echo 60)
    awk -v s="$seconds" 'BEGIN { exit !(s < 0.05) }' && break
    sleep 1
  done
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
  [[ ${reply%% *} == 200 ]] || die "$(hide_token "$url") answered HTTP ${reply%% *}, expected 200"
  if [[ -n $cookie ]] && grep -q 'name="password"' "$work/check.body"; then
    die "$url showed the sign-in form: the session was not accepted"
  fi
  echo "${reply##* }"
}

log "nginx reference on port $nginx_port ($reference_duration s per case)"
declare -A nginx_rps=()
reference_rows=()
for reference in groups groups-close healthz healthz-close css css-gzip css-close; do
  size=$(check_url "$nginx_base${reference_path[$reference]}" "" "${reference_encoding[$reference]:-}")
  for connections in ${reference_connections[$reference]:-16 64 256}; do
    measure "nginx ${reference_label[$reference]}" "$nginx_base${reference_path[$reference]}" "" \
      "${reference_encoding[$reference]:-}" "${reference_connection[$reference]:-}" "$connections" \
      "$reference_duration"
    nginx_rps[$reference/$connections]=$m_rps
    reference_rows+=("| ${reference_label[$reference]} | \`${reference_path[$reference]}\` | $size | $connections | $m_rps | $m_p50 | $m_p99 | $m_errors_cell |")
    log "nginx ${reference_label[$reference]} c$connections: $m_rps req/s"
  done
done
stop_process "$nginx_pid"
nginx_pid=""

log "warming up the server"
measure "warm-up" "$base/groups" "$session_cookie" "" "" 16 2

clock_ticks=$(getconf CLK_TCK)
# The server's CPU ms per request since TICKS_BEFORE, for the last measurement.
cpu_per_request() {
  local ticks_after
  ticks_after=$(cpu_ticks "$server_pid")
  awk -v t=$((ticks_after - $1)) -v hz="$clock_ticks" -v n="$m_requests" \
    'BEGIN { if (n > 0) printf "%.3f", t / hz * 1000 / n; else print "-" }'
}

# SQLITE_BUSY and SQLITE_LOCKED as the server logs them: sqlite3_errstr()'s text
# in the error's detail, and the message shown to the person. Case-sensitive:
# a bare "busy" also matches random request ids ("id=BsRgZGVBusY").
busy_pattern='database (table )?is locked|SQLITE_BUSY|SQLITE_LOCKED|The portal is busy'
count_busy_lines() {
  grep -c -E "$busy_pattern" "$work/server.log" || true
}
# Records which case added such lines to the server log, for the report.
busy_seen=0
busy_cases=()
note_busy_lines() {
  local count
  count=$(count_busy_lines)
  if ((count > busy_seen)); then
    busy_cases+=("$1: $((count - busy_seen))")
    log "$1: $((count - busy_seen)) new \"database is locked\" lines in the server log"
    busy_seen=$count
  fi
}
note_busy_lines "start-up and warm-up"

log "measuring Hearth ($duration s per case)"
result_rows=()
# Per case, for the targets: "name|conns|session|kind|ratio|p99|errors".
target_rows=()
for case in "${cases[@]}"; do
  IFS='|' read -r name path session encoding connection connection_list reference <<<"$case"
  cookie=""
  [[ -z $session ]] || cookie=$session_cookie
  size=$(check_url "$base$path" "$cookie" "$encoding")
  for connections in $connection_list; do
    ticks_before=$(cpu_ticks "$server_pid")
    measure "$name" "$base$path" "$cookie" "$encoding" "$connection" "$connections" "$duration"
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/server.log" >&2; die "the server exited during $name"; }
    cpu=$(cpu_per_request "$ticks_before")
    reference_rps=${nginx_rps[$reference/$connections]:-}
    ratio="-"
    ratio_value=""
    if [[ -n $reference_rps && $reference_rps != 0 ]]; then
      ratio_value=$(awk -v a="$m_rps" -v b="$reference_rps" 'BEGIN { printf "%.3f", a / b }')
      ratio="$ratio_value ($reference_rps)"
    fi
    rss_mib=$(awk -v k="$(peak_rss_kib "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
    shown_path=$(hide_token "$path")
    [[ -z $encoding ]] || shown_path+=" (Accept-Encoding: $encoding)"
    [[ -z $connection ]] || shown_path+=" (Connection: $connection)"
    result_rows+=("| $name | \`$shown_path\` | $size | $connections | $m_rps | $m_p50 | $m_p99 | $m_errors_cell | $ratio | $cpu | $rss_mib |")
    kind=page
    [[ $path == /static/* ]] && kind=static
    [[ $path == /healthz ]] && kind=health
    [[ -z $connection ]] || kind+="-close"
    target_rows+=("$name|$connections|$session|$kind|$ratio_value|$m_p99|$m_errors")
    log "$name c$connections: $m_rps req/s, p50 $m_p50 ms, p99 $m_p99 ms, errors $m_errors, CPU $cpu ms/req"
    note_busy_lines "$name c$connections"
  done
done

# The write mix: 64 connections of the signed-in person, each request either a
# reply to a thread or an answer (going / not going) for an upcoming session.
write_row=""
write_5xx=0
rsvp_count=$(tr ',' '\n' <<<"$rsvp_paths" | grep -c . || true)
if [[ -n $reply_thread_path && -n $rsvp_paths ]]; then
  log "write mix: replies to $reply_thread_path and RSVPs for $rsvp_count sessions, 64 connections"
  ticks_before=$(cpu_ticks "$server_pid")
  BENCH_CSRF=$session_csrf BENCH_REPLY_PATH=$reply_thread_path/reply BENCH_RSVP_PATHS=$rsvp_paths \
    measure "write mix" "$base/" "$session_cookie" "" "" 64 "$duration" "$bench_dir/write.lua"
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/server.log" >&2; die "the server exited during the write mix"; }
  cpu=$(cpu_per_request "$ticks_before")
  write_5xx=$(result_field status_5xx)
  write_4xx=$(result_field status_4xx)
  write_replies=$(result_field replies)
  write_rsvps=$(result_field rsvps)
  rss_mib=$(awk -v k="$(peak_rss_kib "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
  write_row="| write mix | \`POST $reply_thread_path/reply\` ($write_replies), \`POST /events/ID/DATE/rsvp\` ($write_rsvps) | - | 64 | $m_rps | $m_p50 | $m_p99 | $m_errors_cell; 5xx $write_5xx, 4xx $write_4xx | - | $cpu | $rss_mib |"
  log "write mix c64: $m_rps req/s, p50 $m_p50 ms, p99 $m_p99 ms, errors $m_errors (5xx $write_5xx), CPU $cpu ms/req"
  note_busy_lines "write mix c64"
fi
busy_lines=$(count_busy_lines)
busy_detail=""
if ((busy_lines > 0)); then
  # Log lines hold no post text, tokens or identities (DESIGN.md), so they may be quoted.
  busy_detail=$(printf '%s; ' "${busy_cases[@]}")
  busy_detail="By case: ${busy_detail%; }. The first lines:"$'\n\n```\n'"$(grep -m 5 -E "$busy_pattern" "$work/server.log" | cut -c1-300)"$'\n```'
fi
peak_rss=$(awk -v k="$(peak_rss_kib "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- targets (issue 8) ------------------------------------------------------------------

# missed_cases RULE: "name cN: why; ..." for the cases where the awk RULE
# (reading name, conns, session, kind, ratio, p99, errors) sets `why`.
missed_cases() {
  printf '%s\n' "${target_rows[@]}" | awk -F'|' '
    { name = $1; conns = $2 + 0; session = $3; kind = $4; ratio = $5; p99 = $6 + 0; errors = $7 + 0; why = "" }
    '"$1"'
    why != "" { printf "%s%s c%d: %s", (n++ ? "; " : ""), name, conns, why }'
}
verdict() {
  if [[ -z $1 ]]; then echo "met"; else echo "**missed**: $1"; fi
}
static_missed=$(missed_cases 'kind == "static" && ratio != "" && ratio + 0 < 0.5 { why = "ratio " ratio }')
dynamic_missed=$(missed_cases 'session == "signed-in" && kind == "page" && conns == 64 {
  if (ratio != "" && ratio + 0 < 0.25) why = "ratio " ratio
  if (p99 > 15) why = why (why != "" ? ", " : "") "p99 " p99 " ms" }')
wide_missed=$(missed_cases 'conns == 256 {
  if (errors > 0) why = errors " errors"
  if (p99 > 50) why = why (why != "" ? ", " : "") "p99 " p99 " ms" }')
writes_missed=""
if [[ -n $write_row ]]; then
  ((write_5xx == 0)) || writes_missed="$write_5xx responses 5xx"
else
  writes_missed="not measured (no posts or events seeded)"
fi
((busy_lines == 0)) || writes_missed+="${writes_missed:+; }$busy_lines \"database is locked\" lines in the server log"
rss_missed=$(awk -v r="$peak_rss" 'BEGIN { if (r > 64) printf "%s MiB", r }')
startup_missed=$(awk -v s="$startup_ms" 'BEGIN { if (s > 300) printf "%s ms", s }')

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
seed_line="$(seed_value people) people, $(seed_value groups) groups, $(seed_value memberships) memberships, \
$(seed_value posts) posts in $(seed_value threads) threads, $(seed_value events) events with $(seed_value rsvps) RSVPs \
(\`$bench_user\` going to $(seed_value bench_user_sessions) sessions), $(seed_value resources) resources, \
$(seed_value requests) support requests ($(seed_value open_requests) open)"

# The findings written by hand at the end of the file are kept.
findings=""
if [[ -f $output ]] && grep -q '^## Findings' "$output"; then
  findings=$(sed -n '/^## Findings/,$p' "$output")
fi

tmp_output=$output.tmp
{
  cat <<EOF
# Hearth load benchmark: results

Generated by \`tests/bench/run.sh\` (see \`tests/bench/README.md\`); run it again to refresh everything
above "Findings" (that section is written by hand and kept):

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
| server | \`${server_binary#"$repo_root"/} demo\`$([[ -n $server_override ]] || echo " (release preset)"), $binary_mib MiB ($binary_bytes bytes); defaults: $server_settings${hearth_env:+; environment: $hearth_env}; log (an access line per request) to a file |
| database | \`hearth_bench_seed ${seed_arguments[*]}\` (the demo directory's people added): $seed_line; seeded in $seed_seconds s |
| start-up with this database (launch to first 200 on \`/healthz\`) | $startup_ms ms |
| peak RSS of the server (VmHWM at the end) | $peak_rss MiB |
| load generator | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $wrk_threads threads, $duration s per case, timeout $wrk_timeout, on the same machine; signed in once as \`$bench_user\` |
| reference | $("$nginx_binary" -v 2>&1 | sed 's/^nginx version: //'), \`worker_processes auto\`, $reference_duration s per case |

## Targets (issue 8)

| target | result |
| --- | --- |
| static files ≥ 0.5× nginx | $(verdict "$static_missed") |
| signed-in pages ≥ 0.25× nginx-static and p99 ≤ 15 ms at 64 connections | $(verdict "$dynamic_missed") |
| zero errors and p99 ≤ 50 ms at 256 keep-alive connections | $(verdict "$wide_missed") |
| writes never surface \`SQLITE_BUSY\` (5xx in the write mix; "database is locked" lines in the server log) | $(verdict "$writes_missed") |
| RSS ≤ 64 MB under load | $(verdict "$rss_missed") |
| start-up ≤ 300 ms | $(verdict "$startup_missed") |

## Hearth

Latencies in ms. Errors: non-2xx/3xx responses plus socket errors (connect, read, write, timeout).
"vs nginx": Hearth's requests/s divided by nginx's (in brackets) for the same connections and
Connection header, serving the same CSS, \`return 200\` for \`/healthz\`, and for pages a saved copy
of the signed-in \`/groups\` HTML (what a page would cost if it were a static file).
CPU: the server's user + system CPU time per request (/proc/PID/stat). Peak RSS: VmHWM after the case.
The personal feed's secret token is shown as TOKEN. The write mix: 64 connections of \`$bench_user\`,
each request a reply to one thread (303 on success) or an RSVP, going or not going, for one of
$rsvp_count upcoming sessions (303), with the session's CSRF token; the counts of each are in brackets.

| case | URL | bytes | conns | req/s | p50 | p99 | errors | vs nginx | CPU ms/req | peak RSS MiB |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |
EOF
  printf '%s\n' "${result_rows[@]}"
  [[ -z $write_row ]] || printf '%s\n' "$write_row"
  cat <<EOF

SQLITE_BUSY or SQLITE_LOCKED lines ("database is locked") in the server log after every case: $busy_lines.${busy_detail:+ $busy_detail}

## nginx reference

| case | URL | bytes | conns | req/s | p50 | p99 | errors |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
EOF
  printf '%s\n' "${reference_rows[@]}"
  if [[ -n $findings ]]; then
    printf '\n%s\n' "$findings"
  fi
} >"$tmp_output"
mv "$tmp_output" "$output"
log "wrote $output"
