// LdapDirectory against a real slapd (ldap/throwaway-slapd.sh) holding the
// sample directory: TLS, search-then-bind, refusals, groups, failover.
#include "auth/ldap_directory.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <regex>

#include "app/config.h"
#include "auth/distinguished_name.h"
#include "auth/ldap_filter.h"
#include "auth/roles.h"
#include "support/silent_server.h"
#include "support/slapd_fixture.h"

namespace hearth::auth {
namespace {

using hearth::testing::LdapTransport;
using hearth::testing::SilentServer;
using hearth::testing::ThrowawaySlapd;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kPassword = "hearth-demo";

ThrowawaySlapd& slapd() {
  return ThrowawaySlapd::shared();
}

struct TracedSignIn {
  SignInResult result;
  std::vector<std::string> trace;
  Clock::duration elapsed{};

  bool trace_mentions(std::string_view text) const {
    return std::any_of(trace.begin(), trace.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
  }
};

TracedSignIn sign_in(const DirectoryConfig& config, std::string_view username,
                     std::string_view password = kPassword) {
  LdapDirectory directory(config);
  TracedSignIn traced;
  const auto started = Clock::now();
  traced.result =
      directory.sign_in(username, password, [&](std::string_view line) { traced.trace.emplace_back(line); });
  traced.elapsed = Clock::now() - started;
  return traced;
}

// Loads ldap/examples/<name> with the application's loader; the CA and
// password files it names do not exist here, and nothing else may be wrong.
DirectoryConfig load_example(const std::string& name) {
  std::array<char*, 1> no_environment{nullptr};
  const app::ConfigLoad load = app::load_config(std::string(HEARTH_SOURCE_DIR) + "/ldap/examples/" + name,
                                                app::FileRequirement::kMustExist,
                                                app::DirectoryRequirement::kRequired, no_environment.data());
  for (const app::ConfigProblem& problem : load.problems) {
    INFO(name << ": " << problem.key << ": " << problem.reason);
    CHECK((problem.key == "directory.ca_file" || problem.key == "directory.bind_password_file"));
  }
  return load.config.directory;
}

bool has_group(const DirectoryPerson& person, std::string_view cn) {
  const std::string wanted = normalize_dn(std::string(cn) + ",ou=groups,dc=riverside-general,dc=example");
  return std::find(person.group_dns.begin(), person.group_dns.end(), wanted) != person.group_dns.end();
}

std::vector<std::string_view> role_names(const DirectoryConfig& config, const SignInResult& result) {
  REQUIRE(result.person);
  return roles_for(config, result.person->group_dns).names();
}

}  // namespace

TEST_CASE("LDAP: sign-in succeeds over StartTLS with the CA verified", "[ldap]") {
  const DirectoryConfig config = slapd().config(LdapTransport::kStartTls);
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  INFO(signed_in.result.log_detail);
  REQUIRE(signed_in.result.status == SignInStatus::kSuccess);
  REQUIRE(signed_in.result.person);
  const DirectoryPerson& amy = *signed_in.result.person;
  CHECK(amy.username == "amy.chen");
  CHECK(amy.dn == "uid=amy.chen,ou=people,dc=riverside-general,dc=example");
  CHECK(amy.display_name == "Amy Chen");
  CHECK(amy.mail == "amy.chen@riverside-general.example");
  CHECK(amy.department == "ICU");
  CHECK(amy.title == "Registered Nurse");
  // entryUUID, assigned by slapd.
  CHECK(std::regex_match(amy.stable_id,
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
  CHECK(has_group(amy, "cn=hearth-staff"));
  CHECK(role_names(config, signed_in.result) == std::vector<std::string_view>{"staff"});

  CHECK(signed_in.trace_mentions("StartTLS established, certificate verified"));
  CHECK(signed_in.trace_mentions("service bind as cn=hearth-service"));
  CHECK(signed_in.trace_mentions("filter (&(objectClass=inetOrgPerson)(uid=amy.chen))"));
  CHECK(signed_in.trace_mentions("entries found: 1: uid=amy.chen,ou=people"));
  CHECK(signed_in.trace_mentions("user bind as uid=amy.chen,ou=people,dc=riverside-general,dc=example: ok"));
  CHECK(signed_in.trace_mentions("groups found"));
  for (const std::string& line : signed_in.trace) {
    CHECK(line.find(kPassword) == std::string::npos);
    CHECK(line.find(slapd().bind_password()) == std::string::npos);
  }
}

TEST_CASE("LDAP: sign-in succeeds over LDAPS with the CA verified", "[ldap]") {
  const DirectoryConfig config = slapd().config(LdapTransport::kLdaps);
  const TracedSignIn signed_in = sign_in(config, "ben.okafor");
  INFO(signed_in.result.log_detail);
  REQUIRE(signed_in.result.status == SignInStatus::kSuccess);
  CHECK(signed_in.result.person->display_name == "Ben Okafor");
  CHECK(signed_in.trace_mentions("LDAPS established, certificate verified"));
  CHECK(role_names(config, signed_in.result) == std::vector<std::string_view>{"staff", "peer_supporter"});
}

TEST_CASE("LDAP: a certificate from an untrusted CA is refused", "[ldap]") {
  for (LdapTransport transport : {LdapTransport::kLdaps, LdapTransport::kStartTls}) {
    DirectoryConfig config = slapd().config(transport);
    config.ca_file = slapd().untrusted_ca_file();
    const TracedSignIn signed_in = sign_in(config, "amy.chen");
    INFO(signed_in.result.log_detail);
    CHECK(signed_in.result.status == SignInStatus::kDirectoryUnavailable);
    CHECK_FALSE(signed_in.result.person);
    CHECK(signed_in.result.log_detail.find("TLS handshake") != std::string::npos);
    CHECK(signed_in.result.log_detail.find("ca_file") != std::string::npos);
    CHECK_FALSE(signed_in.trace_mentions("service bind"));  // nothing was sent in clear
    CHECK_FALSE(LdapDirectory(config).is_reachable());
  }
}

TEST_CASE("LDAP: a missing CA file makes the directory unavailable", "[ldap]") {
  DirectoryConfig config = slapd().config(LdapTransport::kLdaps);
  config.ca_file = slapd().directory() + "/no-such-ca.pem";
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  CHECK(signed_in.result.status == SignInStatus::kDirectoryUnavailable);
  CHECK(signed_in.result.log_detail.find("TLS") != std::string::npos);
}

TEST_CASE("LDAP: wrong password and unknown user get the same status", "[ldap]") {
  const DirectoryConfig config = slapd().config();
  const TracedSignIn wrong = sign_in(config, "amy.chen", "not-her-password");
  CHECK(wrong.result.status == SignInStatus::kInvalidCredentials);
  CHECK_FALSE(wrong.result.person);
  CHECK(wrong.result.log_detail.find("Invalid credentials (49)") != std::string::npos);
  CHECK(wrong.trace_mentions("user bind as uid=amy.chen,ou=people,dc=riverside-general,dc=example: refused"));

  const TracedSignIn unknown = sign_in(config, "nobody.here");
  CHECK(unknown.result.status == SignInStatus::kInvalidCredentials);
  CHECK(unknown.result.log_detail.find("no entry matched") != std::string::npos);
  CHECK(unknown.trace_mentions("entries found: 0"));
  CHECK_FALSE(unknown.trace_mentions("user bind"));
}

TEST_CASE("LDAP: a locked account is refused with the ppolicy reason", "[ldap]") {
  const TracedSignIn frank = sign_in(slapd().config(), "frank.ortiz");
  CHECK(frank.result.status == SignInStatus::kInvalidCredentials);
  CHECK(frank.result.log_detail.find("account locked") != std::string::npos);
  // slapd still accepts a good bind for an unlocked colleague
  CHECK(sign_in(slapd().config(), "priya.shah").result.status == SignInStatus::kSuccess);
}

TEST_CASE("LDAP: empty or whitespace password is refused without network I/O", "[ldap]") {
  SilentServer silent;
  DirectoryConfig config = slapd().config();
  config.urls = {silent.ldap_url()};
  config.network_timeout = std::chrono::seconds(5);
  config.operation_timeout = std::chrono::seconds(5);
  for (std::string_view password :
       {std::string_view(""), std::string_view("   "), std::string_view("\t\n")}) {
    const TracedSignIn signed_in = sign_in(config, "amy.chen", password);
    CHECK(signed_in.result.status == SignInStatus::kInvalidCredentials);
    CHECK(signed_in.elapsed < std::chrono::milliseconds(100));
  }
  CHECK(silent.connections_accepted() == 0);
}

TEST_CASE("LDAP: filter injection attempts find nobody", "[ldap]") {
  const DirectoryConfig config = slapd().config();
  for (std::string_view attempt : {"*", "amy*", "*)(uid=*", "amy.chen)(|(uid=*", "*)(|(objectClass=*)"}) {
    const TracedSignIn signed_in = sign_in(config, attempt);
    INFO(attempt << ": " << signed_in.result.log_detail);
    CHECK(signed_in.result.status == SignInStatus::kInvalidCredentials);
    CHECK(signed_in.trace_mentions("entries found: 0"));
    CHECK_FALSE(signed_in.trace_mentions("user bind as"));
  }
}

TEST_CASE("LDAP: a person is a peer supporter through a nested group", "[ldap]") {
  for (GroupLookup lookup : {GroupLookup::kMemberOf, GroupLookup::kSearch}) {
    const DirectoryConfig config = slapd().config(LdapTransport::kStartTls, lookup);
    const TracedSignIn carmen = sign_in(config, "carmen.diaz");
    INFO(carmen.result.log_detail);
    REQUIRE(carmen.result.status == SignInStatus::kSuccess);
    CHECK(has_group(*carmen.result.person, "cn=icu-peer-supporters"));
    CHECK(has_group(*carmen.result.person, "cn=peer-supporters"));
    CHECK(role_names(config, carmen.result) == std::vector<std::string_view>{"staff", "peer_supporter"});
    CHECK(carmen.result.person->display_name ==
          "Carmen D\xc3\xad"
          "az");
  }
}

TEST_CASE("LDAP: nesting depth 0 stops at direct groups", "[ldap]") {
  for (GroupLookup lookup : {GroupLookup::kMemberOf, GroupLookup::kSearch}) {
    DirectoryConfig config = slapd().config(LdapTransport::kStartTls, lookup);
    config.group_nesting_depth = 0;
    const TracedSignIn carmen = sign_in(config, "carmen.diaz");
    REQUIRE(carmen.result.status == SignInStatus::kSuccess);
    CHECK(has_group(*carmen.result.person, "cn=icu-peer-supporters"));
    CHECK_FALSE(has_group(*carmen.result.person, "cn=peer-supporters"));
  }
}

TEST_CASE("LDAP: coordinator and admin roles", "[ldap]") {
  const DirectoryConfig config = slapd().config();
  CHECK(role_names(config, sign_in(config, "dana.lee").result) ==
        std::vector<std::string_view>{"staff", "coordinator"});
  CHECK(role_names(config, sign_in(config, "eli.novak").result) ==
        std::vector<std::string_view>{"staff", "admin"});
}

TEST_CASE("LDAP: the AD in-chain rule finds nothing on OpenLDAP, and that is not an error", "[ldap]") {
  const DirectoryConfig config = slapd().config(LdapTransport::kStartTls, GroupLookup::kAdInChain);
  const TracedSignIn amy = sign_in(config, "amy.chen");
  INFO(amy.result.log_detail);
  REQUIRE(amy.result.status == SignInStatus::kSuccess);
  CHECK(amy.trace_mentions(
      "(member:1.2.840.113556.1.4.1941:=uid=amy.chen,ou=people,dc=riverside-general,dc=example)"));
}

TEST_CASE("LDAP: non-ASCII display name", "[ldap]") {
  const TracedSignIn jozef = sign_in(slapd().config(LdapTransport::kLdaps), "jozef.wisniewski");
  REQUIRE(jozef.result.status == SignInStatus::kSuccess);
  CHECK(jozef.result.person->display_name == "J\xc3\xb3zef Wi\xc5\x9bniewski");
}

TEST_CASE("LDAP: a DN with comma, apostrophe and parentheses works with group search", "[ldap]") {
  const DirectoryConfig config = slapd().config(LdapTransport::kStartTls, GroupLookup::kSearch);
  const TracedSignIn liam = sign_in(config, "liam.obrien");
  INFO(liam.result.log_detail);
  REQUIRE(liam.result.status == SignInStatus::kSuccess);
  CHECK(normalize_dn(liam.result.person->dn) ==
        normalize_dn("cn=O'Brien\\, Liam (ICU),ou=people,dc=riverside-general,dc=example"));
  CHECK(has_group(*liam.result.person, "cn=hearth-staff"));
  CHECK(role_names(config, liam.result) == std::vector<std::string_view>{"staff"});
  // The DN went into the filter escaped: `\` `(` `)` became \5C \28 \29.
  CHECK(liam.trace_mentions("(member=cn=O'Brien\\5C2C Liam \\28ICU\\29,ou=people"));
}

TEST_CASE("LDAP: DOMAIN\\user and user@realm are accepted", "[ldap]") {
  const DirectoryConfig config = slapd().config();
  const TracedSignIn domain = sign_in(config, "RIVERSIDE\\amy.chen");
  CHECK(domain.result.status == SignInStatus::kSuccess);
  CHECK(domain.trace_mentions("(uid=amy.chen)"));
  const TracedSignIn realm = sign_in(config, "amy.chen@riverside-general.example");
  CHECK(realm.result.status == SignInStatus::kSuccess);
  REQUIRE(realm.result.person);
  CHECK(realm.result.person->username == "amy.chen");
}

TEST_CASE("LDAP: a silent first server times out and the next one is used", "[ldap]") {
  SilentServer silent;
  DirectoryConfig config = slapd().config();
  config.urls = {silent.ldap_url(), slapd().ldap_url()};
  config.network_timeout = std::chrono::seconds(1);
  config.operation_timeout = std::chrono::seconds(1);
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  INFO(signed_in.result.log_detail);
  CHECK(signed_in.result.status == SignInStatus::kSuccess);
  CHECK(silent.connections_accepted() >= 1);
  CHECK(signed_in.elapsed >= std::chrono::milliseconds(900));
  CHECK(signed_in.elapsed < std::chrono::milliseconds(3500));
  CHECK(signed_in.trace_mentions("server unusable"));
}

TEST_CASE("LDAP: a silent LDAPS server times out during the TLS handshake", "[ldap]") {
  SilentServer silent;
  DirectoryConfig config = slapd().config(LdapTransport::kLdaps);
  config.urls = {silent.ldaps_url(), slapd().ldaps_url()};
  config.network_timeout = std::chrono::seconds(1);
  config.operation_timeout = std::chrono::seconds(1);
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  INFO(signed_in.result.log_detail);
  CHECK(signed_in.result.status == SignInStatus::kSuccess);
  CHECK(signed_in.elapsed < std::chrono::milliseconds(3500));
}

TEST_CASE("LDAP: every server down is kDirectoryUnavailable", "[ldap]") {
  SilentServer silent;
  DirectoryConfig config = slapd().config();
  config.urls = {"ldap://127.0.0.1:" + std::to_string(hearth::testing::unused_local_port()),
                 silent.ldap_url()};
  config.network_timeout = std::chrono::seconds(1);
  config.operation_timeout = std::chrono::seconds(1);
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  CHECK(signed_in.result.status == SignInStatus::kDirectoryUnavailable);
  CHECK_FALSE(signed_in.result.person);
  CHECK(signed_in.result.log_detail.find("every directory server failed") != std::string::npos);
  CHECK(signed_in.result.log_detail.find("connect failed") != std::string::npos);
  CHECK(signed_in.result.log_detail.find("StartTLS (TLS): no answer within 1 s") != std::string::npos);
  CHECK(signed_in.elapsed < std::chrono::milliseconds(3500));
  CHECK_FALSE(LdapDirectory(config).is_reachable());
}

TEST_CASE("LDAP: a wrong password is never retried on the next server", "[ldap]") {
  DirectoryConfig config = slapd().config();
  config.urls = {slapd().ldap_url(), slapd().ldaps_url()};
  const TracedSignIn signed_in = sign_in(config, "amy.chen", "wrong-password");
  CHECK(signed_in.result.status == SignInStatus::kInvalidCredentials);
  const auto user_binds =
      std::count_if(signed_in.trace.begin(), signed_in.trace.end(),
                    [](const std::string& line) { return line.rfind("user bind as", 0) == 0; });
  CHECK(user_binds == 1);
  CHECK_FALSE(signed_in.trace_mentions(slapd().ldaps_url()));
}

TEST_CASE("LDAP: a rejected service account makes the directory unavailable", "[ldap]") {
  DirectoryConfig config = slapd().config();
  config.bind_password = "not-the-service-password";
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  CHECK(signed_in.result.status == SignInStatus::kDirectoryUnavailable);
  CHECK(signed_in.result.log_detail.find("service bind") != std::string::npos);
  CHECK_FALSE(LdapDirectory(config).is_reachable());
}

TEST_CASE("LDAP: several matching entries are refused", "[ldap]") {
  DirectoryConfig config = slapd().config();
  config.user_filter = "(|(uid={username})(departmentNumber=ICU))";
  const TracedSignIn signed_in = sign_in(config, "amy.chen");
  CHECK(signed_in.result.status == SignInStatus::kInvalidCredentials);
  CHECK(signed_in.result.log_detail.find("entries matched") != std::string::npos);
  CHECK_FALSE(signed_in.trace_mentions("user bind as"));
}

TEST_CASE("LDAP: the required group excludes the agency contractor", "[ldap]") {
  const DirectoryConfig config = slapd().config();
  const TracedSignIn gus = sign_in(config, "gus.temp");
  REQUIRE(gus.result.status == SignInStatus::kSuccess);
  CHECK_FALSE(meets_required_group(config, gus.result.person->group_dns));
  CHECK(role_names(config, gus.result).empty());
  const TracedSignIn amy = sign_in(config, "amy.chen");
  REQUIRE(amy.result.status == SignInStatus::kSuccess);
  CHECK(meets_required_group(config, amy.result.person->group_dns));
}

TEST_CASE("LDAP: the id attribute is configurable and must be present", "[ldap]") {
  DirectoryConfig config = slapd().config();
  config.id_attribute = "employeeNumber";
  const TracedSignIn amy = sign_in(config, "amy.chen");
  REQUIRE(amy.result.status == SignInStatus::kSuccess);
  CHECK(amy.result.person->stable_id == "10231");

  // gus.temp has no employeeNumber: signing him in without a stable id would
  // break every record keyed on it, so the directory counts as misconfigured.
  const TracedSignIn gus = sign_in(config, "gus.temp");
  CHECK(gus.result.status == SignInStatus::kDirectoryUnavailable);
  CHECK(gus.result.log_detail.find("has no 'employeeNumber' (id_attribute)") != std::string::npos);
}

TEST_CASE("LDAP: plain ldap:// only with allow_insecure_ldap", "[ldap]") {
  const TracedSignIn plain = sign_in(slapd().config(LdapTransport::kPlain), "amy.chen");
  REQUIRE(plain.result.status == SignInStatus::kSuccess);
  CHECK(plain.trace_mentions("not encrypted"));
}

TEST_CASE("LDAP: every connection is closed, whatever the outcome", "[ldap]") {
  const auto open_descriptors = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                         std::filesystem::directory_iterator());
  };
  DirectoryConfig untrusted = slapd().config(LdapTransport::kLdaps);
  untrusted.ca_file = slapd().untrusted_ca_file();
  DirectoryConfig refused = slapd().config();
  refused.urls = {"ldap://127.0.0.1:" + std::to_string(hearth::testing::unused_local_port())};
  sign_in(slapd().config(), "amy.chen");  // warm up libldap's one-time state
  const auto before = open_descriptors();
  for (int round = 0; round < 3; ++round) {
    CHECK(sign_in(slapd().config(), "carmen.diaz").result.status == SignInStatus::kSuccess);
    CHECK(sign_in(slapd().config(LdapTransport::kLdaps), "amy.chen", "wrong").result.status ==
          SignInStatus::kInvalidCredentials);
    CHECK(sign_in(untrusted, "amy.chen").result.status == SignInStatus::kDirectoryUnavailable);
    CHECK(sign_in(refused, "amy.chen").result.status == SignInStatus::kDirectoryUnavailable);
    CHECK(LdapDirectory(slapd().config()).is_reachable());
  }
  CHECK(open_descriptors() == before);
}

TEST_CASE("LDAP: is_reachable", "[ldap]") {
  CHECK(LdapDirectory(slapd().config(LdapTransport::kStartTls)).is_reachable());
  CHECK(LdapDirectory(slapd().config(LdapTransport::kLdaps)).is_reachable());
}

}  // namespace hearth::auth

namespace hearth::auth {

TEST_CASE("LDAP: the OpenLDAP example configuration works against slapd", "[ldap]") {
  DirectoryConfig config = load_example("openldap.toml");
  CHECK(config.group_lookup == GroupLookup::kMemberOf);
  config.urls = {slapd().ldaps_url()};
  config.ca_file = slapd().ca_file();
  config.bind_password = slapd().bind_password();
  const TracedSignIn carmen = sign_in(config, "RIVERSIDE\\carmen.diaz");
  INFO(carmen.result.log_detail);
  REQUIRE(carmen.result.status == SignInStatus::kSuccess);
  CHECK(role_names(config, carmen.result) == std::vector<std::string_view>{"staff", "peer_supporter"});
  CHECK(meets_required_group(config, carmen.result.person->group_dns));
  const TracedSignIn gus = sign_in(config, "gus.temp");
  REQUIRE(gus.result.status == SignInStatus::kSuccess);
  CHECK_FALSE(meets_required_group(config, gus.result.person->group_dns));
}

TEST_CASE("LDAP: the Active Directory example configuration loads", "[ldap]") {
  const DirectoryConfig config = load_example("active-directory.toml");
  CHECK(config.group_lookup == GroupLookup::kAdInChain);
  CHECK(config.id_attribute == "objectGUID");
  CHECK(config.username_attribute == "sAMAccountName");
  CHECK(config.urls.size() == 2);
  CHECK(config.peer_supporter_groups.size() == 2);
  CHECK(config.user_filter.find("{username}") != std::string::npos);
  CHECK(substitute_username(config.user_filter, "*)(cn=*").find("(cn=*") == std::string::npos);
}

}  // namespace hearth::auth
