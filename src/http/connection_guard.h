#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace hearth::http {

// Ends client connections that hold a worker thread without sending a request
// (issue 8). cpp-httplib 0.11 bounds each read by read_timeout but not a whole
// request, so a client sending one header byte a second holds its thread for
// ever (slowloris), and each connection that sends nothing holds one for
// keep_alive_timeout while other visitors queue behind it.
//
// A thread looks at the server's connections every 200 ms (the process's TCP
// sockets whose local address is the listening socket's: httplib has no hook
// on accept) and shuts down the reading side of one that is waiting for a
// request when
//  - the request line and headers have not all arrived within
//    `request_deadline` of the connection opening or its previous response, or
//    the body within `body_deadline` (+1 s per `body_bytes_per_second` of
//    Content-Length) of the headers; or
//  - `others_waiting()` says connections are queued for a worker and it has
//    been open for `idle_grace_when_busy` without sending anything (a request
//    already in its socket buffer is still read and answered first, as
//    SHUT_RD keeps buffered data).
// A keep-alive connection that has had a response is not cut for being idle:
// its client may be sending the next request at that very moment, and a
// client does not retry a POST whose connection was reset (Node's fetch does
// not). While others wait, each response says "Connection: close" instead (the
// server's pre-routing handler), and httplib ends an idle keep-alive
// connection after keep_alive_timeout.
// httplib then reads end-of-file and closes the connection. A request already
// received is never cut: its response is written as usual.
//
// The server reports each connection's progress through the *_for methods,
// keyed by the client address and port as httplib reports them (calls for an
// unknown or empty address do nothing). Thread-safe.
class ConnectionGuard {
 public:
  struct Limits {
    std::chrono::milliseconds request_deadline{12000};
    std::chrono::milliseconds body_deadline{10000};
    std::size_t body_bytes_per_second = 64 * 1024;
    std::chrono::milliseconds idle_grace_when_busy{500};
  };

  ConnectionGuard(Limits limits, std::function<bool()> others_waiting);
  ~ConnectionGuard();
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // Starts watching the connections accepted on `listening_socket`. Once only.
  void start(int listening_socket);
  // Stops the thread. Idempotent.
  void stop();

  // The request line and headers have arrived; a body of `content_length` bytes follows.
  void headers_received_for(const std::string& address, int port, std::size_t content_length);
  // The whole request has arrived and is being handled: never cut now.
  void request_received_for(const std::string& address, int port);
  // The response has been written; the connection may wait for another request.
  void response_written_for(const std::string& address, int port);

 private:
  using Clock = std::chrono::steady_clock;
  enum class Phase { kWaitingForRequest, kReadingBody, kHandling, kCut };
  struct Connection {
    int fd = -1;  // -1 until a scan has seen it
    Phase phase = Phase::kWaitingForRequest;
    bool answered = false;  // a response has been written on it
    Clock::time_point since;
    Clock::time_point deadline;
  };

  void watch();
  void scan_once();
  void set_phase(const std::string& address, int port, Phase phase, std::chrono::milliseconds allowance);

  const Limits limits_;
  const std::function<bool()> others_waiting_;
  int listening_socket_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // Guarded by mutex_.
  bool stopping_ = false;
  std::map<std::string, Connection> connections_;  // by "address port"
};

}  // namespace hearth::http
