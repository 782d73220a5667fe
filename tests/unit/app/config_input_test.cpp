// Configuration input found by fuzz_config (tests/fuzz/corpus/config/):
// files named in the config that are not plain files (special-paths.toml)
// must be reported, never block on a FIFO or read /dev/zero forever; and
// problems that quote the file (control-bytes-in-syntax-error.toml) are one
// line of text.

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "app/config.h"
#include "unit/common/temporary_directory.h"

namespace hearth::app {
namespace {

using testing::TemporaryDirectory;

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream stream(path, std::ios::binary);
  stream << content;
  REQUIRE(stream.good());
}

ConfigLoad load(const std::filesystem::path& path, DirectoryRequirement directory) {
  std::vector<char*> environment{nullptr};
  return load_config(path, FileRequirement::kMustExist, directory, environment.data());
}

std::string problem_with(const ConfigLoad& loaded, std::string_view key) {
  std::string reasons;
  for (const auto& problem : loaded.problems) {
    if (problem.key == key) reasons += problem.reason + "; ";
  }
  return reasons;
}

std::string directory_section(const std::string& password_file) {
  return "[directory]\n"
         "urls = [\"ldap://127.0.0.1:3890\"]\n"
         "allow_insecure_ldap = true\n"
         "bind_dn = \"cn=hearth,dc=example\"\n"
         "bind_password_file = \"" +
         password_file +
         "\"\n"
         "user_base = \"ou=people,dc=example\"\n";
}

TEST_CASE("files named in the config must be regular files", "[app][config]") {
  TemporaryDirectory folder;
  const auto config = folder / "hearth.toml";

  SECTION("a device is refused, not read") {
    write_file(config, "[metrics]\ntoken_file = \"/dev/zero\"\n");
    const auto loaded = load(config, DirectoryRequirement::kNotRequired);
    CHECK(problem_with(loaded, "metrics.token_file").find("not a regular file") != std::string::npos);
    CHECK(loaded.config.metrics.token.empty());
  }
  SECTION("a FIFO is refused without waiting for a writer") {
    const auto fifo = folder / "password-fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    write_file(config, directory_section(fifo.string()));
    const auto loaded = load(config, DirectoryRequirement::kRequired);
    CHECK(problem_with(loaded, "directory.bind_password_file").find("not a regular file") !=
          std::string::npos);
  }
  SECTION("a directory is refused as a certificate") {
    write_file(config, "[server]\ntls_certificate_file = \"" + folder.path().string() +
                           "\"\ntls_private_key_file = \"/etc/hostname\"\n");
    const auto loaded = load(config, DirectoryRequirement::kNotRequired);
    CHECK(problem_with(loaded, "server.tls_certificate_file").find("not a regular file") !=
          std::string::npos);
    CHECK(problem_with(loaded, "server.tls_private_key_file").empty());
  }
  SECTION("a missing file is still reported as unreadable") {
    write_file(config, "[metrics]\ntoken_file = \"" + (folder / "absent").string() + "\"\n");
    const auto loaded = load(config, DirectoryRequirement::kNotRequired);
    CHECK(problem_with(loaded, "metrics.token_file").find("cannot read") != std::string::npos);
  }
  SECTION("a secret is the first line without CR LF, at most 4096 bytes") {
    write_file(folder / "password", "s3cret pass\r\nsecond line\n");
    write_file(folder / "long", std::string(10000, 'x'));
    write_file(config, directory_section((folder / "password").string()));
    CHECK(load(config, DirectoryRequirement::kRequired).config.directory.bind_password == "s3cret pass");
    write_file(config, directory_section((folder / "long").string()));
    CHECK(load(config, DirectoryRequirement::kRequired).config.directory.bind_password ==
          std::string(4096, 'x'));
  }
}

TEST_CASE("problems that quote the file are one line of plain text", "[app][config]") {
  TemporaryDirectory folder;
  const auto config = folder / "hearth.toml";
  // toml++ quotes the bytes it stopped at; here a SOH and a NUL.
  constexpr char kSyntaxError[] = "[server]\nport = tr\x01\x00\x00 site]\n";
  write_file(config, std::string(kSyntaxError, sizeof kSyntaxError - 1));
  auto loaded = load(config, DirectoryRequirement::kNotRequired);
  REQUIRE_FALSE(loaded.problems.empty());
  for (const auto& problem : loaded.problems) {
    INFO(problem.key << ": " << problem.reason);
    CHECK(problem.reason.find_first_of(std::string("\x00\x01\n\r", 4)) == std::string::npos);
  }

  write_file(config, "[directory]\nurls = [\"x\\ny\\u001b[31m\"]\n[\"a\\nb\"]\nk = 1\n");
  loaded = load(config, DirectoryRequirement::kRequired);
  CHECK(problem_with(loaded, "directory.urls").find("\"x?y?[31m\" must start with ldaps://") !=
        std::string::npos);
  CHECK_FALSE(problem_with(loaded, "a?b").empty());
}

}  // namespace
}  // namespace hearth::app
