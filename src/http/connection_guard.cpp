#include "http/connection_guard.h"

#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>
#include <utility>
#include <vector>

#include "common/log.h"

namespace hearth::http {
namespace {

std::string key_of(const std::string& address, int port) {
  return address + " " + std::to_string(port);
}

// The numeric address and port of `address` as httplib formats a client's.
std::string key_of(const sockaddr_storage& address, socklen_t length) {
  int port = 0;
  if (address.ss_family == AF_INET) port = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  std::array<char, NI_MAXHOST> host{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(), nullptr, 0,
                    NI_NUMERICHOST) != 0) {
    return {};
  }
  return key_of(host.data(), port);
}

bool same_port(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(&a)->sin_port ==
           reinterpret_cast<const sockaddr_in*>(&b)->sin_port;
  }
  if (a.ss_family == AF_INET6) {
    return reinterpret_cast<const sockaddr_in6*>(&a)->sin6_port ==
           reinterpret_cast<const sockaddr_in6*>(&b)->sin6_port;
  }
  return false;
}

// If `fd` is a connection accepted on a socket bound to `listening`, its
// client's key; otherwise "".
std::string accepted_connection_key(int fd, const sockaddr_storage& listening) {
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) return {};  // not a socket
  if (!same_port(local, listening)) return {};
  int listens = 0;
  socklen_t option_length = sizeof listens;
  if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listens, &option_length) != 0 || listens != 0) return {};
  sockaddr_storage peer{};
  length = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0) return {};
  return key_of(peer, length);
}

}  // namespace

ConnectionGuard::ConnectionGuard(Limits limits, std::function<bool()> others_waiting)
    : limits_(limits), others_waiting_(std::move(others_waiting)) {}

ConnectionGuard::~ConnectionGuard() {
  stop();
}

void ConnectionGuard::start(int listening_socket) {
  if (thread_.joinable() || listening_socket < 0) return;
  listening_socket_ = listening_socket;
  thread_ = std::thread([this] { watch(); });
}

void ConnectionGuard::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConnectionGuard::headers_received_for(const std::string& address, int port, std::size_t content_length) {
  const auto per_second = std::max<std::size_t>(1, limits_.body_bytes_per_second);
  // Bounded so that an absurd Content-Length (refused later by httplib) cannot overflow the clock.
  const auto bytes = std::min<std::size_t>(content_length, std::size_t{1} << 30);
  const auto allowance = limits_.body_deadline + std::chrono::seconds(bytes / per_second);
  set_phase(address, port, Phase::kReadingBody,
            std::chrono::duration_cast<std::chrono::milliseconds>(allowance));
}

void ConnectionGuard::request_received_for(const std::string& address, int port) {
  set_phase(address, port, Phase::kHandling, {});
}

void ConnectionGuard::response_written_for(const std::string& address, int port) {
  set_phase(address, port, Phase::kWaitingForRequest, limits_.request_deadline);
}

void ConnectionGuard::set_phase(const std::string& address, int port, Phase phase,
                                std::chrono::milliseconds allowance) {
  if (address.empty() || port < 0) return;
  const auto now = Clock::now();
  const std::lock_guard lock(mutex_);
  auto& connection = connections_[key_of(address, port)];
  if (connection.phase == Phase::kCut) return;
  // Only response_written_for() sets kWaitingForRequest (a new connection starts in it by default).
  connection.answered = connection.answered || phase == Phase::kWaitingForRequest;
  connection.phase = phase;
  connection.since = now;
  connection.deadline = now + allowance;
}

void ConnectionGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (stopping_) break;
    lock.unlock();
    scan_once();
    lock.lock();
  }
}

void ConnectionGuard::scan_once() {
  sockaddr_storage listening{};
  socklen_t length = sizeof listening;
  if (::getsockname(listening_socket_, reinterpret_cast<sockaddr*>(&listening), &length) != 0) return;

  struct Open {
    int fd;
    std::string key;
    bool idle;  // nothing received and unread
  };
  std::vector<Open> open;
  if (DIR* folder = ::opendir("/proc/self/fd")) {
    const int own = ::dirfd(folder);
    while (const dirent* entry = ::readdir(folder)) {
      char* end = nullptr;
      const long fd = std::strtol(entry->d_name, &end, 10);
      if (end == entry->d_name || *end != '\0' || fd == own || fd == listening_socket_) continue;
      auto key = accepted_connection_key(static_cast<int>(fd), listening);
      if (key.empty()) continue;
      int unread = 0;
      const bool idle = ::ioctl(static_cast<int>(fd), FIONREAD, &unread) == 0 && unread == 0;
      open.push_back({static_cast<int>(fd), std::move(key), idle});
    }
    ::closedir(folder);
  }

  const auto now = Clock::now();
  const bool busy = others_waiting_ && others_waiting_();
  std::vector<std::pair<int, std::string>> to_cut;
  {
    const std::lock_guard lock(mutex_);
    std::set<std::string> seen;
    for (const auto& [fd, key, idle] : open) {
      seen.insert(key);
      auto [found, added] = connections_.try_emplace(key);
      auto& connection = found->second;
      if (added) {
        connection.since = now;
        connection.deadline = now + limits_.request_deadline;
      }
      connection.fd = fd;
      const bool waiting = connection.phase == Phase::kWaitingForRequest;
      const bool reading = waiting || connection.phase == Phase::kReadingBody;
      const bool overdue = now > connection.deadline;
      const bool idle_too_long = busy && waiting && idle && !connection.answered &&
                                 now - connection.since > limits_.idle_grace_when_busy;
      if (reading && (overdue || idle_too_long)) {
        connection.phase = Phase::kCut;
        to_cut.emplace_back(fd, key);
      }
    }
    // Forget closed connections; keep for a while those reported before a scan saw them.
    for (auto it = connections_.begin(); it != connections_.end();) {
      const bool stale = it->second.fd >= 0 || now - it->second.since > std::chrono::seconds(5);
      it = !seen.contains(it->first) && stale ? connections_.erase(it) : std::next(it);
    }
  }
  for (const auto& [fd, key] : to_cut) {
    // The descriptor may have been closed and reused since the scan.
    if (accepted_connection_key(fd, listening) != key) continue;
    ::shutdown(fd, SHUT_RD);
    log::info("http: closed a connection that sent no complete request in time (slow or idle client)");
  }
}

}  // namespace hearth::http
