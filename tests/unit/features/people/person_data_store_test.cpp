#include "features/people/person_data_store.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "auth/person_store.h"
#include "common/clock.h"
#include "common/error.h"
#include "features/people/people_service.h"
#include "storage/audit_log.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::people {
namespace {

constexpr std::int64_t kNow = 1'767'225'600;

using Reference = std::pair<std::string, std::string>;

// Every (table, column) with a foreign key to person, from the schema itself.
std::set<Reference> schema_references(storage::Database& database) {
  std::set<Reference> found;
  auto tables = database.prepare(
      "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
      "WHERE m.type = 'table' AND f.\"table\" = 'person'");
  while (tables.step()) found.insert({tables.column_text(0), tables.column_text(1)});
  return found;
}

std::int64_t scalar(storage::Database& database, const std::string& sql, std::int64_t person_id = 0) {
  auto statement = database.prepare(sql);
  if (sql.find("?1") != std::string::npos) statement.bind(1, person_id);
  REQUIRE(statement.step());
  return statement.column_int64(0);
}

std::string text_of(storage::Database& database, const std::string& sql, const std::string& json) {
  auto statement = database.prepare(sql);
  statement.bind(1, json);
  REQUIRE(statement.step());
  return statement.column_text(0);
}

// Two people, Amy and Bea, with a row of their own in every table that refers
// to a person (and in the outbox, addressed to them).
class PeopleFixture {
 public:
  PeopleFixture() : people_(database_.pool()), store_(database_.pool()) {
    amy = groups::testing::add_person(people_, "amy.chen", "Amy Chen");
    bea = groups::testing::add_person(people_, "bea.stone", "Bea Stone");
    auto& db = database_.connection();
    db.execute(
        "UPDATE person SET mail = 'amy.chen@hospital.example', title = 'Charge nurse' WHERE username = "
        "'amy.chen';"
        "UPDATE person SET mail = 'bea.stone@hospital.example' WHERE username = 'bea.stone';");
    for (const auto id : {amy, bea}) seed(id);
    // Cross links: Bea's request taken by Amy; each reports the other's post.
    db.prepare(
          "INSERT INTO support_request (requester_person_id, for_whom, contact_channel, contact_detail, "
          "timing, "
          "status, claimed_by, claimed_at, created_at) VALUES (?1, 'self', 'phone', 'x2222', 'soon', "
          "'claimed', "
          "?2, 10, 0)")
        .bind_all(bea, amy)
        .run();
    taken_request = db.last_insert_id();
    db.prepare(
          "INSERT INTO group_post_report (post_id, group_id, reporter_person_id, reason, status, created_at) "
          "SELECT p.id, p.group_id, ?1, 'unkind', 'open', 0 FROM group_post p WHERE p.author_person_id = ?2 "
          "LIMIT 1")
        .bind_all(amy, bea)
        .run();
    db.prepare(
          "INSERT INTO group_post_report (post_id, group_id, reporter_person_id, reason, status, created_at) "
          "SELECT p.id, p.group_id, ?1, 'spam', 'open', 0 FROM group_post p WHERE p.author_person_id = ?2 "
          "LIMIT 1")
        .bind_all(bea, amy)
        .run();
    db.prepare(
          "INSERT INTO site_logo (id, content_type, data_base64, digest, updated_at, updated_by) "
          "VALUES (1, 'image/png', 'iVBORw0KGgo=', 'abc', 0, ?1)")
        .bind(1, amy)
        .run();
  }

  storage::Database& db() { return database_.connection(); }
  PersonDataStore& store() { return store_; }
  auth::PersonStore& people() { return people_; }

  std::int64_t amy = 0;
  std::int64_t bea = 0;
  std::int64_t taken_request = 0;

