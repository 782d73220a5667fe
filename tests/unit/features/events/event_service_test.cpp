// EventService against a real migrated database: posting rights, who sees
// which event, answers with capacity and the waiting list (also under
// concurrent answers), cancellations, series edits, and the calendar feeds.
#include "features/events/event_service.h"

#include <catch2/catch.hpp>
#include <thread>

#include "common/clock.h"
#include "common/error.h"
#include "features/groups/group_store.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/features/notifications/recording_notifier.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::events {
namespace {

using calendar::LocalDate;
using calendar::LocalTime;
using notifications::NotificationKind;

constexpr std::int64_t kStart = 1'795'262'400;  // Saturday 21 November 2026, 12:00 UTC (7:00 New York)
constexpr LocalDate kMonday{2026, 11, 23};
constexpr LocalDate kNextMonday{2026, 11, 30};

auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
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

struct Fixture {
  hearth::testing::MigratedDatabase database;
  auth::PersonStore people{database.pool()};
  ManualClock clock{kStart};
  calendar::TimeZone zone = *calendar::TimeZone::load("America/New_York");
  EventStore store{database.pool()};
  notifications::testing::RecordingNotifier notifier;
  EventService service{store, people, zone, clock, "https://hearth.example.org", notifier};
  groups::GroupStore groups{database.pool()};

  auth::Viewer person(const std::string& username, auth::RoleSet roles,
                      const std::string& department = "ICU") {
    const auto id = groups::testing::add_person(people, username, "Person " + username);
    database.connection()
        .query("UPDATE person SET department = ? WHERE id = ?")
        .bind_all(department, id)
        .run();
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }
  auth::Viewer staff(const std::string& username, const std::string& department = "ICU") {
    return person(username, roles_of({auth::Role::kStaff}), department);
  }

  std::int64_t group_with(const auth::Viewer& facilitator, std::vector<auth::Viewer> members) {
    const auto id = groups.insert(groups::testing::sample_draft("Night owls", "night-owls"),
                                  groups::GroupStatus::kActive, facilitator.person_id(), kStart);
    groups::Membership lead;
    lead.group_id = id;
    lead.person_id = facilitator.person_id();
    lead.role = groups::MembershipRole::kFacilitator;
    groups.save_membership(lead, kStart);
    for (const auto& member : members) {
      groups::Membership membership;
      membership.group_id = id;
      membership.person_id = member.person_id();
      groups.save_membership(membership, kStart);
    }
    return id;
  }
};

EventDraft weekly_yoga(int capacity) {
  EventDraft draft;
  draft.title = "Chair yoga";
  draft.category = Category::kMovement;
  draft.series.first_date = kMonday;
  draft.series.start_time = LocalTime{12, 15};
  draft.series.duration_minutes = 30;
  draft.series.frequency = calendar::SeriesFrequency::kWeekly;
  draft.series.weekdays = {calendar::Weekday::kMonday};
  draft.location = "Physio gym";
  draft.rsvp = RsvpPolicy::kRequired;
  draft.capacity = capacity;
  return draft;
}

}  // namespace

TEST_CASE("coordinators post site events; facilitators only their group's meetings", "[events][service]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy");
  const auto liam = f.staff("liam");
  const auto group = f.group_with(liam, {amy});
  const auto other_group = f.groups.insert(groups::testing::sample_draft("Other", "other"),
                                           groups::GroupStatus::kActive, dana.person_id(), kStart);

  CHECK(f.service.create(dana, weekly_yoga(4)) > 0);
  CHECK(kind_of([&] { f.service.create(amy, weekly_yoga(4)); }) == ErrorKind::kForbidden);

  auto meeting = weekly_yoga(4);
  meeting.audience = Audience::kGroup;
  meeting.group_id = group;
  const auto meeting_id = f.service.create(liam, meeting);
  CHECK(meeting_id > 0);
  meeting.group_id = other_group;
  CHECK(kind_of([&] { f.service.create(liam, meeting); }) == ErrorKind::kForbidden);
  // A coordinator is not a facilitator of the group.
  meeting.group_id = group;
  CHECK(kind_of([&] { f.service.create(dana, meeting); }) == ErrorKind::kForbidden);

  // The meeting is the group's: its member sees it, the coordinator does not.
  CHECK(f.service.load(amy, meeting_id).event.draft.title == "Chair yoga");
  CHECK(kind_of([&] { f.service.load(dana, meeting_id); }) == ErrorKind::kNotFound);
  CHECK(f.service.load(liam, meeting_id).may_see_attendance);
  CHECK_FALSE(f.service.load(amy, meeting_id).may_see_attendance);
}

