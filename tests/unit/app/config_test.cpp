#include "app/config.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "unit/common/temporary_directory.h"

namespace hearth::app {
namespace {

using testing::TemporaryDirectory;

// A null-terminated `char**` environment built from "NAME=value" strings.
class Environment {
 public:
  Environment(std::initializer_list<std::string> entries) : entries_(entries) {
    for (auto& entry : entries_) pointers_.push_back(entry.data());
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream stream(path, std::ios::binary);
  stream << content;
  REQUIRE(stream.good());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream content;
  content << stream.rdbuf();
  return content.str();
}

ConfigLoad load(const std::filesystem::path& path,
                DirectoryRequirement directory = DirectoryRequirement::kNotRequired,
                std::initializer_list<std::string> environment = {}) {
  Environment env(environment);
  return load_config(path, FileRequirement::kMustExist, directory, env.get());
}

// The reasons given for `key`, joined; "" when there is no problem with it.
std::string problem_with(const ConfigLoad& loaded, std::string_view key) {
  std::string reasons;
  for (const auto& problem : loaded.problems) {
    if (problem.key == key) reasons += problem.reason + "; ";
  }
  return reasons;
}

std::string describe(const ConfigLoad& loaded) {
  std::string text;
  for (const auto& problem : loaded.problems) text += problem.key + ": " + problem.reason + "\n";
  return text;
}

// A complete [directory] section for kRequired loads.
std::string directory_section(const TemporaryDirectory& folder) {
  write_file(folder / "bind-password", "service-password\n");
  write_file(folder / "ca.pem", "-----BEGIN CERTIFICATE-----\n");
  return "[directory]\n"
         "urls = [\"ldaps://dc1.hospital.example\"]\n"
         "ca_file = \"" +
         (folder / "ca.pem").string() +
         "\"\n"
         "bind_dn = \"cn=hearth,ou=services,dc=hospital,dc=example\"\n"
         "bind_password_file = \"" +
         (folder / "bind-password").string() +
         "\"\n"
         "user_base = \"ou=people,dc=hospital,dc=example\"\n";
}

}  // namespace

TEST_CASE("an optional config file that is absent gives the defaults", "[app][config]") {
  TemporaryDirectory folder;
  Environment env({});
  const auto loaded = load_config(folder / "absent.toml", FileRequirement::kOptional,
                                  DirectoryRequirement::kNotRequired, env.get());
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  const Config& config = loaded.config;
  CHECK(config.server.listen_address == "127.0.0.1");
  CHECK(config.server.port == 8080);
  CHECK(config.data_directory == "/var/lib/hearth");
  CHECK(config.database_path() == "/var/lib/hearth/hearth.db");
  CHECK(config.site.name == "Hearth");
  CHECK(config.session.idle_timeout_seconds == 30 * 60);
  CHECK(config.session.absolute_timeout_seconds == 12 * 60 * 60);
  CHECK(config.sign_in.max_failures_per_username == 5);
  CHECK(config.sign_in.window_seconds == 15 * 60);
  CHECK(config.directory.group_lookup == auth::GroupLookup::kMemberOf);
  CHECK(config.directory.user_filter.find("{username}") != std::string::npos);
  CHECK(config.log_level == log::Level::kInfo);
  CHECK_FALSE(config.uses_tls());
}

TEST_CASE("a required config file that is missing is a problem", "[app][config]") {
  TemporaryDirectory folder;
  const auto loaded = load(folder / "missing.toml");
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].key == (folder / "missing.toml").string());
  CHECK(loaded.problems[0].reason.find("does not exist") != std::string::npos);
}

