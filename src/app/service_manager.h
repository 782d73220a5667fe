#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

namespace hearth::app {

// What `serve` tells systemd's service manager (Type=notify units): READY=1
// once the listener is bound, RELOADING=1 … READY=1 around a reload,
// STOPPING=1, and WATCHDOG=1 pings while the process is healthy.
// libsystemd is included by service_manager.cpp only.
//
// Outside systemd (NOTIFY_SOCKET unset: a terminal, the tests, `hearth demo`
// by hand) every call does nothing. A failed notification is logged and is
// not an error: the service manager then handles the unit as it would any
// silent service (a start-up timeout, or a watchdog restart).
class ServiceManager {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC/WATCHDOG_PID from the environment.
  ServiceManager();
  // Stops the watchdog thread (without sending STOPPING=1).
  ~ServiceManager();
  ServiceManager(const ServiceManager&) = delete;
  ServiceManager& operator=(const ServiceManager&) = delete;

  // True when started by a service manager that listens for notifications.
  bool is_supervised() const { return supervised_; }
  // The watchdog interval the unit asked for (WatchdogSec=); zero when none.
  std::chrono::microseconds watchdog_interval() const { return watchdog_interval_; }

  // READY=1 with a one-line STATUS= (e.g. "Listening on https://0.0.0.0:8443").
  void ready(std::string_view status);
  // RELOADING=1; follow with ready() once the reload is done (or refused).
  void reloading();
  // STOPPING=1: the process is shutting down on purpose.
  void stopping();

  // Starts a thread that sends WATCHDOG=1 at once (call it on a healthy
  // application), then calls `healthy` every half watchdog interval and
  // sends WATCHDOG=1 when it returns true; when it returns false (or throws)
  // no ping is sent, so systemd restarts the service once the interval
  // passes. Does nothing without a watchdog. `healthy` must be thread-safe
  // and must outlive this object (or the next stop_watchdog()). Call once.
  void start_watchdog(std::function<bool()> healthy);
  // Stops and joins the watchdog thread. Idempotent.
  void stop_watchdog();

 private:
  void notify(std::string_view state) const;
  void run_watchdog(const std::function<bool()>& healthy);

  bool supervised_ = false;
  std::chrono::microseconds watchdog_interval_{0};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread watchdog_;
};

}  // namespace hearth::app
