#pragma once

// What must hold for the output of hearth::markdown for any input: checked by
// the fuzz target (tests/fuzz/markdown_fuzz.cpp) on every generated input and
// by the unit tests (tests/unit/markdown/) on theirs. Header-only, cheap
// enough to run on every fuzz iteration.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"

namespace hearth::markdown::invariants {

namespace detail {

inline char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return lower_ascii(a) == lower_ascii(b); });
}

inline bool is_void_element(std::string_view name) {
  return name == "br" || name == "hr";
}

// Elements render_html may produce. No <img>, <script>, <iframe>, <h1> or
// <h2>, <table>, <div>, <span>, ...
inline bool is_allowed_element(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kAllowed = {
      "p",  "em", "strong", "del", "a",  "code", "pre", "blockquote", "ul",
      "ol", "li", "h3",     "h4",  "h5", "h6",   "br",  "hr"};
  return std::find(kAllowed.begin(), kAllowed.end(), name) != kAllowed.end();
}

// Returns an empty string if attribute `name`="`value`" may appear on
// element `element`, else why not.
inline std::string check_attribute(std::string_view element, std::string_view name, std::string_view value) {
  if (element == "a" && name == "rel") {
    return value == "nofollow noopener noreferrer" ? "" : "unexpected rel value";
  }
  if (element == "a" && name == "href") {
    // Only http, https and mailto: in particular never javascript:, data:
    // or vbscript:, in any case or spelling.
    for (const std::string_view scheme : {"http://", "https://", "mailto:"}) {
      if (starts_with_ignoring_case(value, scheme)) return "";
    }
    return "href with a disallowed scheme: " + std::string(value);
  }
  if (element == "a" && name == "title") return "";
  if (element == "code" && name == "class") {
    return value.substr(0, 9) == "language-" ? "" : "code class without language-";
  }
  if (element == "ol" && name == "start") {
    const bool digits = !value.empty() &&
                        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    return digits ? "" : "ol start is not a number";
  }
  return "attribute " + std::string(name) + " on <" + std::string(element) + ">";
}

inline bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace detail

// Returns an empty string if `html`, an output of render_html, is safe: valid
// UTF-8; only the elements and attributes above; every attribute value quoted;
// no `<`, `>` or `"` outside tags (text is escaped); every element closed in
// order, so a post cannot close or open the page's own elements. Otherwise
// returns a description of the first problem.
inline std::string find_unsafe_html(std::string_view html) {
  if (!text::is_valid_utf8(html)) return "invalid UTF-8";
  std::vector<std::string_view> open;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>' || c == '"') return "unescaped " + std::string(1, c) + " in text at " + std::to_string(i);
    if (c != '<') {
      ++i;
      continue;
    }
    ++i;
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    const std::size_t name_start = i;
    while (i < html.size() && detail::is_name_char(html[i])) ++i;
    const std::string_view name = html.substr(name_start, i - name_start);
    if (!detail::is_allowed_element(name))
      return "element <" + std::string(name) + "> at " + std::to_string(i);
    if (closing) {
      if (i >= html.size() || html[i] != '>') return "malformed closing tag at " + std::to_string(i);
      if (open.empty() || open.back() != name) return "unbalanced </" + std::string(name) + ">";
      open.pop_back();
      ++i;
      continue;
    }
    // Attributes: ` name="value"` until `>` or ` />`.
    while (true) {
      if (i >= html.size()) return "unterminated tag <" + std::string(name) + ">";
      if (html[i] == '>') {
        ++i;
        break;
      }
      if (html.substr(i, 3) == " />") {
        if (!detail::is_void_element(name)) return "self-closing <" + std::string(name) + ">";
        i += 3;
        break;
      }
      if (html[i] != ' ') return "malformed tag <" + std::string(name) + "> at " + std::to_string(i);
      ++i;
      const std::size_t attribute_start = i;
      while (i < html.size() && detail::is_name_char(html[i])) ++i;
      const std::string_view attribute = html.substr(attribute_start, i - attribute_start);
      if (html.substr(i, 2) != "=\"") return "unquoted attribute at " + std::to_string(i);
      i += 2;
      const std::size_t value_end = html.find('"', i);
      if (value_end == std::string_view::npos) return "unterminated attribute value";
      const std::string_view value = html.substr(i, value_end - i);
      if (value.find_first_of("<>") != std::string_view::npos) return "unescaped < or > in attribute";
      if (std::string problem = detail::check_attribute(name, attribute, value); !problem.empty())
        return problem;
      i = value_end + 1;
    }
    if (!detail::is_void_element(name)) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + std::string(open.back()) + ">";
  return "";
}

// Returns an empty string if `text`, an output of plain_text, is valid UTF-8
// with single spaces between words and none at either end; otherwise why not.
inline std::string find_untidy_text(std::string_view text) {
  if (!text::is_valid_utf8(text)) return "invalid UTF-8";
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return "space at an end";
  if (text.find("  ") != std::string_view::npos) return "double space";
  if (text.find_first_of("\t\n\r\f\v") != std::string_view::npos) return "whitespace other than a space";
  return "";
}

}  // namespace hearth::markdown::invariants
