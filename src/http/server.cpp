#include "http/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "common/error.h"
#include "common/log.h"
#include "http/connection_guard.h"
#include "http/tls_policy.h"

namespace hearth::http {
namespace {

// Name of a request header used only inside this file to carry whether the
// client accepts gzip after Accept-Encoding has been removed (see below).
constexpr const char* kAcceptsGzipHeader = "X-Hearth-Internal-Accepts-Gzip";
// Carries a form body's Content-Type past httplib (see the pre-routing handler).
constexpr const char* kFormContentTypeHeader = "X-Hearth-Internal-Form-Content-Type";
// The most request header bytes (names and values) accepted: httplib 0.11
// limits each line to 8 KiB but not their number. Larger requests get 431.
constexpr std::size_t kMaxHeaderBlockBytes = 64 * 1024;

Method to_method(const std::string& method) {
  if (method == "GET") return Method::kGet;
  if (method == "HEAD") return Method::kHead;
  if (method == "POST") return Method::kPost;
  if (method == "PUT") return Method::kPut;
  if (method == "PATCH") return Method::kPatch;
  if (method == "DELETE") return Method::kDelete;
  if (method == "OPTIONS") return Method::kOptions;
  return Method::kOther;
}

// httplib's thread pool, counting the connections accepted but not yet taken
// by a worker in `waiting`. httplib keeps a keep-alive connection on its
// worker for up to keep_alive_max_requests requests, so with more busy
// connections than threads the others wait in the queue for seconds (p99 of
// 7.7 s at 256 connections, measured in tests/bench); while `waiting` is
// above zero each connection gives up its worker after the current request
// instead (see the pre-routing handler), and connections take turns.
class CountingThreadPool : public httplib::TaskQueue {
 public:
  CountingThreadPool(std::size_t threads, std::atomic<int>& waiting) : pool_(threads), waiting_(waiting) {}

  void enqueue(std::function<void()> task) override {
    waiting_.fetch_add(1, std::memory_order_relaxed);
    pool_.enqueue([this, task = std::move(task)] {
      waiting_.fetch_sub(1, std::memory_order_relaxed);
      task();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<int>& waiting_;
};

// httplib::Server with access to its listening socket. Debian's cpp-httplib
// 0.11.4 is a compiled library whose listen backlog is hard-coded to 5; with
// 64 or more clients connecting at once the SYN queue overflows and clients
// wait for SYN retransmits (200-700 ms p99 measured). Calling ::listen() again
// on the bound socket raises the backlog before the accept loop starts.
template <typename Base>
class TunedServer : public Base {
 public:
  using Base::Base;
  void raise_listen_backlog(int backlog) {
    const auto socket = this->svr_sock_.load();
    if (socket != INVALID_SOCKET && ::listen(socket, backlog) != 0) {
      log::warn("http: could not raise the listen backlog to {}", backlog);
    }
  }
  int listening_socket() const { return static_cast<int>(this->svr_sock_.load()); }
};

// A certificate chain and its private key as handshakes present them (see
// reload_certificate()). Immutable once loaded; shared by every handshake
// that took it, freed with the last.
struct TlsCredentials {
  struct FreeX509 {
    void operator()(X509* certificate) const noexcept { X509_free(certificate); }
  };
  struct FreeKey {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
  };
  struct FreeChain {
    void operator()(STACK_OF(X509) * chain) const noexcept { sk_X509_pop_free(chain, X509_free); }
  };
  std::unique_ptr<X509, FreeX509> certificate;
  std::unique_ptr<STACK_OF(X509), FreeChain> chain;  // the intermediates after the first certificate
  std::unique_ptr<EVP_PKEY, FreeKey> key;
};

// Reads a PEM certificate chain (leaf first) and its key the way
// SSL_CTX_use_certificate_chain_file() would. Throws hearth::Error
// (kUnavailable) when a file cannot be read or the key does not match.
std::shared_ptr<const TlsCredentials> load_tls_credentials(const std::string& certificate_file,
                                                           const std::string& private_key_file) {
  const auto fail = [&](std::string_view what) {
    ERR_clear_error();
    return Error::unavailable(
        "Could not load the TLS certificate or key.",
        fmt::format("TLS certificate {} / key {}: {}", certificate_file, private_key_file, what));
  };
  struct FreeBio {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
  };
  auto credentials = std::make_shared<TlsCredentials>();
  std::unique_ptr<BIO, FreeBio> certificates(BIO_new_file(certificate_file.c_str(), "r"));
  if (!certificates) throw fail("cannot read the certificate file");
  credentials->certificate.reset(PEM_read_bio_X509_AUX(certificates.get(), nullptr, nullptr, nullptr));
  if (!credentials->certificate) throw fail("no PEM certificate in the certificate file");
  credentials->chain.reset(sk_X509_new_null());
  while (X509* intermediate = PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr)) {
    if (sk_X509_push(credentials->chain.get(), intermediate) == 0) {
      X509_free(intermediate);
      throw fail("out of memory");
    }
  }
  ERR_clear_error();  // the loop above ends on "no start line"
  std::unique_ptr<BIO, FreeBio> keys(BIO_new_file(private_key_file.c_str(), "r"));
  if (!keys) throw fail("cannot read the key file");
  credentials->key.reset(PEM_read_bio_PrivateKey(keys.get(), nullptr, nullptr, nullptr));
  if (!credentials->key) throw fail("no unencrypted PEM private key in the key file");
  if (X509_check_private_key(credentials->certificate.get(), credentials->key.get()) != 1) {
    throw fail("the private key does not match the certificate");
  }
  return credentials;
}

}  // namespace

struct HttpServer::Impl {
  // The dispatcher new requests use; see use_dispatcher(). Guarded by dispatcher_mutex.
  std::shared_ptr<const Dispatcher> dispatcher_in_use;
  ServerOptions options;
  std::unique_ptr<httplib::Server> server;
  std::function<void(int)> raise_backlog;
  std::function<int()> listening_socket;
  // Ends slow and idle connections (see ConnectionGuard); started by bind().
  std::unique_ptr<ConnectionGuard> guard;
  // Connections waiting for a worker thread (CountingThreadPool).
  std::atomic<int> waiting_connections{0};
  bool tls = false;
  mutable std::mutex dispatcher_mutex;
  // HTTPS: what new handshakes present (see present_certificate). Guarded by credentials_mutex.
  std::shared_ptr<const TlsCredentials> credentials;
  mutable std::mutex credentials_mutex;

