#include "auth/sign_in_service.h"

#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "auth/distinguished_name.h"
#include "auth/login_name.h"
#include "common/text.h"
#include "unit/storage/migrated_database.h"

namespace hearth::auth {
namespace {

constexpr std::int64_t kStart = 1'700'000'000;
constexpr std::string_view kGroups = "ou=groups,dc=hospital,dc=example";

std::string group(std::string_view cn) {
  return "cn=" + std::string(cn) + "," + std::string(kGroups);
}

// A Directory that answers from a table and records every call, so tests can
// see exactly which attempts reached "the network".
class FakeDirectory final : public Directory {
 public:
  struct Account {
    std::string password;
    DirectoryPerson person;
  };

  void add(const std::string& username, const std::string& password, DirectoryPerson person) {
    std::lock_guard lock(mutex_);
    accounts_[text::to_lower_ascii(username)] = {password, std::move(person)};
  }
  void set_unavailable(bool unavailable) {
    std::lock_guard lock(mutex_);
    unavailable_ = unavailable;
  }
  std::vector<std::pair<std::string, std::string>> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t call_count() const { return calls().size(); }

  SignInResult sign_in(std::string_view username, std::string_view password, const TraceSink& = {}) override {
    std::lock_guard lock(mutex_);
    calls_.emplace_back(username, password);
    SignInResult result;
    if (unavailable_) {
      result.status = SignInStatus::kDirectoryUnavailable;
      result.log_detail = "all servers timed out";
      return result;
    }
    const auto bare = reduce_login_name(username);
    const auto found = bare ? accounts_.find(text::to_lower_ascii(*bare)) : accounts_.end();
    if (found == accounts_.end() || found->second.password != password) {
      result.status = SignInStatus::kInvalidCredentials;
      result.log_detail = "invalid credentials";
      return result;
    }
    result.status = SignInStatus::kSuccess;
    result.person = found->second.person;
    return result;
  }
  bool is_reachable() override { return !unavailable_; }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Account> accounts_;
  std::vector<std::pair<std::string, std::string>> calls_;
  bool unavailable_ = false;
};

DirectoryPerson make_person(const std::string& stable_id, const std::string& username,
                            const std::string& display_name, std::vector<std::string> groups) {
  DirectoryPerson person;
  person.stable_id = stable_id;
  person.username = username;
  person.dn = "uid=" + username + ",ou=people,dc=hospital,dc=example";
  person.display_name = display_name;
  person.department = "ICU";
  for (const auto& dn : groups) person.group_dns.push_back(normalize_dn(dn));
  return person;
}

DirectoryConfig test_config() {
  DirectoryConfig config;
  config.staff_groups = {group("staff")};
  config.peer_supporter_groups = {group("peer-supporters")};
  config.coordinator_groups = {group("coordinators")};
  config.admin_groups = {group("admins")};
  return config;
}

ThrottlePolicy test_throttle_policy() {
  ThrottlePolicy policy;
  policy.max_failures_per_username = 3;
  policy.max_failures_per_address = 10;
  policy.window_seconds = 15 * 60;
  return policy;
}

struct SignInFixture {
  testing::MigratedDatabase database;
  ManualClock clock{kStart};
  DirectoryConfig config = test_config();
  FakeDirectory directory;
  PersonStore people{database.pool()};
  SessionStore sessions{database.pool(), clock, SessionPolicy{}};
  SignInThrottle throttle{clock, test_throttle_policy()};
  SignInService service{directory, config, people, sessions, throttle, clock};

  SignInFixture() {
    directory.add("amy", "correct horse",
                  make_person("uuid-amy", "amy", "Amy Chen", {group("staff"), group("peer-supporters")}));
    directory.add("ben", "battery staple", make_person("uuid-ben", "ben", "Ben Okafor", {group("staff")}));
  }

  SignInReply attempt(std::string_view username, std::string_view password,
                      std::string_view address = "10.0.0.1", std::string_view previous = {}) {
    return service.sign_in(username, password, address, previous);
  }

