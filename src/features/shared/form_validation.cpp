#include "features/shared/form_validation.h"

#include <fmt/format.h>

#include <charconv>

#include "common/text.h"

namespace hearth::features {

void FieldErrors::add(std::string field, std::string message) {
  entries_.emplace_back(std::move(field), std::move(message));
}

std::string_view FieldErrors::message_for(std::string_view field) const {
  for (const auto& [name, message] : entries_) {
    if (name == field) return message;
  }
  return {};
}

std::optional<std::string> check_text(std::string_view field, std::string_view value, const TextRule& rule,
                                      FieldErrors& errors) {
  if (!text::is_valid_utf8(value)) {
    errors.add(std::string(field), fmt::format("{} contains characters that aren't valid text.", rule.label));
    return std::nullopt;
  }
  std::string cleaned;
  cleaned.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\r') {
      if (i + 1 < value.size() && value[i + 1] == '\n') continue;
      cleaned += '\n';
      continue;
    }
    cleaned += c;
  }
  const auto trimmed = std::string(text::trim(cleaned));
  if (text::has_control_characters(trimmed) ||
      (rule.line_breaks == LineBreaks::kNotAllowed && trimmed.find_first_of("\n\t") != std::string::npos)) {
    errors.add(std::string(field), fmt::format("{} must be plain text on one line.", rule.label));
    return std::nullopt;
  }
  const auto length = text::code_point_count(trimmed);
  if (rule.minimum > 0 && length == 0) {
    errors.add(std::string(field), fmt::format("Enter {}.", text::to_lower_ascii(rule.label)));
    return std::nullopt;
  }
  if (length < rule.minimum) {
    errors.add(std::string(field),
               fmt::format("{} must be at least {} characters.", rule.label, rule.minimum));
    return std::nullopt;
  }
  if (length > rule.maximum) {
    errors.add(std::string(field), fmt::format("{} must be {} characters or fewer (it is {}).", rule.label,
                                               rule.maximum, length));
    return std::nullopt;
  }
  return trimmed;
}

std::optional<int> check_integer(std::string_view field, std::string_view value, std::string_view label,
                                 int minimum, int maximum, FieldErrors& errors) {
  const auto trimmed = text::trim(value);
  int number = 0;
  const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
  if (trimmed.empty() || error != std::errc() || end != trimmed.data() + trimmed.size() || number < minimum ||
      number > maximum) {
    errors.add(std::string(field),
               fmt::format("{} must be a whole number from {} to {}.", label, minimum, maximum));
    return std::nullopt;
  }
  return number;
}

namespace {

bool is_url_with_scheme(std::string_view value, std::string_view scheme, std::size_t maximum) {
  if (!value.starts_with(scheme) || value.size() <= scheme.size() || value.size() > maximum) return false;
  if (!text::is_valid_utf8(value)) return false;
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

}  // namespace

bool is_https_url(std::string_view value) {
  return is_url_with_scheme(value, "https://", 500);
}

bool is_web_url(std::string_view value) {
  return is_url_with_scheme(value, "https://", 2000) || is_url_with_scheme(value, "http://", 2000);
}

void add_errors(render::View& view, const FieldErrors& errors) {
  render::ViewList list;
  for (const auto& [field, message] : errors.entries()) {
    list.push(render::View().set("field", field).set("message", message));
    view.set("error_" + field, message);
  }
  view.set("has_errors", !errors.empty());
  view.set("errors", std::move(list));
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0)
    return std::nullopt;
  return id;
}

int page_number(const http::Parameters& query) {
  const auto text = query.value_or_empty("page");
  int page = 1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || page < 1 || page > 10000) {
    return 1;
  }
  return page;
}

}  // namespace hearth::features
