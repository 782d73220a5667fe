#pragma once

#include <memory>
#include <string>

namespace hearth::http {

// A plain-HTTP listener that answers every request, whatever its method or
// path, with 308 Permanent Redirect to the same path and query on
// `https_origin` ("https://hearth.hospital.example[:port]"), and nothing
// else: no route, no session, no page. Used when Hearth serves HTTPS itself
// and server.redirect_http_port is set.
class RedirectServer {
 public:
  RedirectServer(std::string listen_address, int port, std::string https_origin);
  ~RedirectServer();
  RedirectServer(const RedirectServer&) = delete;
  RedirectServer& operator=(const RedirectServer&) = delete;

  // Binds the socket and returns the port. Throws hearth::Error (kUnavailable)
  // if the address is in use.
  int bind();
  // Serves until stop() is called from another thread.
  void serve();
  // Stops accepting; idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The Location for a request target on the plain listener: `https_origin`
// followed by the target when it is an origin-form path ("/x?y"), else "/".
std::string redirect_location(std::string_view https_origin, std::string_view target);

}  // namespace hearth::http