  std::int64_t session_rows() {
    auto statement = database.connection().prepare("SELECT count(*) FROM session");
    REQUIRE(statement.step());
    return statement.column_int64(0);
  }
};

}  // namespace

TEST_CASE("a correct password signs the person in with a session and their roles", "[auth][sign-in]") {
  SignInFixture fixture;
  const auto reply = fixture.attempt("amy", "correct horse");
  REQUIRE(reply.outcome == SignInOutcome::kSignedIn);
  REQUIRE(reply.session);
  CHECK(reply.session->token.size() == 43);
  const auto found = fixture.sessions.find(reply.session->token);
  REQUIRE(found);
  REQUIRE(found->person_id);
  CHECK(found->display_name == "Amy Chen");
  CHECK(found->roles.has(Role::kStaff));
  CHECK(found->roles.has(Role::kPeerSupporter));
  CHECK_FALSE(found->roles.has(Role::kCoordinator));
  CHECK_FALSE(found->roles.has(Role::kAdmin));
  const auto person = fixture.people.find(*found->person_id);
  REQUIRE(person);
  CHECK(person->directory_id == "uuid-amy");
  CHECK(person->department == "ICU");
  // The directory saw exactly one attempt, with what was typed.
  REQUIRE(fixture.directory.call_count() == 1);
  CHECK(fixture.directory.calls()[0] == std::pair<std::string, std::string>{"amy", "correct horse"});
}

TEST_CASE("empty or malformed input never reaches the directory", "[auth][sign-in]") {
  SignInFixture fixture;
  const std::string too_long_password(1025, 'p');
  const std::string too_long_username(300, 'a');
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"", "correct horse"},
      {"   ", "correct horse"},
      {"amy", ""},
      {"amy", "   "},
      {"amy", " \t\r\n"},
      {"amy", too_long_password},
      {too_long_username, "correct horse"},
      {"am\ny", "correct horse"},
      {"amy\tx", "correct horse"},
      {std::string("amy\0x", 5), "correct horse"},
      {"amy\xFF", "correct horse"},
      {"DOMAIN\\", "correct horse"},
      {"@realm", "correct horse"},
      {"a\\b\\c", "correct horse"},
  };
  // A generous throttle, so that it is not what refuses these attempts.
  SignInThrottle generous(fixture.clock, ThrottlePolicy{1000, 1000, 60});
  SignInService service(fixture.directory, fixture.config, fixture.people, fixture.sessions, generous,
                        fixture.clock);
  for (const auto& [username, password] : refused) {
    INFO("username of " << username.size() << " bytes, password of " << password.size() << " bytes");
    const auto reply = service.sign_in(username, password, "10.0.0.1", "");
    CHECK(reply.outcome == SignInOutcome::kRejected);
    CHECK_FALSE(reply.session);
  }
  CHECK(fixture.directory.call_count() == 0);
  CHECK(fixture.session_rows() == 0);
  // The same service does let a well-formed attempt through.
  CHECK(service.sign_in("amy", "correct horse", "10.0.0.1", "").outcome == SignInOutcome::kSignedIn);
}

TEST_CASE("a wrong password is rejected with no session", "[auth][sign-in]") {
  SignInFixture fixture;
  const auto reply = fixture.attempt("amy", "wrong horse");
  CHECK(reply.outcome == SignInOutcome::kRejected);
  CHECK_FALSE(reply.session);
  CHECK(fixture.directory.call_count() == 1);
  CHECK(fixture.session_rows() == 0);
  // Unknown people get the very same outcome.
  CHECK(fixture.attempt("nobody", "anything").outcome == SignInOutcome::kRejected);
}

TEST_CASE("throttled attempts never reach the directory, even with the right password", "[auth][sign-in]") {
  SignInFixture fixture;
  for (int i = 0; i < 3; ++i)
    CHECK(fixture.attempt("amy", "guess " + std::to_string(i)).outcome == SignInOutcome::kRejected);
  REQUIRE(fixture.directory.call_count() == 3);

  const auto reply = fixture.attempt("amy", "correct horse");
  CHECK(reply.outcome == SignInOutcome::kThrottled);
  CHECK(reply.retry_after_seconds == 15 * 60);
  CHECK_FALSE(reply.session);
  CHECK(fixture.directory.call_count() == 3);
  CHECK(fixture.session_rows() == 0);

  SECTION("case does not escape the throttle") {
    CHECK(fixture.attempt("AMY", "correct horse").outcome == SignInOutcome::kThrottled);
    CHECK(fixture.directory.call_count() == 3);
  }
  SECTION("the pause ends when the window has passed") {
    fixture.clock.advance(reply.retry_after_seconds);
    CHECK(fixture.attempt("amy", "correct horse").outcome == SignInOutcome::kSignedIn);
  }
  SECTION("other people can still sign in from elsewhere") {
    CHECK(fixture.attempt("ben", "battery staple", "10.0.0.2").outcome == SignInOutcome::kSignedIn);
  }
}

