// Fuzz target for the RFC 4515 escaping of what people type as their
// username (src/auth/ldap_filter, src/auth/login_name). The bytes are a typed
// username; after the first "\n--\n" they are a user filter template. Aborts
// when:
//  - escape_filter_value's output holds an unescaped '*', '(', ')', '\' or
//    NUL, a byte outside printable 7-bit ASCII, or a '\' not followed by two
//    hex digits, or does not unescape to the input;
//  - substitute_username does not give the template with each {username}
//    replaced by the escaped value, or the user filter's parentheses stop
//    balancing (the value changed the filter's structure);
//  - reduce_login_name returns a name that is empty, untrimmed, too long,
//    not valid UTF-8, holds a control character or a separator, or is not
//    part of what was typed.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/ldap_filter.h"
#include "auth/login_name.h"
#include "common/text.h"
#include "fuzz/fuzz_check.h"

namespace {

using hearth::fuzz::hex_value;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  hearth::fuzz::fail("LDAP filter escaping", what, detail);
}

void require(bool condition, const char* what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

// Checks `escaped` character by character and returns the bytes it stands for.
std::string unescape_checked(std::string_view escaped) {
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    const auto byte = static_cast<unsigned char>(c);
    require(c != '*' && c != '(' && c != ')' && c != '\0', "an unescaped special character", escaped);
    require(byte < 0x80, "an unescaped byte outside 7-bit ASCII", escaped);
    if (c != '\\') {
      out += c;
      continue;
    }
    require(escaped.size() - i >= 3 && hex_value(escaped[i + 1]) >= 0 && hex_value(escaped[i + 2]) >= 0,
            "a backslash not followed by two hex digits", escaped);
    out += static_cast<char>(hex_value(escaped[i + 1]) * 16 + hex_value(escaped[i + 2]));
    i += 2;
  }
  return out;
}

// The template with every "{username}" replaced, done the plain way.
std::string reference_substitute(std::string_view filter_template, std::string_view escaped) {
  constexpr std::string_view kPlaceholder = "{username}";
  std::string out;
  for (std::size_t i = 0; i < filter_template.size();) {
    if (filter_template.substr(i).starts_with(kPlaceholder)) {
      out += escaped;
      i += kPlaceholder.size();
    } else {
      out += filter_template[i++];
    }
  }
  return out;
}

// Parenthesis depth after the whole filter, skipping "\xx" escapes; -1 if it
// ever goes below zero.
int depth_of(std::string_view filter) {
  int depth = 0;
  for (std::size_t i = 0; i < filter.size(); ++i) {
    if (filter[i] == '\\') {
      i += 2;
    } else if (filter[i] == '(') {
      ++depth;
    } else if (filter[i] == ')') {
      if (--depth < 0) return -1;
    }
  }
  return depth;
}

void check_login_name(std::string_view typed) {
  const auto name = hearth::auth::reduce_login_name(typed);
  if (!name) return;
  require(!name->empty() && name->size() <= hearth::auth::kMaxLoginNameBytes, "a login name of a bad size",
          typed);
  require(hearth::text::trim(*name) == *name, "an untrimmed login name", typed);
  require(hearth::text::is_valid_utf8(*name), "a login name that is not valid UTF-8", typed);
  require(std::none_of(name->begin(), name->end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }),
          "a login name with a control character", typed);
  require(name->find_first_of("\\@") == std::string::npos, "a login name with a separator", typed);
  require(typed.find(*name) != std::string_view::npos, "a login name that was not typed", typed);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view username(reinterpret_cast<const char*>(data), size);
  std::string_view fuzzed_template;
  if (const auto separator = username.find("\n--\n"); separator != std::string_view::npos) {
    fuzzed_template = username.substr(separator + 4);
    username = username.substr(0, separator);
  }

  const std::string escaped = hearth::auth::escape_filter_value(username);
  require(unescape_checked(escaped) == username, "the escaped value does not unescape to the input",
          username);

  for (const std::string_view filter_template :
       {std::string_view("(&(objectClass=person)(uid={username}))"),
        std::string_view("(&(objectCategory=person)(sAMAccountName={username})(!(userAccountControl:1.2.840."
                         "113556.1.4.803:=2)))"),
        std::string_view("(|(uid={username})(mail={username}))")}) {
    const std::string filter = hearth::auth::substitute_username(filter_template, username);
    require(filter == reference_substitute(filter_template, escaped),
            "the user filter is not the template filled in", filter);
    require(depth_of(filter) == 0, "the username changed the filter's structure", filter);
  }
  require(hearth::auth::substitute_username(fuzzed_template, username) ==
              reference_substitute(fuzzed_template, escaped),
          "a fuzzed template is not filled in exactly", fuzzed_template);

  check_login_name(username);
  if (const auto name = hearth::auth::reduce_login_name(username)) {
    require(unescape_checked(hearth::auth::escape_filter_value(*name)) == *name,
            "a login name does not survive escaping", *name);
  }
  return 0;
}
