#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "common/clock.h"
#include "features/notifications/outbox_store.h"
#include "mail/smtp_client.h"

namespace hearth::features::notifications {

// When the outbox tries a message again.
struct RetryPolicy {
  int max_attempts = 24;  // failed attempts before a message is given up
  std::int64_t first_delay_seconds = 60;
  std::int64_t max_delay_seconds = 60 * 60;

  // Seconds to wait after the `failed_attempts`-th failed attempt (1 for the
  // first): first_delay_seconds, doubled for each earlier failure, at most
  // max_delay_seconds.
  std::int64_t delay_after(int failed_attempts) const;
};

// Who the e-mail is from.
struct MailSender {
  std::string name;     // shown in From, e.g. the site name
  std::string address;  // envelope sender and From address
};

// One pass over the outbox: formats each due message (mail::format_message)
// and hands it to the transport; a message the relay accepted is marked
// sent, a failure is retried after RetryPolicy's delay and given up after
// max_attempts (the row stays, with last_error). When the relay cannot be
// reached at all, the rest of the pass's messages are not tried one by one:
// they record the same failure. Logs name outbox ids and SMTP status codes
// only, never addresses, subjects or bodies. Not thread-safe: the sender's
// thread (or a test) calls it.
class OutboxDelivery {
 public:
  OutboxDelivery(OutboxStore& store, mail::Transport& transport, const Clock& clock, RetryPolicy retry,
                 MailSender from);

  struct Pass {
    int sent = 0;
    int failed = 0;    // to be tried again
    int given_up = 0;  // reached max_attempts
  };
  // Sends what is due now, at most `batch` messages. Stops early, leaving the
  // rest due, when `stop` is requested.
  Pass deliver_due(const std::stop_token& stop, int batch = 50);

 private:
  void record_failure(const OutboxMessage& message, const mail::Delivery& delivery, std::int64_t now,
                      Pass& pass);

  OutboxStore& store_;
  mail::Transport& transport_;
  const Clock& clock_;
  RetryPolicy retry_;
  MailSender from_;
};

// The background thread that empties the outbox. It runs a pass when woken
// (wake(): new mail was queued), when the earliest waiting message falls due,
// and at least every 30 seconds. After a wake it lets the queuing
// transaction commit (a short pause) and looks again a little later, because
// a message queued inside a caller's longer transaction becomes visible only
// at its commit. `before_each_pass` runs first in every pass (the daily
// digest job). Errors in a pass are logged and the thread carries on.
// RAII: the thread starts in the constructor and stop() (or the destructor)
// interrupts a send in progress and joins it. Thread-safe.
class OutboxSender {
 public:
  OutboxSender(OutboxDelivery& delivery, OutboxStore& store, const Clock& clock,
               std::function<void()> before_each_pass = {});
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // Asks for a pass now. Cheap; callable from any thread.
  void wake();
  // Stops the thread and waits for it. Idempotent.
  void stop();

 private:
  void run(const std::stop_token& stop);
  // How long to sleep before the next pass.
  std::chrono::milliseconds next_wait(bool after_wake);

  OutboxDelivery& delivery_;
  OutboxStore& store_;
  const Clock& clock_;
  std::function<void()> before_each_pass_;
  std::mutex mutex_;
  std::condition_variable_any woken_;
  bool wake_requested_ = false;  // guarded by mutex_
  std::jthread thread_;          // last: starts once everything above exists
};

}  // namespace hearth::features::notifications
