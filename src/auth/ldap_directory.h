#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/directory.h"
#include "auth/directory_config.h"

namespace hearth::auth {

// A Directory backed by LDAP servers (OpenLDAP, Active Directory, ...).
//
// sign_in() works search-then-bind: it binds as the service account, searches
// user_base (subtree) with user_filter, requires exactly one entry whose DN is
// within user_base, binds once as that DN on a second connection, then reads
// the person's groups with the service account (GroupLookup; nesting is walked
// breadth first up to group_nesting_depth for kMemberOf and kSearch).
//
// Every connection uses protocol v3, no referral chasing, the configured
// network and operation timeouts, and TLS (ldaps://, or StartTLS on ldap://)
// verified against ca_file with TLS 1.2 or later; plain ldap:// only when
// allow_insecure_ldap is set. URLs are tried in order, moving on only after a
// transport failure (unreachable, timeout, TLS failure) that happened before
// the user bind; once the person's password has been sent, nothing is retried.
//
// Outcomes: kInvalidCredentials for anything about the person (unknown, wrong
// password, locked, expired, several matches, outside user_base, malformed
// username, empty password); kDirectoryUnavailable when every server failed at
// the transport level, or the directory cannot be used as configured (service
// bind refused, user_base or group_base missing, id attribute absent).
//
// Thread-safety: sign_in() and is_reachable() may be called concurrently; each
// call opens its own connections and shares nothing mutable.
class LdapDirectory final : public Directory {
 public:
  // Keeps a copy of `config`; does no network I/O. Logs one warning if
  // allow_insecure_ldap is set.
  explicit LdapDirectory(DirectoryConfig config);

  SignInResult sign_in(std::string_view username, std::string_view password,
                       const TraceSink& trace = {}) override;

  // Returns true as soon as one URL accepts the service bind (over TLS unless
  // allow_insecure_ldap is set).
  bool is_reachable() override;

 private:
  DirectoryConfig config_;
};

// Returns a readable reason for an Active Directory bind failure from the
// `data XXX` sub-code of its diagnostic message (e.g. "80090308: LdapErr:
// DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563" ->
// "AD sub-code 52e: wrong password"). Returns nullopt if the message carries
// no sub-code (OpenLDAP, or a non-bind error).
std::optional<std::string> describe_active_directory_bind_error(std::string_view diagnostic_message);

}  // namespace hearth::auth
