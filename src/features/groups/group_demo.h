#pragma once

#include <cstdint>
#include <vector>

#include "auth/directory.h"
#include "auth/person_store.h"
#include "features/groups/group_store.h"

namespace hearth::features::groups {

// Seeds the sample groups of `hearth demo`: a dozen groups with varied join
// policies, schedules and tags, one hidden, one full with a waiting list,
// facilitated and joined by people of the sample directory (`people`, by
// username). Does nothing if any group exists. People missing from `people`
// are skipped.
void seed_demo_groups(GroupStore& store, auth::PersonStore& people_store,
                      const std::vector<auth::DirectoryPerson>& people, std::int64_t now);

}  // namespace hearth::features::groups
