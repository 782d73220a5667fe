#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/directory.h"
#include "auth/directory_config.h"
#include "auth/person_store.h"
#include "auth/session_store.h"
#include "auth/sign_in_throttle.h"

namespace hearth::auth {

enum class SignInOutcome {
  kSignedIn,
  kRejected,              // wrong name or password, locked, not in the required group: one message for all
  kThrottled,             // too many recent failures for this name or address
  kDirectoryUnavailable,  // the directory could not be reached; the person should try again later
};

struct SignInReply {
  SignInOutcome outcome = SignInOutcome::kRejected;
  std::optional<NewSession> session;     // set iff kSignedIn
  std::int64_t retry_after_seconds = 0;  // set for kThrottled
};

// Signs a person in: throttle check (before any directory traffic) →
// directory search-then-bind → required group → roles → person row →
// a new session (the previous one, if any, is deleted). Thread-safe.
class SignInService {
 public:
  SignInService(Directory& directory, const DirectoryConfig& config, PersonStore& people,
                SessionStore& sessions, SignInThrottle& throttle, const Clock& clock);

  // `previous_session_token` is the cookie the browser sent, if any; it is
  // removed on success so the session token always rotates at sign-in.
  // Input that is too long, not UTF-8 or has control characters is rejected
  // like a wrong password, without contacting the directory.
  SignInReply sign_in(std::string_view username, std::string_view password, std::string_view client_address,
                      std::string_view previous_session_token);

 private:
  Directory& directory_;
  const DirectoryConfig& config_;
  PersonStore& people_;
  SessionStore& sessions_;
  SignInThrottle& throttle_;
  const Clock& clock_;
};

}  // namespace hearth::auth
