#pragma once

#include <atomic>
#include <cstdint>

namespace hearth {

// Wall-clock time in whole seconds since the Unix epoch, behind an interface
// so that session expiry and throttling can be tested without sleeping.
// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_seconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_seconds() const override;
};

// A clock that moves only when told to. For tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start) : now_(start) {}
  std::int64_t now_seconds() const override { return now_.load(); }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace hearth