 private:
  void seed(std::int64_t id) {
    auto& db = database_.connection();
    const auto key = std::to_string(id);
    const auto name = id == amy ? std::string("Amy") : std::string("Bea");
    db.prepare(
          "INSERT INTO session (token_hash, person_id, csrf_token, created_at, last_seen_at) "
          "VALUES ('hash-of-secret-' || ?1, ?1, 'csrf-secret-' || ?1, 0, 0)")
        .bind(1, id)
        .run();
    db.prepare(
          "INSERT INTO peer_group (slug, name, focus, audience_kind, ground_rules, join_policy, visibility, "
          "format, recurrence, meeting_weekday, first_date, start_time, duration_minutes, status, "
          "created_by, "
          "created_at, updated_at) VALUES ('circle-' || ?1, ?2 || '''s circle', 'focus', 'all_staff', "
          "'rules', "
          "'open', 'listed', 'virtual', 'weekly', 1, '2026-01-01', '12:00', 60, 'active', ?1, 0, 0)")
        .bind_all(id, name)
        .run();
    const auto group = db.last_insert_id();
    db.prepare(
          "INSERT INTO peer_group_membership (group_id, person_id, role, status, answers, created_at, "
          "updated_at) VALUES (?1, ?2, 'facilitator', 'active', 'Answer by ' || ?3, 0, 0)")
        .bind_all(group, id, name)
        .run();
    db.prepare(
          "INSERT INTO group_thread (group_id, title, created_at, last_activity_at) VALUES (?1, ?2, 0, 0)")
        .bind_all(group, "Thread of " + name)
        .run();
    const auto thread = db.last_insert_id();
    db.prepare(
          "INSERT INTO group_post (thread_id, group_id, author_person_id, anonymous, body, state, "
          "created_at) "
          "VALUES (?1, ?2, ?3, 0, 'Post by ' || ?4, 'visible', 0), "
          "(?1, ?2, ?3, 1, 'Anonymous post by ' || ?4, 'visible', 1)")
        .bind_all(thread, group, id, name)
        .run();
    db.prepare("INSERT INTO group_thread_read (person_id, thread_id, last_read_post_id) VALUES (?1, ?2, 1)")
        .bind_all(id, thread)
        .run();
    db.prepare(
          "INSERT INTO group_shared_resource (group_id, author_person_id, title, url, created_at) "
          "VALUES (?1, ?2, 'Link from ' || ?3, 'https://example.org/', 0)")
        .bind_all(group, id, name)
        .run();
    db.prepare(
          "INSERT INTO group_member_warning (group_id, person_id, message, created_at) "
          "VALUES (?1, ?2, 'Reminder for ' || ?3, 0)")
        .bind_all(group, id, name)
        .run();
    db.prepare(
          "INSERT INTO notification (person_id, kind, link, created_at) VALUES (?1, 'thread_reply', '/', 0)")
        .bind(1, id)
        .run();
    db.prepare("INSERT INTO notification_preference (person_id, email, updated_at) VALUES (?1, 'daily', 0)")
        .bind(1, id)
        .run();
    db.prepare(
          "INSERT INTO mail_outbox (to_address, subject, body, message_id, created_at) "
          "SELECT mail, 'New activity', 'Mail for ' || ?2, 'id-' || ?1, 0 FROM person WHERE id = ?1")
        .bind_all(id, name)
        .run();
    db.prepare(
          "INSERT INTO support_request (requester_person_id, for_whom, contact_channel, contact_detail, "
          "timing, "
          "status, created_at) VALUES (?1, 'self', 'phone', 'Contact of ' || ?2, 'soon', 'waiting', 0)")
        .bind_all(id, name)
        .run();
    db.prepare(
          "INSERT INTO event (uid, title, category, first_date, frequency, link_visibility, audience, rsvp, "
          "organiser_contact, organiser_person_id, status, created_at, updated_at) VALUES ('uid-' || ?1, "
          "'Yoga with ' || ?2, 'movement', '2026-02-02', 'once', 'everyone', 'all_staff', 'optional', "
          "?2 || ', ext 4411', ?1, 'scheduled', 0, 0)")
        .bind_all(id, name)
        .run();
    const auto event = db.last_insert_id();
    db.prepare(
          "INSERT INTO event_rsvp (event_id, occurrence_date, person_id, status, position, updated_at) "
          "VALUES (?1, '2026-02-02', ?2, 'going', 1, 0)")
        .bind_all(event, id)
        .run();
    db.prepare(
          "INSERT INTO calendar_feed (person_id, token_hash, discreet, created_at) "
          "VALUES (?1, 'feed-hash-' || ?1, 'everything', 0)")
        .bind(1, id)
        .run();
    db.prepare(
          "INSERT INTO site_setting (key, value, updated_at, updated_by) VALUES ('key-' || ?1, 'v', 0, ?1)")
        .bind(1, id)
        .run();
    storage::AuditLog::record(db, {0, 0, id, "settings.change", "setting", key, ""});
  }

