#include "support/test_server.h"

#include <sys/wait.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>

#include "auth/ldap_directory.h"

namespace hearth::testing {
namespace {

std::filesystem::path fresh_directory() {
  std::random_device random;
  const auto path = std::filesystem::temp_directory_path() / ("hearth-test-" + std::to_string(random()));
  std::filesystem::create_directories(path);
  return path;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TestServer::TestServer(auth::DirectoryConfig directory, const std::function<void(app::Config&)>& adjust)
    : clock_(now_seconds()), data_directory_(fresh_directory()) {
  app::Config config;
  config.server.listen_address = "127.0.0.1";
  config.server.port = 0;
  config.server.threads = 16;
  config.data_directory = data_directory_ / "data";
  config.directory = std::move(directory);
  config.log_level = log::Level::kWarning;
  if (adjust) adjust(config);
  log::configure(config.log_level, config.log_format);
  auto ldap = std::make_unique<auth::LdapDirectory>(config.directory);
  application_ = std::make_unique<app::Application>(std::move(config), std::move(ldap),
                                                    std::vector<features::DemoAccountListing>{}, clock_);
  port_ = application_->bind();
  thread_ = std::thread([this] { application_->serve(); });
}

TestServer::~TestServer() {
  application_->stop();
  if (thread_.joinable()) thread_.join();
  application_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(data_directory_, ignored);
}

Browser::Browser(int port) : client_("127.0.0.1", port) {
  client_.set_connection_timeout(5, 0);
  client_.set_read_timeout(30, 0);
  client_.set_follow_location(false);
}

httplib::Headers Browser::with_cookies(const httplib::Headers& extra) const {
  httplib::Headers headers = extra;
  std::string cookie;
  for (const auto& [name, value] : cookies_) {
    if (!cookie.empty()) cookie += "; ";
    cookie += name + "=" + value;
  }
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  return headers;
}

void Browser::remember(const httplib::Result& result) {
  if (!result) return;
  const auto count = result->get_header_value_count("Set-Cookie");
  for (std::size_t i = 0; i < count; ++i) {
    const auto header = result->get_header_value("Set-Cookie", i);
    const auto equals = header.find('=');
    const auto semicolon = header.find(';');
    const auto name = header.substr(0, equals);
    const auto value = header.substr(equals + 1, semicolon - equals - 1);
    if (header.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  if (auto token = find_csrf_token(result->body); !token.empty()) csrf_token_ = token;
}

httplib::Result Browser::get(const std::string& path, const httplib::Headers& extra) {
  auto result = client_.Get(path, with_cookies(extra));
  remember(result);
  return result;
}

httplib::Result Browser::post_form(const std::string& path, const httplib::Params& fields,
                                   const httplib::Headers& extra) {
  auto result = client_.Post(path, with_cookies(extra), fields);
  remember(result);
  return result;
}

httplib::Result Browser::sign_in(const std::string& username, const std::string& password) {
  get("/signin");
  return post_form("/signin", {{"csrf_token", csrf_token_}, {"username", username}, {"password", password}});
}

std::string Browser::session_cookie() const {
  const auto found = cookies_.find("hearth_session");
  return found == cookies_.end() ? std::string() : found->second;
}

std::string find_csrf_token(const std::string& html) {
  const std::string marker = "name=\"csrf_token\" value=\"";
  const auto start = html.find(marker);
  if (start == std::string::npos) return {};
  const auto end = html.find('"', start + marker.size());
  return html.substr(start + marker.size(), end - start - marker.size());
}

std::unique_ptr<Browser> signed_in_browser(int port, const std::string& username) {
  auto browser = std::make_unique<Browser>(port);
  const auto result = browser->sign_in(username, "hearth-demo");
  REQUIRE(result);
  REQUIRE(result->status == 303);
  browser->get("/");
  return browser;
}

httplib::Result post(Browser& browser, const std::string& path, httplib::Params fields) {
  fields.emplace("csrf_token", browser.csrf_token());
  return browser.post_form(path, fields);
}

bool contains(const httplib::Result& result, const std::string& text) {
  return result && result->body.find(text) != std::string::npos;
}

std::string location_of(const httplib::Result& result) {
  return result ? result->get_header_value("Location") : "";
}

CommandResult shell(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(("{ " + command + "; } 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  while (const auto count = std::fread(buffer.data(), 1, buffer.size(), pipe))
    result.output.append(buffer.data(), count);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult run_hearth(const std::string& arguments, const std::string& input) {
  const auto input_file = fresh_directory() / "input";
  std::ofstream(input_file) << input;
  auto result = shell(std::string(HEARTH_BINARY) + " " + arguments + " < " + input_file.string());
  std::filesystem::remove_all(input_file.parent_path());
  return result;
}

int unique_number() {
  static std::atomic<int> next{1};
  return next++;
}

std::string create_group(Browser& facilitator, const std::string& name,
                         const std::map<std::string, std::string>& changes) {
  std::map<std::string, std::string> fields = {
      {"name", name},
      {"focus", "A focus line that is long enough to pass validation."},
      {"audience_kind", "all_staff"},
      {"ground_rules", "What is said here stays here."},
      {"join_policy", "open"},
      {"visibility", "listed"},
      {"capacity", ""},
      {"format", "virtual"},
      {"virtual_link", "https://meet.example.org/circle"},
      {"place_members_only", "1"},
      {"recurrence", "weekly"},
      {"interval", "1"},
      {"week_of_month", "1"},
      {"weekday", "wednesday"},
      {"first_date", "2026-01-07"},
      {"start_time", "12:00"},
      {"duration_minutes", "45"}};
  for (const auto& [field, value] : changes) fields[field] = value;
  facilitator.get("/groups/new");
  const auto result = post(facilitator, "/groups/new", httplib::Params(fields.begin(), fields.end()));
  REQUIRE(result);
  INFO(result->body.substr(0, 3000));
  REQUIRE(result->status == 303);
  const auto location = location_of(result);
  return location.substr(0, location.find('?'));
}

void join_group(Browser& member, const std::string& group) {
  member.get(group + "/join");
  const auto result = post(member, group + "/join", {{"accept_rules", "1"}});
  REQUIRE(result);
  REQUIRE(result->status == 303);
}

std::string start_thread(Browser& author, const std::string& group, const std::string& title,
                         const std::string& body, httplib::Params extra) {
  author.get(group + "/threads/new");
  extra.emplace("title", title);
  extra.emplace("body", body);
  const auto result = post(author, group + "/threads/new", extra);
  REQUIRE(result);
  INFO(result->body.substr(0, 3000));
  REQUIRE(result->status == 303);
  const auto location = location_of(result);
  return location.substr(0, location.find_first_of("?#"));
}

}  // namespace hearth::testing
