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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::http
