#pragma once

#include <stdexcept>
#include <string>

namespace hearth {

// What went wrong, as far as the person and the status code are concerned.
// The one mapping from kind to HTTP status lives in http/error_response.cpp.
enum class ErrorKind {
  kBadRequest,        // 400: the input is malformed or fails validation
  kSignInRequired,    // 303 to /signin for pages, 401 otherwise
  kForbidden,         // 403: signed in, but not allowed
  kNotFound,          // 404: absent, or hidden from this viewer
  kMethodNotAllowed,  // 405
  kPayloadTooLarge,   // 413
  kConflict,          // 409: the request clashes with current state
  kTooManyRequests,   // 429: throttled
  kUnavailable,       // 503: a dependency (the directory, the disk) is down
  kInternal,          // 500: a bug or a broken invariant; the person sees a reference id only
};

// An error that carries two texts: `user_message` is safe to show to the person
// (plain words, no internals); `log_detail` is for the log only and may name
// files, SQL or directory codes, but never post text, passwords or tokens.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string user_message, std::string log_detail = {})
      : std::runtime_error(log_detail.empty() ? user_message : log_detail),
        kind_(kind),
        user_message_(std::move(user_message)),
        log_detail_(std::move(log_detail)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& user_message() const { return user_message_; }
  const std::string& log_detail() const { return log_detail_; }

  static Error bad_request(std::string user_message, std::string log_detail = {}) {
    return {ErrorKind::kBadRequest, std::move(user_message), std::move(log_detail)};
  }
  static Error forbidden(std::string log_detail = {}) {
    return {ErrorKind::kForbidden, "You don't have permission to do that.", std::move(log_detail)};
  }
  static Error not_found(std::string log_detail = {}) {
    return {ErrorKind::kNotFound, "We couldn't find that page.", std::move(log_detail)};
  }
  static Error internal(std::string log_detail) {
    return {ErrorKind::kInternal, "Something went wrong on our side.", std::move(log_detail)};
  }
  static Error unavailable(std::string user_message, std::string log_detail = {}) {
    return {ErrorKind::kUnavailable, std::move(user_message), std::move(log_detail)};
  }

 private:
  ErrorKind kind_;
  std::string user_message_;
  std::string log_detail_;
};

}  // namespace hearth
