#include "features/notifications/outbox_sender.h"

#include <algorithm>

#include "common/log.h"
#include "mail/message.h"

namespace hearth::features::notifications {
namespace {

constexpr auto kIdlePoll = std::chrono::seconds(30);
// After a wake: let the queuing transaction commit, then look once more soon.
constexpr auto kSettle = std::chrono::milliseconds(200);
constexpr auto kFollowUp = std::chrono::seconds(2);

}  // namespace

std::int64_t RetryPolicy::delay_after(int failed_attempts) const {
  std::int64_t delay = std::max<std::int64_t>(first_delay_seconds, 1);
  for (int i = 1; i < failed_attempts && delay < max_delay_seconds; ++i) delay *= 2;
  return std::min(delay, max_delay_seconds);
}

OutboxDelivery::OutboxDelivery(OutboxStore& store, mail::Transport& transport, const Clock& clock,
                               RetryPolicy retry, MailSender from)
    : store_(store), transport_(transport), clock_(clock), retry_(retry), from_(std::move(from)) {}

void OutboxDelivery::record_failure(const OutboxMessage& message, const mail::Delivery& delivery,
                                    std::int64_t now, Pass& pass) {
  const int attempts = message.attempts + 1;
  if (attempts >= retry_.max_attempts) {
    store_.mark_failed(message.id, attempts, std::nullopt, delivery.detail);
    ++pass.given_up;
    log::error("mail: outbox message {} given up after {} attempts: {}", message.id, attempts,
               delivery.detail);
    return;
  }
  const auto delay = retry_.delay_after(attempts);
  store_.mark_failed(message.id, attempts, now + delay, delivery.detail);
  ++pass.failed;
  log::warn("mail: outbox message {} not sent (attempt {} of {}), next try in {} s: {}", message.id, attempts,
            retry_.max_attempts, delay, delivery.detail);
}

OutboxDelivery::Pass OutboxDelivery::deliver_due(const std::stop_token& stop, int batch) {
  Pass pass;
  const auto messages = store_.due(clock_.now_seconds(), batch);
  std::optional<mail::Delivery> unreachable;  // set once the relay could not be reached
  for (const auto& message : messages) {
    if (stop.stop_requested()) break;
    const auto now = clock_.now_seconds();
    if (unreachable) {
      record_failure(message, *unreachable, now, pass);
      continue;
    }
    const auto text = mail::format_message({from_.name, from_.address, message.to_address, message.subject,
                                            message.body, message.message_id, message.created_at});
    const auto delivery = transport_.send(from_.address, message.to_address, text, stop);
    switch (delivery.outcome) {
      case mail::Delivery::Outcome::kSent:
        store_.mark_sent(message.id, clock_.now_seconds());
        ++pass.sent;
        log::info("mail: outbox message {} sent (SMTP {})", message.id, delivery.smtp_status);
        break;
      case mail::Delivery::Outcome::kCancelled: return pass;  // not an attempt; stays due
      case mail::Delivery::Outcome::kFailed:
        record_failure(message, delivery, now, pass);
        if (delivery.smtp_status == 0) unreachable = delivery;
        break;
    }
  }
  return pass;
}

OutboxSender::OutboxSender(OutboxDelivery& delivery, OutboxStore& store, const Clock& clock,
                           std::function<void()> before_each_pass)
    : delivery_(delivery),
      store_(store),
      clock_(clock),
      before_each_pass_(std::move(before_each_pass)),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

OutboxSender::~OutboxSender() {
  stop();
}

void OutboxSender::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_requested_ = true;
  }
  woken_.notify_all();
}

void OutboxSender::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  woken_.notify_all();
  thread_.join();
}

std::chrono::milliseconds OutboxSender::next_wait(bool after_wake) {
  std::chrono::milliseconds wait = kIdlePoll;
  if (const auto due = store_.next_due_at()) {
    const auto seconds = std::max<std::int64_t>(*due - clock_.now_seconds(), 0);
    wait = std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(seconds));
  }
  if (after_wake) wait = std::min<std::chrono::milliseconds>(wait, kFollowUp);
  return wait;
}

void OutboxSender::run(const std::stop_token& stop) {
  bool after_wake = true;  // the first pass sends what was left from the last run
  while (!stop.stop_requested()) {
    if (after_wake) {
      std::unique_lock lock(mutex_);
      woken_.wait_for(lock, stop, kSettle, [] { return false; });
    }
    auto wait = std::chrono::milliseconds(kIdlePoll);
    try {
      if (before_each_pass_) before_each_pass_();
      const auto pass = delivery_.deliver_due(stop);
      if (pass.sent + pass.failed + pass.given_up > 0) {
        log::debug("mail: pass sent {}, failed {}, given up {}", pass.sent, pass.failed, pass.given_up);
      }
      wait = next_wait(after_wake);
    } catch (const std::exception& error) {
      log::error("mail: outbox pass failed: {}", error.what());
    }
    std::unique_lock lock(mutex_);
    after_wake = woken_.wait_for(lock, stop, wait, [this] { return wake_requested_; });
    wake_requested_ = false;
  }
}

}  // namespace hearth::features::notifications
