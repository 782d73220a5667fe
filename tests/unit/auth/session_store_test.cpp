#include "auth/session_store.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "common/crypto.h"
#include "unit/storage/migrated_database.h"

namespace hearth::auth {
namespace {

constexpr std::int64_t kStart = 1'700'000'000;

SessionPolicy test_policy() {
  SessionPolicy policy;
  policy.idle_timeout_seconds = 30 * 60;
  policy.absolute_timeout_seconds = 12 * 60 * 60;
  policy.touch_interval_seconds = 60;
  policy.anonymous_timeout_seconds = 2 * 60 * 60;
  return policy;
}

RoleSet roles_of(std::initializer_list<Role> list) {
  RoleSet roles;
  for (Role role : list) roles.insert(role);
  return roles;
}

struct SessionFixture {
  testing::MigratedDatabase database;
  ManualClock clock{kStart};
  SessionStore sessions{database.pool(), clock, test_policy()};
  PersonStore people{database.pool()};

  std::int64_t add_person(const std::string& stable_id, const std::string& display_name) {
    DirectoryPerson person;
    person.stable_id = stable_id;
    person.username = stable_id;
    person.display_name = display_name;
    return people.upsert(person, roles_of({Role::kStaff}), clock.now_seconds());
  }

  std::int64_t session_rows() {
    auto statement = database.connection().prepare("SELECT count(*) FROM session");
    REQUIRE(statement.step());
    return statement.column_int64(0);
  }

  bool row_exists(const std::string& token) {
    auto statement = database.connection().prepare("SELECT count(*) FROM session WHERE token_hash = ?1");
    statement.bind(1, crypto::sha256_hex(token));
    REQUIRE(statement.step());
    return statement.column_int64(0) == 1;
  }

  std::int64_t stored_last_seen(const std::string& token) {
    auto statement = database.connection().prepare("SELECT last_seen_at FROM session WHERE token_hash = ?1");
    statement.bind(1, crypto::sha256_hex(token));
    REQUIRE(statement.step());
    return statement.column_int64(0);
  }
};

}  // namespace

TEST_CASE("the session cookie token is never stored, only its SHA-256", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const std::vector<NewSession> created_sessions = {
      fixture.sessions.create_anonymous(),
      fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}))};
  // Everything the session table holds, as one text.
  auto dump = fixture.database.connection().prepare(
      "SELECT group_concat(token_hash || '|' || coalesce(person_id, '') || '|' || roles || '|' || "
      "csrf_token, "
      "'\n') FROM session");
  REQUIRE(dump.step());
  const std::string stored = dump.column_text(0);
  for (const auto& created : created_sessions) {
    REQUIRE(created.token.size() == 43);
    CHECK(created.session.token_hash == crypto::sha256_hex(created.token));
    CHECK(stored.find(created.session.token_hash) != std::string::npos);
    CHECK(created.session.csrf_token.size() == 43);
    CHECK(created.session.csrf_token != created.token);
    // Nowhere in the table: a copy of the database lets nobody in.
    CHECK(stored.find(created.token) == std::string::npos);
  }

  SECTION("the stored hash does not work as a cookie") {
    const auto created = fixture.sessions.create_anonymous();
    CHECK_FALSE(fixture.sessions.find(created.session.token_hash));
    CHECK_FALSE(fixture.sessions.find(created.session.token_hash.substr(0, 43)));
  }
}

TEST_CASE("find returns the session that create_signed_in made", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-dana", "Dana Lee");
  const RoleSet roles = roles_of({Role::kStaff, Role::kCoordinator, Role::kAdmin});
  const auto created = fixture.sessions.create_signed_in(person_id, "Dana Lee", roles);
  const auto found = fixture.sessions.find(created.token);
  REQUIRE(found);
  CHECK(found->person_id == person_id);
  CHECK(found->display_name == "Dana Lee");
  CHECK(found->roles == roles);
  CHECK(found->csrf_token == created.session.csrf_token);
  CHECK(found->created_at == kStart);
  CHECK(found->last_seen_at == kStart);
  CHECK(found->token_hash == created.session.token_hash);

  SECTION("an anonymous session has no person and no roles") {
    const auto anonymous = fixture.sessions.create_anonymous();
    const auto found_anonymous = fixture.sessions.find(anonymous.token);
    REQUIRE(found_anonymous);
    CHECK_FALSE(found_anonymous->person_id);
    CHECK(found_anonymous->display_name.empty());
    CHECK(found_anonymous->roles.empty());
    CHECK(found_anonymous->csrf_token == anonymous.session.csrf_token);
  }
}

