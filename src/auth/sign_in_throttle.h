#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace hearth::auth {

struct ThrottlePolicy {
  int max_failures_per_username = 5;
  int max_failures_per_address = 20;
  std::int64_t window_seconds = 15 * 60;
};

// Counts failed sign-in attempts per username and per client address in a
// sliding window, so that guessing is slowed down *before* the directory is
// contacted: repeated guesses cannot lock a person's directory account.
// In memory only; a restart forgets the counts. Thread-safe.
class SignInThrottle {
 public:
  SignInThrottle(const Clock& clock, ThrottlePolicy policy);

  // Returns the number of seconds the caller must wait before another attempt
  // for this username or address is allowed, or 0 if it is allowed now.
  // `username` is compared case-insensitively.
  std::int64_t seconds_until_allowed(std::string_view username, std::string_view address);

  void record_failure(std::string_view username, std::string_view address);
  // A successful sign-in clears the username's failures (not the address's).
  void record_success(std::string_view username);
  // The policy for attempts from now on (a reloaded configuration); the
  // failures already counted are kept.
  void set_policy(ThrottlePolicy policy);

 private:
  using Attempts = std::deque<std::int64_t>;  // failure times, oldest first
  std::int64_t wait_for(Attempts& attempts, int limit, std::int64_t now) const;
  void prune(std::int64_t now);

  const Clock& clock_;
  std::mutex mutex_;
  // State below is protected by mutex_.
  ThrottlePolicy policy_;
  std::unordered_map<std::string, Attempts> by_username_;
  std::unordered_map<std::string, Attempts> by_address_;
  std::int64_t last_prune_ = 0;
};

}  // namespace hearth::auth