TEST_CASE("the agenda lists the sessions each person may see", "[events][service]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy", "ICU");
  const auto noor = f.staff("noor", "Oncology");
  f.service.create(dana, weekly_yoga(4));
  auto workshop = weekly_yoga(10);
  workshop.title = "ICU workshop";
  workshop.series.frequency = calendar::SeriesFrequency::kOnce;
  workshop.series.first_date = LocalDate{2026, 11, 25};
  workshop.audience = Audience::kDepartments;
  workshop.departments = {"ICU"};
  f.service.create(dana, workshop);

  const auto titles = [&](const auth::Viewer& viewer) {
    std::vector<std::string> seen;
    for (const auto& item :
         f.service.agenda(viewer, LocalDate{2026, 11, 21}, LocalDate{2026, 12, 6}, {}, 100))
      seen.push_back(item.event.event.draft.title + " " + date_text(item.session.date));
    return seen;
  };
  CHECK(titles(amy) == std::vector<std::string>{"Chair yoga 2026-11-23", "ICU workshop 2026-11-25",
                                                "Chair yoga 2026-11-30"});
  CHECK(titles(noor) == std::vector<std::string>{"Chair yoga 2026-11-23", "Chair yoga 2026-11-30"});
  AgendaFilter education;
  education.category = Category::kEducation;
  CHECK(f.service.agenda(amy, LocalDate{2026, 11, 21}, LocalDate{2026, 12, 6}, education, 100).empty());
}

TEST_CASE("answers fill the places, then the waiting list, which moves up in order", "[events][service]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy");
  const auto ben = f.staff("ben");
  const auto carmen = f.staff("carmen");
  const auto tomas = f.staff("tomas");
  const auto id = f.service.create(dana, weekly_yoga(2));

  CHECK(f.service.answer(amy, id, kMonday, Answer::kGoing) == RsvpStatus::kGoing);
  CHECK(f.service.answer(ben, id, kMonday, Answer::kGoing) == RsvpStatus::kGoing);
  CHECK(f.service.answer(carmen, id, kMonday, Answer::kGoing) == RsvpStatus::kWaiting);
  CHECK(f.service.answer(tomas, id, kMonday, Answer::kGoing) == RsvpStatus::kWaiting);
  // Asking again keeps one's place; other sessions are separate.
  CHECK(f.service.answer(carmen, id, kMonday, Answer::kGoing) == RsvpStatus::kWaiting);
  CHECK(f.service.answer(carmen, id, kNextMonday, Answer::kGoing) == RsvpStatus::kGoing);

  f.service.answer(amy, id, kMonday, Answer::kNotGoing);
  CHECK(f.service.session(carmen, id, kMonday).own->status == RsvpStatus::kGoing);
  CHECK(f.service.session(tomas, id, kMonday).own->status == RsvpStatus::kWaiting);
  const auto told = f.notifier.to(carmen.person_id());
  REQUIRE(told.size() == 1);
  CHECK(told.front().kind == NotificationKind::kEventPlaceOpened);
  CHECK(told.front().link == "/events/" + std::to_string(id) + "/2026-11-23");
  CHECK(f.notifier.to(tomas.person_id()).empty());

  // The organiser sees who; staff do not.
  const auto attendees = f.service.attendees(dana, id, kMonday);
  REQUIRE(attendees.size() == 3);
  CHECK(attendees[0].username == "ben");
  CHECK(attendees[1].username == "carmen");
  CHECK(attendees[2].status == RsvpStatus::kWaiting);
  CHECK(kind_of([&] { f.service.attendees(ben, id, kMonday); }) == ErrorKind::kForbidden);

  // A date that is not a session, and a session that is over.
  CHECK(kind_of([&] {
          f.service.answer(ben, id, LocalDate{2026, 11, 24}, Answer::kGoing);
        }) == ErrorKind::kNotFound);
  f.clock.advance(3 * 24 * 60 * 60);
  CHECK(kind_of([&] { f.service.answer(tomas, id, kMonday, Answer::kGoing); }) == ErrorKind::kConflict);
}

