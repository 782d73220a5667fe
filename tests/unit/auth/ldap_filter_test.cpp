#include "auth/ldap_filter.h"

#include <catch2/catch.hpp>
#include <string>

namespace hearth::auth {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes an RFC 4515 assertion value the way a server does; fails the test
// on a malformed escape.
std::string unescape(const std::string& escaped) {
  std::string result;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '\\') {
      result.push_back(escaped[i]);
      continue;
    }
    REQUIRE(i + 2 < escaped.size());
    const int high = hex_value(escaped[i + 1]);
    const int low = hex_value(escaped[i + 2]);
    REQUIRE(high >= 0);
    REQUIRE(low >= 0);
    result.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return result;
}

// True if `escaped` has no character that could end the assertion value or
// start a new filter component.
bool is_inert(const std::string& escaped) {
  for (char c : escaped) {
    if (c == '*' || c == '(' || c == ')' || c == '\0') return false;
  }
  return true;
}

}  // namespace

TEST_CASE("escape_filter_value neutralises filter syntax", "[auth][ldap_filter]") {
  CHECK(escape_filter_value("*)(uid=*") == "\\2A\\29\\28uid=\\2A");
  CHECK(escape_filter_value("*") == "\\2A");
  CHECK(escape_filter_value("amy*") == "amy\\2A");
  CHECK(escape_filter_value("back\\slash") == "back\\5Cslash");
  CHECK(escape_filter_value("(admin)") == "\\28admin\\29");
  CHECK(escape_filter_value("amy.chen") == "amy.chen");
  CHECK(escape_filter_value("") == "");
}

TEST_CASE("escape_filter_value keeps every byte, NUL and UTF-8 included", "[auth][ldap_filter]") {
  const std::string with_nul("amy\0*", 5);
  CHECK(escape_filter_value(with_nul) == "amy\\00\\2A");

  // Quotes, apostrophes and semicolons mean nothing in a filter and pass
  // through; non-ASCII bytes are hex-escaped so the server sees the same UTF-8.
  CHECK(escape_filter_value("bob\"e\"i'o;a\xc3\xbc") == "bob\"e\"i'o;a\\C3\\BC");

  const std::string hostile[] = {
      "*)(uid=*",
      "bob\"e\"i'o;a\xc3\xbc",
      with_nul,
      "a)(|(objectClass=*",
      "\\2a",
      "\\",
      ")(",
      "J\xc3\xb3zef",
      std::string("\0\0", 2),
      "x*)(&(uid=*)(userPassword=*))",
  };
  for (const std::string& value : hostile) {
    const std::string escaped = escape_filter_value(value);
    INFO("value: " << value);
    CHECK(is_inert(escaped));
    CHECK(unescape(escaped) == value);
  }
}

TEST_CASE("substitute_username replaces every placeholder with the escaped name", "[auth][ldap_filter]") {
  CHECK(substitute_username("(uid={username})", "amy.chen") == "(uid=amy.chen)");
  CHECK(substitute_username("(|(uid={username})(mail={username}@riverside-general.example))", "a*") ==
        "(|(uid=a\\2A)(mail=a\\2A@riverside-general.example))");
  CHECK(substitute_username("(&(objectClass=user)(sAMAccountName={username}))", "*)(uid=*") ==
        "(&(objectClass=user)(sAMAccountName=\\2A\\29\\28uid=\\2A))");
  CHECK(substitute_username("(objectClass=person)", "amy") == "(objectClass=person)");
  // A name that looks like the placeholder is inserted once, not expanded again.
  CHECK(substitute_username("(uid={username})", "{username}") == "(uid={username})");
  CHECK(substitute_username("{username}{username}", "x") == "xx");
}

}  // namespace hearth::auth
