#include "features/health/readiness.h"

#include "common/log.h"

namespace hearth::features {

Readiness ReadinessCheck::check() {
  try {
    store_.check();
  } catch (const std::exception& error) {
    log::error("readyz: database check failed: {}", error.what());
    return Readiness::kDatabaseUnavailable;
  }
  return directory_reachable() ? Readiness::kReady : Readiness::kDirectoryUnavailable;
}

bool ReadinessCheck::directory_reachable() {
  const auto fresh = [this](std::int64_t now) {
    return reachable_ && now >= checked_at_ && now - checked_at_ < ttl_seconds_;
  };
  {
    std::lock_guard state(state_mutex_);
    if (fresh(clock_.now_seconds())) return *reachable_;
  }
  std::unique_lock checking(check_mutex_, std::try_to_lock);
  if (!checking.owns_lock()) {
    {
      std::lock_guard state(state_mutex_);
      if (reachable_) return *reachable_;  // another caller is asking; use the last answer
    }
    checking.lock();
  }
  {
    // Someone may have finished a check while this caller waited for the lock.
    std::lock_guard state(state_mutex_);
    if (fresh(clock_.now_seconds())) return *reachable_;
  }
  bool reachable = false;
  try {
    reachable = directory_.is_reachable();
  } catch (const std::exception& error) {
    log::error("readyz: directory check failed: {}", error.what());
  }
  std::lock_guard state(state_mutex_);
  reachable_ = reachable;
  checked_at_ = clock_.now_seconds();
  return reachable;
}

}  // namespace hearth::features
