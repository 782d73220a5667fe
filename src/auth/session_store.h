#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/roles.h"
#include "common/clock.h"
#include "storage/database.h"

namespace hearth::auth {

struct SessionPolicy {
  std::int64_t idle_timeout_seconds = 30 * 60;
  std::int64_t absolute_timeout_seconds = 12 * 60 * 60;
  // last_seen_at is written at most this often per session, so that reading a
  // page is not a disk write every time. The idle timeout is therefore exact
  // to within this interval.
  std::int64_t touch_interval_seconds = 60;
  // Anonymous sessions exist only to carry the sign-in form's CSRF token.
  std::int64_t anonymous_timeout_seconds = 2 * 60 * 60;
};

struct Session {
  std::string token_hash;                 // SHA-256 of the cookie token
  std::optional<std::int64_t> person_id;  // nullopt for an anonymous session
  std::string display_name;               // "" for an anonymous session
  RoleSet roles;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

// A session just created. `token` is the cookie value: it is returned once and
// never stored (only its hash is).
struct NewSession {
  std::string token;
  Session session;
};

// The `session` table. Thread-safe (each thread uses its own connection).
class SessionStore {
 public:
  SessionStore(storage::ConnectionPool& pool, const Clock& clock, SessionPolicy policy);

  // Returns the live session for a cookie token, or nullopt if the token is
  // unknown, malformed, or the session has passed its idle or absolute
  // timeout (an expired session is deleted). Updates last_seen_at when it is
  // older than the touch interval.
  std::optional<Session> find(std::string_view token);

  NewSession create_anonymous();
  // Creates a fresh session for a person who has just signed in. The caller
  // removes the previous session, so the token always changes at sign-in.
  NewSession create_signed_in(std::int64_t person_id, std::string display_name, const RoleSet& roles);

  // Deletes the session. Not an error if it does not exist.
  void remove(std::string_view token);

  // Deletes every expired session; returns how many were deleted.
  int purge_expired();

  const SessionPolicy& policy() const { return policy_; }

 private:
  NewSession insert(std::optional<std::int64_t> person_id, std::string display_name, const RoleSet& roles);
  bool is_expired(const Session& session, std::int64_t now) const;

  storage::ConnectionPool& pool_;
  const Clock& clock_;
  SessionPolicy policy_;
};

}  // namespace hearth::auth
