#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "http/dispatcher.h"

namespace hearth::http {

struct ServerOptions {
  std::string listen_address = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (tests)
  int threads = 64;
  int work_slots = 0;  // DispatcherOptions::work_slots, set from [server] with the rest
  int keep_alive_max_requests = 100;
  int keep_alive_timeout_seconds = 2;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  std::size_t max_body_bytes = 1024 * 1024;
  std::string tls_certificate_file;  // both set: serve HTTPS
  std::string tls_private_key_file;
};

// The HTTP listener: cpp-httplib behind the Dispatcher. httplib headers are
// included by http/server.cpp only.
class HttpServer {
 public:
  HttpServer(const Dispatcher& dispatcher, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket and returns the port. Throws hearth::Error
  // (kUnavailable) if the address is in use or TLS files cannot be loaded.
  int bind();
  // Serves on the bound socket until stop() is called from another thread.
  void serve();
  // Stops accepting and returns once in-flight requests finish. Idempotent.
  void stop();
  // True between serve() starting to accept and stop().
  bool is_running() const;

  // Reload (SIGHUP). Requests that start after this call are handled by
  // `dispatcher`; requests already running finish on the one they started
  // with, and the server keeps its reference to `dispatcher` (and so
  // whatever owns it, through an aliasing shared_ptr) until the next call or
  // its destruction. Thread-safe; may be called while serving.
  void use_dispatcher(std::shared_ptr<const Dispatcher> dispatcher);
  // Reload (SIGHUP) with HTTPS: TLS handshakes that start after this call
  // present the certificate chain and key from these files; connections
  // already open keep theirs. Throws hearth::Error (kUnavailable) and keeps
  // the current certificate if a file cannot be read, is not PEM, or the key
  // does not match the certificate. Thread-safe. Returns false, changing
  // nothing, when this server does not serve HTTPS.
  bool reload_certificate(const std::string& certificate_file, const std::string& private_key_file);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::http
