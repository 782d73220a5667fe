#!/usr/bin/env bash
# The systemd units pass `systemd-analyze security` with an overall exposure of
# at most 2.0 (--threshold counts in tenths: 20), hearth.service both as shipped
# and with the port-443 drop-in; `systemd-analyze verify` finds nothing wrong
# with any unit besides the binary not being installed on this machine.
#
# Usage: tests/ops/systemd_security.sh SOURCE_DIR
set -euo pipefail
source_dir=${1:?usage: systemd_security.sh SOURCE_DIR}
units=$source_dir/systemd
threshold=20
work=$(mktemp -d -t hearth-ops-systemd.XXXXXX)
trap 'rm -rf "$work"' EXIT

failed=0
check_exposure() {
  local unit=$1
  local report
  if report=$(systemd-analyze security --offline=true --threshold=$threshold "$unit" 2>&1); then
    echo "ok: $(grep 'Overall exposure' <<<"$report")"
  else
    echo "FAIL: $(basename "$unit") is above an exposure of 2.0 (or could not be analysed):" >&2
    grep -E '✗|Overall|rror' <<<"$report" >&2 || echo "$report" >&2
    failed=1
  fi
}

check_exposure "$units/hearth.service"
check_exposure "$units/hearth-backup.service"

# The unit with the documented port-443 drop-in applied (later assignments win).
cp "$units/hearth.service" "$work/hearth-with-port-443.service"
grep -v '^#' "$units/hearth-port-443.conf.example" >>"$work/hearth-with-port-443.service"
check_exposure "$work/hearth-with-port-443.service"

# Properties the issue asks for by name: a regression that drops one fails here
# even if the overall score would still pass.
required=(Type=notify WatchdogSec= User=hearth StateDirectory=hearth ConfigurationDirectory=hearth
          LogsDirectory=hearth LoadCredential=bind-password: ProtectSystem=strict ProtectHome=yes
          PrivateTmp=yes PrivateDevices=yes NoNewPrivileges=yes 'CapabilityBoundingSet=$'
          'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' SystemCallFilter=@system-service
          MemoryDenyWriteExecute=yes LockPersonality=yes RestrictNamespaces=yes UMask=0077
          "ExecReload=/bin/kill -HUP \\\$MAINPID")
for property in "${required[@]}"; do
  if ! grep -Eq "^$property" "$units/hearth.service"; then
    echo "FAIL: hearth.service lacks $property" >&2
    failed=1
  fi
done
if ! grep -q -- '--to-directory /var/lib/hearth/backups --keep 14' "$units/hearth-backup.service"; then
  echo "FAIL: hearth-backup.service does not run the nightly backup with retention" >&2
  failed=1
fi

# `verify` reports syntax errors and unknown settings; the binary is not
# installed here, and the units refer to each other, so check them together.
verify=$(
  cd "$units"
  systemd-analyze verify hearth.service hearth-backup.service hearth-backup.timer 2>&1 |
    grep -v 'is not executable: No such file or directory' || true
)
if [[ -n $verify ]]; then
  echo "FAIL: systemd-analyze verify:" >&2
  echo "$verify" >&2
  failed=1
fi
exit $failed
