#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace hearth::testing {

// A TCP listener on 127.0.0.1 (ephemeral port) that accepts every connection
// and never sends a byte, so a client's connect succeeds and its first request
// waits until the client's own timeout. For timeout and failover tests.
// Connections stay open until the server is destroyed.
class SilentServer {
 public:
  // Throws std::system_error if the socket cannot be set up.
  SilentServer();
  ~SilentServer();
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  int port() const { return port_; }
  std::string ldap_url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }
  std::string ldaps_url() const { return "ldaps://127.0.0.1:" + std::to_string(port_); }
  // How many connections have been accepted so far. Thread-safe.
  int connections_accepted() const { return accepted_count_.load(); }

 private:
  void accept_loop();

  int listen_fd_ = -1;
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_count_{0};
  std::vector<int> accepted_fds_;  // touched by the accept thread only
  std::thread thread_;
};

// Returns a port on 127.0.0.1 on which nothing listens (it was free a moment
// ago), so connecting to it is refused at once.
int unused_local_port();

}  // namespace hearth::testing
