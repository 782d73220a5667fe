#include "common/work_gate.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace hearth {
namespace {

using std::chrono::milliseconds;

// Waits (up to 5 s) until `condition` holds; returns whether it did.
template <typename Condition>
bool eventually(Condition condition) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

}  // namespace

TEST_CASE("at most `slots` threads work at once, however many ask", "[common][work_gate]") {
  WorkGate gate(3);
  CHECK(gate.slots() == 3);
  std::atomic<int> working{0};
  std::atomic<int> most{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const WorkGate::Slot slot(gate);
        const int now = ++working;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --working;
      }
      ++done;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(done == 16);
  CHECK(most == 3);  // all three were used, never a fourth
  CHECK(gate.waiting() == 0);
}

TEST_CASE("a freed slot goes to the thread that has waited longest", "[common][work_gate]") {
  WorkGate gate(1);
  std::vector<int> order;
  std::mutex order_mutex;
  std::vector<std::thread> threads;
  {
    const WorkGate::Slot held(gate);
    for (int t = 0; t < 5; ++t) {
      threads.emplace_back([&, t] {
        const WorkGate::Slot slot(gate);
        const std::lock_guard lock(order_mutex);
        order.push_back(t);
      });
      // Thread t is queued before thread t + 1 starts.
      REQUIRE(eventually([&] { return gate.waiting() == t + 1; }));
    }
  }
  for (auto& thread : threads) thread.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("a slot inside a slot shares the outer one", "[common][work_gate]") {
  WorkGate gate(1);
  WorkGate other(1);
  const WorkGate::Slot outer(gate);
  // With one slot, taking a second one would wait for ever.
  const WorkGate::Slot inner(gate);
  const WorkGate::Slot elsewhere(other);
  std::atomic<bool> got_other{false};
  std::thread visitor([&] {
    const WorkGate::Slot slot(other);  // `other` was never taken by this thread's nesting
    got_other = true;
  });
  visitor.join();
  CHECK(got_other);
}

TEST_CASE("Pause lends the slot to a waiting thread and takes one back afterwards", "[common][work_gate]") {
  WorkGate gate(1);
  std::atomic<bool> visitor_worked{false};
  std::atomic<bool> release_visitor{false};
  std::atomic<bool> late_worked{false};
  std::thread visitor;
  std::thread late;
  {
    const WorkGate::Slot slot(gate);
    visitor = std::thread([&] {
      const WorkGate::Slot visitor_slot(gate);
      visitor_worked = true;
      while (!release_visitor) std::this_thread::sleep_for(milliseconds(1));
    });
    REQUIRE(eventually([&] { return gate.waiting() == 1; }));
    CHECK_FALSE(visitor_worked);
    {
      // e.g. a sign-in waiting on a slow directory
      const WorkGate::Pause pause;
      CHECK(eventually([&] { return visitor_worked.load(); }));
      release_visitor = true;
    }  // waits until the visitor is done, then holds the slot again
    visitor.join();
    CHECK(gate.waiting() == 0);
    // Holding it again: a new thread has to wait until this scope ends.
    late = std::thread([&] {
      const WorkGate::Slot late_slot(gate);
      late_worked = true;
    });
    REQUIRE(eventually([&] { return gate.waiting() == 1; }));
    CHECK_FALSE(late_worked);
  }
  late.join();
  CHECK(late_worked);
  CHECK(gate.waiting() == 0);
}

TEST_CASE("Pause on a thread without a slot does nothing", "[common][work_gate]") {
  WorkGate gate(1);
  {
    const WorkGate::Pause pause;
    CHECK(gate.waiting() == 0);
  }
  // The gate's one slot is still free.
  const WorkGate::Slot slot(gate);
  CHECK(gate.waiting() == 0);
}

TEST_CASE("a gate has at least one slot", "[common][work_gate]") {
  CHECK(WorkGate(0).slots() == 1);
  CHECK(WorkGate(-5).slots() == 1);
}

}  // namespace hearth
