#include "features/notifications/outbox_sender.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "unit/features/notifications/notification_test_support.h"

namespace hearth::features::notifications {
namespace {

using testing::kStart;

// A relay that answers from a script and remembers what it was given.
class ScriptedTransport final : public mail::Transport {
 public:
  struct Sent {
    std::string from;
    std::string to;
    std::string message;
  };

  mail::Delivery send(std::string_view envelope_from, std::string_view envelope_to, std::string_view message,
                      std::stop_token stop) override {
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({std::string(envelope_from), std::string(envelope_to), std::string(message)});
      if (!block_until_stopped_) {
        if (script_.empty()) return {mail::Delivery::Outcome::kSent, 250, ""};
        auto next = script_.front();
        script_.pop_front();
        return next;
      }
    }
    while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return {mail::Delivery::Outcome::kCancelled, 0, "cancelled"};
  }

  void then(mail::Delivery delivery) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(delivery));
  }
  void block_until_stopped() {
    std::lock_guard lock(mutex_);
    block_until_stopped_ = true;
  }
  std::vector<Sent> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::deque<mail::Delivery> script_;
  std::vector<Sent> calls_;
  bool block_until_stopped_ = false;
};

const mail::Delivery kRefused{mail::Delivery::Outcome::kFailed, 0,
                              "curl error 7 (Couldn't connect to server), SMTP status 0"};
const mail::Delivery kBusy{mail::Delivery::Outcome::kFailed, 451,
                           "curl error 55 (Failed sending data to the peer), SMTP status 451"};

struct OutboxFixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  OutboxStore store{database.pool()};
  ScriptedTransport transport;
  RetryPolicy retry{.max_attempts = 4, .first_delay_seconds = 60, .max_delay_seconds = 300};
  OutboxDelivery delivery{
      store, transport, clock, retry, {"Riverside Care Circle", "hearth@riverside-general.example"}};

  std::int64_t queue(const std::string& to = "amy@riverside-general.example") {
    return store.insert({to, "You have new activity in Riverside Care Circle",
                         "Hello,\n\nSecret body text.\n", "id-" + to + "@riverside-general.example"},
                        clock.now_seconds());
  }
  OutboxDelivery::Pass pass() { return delivery.deliver_due(std::stop_token()); }
};

template <typename Predicate>
bool eventually(Predicate predicate) {
  for (int i = 0; i < 500; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return predicate();
}

}  // namespace

TEST_CASE("retry delays double from the first delay up to the cap", "[notifications][outbox]") {
  const RetryPolicy policy{.max_attempts = 24, .first_delay_seconds = 60, .max_delay_seconds = 3600};
  CHECK(policy.delay_after(1) == 60);
  CHECK(policy.delay_after(2) == 120);
  CHECK(policy.delay_after(3) == 240);
  CHECK(policy.delay_after(6) == 1920);
  CHECK(policy.delay_after(7) == 3600);
  CHECK(policy.delay_after(24) == 3600);
  CHECK(policy.delay_after(1000) == 3600);
}

TEST_CASE("a due message is formatted, sent and marked sent", "[notifications][outbox]") {
  OutboxFixture f;
  const auto id = f.queue();
  const auto pass = f.pass();
  CHECK(pass.sent == 1);
  const auto calls = f.transport.calls();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].from == "hearth@riverside-general.example");
  CHECK(calls[0].to == "amy@riverside-general.example");
  CHECK(calls[0].message.starts_with("Date: Tue, 03 Mar 2026 19:00:00 +0000\r\n"));
  CHECK(calls[0].message.find("Message-ID: <id-amy@riverside-general.example@riverside-general.example>") !=
        std::string::npos);
  CHECK(calls[0].message.find("Secret body text.") != std::string::npos);
  const auto row = f.store.find(id);
  REQUIRE(row);
  CHECK(row->is_sent());
  CHECK(row->sent_at == kStart);
  CHECK_FALSE(row->next_attempt_at);
  // Nothing more to do.
  CHECK(f.pass().sent == 0);
  CHECK(f.transport.calls().size() == 1);
}

