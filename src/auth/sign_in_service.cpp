#include "auth/sign_in_service.h"

#include "auth/login_name.h"
#include "auth/role_text.h"
#include "auth/roles.h"
#include "common/log.h"
#include "common/text.h"

namespace hearth::auth {
namespace {
constexpr std::size_t kMaxUsernameBytes = 256;
constexpr std::size_t kMaxPasswordBytes = 1024;

bool acceptable_input(std::string_view username, std::string_view password) {
  return !username.empty() && username.size() <= kMaxUsernameBytes && password.size() <= kMaxPasswordBytes &&
         text::is_valid_utf8(username) && !text::has_control_characters(username) &&
         !text::is_blank(password);
}
}  // namespace

SignInService::SignInService(Directory& directory, const DirectoryConfig& config, PersonStore& people,
                             SessionStore& sessions, SignInThrottle& throttle, const Clock& clock)
    : directory_(directory),
      config_(config),
      people_(people),
      sessions_(sessions),
      throttle_(throttle),
      clock_(clock) {}

SignInReply SignInService::sign_in(std::string_view username, std::string_view password,
                                   std::string_view client_address, std::string_view previous_session_token) {
  SignInReply reply;
  const auto bare_name = reduce_login_name(username);
  // The throttle key is the bare name, so `DOMAIN\amy` and `amy` share a budget.
  const std::string throttle_key = bare_name ? *bare_name : std::string(text::trim(username));

  if (const auto wait = throttle_.seconds_until_allowed(throttle_key, client_address); wait > 0) {
    log::warn("sign-in: throttled for {}s (too many recent failures)", wait);
    reply.outcome = SignInOutcome::kThrottled;
    reply.retry_after_seconds = wait;
    return reply;
  }
  if (!bare_name || !acceptable_input(username, password)) {
    log::info("sign-in: refused before contacting the directory (empty or malformed input)");
    throttle_.record_failure(throttle_key, client_address);
    return reply;
  }

  const auto result = directory_.sign_in(username, password);
  if (result.status == SignInStatus::kDirectoryUnavailable) {
    log::error("sign-in: directory unavailable: {}", result.log_detail);
    reply.outcome = SignInOutcome::kDirectoryUnavailable;
    return reply;
  }
  if (result.status != SignInStatus::kSuccess || !result.person) {
    log::info("sign-in: rejected for '{}': {}", throttle_key, result.log_detail);
    throttle_.record_failure(throttle_key, client_address);
    return reply;
  }
  const auto& person = *result.person;
  if (!meets_required_group(config_, person.group_dns)) {
    log::info("sign-in: rejected for '{}': not a member of the required group", throttle_key);
    throttle_.record_failure(throttle_key, client_address);
    return reply;
  }

  const RoleSet roles = roles_for(config_, person.group_dns);
  const auto person_id = people_.upsert(person, roles, clock_.now_seconds());
  if (!previous_session_token.empty()) sessions_.remove(previous_session_token);
  reply.session = sessions_.create_signed_in(person_id, person.display_name, roles);
  reply.outcome = SignInOutcome::kSignedIn;
  throttle_.record_success(throttle_key);
  log::info("sign-in: person {} signed in with roles [{}]", person_id, role_list_text(roles));
  return reply;
}

}  // namespace hearth::auth