TEST_CASE("every new session gets its own token and CSRF token", "[auth][session]") {
  SessionFixture fixture;
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto created = fixture.sessions.create_anonymous();
    seen.insert(created.token);
    seen.insert(created.session.csrf_token);
  }
  CHECK(seen.size() == 40);
  CHECK(fixture.session_rows() == 20);
}

TEST_CASE("an idle session expires after the idle timeout and its row is deleted", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));
  const auto idle = test_policy().idle_timeout_seconds;

  SECTION("one second before the timeout it is still alive") {
    fixture.clock.advance(idle - 1);
    CHECK(fixture.sessions.find(created.token));
    CHECK(fixture.row_exists(created.token));
  }
  SECTION("at the timeout it is gone") {
    fixture.clock.advance(idle);
    CHECK_FALSE(fixture.sessions.find(created.token));
    CHECK_FALSE(fixture.row_exists(created.token));
    // And it does not come back later.
    fixture.clock.advance(-idle);
    CHECK_FALSE(fixture.sessions.find(created.token));
  }
  SECTION("activity moves the idle deadline") {
    fixture.clock.advance(idle - 60);
    REQUIRE(fixture.sessions.find(created.token));  // touched now
    fixture.clock.advance(idle - 60);
    REQUIRE(fixture.sessions.find(created.token));
    fixture.clock.advance(idle);
    CHECK_FALSE(fixture.sessions.find(created.token));
  }
}

TEST_CASE("a session expires at the absolute timeout even while it is in use", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));
  const auto absolute = test_policy().absolute_timeout_seconds;
  constexpr std::int64_t kEveryFiveMinutes = 5 * 60;

  std::int64_t elapsed = 0;
  while (elapsed + kEveryFiveMinutes < absolute) {
    fixture.clock.advance(kEveryFiveMinutes);
    elapsed += kEveryFiveMinutes;
    INFO("after " << elapsed << " seconds");
    REQUIRE(fixture.sessions.find(created.token));
  }
  fixture.clock.advance(absolute - elapsed);
  CHECK_FALSE(fixture.sessions.find(created.token));
  CHECK_FALSE(fixture.row_exists(created.token));
}

TEST_CASE("last_seen_at is written at most once per touch interval", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));

  fixture.clock.advance(59);
  const auto early = fixture.sessions.find(created.token);
  REQUIRE(early);
  CHECK(early->last_seen_at == kStart);
  CHECK(fixture.stored_last_seen(created.token) == kStart);

  fixture.clock.advance(1);  // 60 s after the last write
  const auto due = fixture.sessions.find(created.token);
  REQUIRE(due);
  CHECK(due->last_seen_at == kStart + 60);
  CHECK(fixture.stored_last_seen(created.token) == kStart + 60);

  fixture.clock.advance(30);
  REQUIRE(fixture.sessions.find(created.token));
  CHECK(fixture.stored_last_seen(created.token) == kStart + 60);
}

TEST_CASE("anonymous sessions expire after the anonymous timeout, however often they are used",
          "[auth][session]") {
  SessionFixture fixture;
  const auto created = fixture.sessions.create_anonymous();
  const auto limit = test_policy().anonymous_timeout_seconds;
  // Use it every 10 minutes: anonymous sessions are never extended.
  std::int64_t elapsed = 0;
  while (elapsed + 600 < limit) {
    fixture.clock.advance(600);
    elapsed += 600;
    REQUIRE(fixture.sessions.find(created.token));
  }
  CHECK(fixture.stored_last_seen(created.token) == kStart);
  fixture.clock.advance(limit - elapsed);
  CHECK_FALSE(fixture.sessions.find(created.token));
  CHECK_FALSE(fixture.row_exists(created.token));
}

