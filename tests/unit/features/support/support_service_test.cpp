// SupportService against a real migrated database: who sees what, claiming,
// the department rule, closing and expiry purge the identifying fields.
#include "features/support/support_service.h"

#include <catch2/catch.hpp>

#include "common/clock.h"
#include "common/error.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::support {
namespace {

constexpr std::int64_t kStart = 1'780'000'000;

auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
}

struct Fixture {
  hearth::testing::MigratedDatabase database;
  auth::PersonStore people{database.pool()};
  ManualClock clock{kStart};
  SupportStore store{database.pool()};
  SupportService service{store, people, clock, {30, 14}};

  // add_person puts everyone in the ICU; `department` moves them.
  auth::Viewer person(const std::string& username, auth::RoleSet roles,
                      const std::string& department = "ICU") {
    const auto id = groups::testing::add_person(people, username, "Person " + username);
    if (department != "ICU") {
      database.connection()
          .query("UPDATE person SET department = ? WHERE id = ?")
          .bind_all(department, id)
          .run();
    }
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }
};

RequestDraft draft(Department department = Department::kAnyDepartment) {
  RequestDraft d;
  d.channel = ContactChannel::kPhone;
  d.contact_detail = "x4357";
  d.context = "after a long week";
  d.department = department;
  return d;
}

ErrorKind kind_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("no error");
  return ErrorKind::kInternal;
}

}  // namespace

TEST_CASE("details reach only the requester and the supporter who takes the request", "[support]") {
  Fixture f;
  const auto staff = roles_of({auth::Role::kStaff});
  const auto supporter_roles = roles_of({auth::Role::kStaff, auth::Role::kPeerSupporter});
  const auto amy = f.person("amy", staff);
  const auto tom = f.person("tom", staff, "Imaging");
  const auto ben = f.person("ben", supporter_roles, "Emergency");
  const auto cleo = f.person("cleo", supporter_roles, "Emergency");

  const auto id = f.service.create(amy, draft());
  CHECK(f.service.own(amy, id).draft.contact_detail == "x4357");
  CHECK(kind_of([&] { f.service.own(tom, id); }) == ErrorKind::kNotFound);
  CHECK(kind_of([&] { f.service.queue(tom); }) == ErrorKind::kForbidden);

  auto queue = f.service.queue(ben);
  REQUIRE(queue.size() == 1);
  CHECK(queue[0].request.draft.contact_detail.empty());
  CHECK_FALSE(queue[0].request.requester_person_id);
  CHECK(queue[0].may_claim);

  f.service.claim(ben, id);
  CHECK(f.service.for_supporter(ben, id).request.draft.contact_detail == "x4357");
  const auto seen_by_cleo = f.service.for_supporter(cleo, id);
  CHECK(seen_by_cleo.request.draft.contact_detail.empty());
  CHECK_FALSE(seen_by_cleo.request.claimed_by);
  CHECK(kind_of([&] { f.service.claim(cleo, id); }) == ErrorKind::kConflict);
  CHECK(kind_of([&] { f.service.close(cleo, id, Outcome::kTalked); }) == ErrorKind::kForbidden);
  // The requester sees that it is taken, not by whom.
  CHECK_FALSE(f.service.own(amy, id).claimed_by);

  f.clock.advance(20 * 60);
  f.service.close(ben, id, Outcome::kTalked);
  const auto closed = f.store.find(id);
  REQUIRE(closed);
  CHECK(closed->status == RequestStatus::kClosed);
  CHECK(closed->outcome == Outcome::kTalked);
  CHECK_FALSE(closed->requester_person_id);
  CHECK_FALSE(closed->claimed_by);
  CHECK(closed->draft.contact_detail.empty());
  CHECK(closed->draft.context.empty());
  CHECK(closed->department.empty());
  CHECK(closed->wait_seconds == 20 * 60);
  CHECK(closed->created_at % 86400 == 0);  // only the day remains
  CHECK(f.service.mine(amy).empty());
}

TEST_CASE("a request for someone outside the department cannot be taken from inside it", "[support]") {
  Fixture f;
  const auto amy = f.person("amy", roles_of({auth::Role::kStaff}));
  const auto icu_supporter = f.person("carmen", roles_of({auth::Role::kStaff, auth::Role::kPeerSupporter}));
  const auto coordinator =
      f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}), "Wellbeing");
  const auto id = f.service.create(amy, draft(Department::kOutsideMyDepartment));
  const auto item = f.service.queue(icu_supporter).at(0);
  CHECK(item.same_department);
  CHECK_FALSE(item.may_claim);
  CHECK(kind_of([&] { f.service.claim(icu_supporter, id); }) == ErrorKind::kConflict);
  f.service.claim(coordinator, id);
  f.service.release(coordinator, id);
  CHECK(f.store.find(id)->status == RequestStatus::kWaiting);
  // Nobody takes their own request.
  const auto supporter_request = f.service.create(icu_supporter, draft());
  CHECK_FALSE(f.service.queue(icu_supporter).at(1).may_claim);
  CHECK(kind_of([&] { f.service.claim(icu_supporter, supporter_request); }) == ErrorKind::kForbidden);
}

TEST_CASE("withdrawn and stale requests are ended and purged", "[support]") {
  Fixture f;
  const auto amy = f.person("amy", roles_of({auth::Role::kStaff}));
  const auto withdrawn = f.service.create(amy, draft());
  f.service.withdraw(amy, withdrawn);
  CHECK(f.store.find(withdrawn)->outcome == Outcome::kWithdrawn);
  CHECK(f.store.find(withdrawn)->draft.contact_detail.empty());

  const auto stale = f.service.create(amy, draft());
  f.clock.advance(13 * 86400);
  CHECK(f.service.expire_stale() == 0);
  const auto fresh = f.service.create(amy, draft());
  f.clock.advance(2 * 86400);
  CHECK(f.service.expire_stale() == 1);
  CHECK(f.store.find(stale)->outcome == Outcome::kExpired);
  CHECK_FALSE(f.store.find(stale)->requester_person_id);
  CHECK(f.store.find(fresh)->status == RequestStatus::kWaiting);
}
}  // namespace hearth::features::support
