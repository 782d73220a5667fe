#!/usr/bin/env bash
# End-to-end test run: tests/e2e/run.sh HEARTH_BINARY [TEST_FILE...]
#
# Without TEST_FILEs it runs every *.test.mjs here except those with a ctest of
# their own (own_ctest below); ctest's "e2e" test runs it that way, and e.g.
# "e2e_sweep" runs `run.sh HEARTH sweep.test.mjs`.
#
# Starts a throwaway slapd (ldap/throwaway-slapd.sh), writes a config for it,
# starts `HEARTH_BINARY serve` on a free loopback port, waits for /healthz,
# then runs the browser tests (node --test) in Debian's headless Chromium.
# Both processes and the scratch directory are always cleaned up.
#
# Screenshots go to ${E2E_ARTIFACTS:-<repo>/build/e2e-artifacts}; when the run
# fails, the server log is copied there too.
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  echo "usage: $0 HEARTH_BINARY [TEST_FILE...]" >&2
  exit 2
fi

e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$e2e_dir/../.." && pwd)
hearth=$(realpath -- "$1")
shift
slapd_script=$repo_root/ldap/throwaway-slapd.sh
artifacts=${E2E_ARTIFACTS:-$repo_root/build/e2e-artifacts}
mkdir -p -- "$artifacts"
artifacts=$(realpath -- "$artifacts")

fail() {
  echo "e2e: $*" >&2
  exit 1
}

[[ -x $hearth ]] || fail "not an executable: $hearth"
[[ -x $slapd_script ]] || fail "missing $slapd_script"
command -v node >/dev/null || fail "node is not on PATH (run installer/install-deps.sh --test)"
command -v curl >/dev/null || fail "curl is not on PATH (run installer/install-deps.sh --test)"
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium is missing (run installer/install-deps.sh --test)"
[[ -d $e2e_dir/node_modules/playwright-core && -d $e2e_dir/node_modules/axe-core ]] ||
  fail "tests/e2e/node_modules is missing (run installer/install-deps.sh --test)"

# Settings from the caller's environment must not leak into the server.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^HEARTH_' || true)

work=$(mktemp -d -t hearth-e2e.XXXXXX)
slapd_dir=$work/slapd
server_log=$work/hearth.log
server_pid=
demo_pid=
slapd_started=false

stop_server() {
  local pid=$1
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server "$server_pid"
  stop_server "$demo_pid"
  if $slapd_started; then
    "$slapd_script" stop "$slapd_dir" >/dev/null 2>&1 || echo "e2e: could not stop slapd in $slapd_dir" >&2
  fi
  if [[ $status -ne 0 && -f $server_log ]]; then
    cp -- "$server_log" "$artifacts/hearth.log" || true
    echo "e2e: failed (exit $status); last lines of the server log ($artifacts/hearth.log):" >&2
    tail -n 40 -- "$server_log" >&2 || true
  fi
  rm -rf -- "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- directory ------------------------------------------------------------
# HEARTH_SLAPD_WATCH_PID: slapd also stops once this script is gone, even if
# it was killed (e.g. by ctest's timeout) before its trap could run.
HEARTH_SLAPD_WATCH_PID=$$ "$slapd_script" start "$slapd_dir" >"$work/slapd-start.log" 2>&1 || {
  cat "$work/slapd-start.log" >&2
  fail "ldap/throwaway-slapd.sh start failed"
}
slapd_started=true
[[ -f $slapd_dir/env ]] || fail "throwaway slapd wrote no $slapd_dir/env"
# shellcheck disable=SC1091
source "$slapd_dir/env"
for var in SLAPD_LDAP_URL SLAPD_CA_FILE SLAPD_BASE_DN SLAPD_BIND_DN SLAPD_BIND_PASSWORD_FILE; do
  [[ -n ${!var:-} ]] || fail "$slapd_dir/env does not set $var"
done

# --- server config --------------------------------------------------------
# A TOML basic string: backslashes and double quotes escaped.
toml_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

free_port() {
  node -e '
    const server = require("net").createServer();
    server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });'
}

write_config() {
  local port=$1 base=$SLAPD_BASE_DN
  cat >"$work/hearth.toml" <<EOF
# Written by tests/e2e/run.sh for one run.
[server]
listen_address = "127.0.0.1"
port = $port

[storage]
data_directory = $(toml_string "$work/data")

[directory]
urls = [$(toml_string "$SLAPD_LDAP_URL")]
ca_file = $(toml_string "$SLAPD_CA_FILE")
bind_dn = $(toml_string "$SLAPD_BIND_DN")
bind_password_file = $(toml_string "$SLAPD_BIND_PASSWORD_FILE")
user_base = $(toml_string "ou=people,$base")
user_filter = "(&(objectClass=inetOrgPerson)(uid={username}))"
group_lookup = "memberof"
group_base = $(toml_string "ou=groups,$base")
staff_groups = [$(toml_string "cn=hearth-staff,ou=groups,$base")]
peer_supporter_groups = [$(toml_string "cn=peer-supporters,ou=groups,$base")]
coordinator_groups = [$(toml_string "cn=wellness-coordinators,ou=groups,$base")]
admin_groups = [$(toml_string "cn=hearth-admins,ou=groups,$base")]
required_group = $(toml_string "cn=hearth-staff,ou=groups,$base")
EOF
}

