#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view method_name(Method method);
// True for methods that may change state and so need a CSRF check.
bool is_unsafe(Method method);

// Case-insensitive header lookup for ASCII names.
struct HeaderNameLess {
  bool operator()(std::string_view left, std::string_view right) const;
  using is_transparent = void;
};
using Headers = std::multimap<std::string, std::string, HeaderNameLess>;

// Decoded name/value pairs (query string or form body) in the order received.
class Parameters {
 public:
  void add(std::string name, std::string value) { entries_.emplace_back(std::move(name), std::move(value)); }
  // The first value for `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const;
  // The first value for `name`, or "".
  std::string_view value_or_empty(std::string_view name) const {
    return get(name).value_or(std::string_view{});
  }
  std::vector<std::string_view> all(std::string_view name) const;
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// One file part of a multipart/form-data body (an <input type="file">). The
// name and type are what the browser claims; handlers check the content.
struct UploadedFile {
  std::string field;  // the form field name
  std::string filename;
  std::string content_type;
  std::string content;
};

// A request as handlers see it, independent of the HTTP library, so that
// handlers and the dispatcher can be tested without sockets.
struct Request {
  Method method = Method::kGet;
  std::string path;    // decoded path, without the query string
  std::string target;  // the raw request target, for logs
  Parameters query;    // decoded query string
  Parameters form;  // decoded application/x-www-form-urlencoded body, or the text fields of a multipart one
  std::vector<UploadedFile> files;  // the file parts of a multipart/form-data body
  Headers headers;
  std::string body;
  std::string remote_address;
  bool is_tls = false;        // true when the connection (or a trusted proxy) used TLS
  bool accepts_gzip = false;  // Accept-Encoding allowed gzip
  // Filled by the router: values of {name} segments in the route pattern.
  std::map<std::string, std::string, std::less<>> path_parameters;

  std::optional<std::string_view> header(std::string_view name) const;
  std::string_view path_parameter(std::string_view name) const;
};

// Decodes application/x-www-form-urlencoded text ('+' is a space). Returns
// nullopt if a %-escape is malformed. Decoded values are not checked for
// UTF-8 here; form validation does that per field.
std::optional<Parameters> parse_urlencoded(std::string_view text);

// Percent-decodes a path segment ('+' stays '+'). Returns nullopt if malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace hearth::http
