#include "auth/sign_in_throttle.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

namespace hearth::auth {
namespace {

constexpr std::int64_t kStart = 1'700'000'000;
constexpr std::int64_t kWindow = 600;

ThrottlePolicy test_policy() {
  ThrottlePolicy policy;
  policy.max_failures_per_username = 3;
  policy.max_failures_per_address = 5;
  policy.window_seconds = kWindow;
  return policy;
}

struct ThrottleFixture {
  ManualClock clock{kStart};
  SignInThrottle throttle{clock, test_policy()};
};

}  // namespace

TEST_CASE("a username is paused after its failure limit", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == 0);
  throttle.record_failure("amy", "10.0.0.1");
  fixture.clock.advance(10);
  throttle.record_failure("amy", "10.0.0.2");
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.3") == 0);  // two of three
  fixture.clock.advance(10);
  throttle.record_failure("amy", "10.0.0.3");
  // Paused until the first failure leaves the window, from any address.
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.9") == kWindow - 20);
  // Other people are not affected.
  CHECK(throttle.seconds_until_allowed("ben", "10.0.0.9") == 0);
}

TEST_CASE("usernames are compared without regard to ASCII case", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  throttle.record_failure("Amy", "10.0.0.1");
  throttle.record_failure("AMY", "10.0.0.2");
  throttle.record_failure("aMy", "10.0.0.3");
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.4") > 0);
  CHECK(throttle.seconds_until_allowed("AMY", "10.0.0.4") > 0);
  CHECK(throttle.seconds_until_allowed("amy2", "10.0.0.4") == 0);
}

TEST_CASE("an address is paused after its failure limit, whatever the username", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  const std::vector<std::string> guesses = {"amy", "ben", "carmen", "dana", "eli"};
  for (const auto& name : guesses) {
    CHECK(throttle.seconds_until_allowed(name, "192.0.2.66") == 0);
    throttle.record_failure(name, "192.0.2.66");
  }
  CHECK(throttle.seconds_until_allowed("frank", "192.0.2.66") == kWindow);
  // The same fresh username from another address is fine.
  CHECK(throttle.seconds_until_allowed("frank", "192.0.2.67") == 0);
  // Addresses are compared exactly.
  CHECK(throttle.seconds_until_allowed("frank", "192.0.2.6") == 0);
}

TEST_CASE("the window slides: old failures stop counting", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  throttle.record_failure("amy", "10.0.0.1");  // t = 0
  fixture.clock.advance(100);
  throttle.record_failure("amy", "10.0.0.1");  // t = 100
  fixture.clock.advance(100);
  throttle.record_failure("amy", "10.0.0.1");  // t = 200
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == kWindow - 200);

  fixture.clock.advance(kWindow - 201);  // t = 599: the first failure is still inside
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == 1);
  fixture.clock.advance(1);  // t = 600: it has left
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == 0);

  // One more failure brings the count back to the limit; now the failure at
  // t = 100 is the one that has to leave.
  throttle.record_failure("amy", "10.0.0.1");
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == 100);
  fixture.clock.advance(kWindow);
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") == 0);
}

TEST_CASE("the wait counts from the failure that keeps the count at the limit", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  // Five failures recorded (e.g. by concurrent requests) for a limit of three.
  for (int i = 0; i < 5; ++i) {
    throttle.record_failure("amy", "10.0.0." + std::to_string(i));
    fixture.clock.advance(10);
  }
  // Failures at 0, 10, 20, 30, 40; now = 50. Allowed again once only two
  // remain: when the failure at 20 leaves the window.
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.99") == 20 + kWindow - 50);
}

TEST_CASE("a success clears the username's failures but not the address's", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  throttle.record_failure("amy", "10.0.0.1");
  throttle.record_failure("amy", "10.0.0.1");
  throttle.record_failure("amy", "10.0.0.1");
  throttle.record_failure("ben", "10.0.0.1");
  REQUIRE(throttle.seconds_until_allowed("amy", "10.0.0.2") > 0);

  throttle.record_success("AMY");  // case-insensitive here too
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.2") == 0);

  // The address still has four failures: one more from anyone pauses it.
  throttle.record_failure("carmen", "10.0.0.1");
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.1") > 0);
  CHECK(throttle.seconds_until_allowed("dana", "10.0.0.1") > 0);
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.2") == 0);
}

TEST_CASE("periodic pruning keeps failures that are still inside the window", "[auth][throttle]") {
  ThrottleFixture fixture;
  auto& throttle = fixture.throttle;
  CHECK(throttle.seconds_until_allowed("warm-up", "10.0.0.1") == 0);  // first prune happens here
  fixture.clock.advance(kWindow - 10);
  for (int i = 0; i < 3; ++i) throttle.record_failure("amy", "10.0.0.1");
  fixture.clock.advance(10);  // a full window after the last prune: the next call prunes
  CHECK(throttle.seconds_until_allowed("someone-else", "10.0.0.7") == 0);
  CHECK(throttle.seconds_until_allowed("amy", "10.0.0.2") == kWindow - 10);
}

TEST_CASE("the throttle can be used from several threads at once", "[auth][throttle]") {
  ManualClock clock{kStart};
  ThrottlePolicy policy = test_policy();
  policy.max_failures_per_username = 1000;
  policy.max_failures_per_address = 1000;
  SignInThrottle throttle(clock, policy);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&throttle, t] {
      for (int i = 0; i < 250; ++i) {
        throttle.record_failure("shared", "10.0.0." + std::to_string(t));
        (void)throttle.seconds_until_allowed("shared", "10.0.0." + std::to_string(t));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  // Exactly 1000 failures were counted: the limit is reached, not passed by a lost update.
  CHECK(throttle.seconds_until_allowed("shared", "10.0.0.99") == kWindow);
}

}  // namespace hearth::auth
