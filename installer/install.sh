#!/usr/bin/env bash
# Installs (or upgrades) Hearth as a system service on Debian 12, without the
# .deb: the `hearth` system user, /var/lib/hearth (0750) and /etc/hearth (0750,
# root:hearth), /usr/bin/hearth, the systemd units, and a commented
# /etc/hearth/hearth.toml when there is none (an existing one is never
# touched). Then runs `hearth check-config`; when the configuration is complete
# it runs `hearth migrate` and enables and starts the service (restarts it after
# an upgrade). Data and configuration always stay.
#
# Idempotent: a second run with the same binary changes nothing and says so.
# Every change is printed as a line starting with "+ ".
#
# Usage: installer/install.sh [--binary PATH] [--dry-run] [--root DIR] [--no-start]
#   --binary PATH  the hearth binary to install (default: build/release/src/hearth)
#   --dry-run      print every action without doing any of them
#   --root DIR     install into DIR instead of / (a throwaway root for tests);
#                  creates the user in DIR/etc/passwd, enables the units there
#                  with `systemctl --root`, never starts anything
#   --no-start     install and enable, but do not start or restart the service
set -euo pipefail

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "$0"
}

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=$repo_root/build/release/src/hearth
root=/
dry_run=false
start=true
while (($# > 0)); do
  case "$1" in
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --no-start) start=false; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done

# Files this script writes get explicit modes; anything else it creates
# (the database, via `hearth migrate`) is private to its owner.
umask 077

say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (it creates a system user and installs into /usr and /etc)"
[[ -x $binary ]] || die "no hearth binary at $binary (build it with 'cmake --workflow --preset release', or pass --binary)"
if [[ $root != / ]]; then
  [[ -d $root ]] || die "--root $root is not a directory"
  root=$(cd "$root" && pwd)
fi
# DIR + an absolute path; "/" + path is the path itself.
at() { if [[ $root == / ]]; then echo "$1"; else echo "$root$1"; fi; }

bin_path=/usr/bin/hearth
unit_dir=/lib/systemd/system
config_dir=/etc/hearth
config_file=$config_dir/hearth.toml
data_dir=/var/lib/hearth
backup_dir=$data_dir/backups
log_dir=/var/log/hearth
doc_dir=/usr/share/doc/hearth
units=(hearth.service hearth-backup.service hearth-backup.timer)

if [[ $root == / ]] && dpkg-query -W -f='${db:Status-Abbrev}' hearth 2>/dev/null | grep -q '^ii'; then
  die "the hearth .deb is installed; upgrade it with apt/dpkg instead of this script"
fi

changes=0
# Runs one change (or, with --dry-run, only prints it).
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

# The numeric uid and gid of `hearth` inside the target root (chown must not
# resolve the name against this machine's users when installing elsewhere).
hearth_ids() {
  local entry
  entry=$(grep '^hearth:' "$(at /etc/passwd)" 2>/dev/null || true)
  if [[ -z $entry ]]; then
    echo "hearth:hearth"  # --dry-run before the user exists
  else
    echo "$(cut -d: -f3 <<<"$entry"):$(cut -d: -f4 <<<"$entry")"
  fi
}

# The user and group.
if [[ $root != / ]]; then
  [[ -d $(at /etc) ]] || act install -d -m 0755 "$(at /etc)"
  for file in /etc/passwd /etc/group; do
    if [[ ! -e $(at $file) ]]; then
      case $file in
        /etc/passwd) act sh -c "umask 022; echo 'root:x:0:0:root:/root:/bin/sh' > '$(at $file)'" ;;
        /etc/group) act sh -c "umask 022; echo 'root:x:0:' > '$(at $file)'" ;;
      esac
    fi
  done
  prefix=(--prefix "$root")
else
  prefix=()
fi
if ! grep -q '^hearth:' "$(at /etc/group)" 2>/dev/null; then
  act groupadd "${prefix[@]}" --system hearth
fi
if ! grep -q '^hearth:' "$(at /etc/passwd)" 2>/dev/null; then
  act useradd "${prefix[@]}" --system --gid hearth --home-dir "$data_dir" --no-create-home \
    --shell /usr/sbin/nologin --comment "Hearth peer-support portal" hearth
fi
ids=$(hearth_ids)

# A directory with an exact owner and mode, created if missing.
ensure_directory() {
  local path=$1 owner=$2 mode=$3
  local target
  target=$(at "$path")
  if [[ ! -d $target ]]; then
    act install -d -o "${owner%%:*}" -g "${owner##*:}" -m "$mode" "$target"
    return
  fi
  local current_mode current_owner
  current_mode=$(stat -c %a "$target")
  current_owner=$(stat -c %u:%g "$target")
  [[ $current_mode == "${mode#0}" ]] || act chmod "$mode" "$target"
  [[ $owner == *[!0-9:]* || $current_owner == "$owner" ]] || act chown "$owner" "$target"
}

# A file copied from `source` with owner and mode, only when its content or
# mode differs. Written beside the target and renamed, so a running binary or
# a reader never sees half a file.
installed_files=()
ensure_file() {
  local source=$1 path=$2 mode=$3
  local target
  target=$(at "$path")
  if [[ -f $target ]] && cmp -s "$source" "$target"; then
    [[ $(stat -c %a "$target") == "${mode#0}" ]] || act chmod "$mode" "$target"
    return
  fi
  act install -D -o 0 -g 0 -m "$mode" "$source" "$target.install-new"
  act mv -f "$target.install-new" "$target"
  installed_files+=("$path")
}

