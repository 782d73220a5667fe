// Robustness (issue 8): crash safety under kill -9, a stopped or silent
// directory, and hostile HTTP on a raw socket against the real `hearth serve`
// binary (tests/support/server_process.h) or the in-process server.
//
// Timing bounds here are deliberately generous (the CI machine has 2 cores
// shared with other builds): they tell "answered after its timeout" from
// "hung" and "served" from "starved behind a blocked thread pool", never how
// fast the server is.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "support/server_process.h"
#include "support/silent_server.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::contains;
using hearth::testing::join_group;
using hearth::testing::LdapTransport;
using hearth::testing::location_of;
using hearth::testing::post;
using hearth::testing::ServerProcess;
using hearth::testing::SilentServer;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;
using hearth::testing::unique_number;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// Part of the sign-in page's message when the directory cannot be reached
// ("The hospital directory can't be reached right now, so we can't check your
// password...", features/account/account_handlers.cpp), answered with 503.
constexpr const char* kDirectoryUnavailable = "be reached right now, so we";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---------------------------------------------------------------- raw sockets

// A blocking TCP connection to 127.0.0.1:port, closed on destruction.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false once the peer has closed or reset.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reads until the peer closes, `limit` passes, or (with kOneResponse) a
  // whole response with a Content-Length has arrived.
  enum class Until { kClose, kOneResponse };
  std::string receive(milliseconds limit, Until until = Until::kOneResponse) {
    std::string text;
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      pollfd poll_fd{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      if (::poll(&poll_fd, 1, static_cast<int>(std::max<long>(1, left))) <= 0) continue;
      char buffer[16384];
      const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        closed_ = true;
        break;
      }
      text.append(buffer, static_cast<std::size_t>(got));
      if (until == Until::kOneResponse && complete_response(text)) break;
    }
    return text;
  }

  // True once receive() has seen the peer close (or reset) the connection.
  bool closed() const { return closed_; }

 private:
  static bool complete_response(const std::string& text) {
    const auto end = text.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto at = text.find("Content-Length: ");
    if (at == std::string::npos || at > end) return false;
    return text.size() >= end + 4 + std::stoul(text.substr(at + 16));
  }

  int fd_;
  bool closed_ = false;
};

// Sends `request` on a new connection and returns what came back (up to
// `limit`): one whole response, or everything until the server closed.
std::string round_trip(int port, const std::string& request, milliseconds limit = seconds(10)) {
  RawConnection connection(port);
  connection.send(request);
  return connection.receive(limit);
}

