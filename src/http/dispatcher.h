#pragma once

#include <functional>
#include <memory>
#include <string>

#include "auth/session_store.h"
#include "auth/viewer.h"
#include "common/error.h"
#include "common/work_gate.h"
#include "http/metrics.h"
#include "http/route.h"
#include "http/trusted_proxy.h"

namespace hearth::http {

// What an error page needs to render itself.
struct ErrorPage {
  int status = 500;
  std::string title;
  std::string message;       // safe for the person; never internal details
  std::string reference_id;  // the request id; shown on 500 pages only
  const auth::Viewer* viewer = nullptr;
  std::string_view csrf_token;
};
using ErrorPageRenderer = std::function<std::string(const ErrorPage&)>;

struct DispatcherOptions {
  // TLS in front of Hearth (native or a trusted proxy): cookies get `Secure`
  // and the `__Host-` prefix, and HSTS is sent.
  bool secure_cookies = false;
  // "https://hearth.example.org" when configured; used to check the Origin
  // header of unsafe requests. Empty: derived from the Host header.
  std::string public_origin;
  // Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
  // (server.trusted_proxies). Before routing, the dispatcher replaces the
  // request's remote_address and is_tls with what they resolve to.
  TrustedProxies trusted_proxies = {};
  // Requests of Work::kPage routes worked on at once (WorkGate); 0: four per
  // CPU.
  int work_slots = 0;
  // Called on the request's thread when the handler has returned and the
  // response is built, before the work slot is given back (so before another
  // request can take it); the application gives back the thread's database
  // connections (storage::ConnectionPool). Must not throw. Empty: nothing.
  std::function<void()> end_of_request = {};
};

// Maps an ErrorKind to its HTTP status. The one place that does so.
int status_for(ErrorKind kind);
std::string_view title_for_status(int status);

// The security headers every response carries (pages, errors, static files).
void add_security_headers(Headers& headers, bool tls);

// The single request path: request id → route → work slot (Work::kPage) →
// session → CSRF (unsafe methods) → access → handler → response, with errors mapped to error pages
// and one access-log line per request. Thread-safe; never throws.
class Dispatcher {
 public:
  // `carried_metrics`: the counters of the dispatcher this one replaces (a
  // reload; same route table, so the rows agree), kept counting; null: new
  // counters.
  Dispatcher(Router router, auth::SessionStore& sessions, ErrorPageRenderer render_error,
             DispatcherOptions options, std::shared_ptr<RequestMetrics> carried_metrics = nullptr);

  Response handle(Request& request) const;

  const Router& router() const { return router_; }
  // The session cookie's name when TLS is configured (secure_cookies) or not.
  std::string_view session_cookie_name() const;
  // The name for this request: also the __Host- name when it came over TLS
  // (natively or through a trusted proxy).
  std::string_view session_cookie_name(const Request& request) const;
  // Its work slots, for /metrics and tests.
  const WorkGate& work_gate() const { return *work_gate_; }
  // Request counts and latencies by route (for /metrics). Thread-safe.
  const RequestMetrics& metrics() const { return *metrics_; }
  // The same counters, for a dispatcher that replaces this one.
  std::shared_ptr<RequestMetrics> shared_metrics() const { return metrics_; }
  // Applies the headers and cookies a finished response needs.
  void finish(Response& response, const Request& request) const;
  // The finished error page for a status the HTTP library produced itself
  // before any route ran (413 body too large, 414, 400 malformed request).
  // Counted in metrics() as a refused request.
  Response library_error(int status, const Request& request) const;

 private:
  // `route_row` receives the route's index, or the metrics' unmatched row.
  Response run(Request& request, std::string_view request_id, std::string& route_pattern,
               std::size_t& route_row) const;
  Response error_response(const Error& error, const Request& request, const auth::Viewer& viewer,
                          std::string_view csrf_token, std::string_view request_id) const;
  bool passes_csrf(const Request& request, std::string_view expected_token) const;
  std::string session_cookie(const Response& response, const Request& request) const;
  bool secure_transport(const Request& request) const { return options_.secure_cookies || request.is_tls; }

  Router router_;
  auth::SessionStore& sessions_;
  ErrorPageRenderer render_error_;
  DispatcherOptions options_;
  std::unique_ptr<WorkGate> work_gate_;      // never null
  std::shared_ptr<RequestMetrics> metrics_;  // never null; rows follow router_'s table
};

// Reads one cookie from the Cookie header(s); "" when absent.
std::string_view find_cookie(const Request& request, std::string_view name);

}  // namespace hearth::http
