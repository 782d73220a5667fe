#pragma once

#include <cstdint>
#include <vector>

#include "auth/directory.h"
#include "auth/person_store.h"
#include "calendar/time_zone.h"
#include "features/events/event_store.h"
#include "features/groups/group_store.h"

namespace hearth::features::events {

// Seeds the sample events of `hearth demo`, relative to `now` in `zone`: a
// weekly "Mindful Moments" (with one cancelled session), monthly Schwartz
// Rounds, a full chair yoga class with a waiting list, a workshop for two
// departments, a social afternoon, a cancelled debrief and a sample group's
// weekly online meeting, with a few answers from the sample people. Does
// nothing if there is any event already, or if the sample people are missing.
void seed_demo_events(EventStore& store, groups::GroupStore& groups, auth::PersonStore& people,
                      const std::vector<auth::DirectoryPerson>& demo_people, const calendar::TimeZone& zone,
                      std::int64_t now);

}  // namespace hearth::features::events