TEST_CASE("a broken config file reports every problem at once, each with its key", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "cert.pem", "certificate");
  write_file(folder / "hearth.toml",
             "[server]\n"
             "port = 70000\n"
             "threads = \"many\"\n"
             "listen_adress = \"0.0.0.0\"\n"
             "tls_certificate_file = \"" +
                 (folder / "cert.pem").string() +
                 "\"\n"
                 "[colours]\n"
                 "primary = \"red\"\n"
                 "[session]\n"
                 "idle_timeout_minutes = 0\n"
                 "[directory]\n"
                 "urls = [\"ldaps://dc1.hospital.example\", 7]\n"
                 "group_lookup = \"magic\"\n"
                 "user_filter = \"(uid=amy)\"\n"
                 "bind_dn = \"cn=hearth,dc=hospital,dc=example\"\n"
                 "bind_password_file = \"" +
                 (folder / "no-such-password-file").string() +
                 "\"\n"
                 "user_base = \"ou=people,dc=hospital,dc=example\"\n"
                 "allow_insecure_ldap = \"yes\"\n");
  const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kRequired);
  INFO(describe(loaded));
  CHECK(problem_with(loaded, "server.port").find("between 1 and 65535") != std::string::npos);
  CHECK(problem_with(loaded, "server.port").find("70000") != std::string::npos);
  CHECK(problem_with(loaded, "server.threads").find("whole number") != std::string::npos);
  CHECK(problem_with(loaded, "server.listen_adress").find("unknown key") != std::string::npos);
  CHECK(problem_with(loaded, "colours").find("unknown section") != std::string::npos);
  CHECK(problem_with(loaded, "session.idle_timeout_minutes").find("between") != std::string::npos);
  CHECK(problem_with(loaded, "directory.urls").find("list of strings") != std::string::npos);
  CHECK(problem_with(loaded, "directory.group_lookup").find("magic") != std::string::npos);
  CHECK(problem_with(loaded, "directory.group_lookup").find("memberof") != std::string::npos);
  CHECK(problem_with(loaded, "directory.user_filter").find("{username}") != std::string::npos);
  CHECK(problem_with(loaded, "directory.bind_password_file").find("cannot read") != std::string::npos);
  CHECK(problem_with(loaded, "directory.allow_insecure_ldap").find("true or false") != std::string::npos);
  CHECK_FALSE(problem_with(loaded, "server.tls_private_key_file").empty());
  CHECK(loaded.problems.size() >= 11);
  // A bad value is not applied: the default stays.
  CHECK(loaded.config.server.port == 8080);
  CHECK(loaded.config.directory.group_lookup == auth::GroupLookup::kMemberOf);
}

TEST_CASE("a TOML syntax error is reported with the file and line", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "hearth.toml", "[server]\nport = 8080\nport = 8081\n");
  const auto duplicate = load(folder / "hearth.toml");
  REQUIRE(duplicate.problems.size() == 1);
  CHECK(duplicate.problems[0].key == (folder / "hearth.toml").string());
  CHECK(duplicate.problems[0].reason.find("line 3") != std::string::npos);

  write_file(folder / "broken.toml", "[server\nport = \n");
  CHECK_FALSE(load(folder / "broken.toml").problems.empty());
}

TEST_CASE("a file with valid values is applied", "[app][config]") {
  TemporaryDirectory folder;
  write_file(
      folder / "hearth.toml",
      "[server]\nport = 8443\npublic_url = \"https://hearth.hospital.example/\"\n"
      "[storage]\ndata_directory = \"" +
          folder.path().string() +
          "\"\n"
          "[site]\nname = \"Riverside Wellbeing\"\n"
          "[session]\nidle_timeout_minutes = 15\nabsolute_timeout_hours = 8\n"
          "[sign_in]\nmax_failures_per_username = 3\nwindow_minutes = 5\n"
          "[directory]\ngroup_lookup = \"ad_in_chain\"\nstaff_groups = [\"cn=a,dc=x\", \"cn=b,dc=x\"]\n"
          "[log]\nlevel = \"debug\"\nformat = \"json\"\n");
  const auto loaded = load(folder / "hearth.toml");
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  const Config& config = loaded.config;
  CHECK(config.server.port == 8443);
  CHECK(config.public_url == "https://hearth.hospital.example");  // trailing slash removed
  CHECK(config.uses_tls());
  CHECK(config.data_directory == folder.path());
  CHECK(config.site.name == "Riverside Wellbeing");
  CHECK(config.session.idle_timeout_seconds == 15 * 60);
  CHECK(config.session.absolute_timeout_seconds == 8 * 3600);
  CHECK(config.sign_in.max_failures_per_username == 3);
  CHECK(config.sign_in.window_seconds == 300);
  CHECK(config.directory.group_lookup == auth::GroupLookup::kAdInChain);
  CHECK(config.directory.staff_groups == std::vector<std::string>{"cn=a,dc=x", "cn=b,dc=x"});
  CHECK(config.log_level == log::Level::kDebug);
  CHECK(config.log_format == log::Format::kJson);
}

