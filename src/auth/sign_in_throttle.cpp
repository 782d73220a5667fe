#include "auth/sign_in_throttle.h"

#include <algorithm>

#include "common/text.h"

namespace hearth::auth {

SignInThrottle::SignInThrottle(const Clock& clock, ThrottlePolicy policy) : clock_(clock), policy_(policy) {}

void SignInThrottle::set_policy(ThrottlePolicy policy) {
  std::lock_guard lock(mutex_);
  policy_ = policy;
}

std::int64_t SignInThrottle::wait_for(Attempts& attempts, int limit, std::int64_t now) const {
  while (!attempts.empty() && attempts.front() <= now - policy_.window_seconds) attempts.pop_front();
  if (static_cast<int>(attempts.size()) < limit) return 0;
  // Allowed again once the oldest failure that keeps the count at the limit leaves the window.
  const auto oldest_relevant = attempts[attempts.size() - static_cast<std::size_t>(limit)];
  return std::max<std::int64_t>(1, oldest_relevant + policy_.window_seconds - now);
}

void SignInThrottle::prune(std::int64_t now) {
  if (now - last_prune_ < policy_.window_seconds) return;
  last_prune_ = now;
  const auto cutoff = now - policy_.window_seconds;
  for (auto* map : {&by_username_, &by_address_}) {
    std::erase_if(
        *map, [cutoff](const auto& entry) { return entry.second.empty() || entry.second.back() <= cutoff; });
  }
}

std::int64_t SignInThrottle::seconds_until_allowed(std::string_view username, std::string_view address) {
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  prune(now);
  std::int64_t wait = 0;
  if (auto found = by_username_.find(text::to_lower_ascii(username)); found != by_username_.end()) {
    wait = std::max(wait, wait_for(found->second, policy_.max_failures_per_username, now));
  }
  if (auto found = by_address_.find(std::string(address)); found != by_address_.end()) {
    wait = std::max(wait, wait_for(found->second, policy_.max_failures_per_address, now));
  }
  return wait;
}

void SignInThrottle::record_failure(std::string_view username, std::string_view address) {
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  by_username_[text::to_lower_ascii(username)].push_back(now);
  by_address_[std::string(address)].push_back(now);
}

void SignInThrottle::record_success(std::string_view username) {
  std::lock_guard lock(mutex_);
  by_username_.erase(text::to_lower_ascii(username));
}

}  // namespace hearth::auth
