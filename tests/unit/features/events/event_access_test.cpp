// Who may see, edit and answer events: every viewer kind against every
// audience, relation to the group and department.
#include "features/events/event_access.h"

#include <catch2/catch.hpp>

#include "unit/auth/viewer_kinds.h"

namespace hearth::features::events {
namespace {

using hearth::testing::make_viewer;
using hearth::testing::name_of;
using hearth::testing::ViewerKind;

Event event_for(Audience audience) {
  Event event;
  event.id = 7;
  event.draft.audience = audience;
  if (audience == Audience::kDepartments) event.draft.departments = {"ICU", "Maternity"};
  if (audience == Audience::kGroup) event.draft.group_id = 3;
  return event;
}

struct Expected {
  bool view;
  bool edit;
};

constexpr std::array kAllKinds = {ViewerKind::kAnonymous,          ViewerKind::kStaff,
                                  ViewerKind::kPeerSupporter,      ViewerKind::kCoordinator,
                                  ViewerKind::kAdministrator,      ViewerKind::kAdministratorNotStaff,
                                  ViewerKind::kCoordinatorNotStaff};

bool is_staff_kind(ViewerKind kind) {
  return kind != ViewerKind::kAnonymous && kind != ViewerKind::kAdministratorNotStaff &&
         kind != ViewerKind::kCoordinatorNotStaff;
}

}  // namespace

TEST_CASE("all-staff events: every staff member sees them, only coordinators edit", "[events][access]") {
  const auto event = event_for(Audience::kAllStaff);
  const std::string department = "Oncology";
  for (const auto kind : kAllKinds) {
    CAPTURE(name_of(kind));
    const auto viewer = make_viewer(kind);
    const access::Subject subject{viewer, event, GroupRelation::kNone, department};
    CHECK(access::can_view(subject) == is_staff_kind(kind));
    CHECK(access::can_edit(subject) == (kind == ViewerKind::kCoordinator));
    CHECK(access::can_see_attendance(subject) == (kind == ViewerKind::kCoordinator));
    CHECK(access::can_answer(subject) == is_staff_kind(kind));
  }
  CHECK(access::is_public(event));
}

TEST_CASE("department events: the listed departments and coordinators", "[events][access]") {
  const auto event = event_for(Audience::kDepartments);
  for (const auto kind : kAllKinds) {
    for (const std::string department : {"ICU", "Maternity", "Oncology", ""}) {
      CAPTURE(name_of(kind), department);
      const auto viewer = make_viewer(kind);
      const access::Subject subject{viewer, event, GroupRelation::kNone, department};
      const bool listed = department == "ICU" || department == "Maternity";
      CHECK(access::can_view(subject) ==
            (is_staff_kind(kind) && (listed || kind == ViewerKind::kCoordinator)));
      CHECK(access::can_edit(subject) == (kind == ViewerKind::kCoordinator));
    }
  }
  CHECK_FALSE(access::is_public(event));
}

TEST_CASE("group meetings: members see them, facilitators edit, nobody else", "[events][access]") {
  const auto event = event_for(Audience::kGroup);
  const std::string department = "ICU";
  const std::array relations = {GroupRelation::kNone, GroupRelation::kMember, GroupRelation::kFacilitator};
  for (const auto kind : kAllKinds) {
    for (const auto relation : relations) {
      CAPTURE(name_of(kind), static_cast<int>(relation));
      const auto viewer = make_viewer(kind);
      const access::Subject subject{viewer, event, relation, department};
      // Coordinators and administrators get nothing from their role here:
      // a group's meetings reveal the group.
      const Expected expected{is_staff_kind(kind) && relation != GroupRelation::kNone,
                              is_staff_kind(kind) && relation == GroupRelation::kFacilitator};
      CHECK(access::can_view(subject) == expected.view);
      CHECK(access::can_edit(subject) == expected.edit);
      CHECK(access::can_see_attendance(subject) == expected.edit);
    }
  }
  CHECK_FALSE(access::is_public(event));
}

TEST_CASE("a cancelled event takes no answers", "[events][access]") {
  auto event = event_for(Audience::kAllStaff);
  event.status = EventStatus::kCancelled;
  const auto viewer = make_viewer(ViewerKind::kStaff);
  const std::string department = "ICU";
  const access::Subject subject{viewer, event, GroupRelation::kNone, department};
  CHECK(access::can_view(subject));
  CHECK_FALSE(access::can_answer(subject));
}

TEST_CASE("the video link can be kept to people going and the organisers", "[events][access]") {
  auto event = event_for(Audience::kAllStaff);
  event.draft.virtual_link = "https://video.example/x";
  const std::string department = "ICU";
  const auto staff = make_viewer(ViewerKind::kStaff);
  const auto coordinator = make_viewer(ViewerKind::kCoordinator);
  const access::Subject as_staff{staff, event, GroupRelation::kNone, department};
  const access::Subject as_coordinator{coordinator, event, GroupRelation::kNone, department};
  CHECK(access::can_see_link(as_staff, RsvpStatus::kNotGoing));
  event.draft.link_visibility = LinkVisibility::kGoing;
  CHECK_FALSE(access::can_see_link(as_staff, RsvpStatus::kNotGoing));
  CHECK_FALSE(access::can_see_link(as_staff, RsvpStatus::kWaiting));
  CHECK(access::can_see_link(as_staff, RsvpStatus::kGoing));
  CHECK(access::can_see_link(as_coordinator, RsvpStatus::kNotGoing));
  const auto anonymous = make_viewer(ViewerKind::kAnonymous);
  CHECK_FALSE(access::can_see_link({anonymous, event, GroupRelation::kNone, department}, RsvpStatus::kGoing));
}

TEST_CASE("posting: coordinators post site events, facilitators their group's meetings", "[events][access]") {
  for (const auto kind : kAllKinds) {
    CAPTURE(name_of(kind));
    const auto viewer = make_viewer(kind);
    CHECK(access::can_post_site_events(viewer) == (kind == ViewerKind::kCoordinator));
    CHECK(access::can_schedule_for_group(viewer, GroupRelation::kFacilitator) == is_staff_kind(kind));
    CHECK_FALSE(access::can_schedule_for_group(viewer, GroupRelation::kMember));
    CHECK_FALSE(access::can_schedule_for_group(viewer, GroupRelation::kNone));
  }
}

}  // namespace hearth::features::events