TEST_CASE("rules across keys are checked", "[app][config]") {
  TemporaryDirectory folder;
  SECTION("a TLS certificate without its key") {
    write_file(folder / "cert.pem", "certificate");
    write_file(folder / "hearth.toml",
               "[server]\ntls_certificate_file = \"" + (folder / "cert.pem").string() + "\"\n");
    CHECK_FALSE(problem_with(load(folder / "hearth.toml"), "server.tls_private_key_file").empty());
  }
  SECTION("a TLS key and certificate that cannot be read") {
    write_file(folder / "hearth.toml",
               "[server]\ntls_certificate_file = \"/nonexistent/cert.pem\"\n"
               "tls_private_key_file = \"/nonexistent/key.pem\"\n");
    const auto loaded = load(folder / "hearth.toml");
    CHECK(problem_with(loaded, "server.tls_certificate_file").find("cannot read") != std::string::npos);
    CHECK(problem_with(loaded, "server.tls_private_key_file").find("cannot read") != std::string::npos);
  }
  SECTION("an idle timeout longer than the absolute one") {
    write_file(folder / "hearth.toml", "[session]\nidle_timeout_minutes = 600\nabsolute_timeout_hours = 2\n");
    CHECK_FALSE(problem_with(load(folder / "hearth.toml"), "session.idle_timeout_minutes").empty());
  }
  SECTION("a public URL that is not http(s)") {
    write_file(folder / "hearth.toml", "[server]\npublic_url = \"hearth.hospital.example\"\n");
    CHECK_FALSE(problem_with(load(folder / "hearth.toml"), "server.public_url").empty());
  }
  SECTION("control characters in a text value") {
    write_file(folder / "hearth.toml", "[site]\nname = \"Hearth\\u001b[31m\"\n");
    const auto loaded = load(folder / "hearth.toml");
    CHECK_FALSE(problem_with(loaded, "site.name").empty());
    CHECK(loaded.config.site.name == "Hearth");
  }
  SECTION("search group lookup needs a group base") {
    write_file(folder / "hearth.toml", directory_section(folder) + "group_lookup = \"search\"\n");
    CHECK_FALSE(
        problem_with(load(folder / "hearth.toml", DirectoryRequirement::kRequired), "directory.group_base")
            .empty());
  }
  SECTION("directory URLs must be LDAP URLs") {
    write_file(folder / "hearth.toml", directory_section(folder));
    const auto loaded =
        load(folder / "hearth.toml", DirectoryRequirement::kRequired,
             {"HEARTH_DIRECTORY_URLS=[\"ldaps://dc1.hospital.example\", \"http://dc2.hospital.example\"]"});
    CHECK(problem_with(loaded, "directory.urls").find("http://dc2.hospital.example") != std::string::npos);
  }
  SECTION("the directory section is complete for kRequired") {
    write_file(folder / "hearth.toml", directory_section(folder));
    const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kRequired);
    INFO(describe(loaded));
    CHECK(loaded.problems.empty());
  }
  SECTION("an empty directory section is incomplete for kRequired") {
    write_file(folder / "hearth.toml", "[directory]\n");
    const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kRequired);
    CHECK_FALSE(problem_with(loaded, "directory.urls").empty());
    CHECK_FALSE(problem_with(loaded, "directory.bind_dn").empty());
    CHECK_FALSE(problem_with(loaded, "directory.bind_password_file").empty());
    CHECK_FALSE(problem_with(loaded, "directory.user_base").empty());
    // kNotRequired (the demo) does not ask for it.
    CHECK(load(folder / "hearth.toml").problems.empty());
  }
}

TEST_CASE("environment variables override the file", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "hearth.toml", "[server]\nport = 8081\n[site]\nname = \"From the file\"\n");
  const auto loaded =
      load(folder / "hearth.toml", DirectoryRequirement::kNotRequired,
           {"PATH=/usr/bin", "HEARTH_SERVER_PORT=9090", "HEARTH_SITE_CRISIS_PHONE=0800 111 222",
            "HEARTH_DIRECTORY_ALLOW_INSECURE_LDAP=yes"});
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.server.port == 9090);
  CHECK(loaded.config.site.name == "From the file");  // not overridden
  CHECK(loaded.config.site.crisis_phone == "0800 111 222");
  CHECK(loaded.config.directory.allow_insecure_ldap);
}

