#pragma once

#include <cstdint>
#include <string>

#include "auth/directory.h"
#include "auth/person_store.h"
#include "auth/roles.h"
#include "features/groups/group_model.h"

// Shared setup for the peer-group store and service tests.
namespace hearth::features::groups::testing {

// A valid, listed, open group that meets weekly in person with no size cap.
inline GroupDraft sample_draft(const std::string& name, const std::string& slug) {
  GroupDraft draft;
  draft.name = name;
  draft.slug = slug;
  draft.focus = "Talking through the hard parts of the job";
  draft.description = "A friendly group of colleagues.";
  draft.audience_kind = AudienceKind::kAllStaff;
  draft.ground_rules = "What is said here stays here. Be kind.";
  draft.join_policy = JoinPolicy::kOpen;
  draft.visibility = Visibility::kListed;
  draft.format = MeetingFormat::kInPerson;
  draft.location = "Chapel meeting room";
  draft.schedule.recurrence = calendar::Recurrence::kWeekly;
  draft.schedule.interval = 1;
  draft.schedule.weekday = calendar::Weekday::kTuesday;
  draft.schedule.first_date = {2026, 3, 3};
  draft.schedule.start_time = {19, 0};
  draft.schedule.duration_minutes = 60;
  return draft;
}

// Adds a person as if they had signed in, and returns their id.
inline std::int64_t add_person(auth::PersonStore& people, const std::string& username,
                               const std::string& display_name, std::int64_t now = 1'700'000'000) {
  auth::DirectoryPerson person;
  person.stable_id = "uuid-" + username;
  person.username = username;
  person.dn = "uid=" + username + ",ou=people,dc=hospital,dc=example";
  person.display_name = display_name;
  person.department = "ICU";
  auth::RoleSet roles;
  roles.insert(auth::Role::kStaff);
  return people.upsert(person, roles, now);
}

}  // namespace hearth::features::groups::testing
