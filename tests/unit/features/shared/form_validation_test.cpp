#include "features/shared/form_validation.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace hearth::features {
namespace {

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

const TextRule kOneLine{"Name", 3, 80};
const TextRule kManyLines{"Description", 0, 100, LineBreaks::kAllowed};

}  // namespace

TEST_CASE("check_text trims ASCII whitespace and returns the text", "[groups][forms]") {
  FieldErrors errors;
  CHECK(check_text("name", "  Night owls \t", kOneLine, errors) == "Night owls");
  CHECK(check_text("description", "\n\n Line one\nLine two \r\n", kManyLines, errors) ==
        "Line one\nLine two");
  CHECK(errors.empty());
}

TEST_CASE("check_text turns \\r\\n and lone \\r into \\n where line breaks are allowed", "[groups][forms]") {
  FieldErrors errors;
  CHECK(check_text("description", "a\r\nb\rc\nd", kManyLines, errors) == "a\nb\nc\nd");
  CHECK(check_text("description", "a\r\n\r\nb", kManyLines, errors) == "a\n\nb");
  CHECK(errors.empty());
}

TEST_CASE("check_text refuses line breaks and tabs inside one-line fields", "[groups][forms]") {
  for (const std::string& value :
       std::vector<std::string>{"Night\nowls", "Night\r\nowls", "Night\rowls", "Night\towls"}) {
    FieldErrors errors;
    INFO(value);
    CHECK_FALSE(check_text("name", value, kOneLine, errors));
    CHECK_FALSE(errors.message_for("name").empty());
    CHECK(errors.entries().size() == 1);
  }
}

TEST_CASE("check_text refuses control characters even where line breaks are allowed", "[groups][forms]") {
  const std::vector<std::string> values = {std::string("ab\0cd", 5),
                                           "ab\x01"
                                           "cd",
                                           "ab\x1B[31mcd",
                                           "ab\x7F"
                                           "cd",
                                           "ab\x08"
                                           "cd",
                                           "ab\fcd",
                                           "ab\vcd"};
  for (const auto& value : values) {
    INFO("value of " << value.size() << " bytes");
    FieldErrors one_line;
    CHECK_FALSE(check_text("name", value, kOneLine, one_line));
    CHECK_FALSE(one_line.message_for("name").empty());
    FieldErrors many_lines;
    CHECK_FALSE(check_text("description", value, kManyLines, many_lines));
    CHECK_FALSE(many_lines.message_for("description").empty());
  }
}

TEST_CASE("check_text refuses invalid UTF-8", "[groups][forms]") {
  const std::vector<std::string> values = {"caf\xC3",
                                           "\xFF\xFE"
                                           "abc",
                                           "\xC0\xAF"
                                           "abc",
                                           "\xED\xA0\x80"
                                           "abc",
                                           "abc\x80",
                                           "\xF4\x90\x80\x80"
                                           "abc"};
  for (const auto& value : values) {
    FieldErrors errors;
    INFO("value of " << value.size() << " bytes");
    CHECK_FALSE(check_text("description", value, kManyLines, errors));
    CHECK_FALSE(errors.message_for("description").empty());
  }
}

TEST_CASE("check_text counts limits in code points, not bytes", "[groups][forms]") {
  FieldErrors errors;
  // 80 two-byte letters: 160 bytes but 80 characters.
  CHECK(check_text("name", repeat("é", 80), kOneLine, errors) == repeat("é", 80));
  // 80 four-byte emoji.
  CHECK(check_text("name", repeat("🌙", 80), kOneLine, errors) == repeat("🌙", 80));
  // Three characters meet a minimum of 3 even as one byte each or three bytes each.
  CHECK(check_text("name", "日本語", kOneLine, errors) == "日本語");
  CHECK(errors.empty());

  FieldErrors too_long;
  CHECK_FALSE(check_text("name", repeat("é", 81), kOneLine, too_long));
  CHECK_FALSE(too_long.message_for("name").empty());

  FieldErrors too_short;
  CHECK_FALSE(check_text("name", "é", kOneLine, too_short));
  CHECK_FALSE(too_short.message_for("name").empty());
}

