// Fuzz target for form and query-string decoding (src/http/request) and the
// form checks the handlers build on (src/features/shared/form_validation, the
// event and group forms). Any bytes are a request body or query string.
// Aborts when:
//  - percent_decode disagrees with a plain reference decoder, or '+' is not
//    exactly a space in form mode;
//  - encoding any name/value pairs (one per input line, name and value split
//    at the first tab) and decoding them with parse_urlencoded does not give
//    the same pairs back, in order, repeated names included, or get()/all()
//    disagree with them;
//  - check_text accepts a value that is not valid UTF-8, holds a control
//    character or a line break it should not, is untrimmed or out of bounds,
//    or does not accept its own output unchanged;
//  - check_integer, parse_id, page_number, is_web_url or is_https_url accept
//    what their contract excludes;
//  - parse_event_form or parse_group_form return a draft together with
//    errors (or neither), or a draft breaking its own rules: a repeat
//    pattern calendar::validate refuses, invalid text, a department or group
//    not offered, a link that is not a web address, an out-of-range capacity.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calendar/event_series.h"
#include "common/text.h"
#include "features/events/event_form.h"
#include "features/groups/group_form.h"
#include "features/shared/form_validation.h"
#include "fuzz/fuzz_check.h"
#include "http/request.h"

namespace {

using hearth::features::FieldErrors;
using hearth::fuzz::hex_value;
using Pairs = std::vector<std::pair<std::string, std::string>>;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  hearth::fuzz::fail("form decoding", what, detail);
}

void require(bool condition, const char* what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

// The reference: "%XX" is one byte, a '%' without two hex digits after it is
// an error, everything else (including '+') is itself.
std::optional<std::string> reference_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (text.size() - i < 3 || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
    i += 2;
  }
  return out;
}

// application/x-www-form-urlencoded as a browser writes it.
std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '*') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0x0FU];
    }
  }
  return out;
}

void check_percent_decode(std::string_view input) {
  const auto decoded = hearth::http::percent_decode(input);
  const auto expected = reference_decode(input);
  require(decoded.has_value() == expected.has_value(), "percent_decode accepts differently", input);
  if (decoded) require(*decoded == *expected, "percent_decode decodes differently", input);

  // In form mode '+' is a space and nothing else changes: the same as "%20".
  std::string plus_as_escape;
  for (const char c : input) plus_as_escape += c == '+' ? std::string_view("%20") : std::string_view(&c, 1);
  const auto form_decoded = hearth::http::percent_decode(input, true);
  const auto form_expected = reference_decode(plus_as_escape);
  require(form_decoded.has_value() == form_expected.has_value(), "form decoding accepts differently", input);
  if (form_decoded) require(*form_decoded == *form_expected, "form decoding treats '+' wrongly", input);
}

// One pair per line of `input`, name and value split at the first tab.
Pairs pairs_of(std::string_view input) {
  Pairs pairs;
  while (!input.empty()) {
    const auto end = std::min(input.find('\n'), input.size());
    const auto line = input.substr(0, end);
    const auto tab = line.find('\t');
    pairs.emplace_back(std::string(line.substr(0, tab)),
                       tab == std::string_view::npos ? std::string() : std::string(line.substr(tab + 1)));
    input.remove_prefix(std::min(end + 1, input.size()));
  }
  return pairs;
}

void check_round_trip(std::string_view input) {
  require(hearth::http::percent_decode(form_encode(input), true) == std::string(input),
          "encode then decode does not give the bytes back", input);

  const Pairs pairs = pairs_of(input);
  std::string body;
  for (const auto& [name, value] : pairs) {
    if (!body.empty()) body += '&';
    body += form_encode(name) + '=' + form_encode(value);
  }
  const auto parsed = hearth::http::parse_urlencoded(body);
  require(parsed.has_value(), "an encoded body does not parse", body);
  require(parsed->entries() == pairs, "encoded pairs do not come back in order", body);
  for (const auto& [name, value] : pairs) {
    std::vector<std::string_view> all;
    for (const auto& [other_name, other_value] : pairs) {
      if (other_name == name) all.push_back(other_value);
    }
    require(parsed->get(name) == all.front(), "get() is not the first value", name);
    require(parsed->all(name) == all, "all() is not every value in order", name);
  }
}

