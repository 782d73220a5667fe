#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "features/support/support_model.h"
#include "storage/database.h"

namespace hearth::features::support {

// SQL for support requests. Every method uses the calling thread's
// connection; "not found" is nullopt. Callers wrap read-check-write
// sequences (claim) in a storage::Transaction on connection().
class SupportStore {
 public:
  explicit SupportStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  std::int64_t insert(const RequestDraft& draft, std::int64_t requester_person_id,
                      std::string_view department, std::int64_t now);
  std::optional<SupportRequest> find(std::int64_t id);
  // Waiting and claimed requests, oldest first.
  std::vector<SupportRequest> open_requests();
  // The person's requests, newest first (closed ones no longer name them, so
  // only open ones appear).
  std::vector<SupportRequest> requests_of(std::int64_t person_id);

  void claim(std::int64_t id, std::int64_t supporter_person_id, std::int64_t now);
  void release(std::int64_t id);
  // Records the first contact and the wait (created to now).
  void mark_contacted(std::int64_t id, std::int64_t now);
  // Ends the request and empties every identifying field in the same
  // statement; the day of creation is rounded down to midnight UTC.
  void close_and_purge(std::int64_t id, Outcome outcome);
  // Open requests created before `cutoff`, for the expiry job.
  std::vector<std::int64_t> open_created_before(std::int64_t cutoff);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::support
