#!/usr/bin/env bash
# Installs the Debian 12 (bookworm) packages that building Hearth and running
# `hearth demo` need; with --test, also what the full test suite needs
# (headless Chromium, wrk, nginx, Node.js and the pinned npm packages of
# tests/e2e).
#
# Idempotent and quiet: when everything is already present it changes nothing
# and prints nothing. It runs `apt-get update` only when a package is missing,
# never prompts (safe as root without a TTY, e.g. in CI), and prints one
# summary line when it installed something. On failure the apt/npm log is shown.
#
# Usage: installer/install-deps.sh [--test]
set -euo pipefail

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0"
  echo
  echo "Usage: $0 [--test]"
}

with_tests=false
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install-deps.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

export DEBIAN_FRONTEND=noninteractive
export DEBCONF_NONINTERACTIVE_SEEN=true
export NEEDRESTART_MODE=a

# Build, demo and the unit/integration tests.
packages=(
  build-essential cmake ninja-build pkg-config git
  libcpp-httplib-dev libsqlite3-dev libldap-dev libsasl2-dev libgnutls28-dev
  libkainjow-mustache-dev libspdlog-dev libfmt-dev catch2 libtomlplusplus-dev
  libssl-dev libcli11-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libical-dev
  libcurl4-openssl-dev libsystemd-dev
  # cpp-httplib's pkg-config file requires these.
  zlib1g-dev libbrotli-dev
  # The integration and e2e tests start their own throwaway slapd.
  slapd ldap-utils openssl ca-certificates
  clang-format clang-tidy
)
if $with_tests; then
  packages+=(chromium wrk nginx-light python3 curl)
  # tests/integration/notifications_test.cpp: a real SMTP server (python3 -m aiosmtpd).
  packages+=(python3-aiosmtpd)
  # tests/integration/monitoring_test.cpp: /metrics parsed with Prometheus's own parser.
  packages+=(python3-prometheus-client)
  # tests/support/ics_check.py (ctest ics_python, calendar feed tests): an independent
  # iCalendar parser and RRULE expander.
  packages+=(python3-icalendar python3-dateutil)
  # tests/ops: systemd-analyze security/verify (systemd), the .deb built with CPack
  # (dpkg-dev for dpkg-shlibdeps, fakeroot) and checked with lintian; readelf (binutils).
  packages+=(systemd dpkg-dev fakeroot lintian binutils)
  # tests/fuzz: libFuzzer builds (tests/fuzz/run.sh).
  packages+=(clang libclang-rt-14-dev)
  # tests/e2e/sweep.test.mjs: the Nu HTML Checker (npm vnu-jar) is a Java program; with a
  # Java of its own here, vnu-jar's install script downloads none.
  packages+=(default-jre-headless)
  # This machine may already have Node.js from elsewhere (e.g. NodeSource);
  # only bring in Debian's when there is no node at all.
  if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

# Packages whose maintainer scripts start a system service we do not want
# running: the tests start their own throwaway instances.
services_of_package() {
  case "$1" in
    slapd) echo slapd ;;
    nginx-light) echo nginx ;;
  esac
}

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo --non-interactive env DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true NEEDRESTART_MODE=a)
  fi
fi

is_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == "ii "* ]]
}

log=$(mktemp -t hearth-install-deps.XXXXXX)
trap 'rm -f "$log"' EXIT

# Runs a command with its output going to the log; on failure shows the log.
run_logged() {
  if ! "$@" >>"$log" 2>&1; then
    echo "install-deps.sh: failed: $*" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
}

missing=()
for package in "${packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done

summary=()
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 && ${#sudo_cmd[@]} -eq 0 ]]; then
    echo "install-deps.sh: missing packages (${missing[*]}); run as root or install sudo" >&2
    exit 1
  fi
  for package in "${missing[@]}"; do
    if [[ $package == slapd ]]; then
      # Without this, slapd's postinst asks for a domain and admin password
      # and creates a system directory we never use.
      echo "slapd slapd/no_configuration boolean true" | run_logged "${sudo_cmd[@]}" debconf-set-selections
    fi
  done
  apt_options=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300
               -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  run_logged "${sudo_cmd[@]}" apt-get -q -o DPkg::Lock::Timeout=300 update
  run_logged "${sudo_cmd[@]}" apt-get "${apt_options[@]}" install "${missing[@]}"

  # A service that the package just started and enabled would sit on its
  # well-known port (389, 80): stop it and keep it from starting at boot.
  for package in "${missing[@]}"; do
    service=$(services_of_package "$package")
    [[ -n $service ]] || continue
    if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
      "${sudo_cmd[@]}" systemctl disable --now "$service" >>"$log" 2>&1 || true
    else
      "${sudo_cmd[@]}" service "$service" stop >>"$log" 2>&1 || true
      "${sudo_cmd[@]}" update-rc.d "$service" disable >>"$log" 2>&1 || true
    fi
  done
  summary+=("${#missing[@]} Debian package(s): ${missing[*]}")
fi

if $with_tests; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install-deps.sh: node and npm are needed for tests/e2e but are not on PATH" >&2
    exit 1
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if ((node_major < 18)); then
    echo "install-deps.sh: tests/e2e needs Node.js 18 or newer, found $(node --version)" >&2
    exit 1
  fi

  # The pinned playwright-core and axe-core. Reinstalled only when the lock
  # file changed since the last install (a stamp inside node_modules records
  # its hash). Never `playwright install`: the browser is Debian's chromium.
  e2e_dir=$repo_root/tests/e2e
  if [[ -f $e2e_dir/package-lock.json ]]; then
    lock_hash=$(cat "$e2e_dir/package.json" "$e2e_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
    stamp=$e2e_dir/node_modules/.hearth-install-deps-stamp
    if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
      (cd "$e2e_dir" && run_logged npm ci --no-audit --no-fund --loglevel=error)
      echo "$lock_hash" >"$stamp"
      summary+=("npm packages of tests/e2e")
    fi
  elif [[ ! -d $e2e_dir/node_modules ]]; then
    (cd "$e2e_dir" && run_logged npm install --no-audit --no-fund --loglevel=error)
    summary+=("npm packages of tests/e2e")
  fi
fi

if ((${#summary[@]} > 0)); then
  line=${summary[0]}
  for part in "${summary[@]:1}"; do line+="; $part"; done
  echo "install-deps.sh: installed $line"
fi