  testing::MigratedDatabase database_;
  auth::PersonStore people_;
  PersonDataStore store_;
};

// Every text value in the ordinary tables (not full-text indexes), joined.
std::string all_stored_text(storage::Database& database) {
  std::string text;
  auto tables = database.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
      "'%_search%'");
  std::vector<std::string> names;
  while (tables.step()) names.push_back(tables.column_text(0));
  for (const auto& table : names) {
    auto rows = database.prepare("SELECT * FROM " + table);
    auto columns = database.prepare("SELECT count(*) FROM pragma_table_info(?1)");
    columns.bind(1, table);
    REQUIRE(columns.step());
    const auto count = static_cast<int>(columns.column_int64(0));
    while (rows.step()) {
      for (int column = 0; column < count; ++column) text += rows.column_text(column) + "|";
    }
  }
  return text;
}

}  // namespace

TEST_CASE("the store handles every column that refers to a person", "[people]") {
  testing::MigratedDatabase database;
  std::set<Reference> handled;
  for (const auto& reference : PersonDataStore::references()) {
    handled.insert({std::string(reference.table), std::string(reference.column)});
  }
  // A new table that refers to person must be added to references(), to the
  // export and to the counts.
  CHECK(schema_references(database.connection()) == handled);
}

TEST_CASE("the export holds the person's own data and nobody else's", "[people]") {
  PeopleFixture fixture;
  auto& db = fixture.db();
  const auto json = fixture.store().export_json(fixture.amy, kNow);
  REQUIRE(json);
  CHECK(text_of(db, "SELECT json_valid(?1)", *json) == "1");
  const auto field = [&](const std::string& path) {
    return text_of(db, "SELECT json_extract(?1, '" + path + "')", *json);
  };
  CHECK(field("$.person.username") == "amy.chen");
  CHECK(field("$.person.mail") == "amy.chen@hospital.example");
  CHECK(field("$.exported") == "2026-01-01T00:00:00Z");
  CHECK(field("$.sessions.signed_in_browsers") == "1");
  CHECK(field("$.group_memberships[0].answers_to_joining_questions") == "Answer by Amy");
  CHECK(field("$.posts[0].text") == "Post by Amy");
  CHECK(field("$.posts[1].text") == "Anonymous post by Amy");
  CHECK(field("$.posts[1].anonymous") == "1");
  CHECK(field("$.shared_resources[0].title") == "Link from Amy");
  CHECK(field("$.reminders_received[0].message") == "Reminder for Amy");
  CHECK(field("$.notifications[0].kind") == "thread_reply");
  CHECK(field("$.notification_settings.email") == "daily");
  CHECK(field("$.emails[0].text") == "Mail for Amy");
  CHECK(field("$.support_requests[0].contact_detail") == "Contact of Amy");
  CHECK(field("$.support_requests_in_your_care") == "1");
  CHECK(field("$.events_organised[0].event") == "Yoga with Amy");
  CHECK(field("$.event_replies[0].reply") == "going");
  CHECK(field("$.calendar_feed.discreet_titles") == "everything");
  CHECK(field("$.audited_actions[0].action") == "settings.change");
  CHECK(text_of(db, "SELECT json_array_length(?1, '$.reports_made')", *json) == "1");
  CHECK(text_of(db, "SELECT json_array_length(?1, '$.posts')", *json) == "2");

  // Secrets and other people: no session or feed token hashes, no CSRF
  // token; Bea appears only as the name of her group (where Amy's report
  // points) and nowhere as an author, requester or contact.
  for (const char* absent : {"hash-of-secret", "csrf-secret", "feed-hash", "Post by Bea", "Contact of Bea",
                             "Answer by Bea", "bea.stone", "Bea Stone", "Mail for Bea", "x2222"}) {
    INFO(absent);
    CHECK(json->find(absent) == std::string::npos);
  }
  CHECK_FALSE(fixture.store().export_json(9999, kNow));
}

