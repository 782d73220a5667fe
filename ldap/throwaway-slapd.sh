#!/usr/bin/env bash
# Starts or stops a throwaway OpenLDAP server holding ldap/sample-directory.ldif,
# for tests and for trying `hearth ldap-test` against a real directory.
#
#   ldap/throwaway-slapd.sh start DIR   # creates DIR, starts slapd, writes DIR/env
#   ldap/throwaway-slapd.sh stop DIR    # stops it and waits until it has exited
#
# Everything lives in DIR: a throwaway CA (ca.pem) and a server certificate for
# 127.0.0.1, a second unrelated CA (untrusted-ca.pem) for refusal tests, the
# cn=config tree (slapd.d/), the mdb database (data/), slapd.log (-d stats) and
# env. The server listens on 127.0.0.1 only, on two free ports: ldap:// (StartTLS
# offered, not required) and ldaps://. Loaded with: memberof overlay
# (groupOfNames/member/memberOf), ppolicy overlay (pwdAccountLockedTime locks an
# account), ACLs (the service account reads everything but passwords, people may
# bind, anonymous may read nothing).
#
# DIR/env is shell-sourceable KEY=value lines:
#   SLAPD_LDAP_URL SLAPD_LDAPS_URL SLAPD_CA_FILE SLAPD_UNTRUSTED_CA_FILE
#   SLAPD_BASE_DN SLAPD_BIND_DN SLAPD_BIND_PASSWORD_FILE SLAPD_PID
#
# `start` on a DIR whose slapd is still running changes nothing; `stop` on a DIR
# without a running slapd does nothing. Runs as root or as any user (ports are
# above 1024), needs no TTY and no network beyond 127.0.0.1. If
# HEARTH_SLAPD_WATCH_PID is set, slapd is also stopped once that process exits
# (so a crashed test run leaves no server behind).
#
# Debian 12 ships no AppArmor profile for slapd (Ubuntu does, and it confines
# /usr/sbin/slapd to /var/lib/ldap and friends). Where such a profile is in
# enforce mode, run this from a directory it allows, or disable it with
# `aa-complain /usr/sbin/slapd`; `start` reports the denial from slapd.log.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sample_ldif="$script_dir/sample-directory.ldif"

base_dn="dc=riverside-general,dc=example"
service_dn="cn=hearth-service,ou=services,$base_dn"
service_password="hearth-service-secret"
admin_dn="cn=admin,$base_dn"

slapd_bin=${SLAPD:-/usr/sbin/slapd}
slapadd_bin=${SLAPADD:-/usr/sbin/slapadd}
schema_dir=/etc/ldap/schema
module_dir=/usr/lib/ldap

usage() {
  sed -n '2,8s/^# \{0,1\}//p' "$0"
}

die() {
  echo "throwaway-slapd.sh: $*" >&2
  exit 1
}

