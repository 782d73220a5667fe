#!/usr/bin/env bash
# Removes what installer/install.sh installed: stops and disables the service
# and the backup timer, and removes the units, /usr/bin/hearth and the
# documentation. The database (/var/lib/hearth, backups included), the
# configuration (/etc/hearth) and the `hearth` user stay unless --purge, which
# removes those too, for good.
#
# Every change is printed as a line starting with "+ ". Running it again
# changes nothing.
#
# Usage: installer/uninstall.sh [--purge] [--dry-run] [--root DIR]
#   --purge     also delete the data, backups, logs, configuration and the user
#   --dry-run   print every action without doing any of them
#   --root DIR  uninstall from DIR instead of / (a throwaway root for tests)
set -euo pipefail

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "$0"
}

root=/
dry_run=false
purge=false
while (($# > 0)); do
  case "$1" in
    --purge) purge=true; shift ;;
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "uninstall.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "uninstall.sh: $*"; }
die() { echo "uninstall.sh: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root"
if [[ $root != / ]]; then
  [[ -d $root ]] || die "--root $root is not a directory"
  root=$(cd "$root" && pwd)
fi
at() { if [[ $root == / ]]; then echo "$1"; else echo "$root$1"; fi; }

if [[ $root == / ]] && dpkg-query -W -f='${db:Status-Abbrev}' hearth 2>/dev/null | grep -q '^ii'; then
  die "the hearth .deb is installed; remove it with 'apt remove hearth' (or 'apt purge hearth')"
fi

changes=0
act() {
  changes=$((changes + 1))
  local shown
  shown=$(printf '%q ' "$@")
  if $dry_run; then
    echo "+ [dry-run] ${shown% }"
  else
    echo "+ ${shown% }"
    "$@"
  fi
}

units=(hearth.service hearth-backup.service hearth-backup.timer)

# Stop and disable.
if [[ $root == / && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  for unit in hearth-backup.timer hearth.service; do
    systemctl is-active --quiet "$unit" && act systemctl stop "$unit"
    systemctl is-enabled --quiet "$unit" 2>/dev/null && act systemctl disable --quiet "$unit"
  done
else
  for link in /etc/systemd/system/multi-user.target.wants/hearth.service \
    /etc/systemd/system/timers.target.wants/hearth-backup.timer; do
    [[ -L $(at "$link") ]] && act rm -f "$(at "$link")"
  done
fi

removed_units=false
for unit in "${units[@]}"; do
  if [[ -e $(at "/lib/systemd/system/$unit") ]]; then
    act rm -f "$(at "/lib/systemd/system/$unit")"
    removed_units=true
  fi
done
if $removed_units && [[ $root == / && -d /run/systemd/system ]]; then
  act systemctl daemon-reload
fi
[[ -e $(at /usr/bin/hearth) ]] && act rm -f "$(at /usr/bin/hearth)"
[[ -d $(at /usr/share/doc/hearth) ]] && act rm -rf "$(at /usr/share/doc/hearth)"

if ! $purge; then
  for kept in /var/lib/hearth /etc/hearth; do
    [[ -e $(at $kept) ]] && say "kept $kept (remove it with --purge)"
  done
else
  for path in /var/lib/hearth /var/log/hearth /etc/hearth; do
    [[ -e $(at $path) ]] && act rm -rf "$(at $path)"
  done
  if [[ $root == / ]]; then
    prefix=()
  else
    prefix=(--prefix "$root")
  fi
  grep -q '^hearth:' "$(at /etc/passwd)" 2>/dev/null && act userdel "${prefix[@]}" hearth
  grep -q '^hearth:' "$(at /etc/group)" 2>/dev/null && act groupdel "${prefix[@]}" hearth
fi

((changes > 0)) || say "nothing to remove"
exit 0
