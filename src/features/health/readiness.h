#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "auth/directory.h"
#include "common/clock.h"
#include "features/health/health_store.h"

namespace hearth::features {

enum class Readiness { kReady, kDatabaseUnavailable, kDirectoryUnavailable };

// Whether Hearth can serve sign-ins and pages: the database answers a query
// (checked every time; it is local and cheap) and a directory server accepts
// the service bind. The directory's answer is kept for `directory_ttl_seconds`
// so that a monitoring probe polling /readyz cannot hammer the directory; while
// one check is running, concurrent callers get the previous answer instead of
// waiting (the first caller ever waits). Thread-safe.
class ReadinessCheck {
 public:
  static constexpr std::int64_t kDefaultDirectoryTtlSeconds = 5;

  ReadinessCheck(HealthStore& store, auth::Directory& directory, const Clock& clock,
                 std::int64_t directory_ttl_seconds = kDefaultDirectoryTtlSeconds)
      : store_(store), directory_(directory), clock_(clock), ttl_seconds_(directory_ttl_seconds) {}

  Readiness check();

 private:
  bool directory_reachable();

  HealthStore& store_;
  auth::Directory& directory_;
  const Clock& clock_;
  std::int64_t ttl_seconds_;

  std::mutex check_mutex_;  // held while the directory is being asked
  std::mutex state_mutex_;  // guards the two members below
  std::optional<bool> reachable_;
  std::int64_t checked_at_ = 0;
};

}  // namespace hearth::features
