#include "http/trusted_proxy.h"

#include <catch2/catch.hpp>
#include <memory>

#include "common/clock.h"
#include "common/error.h"
#include "http/dispatcher.h"
#include "unit/storage/migrated_database.h"

namespace hearth::http {
namespace {

bool in_range(std::string_view range, std::string_view address) {
  const auto parsed = AddressRange::parse(range);
  REQUIRE(parsed);
  return parsed->contains(address);
}

Headers forwarded(std::initializer_list<std::pair<std::string, std::string>> entries) {
  Headers headers;
  for (const auto& [name, value] : entries) headers.emplace(name, value);
  return headers;
}

}  // namespace

TEST_CASE("AddressRange: CIDR matching", "[http][trusted_proxy]") {
  struct Case {
    std::string_view range;
    std::string_view address;
    bool inside;
  };
  const std::vector<Case> cases = {
      {"10.0.0.0/8", "10.255.1.2", true},
      {"10.0.0.0/8", "11.0.0.1", false},
      {"192.168.4.0/22", "192.168.7.255", true},
      {"192.168.4.0/22", "192.168.8.0", false},
      {"192.168.4.0/22", "192.168.3.255", false},
      {"127.0.0.1", "127.0.0.1", true},
      {"127.0.0.1", "127.0.0.2", false},
      {"127.0.0.1/32", "127.0.0.1", true},
      {"0.0.0.0/0", "203.0.113.9", true},
      {"0.0.0.0/0", "2001:db8::1", false},  // an IPv4 range never holds an IPv6 address
      {"::1", "::1", true},
      {"::1", "::2", false},
      {"fd00::/8", "fdab:1::9", true},
      {"fd00::/8", "fe80::1", false},
      {"2001:db8::/33", "2001:db8:7fff::1", true},
      {"2001:db8::/33", "2001:db8:8000::1", false},
      {"::/0", "10.0.0.1", false},
      // Dual-stack sockets report IPv4 peers as IPv4-mapped IPv6.
      {"10.0.0.0/8", "::ffff:10.9.8.7", true},
      {"10.0.0.0/8", "::ffff:11.9.8.7", false},
      {"::ffff:10.0.0.0/104", "10.3.3.3", true},
      // Not addresses: outside every range.
      {"0.0.0.0/0", "", false},
      {"0.0.0.0/0", "localhost", false},
      {"0.0.0.0/0", "10.0.0.1:8080", false},
      {"0.0.0.0/0", "10.0.0.0/8", false},
      {"::/0", "[::1]", false},
  };
  for (const auto& c : cases) {
    INFO(c.range << " contains " << c.address);
    CHECK(in_range(c.range, c.address) == c.inside);
  }
}

TEST_CASE("AddressRange: what does not parse, with a reason", "[http][trusted_proxy]") {
  for (const std::string_view text :
       {"", "10.0.0", "10.0.0.256", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8x", "::1/129",
        "hearth.example", "10.0.0.1/8", "10.1.2.3/31", "fd00::1/8", "10.0.0.0/8/8"}) {
    INFO(text);
    std::string problem;
    CHECK_FALSE(AddressRange::parse(text, &problem));
    CHECK_FALSE(problem.empty());
  }
  std::string problem;
  CHECK_FALSE(AddressRange::parse("10.1.0.0/8", &problem));
  CHECK(problem.find("beyond the /8") != std::string::npos);
  CHECK(AddressRange::parse(" 10.0.0.0/8 "));  // surrounding spaces from a TOML list are forgiven
  CHECK_THROWS_AS(AddressList({"127.0.0.1", "not-an-address"}), Error);
}

TEST_CASE("TrustedProxies: which address and scheme count", "[http][trusted_proxy]") {
  const TrustedProxies proxies(AddressList({"127.0.0.1", "10.0.5.0/24"}));
  struct Case {
    std::string_view name;
    std::string peer;
    bool connection_tls;
    Headers headers;
    std::string address;
    bool is_tls;
  };
  const std::vector<Case> cases = {
      {"no proxy in between", "203.0.113.7", false, {}, "203.0.113.7", false},
      {"an untrusted peer's headers are ignored", "203.0.113.7", false,
       forwarded({{"X-Forwarded-For", "198.51.100.1"}, {"X-Forwarded-Proto", "https"}}), "203.0.113.7",
       false},
      {"an untrusted peer cannot turn native TLS off", "203.0.113.7", true,
       forwarded({{"X-Forwarded-Proto", "http"}}), "203.0.113.7", true},
      {"trusted proxy, one hop", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "198.51.100.1"}, {"X-Forwarded-Proto", "https"}}), "198.51.100.1",
       true},
      {"trusted proxy without headers: the proxy itself", "127.0.0.1", false, {}, "127.0.0.1", false},
      {"a spoofed leftmost entry is not believed", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "1.1.1.1, 198.51.100.1"}}), "198.51.100.1", false},
      {"chained trusted proxies are skipped", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "1.1.1.1, 198.51.100.1, 10.0.5.20"}}), "198.51.100.1", false},
      {"every hop trusted: the leftmost", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "10.0.5.9, 10.0.5.20"}}), "10.0.5.9", false},
      {"several headers are one list, in order", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "198.51.100.1, 10.0.5.2"}}),
       "198.51.100.1", false},
      {"a garbled hop stops the walk at the last trusted hop", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "198.51.100.1, <script>, 10.0.5.2"}}), "10.0.5.2", false},
      {"a garbled only hop leaves the peer", "127.0.0.1", false, forwarded({{"X-Forwarded-For", "unknown"}}),
       "127.0.0.1", false},
      {"an address with a port is garbled", "127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "198.51.100.1:4431"}}), "127.0.0.1", false},
      {"IPv6 client", "127.0.0.1", false, forwarded({{"X-Forwarded-For", "2001:db8::7"}}), "2001:db8::7",
       false},
      {"the last X-Forwarded-Proto value wins", "127.0.0.1", false,
       forwarded({{"X-Forwarded-Proto", "http, HTTPS"}}), "127.0.0.1", true},
      {"a trusted proxy saying http over a TLS connection", "127.0.0.1", true,
       forwarded({{"X-Forwarded-Proto", "http"}}), "127.0.0.1", false},
      {"header names are case-insensitive", "10.0.5.3", false,
       forwarded({{"x-forwarded-for", "198.51.100.9"}, {"x-forwarded-proto", "https"}}), "198.51.100.9",
       true},
      {"an IPv4-mapped proxy address is trusted", "::ffff:127.0.0.1", false,
       forwarded({{"X-Forwarded-For", "198.51.100.1"}}), "198.51.100.1", false},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto origin = proxies.resolve(c.peer, c.connection_tls, c.headers);
    CHECK(origin.address == c.address);
    CHECK(origin.is_tls == c.is_tls);
  }

  const TrustedProxies none;
  const auto origin = none.resolve("127.0.0.1", false, forwarded({{"X-Forwarded-For", "198.51.100.1"}}));
  CHECK(origin.address == "127.0.0.1");
}

