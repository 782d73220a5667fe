#pragma once

#include <string>

#include "http/request.h"

namespace hearth::http {

enum class Caching {
  kNoStore,     // pages and anything personal (the default)
  kImmutable,   // static files requested with their content digest (?v=...)
  kRevalidate,  // static files without a digest
};

enum class SessionCookie {
  kUnchanged,
  kSet,    // send `session_token` as the session cookie (sign-in, new anonymous session)
  kClear,  // expire the session cookie (sign-out, quick exit)
};

// A response as handlers build it, independent of the HTTP library. The
// dispatcher adds the security headers, caching headers and cookies.
struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  Headers headers;  // extra headers (Location, Content-Encoding, Retry-After...)
  Caching caching = Caching::kNoStore;
  SessionCookie session_cookie = SessionCookie::kUnchanged;
  std::string session_token;  // with kSet

  static Response html(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  // 303 See Other to a local path. `location` must start with a single '/'.
  static Response redirect(std::string location);

  Response& set_session(std::string token);
  Response& clear_session();
};

}  // namespace hearth::http
