#include "auth/demo_directory.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>

#include "auth/distinguished_name.h"
#include "auth/roles.h"
#include "common/embedded_file.h"

namespace hearth::auth {
namespace {

constexpr std::string_view kPassword = "hearth-demo";

DemoDirectory& sample() {
  static const std::unique_ptr<DemoDirectory> directory = DemoDirectory::make_sample();
  return *directory;
}

RoleSet roles_of(const SignInResult& result) {
  REQUIRE(result.person);
  return roles_for(sample().config(), result.person->group_dns);
}

bool has_group(const SignInResult& result, std::string_view cn) {
  const std::string wanted = normalize_dn(std::string(cn) + ",ou=groups,dc=riverside-general,dc=example");
  const auto& groups = result.person->group_dns;
  return std::find(groups.begin(), groups.end(), wanted) != groups.end();
}

}  // namespace

TEST_CASE("demo directory: a staff member signs in", "[auth][demo]") {
  std::vector<std::string> trace;
  const SignInResult result =
      sample().sign_in("amy.chen", kPassword, [&](std::string_view line) { trace.emplace_back(line); });
  REQUIRE(result.status == SignInStatus::kSuccess);
  REQUIRE(result.person);
  const DirectoryPerson& amy = *result.person;
  CHECK(amy.username == "amy.chen");
  CHECK(amy.dn == "uid=amy.chen,ou=people,dc=riverside-general,dc=example");
  CHECK(amy.display_name == "Amy Chen");
  CHECK(amy.mail == "amy.chen@riverside-general.example");
  CHECK(amy.department == "ICU");
  CHECK(amy.title == "Registered Nurse");
  CHECK(std::regex_match(amy.stable_id,
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(roles_of(result).names() == std::vector<std::string_view>{"staff"});
  CHECK(meets_required_group(sample().config(), amy.group_dns));
  CHECK_FALSE(trace.empty());
  for (const std::string& line : trace) CHECK(line.find(kPassword) == std::string::npos);
}

TEST_CASE("demo directory: stable ids are stable and distinct", "[auth][demo]") {
  const auto first = sample().sign_in("amy.chen", kPassword);
  const auto again = DemoDirectory::make_sample()->sign_in("AMY.CHEN", kPassword);
  const auto other = sample().sign_in("ben.okafor", kPassword);
  REQUIRE(first.person);
  REQUIRE(again.person);
  REQUIRE(other.person);
  CHECK(first.person->stable_id == again.person->stable_id);
  CHECK(first.person->stable_id != other.person->stable_id);
  CHECK(again.person->username == "amy.chen");  // the directory's spelling, not the typed one
}

TEST_CASE("demo directory: refusals", "[auth][demo]") {
  SECTION("wrong password") {
    const auto result = sample().sign_in("amy.chen", "hearth-demo2");
    CHECK(result.status == SignInStatus::kInvalidCredentials);
    CHECK_FALSE(result.person);
    CHECK(result.log_detail.find("wrong password") != std::string::npos);
  }
  SECTION("password is case-sensitive") {
    CHECK(sample().sign_in("amy.chen", "HEARTH-DEMO").status == SignInStatus::kInvalidCredentials);
  }
  SECTION("a prefix of the password") {
    CHECK(sample().sign_in("amy.chen", "hearth").status == SignInStatus::kInvalidCredentials);
  }
  SECTION("unknown user gets the same status") {
    const auto result = sample().sign_in("nobody", kPassword);
    CHECK(result.status == SignInStatus::kInvalidCredentials);
    CHECK(result.log_detail.find("no entry") != std::string::npos);
  }
  SECTION("locked account, even with the right password") {
    const auto result = sample().sign_in("frank.ortiz", kPassword);
    CHECK(result.status == SignInStatus::kInvalidCredentials);
    CHECK(result.log_detail.find("locked") != std::string::npos);
  }
  SECTION("empty and whitespace passwords") {
    CHECK(sample().sign_in("amy.chen", "").status == SignInStatus::kInvalidCredentials);
    CHECK(sample().sign_in("amy.chen", " \t ").status == SignInStatus::kInvalidCredentials);
  }
  SECTION("empty or malformed username") {
    CHECK(sample().sign_in("", kPassword).status == SignInStatus::kInvalidCredentials);
    CHECK(sample().sign_in("A\\B\\amy.chen", kPassword).status == SignInStatus::kInvalidCredentials);
  }
  SECTION("the service account is not a person") {
    CHECK(sample().sign_in("hearth-service", "hearth-service-secret").status ==
          SignInStatus::kInvalidCredentials);
  }
}

TEST_CASE("demo directory: DOMAIN\\user and user@realm", "[auth][demo]") {
  CHECK(sample().sign_in("RIVERSIDE\\amy.chen", kPassword).status == SignInStatus::kSuccess);
  CHECK(sample().sign_in("amy.chen@riverside-general.example", kPassword).status == SignInStatus::kSuccess);
}

TEST_CASE("demo directory: roles, direct and nested", "[auth][demo]") {
  const auto ben = sample().sign_in("ben.okafor", kPassword);
  REQUIRE(ben.status == SignInStatus::kSuccess);
  CHECK(roles_of(ben).names() == std::vector<std::string_view>{"staff", "peer_supporter"});

  const auto carmen = sample().sign_in("carmen.diaz", kPassword);
  REQUIRE(carmen.status == SignInStatus::kSuccess);
  CHECK(has_group(carmen, "cn=icu-peer-supporters"));
  CHECK(has_group(carmen, "cn=peer-supporters"));  // only through nesting
  CHECK(roles_of(carmen).names() == std::vector<std::string_view>{"staff", "peer_supporter"});
  CHECK(carmen.person->display_name ==
        "Carmen D\xc3\xad"
        "az");

  const auto dana = sample().sign_in("dana.lee", kPassword);
  CHECK(roles_of(dana).names() == std::vector<std::string_view>{"staff", "coordinator"});
  const auto eli = sample().sign_in("eli.novak", kPassword);
  CHECK(roles_of(eli).names() == std::vector<std::string_view>{"staff", "admin"});
}

TEST_CASE("demo directory: nesting depth 0 keeps direct groups only", "[auth][demo]") {
  DirectoryConfig config = DemoDirectory::demo_config();
  config.group_nesting_depth = 0;
  std::string ldif;
  for (const EmbeddedFile& file : hearth_demo_directory_files()) {
    if (file.path == "sample-directory.ldif") ldif = file.content;
  }
  REQUIRE_FALSE(ldif.empty());
  DemoDirectory shallow(ldif, config);
  const auto carmen = shallow.sign_in("carmen.diaz", kPassword);
  REQUIRE(carmen.status == SignInStatus::kSuccess);
  CHECK(roles_for(config, carmen.person->group_dns).names() == std::vector<std::string_view>{"staff"});
}

TEST_CASE("demo directory: the special people of the sample", "[auth][demo]") {
  const auto jozef = sample().sign_in("jozef.wisniewski", kPassword);
  REQUIRE(jozef.status == SignInStatus::kSuccess);
  CHECK(jozef.person->display_name == "J\xc3\xb3zef Wi\xc5\x9bniewski");

  const auto liam = sample().sign_in("liam.obrien", kPassword);
  REQUIRE(liam.status == SignInStatus::kSuccess);
  CHECK(liam.person->dn == "cn=O'Brien\\, Liam (ICU),ou=people,dc=riverside-general,dc=example");
  CHECK(has_group(liam, "cn=hearth-staff"));

  const auto gus = sample().sign_in("gus.temp", kPassword);
  REQUIRE(gus.status == SignInStatus::kSuccess);  // the directory accepts him...
  CHECK_FALSE(meets_required_group(sample().config(), gus.person->group_dns));  // ...Hearth must not
  CHECK(roles_of(gus).empty());
}

TEST_CASE("demo directory: accounts() lists the people for the sign-in page", "[auth][demo]") {
  const std::vector<DemoAccount> accounts = sample().accounts();
  CHECK(accounts.size() >= 12);
  const auto find = [&](std::string_view username) -> const DemoAccount& {
    const auto found = std::find_if(accounts.begin(), accounts.end(),
                                    [&](const DemoAccount& account) { return account.username == username; });
    REQUIRE(found != accounts.end());
    return *found;
  };
  for (const DemoAccount& account : accounts) {
    INFO(account.username);
    CHECK(account.password == kPassword);
    CHECK_FALSE(account.display_name.empty());
    CHECK_FALSE(account.description.empty());
  }
  CHECK(find("amy.chen").description == "Registered Nurse, ICU: staff");
  CHECK(find("carmen.diaz").description ==
        "Respiratory Therapist, ICU: staff, peer supporter (through a nested group)");
  CHECK(find("frank.ortiz").description.find("locked") != std::string::npos);
  CHECK(find("gus.temp").description.find("not in the required group") != std::string::npos);
  CHECK(find("eli.novak").description.find("admin") != std::string::npos);
  CHECK(std::none_of(accounts.begin(), accounts.end(),
                     [](const DemoAccount& account) { return account.username == "hearth-service"; }));
}

TEST_CASE("demo directory: hashed passwords never match, entryUUID is used when present", "[auth][demo]") {
  DirectoryConfig config = DemoDirectory::demo_config();
  const std::string ldif =
      "dn: uid=hashed,ou=people,dc=riverside-general,dc=example\n"
      "uid: hashed\n"
      "userPassword: {SSHA}hearth-demo\n"
      "\n"
      "dn: uid=plain,ou=people,dc=riverside-general,dc=example\n"
      "uid: plain\n"
      "entryUUID: 7e0a0d3c-2f1b-4c35-9d7e-0a5f2b6c9d10\n"
      "userPassword: hearth-demo\n"
      "\n"
      "dn: uid=outside,ou=elsewhere,dc=riverside-general,dc=example\n"
      "uid: outside\n"
      "userPassword: hearth-demo\n";
  DemoDirectory directory(ldif, config);
  CHECK(directory.sign_in("hashed", "{SSHA}hearth-demo").status == SignInStatus::kInvalidCredentials);
  const auto plain = directory.sign_in("plain", kPassword);
  REQUIRE(plain.status == SignInStatus::kSuccess);
  CHECK(plain.person->stable_id == "7e0a0d3c-2f1b-4c35-9d7e-0a5f2b6c9d10");
  CHECK(plain.person->display_name == "plain");  // falls back to the username
  CHECK(directory.sign_in("outside", kPassword).status == SignInStatus::kInvalidCredentials);
  CHECK_THROWS_AS(DemoDirectory("not ldif\n", config), LdifError);
}

}  // namespace hearth::auth