# True if process $1 exists and is not a zombie (an exited slapd whose new
# parent, e.g. a container's init, has not reaped it yet).
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Prints the pid in DIR/slapd.pid if that process is alive.
running_pid() {
  local dir=$1 pid
  [ -f "$dir/slapd.pid" ] || return 1
  pid=$(cat "$dir/slapd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && alive "$pid" || return 1
  echo "$pid"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on right now. slapd may
# still lose a race for it; start_slapd retries with new ports then.
free_port() {
  local port used
  used=$( (ss -Htln 2>/dev/null || true) | awk '{print $4}' | sed 's/.*://' | sort -u)
  while :; do
    port=$((20000 + RANDOM % 40000))
    grep -qx "$port" <<<"$used" || { echo "$port"; return; }
  done
}

make_certificates() {
  local dir=$1
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 \
    -subj "/O=Hearth throwaway/CN=Hearth throwaway test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -new "${ec[@]}" -keyout "$dir/server.key" -out "$dir/server.csr" \
    -subj "/O=Hearth throwaway/CN=127.0.0.1" 2>/dev/null
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  openssl req -x509 "${ec[@]}" -keyout "$dir/untrusted-ca.key" -out "$dir/untrusted-ca.pem" -days 2 \
    -subj "/O=Somebody else/CN=Unrelated CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
  chmod 600 "$dir"/*.key
}

write_config_ldif() {
  local dir=$1 admin_password=$2
  cat <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $dir/slapd.pid
olcTLSCACertificateFile: $dir/ca.pem
olcTLSCertificateFile: $dir/server.pem
olcTLSCertificateKeyFile: $dir/server.key
olcTLSProtocolMin: 3.3

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: $module_dir
olcModuleLoad: back_mdb
olcModuleLoad: memberof
olcModuleLoad: ppolicy

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://$schema_dir/core.ldif

include: file://$schema_dir/cosine.ldif

include: file://$schema_dir/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: 500

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $base_dn
olcRootDN: $admin_dn
olcRootPW: $admin_password
olcDbDirectory: $dir/data
olcDbMaxSize: 67108864
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: member eq
olcDbIndex: memberOf eq
olcDbIndex: entryUUID eq
olcAccess: {0}to attrs=userPassword by anonymous auth by * none
olcAccess: {1}to * by dn.exact="$service_dn" read by self read by anonymous auth by * none

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf

dn: olcOverlay={1}ppolicy,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcPPolicyConfig
olcOverlay: {1}ppolicy
olcPPolicyDefault: cn=default,ou=policies,$base_dn
olcPPolicyUseLockout: TRUE
EOF
}

# The default password policy: pwdAccountLockedTime is honoured (pwdLockout),
# but failed binds never lock anyone (pwdMaxFailure 0), so tests that try wrong
# passwords cannot lock the accounts other tests use.
write_policy_ldif() {
  cat <<EOF
dn: ou=policies,$base_dn
objectClass: organizationalUnit
ou: policies

dn: cn=default,ou=policies,$base_dn
objectClass: applicationProcess
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdLockout: TRUE
pwdMaxFailure: 0
pwdCheckQuality: 0
EOF
}

# Starts slapd on two fresh ports; prints "PID LDAP_PORT LDAPS_PORT" once it
# answers. Returns 1 if slapd exited (e.g. lost a port race).
start_slapd() {
  local dir=$1 ldap_port ldaps_port pid
  ldap_port=$(free_port)
  ldaps_port=$(free_port)
  [ "$ldap_port" != "$ldaps_port" ] || return 1
  rm -f "$dir/slapd.pid"
  # -d stats keeps slapd in the foreground with its log on stderr; setsid
  # detaches it from the caller's session and terminal.
  setsid "$slapd_bin" -F "$dir/slapd.d" -d stats \
    -h "ldap://127.0.0.1:$ldap_port/ ldaps://127.0.0.1:$ldaps_port/" \
    </dev/null >>"$dir/slapd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    alive "$pid" || return 1
    if ldapsearch -x -LLL -o nettimeout=1 -H "ldap://127.0.0.1:$ldap_port" -s base -b "" \
      namingContexts >/dev/null 2>&1; then
      echo "$pid $ldap_port $ldaps_port"
      return 0
    fi
    sleep 0.02
  done
  kill "$pid" 2>/dev/null || true
  return 1
}

start() {
  local dir=$1 pid admin_password started ldap_port ldaps_port
  if pid=$(running_pid "$dir"); then
    [ -f "$dir/env" ] && return 0
    die "slapd (pid $pid) runs in $dir but $dir/env is missing; run: $0 stop $dir"
  fi
  command -v openssl >/dev/null || die "openssl is not installed"
  command -v ldapadd >/dev/null || die "ldap-utils is not installed (apt-get install ldap-utils)"
  [ -x "$slapd_bin" ] || die "slapd is not installed (apt-get install slapd)"
  [ -f "$sample_ldif" ] || die "missing $sample_ldif"

  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  rm -rf "$dir/slapd.d" "$dir/data" "$dir/env" "$dir/slapd.log"
  mkdir -p "$dir/slapd.d" "$dir/data"
  chmod 700 "$dir"

  make_certificates "$dir"
  admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  printf '%s' "$admin_password" >"$dir/admin-password"
  printf '%s' "$service_password" >"$dir/bind-password"
  chmod 600 "$dir/admin-password" "$dir/bind-password"

  write_config_ldif "$dir" "$admin_password" >"$dir/config.ldif"
  "$slapadd_bin" -n0 -F "$dir/slapd.d" -l "$dir/config.ldif" >"$dir/slapadd.log" 2>&1 ||
    { cat "$dir/slapadd.log" >&2; die "slapadd -n0 failed"; }

  started=""
  for _ in 1 2 3 4 5; do
    if started=$(start_slapd "$dir"); then break; fi
    started=""
  done
  if [ -z "$started" ]; then
    tail -n 20 "$dir/slapd.log" >&2 || true
    grep -qi apparmor "$dir/slapd.log" 2>/dev/null && echo "(AppArmor denial: see the header of $0)" >&2
    die "slapd did not start; log: $dir/slapd.log"
  fi
  read -r pid ldap_port ldaps_port <<<"$started"

  # Loaded online so that the memberof overlay maintains memberOf (slapadd
  # would bypass it).
  { cat "$sample_ldif"; echo; write_policy_ldif; } |
    ldapadd -x -H "ldap://127.0.0.1:$ldap_port" -D "$admin_dn" -y "$dir/admin-password" \
      >"$dir/ldapadd.log" 2>&1 || {
      cat "$dir/ldapadd.log" >&2
      kill "$pid" 2>/dev/null || true
      die "loading $sample_ldif failed"
    }

  if [ -n "${HEARTH_SLAPD_WATCH_PID:-}" ]; then
    (
      while alive "$HEARTH_SLAPD_WATCH_PID" && alive "$pid"; do sleep 1; done
      kill "$pid" 2>/dev/null || true
    ) </dev/null >/dev/null 2>&1 &
    disown
  fi

  cat >"$dir/env.tmp" <<EOF
SLAPD_LDAP_URL=ldap://127.0.0.1:$ldap_port
SLAPD_LDAPS_URL=ldaps://127.0.0.1:$ldaps_port
SLAPD_CA_FILE=$dir/ca.pem
SLAPD_UNTRUSTED_CA_FILE=$dir/untrusted-ca.pem
SLAPD_BASE_DN=$base_dn
SLAPD_BIND_DN=$service_dn
SLAPD_BIND_PASSWORD_FILE=$dir/bind-password
SLAPD_PID=$pid
EOF
  mv "$dir/env.tmp" "$dir/env"
}

stop() {
  local dir=$1 pid
  pid=$(running_pid "$dir") || { rm -f "$dir/env"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 250); do
    alive "$pid" || break
    sleep 0.02
  done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.05
  fi
  rm -f "$dir/env" "$dir/slapd.pid"
}

[ $# -eq 2 ] || { usage >&2; exit 2; }
case "$1" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage >&2; exit 2 ;;
esac
