#include "common/text.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

namespace hearth::text {
namespace {

// Builds a string from raw bytes, so that test inputs can hold any byte.
std::string bytes(std::initializer_list<unsigned char> values) {
  std::string out;
  for (unsigned char value : values) out.push_back(static_cast<char>(value));
  return out;
}

}  // namespace

TEST_CASE("is_valid_utf8 accepts well-formed text of every sequence length", "[common][text]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ASCII, with punctuation!"));
  CHECK(is_valid_utf8(bytes({0xC3, 0xA9})));              // é (2 bytes)
  CHECK(is_valid_utf8(bytes({0xE2, 0x82, 0xAC})));        // € (3 bytes)
  CHECK(is_valid_utf8(bytes({0xF0, 0x9F, 0x98, 0x80})));  // 😀 (4 bytes)
  CHECK(is_valid_utf8("Zoë works nights in the NICU — 夜勤"));
  // Boundaries just inside the allowed ranges.
  CHECK(is_valid_utf8(bytes({0xC2, 0x80})));              // U+0080, smallest 2-byte value
  CHECK(is_valid_utf8(bytes({0xE0, 0xA0, 0x80})));        // U+0800, smallest 3-byte value
  CHECK(is_valid_utf8(bytes({0xED, 0x9F, 0xBF})));        // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8(bytes({0xEE, 0x80, 0x80})));        // U+E000, just above the surrogates
  CHECK(is_valid_utf8(bytes({0xF0, 0x90, 0x80, 0x80})));  // U+10000, smallest 4-byte value
  CHECK(is_valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF, the largest code point
  // A sequence that ends exactly at the end of the input is complete.
  CHECK(is_valid_utf8("ab" + bytes({0xE2, 0x82, 0xAC})));
}

TEST_CASE("is_valid_utf8 treats an embedded NUL as a valid character", "[common][text]") {
  const std::string with_nul("a\0b", 3);
  REQUIRE(with_nul.size() == 3);
  CHECK(is_valid_utf8(with_nul));
  CHECK(is_valid_utf8(std::string_view("\0", 1)));
}

TEST_CASE("is_valid_utf8 rejects overlong encodings", "[common][text]") {
  CHECK_FALSE(is_valid_utf8(bytes({0xC0, 0xAF})));              // '/' in two bytes
  CHECK_FALSE(is_valid_utf8(bytes({0xC0, 0x80})));              // NUL in two bytes ("modified UTF-8")
  CHECK_FALSE(is_valid_utf8(bytes({0xC1, 0xBF})));              // U+007F in two bytes
  CHECK_FALSE(is_valid_utf8(bytes({0xE0, 0x80, 0xAF})));        // '/' in three bytes
  CHECK_FALSE(is_valid_utf8(bytes({0xE0, 0x9F, 0xBF})));        // U+07FF in three bytes
  CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x80, 0x80, 0xAF})));  // '/' in four bytes
  CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF})));  // U+FFFF in four bytes
  // Hidden in the middle of otherwise good text.
  CHECK_FALSE(is_valid_utf8("..%2F.." + bytes({0xC0, 0xAF}) + "etc"));
}

TEST_CASE("is_valid_utf8 rejects UTF-16 surrogates", "[common][text]") {
  CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0x80})));  // U+D800
  CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xAF, 0xBF})));  // U+DBFF
  CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xB0, 0x80})));  // U+DC00
  CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xBF, 0xBF})));  // U+DFFF
  // A surrogate pair encoded as two three-byte sequences (CESU-8).
  CHECK_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80})));
}

TEST_CASE("is_valid_utf8 rejects code points above U+10FFFF and impossible bytes", "[common][text]") {
  CHECK_FALSE(is_valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})));  // U+110000
  CHECK_FALSE(is_valid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})));
  CHECK_FALSE(is_valid_utf8(bytes({0xF7, 0xBF, 0xBF, 0xBF})));
  CHECK_FALSE(is_valid_utf8(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})));  // old 5-byte form
  CHECK_FALSE(is_valid_utf8(bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80})));
  CHECK_FALSE(is_valid_utf8(bytes({0xFE})));
  CHECK_FALSE(is_valid_utf8(bytes({0xFF})));
  CHECK_FALSE(is_valid_utf8(bytes({0x80})));        // a continuation byte on its own
  CHECK_FALSE(is_valid_utf8("a" + bytes({0xBF})));  // a stray continuation byte after ASCII
}

