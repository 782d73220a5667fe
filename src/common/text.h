#pragma once

#include <string>
#include <string_view>

// Small text helpers shared by every module. All operate on UTF-8.
namespace hearth::text {

// Returns true if `input` is well-formed UTF-8 (no overlongs, no surrogates,
// nothing above U+10FFFF).
bool is_valid_utf8(std::string_view input);

// Returns true if `input` contains a C0 control character other than tab,
// line feed and carriage return, or DEL.
bool has_control_characters(std::string_view input);

// Removes ASCII whitespace from both ends.
std::string_view trim(std::string_view input);

// Returns true if `input` is empty or whitespace only.
bool is_blank(std::string_view input);

// ASCII-only lower-casing; other bytes are copied unchanged.
std::string to_lower_ascii(std::string_view input);

// Number of Unicode code points in valid UTF-8 `input`.
std::size_t code_point_count(std::string_view input);

}  // namespace hearth::text