TEST_CASE("the counts show what deleting would remove", "[people]") {
  PeopleFixture fixture;
  const auto counts = fixture.store().counts(fixture.amy);
  REQUIRE(counts);
  CHECK(counts->sessions == 1);
  CHECK(counts->groups == 1);
  CHECK(counts->applications == 0);
  CHECK(counts->posts == 2);
  CHECK(counts->shared_resources == 1);
  CHECK(counts->reports == 1);
  CHECK(counts->reminders == 1);
  CHECK(counts->notifications == 1);
  CHECK(counts->has_preferences);
  CHECK(counts->emails == 1);
  CHECK(counts->support_requests == 1);
  CHECK(counts->support_requests_in_care == 1);
  CHECK(counts->events_organised == 1);
  CHECK(counts->rsvps == 1);
  CHECK(counts->has_calendar_feed);
  CHECK(counts->sole_facilitator_of == std::vector<std::string>{"Amy's circle"});
  CHECK(erasure_effects(*counts).size() == 14);  // all but requests to join
}

TEST_CASE("erasing a person removes or unlinks everything about them, in one go", "[people]") {
  PeopleFixture fixture;
  auto& db = fixture.db();
  const auto& references = PersonDataStore::references();
  std::map<Reference, std::int64_t> rows_before;
  std::map<Reference, std::int64_t> bea_before;
  for (const auto& reference : references) {
    const std::string table(reference.table);
    const std::string column(reference.column);
    rows_before[{table, column}] = scalar(db, "SELECT count(*) FROM " + table);
    bea_before[{table, column}] =
        scalar(db, "SELECT count(*) FROM " + table + " WHERE " + column + " = ?1", fixture.bea);
  }

  REQUIRE(fixture.store().erase(fixture.amy, fixture.bea, "web", kNow));

  for (const auto& reference : references) {
    const std::string table(reference.table);
    const std::string column(reference.column);
    INFO(table << "." << column);
    const auto amy_rows =
        scalar(db, "SELECT count(*) FROM " + table + " WHERE " + column + " = ?1", fixture.amy);
    const auto rows = scalar(db, "SELECT count(*) FROM " + table);
    switch (reference.action) {
      case ErasureAction::kDeleteRow: CHECK(amy_rows == 0); break;
      case ErasureAction::kClearColumn:
        CHECK(amy_rows == 0);
        if (table != "support_request") CHECK(rows == rows_before[{table, column}]);
        break;
      case ErasureAction::kKeepTombstone: CHECK(amy_rows > 0); break;
    }
    if (table != "audit_log") {
      // Bea's own rows are untouched (her request that Amy had taken is still hers).
      CHECK(scalar(db, "SELECT count(*) FROM " + table + " WHERE " + column + " = ?1", fixture.bea) ==
            bea_before[{table, column}]);
    }
  }
  // Amy's posts stay, without an author; Bea's request goes back to the queue.
  CHECK(
      scalar(db, "SELECT count(*) FROM group_post WHERE body LIKE '%by Amy' AND author_person_id IS NULL") ==
      2);
  auto request =
      db.prepare("SELECT status, claimed_by IS NULL, claimed_at IS NULL FROM support_request WHERE id = ?1");
  request.bind(1, fixture.taken_request);
  REQUIRE(request.step());
  CHECK(request.column_text(0) == "waiting");
  CHECK(request.column_int64(1) == 1);
  CHECK(request.column_int64(2) == 1);
  CHECK(scalar(db, "SELECT count(*) FROM mail_outbox WHERE to_address LIKE 'amy%'") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM mail_outbox WHERE to_address LIKE 'bea%'") == 1);

  // Nothing that names Amy is left anywhere.
  const auto stored = all_stored_text(db);
  for (const char* trace : {"amy.chen", "Amy Chen", "Charge nurse", "Contact of Amy", "Answer by Amy",
                            "Reminder for Amy", "Mail for Amy", "Amy, ext 4411", "uuid-amy.chen"}) {
    INFO(trace);
    CHECK(stored.find(trace) == std::string::npos);
  }
  // The tombstone and the audit entry: an internal id and who did it.
  auto tombstone = db.prepare("SELECT directory_id, username, display_name FROM person WHERE id = ?1");
  tombstone.bind(1, fixture.amy);
  REQUIRE(tombstone.step());
  CHECK(tombstone.column_text(0) == "deleted:" + std::to_string(fixture.amy));
  CHECK(tombstone.column_text(1).empty());
  const auto entries = storage::AuditLog::recent(db, 10, "person", std::to_string(fixture.amy));
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].action == "person.delete");
  CHECK(entries[0].actor_person_id == fixture.bea);
  CHECK(entries[0].detail == "web");

  CHECK_FALSE(fixture.store().export_json(fixture.amy, kNow));
  CHECK_FALSE(fixture.store().counts(fixture.amy));
  CHECK_FALSE(fixture.store().erase(fixture.amy, fixture.bea, "web", kNow));
  CHECK_FALSE(fixture.people().find_by_username("amy.chen"));
  // Bea keeps everything of hers.
  const auto bea_after = fixture.store().export_json(fixture.bea, kNow);
  REQUIRE(bea_after);
  for (const char* kept : {"Post by Bea", "Contact of Bea", "Answer by Bea", "Mail for Bea", "x2222"}) {
    INFO(kept);
    CHECK(bea_after->find(kept) != std::string::npos);
  }

  // Signing in again makes a fresh person.
  const auto again = groups::testing::add_person(fixture.people(), "amy.chen", "Amy Chen");
  CHECK(again != fixture.amy);
  const auto fresh = fixture.store().counts(again);
  REQUIRE(fresh);
  CHECK(fresh->posts == 0);
  CHECK(fresh->groups == 0);
}