TEST_CASE("malformed and unknown tokens find nothing", "[auth][session]") {
  SessionFixture fixture;
  const auto created = fixture.sessions.create_anonymous();
  const std::string& good = created.token;
  REQUIRE(fixture.sessions.find(good));

  CHECK_FALSE(fixture.sessions.find(""));
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 42)));
  CHECK_FALSE(fixture.sessions.find(good + "A"));
  CHECK_FALSE(fixture.sessions.find(" " + good.substr(1)));
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 42) + "+"));  // standard base64, not base64url
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 42) + "/"));
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 42) + "="));
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 42) + std::string(1, '\0')));
  CHECK_FALSE(fixture.sessions.find(good.substr(0, 41) + "\xC3\xA9"));  // 43 bytes, not ASCII
  CHECK_FALSE(fixture.sessions.find(std::string(43, 'A')));             // well-formed but unknown
  CHECK_FALSE(fixture.sessions.find("' OR '1'='1' -- aaaaaaaaaaaaaaaaaaaaaaaaaa"));
  CHECK_FALSE(fixture.sessions.find(std::string(100'000, 'A')));
  // Hostile lookups neither delete nor damage the real session.
  CHECK(fixture.sessions.find(good));
}

TEST_CASE("remove deletes one session and tolerates unknown or malformed tokens", "[auth][session]") {
  SessionFixture fixture;
  const auto first = fixture.sessions.create_anonymous();
  const auto second = fixture.sessions.create_anonymous();
  fixture.sessions.remove(first.token);
  CHECK_FALSE(fixture.sessions.find(first.token));
  CHECK(fixture.sessions.find(second.token));
  CHECK_NOTHROW(fixture.sessions.remove(first.token));  // already gone
  CHECK_NOTHROW(fixture.sessions.remove(""));
  CHECK_NOTHROW(fixture.sessions.remove("not a token"));
  CHECK_NOTHROW(fixture.sessions.remove(std::string(43, '_')));
  CHECK(fixture.session_rows() == 1);
}

TEST_CASE("purge_expired deletes exactly the expired sessions and counts them", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const RoleSet staff = roles_of({Role::kStaff});
  const auto anonymous = fixture.sessions.create_anonymous();
  const auto idle = fixture.sessions.create_signed_in(person_id, "Amy Chen", staff);
  const auto active = fixture.sessions.create_signed_in(person_id, "Amy Chen", staff);
  CHECK(fixture.sessions.purge_expired() == 0);

  fixture.clock.advance(20 * 60);
  REQUIRE(fixture.sessions.find(active.token));  // touched at 20 minutes
  fixture.clock.advance(10 * 60);                // 30 minutes: `idle` reaches the idle timeout
  CHECK(fixture.sessions.purge_expired() == 1);
  CHECK_FALSE(fixture.row_exists(idle.token));
  CHECK(fixture.row_exists(active.token));
  CHECK(fixture.row_exists(anonymous.token));

  fixture.clock.advance(2 * 60 *
                        60);  // the anonymous session and the untouched one are both past their limits
  CHECK(fixture.sessions.purge_expired() == 2);
  CHECK(fixture.session_rows() == 0);
  CHECK(fixture.sessions.purge_expired() == 0);
}

TEST_CASE("purge_expired agrees with find about the absolute timeout", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));
  const auto absolute = test_policy().absolute_timeout_seconds;
  // Keep it active until just before the absolute timeout.
  for (std::int64_t elapsed = 0; elapsed + 25 * 60 < absolute; elapsed += 25 * 60) {
    fixture.clock.advance(25 * 60);
    REQUIRE(fixture.sessions.find(created.token));
  }
  CHECK(fixture.sessions.purge_expired() == 0);
  const auto remaining = absolute - (fixture.clock.now_seconds() - kStart);
  fixture.clock.advance(remaining);
  CHECK(fixture.sessions.purge_expired() == 1);
}

TEST_CASE("deleting a person deletes their sessions", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));
  auto statement = fixture.database.connection().prepare("DELETE FROM person WHERE id = ?1");
  statement.bind(1, person_id).run();
  CHECK_FALSE(fixture.sessions.find(created.token));
  CHECK(fixture.session_rows() == 0);
}

TEST_CASE("a signed-in session shows the person's current display name", "[auth][session]") {
  SessionFixture fixture;
  const auto person_id = fixture.add_person("uuid-amy", "Amy Chen");
  const auto created = fixture.sessions.create_signed_in(person_id, "Amy Chen", roles_of({Role::kStaff}));
  CHECK(fixture.add_person("uuid-amy", "Amy Chen-Park") == person_id);
  const auto found = fixture.sessions.find(created.token);
  REQUIRE(found);
  CHECK(found->display_name == "Amy Chen-Park");
}

TEST_CASE("a session for a person who does not exist cannot be created", "[auth][session]") {
  SessionFixture fixture;
  CHECK_THROWS(fixture.sessions.create_signed_in(999, "Nobody", roles_of({Role::kAdmin})));
  CHECK(fixture.session_rows() == 0);
}

}  // namespace hearth::auth
