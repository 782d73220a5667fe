#include "http/redirect_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "common/log.h"

namespace hearth::http {

std::string redirect_location(std::string_view https_origin, std::string_view target) {
  const bool origin_form = !target.empty() && target.front() == '/' && !target.starts_with("//");
  return std::string(https_origin) + (origin_form ? std::string(target) : std::string("/"));
}

struct RedirectServer::Impl {
  std::string listen_address;
  int port = 0;
  std::string https_origin;
  httplib::Server server;
  // serve() and stop() may race (stop() right after the serving thread was
  // started); these make stop() wait until the accept loop is running.
  std::mutex state_mutex;
  bool stopping = false;             // guarded by state_mutex
  std::atomic<bool> serving{false};  // serve() is inside listen_after_bind()
};

RedirectServer::RedirectServer(std::string listen_address, int port, std::string https_origin)
    : impl_(std::make_unique<Impl>()) {
  impl_->listen_address = std::move(listen_address);
  impl_->port = port;
  impl_->https_origin = std::move(https_origin);
  auto& server = impl_->server;
  server.new_task_queue = [] { return new httplib::ThreadPool(4); };
  server.set_keep_alive_max_count(1);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_payload_max_length(64 * 1024);
  // Every request (known methods or not, malformed or not) ends here: the
  // pre-routing hook answers before httplib looks for a handler.
  server.set_pre_routing_handler(
      [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
        response.status = 308;
        response.set_header("Location", redirect_location(impl->https_origin, request.target));
        response.set_header("Cache-Control", "no-store");
        response.set_content("Hearth is served over HTTPS.\n", "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      });
  server.set_error_handler(
      [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
        // Requests httplib rejects before routing (bad request line, unknown
        // method) still get the redirect rather than an error page.
        response.status = 308;
        response.set_header("Location", redirect_location(impl->https_origin, request.target));
      });
}

RedirectServer::~RedirectServer() {
  stop();
}

int RedirectServer::bind() {
  auto& impl = *impl_;
  const bool ok = impl.port == 0 ? (impl.port = impl.server.bind_to_any_port(impl.listen_address)) > 0
                                 : impl.server.bind_to_port(impl.listen_address, impl.port);
  if (!ok) {
    throw Error::unavailable(
        fmt::format("Could not listen on {}:{} for the HTTP to HTTPS redirect. Is another "
                    "program using that port?",
                    impl.listen_address, impl.port));
  }
  return impl.port;
}

void RedirectServer::serve() {
  {
    std::lock_guard lock(impl_->state_mutex);
    if (impl_->stopping) return;
    impl_->serving = true;
  }
  impl_->server.listen_after_bind();
  impl_->serving = false;
}

void RedirectServer::stop() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->state_mutex);
    impl_->stopping = true;
  }
  while (impl_->serving && !impl_->server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (impl_->server.is_running()) impl_->server.stop();
}

}  // namespace hearth::http
