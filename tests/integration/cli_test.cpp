// The `hearth` binary's commands, run as a separate process the way IT would.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::run_hearth;
using hearth::testing::ThrowawaySlapd;

namespace {

std::filesystem::path write_config(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

std::string slapd_config_text() {
  const auto& slapd = ThrowawaySlapd::shared();
  const auto password_file = std::filesystem::temp_directory_path() / "hearth-cli-bind-password";
  std::ofstream(password_file) << slapd.bind_password() << "\n";
  const auto base = slapd.base_dn();
  return "[storage]\ndata_directory = \"" +
         (std::filesystem::temp_directory_path() / "hearth-cli-data").string() +
         "\"\n[directory]\nurls = [\"" + slapd.ldap_url() + "\"]\nca_file = \"" + slapd.ca_file() +
         "\"\nbind_dn = \"" + slapd.bind_dn() + "\"\nbind_password_file = \"" + password_file.string() +
         "\"\nuser_base = \"ou=people," + base + "\"\ngroup_base = \"ou=groups," + base +
         "\"\npeer_supporter_groups = [\"cn=peer-supporters,ou=groups," + base +
         "\"]\nrequired_group = \"cn=hearth-staff,ou=groups," + base + "\"\n";
}

}  // namespace

TEST_CASE("check-config lists every problem in a broken file and exits non-zero", "[cli]") {
  const auto path = write_config("hearth-cli-broken.toml",
                                 "[server]\nport = 70000\nthreads = \"many\"\ncolour = \"blue\"\n"
                                 "[directory]\nurls = [\"http://dc1\"]\ngroup_lookup = \"magic\"\n"
                                 "user_filter = \"(uid=x)\"\nbind_password_file = \"/nonexistent/pw\"\n");
  const auto result = run_hearth("check-config --config " + path.string());
  CHECK(result.exit_code == 1);
  for (const char* key : {"server.port", "server.threads", "server.colour", "directory.urls",
                          "directory.group_lookup", "directory.user_filter", "directory.bind_password_file",
                          "directory.bind_dn", "directory.user_base"}) {
    INFO(key);
    CHECK(result.output.find(std::string(key) + ":") != std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST_CASE("check-config accepts a complete file and reports a missing one", "[cli]") {
  const auto path = write_config("hearth-cli-good.toml", slapd_config_text());
  const auto good = run_hearth("check-config --config " + path.string());
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("no problems found") != std::string::npos);
  const auto missing = run_hearth("check-config --config /nonexistent/hearth.toml");
  CHECK(missing.exit_code == 1);
  CHECK(missing.output.find("does not exist") != std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("ldap-test prints every step and the roles, never the password", "[cli][directory]") {
  const auto path = write_config("hearth-cli-ldap.toml", slapd_config_text());
  const auto result = run_hearth("ldap-test carmen.diaz --config " + path.string(), "hearth-demo\n");
  CHECK(result.exit_code == 0);
  for (const char* step : {"connect ldap://", "StartTLS", "service bind",
                           "filter (&(objectClass=inetOrgPerson)(uid=carmen.diaz))", "entries found: 1",
                           "user bind", "icu-peer-supporters", "roles: staff,peer_supporter"}) {
    INFO(step);
    CHECK(result.output.find(step) != std::string::npos);
  }
  CHECK(result.output.find("hearth-demo\n") == std::string::npos);

  const auto refused = run_hearth("ldap-test carmen.diaz --config " + path.string(), "wrong-password\n");
  CHECK(refused.exit_code == 1);
  CHECK(refused.output.find("refused") != std::string::npos);
  CHECK(refused.output.find("wrong-password") == std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("version and help answer", "[cli]") {
  const auto version = run_hearth("version");
  CHECK(version.exit_code == 0);
  CHECK(version.output.rfind("hearth ", 0) == 0);
  for (const char* command : {"serve", "demo", "check-config", "ldap-test", "version"}) {
    INFO(command);
    const auto help = run_hearth(std::string(command) + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--help") != std::string::npos);
  }
}

TEST_CASE("phi-check prints each finding and exits 1 when something is found", "[cli][phi]") {
  const auto missing = "--config /nonexistent/hearth.toml";
  const auto clean =
      run_hearth(std::string("phi-check ") + missing, "Three 12s in a row on 5 West since 2019.\n");
  CHECK(clean.exit_code == 0);
  CHECK(clean.output.find("0 findings") != std::string::npos);

  const auto found =
      run_hearth(std::string("phi-check ") + missing, "Quiet night.\nMr. Jones in bed 12, MRN 44812345.\n");
  CHECK(found.exit_code == 1);
  CHECK(found.output.find("2:") != std::string::npos);  // line 2
  CHECK(found.output.find("record_number") != std::string::npos);
  CHECK(found.output.find("room_or_bed") != std::string::npos);
  // The flagged text is printed only when asked for.
  CHECK(found.output.find("44812345") == std::string::npos);
  CHECK(
      run_hearth(std::string("phi-check --show-text ") + missing, "MRN 44812345\n").output.find("44812345") !=
      std::string::npos);

  // The site's own record number shape, from the command line or the config file.
  CHECK(run_hearth(std::string("phi-check ") + missing, "Locker Q1234567 again\n").exit_code == 0);
  CHECK(run_hearth(std::string("phi-check --pattern 'Q[0-9]{7}' ") + missing, "Locker Q1234567 again\n")
            .exit_code == 1);
  const auto config = write_config(
      "hearth-phi.toml", "[safety]\nrecord_number_patterns = [\"Q[0-9]{7}\"]\nphi_mode = \"block\"\n");
  CHECK(run_hearth("phi-check --config " + config.string(), "Locker Q1234567 again\n").exit_code == 1);

  // A broken pattern is a configuration problem, named, exit 2.
  const auto broken = run_hearth(std::string("phi-check --pattern '([' ") + missing, "text\n");
  CHECK(broken.exit_code == 2);
  CHECK(broken.output.find("([") != std::string::npos);
  CHECK(run_hearth(std::string("phi-check ") + missing, "bad \xC3\x28 utf8\n").exit_code == 2);
}
