#include "features/resources/resource_service.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/audit_log.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/features/resources/resource_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::resources {
namespace {

using testing::sample_draft;

// 2026-03-02 03:30 UTC: still 1 March, 22:30, in New York.
constexpr std::int64_t kLateEvening = 1'772'422'200;
constexpr std::int64_t kDay = 24 * 60 * 60;

ErrorKind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected a hearth::Error");
  return ErrorKind::kInternal;
}

auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
}

calendar::TimeZone new_york() {
  auto zone = calendar::TimeZone::load("America/New_York");
  REQUIRE(zone);
  return *zone;
}

struct ServiceFixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kLateEvening};
  calendar::TimeZone zone = new_york();
  auth::PersonStore people{database.pool()};
  ResourceStore store{database.pool()};
  ResourceService service{store, zone, clock};

  auth::Viewer person(const std::string& username, auth::RoleSet roles) {
    const auto id = groups::testing::add_person(people, username, "Person " + username, clock.now_seconds());
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }
  auth::Viewer coordinator() {
    return person("cora.coordinator", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  }

  Resource create(const auth::Viewer& viewer, const ResourceDraft& draft, bool slug_from_name = false) {
    auto saved = service.create(viewer, ResourceForm{draft, {}, slug_from_name});
    INFO("first error: " << (saved.errors.empty() ? "" : saved.errors.entries().front().second));
    REQUIRE(saved.resource);
    return *saved.resource;
  }

  std::vector<std::string> audited_actions(std::int64_t id) {
    std::vector<std::string> actions;
    for (const auto& entry :
         storage::AuditLog::recent(database.connection(), 100, "resource", std::to_string(id))) {
      actions.insert(actions.begin(), entry.action);  // oldest first
    }
    return actions;
  }
};

}  // namespace

TEST_CASE("coordinators create, edit, reorder, retire and restore; each change is audited",
          "[resources][service]") {
  ServiceFixture fixture;
  const auto cora = fixture.coordinator();
  const auto first = fixture.create(cora, sample_draft("Counselling", "counselling"));
  const auto second = fixture.create(cora, sample_draft("Legal advice", "legal-advice"));
  CHECK(first.is_active());

  auto changed = sample_draft("Counselling sessions", "counselling");
  changed.hours = "Mon–Fri 8:00–20:00";
  const auto updated = fixture.service.update(cora, first.id, ResourceForm{changed, {}, false});
  REQUIRE(updated.resource);
  CHECK(updated.resource->details.hours == "Mon–Fri 8:00–20:00");

  CHECK(fixture.service.move(cora, second.id, Direction::kUp));
  CHECK_FALSE(fixture.service.move(cora, second.id, Direction::kUp));  // already first: not audited
  std::vector<std::string> order;
  for (const auto& resource : fixture.service.directory({})) order.push_back(resource.name());
  CHECK(order == std::vector<std::string>{"Legal advice", "Counselling sessions"});

  fixture.service.retire(cora, first.id);
  fixture.service.retire(cora, first.id);  // twice: nothing more happens
  CHECK(fixture.service.directory({}).size() == 1);
  fixture.service.restore(cora, first.id);
  CHECK(fixture.service.directory({}).size() == 2);

  CHECK(fixture.audited_actions(first.id) == std::vector<std::string>{"resource.create", "resource.update",
                                                                      "resource.retire", "resource.restore"});
  CHECK(fixture.audited_actions(second.id) ==
        std::vector<std::string>{"resource.create", "resource.move_up"});
  for (const auto& entry : storage::AuditLog::recent(fixture.database.connection(), 100, "resource")) {
    CHECK(entry.actor_person_id == cora.person_id());
    CHECK(entry.detail.empty());  // never the entry's text
  }
}

TEST_CASE("only coordinators may change the directory or see its figures", "[resources][service]") {
  ServiceFixture fixture;
  const auto cora = fixture.coordinator();
  const auto entry = fixture.create(cora, sample_draft("Counselling", "counselling"));
  const auto staff = fixture.person("sam.staff", roles_of({auth::Role::kStaff}));
  const auto admin = fixture.person("ada.admin", roles_of({auth::Role::kStaff, auth::Role::kAdmin}));
  const auto supporter =
      fixture.person("pat.peer", roles_of({auth::Role::kStaff, auth::Role::kPeerSupporter}));
  for (const auto& viewer : {staff, admin, supporter, auth::Viewer::anonymous()}) {
    INFO(viewer.display_name());
    auto& service = fixture.service;
    CHECK(kind_of_failure([&] {
            service.create(viewer, ResourceForm{sample_draft("X y z", "xyz"), {}, false});
          }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] {
            service.update(viewer, entry.id, ResourceForm{sample_draft("X y z", "xyz"), {}, false});
          }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.retire(viewer, entry.id); }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.restore(viewer, entry.id); }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.move(viewer, entry.id, Direction::kDown); }) ==
          ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.all_entries(viewer); }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.load_for_change(viewer, entry.id); }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { service.view_figures(viewer, 30); }) == ErrorKind::kForbidden);
  }
  CHECK(fixture.store.all().size() == 1);
  CHECK(fixture.store.find(entry.id)->name() == "Counselling");
  CHECK(kind_of_failure([&] { fixture.service.retire(cora, entry.id + 1000); }) == ErrorKind::kNotFound);
}