  std::shared_ptr<const Dispatcher> dispatcher() const {
    std::lock_guard lock(dispatcher_mutex);
    return dispatcher_in_use;
  }

  // OpenSSL's certificate callback, run in every server handshake after the
  // ClientHello: sets the current certificate, chain and key on the
  // connection. Returns 1 (go on) or 0 (abort the handshake).
  static int present_certificate(SSL* ssl, void* self) {
    std::shared_ptr<const TlsCredentials> current;
    {
      const auto* impl = static_cast<const Impl*>(self);
      std::lock_guard lock(impl->credentials_mutex);
      current = impl->credentials;
    }
    if (!current) return 1;  // the context's own certificate
    return SSL_use_cert_and_key(ssl, current->certificate.get(), current->key.get(), current->chain.get(),
                                1) == 1
               ? 1
               : 0;
  }

  Request convert(const httplib::Request& in) const {
    Request out;
    out.method = to_method(in.method);
    out.path = in.path;
    out.target = in.target;
    out.remote_address = in.remote_addr;
    out.is_tls = tls;
    for (const auto& [name, value] : in.headers) {
      if (name == kAcceptsGzipHeader) {
        out.accepts_gzip = value == "1";
      } else if (name == kFormContentTypeHeader) {
        out.headers.emplace("Content-Type", value);
      } else {
        out.headers.emplace(name, value);
      }
    }
    for (const auto& [name, value] : in.params) out.query.add(name, value);
    // multipart/form-data (file uploads) arrives parsed by httplib, within
    // max_body_bytes: text fields join the form (the CSRF token among them),
    // file parts go to `files`.
    for (const auto& [name, part] : in.files) {
      if (part.filename.empty()) {
        out.form.add(name, part.content);
      } else {
        out.files.push_back({name, part.filename, part.content_type, part.content});
      }
    }
    out.body = in.body;
    return out;
  }

