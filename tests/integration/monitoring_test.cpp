// Monitoring end to end: /readyz against a real slapd that is then stopped,
// /metrics access by address, bearer token and trusted proxy, request counts
// by route pattern (checked with Debian's python3-prometheus-client parser
// too), and the `hearth` binary's log lines as text or JSON, on a terminal
// or under systemd's journal.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "support/slapd_fixture.h"
#include "support/test_server.h"

extern char** environ;

namespace {

using hearth::testing::Browser;
using hearth::testing::CommandResult;
using hearth::testing::shell;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;
namespace fs = std::filesystem;

constexpr const char* kToken = "metrics-token-0123456789abcdef";

fs::path temporary_path(const std::string& stem) {
  return fs::temp_directory_path() / (stem + "-" + std::to_string(std::random_device{}()));
}

std::string python() {
  // Debian's python3-prometheus-client is installed for the system interpreter.
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

httplib::Result fetch(int port, const std::string& path, const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  return client.Get(path, headers);
}

// The value of the sample `name{labels...}` in a text exposition (the labels
// given must appear in the line, in any order among the others), or -1.
double sample_value(const std::string& text, const std::string& name,
                    const std::vector<std::string>& label_pairs = {}) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(name) ||
        (line.size() > name.size() && line[name.size()] != '{' && line[name.size()] != ' ')) {
      continue;
    }
    const bool all = std::all_of(label_pairs.begin(), label_pairs.end(), [&](const std::string& pair) {
      return line.find(pair) != std::string::npos;
    });
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

// Parses the exposition with prometheus_client's own parser and checks every
// histogram (buckets cumulative, ending in +Inf, equal to _count). Returns the
// checker's output; "ok" on success.
std::string check_with_prometheus_client(const std::string& text) {
  const auto file = temporary_path("hearth-metrics") += ".txt";
  std::ofstream(file) << text;
  const std::string script = R"PY(
import math, sys
from prometheus_client.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
assert families, "no metric families"
for family in families:
    if family.type != "histogram":
        continue
    series = {}
    for sample in family.samples:
        key = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
        series.setdefault(key, {}).setdefault(sample.name, []).append(sample)
    for key, parts in series.items():
        buckets = [(float(s.labels["le"]), s.value) for s in parts[family.name + "_bucket"]]
        assert buckets == sorted(buckets, key=lambda b: b[0]), (family.name, key, "le not increasing")
        values = [b[1] for b in buckets]
        assert values == sorted(values), (family.name, key, "not cumulative")
        assert math.isinf(buckets[-1][0]), (family.name, key, "no +Inf bucket")
        assert parts[family.name + "_count"][0].value == values[-1], (family.name, key, "+Inf != count")
print("ok")
)PY";
  const auto script_file = temporary_path("hearth-metrics-check") += ".py";
  std::ofstream(script_file) << script;
  const auto result = shell(python() + " " + script_file.string() + " " + file.string());
  fs::remove(file);
  fs::remove(script_file);
  return result.output;
}

}  // namespace

