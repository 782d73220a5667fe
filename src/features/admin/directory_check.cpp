#include "features/admin/directory_check.h"

#include <fmt/format.h>

#include <future>

#include "auth/ldap_directory.h"
#include "auth/login_name.h"
#include "common/log.h"
#include "common/text.h"
#include "common/work_gate.h"

namespace hearth::features::admin {
namespace {

// The limits SignInService applies before contacting the directory.
constexpr std::size_t kMaxUsernameBytes = 256;
constexpr std::size_t kMaxPasswordBytes = 1024;

bool acceptable_input(std::string_view username, std::string_view password) {
  return !username.empty() && username.size() <= kMaxUsernameBytes && password.size() <= kMaxPasswordBytes &&
         text::is_valid_utf8(username) && !text::has_control_characters(username) &&
         !text::is_blank(password);
}

ServerStatus probe(const auth::DirectoryConfig& config, const std::string& url) {
  auth::DirectoryConfig single = config;
  single.urls = {url};
  single.network_timeout = std::min(single.network_timeout, DirectoryCheck::kProbeTimeout);
  single.operation_timeout = std::min(single.operation_timeout, DirectoryCheck::kProbeTimeout);
  auth::LdapDirectory directory(std::move(single));
  const auto started = std::chrono::steady_clock::now();
  const bool reachable = directory.is_reachable();
  const auto latency =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return {url, transport_text(config, url), reachable, latency};
}

}  // namespace

std::string transport_text(const auth::DirectoryConfig& config, std::string_view url) {
  if (url.starts_with("ldaps://")) return "TLS (ldaps://)";
  if (config.allow_insecure_ldap) return "none: unencrypted (allow_insecure_ldap)";
  return "StartTLS";
}

std::vector<GroupRoles> roles_by_group(const auth::DirectoryConfig& config,
                                       const std::vector<std::string>& normalized_group_dns) {
  std::vector<GroupRoles> groups;
  for (const auto& dn : normalized_group_dns) {
    auto roles = auth::roles_for(config, {dn});
    GroupRoles entry{dn, {}};
    for (const auto name : roles.names()) {
      // With no staff groups configured everyone is staff: no group grants it.
      if (name == auth::role_name(auth::Role::kStaff) && config.staff_groups.empty()) continue;
      entry.roles.push_back(name);
    }
    groups.push_back(std::move(entry));
  }
  return groups;
}

DirectoryCheck::DirectoryCheck(auth::Directory& directory, const auth::DirectoryConfig& config,
                               auth::SignInThrottle& throttle)
    : directory_(directory), config_(config), throttle_(throttle) {}

std::vector<ServerStatus> DirectoryCheck::server_status() const {
  // Waits on the network, up to kProbeTimeout: the work slot goes to others meanwhile.
  const WorkGate::Pause pause;
  if (config_.urls.empty()) {
    const auto started = std::chrono::steady_clock::now();
    const bool reachable = directory_.is_reachable();
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return {{"built-in demo directory", "in memory", reachable, latency}};
  }
  std::vector<std::future<ServerStatus>> probes;
  probes.reserve(config_.urls.size());
  for (const auto& url : config_.urls) {
    probes.push_back(std::async(std::launch::async, [this, url] { return probe(config_, url); }));
  }
  std::vector<ServerStatus> statuses;
  for (auto& result : probes) statuses.push_back(result.get());
  return statuses;
}

TestSignInReport DirectoryCheck::test_sign_in(std::string_view username, std::string_view password,
                                              std::string_view client_address) const {
  TestSignInReport report;
  const auto bare_name = auth::reduce_login_name(username);
  const std::string throttle_key = bare_name ? *bare_name : std::string(text::trim(username));

  if (const auto wait = throttle_.seconds_until_allowed(throttle_key, client_address); wait > 0) {
    report.steps.push_back({"Throttle", StepOutcome::kFailed,
                            fmt::format("Paused after too many failed attempts for this name or from this "
                                        "address; the directory was not contacted. Try again in {} seconds.",
                                        wait)});
    log::info("admin: test sign-in throttled");
    return report;
  }
  report.steps.push_back({"Throttle", StepOutcome::kPassed, "Not paused."});
  if (!bare_name || !acceptable_input(username, password)) {
    throttle_.record_failure(throttle_key, client_address);
    report.steps.push_back({"Name and password", StepOutcome::kFailed,
                            "Empty or malformed: refused before contacting the directory, as sign-in does."});
    log::info("admin: test sign-in refused before contacting the directory (empty or malformed input)");
    return report;
  }

  const auto result = directory_.sign_in(
      username, password, [&report](std::string_view line) { report.trace.emplace_back(line); });
  switch (result.status) {
    case auth::SignInStatus::kDirectoryUnavailable:
      report.steps.push_back({"Directory", StepOutcome::kFailed, "Unavailable: " + result.log_detail});
      log::warn("admin: test sign-in for '{}': directory unavailable: {}", throttle_key, result.log_detail);
      return report;
    case auth::SignInStatus::kInvalidCredentials:
      throttle_.record_failure(throttle_key, client_address);
      report.steps.push_back(
          {"Person found and password checked", StepOutcome::kFailed, "Refused: " + result.log_detail});
      log::info("admin: test sign-in for '{}' refused: {}", throttle_key, result.log_detail);
      return report;
    case auth::SignInStatus::kSuccess: break;
  }
  const auto& person = *result.person;
  report.steps.push_back(
      {"Person found and password checked", StepOutcome::kPassed,
       fmt::format("Found {} ({}); the password was accepted.", person.display_name, person.dn)});
  report.groups = roles_by_group(config_, person.group_dns);
  if (!auth::meets_required_group(config_, person.group_dns)) {
    throttle_.record_failure(throttle_key, client_address);
    report.steps.push_back(
        {"Required group", StepOutcome::kFailed,
         fmt::format("Not a member of {}: sign-in would be refused.", config_.required_group)});
    log::info("admin: test sign-in for '{}': not in the required group", throttle_key);
    return report;
  }
  report.steps.push_back({"Required group", StepOutcome::kPassed,
                          config_.required_group.empty() ? std::string("None is required.")
                                                         : "A member of " + config_.required_group + "."});
  const auto roles = auth::roles_for(config_, person.group_dns);
  report.roles = roles.names();
  report.steps.push_back({"Roles", StepOutcome::kPassed,
                          roles.empty() ? std::string("No roles: the person could sign in but use nothing.")
                                        : fmt::format("{} group(s) found.", person.group_dns.size())});
  throttle_.record_success(throttle_key);
  report.would_sign_in = true;
  log::info("admin: test sign-in for '{}' passed (no session created)", throttle_key);
  return report;
}

}  // namespace hearth::features::admin
