#include "auth/login_name.h"

#include <algorithm>

namespace hearth::auth {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Returns true if `text` is well-formed UTF-8 without C0/C1 control characters
// or DEL.
bool is_printable_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x20 || lead == 0x7f) return false;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t code_point = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code_point = lead & 0x1fU;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      code_point = lead & 0x0fU;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code_point = lead & 0x07U;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto continuation = static_cast<unsigned char>(text[i + k]);
      if ((continuation & 0xc0U) != 0x80U) return false;
      code_point = (code_point << 6U) | (continuation & 0x3fU);
    }
    const bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xd800 && code_point <= 0xdfff;
    const bool c1_control = code_point >= 0x80 && code_point <= 0x9f;
    if (overlong || surrogate || c1_control || code_point > 0x10ffff) return false;
    i += length;
  }
  return true;
}

}  // namespace

std::optional<std::string> reduce_login_name(std::string_view typed) {
  std::string_view name = trim(typed);
  const auto backslashes = std::count(name.begin(), name.end(), '\\');
  const auto at_signs = std::count(name.begin(), name.end(), '@');
  if (backslashes + at_signs > 1) return std::nullopt;
  if (backslashes == 1) {
    const std::size_t separator = name.find('\\');
    if (separator == 0) return std::nullopt;  // `\user` names no domain
    name = name.substr(separator + 1);
  } else if (at_signs == 1) {
    const std::size_t separator = name.find('@');
    if (separator + 1 == name.size()) return std::nullopt;  // `user@` names no realm
    name = name.substr(0, separator);
  }
  name = trim(name);
  if (name.empty() || name.size() > kMaxLoginNameBytes || !is_printable_utf8(name)) return std::nullopt;
  return std::string(name);
}

}  // namespace hearth::auth
