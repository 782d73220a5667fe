#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace hearth {

// Lets at most `slots` threads work on requests at once; the others wait for
// a slot in the order they asked. The server has a thread per open
// connection (64 by default) because a keep-alive connection holds its
// thread, but a request's memory (its database reads, the page's view model,
// the rendered page) peaks while it is worked on: with every thread building
// a large page at once, memory grows with the connections although two CPUs
// build no more than two at a time. Through the gate it grows with the slots
// instead (peak RSS after 64 connections on /events: 204 MiB without the
// gate, 150 MiB with it; tests/bench/RESULTS.md, Findings item 6).
//
// A thread holds at most one slot. A slot is held for a whole request,
// except where the thread waits on the network for a long time (the
// directory): Pause gives the slot to the next waiter meanwhile, so a silent
// directory cannot take every slot. Thread-safe.
class WorkGate {
 public:
  // At least one slot.
  explicit WorkGate(int slots);
  // No thread may hold or wait for a slot any more.
  ~WorkGate() = default;
  WorkGate(const WorkGate&) = delete;
  WorkGate& operator=(const WorkGate&) = delete;

  int slots() const { return slots_; }
  // Threads waiting for a slot now.
  int waiting() const;

  // Holds a slot of `gate` from construction (waiting for one, first come
  // first served) to destruction. If this thread already holds a slot, of
  // any gate, it does nothing: nested work shares the outer slot.
  class Slot {
   public:
    explicit Slot(WorkGate& gate);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    WorkGate* gate_;  // null: did not take a slot
  };

  // Gives up the slot this thread holds, if any, until destruction, and then
  // waits for a slot again (behind those already waiting). Does nothing on a
  // thread without a slot.
  class Pause {
   public:
    Pause();
    ~Pause();
    Pause(const Pause&) = delete;
    Pause& operator=(const Pause&) = delete;

   private:
    WorkGate* gate_;  // the gate to return to; null: held none
  };

 private:
  struct Waiter {
    std::condition_variable granted_signal;
    bool granted = false;
  };
  void acquire();
  void release();

  const int slots_;
  mutable std::mutex mutex_;
  // Guarded by mutex_. A released slot goes straight to the first waiter, so
  // free_slots_ is above zero only while nobody waits.
  int free_slots_;
  std::deque<Waiter*> waiters_;
};

}  // namespace hearth