ensure_directory "$config_dir" "0:${ids##*:}" 0750
ensure_directory "$data_dir" "$ids" 0750
ensure_directory "$backup_dir" "$ids" 0750
ensure_directory "$log_dir" "$ids" 0750

ensure_file "$binary" "$bin_path" 0755
binary_changed=false
[[ " ${installed_files[*]} " == *" $bin_path "* ]] && binary_changed=true
units_changed=false
for unit in "${units[@]}"; do
  before=${#installed_files[@]}
  ensure_file "$repo_root/systemd/$unit" "$unit_dir/$unit" 0644
  ((${#installed_files[@]} == before)) || units_changed=true
done
ensure_file "$repo_root/systemd/hearth-port-443.conf.example" "$doc_dir/examples/hearth-port-443.conf" 0644
ensure_file "$repo_root/README.md" "$doc_dir/README.md" 0644

# The example configuration, from the binary being installed; the commented
# copy in /etc/hearth only when there is no configuration yet.
example=$(mktemp -t hearth-example.XXXXXX)
trap 'rm -f "$example"' EXIT
"$binary" print-example-config >"$example"
ensure_file "$example" "$doc_dir/examples/hearth.toml" 0644
config_target=$(at "$config_file")
if [[ -e $config_target ]]; then
  say "keeping the existing $config_file"
else
  act install -o 0 -g "${ids##*:}" -m 0640 "$example" "$config_target"
fi

if ((changes == 0)); then
  say "nothing to change: Hearth $("$binary" version | cut -d' ' -f2) is installed"
fi

# Everything below reads the installed files, which --dry-run did not write.
if $dry_run; then
  if [[ $root == / ]]; then
    say "dry run: would then run 'hearth check-config', migrate after a new binary, enable and (re)start"
  else
    say "dry run: would then run 'hearth check-config', migrate after a new binary, enable the units in $root"
  fi
  exit 0
fi

# As the service sees it: the directory password comes from
# /etc/hearth/bind-password (LoadCredential= in hearth.service), whatever
# bind_password_file says. Inside --root, the configuration's /var/lib/hearth
# means DIR/var/lib/hearth (HEARTH_* variables win over the file).
check_environment=(HEARTH_DIRECTORY_BIND_PASSWORD_FILE="$(at $config_dir/bind-password)")
if [[ $root != / ]]; then
  check_environment+=(HEARTH_STORAGE_DATA_DIRECTORY="$(at $data_dir)")
fi
installed_binary=$(at $bin_path)
if ! env "${check_environment[@]}" "$installed_binary" check-config --config "$config_target"; then
  say "the configuration is not complete yet: edit $config_file (and put the directory"
  say "service account's password in $config_dir/bind-password, mode 0600), then run"
  say "  hearth check-config && systemctl enable --now hearth hearth-backup.timer"
  config_ok=false
else
  config_ok=true
fi

service_was_active=false
systemd_running=false
if [[ $root == / && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  systemd_running=true
  systemctl is-active --quiet hearth.service && service_was_active=true
fi

if $config_ok && $binary_changed; then
  # A new binary may bring a newer schema: migrate with the service stopped
  # (migrate takes a snapshot first). As root, which can read the password
  # file; the database then goes back to the service's user.
  if $service_was_active; then act systemctl stop hearth.service; fi
  act env "${check_environment[@]}" "$installed_binary" migrate --config "$config_target"
  # What migrate created as root (the database, a snapshot, the lock file) goes
  # to the service's user: top level only, never following a symlink.
  for file in "$(at $data_dir)"/*; do
    [[ -e $file && $(stat -c %u:%g "$file") != "$ids" ]] && act chown -h "$ids" "$file"
  done
fi

if [[ $root != / ]]; then
  for unit in hearth.service hearth-backup.timer; do
    case $unit in
      *.timer) wants=timers.target.wants ;;
      *) wants=multi-user.target.wants ;;
    esac
    if [[ ! -L $(at /etc/systemd/system/$wants/$unit) ]]; then
      act systemctl --root="$root" --quiet enable "$unit"
    fi
  done
  say "installed into $root; not starting anything there"
  exit 0
fi

if ! $systemd_running; then
  say "systemd is not running as PID 1 here (a container or chroot?): the units are installed"
  say "but not enabled or started; on the real machine run: systemctl enable --now hearth hearth-backup.timer"
  exit 0
fi
if $units_changed; then act systemctl daemon-reload; fi
for unit in hearth.service hearth-backup.timer; do
  systemctl is-enabled --quiet "$unit" 2>/dev/null || act systemctl enable "$unit"
done
if ! $config_ok; then
  say "enabled but not started until the configuration passes check-config"
  exit 0
fi
if ! $start; then
  say "--no-start: not starting or restarting the service"
elif $binary_changed || $units_changed || ! systemctl is-active --quiet hearth.service; then
  act systemctl restart hearth.service
fi
systemctl is-active --quiet hearth-backup.timer || act systemctl start hearth-backup.timer
say "done: systemctl status hearth; logs: journalctl -u hearth"