TEST_CASE("environment variables are matched by their whole name", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "hearth.toml", "[server]\nport = 8081\n");
  const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kNotRequired,
                           {"HEARTH_SERVER_PORTS=1111", "HEARTH_SERVER_PORT", "XHEARTH_SERVER_PORT=2222",
                            "hearth_server_port=3333"});
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.server.port == 8081);
}

TEST_CASE("bad environment values are problems named after the variable", "[app][config]") {
  TemporaryDirectory folder;
  Environment env({"HEARTH_SERVER_PORT=ninety", "HEARTH_SERVER_THREADS=4x", "HEARTH_SIGN_IN_WINDOW_MINUTES=",
                   "HEARTH_DIRECTORY_ALLOW_INSECURE_LDAP=maybe", "HEARTH_SERVER_KEEP_ALIVE_MAX_REQUESTS=0"});
  const auto loaded = load_config(folder / "absent.toml", FileRequirement::kOptional,
                                  DirectoryRequirement::kNotRequired, env.get());
  INFO(describe(loaded));
  CHECK_FALSE(problem_with(loaded, "HEARTH_SERVER_PORT").empty());
  CHECK_FALSE(problem_with(loaded, "HEARTH_SERVER_THREADS").empty());
  CHECK_FALSE(problem_with(loaded, "HEARTH_SIGN_IN_WINDOW_MINUTES").empty());
  CHECK_FALSE(problem_with(loaded, "HEARTH_DIRECTORY_ALLOW_INSECURE_LDAP").empty());
  CHECK(problem_with(loaded, "server.keep_alive_max_requests").find("between") != std::string::npos);
  CHECK(loaded.config.server.port == 8080);
}

TEST_CASE("list values from the environment are TOML arrays or one bare value", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "hearth.toml", "[directory]\nurls = [\"ldaps://from-file\"]\n");
  SECTION("a TOML array") {
    const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kNotRequired,
                             {"HEARTH_DIRECTORY_URLS=[\"ldaps://dc1.example\", \"ldaps://dc2.example\"]"});
    INFO(describe(loaded));
    CHECK(loaded.problems.empty());
    CHECK(loaded.config.directory.urls ==
          std::vector<std::string>{"ldaps://dc1.example", "ldaps://dc2.example"});
  }
  SECTION("one bare DN keeps its commas") {
    const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kNotRequired,
                             {"HEARTH_DIRECTORY_ADMIN_GROUPS= cn=admins,ou=groups,dc=example "});
    INFO(describe(loaded));
    CHECK(loaded.problems.empty());
    CHECK(loaded.config.directory.admin_groups == std::vector<std::string>{"cn=admins,ou=groups,dc=example"});
  }
  SECTION("a broken array is a problem") {
    const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kNotRequired,
                             {"HEARTH_DIRECTORY_URLS=[\"ldaps://dc1.example\","});
    CHECK_FALSE(problem_with(loaded, "HEARTH_DIRECTORY_URLS").empty());
    CHECK(loaded.config.directory.urls == std::vector<std::string>{"ldaps://from-file"});
  }
}

TEST_CASE("the bind password is read from the first line of its file and never reported", "[app][config]") {
  TemporaryDirectory folder;
  constexpr std::string_view kPassword = "S3cret-P@ss with spaces";
  write_file(folder / "hearth.toml", directory_section(folder));
  write_file(folder / "bind-password", std::string(kPassword) + "\nsecond line ignored\n");
  // Another problem in the same load, so that problems are reported.
  const auto loaded = load(folder / "hearth.toml", DirectoryRequirement::kRequired,
                           {"HEARTH_DIRECTORY_USER_FILTER=(uid=amy)"});
  CHECK(loaded.config.directory.bind_password == kPassword);
  REQUIRE_FALSE(loaded.problems.empty());
  CHECK(describe(loaded).find("S3cret") == std::string::npos);
  CHECK(describe(loaded).find("second line") == std::string::npos);

  SECTION("a Windows line ending is not part of the password") {
    write_file(folder / "bind-password", std::string(kPassword) + "\r\n");
    CHECK(load(folder / "hearth.toml", DirectoryRequirement::kRequired).config.directory.bind_password ==
          kPassword);
  }
  SECTION("an empty password file is a problem") {
    write_file(folder / "bind-password", "\nsecret on the second line\n");
    const auto empty = load(folder / "hearth.toml", DirectoryRequirement::kRequired);
    CHECK(problem_with(empty, "directory.bind_password_file").find("empty") != std::string::npos);
    CHECK(describe(empty).find("secret on the second line") == std::string::npos);
  }
}