// The status code of a raw response ("HTTP/1.1 404 ..."), or 0.
int status_of(const std::string& response) {
  if (!response.starts_with("HTTP/1.")) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

// ---------------------------------------------------------------- groups and threads

// Creates an open group as `facilitator` and returns its path.
std::string create_group(Browser& facilitator) {
  return hearth::testing::create_group(facilitator, "Steady hands circle " + std::to_string(unique_number()));
}

std::string start_thread(Browser& author, const std::string& group) {
  return hearth::testing::start_thread(author, group, "Night shift check-in", "How was everyone's week?");
}

// ---------------------------------------------------------------- directory flood

struct FloodResult {
  int attempts = 0;
  int unavailable = 0;  // 503 with the directory-unavailable message
  int other = 0;        // anything else, hangs (no response) included
  std::string first_other;
  double slowest_seconds = 0;
};

// `clients` threads each try one sign-in at once (GET /signin, then POST).
FloodResult flood_sign_ins(int port, int clients) {
  FloodResult result;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      Browser browser(port);
      browser.get("/signin");
      const auto start = Clock::now();
      const auto answer = browser.post_form("/signin", {{"csrf_token", browser.csrf_token()},
                                                        {"username", i % 2 == 0 ? "amy.chen" : "ben.okafor"},
                                                        {"password", "hearth-demo"}});
      const auto took = seconds_since(start);
      const std::lock_guard lock(mutex);
      ++result.attempts;
      result.slowest_seconds = std::max(result.slowest_seconds, took);
      if (answer && answer->status == 503 && contains(answer, kDirectoryUnavailable)) {
        ++result.unavailable;
      } else {
        ++result.other;
        if (result.first_other.empty()) {
          result.first_other = answer ? "status " + std::to_string(answer->status)
                                      : "error " + httplib::to_string(answer.error());
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return result;
}

struct ProbeResult {
  int requests = 0;
  int failures = 0;
  double slowest_seconds = 0;
};

// Requests each of `paths` in turn with `browser` until `stop`, each on a
// new connection (as a new visitor would), recording the slowest answer.
void probe_until(std::atomic<bool>& stop, Browser& browser, const std::vector<std::string>& paths,
                 ProbeResult& result) {
  while (!stop.load()) {
    for (const auto& path : paths) {
      const auto start = Clock::now();
      const auto answer = browser.get(path);
      result.slowest_seconds = std::max(result.slowest_seconds, seconds_since(start));
      ++result.requests;
      if (!answer || answer->status != 200) ++result.failures;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
}

}  // namespace

// ============================================================================ crash safety

TEST_CASE("kill -9 under a write load loses no acknowledged reply and leaves the database intact",
          "[robustness][crash]") {
  ServerProcess server(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  server.start();
  std::string thread;
  {
    auto liam = hearth::testing::signed_in_browser(server.port(), "liam.obrien");
    const auto group = create_group(*liam);
    for (const auto* member : {"amy.chen", "tomas.berg", "priya.shah"}) {
      join_group(*hearth::testing::signed_in_browser(server.port(), member), group);
    }
    thread = start_thread(*liam, group);
  }

  std::set<std::string> acknowledged;
  for (int round = 1; round <= 3; ++round) {
    if (!server.running()) server.start();
    std::vector<std::unique_ptr<Browser>> writers;
    for (const auto* person : {"liam.obrien", "amy.chen", "tomas.berg", "priya.shah"}) {
      writers.push_back(hearth::testing::signed_in_browser(server.port(), person));
    }
    std::mutex mutex;
    std::atomic<int> successes{0};
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < writers.size(); ++w) {
      threads.emplace_back([&, w] {
        auto& browser = *writers[w];
        browser.get(thread);
        for (int n = 1;; ++n) {
          const auto marker = "Steady note round" + std::to_string(round) + "writer" + std::to_string(w) +
                              "number" + std::to_string(n);
          const auto answer = post(browser, thread + "/reply", {{"body", marker}});
          if (!answer) return;  // the server is gone
          if (answer->status == 303) {
            ++successes;
            const std::lock_guard lock(mutex);
            acknowledged.insert(marker);
          }
        }
      });
    }
    // Kill once writes are flowing, at a moment unrelated to any one request.
    const auto deadline = Clock::now() + seconds(20);
    while (successes.load() < 20 * round && Clock::now() < deadline)
      std::this_thread::sleep_for(milliseconds(10));
    std::this_thread::sleep_for(milliseconds(37 * round));
    server.kill_hard();
    for (auto& writer : threads) writer.join();
    INFO("round " << round << ": " << successes.load() << " replies acknowledged before kill -9");
    REQUIRE(successes.load() >= 20);

    // Read back with the server down, as the restarted server will see it.
    {
      auto database =
          hearth::storage::Database::open(server.database_path(), hearth::storage::OpenMode::kReadWrite);
      auto check = database.prepare("PRAGMA integrity_check");
      REQUIRE(check.step());
      CHECK(check.column_text(0) == "ok");
      int missing = 0;
      for (const auto& marker : acknowledged) {
        auto find = database.query("SELECT count(*) FROM group_post WHERE body = ?1 AND state = 'visible'");
        find.bind(1, marker);
        REQUIRE(find.step());
        if (find.column_int64(0) != 1) {
          ++missing;
          UNSCOPED_INFO("missing or duplicated: " << marker);
        }
      }
      CHECK(missing == 0);
    }

    // The restarted server serves the thread again.
    server.start();
    auto reader = hearth::testing::signed_in_browser(server.port(), "amy.chen");
    const auto page = reader->get(thread);
    REQUIRE(page);
    CHECK(page->status == 200);
  }
  CHECK(acknowledged.size() >= 60);
}

// ============================================================================ directory outage

namespace {
// Sends SIGCONT to a process stopped with SIGSTOP when destroyed, so a failed
// check cannot leave slapd frozen (its fixture's stop would wait for ever).
struct Continue {
  pid_t pid;
  ~Continue() { ::kill(pid, SIGCONT); }
};
}  // namespace

TEST_CASE("a stopped or silent directory: sign-in says so within its timeout, sessions keep working",
          "[robustness][directory]") {
  ThrowawaySlapd slapd;  // this test's own: it is stopped and frozen below
  auto directory = slapd.config(LdapTransport::kStartTls);
  directory.network_timeout = seconds(2);
  directory.operation_timeout = seconds(2);
  TestServer server(directory);
  auto amy = hearth::testing::signed_in_browser(server.port(), "amy.chen");

  // The longest a sign-in may take against an unanswering directory: the
  // TCP connect, StartTLS and bind are each bounded by the 2 s timeouts
  // (the watchdog in auth/ldap_directory.cpp ends a stalled handshake),
  // plus a wide margin for a loaded machine.
  constexpr double kSignInBoundSeconds = 2 + 2 + 2 + 4;

  const auto expect_unavailable = [&](const char* when) {
    INFO(when);
    Browser ben(server.port());
    ben.get("/signin");
    const auto start = Clock::now();
    const auto answer = ben.post_form(
        "/signin",
        {{"csrf_token", ben.csrf_token()}, {"username", "ben.okafor"}, {"password", "hearth-demo"}});
    const auto took = seconds_since(start);
    REQUIRE(answer);
    CHECK(answer->status == 503);
    CHECK(contains(answer, kDirectoryUnavailable));
    CHECK(ben.get("/support")->status == 303);  // not signed in: sent to /signin
    CHECK(took < kSignInBoundSeconds);
    for (const auto* path : {"/", "/groups", "/help", "/support"}) {
      const auto page = amy->get(path);
      REQUIRE(page);
      CHECK(page->status == 200);
    }
    return took;
  };

  SECTION("silent (slapd frozen with SIGSTOP): connections are accepted and never answered") {
    REQUIRE(::kill(slapd.pid(), SIGSTOP) == 0);
    const Continue thaw_on_exit{slapd.pid()};
    const auto took = expect_unavailable("directory frozen");
    CHECK(took >= 1.0);  // it did wait for the directory
    REQUIRE(::kill(slapd.pid(), SIGCONT) == 0);
    // The directory is back: the next sign-in works again.
    CHECK(Browser(server.port()).sign_in("ben.okafor", "hearth-demo")->status == 303);
  }
  SECTION("stopped (slapd killed): connections are refused") {
    REQUIRE(::kill(slapd.pid(), SIGKILL) == 0);
    for (int i = 0; i < 100 && ::kill(slapd.pid(), 0) == 0; ++i)
      std::this_thread::sleep_for(milliseconds(20));
    expect_unavailable("directory stopped");
  }
}

TEST_CASE("a flood of sign-ins against a silent directory does not starve other pages",
          "[robustness][directory]") {
  // A directory that accepts connections and never answers. The server has
  // 16 threads (TestServer); the flood is three times that.
  const SilentServer silent;
  auto directory = ThrowawaySlapd::shared().config(LdapTransport::kStartTls);
  directory.urls = {silent.ldap_url()};
  directory.network_timeout = seconds(2);
  directory.operation_timeout = seconds(2);
  TestServer server(directory);
  const int port = server.port();

  std::atomic<bool> stop{false};
  ProbeResult probe;
  Browser visitor(port);
  std::thread prober(probe_until, std::ref(stop), std::ref(visitor),
                     std::vector<std::string>{"/help", "/signin", "/static/css/hearth.css"}, std::ref(probe));
  const auto start = Clock::now();
  const auto flood = flood_sign_ins(port, 48);
  const auto flood_seconds = seconds_since(start);
  stop = true;
  prober.join();

  INFO("flood of " << flood.attempts << " sign-ins took " << flood_seconds << " s, slowest "
                   << flood.slowest_seconds << " s; first other answer: " << flood.first_other);
  INFO("probe: " << probe.requests << " requests, " << probe.failures << " failed, slowest "
                 << probe.slowest_seconds << " s");
  CHECK(flood.attempts == 48);
  CHECK(flood.other == 0);  // every sign-in got the directory-unavailable page: none hung, none 500
  // Each attempt is bounded by the directory timeouts whatever the queue (2 s
  // connect/handshake + 2 s operation), with a wide margin.
  CHECK(flood.slowest_seconds < 15);
  // Not starved: other pages kept answering while every sign-in waited on the
  // directory. 2 s is ten times what these pages take on a loaded machine.
  CHECK(probe.requests >= 3);
  CHECK(probe.failures == 0);
  CHECK(probe.slowest_seconds < 2.0);
}

// ============================================================================ hostile HTTP

namespace {

// One `hearth serve` for the hostile-HTTP cases: 16 threads and a 2 s read
// timeout so slow clients are given up on quickly; other limits are the
// defaults (max_body_bytes 1 MiB; httplib's compiled-in 8192-byte request
// URI and header line limits).
ServerProcess& hostile_server() {
  static ServerProcess instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                                "threads = 16\nread_timeout_seconds = 2\nkeep_alive_timeout_seconds = 2");
  if (!instance.running()) instance.start();
  return instance;
}

std::string get_request(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "Connection: close\r\n\r\n";
}

// A refusal must be a 4xx with Hearth's own error page (not httplib's empty
// body), and the server must still serve the next visitor.
void check_refused(int port, const std::string& response, std::initializer_list<int> allowed) {
  INFO(response.substr(0, 300));
  const int status = status_of(response);
  bool listed = false;
  for (const int one : allowed) listed = listed || status == one;
  CHECK(listed);
  CHECK(status >= 400);
  CHECK(status < 500);
  CHECK(body_of(response).find("</html>") != std::string::npos);
  CHECK(status_of(round_trip(port, get_request("/help"))) == 200);
}

}  // namespace

TEST_CASE("oversized and malformed requests get a clear 4xx", "[robustness][http]") {
  auto& server = hostile_server();
  const int port = server.port();

  SECTION("a request target over 8192 bytes: 414") {
    check_refused(port, round_trip(port, get_request("/help?" + std::string(9000, 'a'))), {414});
    // Just under the limit is served.
    CHECK(status_of(round_trip(port, get_request("/help?" + std::string(8000, 'a')))) == 200);
  }
  SECTION("a header line over 8192 bytes: 400") {
    check_refused(port,
                  round_trip(port, get_request("/help", "X-Filler: " + std::string(9000, 'b') + "\r\n")),
                  {400, 431});
  }
  SECTION("a header block over 64 KiB in lines within the limit: 431") {
    std::string headers;
    for (int i = 0; i < 200; ++i)
      headers += "X-Fill-" + std::to_string(i) + ": " + std::string(400, 'h') + "\r\n";
    check_refused(port, round_trip(port, get_request("/help", headers)), {431});
  }
  SECTION("a huge Cookie header: 400; many cookies within the limit are ignored") {
    check_refused(port,
                  round_trip(port, get_request("/help", "Cookie: a=" + std::string(20000, 'c') + "\r\n")),
                  {400, 431});
    std::string cookies = "Cookie: hearth_session=" + std::string(4000, 'z');
    for (int i = 0; cookies.size() < 8000; ++i) cookies += "; c" + std::to_string(i) + "=v";
    const auto response = round_trip(port, get_request("/support", cookies + "\r\n"));
    CHECK(status_of(response) == 303);  // a signed-out visitor: sent to /signin
  }
  SECTION("a body over max_body_bytes (1 MiB): 413, without reading it") {
    RawConnection connection(port);
    connection.send(
        "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 2000000\r\nConnection: close\r\n\r\n");
    check_refused(port, connection.receive(seconds(10)), {413});
  }
  SECTION("malformed header lines") {
    // A line without a colon, bare LF line ends, a NUL byte, a space before the colon.
    for (const std::string& headers :
         {std::string("NoColonHere\r\n"), std::string("X-Bare: lf\nX-Other: line\n"),
          std::string("X-Nul: a\0b\r\n", 13), std::string("Bad Name : value\r\n"),
          std::string(": no name\r\n")}) {
      const auto response = round_trip(port, get_request("/help", headers));
      INFO(response.substr(0, 200));
      const int status = status_of(response);
      CHECK((status == 200 || status == 400));  // ignored, or refused: never a 5xx or a hang
    }
    check_refused(port, round_trip(port, "GARBAGE\r\n\r\n"), {400});
    check_refused(port, round_trip(port, "GET /help HTTP/9.9 extra\r\n\r\n"), {400, 505});
  }
  SECTION("a bad Content-Length") {
    for (const char* length : {"abc", "-5", "99999999999999999999999", "10, 20"}) {
      INFO("Content-Length: " << length);
      const auto response =
          round_trip(port, std::string("POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                       "application/x-www-form-urlencoded\r\n"
                                       "Content-Length: ") +
                               length + "\r\nConnection: close\r\n\r\nusername=amy");
      const int status = status_of(response);
      CHECK(status >= 400);
      CHECK(status < 500);
    }
    // A body shorter than announced: the server waits its read timeout (2 s), then gives up.
    RawConnection short_body(port);
    short_body.send(
        "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 100\r\n\r\nusername=amy");
    const auto start = Clock::now();
    const auto response = short_body.receive(seconds(15), RawConnection::Until::kClose);
    CHECK(short_body.closed());
    CHECK(seconds_since(start) < 10);
    CHECK((status_of(response) == 0 || status_of(response) == 400));
  }
  SECTION("chunked garbage") {
    for (const char* body :
         {"ZZZ\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\nnot-a-size\r\n\r\n", "ffffffffffffffffff\r\nx\r\n"}) {
      const auto response =
          round_trip(port,
                     std::string("POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                 "application/x-www-form-urlencoded\r\n"
                                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n") +
                         body,
                     seconds(10));
      INFO(response.substr(0, 200));
      const int status = status_of(response);
      CHECK(status >= 400);
      CHECK(status < 500);
    }
  }
}

TEST_CASE("invalid UTF-8 in forms and query strings is refused with a message and not stored",
          "[robustness][http]") {
  auto& server = hostile_server();
  const int port = server.port();
  auto liam = hearth::testing::signed_in_browser(port, "liam.obrien");
  const auto group = create_group(*liam);
  const auto thread = start_thread(*liam, group);

  const std::string bad = "Broken \xC3\x28 bytes \xFF marker";
  const auto reply = post(*liam, thread + "/reply", {{"body", bad}});
  REQUIRE(reply);
  CHECK(reply->status == 400);
  CHECK(contains(reply, "</html>"));
  CHECK_FALSE(contains(liam->get(thread), "bytes"));
  auto database =
      hearth::storage::Database::open(server.database_path(), hearth::storage::OpenMode::kReadOnly);
  auto stored = database.query("SELECT count(*) FROM group_post WHERE body LIKE '%marker%'");
  REQUIRE(stored.step());
  CHECK(stored.column_int64(0) == 0);

  const auto search = liam->get("/groups?q=%C3%28%FF");
  REQUIRE(search);
  INFO(search->body.substr(0, 500));
  CHECK(search->status >= 200);
  CHECK(search->status < 500);
  // Raw bytes that are not UTF-8 in the request target itself.
  const auto raw = round_trip(port, get_request("/groups?q=\xC3\x28\xFF"));
  CHECK(status_of(raw) >= 200);
  CHECK(status_of(raw) < 500);
  const auto sign_in =
      Browser(port).post_form("/signin", {{"csrf_token", "x"}, {"username", "\xFF\xFE"}, {"password", "p"}});
  REQUIRE(sign_in);
  CHECK(sign_in->status >= 400);
  CHECK(sign_in->status < 500);
}

TEST_CASE("slow and idle clients are dropped without blocking others", "[robustness][http]") {
  auto& server = hostile_server();
  const int port = server.port();

  SECTION("slowloris: a header byte every second is cut off, others are served meanwhile") {
    RawConnection slow(port);
    REQUIRE(slow.send("GET /help HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    const auto start = Clock::now();
    bool dropped = false;
    double slowest_other = 0;
    while (seconds_since(start) < 30 && !dropped) {
      dropped = !slow.send("a");
      const auto other_start = Clock::now();
      CHECK(status_of(round_trip(port, get_request("/help"))) == 200);
      slowest_other = std::max(slowest_other, seconds_since(other_start));
      slow.receive(milliseconds(900), RawConnection::Until::kClose);
      dropped = dropped || slow.closed();
    }
    // httplib alone never drops it (each byte restarts its 2 s read timeout);
    // http::ConnectionGuard cuts a request not complete within keep-alive
    // wait + read timeout (2 + 2 s) of the connection opening.
    INFO("dropped after " << seconds_since(start) << " s");
    CHECK(dropped);
    CHECK(seconds_since(start) < 12);
    CHECK(slowest_other < 2.0);
  }
  SECTION("more idle connections than threads do not block a new visitor for long") {
    // 100 connections that send nothing, on 16 threads. httplib alone lets
    // each hold a thread for keep_alive_timeout (2 s), so a visitor queued
    // behind them waits about 100 / 16 * 2 = 12 s; the guard closes idle
    // connections after 0.5 s while others wait for a thread.
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 100; ++i) idle.push_back(std::make_unique<RawConnection>(port));
    std::this_thread::sleep_for(milliseconds(100));
    const auto start = Clock::now();
    CHECK(status_of(round_trip(port, get_request("/help"), seconds(30))) == 200);
    const auto took = seconds_since(start);
    INFO("a visitor behind 100 idle connections waited " << took << " s");
    CHECK(took < 6.0);
  }
}

TEST_CASE("200 oversized requests leave memory bounded", "[robustness][http]") {
  auto& server = hostile_server();
  const int port = server.port();
  // Four clients at once, each sending `count` requests that are too large in
  // turn: request target, one header line, header block, body; plus a cookie
  // just under the line limit. Returns how many got a 2xx-4xx answer.
  const auto send_batch = [port](int count) {
    std::atomic<int> answered{0};
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
      senders.emplace_back([&, port] {
        for (int i = 0; i < count / 4; ++i) {
          std::string response;
          switch (i % 5) {
            case 0: response = round_trip(port, get_request("/help?" + std::string(9000, 'q'))); break;
            case 1:
              response = round_trip(port, get_request("/help", "X-Big: " + std::string(9000, 'h') + "\r\n"));
              break;
            case 2: {
              std::string headers;
              for (int h = 0; h < 100; ++h)
                headers += "X-Fill-" + std::to_string(h) + ": " + std::string(1000, 'f') + "\r\n";
              response = round_trip(port, get_request("/help", headers));
              break;
            }
            case 3: {
              RawConnection connection(port);
              connection.send("POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
              response = connection.receive(seconds(10));
              break;
            }
            default:
              response = round_trip(
                  port, get_request("/help", "Cookie: hearth_session=" + std::string(8100, 's') + "\r\n"));
          }
          const int status = status_of(response);
          if (status >= 200 && status < 500) ++answered;
        }
      });
    }
    for (auto& sender : senders) sender.join();
    return answered.load();
  };
  send_batch(40);  // warm-up: every worker thread has touched its buffers once
  const long before = server.resident_kib();
  REQUIRE(before > 0);
  CHECK(send_batch(200) == 200);
  const long after = server.resident_kib();
  // Each request is at most ~100 KB and is freed with its connection; growth
  // per request would show as many MB here.
  INFO("VmRSS " << before << " KiB before, " << after << " KiB after 200 oversized requests");
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine (256 MiB by default),
  // so resident memory grows by design; the bound means nothing there.
  WARN("VmRSS growth under AddressSanitizer, not checked: " << after - before << " KiB");
#else
  CHECK(after - before < 8 * 1024);
#endif
}
