#!/usr/bin/env bash
# `systemctl reload` under load: runs `hearth serve` (HTTPS, a throwaway data
# directory and configuration, and a stand-in for systemd's notification
# socket with a 1 s watchdog) with wrk requesting /help over HTTPS, and sends
# SIGHUP several times while wrk runs, each time after changing the site name
# and swapping the TLS certificate. Fails on any wrk error (connect, read,
# write, timeout, or a non-2xx/3xx response), if a reload is not logged as
# done, or if the last name and certificate are not the ones served at the
# end. A configuration with a problem is refused and the server keeps going.
# The notifications must be READY=1 after start, RELOADING=1 then READY=1 per
# SIGHUP, WATCHDOG=1 about every half second throughout, and STOPPING=1.
#
# Usage: tests/ops/reload_under_load.sh HEARTH_BINARY [SECONDS]
set -euo pipefail
binary=${1:?usage: reload_under_load.sh HEARTH_BINARY [SECONDS]}
seconds=${2:-10}
for tool in wrk openssl curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "reload_under_load.sh: $tool is not installed; skipped"; exit 77; }
done

work=$(mktemp -d -t hearth-ops-reload.XXXXXX)
server_pid=
listener_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ -n $listener_pid ]]; then kill "$listener_pid" 2>/dev/null || true; wait "$listener_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for name in one two three; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=hearth-reload-$name" -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$work/$name.key" -out "$work/$name.crt" 2>/dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'unused-password\n' >"$work/bind-password"

# write_config SITE_NAME CERT_NAME
write_config() {
  cat >"$work/hearth.toml.new" <<EOF
[log]
level = "info"
[server]
listen_address = "127.0.0.1"
port = $port
tls_certificate_file = "$work/$2.crt"
tls_private_key_file = "$work/$2.key"
[storage]
data_directory = "$work/data"
[site]
name = "$1"
[directory]
urls = ["ldaps://127.0.0.1:1"]
ca_file = "$work/one.crt"
bind_dn = "cn=unused"
bind_password_file = "$work/bind-password"
user_base = "dc=unused"
EOF
  mv "$work/hearth.toml.new" "$work/hearth.toml"
}
write_config "Hearth Reload 0" one
"$binary" check-config --config "$work/hearth.toml"

# What systemd would receive on NOTIFY_SOCKET: one line per datagram.
python3 -u -c '
import socket, sys
listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
listener.bind(sys.argv[1])
print("listening", flush=True)
while True:
    print(listener.recv(4096).decode().replace("\n", "|"), flush=True)
' "$work/notify.sock" >"$work/notify.log" 2>&1 &
listener_pid=$!
for _ in $(seq 50); do [[ -S $work/notify.sock ]] && break; sleep 0.1; done

NOTIFY_SOCKET=$work/notify.sock WATCHDOG_USEC=1000000 \
  "$binary" serve --config "$work/hearth.toml" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -skf "https://127.0.0.1:$port/help" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "FAIL: the server did not start" >&2; exit 1; }
  sleep 0.1
done

subject() {
  openssl s_client -connect "127.0.0.1:$port" </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null
}

# The timeout is generous: on a busy shared machine a slow response is not a dropped one.
wrk -t2 -c16 -d"${seconds}s" --timeout 20s "https://127.0.0.1:$port/help" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
reloads=5
interval=$(python3 -c "print(max(0.2, ($seconds - 2) / ($reloads + 1)))")
# Sends SIGHUP and waits until the server has finished that reload: like any
# standard signal, a SIGHUP sent while another is still pending is merged with it.
finished_reloads=0
reload_and_wait() {
  kill -HUP "$server_pid"
  finished_reloads=$((finished_reloads + 1))
  for _ in $(seq 200); do
    (($(grep -Ec 'reload: (done|refused)' "$work/server.log" || true) >= finished_reloads)) && return
    sleep 0.05
  done
  echo "FAIL: reload $finished_reloads did not finish within 10 s" >&2
}
sleep 1
for round in $(seq $reloads); do
  sleep "$interval"
  if ((round == 3)); then
    # A broken configuration in the middle: refused, the server goes on.
    echo "[site" >"$work/hearth.toml"
    reload_and_wait
  fi
  certificate=$([[ $((round % 2)) -eq 1 ]] && echo two || echo three)
  write_config "Hearth Reload $round" "$certificate"
  reload_and_wait
done
wait "$wrk_pid" || true
cat "$work/wrk.txt"

failed=0
if grep -Eq 'Socket errors|Non-2xx or 3xx' "$work/wrk.txt"; then
  echo "FAIL: wrk saw errors during the reloads" >&2
  failed=1
fi
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
if [[ -z $requests ]] || ((requests < 100)); then
  echo "FAIL: wrk completed only '${requests}' requests" >&2
  failed=1
fi
done_count=$(grep -c 'reload: done' "$work/server.log" || true)
if ((done_count != reloads)); then
  echo "FAIL: $done_count of $reloads reloads were logged as done" >&2
  failed=1
fi
grep -q 'reload: refused' "$work/server.log" || { echo "FAIL: the broken configuration was not refused" >&2; failed=1; }
kill -0 "$server_pid" 2>/dev/null || { echo "FAIL: the server died" >&2; failed=1; }
curl -skf "https://127.0.0.1:$port/help" | grep -q "Hearth Reload $reloads" ||
  { echo "FAIL: the last site name is not served" >&2; failed=1; }
last_certificate=$([[ $((reloads % 2)) -eq 1 ]] && echo two || echo three)
subject | grep -q "CN = hearth-reload-$last_certificate" ||
  { echo "FAIL: the last certificate is not presented: $(subject)" >&2; failed=1; }
if grep -Eiq 'unused-password' "$work/server.log"; then echo "FAIL: the log holds the password" >&2; failed=1; fi

kill -TERM "$server_pid"
wait "$server_pid" || { echo "FAIL: the server exited with status $? on SIGTERM" >&2; failed=1; }
server_pid=
sleep 0.2
notifications=$(grep -v '^listening$' "$work/notify.log")
count() { grep -c "$1" <<<"$notifications" || true; }
if ! head -n 1 <<<"$notifications" | grep -q '^READY=1|STATUS=Listening on https://127.0.0.1:'; then
  echo "FAIL: the first notification is not READY=1 with the listener: $(head -n 1 <<<"$notifications")" >&2
  failed=1
fi
if (($(count '^RELOADING=1') != reloads + 1 || $(count '^READY=1') != reloads + 2)); then
  echo "FAIL: expected $((reloads + 1)) RELOADING=1 and $((reloads + 2)) READY=1:"$'\n'"$notifications" >&2
  failed=1
fi
if (($(count '^WATCHDOG=1$') < seconds)); then
  echo "FAIL: only $(count '^WATCHDOG=1$') watchdog pings in about $((seconds + 2)) s (1 s watchdog)" >&2
  failed=1
fi
if [[ $(tail -n 1 <<<"$notifications") != STOPPING=1* ]]; then
  echo "FAIL: the last notification is not STOPPING=1: $(tail -n 1 <<<"$notifications")" >&2
  failed=1
fi
if ((failed)); then
  echo "--- server log without access lines" >&2
  grep -v ' access id=' "$work/server.log" >&2
  exit 1
fi
echo "reload_under_load.sh: $requests requests, $reloads reloads and one refused, no errors;" \
  "$(count '^WATCHDOG=1$') watchdog pings"
