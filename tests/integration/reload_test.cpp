// Reload (SIGHUP, `systemctl reload`) on the real HTTPS server: a changed
// site name shows on the next pages and a new TLS handshake presents the new
// certificate, while client threads keep requesting pages throughout and not
// one request fails. A certificate that does not match its key, or a broken
// configuration, is refused and the server goes on as it was. (The signal
// path itself, SIGHUP under `hearth serve` with wrk running, is
// tests/ops/reload_under_load.sh.)
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "auth/ldap_directory.h"
#include "common/error.h"
#include "http/metrics.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::LdapTransport;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;

namespace {

// A temporary folder holding self-signed certificates for 127.0.0.1, made
// with the openssl command line; removed on destruction.
class Certificates {
 public:
  Certificates() {
    std::random_device random;
    folder_ = std::filesystem::temp_directory_path() / ("hearth-reload-" + std::to_string(random()));
    std::filesystem::create_directories(folder_);
  }
  ~Certificates() {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  Certificates(const Certificates&) = delete;
  Certificates& operator=(const Certificates&) = delete;

  // Writes NAME.crt and NAME.key with subject CN=NAME; returns {certificate, key}.
  std::pair<std::string, std::string> make(const std::string& name) const {
    const auto certificate = (folder_ / (name + ".crt")).string();
    const auto key = (folder_ / (name + ".key")).string();
    const auto command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=" +
        name + " -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + certificate +
        " 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    return {certificate, key};
  }

 private:
  std::filesystem::path folder_;
};

// The subject of the certificate a fresh TLS handshake with 127.0.0.1:port
// is shown, as `openssl s_client` prints it ("" when the handshake fails).
std::string presented_subject(int port) {
  const auto command =
      "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
      " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null";
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    ::pclose(pipe);
  }
  return output;
}

struct LoadResult {
  int requests = 0;
  int failures = 0;
  std::string first_failure;
};

// Requests /help over HTTPS until `stop`, on one keep-alive connection
// (`fresh_connections` false) or a new connection, and so a new handshake,
// per request. Every request must answer 200 with a page.
void request_until(std::atomic<bool>& stop, int port, bool fresh_connections, LoadResult& result) {
  std::unique_ptr<httplib::SSLClient> client;
  while (!stop.load()) {
    if (!client || fresh_connections) {
      client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
      client->enable_server_certificate_verification(false);
      client->set_connection_timeout(5, 0);
      client->set_read_timeout(10, 0);
    }
    const auto response = client->Get("/help");
    ++result.requests;
    if (!response || response->status != 200 || response->body.find("</html>") == std::string::npos) {
      ++result.failures;
      if (result.first_failure.empty()) {
        result.first_failure = response ? "status " + std::to_string(response->status)
                                        : "error " + httplib::to_string(response.error());
      }
    }
  }
}

std::string help_page(int port) {
  httplib::SSLClient client("127.0.0.1", port);
  client.enable_server_certificate_verification(false);
  const auto response = client.Get("/help");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  return response->body;
}

}  // namespace

