#include "auth/access_control.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>

namespace hearth::auth {
namespace {

constexpr std::array kEveryRole = {Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin};

RoleSet roles_of(std::initializer_list<Role> list) {
  RoleSet roles;
  for (Role role : list) roles.insert(role);
  return roles;
}

Viewer person_with(RoleSet roles) {
  return Viewer::signed_in(42, "Test Person", roles);
}

struct Expected {
  bool signed_in;
  bool staff;
  bool support_queue;
  bool coordinator;
  bool administer;
};

void check_predicates(const Viewer& viewer, const Expected& expected) {
  CHECK(access::is_signed_in(viewer) == expected.signed_in);
  CHECK(access::is_staff(viewer) == expected.staff);
  CHECK(access::can_work_support_queue(viewer) == expected.support_queue);
  CHECK(access::is_coordinator(viewer) == expected.coordinator);
  CHECK(access::can_administer(viewer) == expected.administer);
}

}  // namespace

TEST_CASE("an anonymous viewer passes no access predicate", "[auth][access]") {
  const Viewer anonymous = Viewer::anonymous();
  check_predicates(anonymous, {false, false, false, false, false});
  CHECK(anonymous.person_id() == 0);
  CHECK(anonymous.display_name().empty());
  for (Role role : kEveryRole) CHECK_FALSE(anonymous.has_role(role));
}

TEST_CASE("access predicates for the typical people", "[auth][access]") {
  SECTION("a staff member") {
    check_predicates(person_with(roles_of({Role::kStaff})), {true, true, false, false, false});
  }
  SECTION("a peer supporter") {
    check_predicates(person_with(roles_of({Role::kStaff, Role::kPeerSupporter})),
                     {true, true, true, false, false});
  }
  SECTION("a wellness coordinator") {
    check_predicates(person_with(roles_of({Role::kStaff, Role::kCoordinator})),
                     {true, true, true, true, false});
  }
  SECTION("an administrator who is in no staff group is not staff") {
    check_predicates(person_with(roles_of({Role::kAdmin})), {true, false, false, false, true});
  }
  SECTION("an administrator does not thereby work the support queue or run events") {
    check_predicates(person_with(roles_of({Role::kStaff, Role::kAdmin})), {true, true, false, false, true});
  }
  SECTION("a signed-in person with no roles may only do what any signed-in person may") {
    check_predicates(person_with(RoleSet{}), {true, false, false, false, false});
  }
  SECTION("a person with every role passes every predicate") {
    check_predicates(
        person_with(roles_of({Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin})),
        {true, true, true, true, true});
  }
}

TEST_CASE("each predicate depends only on the roles it names, for every role combination", "[auth][access]") {
  for (unsigned mask = 0; mask < 16; ++mask) {
    RoleSet roles;
    for (std::size_t i = 0; i < kEveryRole.size(); ++i) {
      if ((mask & (1U << i)) != 0) roles.insert(kEveryRole[i]);
    }
    const bool staff = (mask & 1U) != 0;
    const bool peer = (mask & 2U) != 0;
    const bool coordinator = (mask & 4U) != 0;
    const bool admin = (mask & 8U) != 0;
    INFO("staff=" << staff << " peer=" << peer << " coordinator=" << coordinator << " admin=" << admin);
    check_predicates(person_with(roles), {true, staff, peer || coordinator, coordinator, admin});
  }
}

TEST_CASE("a viewer with person id 0 is anonymous whatever roles it carries", "[auth][access]") {
  const Viewer forged =
      Viewer::signed_in(0, "Forged", roles_of({Role::kStaff, Role::kAdmin, Role::kCoordinator}));
  check_predicates(forged, {false, false, false, false, false});
}

TEST_CASE("a viewer keeps the person's id, name and roles", "[auth][access]") {
  const RoleSet roles = roles_of({Role::kPeerSupporter});
  const Viewer viewer = Viewer::signed_in(7, "Priya Shah", roles);
  CHECK(viewer.person_id() == 7);
  CHECK(viewer.display_name() == "Priya Shah");
  CHECK(viewer.roles() == roles);
  CHECK(viewer.has_role(Role::kPeerSupporter));
  CHECK_FALSE(viewer.has_role(Role::kStaff));
}

}  // namespace hearth::auth