TEST_CASE("web addresses stay unique", "[resources][service]") {
  ServiceFixture fixture;
  const auto cora = fixture.coordinator();
  fixture.create(cora, sample_draft("Quiet room", "quiet-room"));

  SECTION("one made from the name gets a number") {
    const auto second = fixture.create(cora, sample_draft("Quiet room", "quiet-room"), true);
    CHECK(second.slug() == "quiet-room-2");
    const auto third = fixture.create(cora, sample_draft("Quiet room", "quiet-room"), true);
    CHECK(third.slug() == "quiet-room-3");
  }
  SECTION("a typed one that is taken is a field error, and nothing is stored") {
    const auto saved =
        fixture.service.create(cora, ResourceForm{sample_draft("Other", "quiet-room"), {}, false});
    CHECK_FALSE(saved.resource);
    CHECK_FALSE(saved.errors.message_for("slug").empty());
    CHECK(fixture.store.all().size() == 1);
  }
  SECTION("an entry keeps its own address when edited") {
    const auto own = fixture.store.find_by_slug("quiet-room");
    REQUIRE(own);
    const auto saved = fixture.service.update(
        cora, own->id, ResourceForm{sample_draft("Quiet room, renamed", "quiet-room"), {}, false});
    CHECK(saved.resource);
  }
  SECTION("a form with errors stores nothing and returns them") {
    ResourceForm form{sample_draft("Bad", "bad"), {}, false};
    form.errors.add("name", "Name must be at least 3 characters.");
    const auto saved = fixture.service.create(cora, form);
    CHECK_FALSE(saved.resource);
    CHECK(saved.errors.message_for("name") == "Name must be at least 3 characters.");
    CHECK(fixture.store.all().size() == 1);
  }
}

TEST_CASE("retired and unknown entries look the same on the public pages", "[resources][service]") {
  ServiceFixture fixture;
  const auto cora = fixture.coordinator();
  const auto entry = fixture.create(cora, sample_draft("Hardship fund", "hardship-fund"));
  CHECK(fixture.service.load(auth::Viewer::anonymous(), "hardship-fund").id == entry.id);
  fixture.service.retire(cora, entry.id);
  CHECK(kind_of_failure([&] { fixture.service.load(auth::Viewer::anonymous(), "hardship-fund"); }) ==
        ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { fixture.service.load(auth::Viewer::anonymous(), "no-such-entry"); }) ==
        ErrorKind::kNotFound);
  // Coordinators still reach it to edit or restore it.
  CHECK(fixture.service.load(cora, "hardship-fund").id == entry.id);
  CHECK(fixture.service.load_for_change(cora, entry.id).status == ResourceStatus::kRetired);
}

TEST_CASE("views are counted on the hospital's calendar day and summed without identity",
          "[resources][service][privacy]") {
  ServiceFixture fixture;
  const auto cora = fixture.coordinator();
  const auto entry = fixture.create(cora, sample_draft("Counselling", "counselling"));

  fixture.service.count_view(ViewedPage::kHelp);
  fixture.service.count_view(ViewedPage::kEntry, entry.id);
  const auto evening = fixture.store.view_counts("2026-03-01", "2026-03-02");
  REQUIRE(evening.size() == 2);
  for (const auto& row : evening) CHECK(row.day == "2026-03-01");  // 22:30 in New York, not UTC's 2 March

  fixture.clock.advance(2 * 60 * 60);  // past midnight in New York
  fixture.service.count_view(ViewedPage::kHelp);
  fixture.service.count_view(ViewedPage::kDirectory);
  fixture.service.count_view(ViewedPage::kEntry, entry.id);
  fixture.service.count_view(ViewedPage::kEntry, entry.id);

  const auto figures = fixture.service.view_figures(cora, 30);
  CHECK(figures.last_day == "2026-03-02");
  CHECK(figures.first_day == "2026-02-01");
  CHECK(figures.help == 2);
  CHECK(figures.directory == 1);
  REQUIRE(figures.entries.count(entry.id) == 1);
  CHECK(figures.entries.at(entry.id) == 3);

  // Views older than the span are left out.
  fixture.clock.advance(40 * kDay);
  CHECK(fixture.service.view_figures(cora, 30).help == 0);
}

TEST_CASE("a view that can't be counted never stops the page", "[resources][service]") {
  ServiceFixture fixture;
  fixture.database.connection().execute("DROP TABLE resource_view_count");
  CHECK_NOTHROW(fixture.service.count_view(ViewedPage::kHelp));
}

}  // namespace hearth::features::resources
