#include "http/response.h"

#include "common/error.h"

namespace hearth::http {

Response Response::html(std::string body, int status) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response Response::text(std::string body, int status) {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

Response Response::redirect(std::string location) {
  // Only same-site paths: "//host" and "/\host" would leave the site.
  if (location.empty() || location[0] != '/' ||
      (location.size() > 1 && (location[1] == '/' || location[1] == '\\'))) {
    throw Error::internal("refusing to redirect to a non-local location");
  }
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace("Location", std::move(location));
  return response;
}

Response& Response::set_session(std::string token) {
  session_cookie = SessionCookie::kSet;
  session_token = std::move(token);
  return *this;
}

Response& Response::clear_session() {
  session_cookie = SessionCookie::kClear;
  session_token.clear();
  return *this;
}

}  // namespace hearth::http