TEST_CASE("concurrent answers never exceed the places and never lose anyone",
          "[events][service][concurrency]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  constexpr int kPeople = 24;
  constexpr int kPlaces = 5;
  std::vector<auth::Viewer> staff;
  for (int i = 0; i < kPeople; ++i) staff.push_back(f.staff("person" + std::to_string(i)));
  const auto id = f.service.create(dana, weekly_yoga(kPlaces));
  // Each thread uses its own connection from the pool; the notifier is not
  // shared between threads, so this service notifies nobody.
  EventService quiet{f.store, f.people, f.zone, f.clock, "https://hearth.example.org"};
  const auto run_all = [&](int first, int last, Answer answer) {
    std::vector<std::thread> threads;
    for (int i = first; i < last; ++i) {
      threads.emplace_back([&, i] {
        for (int attempt = 0;; ++attempt) {
          try {
            quiet.answer(staff[static_cast<std::size_t>(i)], id, kMonday, answer);
            return;
          } catch (const Error& error) {
            // A busy database is retried by the pool's busy timeout; anything
            // else fails the test.
            if (attempt > 20) throw;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
  };
  run_all(0, kPeople, Answer::kGoing);
  auto counts = f.store.attendance(id, kMonday);
  CHECK(counts.going == kPlaces);
  CHECK(counts.waiting == kPeople - kPlaces);

  // Half of everyone (going or waiting) drop out at once: the places refill
  // from the waiting list, in order, and nobody disappears.
  run_all(0, kPeople / 2, Answer::kNotGoing);
  counts = f.store.attendance(id, kMonday);
  CHECK(counts.going == kPlaces);
  CHECK(counts.going + counts.waiting == kPeople / 2);
  const auto attendees = f.store.attendees(id, kMonday);
  for (std::size_t i = 1; i < attendees.size(); ++i) {
    if (attendees[i].status == attendees[i - 1].status)
      CHECK(attendees[i - 1].position < attendees[i].position);
  }
}

TEST_CASE("cancelling a session or an event tells everyone who answered and stops answers",
          "[events][service]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy");
  const auto ben = f.staff("ben");
  const auto id = f.service.create(dana, weekly_yoga(4));
  f.service.answer(amy, id, kMonday, Answer::kGoing);
  f.service.answer(ben, id, kNextMonday, Answer::kGoing);

  CHECK(kind_of([&] { f.service.cancel_session(amy, id, kMonday, ""); }) == ErrorKind::kForbidden);
  f.service.cancel_session(dana, id, kMonday, "Room flooded");
  const auto session = f.service.session(amy, id, kMonday);
  CHECK(session.session.cancelled);
  CHECK(session.session.note == "Room flooded");
  CHECK_FALSE(session.may_answer);
  REQUIRE(f.notifier.to(amy.person_id()).size() == 1);
  CHECK(f.notifier.to(amy.person_id()).front().kind == NotificationKind::kEventCancelled);
  CHECK(f.notifier.to(ben.person_id()).empty());
  CHECK(kind_of([&] { f.service.answer(ben, id, kMonday, Answer::kGoing); }) == ErrorKind::kConflict);
  CHECK_FALSE(f.service.session(ben, id, kNextMonday).session.cancelled);

  f.service.cancel(dana, id, EditScope::kWholeEvent, std::nullopt);
  CHECK(f.notifier.to(ben.person_id()).size() == 1);
  CHECK(f.service.load(ben, id).event.status == EventStatus::kCancelled);
  CHECK(kind_of([&] { f.service.answer(ben, id, kNextMonday, Answer::kGoing); }) == ErrorKind::kConflict);
}

TEST_CASE("editing this and later sessions splits the series and moves the answers", "[events][service]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy");
  const auto ben = f.staff("ben");
  const auto id = f.service.create(dana, weekly_yoga(4));
  f.service.answer(amy, id, kMonday, Answer::kGoing);
  f.service.answer(ben, id, kNextMonday, Answer::kGoing);

  auto later = weekly_yoga(4);
  later.series.start_time = LocalTime{13, 0};
  const auto new_id = f.service.update(dana, id, later, EditScope::kFromOccurrence, kNextMonday);
  CHECK(new_id != id);
  const auto old_event = f.service.load(dana, id).event;
  REQUIRE(old_event.draft.series.until.has_value());
  CHECK(*old_event.draft.series.until == kMonday);
  CHECK(f.service.session(amy, id, kMonday).own->status == RsvpStatus::kGoing);
  const auto moved = f.service.session(ben, new_id, kNextMonday);
  REQUIRE(moved.own.has_value());
  CHECK(moved.own->status == RsvpStatus::kGoing);
  CHECK(moved.session.occurrence.start.time == LocalTime{13, 0});
  CHECK(f.notifier.to(ben.person_id()).front().kind == NotificationKind::kEventChanged);
  CHECK(f.notifier.to(amy.person_id()).empty());

  // Moving the series to Tuesdays: Monday answers have no session any more.
  auto tuesdays = later;
  tuesdays.series.weekdays = {calendar::Weekday::kTuesday};
  f.service.update(dana, new_id, tuesdays, EditScope::kWholeEvent, std::nullopt);
  CHECK(f.notifier.to(ben.person_id()).back().kind == NotificationKind::kEventCancelled);
  CHECK(f.store.attendance(new_id, kNextMonday).going == 0);
}

TEST_CASE("calendar feeds: personal by token, discreet group meetings, nobody's name",
          "[events][service][ics]") {
  Fixture f;
  const auto dana = f.person("dana", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto amy = f.staff("amy");
  const auto liam = f.staff("liam");
  const auto group = f.group_with(liam, {amy});
  const auto yoga = f.service.create(dana, weekly_yoga(4));
  auto meeting = weekly_yoga(0);
  meeting.title = "Grief support circle";
  meeting.capacity.reset();
  meeting.audience = Audience::kGroup;
  meeting.group_id = group;
  f.service.create(liam, meeting);
  f.service.answer(amy, yoga, kMonday, Answer::kGoing);
  f.service.answer(liam, yoga, kMonday, Answer::kGoing);

  CHECK_FALSE(f.service.personal_feed("no-such-token").has_value());
  const auto token = f.service.renew_feed(amy, Discretion::kGroupMeetings);
  CHECK(token.size() >= 40);
  const auto feed = f.service.personal_feed(token);
  REQUIRE(feed.has_value());
  CHECK(feed->find("BEGIN:VCALENDAR") == 0);
  CHECK(feed->find("Hearth: wellness session") != std::string::npos);
  CHECK(feed->find("Grief") == std::string::npos);
  CHECK(feed->find("Chair yoga") != std::string::npos);
  for (const char* name : {"Person amy", "Person liam", "Person dana", "ATTENDEE", "ORGANIZER"})
    CHECK(feed->find(name) == std::string::npos);
  // Only the hash is stored.
  auto row = f.database.connection().query("SELECT token_hash FROM calendar_feed");
  REQUIRE(row.step());
  CHECK(row.column_text(0) != token);

  f.service.set_feed_discretion(amy, Discretion::kNothing);
  CHECK(f.service.personal_feed(token)->find("Grief support circle") != std::string::npos);

  const auto renewed = f.service.renew_feed(amy, Discretion::kEverything);
  CHECK_FALSE(f.service.personal_feed(token).has_value());
  const auto discreet = f.service.personal_feed(renewed);
  REQUIRE(discreet.has_value());
  CHECK(discreet->find("Chair yoga") == std::string::npos);
  f.service.revoke_feed(amy);
  CHECK_FALSE(f.service.personal_feed(renewed).has_value());

  const auto public_feed = f.service.public_feed();
  CHECK(public_feed.find("Chair yoga") != std::string::npos);
  CHECK(public_feed.find("Grief") == std::string::npos);
  CHECK(public_feed.find("wellness session") == std::string::npos);
}

}  // namespace hearth::features::events
