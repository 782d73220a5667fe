// Notifications end to end: the real server, real slapd, and a real SMTP
// server (Debian's python3-aiosmtpd, saving each message to a Maildir)
// started by the test on an ephemeral port. The header count, the
// notification centre and its settings, content-free e-mail unless a person
// chose details, STARTTLS with a verified certificate, retries while the
// relay is down, and no loss or repeat across a restart.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "auth/ldap_directory.h"
#include "storage/database.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::contains;
using hearth::testing::LdapTransport;
using hearth::testing::location_of;
using hearth::testing::post;
using hearth::testing::ThrowawaySlapd;
using hearth::testing::unique_number;

namespace {

namespace fs = std::filesystem;

constexpr const char* kPublicUrl = "http://hearth.test";

fs::path fresh_directory(const std::string& prefix) {
  std::random_device random;
  const auto path = fs::temp_directory_path() / (prefix + std::to_string(random()));
  fs::create_directories(path);
  return path;
}

// A TCP port on 127.0.0.1 that nothing listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  socklen_t length = sizeof(address);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return predicate();
}

// A real SMTP server: `python3 -m aiosmtpd` with the Mailbox handler, which
// stores every message it accepts in a Maildir. Started and stopped by the
// test (the port stays the same, so a relay can be "down" for a while); the
// Maildir survives restarts. Stopped and removed on destruction.
class SmtpSink {
 public:
  enum class Tls { kNone, kStartTls };