TEST_CASE("DOMAIN\\amy, amy@realm and amy share one throttle budget", "[auth][sign-in]") {
  SignInFixture fixture;
  CHECK(fixture.attempt("HOSPITAL\\amy", "guess 1", "10.0.0.1").outcome == SignInOutcome::kRejected);
  CHECK(fixture.attempt("amy@hospital.example", "guess 2", "10.0.0.2").outcome == SignInOutcome::kRejected);
  CHECK(fixture.attempt("  Amy  ", "guess 3", "10.0.0.3").outcome == SignInOutcome::kRejected);
  CHECK(fixture.attempt("amy", "correct horse", "10.0.0.4").outcome == SignInOutcome::kThrottled);
  CHECK(fixture.attempt("OTHER\\AMY", "correct horse", "10.0.0.5").outcome == SignInOutcome::kThrottled);
  CHECK(fixture.directory.call_count() == 3);
}

TEST_CASE("malformed attempts count towards the throttle", "[auth][sign-in]") {
  SignInFixture fixture;
  for (int i = 0; i < 3; ++i) CHECK(fixture.attempt("amy", "").outcome == SignInOutcome::kRejected);
  CHECK(fixture.attempt("amy", "correct horse").outcome == SignInOutcome::kThrottled);
  CHECK(fixture.directory.call_count() == 0);
}

TEST_CASE("an unavailable directory is not counted as a failed attempt", "[auth][sign-in]") {
  SignInFixture fixture;
  fixture.directory.set_unavailable(true);
  for (int i = 0; i < 6; ++i) {
    const auto reply = fixture.attempt("amy", "correct horse");
    CHECK(reply.outcome == SignInOutcome::kDirectoryUnavailable);
    CHECK_FALSE(reply.session);
  }
  CHECK(fixture.directory.call_count() == 6);
  fixture.directory.set_unavailable(false);
  CHECK(fixture.attempt("amy", "correct horse").outcome == SignInOutcome::kSignedIn);
}

TEST_CASE("signing in rotates the session: the previous token stops working", "[auth][sign-in]") {
  SignInFixture fixture;
  const auto anonymous = fixture.sessions.create_anonymous();
  const auto reply = fixture.attempt("amy", "correct horse", "10.0.0.1", anonymous.token);
  REQUIRE(reply.outcome == SignInOutcome::kSignedIn);
  CHECK(reply.session->token != anonymous.token);
  CHECK(reply.session->session.csrf_token != anonymous.session.csrf_token);
  CHECK_FALSE(fixture.sessions.find(anonymous.token));
  CHECK(fixture.sessions.find(reply.session->token));
  CHECK(fixture.session_rows() == 1);

  SECTION("signing in again from a signed-in session replaces that one too") {
    const auto again = fixture.attempt("ben", "battery staple", "10.0.0.1", reply.session->token);
    REQUIRE(again.outcome == SignInOutcome::kSignedIn);
    CHECK_FALSE(fixture.sessions.find(reply.session->token));
    const auto found = fixture.sessions.find(again.session->token);
    REQUIRE(found);
    CHECK(found->display_name == "Ben Okafor");
    CHECK(fixture.session_rows() == 1);
  }
}

TEST_CASE("a failed sign-in keeps the previous session and its CSRF token", "[auth][sign-in]") {
  SignInFixture fixture;
  const auto anonymous = fixture.sessions.create_anonymous();
  CHECK(fixture.attempt("amy", "wrong", "10.0.0.1", anonymous.token).outcome == SignInOutcome::kRejected);
  const auto found = fixture.sessions.find(anonymous.token);
  REQUIRE(found);
  CHECK(found->csrf_token == anonymous.session.csrf_token);
}