  void respond(const httplib::Request& in, httplib::Response& out) const {
    guard->request_received_for(in.remote_addr, in.remote_port);
    std::size_t header_bytes = 0;
    for (const auto& [name, value] : in.headers) header_bytes += name.size() + value.size();
    if (header_bytes > kMaxHeaderBlockBytes) {
      out.status = 431;  // the error handler writes the page
      return;
    }
    Request request = convert(in);
    const auto content_type = request.header("Content-Type").value_or("");
    if (is_unsafe(request.method) && content_type.starts_with("application/x-www-form-urlencoded")) {
      auto form = parse_urlencoded(request.body);
      if (form) {
        request.form = std::move(*form);
      } else {
        // A malformed body is left empty; the handler's validation (and the
        // CSRF check, which needs the token field) turn that into a 4xx.
        log::info("http: malformed form body ignored");
      }
    }
    // Held until the response is built: a reload cannot free it meanwhile.
    const auto handling = dispatcher();
    Response response = handling->handle(request);
    out.status = response.status;
    for (const auto& [name, value] : response.headers) out.headers.emplace(name, value);
    out.set_content(std::move(response.body), response.content_type.c_str());
  }
};

HttpServer::HttpServer(const Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  // Not owned: the caller keeps `dispatcher` alive (a reload swaps in owned ones).
  impl_->dispatcher_in_use =
      std::shared_ptr<const Dispatcher>(std::shared_ptr<const Dispatcher>(), &dispatcher);
  impl_->options = std::move(options);
  auto& opt = impl_->options;
  if (!opt.tls_certificate_file.empty() && !opt.tls_private_key_file.empty()) {
    auto server = std::make_unique<TunedServer<httplib::SSLServer>>(opt.tls_certificate_file.c_str(),
                                                                    opt.tls_private_key_file.c_str());
    if (!server->is_valid()) {
      throw Error::unavailable("Could not load the TLS certificate or key.",
                               "TLS certificate " + opt.tls_certificate_file + " or key could not be loaded");
    }
    if (std::string problem; !apply_tls_policy(*server->ssl_context(), problem)) {
      throw Error::unavailable("Could not set up TLS.", "TLS policy: " + problem);
    }
    auto* raw = server.get();
    impl_->raise_backlog = [raw](int backlog) { raw->raise_listen_backlog(backlog); };
    impl_->listening_socket = [raw] { return raw->listening_socket(); };
    impl_->credentials = load_tls_credentials(opt.tls_certificate_file, opt.tls_private_key_file);
    SSL_CTX_set_cert_cb(raw->ssl_context(), &Impl::present_certificate, impl_.get());
    impl_->server = std::move(server);
    impl_->tls = true;
  } else {
    auto server = std::make_unique<TunedServer<httplib::Server>>();
    auto* raw = server.get();
    impl_->raise_backlog = [raw](int backlog) { raw->raise_listen_backlog(backlog); };
    impl_->listening_socket = [raw] { return raw->listening_socket(); };
    impl_->server = std::move(server);
  }
  auto& server = *impl_->server;

  // Nagle's algorithm delays small writes until the previous segment is
  // acknowledged; with delayed ACKs that added ~40 ms to every response
  // (40-400 req/s measured). Responses are written whole, so turn it off.
  server.set_tcp_nodelay(true);

  // httplib serves each keep-alive connection on one pool thread until the
  // connection closes, so the thread count is the number of browsers served
  // at once: with 8 threads, 8 idle keep-alive connections made the next
  // visitor wait 4.7 s (measured), and /groups at 64 connections had a p99 of
  // 5 s against 285 ms with 64 threads at the same throughput. Threads are
  // cheap while idle; a connection holds its thread for at most
  // keep_alive_timeout idle seconds and keep_alive_max_requests requests.
  const auto threads = static_cast<std::size_t>(std::max(1, opt.threads));
  server.new_task_queue = [threads, impl = impl_.get()] {
    return new CountingThreadPool(threads, impl->waiting_connections);
  };
  server.set_keep_alive_max_count(static_cast<std::size_t>(std::max(1, opt.keep_alive_max_requests)));
  server.set_keep_alive_timeout(opt.keep_alive_timeout_seconds);
  server.set_read_timeout(opt.read_timeout_seconds, 0);
  server.set_write_timeout(opt.write_timeout_seconds, 0);
  server.set_payload_max_length(opt.max_body_bytes);

  // A whole request must arrive within keep-alive wait + read timeout of the
  // connection opening or its previous response (httplib bounds single reads only).
  ConnectionGuard::Limits limits;
  limits.request_deadline = std::chrono::seconds(opt.keep_alive_timeout_seconds + opt.read_timeout_seconds);
  limits.body_deadline = std::chrono::seconds(opt.read_timeout_seconds);
  impl_->guard = std::make_unique<ConnectionGuard>(
      limits, [impl = impl_.get()] { return impl->waiting_connections.load(std::memory_order_relaxed) > 0; });
  server.set_logger([impl = impl_.get()](const httplib::Request& request, const httplib::Response&) {
    impl->guard->response_written_for(request.remote_addr, request.remote_port);
  });

  // Compression. With any Accept-Encoding that contains "br", this httplib
  // build compresses every text response with brotli at quality 11 (~14 ms of
  // CPU for a 13 KB page, ~145 req/s for the whole machine), and browsers send
  // "br" over HTTPS. Hearth therefore never lets httplib choose: the header is
  // removed before routing, and static files are served from a gzip copy made
  // once at start-up (StaticFiles) when the client accepts gzip. Pages are
  // sent uncompressed: on a hospital LAN the CPU cost outweighs the saving.
  server.set_pre_routing_handler([impl = impl_.get()](const httplib::Request& request, httplib::Response&) {
    // The Request object is a non-const local of httplib's request loop, so
    // modifying it here is well-defined; this is the only hook before the
    // response is compressed.
    auto& mutable_request = const_cast<httplib::Request&>(request);
    std::size_t content_length = 0;
    if (const auto length = request.get_header_value("Content-Length"); !length.empty()) {
      content_length = static_cast<std::size_t>(std::strtoull(length.c_str(), nullptr, 10));
    }
    impl->guard->headers_received_for(request.remote_addr, request.remote_port, content_length);
    // Other connections are waiting for a thread: httplib answers this request
    // with "Connection: close", and the client's next request queues behind them.
    if (impl->waiting_connections.load(std::memory_order_relaxed) > 0) {
      mutable_request.headers.erase("Connection");
      mutable_request.headers.emplace("Connection", "close");
    }
    mutable_request.headers.erase(kAcceptsGzipHeader);
    mutable_request.headers.erase(kFormContentTypeHeader);
    // httplib parses urlencoded bodies itself: it refuses any over 8 KB with
    // 413 (a compiled-in limit, whatever set_payload_max_length says) and
    // merges the fields into the query parameters. Hiding the content type
    // makes it read the body as plain bytes up to max_body_bytes; Hearth
    // parses the form itself (parse_urlencoded) and takes query parameters
    // from the query string only.
    const auto content_type = request.get_header_value("Content-Type");
    if (content_type.starts_with("application/x-www-form-urlencoded")) {
      mutable_request.headers.erase("Content-Type");
      mutable_request.headers.emplace(kFormContentTypeHeader, content_type);
    }
    const auto encodings = request.get_header_value("Accept-Encoding");
    mutable_request.headers.erase("Accept-Encoding");
    if (encodings.find("gzip") != std::string::npos && encodings.find("gzip;q=0") == std::string::npos) {
      mutable_request.headers.emplace(kAcceptsGzipHeader, "1");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  const auto handler = [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
    impl->respond(request, response);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);

  // Responses httplib makes itself (413 body too large, 400 malformed request
  // line, 414...) get the same headers and a plain error body.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
        impl->guard->request_received_for(request.remote_addr, request.remote_port);
        if (!response.body.empty() || response.has_header("X-Request-Id"))
          return httplib::Server::HandlerResponse::Unhandled;
        Request minimal;
        minimal.method = to_method(request.method);
        minimal.is_tls = impl->tls;
        Response page = impl->dispatcher()->library_error(response.status, minimal);
        for (const auto& [name, value] : page.headers) response.set_header(name.c_str(), value);
        response.set_content(std::move(page.body), page.content_type.c_str());
        log::info("access id=- method={} route=(httplib) status={}", request.method, response.status);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    log::error("http: unexpected exception escaped the dispatcher");
    response.status = 500;
    response.set_content("500 Something went wrong\n", "text/plain; charset=utf-8");
  });
}

HttpServer::~HttpServer() {
  stop();
}

int HttpServer::bind() {
  auto& opt = impl_->options;
  int port = opt.port;
  bool ok = false;
  if (port == 0) {
    port = impl_->server->bind_to_any_port(opt.listen_address);
    ok = port > 0;
  } else {
    ok = impl_->server->bind_to_port(opt.listen_address, port);
  }
  if (!ok) {
    throw Error::unavailable(fmt::format("Could not listen on {}:{}. Is another program using that port?",
                                         opt.listen_address, opt.port));
  }
  impl_->raise_backlog(1024);
  impl_->guard->start(impl_->listening_socket());
  opt.port = port;
  return port;
}

void HttpServer::serve() {
  impl_->server->listen_after_bind();
}

void HttpServer::stop() {
  if (impl_ && impl_->server && impl_->server->is_running()) impl_->server->stop();
  if (impl_ && impl_->guard) impl_->guard->stop();
}

bool HttpServer::is_running() const {
  return impl_ && impl_->server && impl_->server->is_running();
}

void HttpServer::use_dispatcher(std::shared_ptr<const Dispatcher> dispatcher) {
  std::shared_ptr<const Dispatcher> previous;  // released outside the lock: it may be the last reference
  {
    std::lock_guard lock(impl_->dispatcher_mutex);
    previous = std::exchange(impl_->dispatcher_in_use, std::move(dispatcher));
  }
}

bool HttpServer::reload_certificate(const std::string& certificate_file,
                                    const std::string& private_key_file) {
  if (!impl_->tls) return false;
  auto loaded = load_tls_credentials(certificate_file, private_key_file);
  std::shared_ptr<const TlsCredentials> previous;
  {
    std::lock_guard lock(impl_->credentials_mutex);
    previous = std::exchange(impl_->credentials, std::move(loaded));
  }
  return true;
}

}  // namespace hearth::http
