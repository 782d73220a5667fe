#pragma once

#include <algorithm>
#include <string>

#include "auth/access_control.h"
#include "features/events/event_model.h"

// Every permission question about events, as named predicates over (viewer,
// event, what the viewer is to the event's group and their department).
// Handlers and the service call these; nothing else decides who may see or
// do what with an event. Tested for every role x audience x relation in
// tests/unit/features/events/event_access_test.cpp.
//
// The rules:
// - staff see all-staff events, events for their department, and the
//   meetings of groups they are an active member of; organisers see their
//   own events; coordinators see every event except group meetings (a
//   group's meetings reveal the group, so they stay with its members);
// - coordinators create and edit every event that is not a group meeting;
//   a group's facilitators create and edit its meetings (an organiser who
//   loses that role loses the right to edit);
// - who is coming is seen only by those who may edit the event.
namespace hearth::features::events::access {

struct Subject {
  const auth::Viewer& viewer;
  const Event& event;
  GroupRelation group_relation = GroupRelation::kNone;  // for the event's group, if any
  const std::string& viewer_department;
};

inline bool is_group_meeting(const Event& event) {
  return event.draft.audience == Audience::kGroup;
}

inline bool is_for_department(const Event& event, const std::string& department) {
  if (department.empty()) return false;
  const auto& list = event.draft.departments;
  return std::find(list.begin(), list.end(), department) != list.end();
}

// Coordinators post site events; facilitators post their group's meetings
// (checked per group with can_schedule_for_group).
inline bool can_post_site_events(const auth::Viewer& viewer) {
  return auth::access::is_staff(viewer) && auth::access::is_coordinator(viewer);
}

inline bool can_schedule_for_group(const auth::Viewer& viewer, GroupRelation relation) {
  return auth::access::is_staff(viewer) && relation == GroupRelation::kFacilitator;
}

inline bool can_edit(const Subject& s) {
  if (is_group_meeting(s.event)) return can_schedule_for_group(s.viewer, s.group_relation);
  return can_post_site_events(s.viewer);
}

inline bool can_view(const Subject& s) {
  if (!auth::access::is_staff(s.viewer)) return false;
  if (can_edit(s)) return true;
  switch (s.event.draft.audience) {
    case Audience::kAllStaff: return true;
    case Audience::kDepartments: return is_for_department(s.event, s.viewer_department);
    case Audience::kGroup: return s.group_relation != GroupRelation::kNone;
  }
  return false;
}

// Attendance lists, the CSV export and the counts of who is waiting.
inline bool can_see_attendance(const Subject& s) {
  return can_edit(s);
}

// Answering for an occurrence: anyone who sees the event, while the event and
// the occurrence are not cancelled and it has not ended (checked by the
// service, which knows the time).
inline bool can_answer(const Subject& s) {
  return can_view(s) && s.event.status == EventStatus::kScheduled;
}

// The virtual link: everyone who sees the event, or, when the organiser keeps
// it to people going, those going and those who edit the event.
inline bool can_see_link(const Subject& s, RsvpStatus own_status) {
  if (!can_view(s)) return false;
  if (s.event.draft.link_visibility == LinkVisibility::kEveryone) return true;
  return own_status == RsvpStatus::kGoing || can_edit(s);
}

// The public feed lists all-staff events only.
inline bool is_public(const Event& event) {
  return event.draft.audience == Audience::kAllStaff;
}

}  // namespace hearth::features::events::access
