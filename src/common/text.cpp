#include "common/text.h"

#include <cctype>

namespace hearth::text {

bool is_valid_utf8(std::string_view input) {
  std::size_t i = 0;
  const std::size_t size = input.size();
  while (i < size) {
    const auto byte = static_cast<unsigned char>(input[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    char32_t code_point = 0;
    char32_t minimum = 0;
    if ((byte & 0xE0U) == 0xC0U) {
      extra = 1;
      code_point = byte & 0x1FU;
      minimum = 0x80;
    } else if ((byte & 0xF0U) == 0xE0U) {
      extra = 2;
      code_point = byte & 0x0FU;
      minimum = 0x800;
    } else if ((byte & 0xF8U) == 0xF0U) {
      extra = 3;
      code_point = byte & 0x07U;
      minimum = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= size) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(input[i + k]);
      if ((next & 0xC0U) != 0x80U) return false;
      code_point = (code_point << 6U) | (next & 0x3FU);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool has_control_characters(std::string_view input) {
  for (char c : input) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) return true;
  }
  return false;
}

std::string_view trim(std::string_view input) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!input.empty() && is_space(input.front())) input.remove_prefix(1);
  while (!input.empty() && is_space(input.back())) input.remove_suffix(1);
  return input;
}

bool is_blank(std::string_view input) {
  return trim(input).empty();
}

std::string to_lower_ascii(std::string_view input) {
  std::string out(input);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t code_point_count(std::string_view input) {
  std::size_t count = 0;
  for (char c : input) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace hearth::text
