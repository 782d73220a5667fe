#!/usr/bin/env bash
# The .deb: builds it from BUILD_DIR with cpack (what `cmake --build
# BUILD_DIR --target package` runs after building everything; the test needs
# only the hearth binary, which ctest's caller has built), checks its control data (Depends, conffiles, maintainer scripts)
# and contents (paths, owners, modes), runs lintian (errors fail; the
# remaining warnings are listed in LINTIAN_ALLOWED below with their reason),
# then installs it with dpkg into a throwaway root (`dpkg --root` with
# --force-script-chrootless, so the maintainer scripts run with DPKG_ROOT set
# and touch nothing outside that root) and checks the user, directories,
# modes and enabled units there, that `hearth check-config` passes once the
# configuration is completed, that a reinstall keeps the edited conffile,
# that remove keeps data and configuration, and that purge removes them.
#
# Usage: tests/ops/deb_package.sh BUILD_DIR   (as root)
set -euo pipefail
build_dir=${1:?usage: deb_package.sh BUILD_DIR}
build_dir=$(cd "$build_dir" && pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "deb_package.sh: needs root (dpkg --root, chown); skipped"
  exit 77
fi

# lintian tags accepted, each for a reason:
LINTIAN_ALLOWED=(
  # No man page yet: `hearth --help` and README.md document the commands.
  no-manual-page
  # /etc/hearth/hearth.toml is 0640 (root:hearth after postinst): only the
  # service's group reads the site's configuration.
  non-standard-file-perm
)

work=$(mktemp -d -t hearth-ops-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

echo "== cpack in $build_dir"
rm -f "$build_dir"/hearth_*_amd64.deb
(cd "$build_dir" && cpack --config CPackConfig.cmake) >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log" >&2
  echo "FAIL: building the package" >&2
  exit 1
}
shopt -s nullglob
debs=("$build_dir"/hearth_*_amd64.deb)
((${#debs[@]} == 1)) || { echo "FAIL: expected one hearth_<version>_amd64.deb in $build_dir" >&2; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb")"

echo "== control data"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == hearth ]] || fail "Package is $(field Package)"
[[ $(basename "$deb") == "hearth_$(field Version)_amd64.deb" ]] || fail "file name does not match the version"
depends=$(field Depends)
for needed in libc6 libssl3 libsystemd0 libcurl4 libcpp-httplib0.11 passwd init-system-helpers tzdata; do
  grep -Eq "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
mkdir "$work/control"
dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$work/control"
[[ $(cat "$work/control/conffiles") == /etc/hearth/hearth.toml ]] || fail "conffiles: $(cat "$work/control/conffiles")"
for script in postinst prerm postrm; do
  [[ -x $work/control/$script ]] || fail "maintainer script $script missing or not executable"
done
[[ -f $work/control/md5sums ]] || fail "no md5sums"

echo "== contents"
contents=$(dpkg-deb --contents "$deb")
expect_entry() {  # MODE PATH (owner root/root)
  grep -Eq "^$1 root/root +[0-9]+ [0-9-]+ [0-9:]+ \\.$2\$" <<<"$contents" ||
    fail "no $1 root/root .$2 in the package"
}
expect_entry -rwxr-xr-x /usr/bin/hearth
expect_entry -rw-r--r-- /lib/systemd/system/hearth.service
expect_entry -rw-r--r-- /lib/systemd/system/hearth-backup.service
expect_entry -rw-r--r-- /lib/systemd/system/hearth-backup.timer
expect_entry -rw-r----- /etc/hearth/hearth.toml
expect_entry -rw-r--r-- /usr/share/doc/hearth/copyright
expect_entry -rw-r--r-- /usr/share/doc/hearth/changelog.gz
expect_entry -rw-r--r-- /usr/share/doc/hearth/README.md
expect_entry -rw-r--r-- /usr/share/doc/hearth/examples/hearth-port-443.conf
if grep -Eq ' \./(var|home|tmp|usr/local)/' <<<"$contents"; then fail "files outside the package's places"; fi
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" ./usr/bin/hearth
if readelf --sections "$work/usr/bin/hearth" | grep -q '\.debug_info'; then fail "the binary is not stripped"; fi

echo "== lintian"
if command -v lintian >/dev/null 2>&1; then
  lintian_output=$(lintian --tag-display-limit 0 --display-info "$deb" 2>&1 || true)
  echo "$lintian_output"
  while read -r line; do
    [[ $line =~ ^([EW]):\ hearth[^:]*:\ ([a-z0-9-]+) ]] || continue
    tag=${BASH_REMATCH[2]}
    allowed=false
    for accepted in "${LINTIAN_ALLOWED[@]}"; do [[ $tag == "$accepted" ]] && allowed=true; done
    $allowed || fail "lintian: $line"
  done <<<"$lintian_output"
else
  echo "lintian is not installed (installer/install-deps.sh --test installs it); skipped"
fi

echo "== dpkg --root: install into a throwaway root"
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
chmod 0644 "$root/etc/passwd" "$root/etc/group"
dpkg_root() {
  # The root has no other packages: dependencies cannot be met there.
  dpkg --root="$root" --force-script-chrootless --force-depends --force-confold --no-triggers "$@"
}
dpkg_root --install "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --install failed"; }
cat "$work/dpkg.log"
status=$(dpkg --root="$root" --status hearth 2>/dev/null || true)
grep -q '^Status: install ok installed$' <<<"$status" || fail "dpkg does not list hearth as installed: $status"
grep -Eq '^ /etc/hearth/hearth\.toml [0-9a-f]{32}$' <<<"$status" || fail "the conffile is not registered"
entry=$(grep '^hearth:' "$root/etc/passwd") || fail "postinst created no hearth user"
uid=$(cut -d: -f3 <<<"$entry")
gid=$(cut -d: -f4 <<<"$entry")
expect_mode() {  # PATH MODE uid:gid
  local actual
  actual=$(stat -c '%a %u:%g' "$root$1" 2>/dev/null || echo missing)
  [[ $actual == "$2 $3" ]] || fail "$1 is $actual, expected $2 $3"
}
expect_mode /usr/bin/hearth 755 0:0
expect_mode /etc/hearth 750 "0:$gid"
expect_mode /etc/hearth/hearth.toml 640 "0:$gid"
expect_mode /var/lib/hearth 750 "$uid:$gid"
expect_mode /var/lib/hearth/backups 750 "$uid:$gid"
expect_mode /var/log/hearth 750 "$uid:$gid"
[[ -L $root/etc/systemd/system/multi-user.target.wants/hearth.service ]] || fail "postinst did not enable hearth.service"
[[ -L $root/etc/systemd/system/timers.target.wants/hearth-backup.timer ]] || fail "postinst did not enable the timer"
grep -q 'configuration is not complete yet' "$work/dpkg.log" || fail "postinst did not say the configuration needs editing"

echo "== hearth check-config in the root"
check() {
  HEARTH_DIRECTORY_BIND_PASSWORD_FILE="$root/etc/hearth/bind-password" \
    HEARTH_STORAGE_DATA_DIRECTORY="$root/var/lib/hearth" \
    "$root/usr/bin/hearth" check-config --config "$root/etc/hearth/hearth.toml" 2>&1
}
output=$(check) && fail "check-config passed on the unedited example (it has no directory)"
grep -q 'directory.urls' <<<"$output" || fail "check-config did not name directory.urls: $output"
printf 'service-account-password\n' >"$root/etc/hearth/bind-password"
chmod 0600 "$root/etc/hearth/bind-password"
cat >"$work/directory-keys" <<'EOF'
urls = ["ldaps://ldap.hospital.example"]
bind_dn = "cn=hearth,ou=services,dc=hospital,dc=example"
bind_password_file = "/etc/hearth/bind-password"
user_base = "ou=people,dc=hospital,dc=example"
EOF
sed -i "/^\\[directory\\]\$/r $work/directory-keys" "$root/etc/hearth/hearth.toml"
output=$(check) || fail "check-config failed on the completed configuration: $output"
grep -q 'no problems found' <<<"$output" || fail "check-config said: $output"
edited=$(sha256sum <"$root/etc/hearth/hearth.toml")

echo "== reinstall keeps the edited conffile"
dpkg_root --install "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "reinstall failed"; }
[[ $(sha256sum <"$root/etc/hearth/hearth.toml") == "$edited" ]] || fail "reinstall replaced the edited configuration"
expect_mode /etc/hearth/hearth.toml 640 "0:$gid"

echo "== remove keeps data and configuration; purge removes them"
echo kept >"$root/var/lib/hearth/marker"
dpkg_root --remove hearth >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "remove failed"; }
[[ ! -e $root/usr/bin/hearth ]] || fail "remove left /usr/bin/hearth"
[[ ! -e $root/lib/systemd/system/hearth.service ]] || fail "remove left the unit"
[[ -e $root/var/lib/hearth/marker ]] || fail "remove deleted the data"
[[ $(sha256sum <"$root/etc/hearth/hearth.toml") == "$edited" ]] || fail "remove changed the configuration"
grep -q '^hearth:' "$root/etc/passwd" || fail "remove deleted the user"
dpkg_root --purge hearth >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "purge failed"; }
for gone in /var/lib/hearth /var/log/hearth /etc/hearth; do
  [[ ! -e $root$gone ]] || fail "purge left $gone"
done
if grep -q '^hearth:' "$root/etc/passwd" "$root/etc/group"; then fail "purge left the hearth user or group"; fi

if ((failures > 0)); then
  echo "deb_package.sh: $failures failure(s)" >&2
  exit 1
fi
echo "deb_package.sh: all checks passed"
