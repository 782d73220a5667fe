#include "http/route.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/error.h"

namespace hearth::http {
namespace {

// A handler that says which route ran.
Handler named(std::string name) {
  return [name](const RequestContext&) { return Response::text(name); };
}

Router test_router() {
  return Router({
      {Method::kGet, "/", Access::kAnyone, SessionUse::kRead, named("home")},
      {Method::kGet, "/privacy", Access::kAnyone, SessionUse::kRead, named("privacy")},
      {Method::kGet, "/groups/new", Access::kStaff, SessionUse::kRead, named("new group form")},
      {Method::kGet, "/groups/{slug}", Access::kAnyone, SessionUse::kRead, named("group")},
      {Method::kPost, "/groups/{slug}/join", Access::kStaff, SessionUse::kRead, named("join")},
      {Method::kGet, "/groups/{slug}/posts/{post}", Access::kStaff, SessionUse::kRead, named("post")},
      {Method::kGet, "/static/{path...}", Access::kAnyone, SessionUse::kNone, named("static")},
      {Method::kGet, "/signin", Access::kAnyone, SessionUse::kEnsure, named("signin form")},
      {Method::kPost, "/signin", Access::kAnyone, SessionUse::kRead, named("signin")},
  });
}

struct Matched {
  Router::Match match;
  Request request;
};

Matched match(const Router& router, Method method, std::string path) {
  Matched result;
  result.request.method = method;
  result.request.path = std::move(path);
  result.match = router.match(result.request);
  return result;
}

std::string pattern_of(const Matched& matched) {
  return matched.match.route == nullptr ? "(none)" : matched.match.route->pattern;
}

}  // namespace

TEST_CASE("literal routes match their exact path only", "[http][router]") {
  const Router router = test_router();
  CHECK(pattern_of(match(router, Method::kGet, "/")) == "/");
  CHECK(pattern_of(match(router, Method::kGet, "/privacy")) == "/privacy");
  CHECK(pattern_of(match(router, Method::kGet, "/Privacy")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/privacyx")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/priv")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "privacy")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "//privacy")) == "(none)");
}

TEST_CASE("a trailing slash is a different path", "[http][router]") {
  const Router router = test_router();
  const auto privacy = match(router, Method::kGet, "/privacy/");
  CHECK(privacy.match.route == nullptr);
  CHECK_FALSE(privacy.match.path_exists);
  CHECK(pattern_of(match(router, Method::kGet, "/groups/night-shift/")) == "(none)");
}