TEST_CASE("a failed message is retried with backoff, then delivered once", "[notifications][outbox]") {
  OutboxFixture f;
  const auto id = f.queue();
  f.transport.then(kBusy);
  f.transport.then(kBusy);
  CHECK(f.pass().failed == 1);
  auto row = f.store.find(id);
  CHECK(row->attempts == 1);
  CHECK(row->next_attempt_at == kStart + 60);
  CHECK(row->last_error == kBusy.detail);
  CHECK(row->last_error.find("Secret") == std::string::npos);

  CHECK(f.pass().failed == 0);  // not due yet
  f.clock.advance(60);
  CHECK(f.pass().failed == 1);
  row = f.store.find(id);
  CHECK(row->attempts == 2);
  CHECK(row->next_attempt_at == kStart + 60 + 120);

  f.clock.advance(120);
  CHECK(f.pass().sent == 1);
  CHECK(f.store.find(id)->is_sent());
  CHECK(f.transport.calls().size() == 3);
  // The same Message-ID on every attempt, so a relay can spot a repeat.
  const auto calls = f.transport.calls();
  const auto message_id = [](const std::string& message) {
    const auto start = message.find("Message-ID: ");
    return message.substr(start, message.find("\r\n", start) - start);
  };
  CHECK(message_id(calls[0].message) == message_id(calls[2].message));
}

TEST_CASE("a message is given up after the last attempt and kept with its error", "[notifications][outbox]") {
  OutboxFixture f;
  const auto id = f.queue();
  for (int i = 0; i < 4; ++i) f.transport.then(kBusy);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const auto pass = f.pass();
    CHECK(pass.failed + pass.given_up == 1);
    f.clock.advance(600);
  }
  const auto row = f.store.find(id);
  REQUIRE(row);
  CHECK(row->is_given_up());
  CHECK(row->attempts == 4);
  CHECK(row->last_error == kBusy.detail);
  f.clock.advance(3600);
  f.pass();
  CHECK(f.transport.calls().size() == 4);
  CHECK(f.store.waiting_count() == 0);
}

TEST_CASE("when the relay cannot be reached, the rest of the pass is not tried one by one",
          "[notifications][outbox]") {
  OutboxFixture f;
  const auto first = f.queue("amy@riverside-general.example");
  const auto second = f.queue("ben@riverside-general.example");
  const auto third = f.queue("carmen@riverside-general.example");
  f.transport.then(kRefused);
  const auto pass = f.pass();
  CHECK(pass.failed == 3);
  CHECK(f.transport.calls().size() == 1);
  for (const auto id : {first, second, third}) {
    const auto row = f.store.find(id);
    CHECK(row->attempts == 1);
    CHECK(row->next_attempt_at == kStart + 60);
  }
  f.clock.advance(60);
  CHECK(f.pass().sent == 3);
}

TEST_CASE("a send cancelled at shutdown is not an attempt", "[notifications][outbox]") {
  OutboxFixture f;
  const auto id = f.queue();
  f.transport.then({mail::Delivery::Outcome::kCancelled, 0, "cancelled at shutdown"});
  const auto pass = f.pass();
  CHECK(pass.sent + pass.failed + pass.given_up == 0);
  const auto row = f.store.find(id);
  CHECK(row->attempts == 0);
  CHECK(row->next_attempt_at == kStart);
}

TEST_CASE("the sender thread sends on wake and stops promptly, even in the middle of a send",
          "[notifications][outbox]") {
  OutboxFixture f;
  std::atomic<int> passes{0};
  {
    OutboxSender sender(f.delivery, f.store, f.clock, [&] { ++passes; });
    CHECK(eventually([&] { return passes > 0; }));
    const auto id = f.queue();
    sender.wake();
    CHECK(eventually([&] { return f.store.find(id)->is_sent(); }));

    f.transport.block_until_stopped();
    const auto blocked = f.queue("ben@riverside-general.example");
    sender.wake();
    CHECK(eventually([&] { return f.transport.calls().size() == 2; }));
    const auto started = std::chrono::steady_clock::now();
    sender.stop();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    const auto row = f.store.find(blocked);
    CHECK_FALSE(row->is_sent());
    CHECK(row->attempts == 0);
  }
}

}  // namespace hearth::features::notifications
