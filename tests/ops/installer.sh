#!/usr/bin/env bash
# installer/install.sh and uninstall.sh against a throwaway root (never this
# machine's /usr, /etc or /var): --dry-run changes nothing; a real run creates
# the user, directories and files with the right owners and modes; a second
# run changes nothing; an edited configuration is never touched; an upgrade
# (a different binary) replaces the binary, runs migrate and keeps data and
# configuration; uninstall keeps data and configuration; --purge removes them.
#
# Usage: tests/ops/installer.sh HEARTH_BINARY SOURCE_DIR   (as root)
set -euo pipefail
binary=${1:?usage: installer.sh HEARTH_BINARY SOURCE_DIR}
source_dir=${2:?usage: installer.sh HEARTH_BINARY SOURCE_DIR}
install_sh=$source_dir/installer/install.sh
uninstall_sh=$source_dir/installer/uninstall.sh

if [[ $(id -u) -ne 0 ]]; then
  echo "installer.sh: needs root (chown to the hearth user); skipped"
  exit 77
fi

work=$(mktemp -d -t hearth-ops-installer.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir "$root"

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect_output() {  # NAME OUTPUT PATTERN: OUTPUT has a line matching the ERE PATTERN
  grep -Eq -- "$3" <<<"$2" || fail "$1: no line matching /$3/ in:"$'\n'"$2"
}
reject_output() {
  if grep -Eq -- "$3" <<<"$2"; then fail "$1: unexpected line matching /$3/ in:"$'\n'"$2"; fi
}
expect_mode() {  # PATH MODE OWNER(uid:gid)
  local path=$root$1
  if [[ ! -e $path ]]; then
    fail "$1 is missing"
    return
  fi
  local actual
  actual=$(stat -c '%a %u:%g' "$path")
  [[ $actual == "$2 $3" ]] || fail "$1 is $actual, expected $2 $3"
}
snapshot() {  # every path with its type, mode, owner, size and modification time
  (cd "$root" && find . -printf '%p %y %m %u:%g %s %T@\n' | sort)
}

echo "== install.sh --dry-run"
output=$("$install_sh" --binary "$binary" --root "$root" --dry-run 2>&1)
expect_output dry-run "$output" '^\+ \[dry-run\] useradd .*--system.* hearth$'
expect_output dry-run "$output" '^\+ \[dry-run\] install -D .*/usr/bin/hearth\.install-new$'
expect_output dry-run "$output" '^\+ \[dry-run\] install .*-m 0640 .*/etc/hearth/hearth\.toml$'
reject_output dry-run "$output" '^\+ [^[]'
[[ -z $(find "$root" -mindepth 1 -print -quit) ]] || fail "--dry-run wrote into the root: $(find "$root" -mindepth 1)"

echo "== install.sh, first run"
output=$("$install_sh" --binary "$binary" --root "$root" 2>&1) || fail "first run exited $?: $output"
expect_output first-run "$output" 'configuration is not complete yet'
expect_output first-run "$output" '^\+ systemctl --root=.* enable hearth\.service$'
entry=$(grep '^hearth:' "$root/etc/passwd") || fail "no hearth user in the root's /etc/passwd"
uid=$(cut -d: -f3 <<<"$entry")
gid=$(cut -d: -f4 <<<"$entry")
[[ $(cut -d: -f7 <<<"$entry") == /usr/sbin/nologin ]] || fail "the hearth user has a login shell: $entry"
((uid < 1000)) || fail "hearth is not a system user (uid $uid)"
expect_mode /usr/bin/hearth 755 0:0
expect_mode /etc/hearth 750 "0:$gid"
expect_mode /etc/hearth/hearth.toml 640 "0:$gid"
expect_mode /var/lib/hearth 750 "$uid:$gid"
expect_mode /var/lib/hearth/backups 750 "$uid:$gid"
expect_mode /var/log/hearth 750 "$uid:$gid"
for unit in hearth.service hearth-backup.service hearth-backup.timer; do
  expect_mode "/lib/systemd/system/$unit" 644 0:0
  cmp -s "$source_dir/systemd/$unit" "$root/lib/systemd/system/$unit" || fail "$unit differs from the source"
done
[[ -L $root/etc/systemd/system/multi-user.target.wants/hearth.service ]] || fail "hearth.service not enabled"
[[ -L $root/etc/systemd/system/timers.target.wants/hearth-backup.timer ]] || fail "backup timer not enabled"
cmp -s <("$binary" print-example-config) "$root/etc/hearth/hearth.toml" ||
  fail "/etc/hearth/hearth.toml is not the commented example configuration"
cmp -s "$binary" "$root/usr/bin/hearth" || fail "/usr/bin/hearth is not the given binary"

echo "== install.sh, second run: idempotent"
before=$(snapshot)
output=$("$install_sh" --binary "$binary" --root "$root" 2>&1) || fail "second run exited $?: $output"
reject_output second-run "$output" '^\+ '
expect_output second-run "$output" 'nothing to change'
[[ $(snapshot) == "$before" ]] || fail "the second run changed the root: $(diff <(echo "$before") <(snapshot))"

echo "== an edited, complete configuration is kept and passes check-config"
printf 'service-account-password\n' >"$root/etc/hearth/bind-password"
chmod 0600 "$root/etc/hearth/bind-password"
cat >"$work/directory-keys" <<'EOF'
# Set by the installer test.
urls = ["ldaps://ldap.hospital.example"]
bind_dn = "cn=hearth,ou=services,dc=hospital,dc=example"
bind_password_file = "/etc/hearth/bind-password"
user_base = "ou=people,dc=hospital,dc=example"
EOF
sed -i "/^\[directory\]\$/r $work/directory-keys" "$root/etc/hearth/hearth.toml"
edited=$(sha256sum <"$root/etc/hearth/hearth.toml")
output=$("$install_sh" --binary "$binary" --root "$root" 2>&1) || fail "third run exited $?: $output"
reject_output edited "$output" '^\+ '
expect_output edited "$output" 'no problems found'
expect_output edited "$output" 'keeping the existing /etc/hearth/hearth.toml'
[[ $(sha256sum <"$root/etc/hearth/hearth.toml") == "$edited" ]] || fail "the installer changed the edited configuration"

echo "== upgrade: a new binary replaces the old one and migrates; data and configuration stay"
cp "$binary" "$work/hearth-new"
printf 'hearth-installer-test' >>"$work/hearth-new"  # a different file that still runs
echo "kept" >"$root/var/lib/hearth/marker"
output=$("$install_sh" --binary "$work/hearth-new" --root "$root" 2>&1) || fail "upgrade exited $?: $output"
expect_output upgrade "$output" '^\+ mv -f .*/usr/bin/hearth\.install-new .*/usr/bin/hearth$'
expect_output upgrade "$output" '^\+ env .* migrate --config '
reject_output upgrade "$output" 'hearth\.service\.install-new'
cmp -s "$work/hearth-new" "$root/usr/bin/hearth" || fail "the upgrade did not install the new binary"
[[ $(sha256sum <"$root/etc/hearth/hearth.toml") == "$edited" ]] || fail "the upgrade changed the configuration"
[[ $(cat "$root/var/lib/hearth/marker" 2>/dev/null) == kept ]] || fail "the upgrade lost data"
expect_mode /var/lib/hearth/hearth.db 600 "$uid:$gid"
[[ ! -e $root/usr/bin/hearth.install-new ]] || fail "a temporary file was left behind"

echo "== uninstall.sh keeps data and configuration"
output=$("$uninstall_sh" --root "$root" --dry-run 2>&1)
expect_output uninstall-dry-run "$output" '^\+ \[dry-run\] rm -f .*/usr/bin/hearth$'
[[ -e $root/usr/bin/hearth ]] || fail "uninstall --dry-run removed the binary"
output=$("$uninstall_sh" --root "$root" 2>&1) || fail "uninstall exited $?: $output"
for gone in /usr/bin/hearth /lib/systemd/system/hearth.service /lib/systemd/system/hearth-backup.timer \
  /etc/systemd/system/multi-user.target.wants/hearth.service /usr/share/doc/hearth; do
  [[ ! -e $root$gone && ! -L $root$gone ]] || fail "uninstall left $gone"
done
[[ $(cat "$root/var/lib/hearth/marker" 2>/dev/null) == kept ]] || fail "uninstall removed the data"
[[ -e $root/var/lib/hearth/hearth.db ]] || fail "uninstall removed the database"
[[ $(sha256sum <"$root/etc/hearth/hearth.toml") == "$edited" ]] || fail "uninstall changed the configuration"
grep -q '^hearth:' "$root/etc/passwd" || fail "uninstall removed the user"
output=$("$uninstall_sh" --root "$root" 2>&1)
expect_output uninstall-again "$output" 'nothing to remove'

echo "== uninstall.sh --purge removes data, configuration and the user"
output=$("$uninstall_sh" --root "$root" --purge 2>&1) || fail "purge exited $?: $output"
for gone in /var/lib/hearth /var/log/hearth /etc/hearth; do
  [[ ! -e $root$gone ]] || fail "--purge left $gone"
done
if grep -q '^hearth:' "$root/etc/passwd" "$root/etc/group"; then fail "--purge left the hearth user or group"; fi

if ((failures > 0)); then
  echo "installer.sh: $failures failure(s)" >&2
  exit 1
fi
echo "installer.sh: all checks passed"