  SmtpSink() : port_(free_port()), directory_(fresh_directory("hearth-smtp-")) {}
  ~SmtpSink() {
    stop();
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // Starts the server and waits until it accepts connections. With
  // kStartTls it offers STARTTLS with the throwaway slapd's certificate
  // for 127.0.0.1 (signed by ThrowawaySlapd::ca_file()).
  void start(Tls tls = Tls::kNone) {
    REQUIRE(pid_ == 0);
    // Debian's python3-aiosmtpd is installed for the system interpreter.
    const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    std::vector<std::string> arguments = {python, "-m", "aiosmtpd",
                                          "-n",   "-l", "127.0.0.1:" + std::to_string(port_)};
    if (tls == Tls::kStartTls) {
      const auto& slapd = ThrowawaySlapd::shared().directory();
      arguments.insert(arguments.end(),
                       {"--tlscert", slapd + "/server.pem", "--tlskey", slapd + "/server.key"});
    }
    arguments.insert(arguments.end(), {"-c", "aiosmtpd.handlers.Mailbox", (directory_ / "maildir").string()});
    const auto log = (directory_ / "aiosmtpd.log").string();
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);  // the child must not write out this process's buffered output
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0) ::_exit(126);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    INFO("aiosmtpd did not start; see " << log);
    REQUIRE(eventually([this] { return accepts_connections(port_); }, std::chrono::seconds(15)));
  }

  void stop() {
    if (pid_ == 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  // Every message received so far, oldest first, as saved (aiosmtpd adds
  // X-Peer, X-MailFrom and X-RcptTo headers).
  std::vector<std::string> messages() const {
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    for (const auto* folder : {"new", "cur"}) {
      const auto path = directory_ / "maildir" / folder;
      std::error_code error;
      for (const auto& entry : fs::directory_iterator(path, error)) {
        files.emplace_back(entry.last_write_time(), entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> result;
    for (const auto& [time, path] : files) {
      std::ifstream stream(path, std::ios::binary);
      std::ostringstream text;
      text << stream.rdbuf();
      result.push_back(text.str());
    }
    return result;
  }

  // The messages to `address`.
  std::vector<std::string> messages_to(const std::string& address) const {
    std::vector<std::string> result;
    for (auto& message : messages()) {
      if (message.find("X-RcptTo: " + address) != std::string::npos) result.push_back(std::move(message));
    }
    return result;
  }

  bool wait_for_messages_to(const std::string& address, std::size_t count) const {
    return eventually([&] { return messages_to(address).size() >= count; });
  }

 private:
  int port_;
  fs::path directory_;
  pid_t pid_ = 0;
};

// The real server like TestServer, with e-mail on and a data directory the
// test owns, so that a second Application can start on it after the first
// stopped. The ManualClock starts at `clock_start`.
class MailServer {
 public:
  MailServer(const fs::path& data_directory, const std::string& smtp_url, std::int64_t clock_start,
             const std::function<void(hearth::app::Config&)>& adjust = {})
      : clock_(clock_start) {
    hearth::app::Config config;
    config.server.listen_address = "127.0.0.1";
    config.server.port = 0;
    config.server.threads = 8;
    config.data_directory = data_directory;
    config.public_url = kPublicUrl;
    config.directory = ThrowawaySlapd::shared().config(LdapTransport::kStartTls);
    config.log_level = hearth::log::Level::kWarning;
    auto& mail = config.mail;
    mail.delivery = hearth::features::notifications::MailDelivery::kOn;
    mail.smtp.url = smtp_url;
    mail.smtp.tls = hearth::mail::TlsRequirement::kNone;
    mail.smtp.connect_timeout = std::chrono::seconds(2);
    mail.smtp.timeout = std::chrono::seconds(10);
    mail.from_address = "hearth@riverside-general.example";
    if (adjust) adjust(config);
    hearth::log::configure(config.log_level, config.log_format);
    auto ldap = std::make_unique<hearth::auth::LdapDirectory>(config.directory);
    application_ = std::make_unique<hearth::app::Application>(
        std::move(config), std::move(ldap), std::vector<hearth::features::DemoAccountListing>{}, clock_);
    port_ = application_->bind();
    thread_ = std::thread([this] { application_->serve(); });
  }
  ~MailServer() { stop(); }
  MailServer(const MailServer&) = delete;
  MailServer& operator=(const MailServer&) = delete;

  void stop() {
    if (!application_) return;
    application_->stop();
    if (thread_.joinable()) thread_.join();
    application_.reset();
  }

  int port() const { return port_; }
  hearth::ManualClock& clock() { return clock_; }
  hearth::app::Application& application() { return *application_; }

 private:
  hearth::ManualClock clock_;
  std::unique_ptr<hearth::app::Application> application_;
  std::thread thread_;
  int port_ = 0;
};

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A fresh data directory, removed at the end of the test.
struct DataDirectory {
  fs::path root = fresh_directory("hearth-notify-");
  fs::path path = root / "data";
  ~DataDirectory() {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
};

std::unique_ptr<Browser> signed_in(int port, const std::string& username) {
  return hearth::testing::signed_in_browser(port, username);
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

struct Group {
  std::string name;
  std::string path;  // "/groups/slug"
};

// A group that `facilitator` starts; people ask to join it and answer one question.
Group start_group(Browser& facilitator, const std::string& policy = "request") {
  const auto name =
      "Grief support circle " + std::to_string(unique_number()) + "-" + std::to_string(now_seconds());
  return {name,
          hearth::testing::create_group(
              facilitator, name, {{"join_policy", policy}, {"vetting_questions", "What brings you here?"}})};
}

// Asks to join and has the facilitator approve; returns once decided.
void join_by_request(Browser& member, Browser& facilitator, const Group& group) {
  member.get(group.path + "/join");
  const auto asked =
      post(member, group.path + "/join", {{"answer_0", "A hard year."}, {"accept_rules", "1"}});
  REQUIRE(asked);
  REQUIRE(asked->status == 303);
  const auto members = facilitator.get(group.path + "/members");
  const std::string marker = "name=\"person_id\" value=\"";
  const auto at = members->body.find(marker);
  REQUIRE(at != std::string::npos);
  const auto id = members->body.substr(at + marker.size(),
                                       members->body.find('"', at + marker.size()) - at - marker.size());
  const auto decided = post(facilitator, group.path + "/members/decide",
                            {{"person_id", id}, {"decision", "approve"}, {"message", ""}});
  REQUIRE(decided);
  REQUIRE(decided->status == 200);
}

// The header's unread count ("" when there is none).
std::string unread_badge(Browser& browser) {
  const auto page = browser.get("/");
  REQUIRE(page);
  const std::string marker = "<span class=\"unread-count\">(";
  const auto at = page->body.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return page->body.substr(start, page->body.find('<', start) - start);
}

struct OutboxRow {
  std::int64_t id = 0;
  int attempts = 0;
  bool sent = false;
  std::string last_error;
};

std::vector<OutboxRow> outbox_rows(const fs::path& database_path) {
  auto database = hearth::storage::Database::open(database_path, hearth::storage::OpenMode::kReadOnly);
  auto statement =
      database.prepare("SELECT id, attempts, sent_at IS NOT NULL, last_error FROM mail_outbox ORDER BY id");
  std::vector<OutboxRow> rows;
  while (statement.step()) {
    rows.push_back({statement.column_int64(0), static_cast<int>(statement.column_int64(1)),
                    statement.column_int64(2) != 0, statement.column_text(3)});
  }
  return rows;
}

// The part of a saved message after its headers.
std::string body_of(const std::string& message) {
  const auto end = message.find("\n\n");
  return end == std::string::npos ? std::string() : message.substr(end + 2);
}

std::string header_of(const std::string& message, const std::string& name) {
  const auto at = message.find("\n" + name + ": ");
  if (at == std::string::npos) return "";
  const auto start = at + name.size() + 3;
  auto value = message.substr(start, message.find('\n', start) - start);
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return value;
}

// The first link to a notification ("/notifications/12") in a page.
std::string first_notification_link(const std::string& html) {
  const std::string marker = "href=\"/notifications/";
  for (auto at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
    const auto start = at + 6;
    const auto link = html.substr(start, html.find('"', start) - start);
    if (std::isdigit(static_cast<unsigned char>(link.back())) != 0) return link;
  }
  return "";
}

std::string slug_of(const Group& group) {
  return group.path.substr(std::string("/groups/").size());
}

constexpr const char* kAmy = "amy.chen@riverside-general.example";
constexpr const char* kBen = "ben.okafor@riverside-general.example";

}  // namespace

TEST_CASE("a decided join request: header count, notification centre, and a content-free e-mail",
          "[server][notifications]") {
  SmtpSink relay;
  relay.start();
  DataDirectory data;
  MailServer server(data.path, relay.url(), now_seconds());

  auto liam = signed_in(server.port(), "liam.obrien");
  auto amy = signed_in(server.port(), "amy.chen");
  const auto group = start_group(*liam);
  CHECK(unread_badge(*amy).empty());
  CHECK(contains(amy->get("/"), "href=\"/notifications\""));

  join_by_request(*amy, *liam, group);
  CHECK(unread_badge(*amy) == "1");
  CHECK(unread_badge(*liam).empty());

  const auto centre = amy->get("/notifications");
  REQUIRE(centre->status == 200);
  CHECK(contains(centre, "The facilitators have answered your request to join a group."));
  CHECK_FALSE(contains(centre, group.name));
  const auto link = first_notification_link(centre->body);
  REQUIRE_FALSE(link.empty());

  SECTION("opening it leads to the group and clears the count") {
    CHECK(liam->get(link)->status == 404);  // someone else's
    const auto opened = amy->get(link);
    CHECK(opened->status == 303);
    CHECK(opened->get_header_value("Location") == group.path);
    CHECK(unread_badge(*amy).empty());
  }
  SECTION("mark all as read needs the CSRF token") {
    CHECK(amy->post_form("/notifications/read", {{"csrf_token", "wrong"}})->status == 403);
    CHECK(unread_badge(*amy) == "1");
    amy->get("/notifications");
    const auto done = post(*amy, "/notifications/read");
    CHECK(done->status == 303);
    CHECK(unread_badge(*amy).empty());
  }
  SECTION("the e-mail says only that there is something new") {
    REQUIRE(relay.wait_for_messages_to(kAmy, 1));
    const auto messages = relay.messages_to(kAmy);
    REQUIRE(messages.size() == 1);
    const auto& message = messages.front();
    INFO(message);
    CHECK(header_of(message, "Subject") == "You have new activity in Hearth");
    CHECK(contains(message, "From: Hearth <hearth@riverside-general.example>"));
    CHECK(contains(message, "Content-Type: text/plain; charset=UTF-8"));
    CHECK(contains(message, "Message-ID: <"));
    CHECK_FALSE(contains(message, "Grief"));
    CHECK_FALSE(contains(message, slug_of(group)));
    CHECK(contains(body_of(message), std::string(kPublicUrl) + "/notifications"));
    CHECK(relay.messages_to("liam.obrien@riverside-general.example").empty());
  }
  SECTION("with details on, the next e-mail names the group and links to it") {
    amy->get("/notifications/settings");
    const auto saved = post(*amy, "/notifications/settings", {{"email", "immediately"}, {"details", "on"}});
    REQUIRE(saved->status == 303);
    CHECK(contains(amy->get("/notifications/settings"), "checked"));
    REQUIRE(relay.wait_for_messages_to(kAmy, 1));

    // Amy starts a thread; Liam replies: Amy follows the thread.
    amy->get(group.path + "/threads/new");
    const auto started = post(*amy, group.path + "/threads/new",
                              {{"title", "Getting through March"}, {"body", "How are you all doing?"}});
    REQUIRE(started->status == 303);
    const auto thread = started->get_header_value("Location")
                            .substr(0, started->get_header_value("Location").find_first_of("?#"));
    liam->get(thread);
    REQUIRE(post(*liam, thread + "/reply", {{"body", "Taking it one shift at a time."}})->status == 303);
    REQUIRE(relay.wait_for_messages_to(kAmy, 2));
    const auto message = relay.messages_to(kAmy).back();
    INFO(message);
    // The subject is quoted-printable-free ASCII here; the body is quoted-printable.
    CHECK(contains(header_of(message, "Subject"), "New reply in a thread you follow"));
    CHECK(contains(message, "Grief support circle"));
    CHECK(contains(message, slug_of(group)));
    CHECK_FALSE(contains(message, "one shift at a time"));  // never the post itself
    CHECK(unread_badge(*amy) == "2");
  }
}

TEST_CASE("notification settings: choices are saved and refused when unknown", "[server][notifications]") {
  SmtpSink relay;
  DataDirectory data;
  MailServer server(data.path, relay.url(), now_seconds());
  auto amy = signed_in(server.port(), "amy.chen");
  const auto form = amy->get("/notifications/settings");
  REQUIRE(form->status == 200);
  CHECK(contains(form, "value=\"immediately\" aria-describedby=\"email-immediately-hint\" checked"));
  CHECK(post(*amy, "/notifications/settings", {{"email", "hourly"}})->status == 400);
  CHECK(post(*amy, "/notifications/settings", {{"email", "daily"}})->status == 303);
  CHECK(contains(amy->get("/notifications/settings"),
                 "value=\"daily\" aria-describedby=\"email-daily-hint\" checked"));
  Browser visitor(server.port());
  CHECK(visitor.get("/notifications")->status == 303);
  CHECK(visitor.get("/notifications/settings")->status == 303);
}

TEST_CASE("relay down: the message waits in the outbox, is retried later and delivered once",
          "[server][notifications]") {
  SmtpSink relay;  // not started yet: nothing listens on its port
  DataDirectory data;
  MailServer server(data.path, relay.url(), now_seconds());
  const auto database = data.path / "hearth.db";

  auto liam = signed_in(server.port(), "liam.obrien");
  auto ben = signed_in(server.port(), "ben.okafor");
  const auto group = start_group(*liam, "invitation");
  liam->get(group.path + "/members");
  const auto invited = post(*liam, group.path + "/members/invite", {{"username", "ben.okafor"}});
  REQUIRE(invited->status == 200);
  CHECK(unread_badge(*ben) == "1");

  // The page answered at once; the sender tried and failed in the background.
  REQUIRE(eventually([&] {
    const auto rows = outbox_rows(database);
    return rows.size() == 1 && rows.front().attempts == 1;
  }));
  auto rows = outbox_rows(database);
  CHECK_FALSE(rows.front().sent);
  CHECK(contains(rows.front().last_error, "curl error 7"));
  CHECK_FALSE(contains(rows.front().last_error, "ben"));

  relay.start();
  // Not due yet: waking the sender changes nothing.
  server.application().send_mail_now();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(relay.messages().empty());

  server.clock().advance(61);
  server.application().send_mail_now();
  REQUIRE(relay.wait_for_messages_to(kBen, 1));
  REQUIRE(eventually([&] { return outbox_rows(database).front().sent; }));
  rows = outbox_rows(database);
  CHECK(rows.front().attempts == 1);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  server.clock().advance(3600);
  server.application().send_mail_now();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(relay.messages().size() == 1);
}

TEST_CASE("restart: mail queued while the relay was down is delivered by the next run, once",
          "[server][notifications]") {
  SmtpSink relay;
  DataDirectory data;
  const auto database = data.path / "hearth.db";
  const auto start = now_seconds();
  {
    relay.start();
    MailServer first(data.path, relay.url(), start);
    auto liam = signed_in(first.port(), "liam.obrien");
    signed_in(first.port(), "ben.okafor");
    auto amy = signed_in(first.port(), "amy.chen");
    const auto group = start_group(*liam);
    // Delivered while the relay is up.
    join_by_request(*amy, *liam, group);
    REQUIRE(relay.wait_for_messages_to(kAmy, 1));
    REQUIRE(eventually([&] { return outbox_rows(database).front().sent; }));

    // The relay goes down; Ben's invitation waits in the outbox.
    relay.stop();
    liam->get(group.path + "/members");
    REQUIRE(post(*liam, group.path + "/members/invite", {{"username", "ben.okafor"}})->status == 200);
    REQUIRE(eventually([&] {
      const auto rows = outbox_rows(database);
      return rows.size() == 2 && rows.back().attempts == 1;
    }));
    // The application stops here, with the message still waiting.
  }
  CHECK(relay.messages_to(kBen).empty());

  relay.start();
  MailServer second(data.path, relay.url(), start + 120);
  REQUIRE(relay.wait_for_messages_to(kBen, 1));
  REQUIRE(eventually([&] { return outbox_rows(database).back().sent; }));
  // A little later, after more passes: still one each.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  second.clock().advance(7200);
  second.application().send_mail_now();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(relay.messages_to(kBen).size() == 1);
  CHECK(relay.messages_to(kAmy).size() == 1);
  CHECK(relay.messages().size() == 2);
  // Ben still sees the invitation in the new run.
  auto ben = signed_in(second.port(), "ben.okafor");
  CHECK(unread_badge(*ben) == "1");
}

// Starts a server that requires TLS with `ca_file`, has Liam invite Ben,
// and returns once the outbox row is sent or has failed once.
OutboxRow invite_over_tls(const SmtpSink& relay, const DataDirectory& data, const std::string& ca_file) {
  MailServer server(data.path, relay.url(), now_seconds(), [&](hearth::app::Config& config) {
    config.mail.smtp.tls = hearth::mail::TlsRequirement::kRequired;
    config.mail.smtp.ca_file = ca_file;
  });
  auto liam = signed_in(server.port(), "liam.obrien");
  signed_in(server.port(), "ben.okafor");
  const auto group = start_group(*liam, "invitation");
  liam->get(group.path + "/members");
  REQUIRE(post(*liam, group.path + "/members/invite", {{"username", "ben.okafor"}})->status == 200);
  const auto database = data.path / "hearth.db";
  REQUIRE(eventually([&] {
    const auto rows = outbox_rows(database);
    return rows.size() == 1 && (rows.front().sent || rows.front().attempts == 1);
  }));
  return outbox_rows(database).front();
}

TEST_CASE("STARTTLS: mail goes over a verified TLS connection or not at all", "[server][notifications]") {
  SmtpSink relay;
  DataDirectory data;
  const auto& slapd = ThrowawaySlapd::shared();

  SECTION("a relay with a certificate from the configured CA gets the message") {
    relay.start(SmtpSink::Tls::kStartTls);
    const auto row = invite_over_tls(relay, data, slapd.ca_file());
    CHECK(row.sent);
    CHECK(relay.messages_to(kBen).size() == 1);
  }
  SECTION("a certificate from another CA: nothing is sent") {
    relay.start(SmtpSink::Tls::kStartTls);
    const auto row = invite_over_tls(relay, data, slapd.untrusted_ca_file());
    INFO(row.last_error);
    CHECK_FALSE(row.sent);
    CHECK(contains(row.last_error, "curl error 60"));
    CHECK(relay.messages().empty());
  }
  SECTION("a relay that offers no STARTTLS: nothing is sent") {
    relay.start(SmtpSink::Tls::kNone);
    const auto row = invite_over_tls(relay, data, slapd.ca_file());
    INFO(row.last_error);
    CHECK_FALSE(row.sent);
    CHECK(contains(row.last_error, "curl error 64"));
    CHECK(relay.messages().empty());
  }
}
