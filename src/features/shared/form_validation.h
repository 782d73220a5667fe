#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "render/view.h"

namespace hearth::features {

// Field-level messages for a form, in the order the fields appear. The
// template shows them next to each field and in a summary at the top.
class FieldErrors {
 public:
  void add(std::string field, std::string message);
  bool empty() const { return entries_.empty(); }
  // The first message for `field`, or "".
  std::string_view message_for(std::string_view field) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

enum class LineBreaks { kNotAllowed, kAllowed };

// The rules for one text field, checked in code points after trimming.
struct TextRule {
  std::string_view label;   // "Name", used in messages
  std::size_t minimum = 0;  // 0: optional
  std::size_t maximum = 200;
  LineBreaks line_breaks = LineBreaks::kNotAllowed;
};

// Trims `value` and checks it against `rule`: valid UTF-8, no control
// characters (line breaks only when allowed), length within bounds. On
// success returns the trimmed text (with \r\n turned into \n); otherwise adds
// a message for `field` and returns nullopt.
std::optional<std::string> check_text(std::string_view field, std::string_view value, const TextRule& rule,
                                      FieldErrors& errors);

// Parses a whole number within [minimum, maximum]; adds a message and returns
// nullopt otherwise.
std::optional<int> check_integer(std::string_view field, std::string_view value, std::string_view label,
                                 int minimum, int maximum, FieldErrors& errors);

// Sets what form templates show for `errors`: "has_errors", "errors" (a list
// of {field, message} for the summary) and "error_<field>" per field.
void add_errors(render::View& view, const FieldErrors& errors);

// A positive id from a path segment or form field ("42"); nullopt for
// anything else (empty, signs, spaces, overflow).
std::optional<std::int64_t> parse_id(std::string_view text);

// The "page" query parameter: 1 when absent or not a number in [1, 10000].
int page_number(const http::Parameters& query);

// True for an absolute http:// or https:// URL of reasonable length (up to
// 2,000 bytes), in valid UTF-8, with no spaces or control characters.
bool is_web_url(std::string_view value);

// True for an absolute https:// URL of reasonable length, in valid UTF-8, with
// no spaces or control characters.
bool is_https_url(std::string_view value);

}  // namespace hearth::features