TEST_CASE("is_valid_utf8 rejects truncated and interrupted sequences", "[common][text]") {
  CHECK_FALSE(is_valid_utf8(bytes({0xC3})));
  CHECK_FALSE(is_valid_utf8(bytes({0xE2, 0x82})));
  CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x9F, 0x98})));
  CHECK_FALSE(is_valid_utf8("text then " + bytes({0xF0, 0x9F})));
  // The sequence is interrupted by ASCII before it is complete.
  CHECK_FALSE(is_valid_utf8("a" + bytes({0xE2, 0x82}) + "b"));
  CHECK_FALSE(is_valid_utf8(bytes({0xC3, 0x41})));
  CHECK_FALSE(is_valid_utf8(bytes({0xF0, 0x9F, 0x98, 0x41})));
  // A new lead byte where a continuation byte should be.
  CHECK_FALSE(is_valid_utf8(bytes({0xE2, 0xC3, 0xA9})));
}

TEST_CASE("has_control_characters flags C0 controls and DEL but not tab, newline or CR", "[common][text]") {
  CHECK_FALSE(has_control_characters(""));
  CHECK_FALSE(has_control_characters("Plain text."));
  CHECK_FALSE(has_control_characters("line one\nline two\r\n\tindented"));
  CHECK_FALSE(has_control_characters("Zoë — café"));  // bytes >= 0x80 are not controls
  CHECK(has_control_characters(std::string_view("a\0b", 3)));
  CHECK(has_control_characters("bell\a"));
  CHECK(has_control_characters("\x1B[31mred"));  // terminal escape
  CHECK(has_control_characters("back\bspace"));
  CHECK(has_control_characters("form\ffeed"));
  CHECK(has_control_characters("vertical\vtab"));
  CHECK(has_control_characters("\x1F"));
  CHECK(has_control_characters("delete\x7F"));
  CHECK_FALSE(has_control_characters(" ~"));  // 0x20 and 0x7E are the printable limits
}

TEST_CASE("trim removes ASCII whitespace from both ends only", "[common][text]") {
  CHECK(trim("  amy  ") == "amy");
  CHECK(trim("\t\r\n amy chen \f\v") == "amy chen");
  CHECK(trim("inner  space stays") == "inner  space stays");
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n ") == "");
  CHECK(trim("x") == "x");
  // Non-ASCII spaces (U+00A0) are not ASCII whitespace and stay.
  const std::string no_break_space = "\xC2\xA0";
  CHECK(trim(no_break_space + "amy") == no_break_space + "amy");
  // trim returns a view into its input rather than a copy.
  const std::string_view input = "  kept  ";
  CHECK(trim(input).data() == input.data() + 2);
}

TEST_CASE("is_blank is true for empty and whitespace-only text", "[common][text]") {
  CHECK(is_blank(""));
  CHECK(is_blank(" \t\r\n"));
  CHECK_FALSE(is_blank(" a "));
  CHECK_FALSE(is_blank(std::string_view("\0", 1)));
}

TEST_CASE("to_lower_ascii lowers ASCII letters and leaves other bytes alone", "[common][text]") {
  CHECK(to_lower_ascii("AMY.Chen@Hospital") == "amy.chen@hospital");
  CHECK(to_lower_ascii("ÀÉÎ") == "ÀÉÎ");
  CHECK(to_lower_ascii("[\\]^_`@{") == "[\\]^_`@{");  // the neighbours of A-Z and a-z
  CHECK(to_lower_ascii("") == "");
}

TEST_CASE("code_point_count counts characters, not bytes", "[common][text]") {
  CHECK(code_point_count("") == 0);
  CHECK(code_point_count("abc") == 3);
  CHECK(code_point_count("é") == 1);
  CHECK(code_point_count("€😀") == 2);
  CHECK(code_point_count("Zoë") == 3);
}

}  // namespace hearth::text