bool is_trimmed(std::string_view text) {
  return hearth::text::trim(text) == text;
}

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_text_rules(std::string_view value) {
  using hearth::features::LineBreaks;
  using hearth::features::TextRule;
  static constexpr TextRule kRules[] = {
      {"Title", 1, 120, LineBreaks::kNotAllowed},
      {"Description", 0, 5000, LineBreaks::kAllowed},
      {"Place", 0, 8, LineBreaks::kNotAllowed},
  };
  for (const TextRule& rule : kRules) {
    FieldErrors errors;
    const auto checked = hearth::features::check_text("field", value, rule, errors);
    require(checked.has_value() == errors.empty(), "check_text: result and errors disagree", value);
    if (!checked) {
      require(!errors.message_for("field").empty(), "check_text: refusal without a message", value);
      continue;
    }
    const std::string& text = *checked;
    require(hearth::text::is_valid_utf8(text), "check_text accepted invalid UTF-8", value);
    require(!hearth::text::has_control_characters(text), "check_text accepted a control character", value);
    require(text.find('\r') == std::string::npos, "check_text kept a carriage return", value);
    if (rule.line_breaks == LineBreaks::kNotAllowed) {
      require(text.find_first_of("\n\t") == std::string::npos, "check_text accepted a line break", value);
    }
    require(is_trimmed(text), "check_text did not trim", value);
    const auto length = hearth::text::code_point_count(text);
    require(length >= rule.minimum && length <= rule.maximum, "check_text accepted a wrong length", value);
    FieldErrors again_errors;
    require(hearth::features::check_text("field", text, rule, again_errors) == text,
            "check_text does not accept its own output unchanged", value);
  }

  FieldErrors errors;
  if (const auto number = hearth::features::check_integer("n", value, "Number", -5, 31, errors)) {
    require(*number >= -5 && *number <= 31, "check_integer out of range", value);
    const auto trimmed = hearth::text::trim(value);
    require(is_digits(trimmed.starts_with('-') ? trimmed.substr(1) : trimmed), "check_integer accepted junk",
            value);
  }
  if (const auto id = hearth::features::parse_id(value)) {
    require(*id > 0 && is_digits(value), "parse_id accepted what is not a positive id", value);
  }
  const auto url_ok = [](std::string_view url, std::string_view scheme) {
    return url.starts_with(scheme) && url.size() > scheme.size() && hearth::text::is_valid_utf8(url) &&
           std::none_of(url.begin(), url.end(), [](char c) {
             return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' ||
                    c == '\\';
           });
  };
  if (hearth::features::is_https_url(value)) {
    require(url_ok(value, "https://") && value.size() <= 500, "is_https_url accepted a bad URL", value);
  }
  if (hearth::features::is_web_url(value)) {
    require((url_ok(value, "https://") || url_ok(value, "http://")) && value.size() <= 2000,
            "is_web_url accepted a bad URL", value);
  }
}

void check_plain_field(std::string_view text, const char* what, bool line_breaks_allowed) {
  require(hearth::text::is_valid_utf8(text), what, text);
  require(!hearth::text::has_control_characters(text) && text.find('\r') == std::string_view::npos, what,
          text);
  if (!line_breaks_allowed) require(text.find('\n') == std::string_view::npos, what, text);
  require(is_trimmed(text), what, text);
}

void check_event_form(const hearth::http::Parameters& form) {
  namespace events = hearth::features::events;
  static const events::FormChoices kChoices{
      {"Intensive Care Unit", "Emergency Department"}, {{7, "night-shift", "Night shift"}}, true};
  FieldErrors errors;
  const auto draft = events::parse_event_form(form, kChoices, errors);
  require(draft.has_value() == errors.empty(), "parse_event_form: draft and errors disagree");
  (void)events::posted_form_view(form, kChoices);
  if (!draft) return;
  require(!hearth::calendar::validate(draft->series), "parse_event_form accepted an invalid repeat pattern");
  require(!draft->title.empty(), "parse_event_form accepted an empty title");
  check_plain_field(draft->title, "parse_event_form: title", false);
  check_plain_field(draft->description, "parse_event_form: description", true);
  check_plain_field(draft->location, "parse_event_form: location", false);
  check_plain_field(draft->organiser_contact, "parse_event_form: contact", false);
  require(draft->virtual_link.empty() || hearth::features::is_web_url(draft->virtual_link),
          "parse_event_form accepted a link that is not a web address", draft->virtual_link);
  for (const auto& department : draft->departments) {
    require(std::find(kChoices.departments.begin(), kChoices.departments.end(), department) !=
                kChoices.departments.end(),
            "parse_event_form accepted a department not offered", department);
  }
  require(!draft->group_id || *draft->group_id == 7, "parse_event_form accepted a group not offered");
  require(!draft->capacity || (*draft->capacity >= 1 && *draft->capacity <= events::kMaxCapacity),
          "parse_event_form accepted a capacity out of range");
}

void check_group_form(const hearth::http::Parameters& form) {
  namespace groups = hearth::features::groups;
  const groups::GroupForm parsed = groups::parse_group_form(form);
  if (!parsed.errors.empty()) return;
  const auto& draft = parsed.draft;
  require(!draft.name.empty(), "parse_group_form accepted an empty name");
  require(!groups::slug_problem(draft.slug), "parse_group_form accepted a bad slug", draft.slug);
  check_plain_field(draft.name, "parse_group_form: name", false);
  check_plain_field(draft.focus, "parse_group_form: focus", false);
  check_plain_field(draft.description, "parse_group_form: description", true);
  check_plain_field(draft.location, "parse_group_form: location", false);
  for (const auto& question : draft.vetting_questions) {
    check_plain_field(question, "parse_group_form: vetting question", false);
  }
  require(draft.virtual_link.empty() || hearth::features::is_https_url(draft.virtual_link),
          "parse_group_form accepted a link that is not https", draft.virtual_link);
  require(!draft.capacity || *draft.capacity >= 1, "parse_group_form accepted a capacity below 1");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_percent_decode(input);
  check_round_trip(input);
  const auto parameters = hearth::http::parse_urlencoded(input);
  if (!parameters) return 0;
  for (const auto& [name, value] : parameters->entries()) {
    check_text_rules(name);
    check_text_rules(value);
  }
  const int page = hearth::features::page_number(*parameters);
  require(page >= 1 && page <= 10000, "page_number out of range");
  check_event_form(*parameters);
  check_group_form(*parameters);
  return 0;
}