# --- server ---------------------------------------------------------------
mkdir -p -- "$work/data"
port=
# The free port could be taken between probing and binding: try a few.
for attempt in 1 2 3; do
  candidate=$(free_port)
  write_config "$candidate"
  "$hearth" serve --config "$work/hearth.toml" >>"$server_log" 2>&1 </dev/null &
  server_pid=$!
  # Likewise the server: stopped once this script is gone.
  (
    while kill -0 $$ 2>/dev/null && kill -0 "$server_pid" 2>/dev/null; do sleep 1; done
    kill -TERM "$server_pid" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  disown
  for _ in $(seq 600); do  # up to 60 s (sanitizer builds start slowly)
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$candidate/healthz" || true)
    if [[ $code == 200 ]]; then
      port=$candidate
      break
    fi
    sleep 0.1
  done
  [[ -n $port ]] && break
  if kill -0 "$server_pid" 2>/dev/null; then
    fail "hearth serve did not answer GET /healthz with 200 within 60 s"
  fi
  wait "$server_pid" || true
  server_pid=
  echo "e2e: hearth serve exited before it was ready (attempt $attempt)" >&2
done
[[ -n $port ]] || fail "hearth serve did not start"

# --- browser tests --------------------------------------------------------
mkdir -p -- "$work/browser"
cd "$e2e_dir"
# The files that need the sample content of `hearth demo` run against it, the
# others against `hearth serve` with the throwaway slapd.
demo_tests_all=(./events.test.mjs ./sweep.test.mjs)
# Files with a ctest of their own (tests/CMakeLists.txt), left out of a run
# without TEST_FILEs.
own_ctest=(./sweep.test.mjs ./naughty.test.mjs)
selected=()
if [[ $# -gt 0 ]]; then
  for file in "$@"; do
    file=./${file#./}
    [[ -f $file ]] || fail "no test file $e2e_dir/$file"
    selected+=("$file")
  done
else
  for file in ./*.test.mjs; do
    [[ " ${own_ctest[*]} " == *" $file "* ]] || selected+=("$file")
  done
fi
demo_tests=()
serve_tests=()
for file in "${selected[@]}"; do
  if [[ " ${demo_tests_all[*]} " == *" $file "* ]]; then
    demo_tests+=("$file")
  else
    serve_tests+=("$file")
  fi
done
if [[ ${#serve_tests[@]} -gt 0 ]]; then
  HEARTH_URL="http://127.0.0.1:$port" E2E_ARTIFACTS="$artifacts" E2E_TMPDIR="$work/browser" \
    node --test "${serve_tests[@]}" </dev/null
fi
if [[ ${#demo_tests[@]} -eq 0 ]]; then
  echo "e2e: screenshots in $artifacts"
  exit 0
fi

# --- sample content -----------------------------------------------------------
# `hearth demo`: the sample directory (in memory) and the sample content,
# relative to today, in a database of its own.
demo_port=$(free_port)
"$hearth" demo --port "$demo_port" --data-dir "$work/demo-data" >>"$work/hearth-demo.log" 2>&1 </dev/null &
demo_pid=$!
(
  while kill -0 $$ 2>/dev/null && kill -0 "$demo_pid" 2>/dev/null; do sleep 1; done
  kill -TERM "$demo_pid" 2>/dev/null || true
) </dev/null >/dev/null 2>&1 &
disown
demo_ready=false
for _ in $(seq 600); do
  kill -0 "$demo_pid" 2>/dev/null || break
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$demo_port/healthz" || true)
  if [[ $code == 200 ]]; then
    demo_ready=true
    break
  fi
  sleep 0.1
done
if ! $demo_ready; then
  cp -- "$work/hearth-demo.log" "$artifacts/hearth-demo.log" || true
  fail "hearth demo did not answer GET /healthz with 200 within 60 s (log: $artifacts/hearth-demo.log)"
fi
# E2E_HEARTH: sweep.test.mjs asks the binary for its route table (`hearth routes`).
HEARTH_URL="http://127.0.0.1:$demo_port" E2E_ARTIFACTS="$artifacts" E2E_TMPDIR="$work/browser" E2E_HEARTH="$hearth" \
  node --test "${demo_tests[@]}" </dev/null || {
  cp -- "$work/hearth-demo.log" "$artifacts/hearth-demo.log" || true
  fail "the tests against hearth demo failed (server log: $artifacts/hearth-demo.log)"
}
echo "e2e: screenshots in $artifacts"
