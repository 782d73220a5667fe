#include "app/service_manager.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "common/log.h"

namespace hearth::app {

ServiceManager::ServiceManager() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  supervised_ = socket != nullptr && *socket != '\0';
  if (!supervised_) return;
  std::uint64_t interval = 0;
  // > 0: a watchdog is enabled for this process (WATCHDOG_PID, when set, names us).
  if (sd_watchdog_enabled(0, &interval) > 0) watchdog_interval_ = std::chrono::microseconds(interval);
}

ServiceManager::~ServiceManager() {
  stop_watchdog();
}

void ServiceManager::notify(std::string_view state) const {
  if (!supervised_) return;
  const std::string message(state);
  const int result = sd_notify(0, message.c_str());
  if (result < 0) log::warn("systemd: could not notify the service manager: {}", std::strerror(-result));
}

void ServiceManager::ready(std::string_view status) {
  notify(fmt::format("READY=1\nSTATUS={}", status));
}

void ServiceManager::reloading() {
  notify("RELOADING=1\nSTATUS=Reloading the configuration");
}

void ServiceManager::stopping() {
  notify("STOPPING=1\nSTATUS=Stopping");
}

void ServiceManager::start_watchdog(std::function<bool()> healthy) {
  if (!supervised_ || watchdog_interval_.count() == 0 || watchdog_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  watchdog_ = std::thread([this, healthy = std::move(healthy)] { run_watchdog(healthy); });
}

void ServiceManager::stop_watchdog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void ServiceManager::run_watchdog(const std::function<bool()>& healthy) {
  // The caller starts the watchdog on an application it just found healthy.
  notify("WATCHDOG=1");
  const auto period = watchdog_interval_ / 2;
  bool was_healthy = true;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    bool ok = false;
    try {
      ok = healthy();
    } catch (const std::exception& error) {
      log::error("systemd: health check failed: {}", error.what());
    }
    if (ok) {
      notify("WATCHDOG=1");
      if (!was_healthy) log::info("systemd: healthy again; watchdog pings resumed");
    } else if (was_healthy) {
      log::error("systemd: unhealthy; watchdog pings withheld (systemd restarts Hearth if this lasts)");
    }
    was_healthy = ok;
    lock.lock();
  }
}

}  // namespace hearth::app
