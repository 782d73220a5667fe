#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "calendar/schedule.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/groups/group_model.h"

namespace hearth::features::groups {

// A group's next meeting, remembered until that meeting ends or the group is
// edited: expanding a recurrence with libical (which serialises every call on
// one process-wide lock) is the dearest part of rendering a list of groups,
// and the answer changes only when a meeting ends. Thread-safe.
class NextMeetings {
 public:
  NextMeetings(const calendar::TimeZone& zone, const Clock& clock) : zone_(zone), clock_(clock) {}

  // nullopt for groups that are not active or have no further meeting.
  std::optional<calendar::Occurrence> next(const Group& group);

 private:
  struct Entry {
    std::int64_t updated_at = 0;  // the group's updated_at when computed
    std::optional<calendar::Occurrence> occurrence;
  };
  static constexpr std::size_t kMaxEntries = 20000;

  const calendar::TimeZone& zone_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, Entry> entries_;  // by group id; guarded by mutex_
};

}  // namespace hearth::features::groups
