#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/directory.h"
#include "auth/directory_config.h"
#include "auth/roles.h"
#include "auth/sign_in_throttle.h"

namespace hearth::features::admin {

// One configured directory server and whether it answers now.
struct ServerStatus {
  std::string url;
  std::string transport;  // "TLS (ldaps://)", "StartTLS", "none (allow_insecure_ldap)"
  bool reachable = false;
  std::chrono::milliseconds latency{0};  // time to connect and bind as the service account, or to fail
};

enum class StepOutcome { kPassed, kFailed, kSkipped };

// One step of a test sign-in, in words for the administrator. Never holds the
// password.
struct TestStep {
  std::string name;  // "Throttle", "Person found and password checked", "Required group", "Roles"
  StepOutcome outcome = StepOutcome::kSkipped;
  std::string detail;
};

// A group of the tested person and the roles it grants.
struct GroupRoles {
  std::string dn;
  std::vector<std::string_view> roles;  // role_name() values; empty for a group that maps to none
};

struct TestSignInReport {
  bool would_sign_in = false;
  std::vector<TestStep> steps;
  std::vector<std::string> trace;  // the directory's own lines (connect, TLS, search, bind, groups)
  std::vector<GroupRoles> groups;
  std::vector<std::string_view> roles;  // what the person would get
};

// The directory page's live checks. Thread-safe (each call opens its own
// connections; the throttle is thread-safe).
class DirectoryCheck {
 public:
  // `directory` is the one sign-in uses; `config` its configuration (urls
  // empty for the built-in demo directory). All must outlive this object.
  DirectoryCheck(auth::Directory& directory, const auth::DirectoryConfig& config,
                 auth::SignInThrottle& throttle);

  // Probes every configured server at once, each with a short timeout
  // (kProbeTimeout), as the service account. For the demo directory (no
  // URLs), one row for it.
  std::vector<ServerStatus> server_status() const;

  // Tries `username` and `password` exactly as sign-in does - the same
  // throttle before any directory traffic (failures count against it), one
  // search and one bind, the required group, the role mapping - but creates
  // no session and no person record, and signs nobody in. Logs the outcome
  // without the password.
  TestSignInReport test_sign_in(std::string_view username, std::string_view password,
                                std::string_view client_address) const;

  static constexpr std::chrono::milliseconds kProbeTimeout{2000};

 private:
  auth::Directory& directory_;
  const auth::DirectoryConfig& config_;
  auth::SignInThrottle& throttle_;
};

// How `url` is protected under `config`, in words.
std::string transport_text(const auth::DirectoryConfig& config, std::string_view url);

// The groups among `normalized_group_dns` with the roles each grants under
// `config`, in the person's order.
std::vector<GroupRoles> roles_by_group(const auth::DirectoryConfig& config,
                                       const std::vector<std::string>& normalized_group_dns);

}  // namespace hearth::features::admin