TEST_CASE("the service lets administrators delete others after typing the username", "[people]") {
  PeopleFixture fixture;
  const ManualClock clock(kNow);
  PeopleService service(fixture.store(), fixture.people(), clock);
  auth::RoleSet admin_roles;
  admin_roles.insert(auth::Role::kAdmin);
  auth::RoleSet staff_roles;
  staff_roles.insert(auth::Role::kStaff);
  const auto admin = auth::Viewer::signed_in(fixture.bea, "Bea Stone", admin_roles);
  const auto staff = auth::Viewer::signed_in(fixture.bea, "Bea Stone", staff_roles);

  CHECK_THROWS_AS(service.find(staff, "amy.chen"), Error);
  CHECK_THROWS_AS(service.find(auth::Viewer::anonymous(), "amy.chen"), Error);
  const auto found = service.find(admin, " AMY.chen ");
  REQUIRE(found);
  CHECK(found->person.display_name == "Amy Chen");
  CHECK_FALSE(found->is_viewer);
  CHECK(service.find(admin, "bea.stone")->is_viewer);
  CHECK_FALSE(service.find(admin, "nobody"));
  CHECK_FALSE(service.find(admin, ""));

  CHECK_THROWS_AS(service.erase(staff, "amy.chen", "amy.chen"), Error);
  try {
    service.erase(admin, "amy.chen", "amy");
    FAIL("a wrong confirmation was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kBadRequest);
  }
  try {
    service.erase(admin, "bea.stone", "bea.stone");
    FAIL("an administrator deleted themself");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kConflict);
  }
  REQUIRE(service.find(admin, "amy.chen"));
  service.erase(admin, "amy.chen", "Amy.Chen ");
  CHECK_FALSE(service.find(admin, "amy.chen"));
  CHECK_FALSE(service.export_by_username("amy.chen"));
  CHECK(service.export_own(admin).find("bea.stone") != std::string::npos);
  CHECK_THROWS_AS(service.export_own(auth::Viewer::anonymous()), Error);
}

}  // namespace hearth::features::people
