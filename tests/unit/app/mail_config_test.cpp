// The [mail] section of the configuration.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "app/config.h"
#include "unit/common/temporary_directory.h"

namespace hearth::app {
namespace {

using features::notifications::EmailFrequency;
using features::notifications::MailDelivery;
using testing::TemporaryDirectory;

void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream stream(path, std::ios::binary);
  stream << content;
  REQUIRE(stream.good());
}

ConfigLoad load_text(const TemporaryDirectory& folder, const std::string& text) {
  write_file(folder / "hearth.toml", text);
  char* environment[] = {nullptr};
  return load_config(folder / "hearth.toml", FileRequirement::kMustExist, DirectoryRequirement::kNotRequired,
                     environment);
}

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

}  // namespace

TEST_CASE("e-mail is off by default, with safe defaults for when it is turned on", "[app][config]") {
  TemporaryDirectory folder;
  const auto loaded = load_text(folder, "");
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  const auto& mail = loaded.config.mail;
  CHECK(mail.delivery == MailDelivery::kOff);
  CHECK(mail.smtp.tls == hearth::mail::TlsRequirement::kRequired);
  CHECK(mail.smtp.ca_file == "/etc/ssl/certs/ca-certificates.crt");
  CHECK(mail.default_email == EmailFrequency::kImmediately);
  CHECK(mail.max_attempts == 24);
  CHECK(mail.digest_hour == 7);
}

TEST_CASE("a complete [mail] section is applied and the password read from its file", "[app][config]") {
  TemporaryDirectory folder;
  write_file(folder / "smtp-password", "relay secret\r\nsecond line\n");
  write_file(folder / "ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const auto loaded = load_text(folder,
                                "[server]\npublic_url = \"https://hearth.hospital.example\"\n"
                                "[mail]\nenabled = true\n"
                                "smtp_url = \"smtp://relay.hospital.example:587\"\n"
                                "from_address = \"hearth@hospital.example\"\n"
                                "username = \"hearth\"\n"
                                "password_file = \"" +
                                    (folder / "smtp-password").string() +
                                    "\"\n"
                                    "ca_file = \"" +
                                    (folder / "ca.pem").string() +
                                    "\"\n"
                                    "connect_timeout_seconds = 3\ntimeout_seconds = 20\n"
                                    "max_attempts = 5\ndefault_email = \"daily\"\ndigest_hour = 6\n");
  INFO(describe(loaded));
  CHECK(loaded.problems.empty());
  const auto& mail = loaded.config.mail;
  CHECK(mail.delivery == MailDelivery::kOn);
  CHECK(mail.smtp.url == "smtp://relay.hospital.example:587");
  CHECK(mail.smtp.username == "hearth");
  CHECK(mail.smtp.password == "relay secret");
  CHECK(mail.smtp.connect_timeout == std::chrono::seconds(3));
  CHECK(mail.smtp.timeout == std::chrono::seconds(20));
  CHECK(mail.from_address == "hearth@hospital.example");
  CHECK(mail.max_attempts == 5);
  CHECK(mail.default_email == EmailFrequency::kDaily);
  CHECK(mail.digest_hour == 6);
  for (const auto& problem : loaded.problems) CHECK(problem.reason.find("relay secret") == std::string::npos);
}

TEST_CASE("turning e-mail on checks the relay, the sender, the public URL and the password file",
          "[app][config]") {
  TemporaryDirectory folder;
  SECTION("everything missing") {
    const auto loaded = load_text(folder, "[mail]\nenabled = true\n");
    CHECK_FALSE(problem_with(loaded, "mail.smtp_url").empty());
    CHECK_FALSE(problem_with(loaded, "mail.from_address").empty());
    CHECK_FALSE(problem_with(loaded, "server.public_url").empty());
  }
  SECTION("wrong values") {
    const auto loaded = load_text(folder,
                                  "[server]\npublic_url = \"https://hearth.hospital.example\"\n"
                                  "[mail]\nenabled = true\nsmtp_url = \"http://relay\"\n"
                                  "from_address = \"Hearth <hearth@hospital.example>\"\n"
                                  "default_email = \"hourly\"\ndigest_hour = 24\n"
                                  "ca_file = \"" +
                                      (folder / "missing.pem").string() + "\"\n");
    CHECK_FALSE(problem_with(loaded, "mail.smtp_url").empty());
    CHECK_FALSE(problem_with(loaded, "mail.from_address").empty());
    CHECK_FALSE(problem_with(loaded, "mail.default_email").empty());
    CHECK_FALSE(problem_with(loaded, "mail.digest_hour").empty());
    CHECK_FALSE(problem_with(loaded, "mail.ca_file").empty());
  }
  SECTION("a username needs a readable, non-empty password file; a password file needs a username") {
    const std::string base =
        "[server]\npublic_url = \"https://hearth.hospital.example\"\n"
        "[mail]\nenabled = true\nsmtp_url = \"smtps://relay.hospital.example\"\n"
        "from_address = \"hearth@hospital.example\"\nrequire_tls = false\n";
    CHECK_FALSE(
        problem_with(load_text(folder, base + "username = \"hearth\"\n"), "mail.password_file").empty());
    CHECK_FALSE(problem_with(load_text(folder, base + "username = \"hearth\"\npassword_file = \"" +
                                                   (folder / "nope").string() + "\"\n"),
                             "mail.password_file")
                    .empty());
    write_file(folder / "empty", "");
    CHECK_FALSE(problem_with(load_text(folder, base + "username = \"hearth\"\npassword_file = \"" +
                                                   (folder / "empty").string() + "\"\n"),
                             "mail.password_file")
                    .empty());
    write_file(folder / "pw", "x\n");
    CHECK_FALSE(
        problem_with(load_text(folder, base + "password_file = \"" + (folder / "pw").string() + "\"\n"),
                     "mail.password_file")
            .empty());
    const auto plain = load_text(folder, base);
    INFO(describe(plain));
    CHECK(plain.problems.empty());
    CHECK(plain.config.mail.smtp.tls == hearth::mail::TlsRequirement::kNone);
  }
}

}  // namespace hearth::app
