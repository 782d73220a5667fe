#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::auth {

// A person as the directory describes them at the moment of sign-in.
struct DirectoryPerson {
  std::string stable_id;     // entryUUID (OpenLDAP) or objectGUID (AD), as text; never changes
  std::string username;      // the bare login name (no DOMAIN\ prefix, no @realm suffix)
  std::string dn;            // the entry's DN as the directory returned it
  std::string display_name;  // falls back to username when the attribute is absent
  std::string mail;
  std::string department;
  std::string title;
  // Normalised DNs (see distinguished_name.h) of every group the person is a
  // member of, directly or through nesting (up to the configured depth).
  std::vector<std::string> group_dns;
};

enum class SignInStatus {
  kSuccess,
  kInvalidCredentials,    // unknown user, wrong password, several matches, locked, expired...
  kDirectoryUnavailable,  // every server failed at the transport level, timed out, or TLS failed
};

struct SignInResult {
  SignInStatus status = SignInStatus::kInvalidCredentials;
  std::optional<DirectoryPerson> person;  // set iff status == kSuccess
  // The precise reason for the log (AD sub-code, timeout, TLS error, "2 entries
  // matched"...). Never contains the password.
  std::string log_detail;
};

// Receives one human-readable line per step of a sign-in attempt (connect,
// TLS, service bind, search filter, entries found, user bind, groups). Used by
// `hearth ldap-test` and the admin "test sign-in" form. Lines never contain
// the password.
using TraceSink = std::function<void(std::string_view line)>;

// The source of truth for who may sign in. Implementations: LdapDirectory
// (a real LDAP / Active Directory server) and DemoDirectory (the sample LDIF,
// in memory, for `hearth demo`).
//
// Thread-safety: sign_in() may be called from several threads at once.
class Directory {
 public:
  virtual ~Directory() = default;

  // Checks the username and password. `username` may be typed as `user`,
  // `DOMAIN\user` or `user@realm`; the implementation reduces it to the bare
  // name before searching. An empty username or an empty / whitespace-only
  // password returns kInvalidCredentials without any network I/O. At most one
  // bind as the user is made per call; a rejected password is never retried on
  // another server. `trace`, when set, receives every step.
  virtual SignInResult sign_in(std::string_view username, std::string_view password,
                               const TraceSink& trace = {}) = 0;

  // Returns true if at least one server accepts the service bind now.
  // Used by readiness checks; does not touch any person's entry.
  virtual bool is_reachable() = 0;
};

}  // namespace hearth::auth
