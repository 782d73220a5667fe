#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/viewer.h"
#include "http/request.h"
#include "http/response.h"

namespace hearth::http {

// Who may call a route. Checked by the dispatcher through the named
// predicates in auth/access_control.h, before the handler runs.
enum class Access {
  kAnyone,         // no sign-in needed (home, help, privacy, static files, health)
  kSignedIn,       // any signed-in person
  kStaff,          // auth::access::is_staff
  kSupportQueue,   // auth::access::can_work_support_queue
  kCoordinator,    // auth::access::is_coordinator
  kAdministrator,  // auth::access::can_administer
};

// What the route does with the session cookie.
enum class SessionUse {
  kNone,    // never reads or sets it (static files, health, pages that must leave no trace)
  kRead,    // reads it if present; creates nothing
  kEnsure,  // creates an anonymous session if there is none (pages with a form for signed-out people)
};

// How a route's handler works. kPage handlers read the database and build
// a page in memory, and each request takes one of the dispatcher's work slots
// (common/work_gate.h) while it runs; kLight ones answer from memory (static
// files, health) and never wait for a slot.
enum class Work {
  kPage,
  kLight,
};

// What a handler gets besides the request.
struct RequestContext {
  const Request& request;
  const auth::Viewer& viewer;
  std::string_view csrf_token;     // "" when the route has no session
  std::string_view session_token;  // the cookie value, "" when none
  std::string_view request_id;
};

using Handler = std::function<Response(const RequestContext&)>;

// One row of the route table. Patterns are literal paths with {name}
// segments (one non-empty path segment each; "{name}.ics" also requires that
// literal suffix, which is not captured) and an optional final {name...}
// segment that takes the rest of the path. The first matching row wins.
struct Route {
  Method method;
  std::string pattern;
  Access access;
  SessionUse session;
  Handler handler;
  Work work = Work::kPage;
};

// Matches paths against the route table. Immutable after construction, so it
// is safe to use from every thread.
class Router {
 public:
  explicit Router(std::vector<Route> routes);

  struct Match {
    const Route* route = nullptr;  // null: no route for this path and method
    bool path_exists = false;      // true: a route exists for the path with another method (405)
    std::string allowed_methods;   // for the Allow header when path_exists
  };
  // Fills `request.path_parameters` on success.
  Match match(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;
    enum class Kind { kLiteral, kParameter, kRest } kind;
    std::string suffix;  // kParameter: literal text the segment must end with
  };
  static std::vector<Segment> compile(std::string_view pattern);
  static bool matches(const std::vector<Segment>& segments, std::string_view path, Request* request);

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> compiled_;
};

}  // namespace hearth::http
