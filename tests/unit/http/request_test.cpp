#include "http/request.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/error.h"
#include "http/dispatcher.h"
#include "http/response.h"

namespace hearth::http {
namespace {

Parameters parse_or_fail(std::string_view text) {
  const auto parsed = parse_urlencoded(text);
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("parse_urlencoded decodes pairs in order", "[http][form]") {
  const auto form = parse_or_fail("username=amy&password=secret&remember=1");
  REQUIRE(form.entries().size() == 3);
  CHECK(form.entries()[0] == std::pair<std::string, std::string>{"username", "amy"});
  CHECK(form.entries()[1] == std::pair<std::string, std::string>{"password", "secret"});
  CHECK(form.entries()[2] == std::pair<std::string, std::string>{"remember", "1"});
  CHECK(form.get("password") == "secret");
  CHECK_FALSE(form.get("missing"));
  CHECK(form.value_or_empty("missing").empty());
  CHECK_FALSE(form.empty());
}

TEST_CASE("parse_urlencoded turns '+' into a space and %2B into a plus", "[http][form]") {
  const auto form = parse_or_fail("full+name=Amy+Chen&phone=%2B1+555&sum=1%2b1");
  CHECK(form.get("full name") == "Amy Chen");
  CHECK(form.get("phone") == "+1 555");
  CHECK(form.get("sum") == "1+1");  // lower-case hex digits are accepted
}

TEST_CASE("parse_urlencoded decodes escapes to raw bytes without judging them", "[http][form]") {
  const auto form = parse_or_fail("name=Zo%C3%AB&nul=a%00b&amp=x%26y%3Dz&pct=100%25");
  CHECK(form.get("name") == "Zoë");
  CHECK(form.get("nul") == std::string("a\0b", 3));
  CHECK(form.get("amp") == "x&y=z");  // an escaped '&' does not split pairs
  CHECK(form.get("pct") == "100%");
  CHECK(form.entries().size() == 4);
}

TEST_CASE("parse_urlencoded refuses malformed escapes", "[http][form]") {
  CHECK_FALSE(parse_urlencoded("a=%zz"));
  CHECK_FALSE(parse_urlencoded("a=%4"));
  CHECK_FALSE(parse_urlencoded("a=%"));
  CHECK_FALSE(parse_urlencoded("a=%G1"));
  CHECK_FALSE(parse_urlencoded("a=%1G"));
  CHECK_FALSE(parse_urlencoded("a=%%41"));
  CHECK_FALSE(parse_urlencoded("%zz=value"));
  CHECK_FALSE(parse_urlencoded("good=1&bad=%4"));  // one bad pair spoils the body
  CHECK_FALSE(parse_urlencoded("bad=%4&good=1"));
  CHECK_FALSE(parse_urlencoded("a=%-1"));
  CHECK_FALSE(parse_urlencoded("a=% 1"));
}

TEST_CASE("parse_urlencoded skips empty pairs and keeps empty values", "[http][form]") {
  CHECK(parse_or_fail("").empty());
  CHECK(parse_or_fail("&&&").empty());
  const auto form = parse_or_fail("&&a=1&&b=&c&&");
  REQUIRE(form.entries().size() == 3);
  CHECK(form.get("a") == "1");
  CHECK(form.get("b") == "");
  CHECK(form.get("c") == "");  // a name without '=' has an empty value
  CHECK(form.get("b").has_value());
  const auto unnamed = parse_or_fail("=orphan");
  CHECK(unnamed.get("") == "orphan");
}

TEST_CASE("parse_urlencoded keeps repeated names and '=' inside values", "[http][form]") {
  const auto form = parse_or_fail("tag=night&tag=grief&tag=&token=abc==&eq=a=b=c");
  CHECK(form.get("tag") == "night");  // the first value
  CHECK(form.all("tag") == std::vector<std::string_view>{"night", "grief", ""});
  CHECK(form.all("none").empty());
  CHECK(form.get("token") == "abc==");
  CHECK(form.get("eq") == "a=b=c");
}

TEST_CASE("percent_decode keeps '+' unless told it is a space", "[http][form]") {
  CHECK(percent_decode("a+b") == "a+b");
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("%2F%2e%2E") == "/..");
  CHECK(percent_decode("") == "");
  CHECK(percent_decode("plain") == "plain");
  CHECK(percent_decode("%41%42C") == "ABC");
  CHECK_FALSE(percent_decode("%"));
  CHECK_FALSE(percent_decode("abc%"));
  CHECK_FALSE(percent_decode("abc%4"));
  CHECK_FALSE(percent_decode("%zz"));
  CHECK_FALSE(percent_decode("%+1"));
}

TEST_CASE("header lookup ignores the case of the name", "[http][request]") {
  Request request;
  request.headers.emplace("content-type", "text/plain");
  request.headers.emplace("X-CSRF-TOKEN", "abc");
  CHECK(request.header("Content-Type") == "text/plain");
  CHECK(request.header("CONTENT-TYPE") == "text/plain");
  CHECK(request.header("x-csrf-token") == "abc");
  CHECK_FALSE(request.header("Content-Length"));
  CHECK_FALSE(request.header("content-typ"));
}

TEST_CASE("only state-changing methods are unsafe", "[http][request]") {
  CHECK_FALSE(is_unsafe(Method::kGet));
  CHECK_FALSE(is_unsafe(Method::kHead));
  CHECK_FALSE(is_unsafe(Method::kOptions));
  CHECK(is_unsafe(Method::kPost));
  CHECK(is_unsafe(Method::kPut));
  CHECK(is_unsafe(Method::kPatch));
  CHECK(is_unsafe(Method::kDelete));
  CHECK(method_name(Method::kPatch) == "PATCH");
  CHECK(method_name(Method::kHead) == "HEAD");
}

TEST_CASE("redirects go only to local paths", "[http][response]") {
  const auto response = Response::redirect("/groups?joined=1");
  CHECK(response.status == 303);
  CHECK(response.headers.find("Location")->second == "/groups?joined=1");
  CHECK(Response::redirect("/").status == 303);
  CHECK_THROWS_AS(Response::redirect("//evil.example/"), Error);
  CHECK_THROWS_AS(Response::redirect("/\\evil.example/"), Error);
  CHECK_THROWS_AS(Response::redirect("https://evil.example/"), Error);
  CHECK_THROWS_AS(Response::redirect("javascript:alert(1)"), Error);
  CHECK_THROWS_AS(Response::redirect(""), Error);
  CHECK_THROWS_AS(Response::redirect("evil.example"), Error);
}

TEST_CASE("find_cookie returns the value of exactly the named cookie", "[http][request]") {
  Request request;
  request.headers.emplace("Cookie", "theme=dark; xhearth_session=wrong; hearth_session=right; other=1");
  CHECK(find_cookie(request, "hearth_session") == "right");
  CHECK(find_cookie(request, "theme") == "dark");
  CHECK(find_cookie(request, "missing").empty());
  CHECK(find_cookie(request, "hearth").empty());

  Request value_lookalike;
  value_lookalike.headers.emplace("Cookie", "note=hearth_session=forged");
  CHECK(find_cookie(value_lookalike, "hearth_session").empty());

  Request two_headers;
  two_headers.headers.emplace("Cookie", "a=1");
  two_headers.headers.emplace("cookie", "hearth_session=second-header");
  CHECK(find_cookie(two_headers, "hearth_session") == "second-header");

  Request none;
  CHECK(find_cookie(none, "hearth_session").empty());
}

TEST_CASE("response helpers set type, status and cookie intent", "[http][response]") {
  auto html = Response::html("<p>hi</p>", 201);
  CHECK(html.status == 201);
  CHECK(html.content_type.starts_with("text/html"));
  CHECK(html.caching == Caching::kNoStore);
  auto text = Response::text("ok\n");
  CHECK(text.content_type.starts_with("text/plain"));
  text.set_session("token-value");
  CHECK(text.session_cookie == SessionCookie::kSet);
  CHECK(text.session_token == "token-value");
  text.clear_session();
  CHECK(text.session_cookie == SessionCookie::kClear);
  CHECK(text.session_token.empty());
}

}  // namespace hearth::http