TEST_CASE("signing in again keeps the person's id and refreshes their details", "[auth][sign-in]") {
  SignInFixture fixture;
  const auto first = fixture.attempt("amy", "correct horse");
  REQUIRE(first.outcome == SignInOutcome::kSignedIn);
  const auto first_id = first.session->session.person_id;
  REQUIRE(first_id);

  // The account is renamed in the directory; its stable id stays.
  auto renamed = make_person("uuid-amy", "amy.park", "Amy Park", {group("staff"), group("coordinators")});
  renamed.department = "Cardiology";
  fixture.directory.add("amy.park", "correct horse", renamed);
  fixture.clock.advance(3600);
  const auto second = fixture.attempt("amy.park", "correct horse");
  REQUIRE(second.outcome == SignInOutcome::kSignedIn);
  CHECK(second.session->session.person_id == first_id);

  const auto person = fixture.people.find(*first_id);
  REQUIRE(person);
  CHECK(person->username == "amy.park");
  CHECK(person->display_name == "Amy Park");
  CHECK(person->department == "Cardiology");
  const auto found = fixture.sessions.find(second.session->token);
  REQUIRE(found);
  CHECK(found->display_name == "Amy Park");
  CHECK(found->roles.has(Role::kCoordinator));
  CHECK_FALSE(found->roles.has(Role::kPeerSupporter));  // roles come from the directory at each sign-in

  // A different stable id is a different person.
  const auto ben = fixture.attempt("ben", "battery staple");
  REQUIRE(ben.outcome == SignInOutcome::kSignedIn);
  CHECK(ben.session->session.person_id != first_id);
}

TEST_CASE("a person outside the required group is refused like a wrong password", "[auth][sign-in]") {
  SignInFixture fixture;
  fixture.config.required_group = "CN=Hearth-Users, OU=Groups, DC=Hospital, DC=Example";
  fixture.directory.add(
      "carmen", "pw carmen",
      make_person("uuid-carmen", "carmen", "Carmen Diaz", {group("hearth-users"), group("staff")}));

  const auto reply = fixture.attempt("ben", "battery staple");
  CHECK(reply.outcome == SignInOutcome::kRejected);
  CHECK_FALSE(reply.session);
  CHECK(fixture.session_rows() == 0);
  CHECK(fixture.directory.call_count() == 1);
  // It counts as a failure.
  fixture.attempt("ben", "battery staple");
  fixture.attempt("ben", "battery staple");
  CHECK(fixture.attempt("ben", "battery staple").outcome == SignInOutcome::kThrottled);

  // A member (the DN compared after normalisation) gets in.
  CHECK(fixture.attempt("carmen", "pw carmen", "10.0.0.9").outcome == SignInOutcome::kSignedIn);
}

TEST_CASE("a success resets the username's failures", "[auth][sign-in]") {
  SignInFixture fixture;
  fixture.attempt("amy", "wrong 1");
  fixture.attempt("amy", "wrong 2");
  REQUIRE(fixture.attempt("amy", "correct horse").outcome == SignInOutcome::kSignedIn);
  fixture.attempt("amy", "wrong 3");
  fixture.attempt("amy", "wrong 4");
  CHECK(fixture.attempt("amy", "correct horse").outcome == SignInOutcome::kSignedIn);
}

TEST_CASE("a signed-in person with no role groups is staff only when no staff groups are configured",
          "[auth][sign-in]") {
  SignInFixture fixture;
  fixture.directory.add("dana", "pw dana", make_person("uuid-dana", "dana", "Dana Lee", {}));
  SECTION("with staff groups configured, no group means no roles") {
    const auto reply = fixture.attempt("dana", "pw dana");
    REQUIRE(reply.outcome == SignInOutcome::kSignedIn);
    CHECK(reply.session->session.roles.empty());
  }
  SECTION("with no staff groups configured, everyone who signs in is staff") {
    fixture.config.staff_groups.clear();
    const auto reply = fixture.attempt("dana", "pw dana");
    REQUIRE(reply.outcome == SignInOutcome::kSignedIn);
    CHECK(reply.session->session.roles.has(Role::kStaff));
  }
}

}  // namespace hearth::auth
