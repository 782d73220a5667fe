#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/database.h"

namespace hearth::features::stats {

// Raw counts per month ("2026-11"), before suppression. Read-only SQL over
// other features' tables: aggregates only, never a row about a person.
struct MonthlySupport {
  int requests = 0;
  std::map<std::string, int> outcomes;  // outcome text ("talked", ...; "open" for open requests) -> count
  std::vector<std::int64_t> waits;      // seconds from request to first contact
};

struct Participation {
  int active_groups = 0;
  int people_in_groups = 0;  // distinct active members of active groups
  std::map<std::string, int> posts_per_month;
  // Views of the help page and the resource directory (anonymous daily counts).
  std::map<std::string, int> help_views_per_month;
  std::map<std::string, int> resource_views_per_month;
  // Wellness events (not group meetings), by the month of the session:
  // sessions with at least one person going, and places taken.
  std::map<std::string, std::pair<int, int>> event_sessions_and_places_per_month;
};

class StatsStore {
 public:
  explicit StatsStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // Months from `since` (UTC seconds) on, oldest first.
  std::map<std::string, MonthlySupport> support_by_month(std::int64_t since);
  Participation participation(std::int64_t since);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::stats