TEST_CASE("{name} segments match one non-empty segment and are captured", "[http][router]") {
  const Router router = test_router();
  const auto group = match(router, Method::kGet, "/groups/night-shift");
  REQUIRE(group.match.route != nullptr);
  CHECK(group.match.route->pattern == "/groups/{slug}");
  CHECK(group.request.path_parameter("slug") == "night-shift");
  CHECK(group.request.path_parameter("other").empty());

  const auto post = match(router, Method::kGet, "/groups/grief/posts/42");
  REQUIRE(post.match.route != nullptr);
  CHECK(post.request.path_parameter("slug") == "grief");
  CHECK(post.request.path_parameter("post") == "42");

  CHECK(pattern_of(match(router, Method::kGet, "/groups/")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/groups")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/groups/a/b")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/groups//posts/1")) == "(none)");
}

TEST_CASE("an earlier literal route wins over a later parameter route", "[http][router]") {
  const Router router = test_router();
  CHECK(pattern_of(match(router, Method::kGet, "/groups/new")) == "/groups/new");
  CHECK(pattern_of(match(router, Method::kGet, "/groups/newer")) == "/groups/{slug}");
}

TEST_CASE("a final {name...} segment takes the rest of the path", "[http][router]") {
  const Router router = test_router();
  const auto file = match(router, Method::kGet, "/static/css/hearth.css");
  REQUIRE(file.match.route != nullptr);
  CHECK(file.request.path_parameter("path") == "css/hearth.css");
  // The router does not interpret dots: the static handler must refuse them.
  CHECK(match(router, Method::kGet, "/static/../secret").request.path_parameter("path") == "../secret");
  CHECK(pattern_of(match(router, Method::kGet, "/static/")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/static")) == "(none)");
  CHECK(pattern_of(match(router, Method::kGet, "/staticx/a")) == "(none)");
}

TEST_CASE("HEAD is answered by the GET route", "[http][router]") {
  const Router router = test_router();
  const auto head = match(router, Method::kHead, "/groups/grief");
  REQUIRE(head.match.route != nullptr);
  CHECK(head.match.route->method == Method::kGet);
  CHECK(head.request.path_parameter("slug") == "grief");
}

TEST_CASE("a known path with the wrong method reports the allowed methods", "[http][router]") {
  const Router router = test_router();
  const auto post_privacy = match(router, Method::kPost, "/privacy");
  CHECK(post_privacy.match.route == nullptr);
  CHECK(post_privacy.match.path_exists);
  CHECK(post_privacy.match.allowed_methods == "GET");

  const auto delete_signin = match(router, Method::kDelete, "/signin");
  CHECK(delete_signin.match.route == nullptr);
  CHECK(delete_signin.match.path_exists);
  CHECK(delete_signin.match.allowed_methods == "GET, POST");

  const auto get_join = match(router, Method::kGet, "/groups/grief/join");
  CHECK(get_join.match.path_exists);
  CHECK(get_join.match.allowed_methods == "POST");

  const auto unknown = match(router, Method::kPost, "/nowhere");
  CHECK_FALSE(unknown.match.path_exists);
  CHECK(unknown.match.allowed_methods.empty());
}

TEST_CASE("parameters are set only for the route that matched", "[http][router]") {
  const Router router = test_router();
  Request request;
  request.method = Method::kPost;
  request.path = "/groups/grief/join";
  request.path_parameters["stale"] = "from an earlier match";
  const auto matched = router.match(request);
  REQUIRE(matched.route != nullptr);
  CHECK(request.path_parameter("slug") == "grief");
  CHECK(request.path_parameter("stale").empty());
}

TEST_CASE("invalid route patterns are refused when the table is built", "[http][router]") {
  const auto with_pattern = [](std::string pattern) {
    return Router({{Method::kGet, std::move(pattern), Access::kAnyone, SessionUse::kNone, named("x")}});
  };
  CHECK_THROWS_AS(with_pattern(""), Error);
  CHECK_THROWS_AS(with_pattern("privacy"), Error);
  CHECK_THROWS_AS(with_pattern("/static/{path...}/more"), Error);
  CHECK_NOTHROW(with_pattern("/static/{path...}"));
  CHECK_THROWS_AS(with_pattern("/events/{}.ics"), Error);
  CHECK_THROWS_AS(with_pattern("/events/{id}.{x}"), Error);
  CHECK_NOTHROW(with_pattern("/events/{id}.ics"));
}

TEST_CASE("a {name}.suffix segment needs the suffix and captures what is before it", "[http][router]") {
  const Router router({
      {Method::kGet, "/events/{id}.ics", Access::kAnyone, SessionUse::kNone, named("event file")},
      {Method::kGet, "/events/{id}", Access::kStaff, SessionUse::kRead, named("event page")},
  });
  const auto file = match(router, Method::kGet, "/events/42.ics");
  CHECK(pattern_of(file) == "/events/{id}.ics");
  CHECK(file.request.path_parameter("id") == "42");
  const auto page = match(router, Method::kGet, "/events/42");
  CHECK(pattern_of(page) == "/events/{id}");
  CHECK(page.request.path_parameter("id") == "42");
  // Only the suffix is not enough: the captured part must not be empty.
  CHECK(pattern_of(match(router, Method::kGet, "/events/.ics")) == "/events/{id}");
  CHECK(pattern_of(match(router, Method::kGet, "/events/42.icsx")) == "/events/{id}");
}

TEST_CASE("the matched route's handler is the one from the table", "[http][router]") {
  const Router router = test_router();
  auto matched = match(router, Method::kPost, "/signin");
  REQUIRE(matched.match.route != nullptr);
  const auth::Viewer viewer = auth::Viewer::anonymous();
  const RequestContext context{matched.request, viewer, "", "", "id"};
  CHECK(matched.match.route->handler(context).body == "signin");
  CHECK(matched.match.route->session == SessionUse::kRead);
  CHECK(router.routes().size() == 9);
}

}  // namespace hearth::http
