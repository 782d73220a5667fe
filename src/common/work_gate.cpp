#include "common/work_gate.h"

#include <algorithm>

namespace hearth {
namespace {
// The gate whose slot this thread holds; null when it holds none.
thread_local WorkGate* held_gate = nullptr;
}  // namespace

WorkGate::WorkGate(int slots) : slots_(std::max(1, slots)), free_slots_(slots_) {}

int WorkGate::waiting() const {
  const std::lock_guard lock(mutex_);
  return static_cast<int>(waiters_.size());
}

void WorkGate::acquire() {
  std::unique_lock lock(mutex_);
  if (free_slots_ > 0) {
    --free_slots_;
    return;
  }
  Waiter waiter;
  waiters_.push_back(&waiter);
  waiter.granted_signal.wait(lock, [&waiter] { return waiter.granted; });
}

void WorkGate::release() {
  const std::lock_guard lock(mutex_);
  if (waiters_.empty()) {
    ++free_slots_;
    return;
  }
  // Notified under the lock: the waiter cannot return, and destroy its
  // condition variable, before the lock is released.
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->granted = true;
  next->granted_signal.notify_one();
}

WorkGate::Slot::Slot(WorkGate& gate) : gate_(held_gate == nullptr ? &gate : nullptr) {
  if (gate_ == nullptr) return;
  gate_->acquire();
  held_gate = gate_;
}

WorkGate::Slot::~Slot() {
  if (gate_ == nullptr) return;
  held_gate = nullptr;
  gate_->release();
}

WorkGate::Pause::Pause() : gate_(held_gate) {
  if (gate_ == nullptr) return;
  held_gate = nullptr;
  gate_->release();
}

WorkGate::Pause::~Pause() {
  if (gate_ == nullptr) return;
  gate_->acquire();
  held_gate = gate_;
}

}  // namespace hearth