TEST_CASE("the example config has every section and parses back without problems", "[app][config]") {
  const std::string example = example_config();
  for (const auto* section :
       {"[server]", "[storage]", "[site]", "[session]", "[sign_in]", "[directory]", "[log]"}) {
    INFO(section);
    CHECK(example.find(std::string("\n") + section + "\n") != std::string::npos);
  }
  TemporaryDirectory folder;
  write_file(folder / "example.toml", example);
  const auto as_is = load(folder / "example.toml");
  INFO(describe(as_is));
  CHECK(as_is.problems.empty());

  // Uncomment every "# key = default" line: the defaults must be valid TOML
  // for known keys, and load to the same values as no file at all.
  const std::regex setting(R"(^# ([a-z_]+ = .*)$)");
  std::istringstream lines(example);
  std::string line;
  std::string defaults;
  std::string examples;
  int settings = 0;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, setting)) {
      defaults += match[1].str() + "\n";
      examples += line + "\n";
      ++settings;
    } else if (line.starts_with("# Example: ")) {
      defaults += line + "\n";
      examples += line.substr(11) + "\n";
    } else {
      defaults += line + "\n";
      examples += line + "\n";
    }
  }
  CHECK(settings > 40);
  write_file(folder / "defaults.toml", defaults);
  const auto with_defaults = load(folder / "defaults.toml");
  INFO(describe(with_defaults));
  CHECK(with_defaults.problems.empty());
  CHECK(with_defaults.config.server.port == 8080);
  CHECK(with_defaults.config.directory.user_filter == Config{}.directory.user_filter);

  // The "# Example:" values are valid too.
  write_file(folder / "examples.toml", examples);
  const auto with_examples = load(folder / "examples.toml");
  INFO(describe(with_examples));
  CHECK(with_examples.problems.empty());
  CHECK(with_examples.config.public_url == "https://hearth.hospital.example");
}

TEST_CASE("the committed installer/hearth.toml.example matches the schema", "[app][config]") {
  const auto path = std::filesystem::path(HEARTH_SOURCE_DIR) / "installer" / "hearth.toml.example";
  INFO("regenerate with: hearth print-example-config --output installer/hearth.toml.example");
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == example_config());
}

TEST_CASE("the PHI check settings are read and checked", "[app][config]") {
  TemporaryDirectory folder;
  SECTION("defaults: warn, built-in rules only") {
    write_file(folder / "hearth.toml", "");
    const auto loaded = load(folder / "hearth.toml");
    CHECK(loaded.problems.empty());
    CHECK(loaded.config.phi_policy == features::PhiPolicy::kWarnAndConfirm);
    CHECK(loaded.config.phi_checker.record_number_patterns.empty());
  }
  SECTION("block mode, the site's patterns and staff domains") {
    write_file(folder / "hearth.toml",
               "[safety]\nphi_mode = \"block\"\nrecord_number_patterns = [\"M[0-9]{7}\", \"ACC-[0-9]{6}\"]\n"
               "staff_email_domains = [\"hospital.example\"]\n");
    const auto loaded = load(folder / "hearth.toml");
    INFO(describe(loaded));
    CHECK(loaded.problems.empty());
    CHECK(loaded.config.phi_policy == features::PhiPolicy::kBlock);
    CHECK(loaded.config.phi_checker.record_number_patterns ==
          std::vector<std::string>{"M[0-9]{7}", "ACC-[0-9]{6}"});
    CHECK(loaded.config.phi_checker.staff_email_domains == std::vector<std::string>{"hospital.example"});
  }
  SECTION("an unknown mode and a pattern that does not compile are named") {
    write_file(folder / "hearth.toml",
               "[safety]\nphi_mode = \"shout\"\nrecord_number_patterns = [\"M[0-9\"]\n");
    const auto loaded = load(folder / "hearth.toml");
    CHECK_FALSE(problem_with(loaded, "safety.phi_mode").empty());
    CHECK(problem_with(loaded, "safety.record_number_patterns").find("M[0-9") != std::string::npos);
  }
}

}  // namespace hearth::app