TEST_CASE("Dispatcher: a trusted proxy sets the client address and HTTPS", "[http][trusted_proxy]") {
  testing::MigratedDatabase database;
  ManualClock clock(1'700'000'000);
  auth::SessionStore sessions(database.pool(), clock, auth::SessionPolicy{});
  std::string seen_address;
  bool seen_tls = false;
  std::vector<Route> routes = {
      {Method::kGet, "/form", Access::kAnyone, SessionUse::kEnsure, [&](const RequestContext& context) {
         seen_address = context.request.remote_address;
         seen_tls = context.request.is_tls;
         return Response::html("<p>form</p>");
       }}};
  const Dispatcher dispatcher(
      Router(std::move(routes)), sessions, [](const ErrorPage&) { return std::string(); },
      DispatcherOptions{false, "", TrustedProxies(AddressList({"127.0.0.1"}))});
  const auto request = [](std::string peer, Headers headers) {
    Request made;
    made.path = "/form";
    made.target = "/form";
    made.remote_address = std::move(peer);
    made.headers = std::move(headers);
    return made;
  };
  const auto cookie = [](const Response& response) {
    const auto found = response.headers.find("Set-Cookie");
    REQUIRE(found != response.headers.end());
    return found->second;
  };

  SECTION("through the proxy over HTTPS") {
    auto proxied = request("127.0.0.1",
                           forwarded({{"X-Forwarded-For", "198.51.100.4"}, {"X-Forwarded-Proto", "https"}}));
    const auto response = dispatcher.handle(proxied);
    CHECK(seen_address == "198.51.100.4");
    CHECK(seen_tls);
    CHECK(cookie(response).starts_with("__Host-hearth_session="));
    CHECK(cookie(response).find("; Secure") != std::string::npos);
    CHECK(response.headers.count("Strict-Transport-Security") == 1);
  }
  SECTION("the same headers from anyone else count for nothing") {
    auto direct = request("203.0.113.50",
                          forwarded({{"X-Forwarded-For", "198.51.100.4"}, {"X-Forwarded-Proto", "https"}}));
    const auto response = dispatcher.handle(direct);
    CHECK(seen_address == "203.0.113.50");
    CHECK_FALSE(seen_tls);
    CHECK(cookie(response).starts_with("hearth_session="));
    CHECK(cookie(response).find("Secure") == std::string::npos);
    CHECK(response.headers.count("Strict-Transport-Security") == 0);
  }
}

}  // namespace hearth::http