TEST_CASE("check_text applies the minimum after trimming and lets optional fields be empty",
          "[groups][forms]") {
  FieldErrors errors;
  CHECK_FALSE(check_text("name", "   ", kOneLine, errors));
  CHECK_FALSE(errors.message_for("name").empty());
  CHECK_FALSE(check_text("focus", "  ab  ", kOneLine, errors));
  CHECK_FALSE(errors.message_for("focus").empty());

  FieldErrors none;
  CHECK(check_text("description", "", kManyLines, none) == "");
  CHECK(check_text("description", " \r\n ", kManyLines, none) == "");
  CHECK(none.empty());
}

TEST_CASE("check_text accepts the exact bounds and refuses one past them", "[groups][forms]") {
  FieldErrors errors;
  CHECK(check_text("name", "abc", kOneLine, errors));
  CHECK(check_text("name", std::string(80, 'x'), kOneLine, errors));
  CHECK(errors.empty());
  CHECK_FALSE(check_text("name", "ab", kOneLine, errors));
  CHECK_FALSE(check_text("name", std::string(81, 'x'), kOneLine, errors));
  CHECK(errors.entries().size() == 2);
}

TEST_CASE("check_integer accepts whole numbers within the bounds only", "[groups][forms]") {
  FieldErrors errors;
  CHECK(check_integer("capacity", "2", "Size", 2, 200, errors) == 2);
  CHECK(check_integer("capacity", "200", "Size", 2, 200, errors) == 200);
  CHECK(check_integer("capacity", " 12 ", "Size", 2, 200, errors) == 12);
  CHECK(check_integer("week", "-1", "Week", -1, 4, errors) == -1);
  CHECK(errors.empty());

  for (const std::string& value : std::vector<std::string>{
           "", " ", "1", "201", "abc", "12abc", "abc12", "1.5", "+5", "0x10", "1e2", "99999999999999999999",
           "-2147483649", "１２", "1 2", std::string("12\0", 3)}) {
    FieldErrors refused;
    INFO("'" << value << "'");
    CHECK_FALSE(check_integer("capacity", value, "Size", 2, 200, refused));
    CHECK(refused.message_for("capacity") == "Size must be a whole number from 2 to 200.");
  }
}

TEST_CASE("is_https_url accepts absolute https links only", "[groups][forms]") {
  CHECK(is_https_url("https://meet.example.org/j/123?pwd=abc#x"));
  CHECK(is_https_url("https://x"));
  CHECK(is_https_url("https://" + std::string(492, 'a')));  // 500 characters

  for (const std::string& value : std::vector<std::string>{
           "", "https://", "http://meet.example.org", "HTTPS://meet.example.org", "javascript:alert(1)",
           " https://meet.example.org", "https://a b", "https://a\tb", "https://a\nb",
           "https://a\"onmouseover=\"x", "https://a<b>", "https://a\\b", "ftp://x", "//meet.example.org",
           "https:meet.example.org", std::string("https://a\0b", 11),
           "https://a\x7F"
           "b",
           "https://" + std::string(493, 'a')}) {
    INFO("'" << value << "'");
    CHECK_FALSE(is_https_url(value));
  }
}

TEST_CASE("is_https_url refuses links that are not valid UTF-8", "[groups][forms]") {
  CHECK_FALSE(is_https_url("https://meet.example.org/\xFF"));
  CHECK_FALSE(is_https_url("https://meet.example.org/\xC3"));
  // Valid non-ASCII text is fine (an internationalised host or path).
  CHECK(is_https_url("https://bücher.example/réunion"));
}

TEST_CASE("FieldErrors keeps every message in order and answers the first per field", "[groups][forms]") {
  FieldErrors errors;
  CHECK(errors.empty());
  CHECK(errors.message_for("name").empty());
  errors.add("name", "first");
  errors.add("focus", "other");
  errors.add("name", "second");
  CHECK_FALSE(errors.empty());
  CHECK(errors.message_for("name") == "first");
  CHECK(errors.message_for("focus") == "other");
  CHECK(errors.message_for("nam").empty());
  REQUIRE(errors.entries().size() == 3);
  CHECK(errors.entries()[2].second == "second");
}

}  // namespace hearth::features
