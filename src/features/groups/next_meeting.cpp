#include "features/groups/next_meeting.h"

namespace hearth::features::groups {

std::optional<calendar::Occurrence> NextMeetings::next(const Group& group) {
  if (group.status != GroupStatus::kActive) return std::nullopt;
  const auto now = clock_.now_seconds();
  {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(group.id);
    if (found != entries_.end() && found->second.updated_at == group.updated_at && found->second.occurrence &&
        now < found->second.occurrence->end_utc) {
      return found->second.occurrence;
    }
  }
  const auto upcoming = calendar::next_occurrences(group.details.schedule, zone_, now, 1);
  std::optional<calendar::Occurrence> occurrence;
  if (!upcoming.empty()) occurrence = upcoming.front();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[group.id] = Entry{group.updated_at, occurrence};
  return occurrence;
}

}  // namespace hearth::features::groups
