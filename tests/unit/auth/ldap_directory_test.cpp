#include "auth/ldap_directory.h"

#include <catch2/catch.hpp>
#include <chrono>

namespace hearth::auth {

TEST_CASE("describe_active_directory_bind_error reads the AD sub-code", "[auth][ldap]") {
  const auto describe = [](std::string_view code) {
    return describe_active_directory_bind_error(
        "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data " + std::string(code) +
        ", v4563");
  };
  CHECK(describe("52e") == "AD sub-code 52e: wrong password");
  CHECK(describe("525") == "AD sub-code 525: user not found");
  CHECK(describe("530") == "AD sub-code 530: sign-in not permitted at this time");
  CHECK(describe("531") == "AD sub-code 531: sign-in not permitted from this workstation");
  CHECK(describe("532") == "AD sub-code 532: password expired");
  CHECK(describe("533") == "AD sub-code 533: account disabled");
  CHECK(describe("701") == "AD sub-code 701: account expired");
  CHECK(describe("773") == "AD sub-code 773: password must be changed");
  CHECK(describe("775") == "AD sub-code 775: account locked out");
  CHECK(describe("52E") == "AD sub-code 52e: wrong password");
  CHECK(describe("9ab") == "AD sub-code 9ab: unknown");
  CHECK_FALSE(describe_active_directory_bind_error(""));
  CHECK_FALSE(describe_active_directory_bind_error("Invalid credentials"));
  CHECK_FALSE(describe_active_directory_bind_error("data , v4563"));
}

TEST_CASE("LdapDirectory refuses empty credentials without touching the network", "[auth][ldap]") {
  DirectoryConfig config;
  // TEST-NET-1 (RFC 5737): a connection attempt would hang until the timeout.
  config.urls = {"ldaps://192.0.2.1:636"};
  config.user_base = "ou=people,dc=example";
  config.network_timeout = std::chrono::seconds(10);
  LdapDirectory directory(config);

  std::vector<std::string> trace;
  const auto record = [&](std::string_view line) { trace.emplace_back(line); };
  const auto started = std::chrono::steady_clock::now();
  const auto no_password = directory.sign_in("amy.chen", "", record);
  const auto blank_password = directory.sign_in("amy.chen", " \t\r\n", record);
  const auto no_username = directory.sign_in("  ", "secret", record);
  const auto elapsed = std::chrono::steady_clock::now() - started;

  CHECK(no_password.status == SignInStatus::kInvalidCredentials);
  CHECK(blank_password.status == SignInStatus::kInvalidCredentials);
  CHECK(no_username.status == SignInStatus::kInvalidCredentials);
  CHECK_FALSE(no_password.person);
  CHECK(elapsed < std::chrono::milliseconds(200));
  for (const std::string& line : trace) CHECK(line.find("connect") == std::string::npos);
}

TEST_CASE("LdapDirectory without URLs is unavailable", "[auth][ldap]") {
  LdapDirectory directory(DirectoryConfig{});
  CHECK(directory.sign_in("amy.chen", "hearth-demo").status == SignInStatus::kDirectoryUnavailable);
  CHECK_FALSE(directory.is_reachable());
}

}  // namespace hearth::auth
