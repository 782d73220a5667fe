#include "features/shared/private_notice.h"

#include <catch2/catch.hpp>

#include "common/clock.h"

namespace hearth::features {
namespace {

constexpr std::int64_t kStart = 1'750'000'000;
constexpr std::int64_t kTenMinutes = 10 * 60;

}  // namespace

TEST_CASE("the crisis card is shown once, to the session that wrote", "[writing]") {
  ManualClock clock(kStart);
  CrisisNotices notices(clock);
  CHECK_FALSE(notices.take("session-a"));

  notices.remember("session-a");
  CHECK_FALSE(notices.take("session-b"));
  CHECK(notices.take("session-a"));
  CHECK_FALSE(notices.take("session-a"));

  // Remembered twice, still shown once.
  notices.remember("session-a");
  notices.remember("session-a");
  CHECK(notices.take("session-a"));
  CHECK_FALSE(notices.take("session-a"));

  // Sessions are independent.
  notices.remember("session-a");
  notices.remember("session-b");
  CHECK(notices.take("session-b"));
  CHECK(notices.take("session-a"));
}

TEST_CASE("there is no crisis card without a session", "[writing]") {
  ManualClock clock(kStart);
  CrisisNotices notices(clock);
  notices.remember("");
  CHECK_FALSE(notices.take(""));
  // An empty token does not reach anyone else's card either.
  notices.remember("session-a");
  CHECK_FALSE(notices.take(""));
  CHECK(notices.take("session-a"));
}

TEST_CASE("the crisis card expires after ten minutes", "[writing]") {
  ManualClock clock(kStart);
  CrisisNotices notices(clock);

  notices.remember("session-a");
  clock.advance(kTenMinutes - 1);
  CHECK(notices.take("session-a"));

  notices.remember("session-a");
  clock.advance(kTenMinutes);
  CHECK_FALSE(notices.take("session-a"));
  // An expired card is gone, not waiting to be shown later.
  CHECK_FALSE(notices.take("session-a"));

  // Remembering again starts a new ten minutes.
  notices.remember("session-a");
  clock.advance(kTenMinutes + 60);
  notices.remember("session-b");
  clock.advance(kTenMinutes - 1);
  CHECK_FALSE(notices.take("session-a"));
  CHECK(notices.take("session-b"));
}

}  // namespace hearth::features