TEST_CASE("Reload applies a new site name and TLS certificate without failing a request", "[reload]") {
  const Certificates certificates;
  const auto [first_certificate, first_key] = certificates.make("hearth-reload-one");
  const auto [second_certificate, second_key] = certificates.make("hearth-reload-two");
  const auto [third_certificate, third_key] = certificates.make("hearth-reload-three");

  TestServer server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                    [&](hearth::app::Config& config) {
                      config.server.tls_certificate_file = first_certificate;
                      config.server.tls_private_key_file = first_key;
                      config.site.name = "Hearth Before Reload";
                    });
  const int port = server.port();
  CHECK(presented_subject(port).find("CN = hearth-reload-one") != std::string::npos);
  CHECK(help_page(port).find("Hearth Before Reload") != std::string::npos);

  std::atomic<bool> stop{false};
  LoadResult kept_alive;
  LoadResult reconnecting;
  std::thread keep_alive_client(request_until, std::ref(stop), port, false, std::ref(kept_alive));
  std::thread reconnecting_client(request_until, std::ref(stop), port, true, std::ref(reconnecting));

  // Several reloads while both clients run; each must take effect at once.
  const hearth::app::Config started = server.application().config();
  for (int round = 1; round <= 6; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    auto config = started;
    config.site.name = "Hearth After Reload " + std::to_string(round);
    const bool odd = round % 2 == 1;
    config.server.tls_certificate_file = odd ? second_certificate : third_certificate;
    config.server.tls_private_key_file = odd ? second_key : third_key;
    auto directory = std::make_unique<hearth::auth::LdapDirectory>(config.directory);
    const auto needs_restart = server.application().reload(std::move(config), std::move(directory));
    CHECK(needs_restart.empty());
    CHECK(help_page(port).find("Hearth After Reload " + std::to_string(round)) != std::string::npos);
    CHECK(presented_subject(port).find(odd ? "CN = hearth-reload-two" : "CN = hearth-reload-three") !=
          std::string::npos);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  stop = true;
  keep_alive_client.join();
  reconnecting_client.join();

  INFO("keep-alive client: " << kept_alive.requests
                             << " requests, first failure: " << kept_alive.first_failure);
  INFO("reconnecting client: " << reconnecting.requests
                               << " requests, first failure: " << reconnecting.first_failure);
  CHECK(kept_alive.requests > 20);
  CHECK(reconnecting.requests > 20);
  CHECK(kept_alive.failures == 0);
  CHECK(reconnecting.failures == 0);
  const auto page = help_page(port);
  CHECK(page.find("Hearth After Reload 6") != std::string::npos);
  CHECK(page.find("Hearth Before Reload") == std::string::npos);

  SECTION("a key that does not match its certificate is refused and changes nothing") {
    auto config = started;
    config.site.name = "Hearth Refused";
    config.server.tls_certificate_file = second_certificate;
    config.server.tls_private_key_file = third_key;
    auto directory = std::make_unique<hearth::auth::LdapDirectory>(config.directory);
    CHECK_THROWS_AS(server.application().reload(std::move(config), std::move(directory)), hearth::Error);
    CHECK(presented_subject(port).find("CN = hearth-reload-three") != std::string::npos);
    CHECK(help_page(port).find("Hearth After Reload 6") != std::string::npos);
  }
  SECTION("settings that need a restart are named and keep their running values") {
    auto config = started;
    config.site.name = "Hearth With New Port";
    config.server.port = 1;
    config.server.threads = started.server.threads + 1;
    config.data_directory = "/nonexistent/hearth";
    auto directory = std::make_unique<hearth::auth::LdapDirectory>(config.directory);
    const auto needs_restart = server.application().reload(std::move(config), std::move(directory));
    CHECK(needs_restart ==
          std::vector<std::string>{"server.port", "server.threads", "storage.data_directory"});
    // Still the same listener and database, with the rest applied.
    CHECK(help_page(port).find("Hearth With New Port") != std::string::npos);
  }
}

namespace {

// The counter of /signin requests that answered 4xx, as /metrics shows it.
std::uint64_t refused_sign_ins(const hearth::app::Application& application) {
  hearth::http::MetricsWriter out;
  application.dispatcher().metrics().write(out);
  const std::string prefix =
      "hearth_http_requests_total{route=\"/signin\",method=\"POST\",status_class=\"4xx\"} ";
  const auto at = out.text().find(prefix);
  if (at == std::string::npos) return 0;
  return std::stoull(out.text().substr(at + prefix.size()));
}

}  // namespace

TEST_CASE("Reload keeps failed sign-in counts and the request counters", "[reload]") {
  TestServer server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                    [](hearth::app::Config& config) { config.sign_in.max_failures_per_username = 3; });
  Browser browser(server.port());
  for (int attempt = 0; attempt < 3; ++attempt) CHECK(browser.sign_in("ben.okafor", "wrong")->status == 401);
  const auto refused_before = refused_sign_ins(server.application());
  CHECK(refused_before >= 3);

  auto config = server.application().config();
  config.sign_in.max_failures_per_username = 4;
  auto directory = std::make_unique<hearth::auth::LdapDirectory>(config.directory);
  CHECK(server.application().reload(std::move(config), std::move(directory)).empty());

  // The three failures still count, under the new limit of four: one more
  // guess is allowed, the next is refused before the directory is asked.
  CHECK(browser.sign_in("ben.okafor", "wrong")->status == 401);
  CHECK(browser.sign_in("ben.okafor", "hearth-demo")->status == 429);
  CHECK(refused_sign_ins(server.application()) == refused_before + 2);
}