TEST_CASE("readyz: ready with the directory up, 503 directory once it stops", "[monitoring]") {
  auto slapd = std::make_unique<ThrowawaySlapd>();
  TestServer server(slapd->config(),
                    [](hearth::app::Config& config) { config.metrics.allowed_addresses = {"127.0.0.1"}; });

  const auto ready = fetch(server.port(), "/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(ready->body == "ok\n");
  CHECK_FALSE(ready->has_header("Set-Cookie"));

  slapd.reset();  // stops slapd

  // The directory's answer is kept for a few seconds: probes cannot hammer it.
  const auto cached = fetch(server.port(), "/readyz");
  REQUIRE(cached);
  CHECK(cached->status == 200);

  server.clock().advance(10);
  const auto down = fetch(server.port(), "/readyz");
  REQUIRE(down);
  CHECK(down->status == 503);
  CHECK(down->body == "directory\n");
  CHECK_FALSE(down->has_header("Set-Cookie"));
  // The process and the database are still fine.
  CHECK(fetch(server.port(), "/healthz")->status == 200);

  // Two checks were made, one of them failed: the directory metrics say so.
  const auto metrics = fetch(server.port(), "/metrics");
  REQUIRE(metrics);
  REQUIRE(metrics->status == 200);
  CHECK(sample_value(metrics->body, "hearth_directory_requests_total",
                     {"operation=\"reachability_check\"", "outcome=\"success\""}) == 1);
  CHECK(sample_value(metrics->body, "hearth_directory_requests_total",
                     {"operation=\"reachability_check\"", "outcome=\"unavailable\""}) == 1);
  CHECK(sample_value(metrics->body, "hearth_directory_request_duration_seconds_count",
                     {"operation=\"reachability_check\""}) == 2);
}

TEST_CASE("metrics: only listed addresses or the bearer token; 404 for everyone else", "[monitoring]") {
  const auto token_file = temporary_path("hearth-metrics-token");
  std::ofstream(token_file) << kToken << "\n";

  SECTION("an address outside the list, without or with a wrong token") {
    TestServer server(ThrowawaySlapd::shared().config(), [](hearth::app::Config& config) {
      config.metrics.allowed_addresses = {"10.99.0.0/16"};
      config.metrics.token = kToken;
    });
    const auto missing = fetch(server.port(), "/no-such-page");
    for (const auto& headers :
         std::vector<httplib::Headers>{{},
                                       {{"Authorization", "Bearer wrong-token-0123456789abcdef"}},
                                       {{"Authorization", std::string("Basic ") + kToken}},
                                       {{"Authorization", std::string("Bearer ") + kToken + "x"}}}) {
      const auto denied = fetch(server.port(), "/metrics", headers);
      REQUIRE(denied);
      CHECK(denied->status == 404);
      // The ordinary not-found page: nothing says /metrics exists.
      CHECK(denied->body == missing->body);
      CHECK(denied->body.find("hearth_") == std::string::npos);
    }
    const auto allowed =
        fetch(server.port(), "/metrics", {{"Authorization", std::string("Bearer ") + kToken}});
    REQUIRE(allowed);
    CHECK(allowed->status == 200);
    CHECK(allowed->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(allowed->get_header_value("Cache-Control") == "no-store");
    CHECK_FALSE(allowed->has_header("Set-Cookie"));
  }

  SECTION("nothing configured: nobody") {
    TestServer server(ThrowawaySlapd::shared().config());
    CHECK(fetch(server.port(), "/metrics")->status == 404);
  }

  SECTION("a listed address; behind a trusted proxy the forwarded client address is what counts") {
    TestServer server(ThrowawaySlapd::shared().config(), [](hearth::app::Config& config) {
      config.metrics.allowed_addresses = {"127.0.0.1", "192.0.2.0/24"};
      config.trusted_proxies = {"127.0.0.1"};
    });
    CHECK(fetch(server.port(), "/metrics")->status == 200);
    CHECK(fetch(server.port(), "/metrics", {{"X-Forwarded-For", "192.0.2.44"}})->status == 200);
    CHECK(fetch(server.port(), "/metrics", {{"X-Forwarded-For", "203.0.113.9"}})->status == 404);
    // A spoofed entry to the left of the proxy's own does not help.
    CHECK(fetch(server.port(), "/metrics", {{"X-Forwarded-For", "192.0.2.44, 203.0.113.9"}})->status == 404);
  }

  SECTION("the token file is read by the configuration loader") {
    const auto config_file = temporary_path("hearth-metrics-config") += ".toml";
    std::ofstream(config_file) << "[metrics]\ntoken_file = \"" << token_file.string()
                               << "\"\nallowed_addresses = [\"10.0.0.0/8\", \"::1\"]\n";
    const auto load = hearth::app::load_config(config_file, hearth::app::FileRequirement::kMustExist,
                                               hearth::app::DirectoryRequirement::kNotRequired, nullptr);
    CHECK(load.problems.empty());
    CHECK(load.config.metrics.token == kToken);

    std::ofstream(config_file) << "[metrics]\nallowed_addresses = [\"10.0.0.1/8\", \"everyone\"]\n"
                               << "[server]\ntrusted_proxies = [\"nginx\"]\nredirect_http_port = 8081\n";
    const auto bad = hearth::app::load_config(config_file, hearth::app::FileRequirement::kMustExist,
                                              hearth::app::DirectoryRequirement::kNotRequired, nullptr);
    std::string keys;
    for (const auto& problem : bad.problems) keys += problem.key + ": " + problem.reason + "\n";
    INFO(keys);
    CHECK(std::count(keys.begin(), keys.end(), '\n') == 5);  // 2 addresses, 1 proxy, 2 for the redirect
    CHECK(keys.find("metrics.allowed_addresses: \"10.0.0.1/8\" has address bits set") != std::string::npos);
    CHECK(keys.find("server.trusted_proxies: \"nginx\" is not an IP address") != std::string::npos);
    CHECK(keys.find("server.redirect_http_port: needs tls_certificate_file") != std::string::npos);
    fs::remove(config_file);
  }
  fs::remove(token_file);
}

TEST_CASE("metrics: request counts by route pattern, aggregate only, valid exposition", "[monitoring]") {
  TestServer server(ThrowawaySlapd::shared().config(),
                    [](hearth::app::Config& config) { config.metrics.allowed_addresses = {"127.0.0.1"}; });
  const auto scrape = [&] {
    const auto result = fetch(server.port(), "/metrics");
    REQUIRE(result);
    REQUIRE(result->status == 200);
    return result->body;
  };
  const auto group_requests = [](const std::string& text, const std::string& status_class) {
    return std::max(0.0, sample_value(text, "hearth_http_requests_total",
                                      {"route=\"/groups/{slug}\"", "method=\"GET\"",
                                       "status_class=\"" + status_class + "\""}));
  };

  const auto before = scrape();
  auto amy = hearth::testing::signed_in_browser(server.port(), "amy.chen");
  CHECK(amy->get("/groups/grief-support-amy-secret")->status == 404);
  CHECK(amy->get("/groups/night-shift-parents")->status == 404);
  CHECK(amy->get("/groups")->status == 200);
  const auto after = scrape();

  CHECK(group_requests(after, "4xx") - group_requests(before, "4xx") == 2);
  CHECK(sample_value(after, "hearth_http_requests_total",
                     {"route=\"/groups\"", "method=\"GET\"", "status_class=\"2xx\""}) >= 1);
  CHECK(sample_value(after, "hearth_http_requests_total",
                     {"route=\"/signin\"", "method=\"POST\"", "status_class=\"3xx\""}) >= 1);
  CHECK(sample_value(after, "hearth_http_request_duration_seconds_count", {"route=\"/groups/{slug}\""}) >= 2);
  CHECK(sample_value(after, "hearth_active_sessions") >= 1);
  CHECK(sample_value(after, "hearth_mail_outbox_depth") == 0);
  CHECK(sample_value(after, "hearth_database_size_bytes") > 4096);
  CHECK(sample_value(after, "process_resident_memory_bytes") > 1024 * 1024);
  CHECK(sample_value(after, "hearth_uptime_seconds") >= 0);
  CHECK(sample_value(after, "hearth_build_info") == 1);
  CHECK(sample_value(after, "hearth_directory_requests_total",
                     {"operation=\"sign_in\"", "outcome=\"success\""}) >= 1);

  // Aggregate only: no concrete path, username, name or address.
  for (const std::string personal :
       {"grief-support-amy-secret", "night-shift", "amy", "Amy Chen", "127.0.0.1"}) {
    INFO(personal);
    CHECK(after.find(personal) == std::string::npos);
  }
  CHECK(check_with_prometheus_client(after) == "ok\n");
}

namespace {

// Runs `hearth demo --log-format FORMAT` on a free port with stderr in a
// file, makes one request once it listens, stops it with SIGTERM, and
// returns the lines it logged. With `journal`, JOURNAL_STREAM names that
// file the way systemd names the journal stream.
std::vector<std::string> demo_log_lines(const std::string& format, bool journal) {
  const auto data = temporary_path("hearth-log-demo");
  const auto log_file = temporary_path("hearth-log") += ".txt";
  std::ofstream(log_file).close();
  struct stat info {};
  REQUIRE(::stat(log_file.c_str(), &info) == 0);

  std::vector<std::string> environment_text;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!std::string_view(*entry).starts_with("JOURNAL_STREAM=")) environment_text.emplace_back(*entry);
  }
  if (journal) environment_text.push_back(fmt::format("JOURNAL_STREAM={}:{}", info.st_dev, info.st_ino));
  std::vector<char*> environment;
  for (auto& entry : environment_text) environment.push_back(entry.data());
  environment.push_back(nullptr);

  std::vector<std::string> argument_text = {HEARTH_BINARY, "demo",        "--port",       "0",
                                            "--data-dir",  data.string(), "--log-format", format};
  std::vector<char*> arguments;
  for (auto& argument : argument_text) arguments.push_back(argument.data());
  arguments.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(), O_WRONLY | O_APPEND, 0);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, HEARTH_BINARY, &actions, nullptr, arguments.data(), environment.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);

  const auto read_log = [&log_file] {
    std::ifstream stream(log_file);
    std::stringstream text;
    text << stream.rdbuf();
    return text.str();
  };
  int port = 0;
  const std::regex listening(R"(Listening on http://127\.0\.0\.1:(\d+))");
  for (int attempt = 0; attempt < 200 && port == 0; ++attempt) {
    std::smatch match;
    const auto text = read_log();
    if (std::regex_search(text, match, listening)) port = std::stoi(match[1]);
    if (port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port != 0) CHECK(fetch(port, "/healthz")->status == 200);
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  INFO(read_log());
  REQUIRE(port != 0);
  CHECK(WIFEXITED(status));

  std::vector<std::string> lines;
  std::istringstream text(read_log());
  for (std::string line; std::getline(text, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  std::error_code ignored;
  fs::remove_all(data, ignored);
  fs::remove(log_file, ignored);
  return lines;
}

// Parses each line (after an optional "<N>" journal priority) with Python's
// json module; prints one "keys=..." line per object, or fails.
std::string json_keys(const std::vector<std::string>& lines) {
  const auto file = temporary_path("hearth-log-lines") += ".txt";
  {
    std::ofstream out(file);
    for (const auto& line : lines) out << line << "\n";
  }
  const auto result = shell(python() + " -c '" +
                            "import json, re, sys\n"
                            "for line in open(sys.argv[1]):\n"
                            "    body = re.sub(r\"^<[0-7]>\", \"\", line.rstrip(\"\\n\"))\n"
                            "    entry = json.loads(body)\n"
                            "    assert isinstance(entry, dict)\n"
                            "    assert entry[\"level\"] in (\"debug\", \"info\", \"warning\", \"error\")\n"
                            "    assert entry[\"message\"]\n"
                            "    print(\"keys=\" + \",\".join(sorted(entry)))\n"
                            "' " +
                            file.string());
  fs::remove(file);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  return result.output;
}

}  // namespace

TEST_CASE("logs: --log-format json writes one JSON object per line", "[monitoring][logs]") {
  const auto lines = demo_log_lines("json", false);
  REQUIRE(lines.size() >= 2);  // at least "listening" and the access line
  const auto keys = json_keys(lines);
  CHECK(keys.find("keys=level,message,time\n") != std::string::npos);
  CHECK(keys.find("keys=level,message\n") == std::string::npos);
  bool access_line = false;
  for (const auto& line : lines) {
    access_line = access_line || line.find(R"(access id=)") != std::string::npos;
    CHECK(line.front() == '{');
  }
  CHECK(access_line);
}

TEST_CASE("logs: under systemd's journal, no timestamp of our own and a priority prefix",
          "[monitoring][logs]") {
  SECTION("json") {
    const auto lines = demo_log_lines("json", true);
    REQUIRE(lines.size() >= 2);
    const auto keys = json_keys(lines);
    CHECK(keys.find("time") == std::string::npos);
    for (const auto& line : lines) {
      INFO(line);
      CHECK(std::regex_match(line, std::regex(R"(<[0-7]>\{"level":"[a-z]+","message":".*"\})")));
    }
  }
  SECTION("text") {
    const auto lines = demo_log_lines("text", true);
    REQUIRE(lines.size() >= 2);
    for (const auto& line : lines) {
      INFO(line);
      CHECK(std::regex_match(line, std::regex(R"(<[0-7]>(debug|info|warning|error) .+)")));
      CHECK_FALSE(std::regex_search(line, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d)")));
    }
  }
  SECTION("text on a terminal or file keeps its timestamp") {
    const auto lines = demo_log_lines("text", false);
    REQUIRE_FALSE(lines.empty());
    CHECK(std::regex_search(lines.front(),
                            std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d info )")));
  }
}
