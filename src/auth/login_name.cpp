#include "auth/login_name.h"

#include <algorithm>

#include "common/text.h"

namespace hearth::auth {
namespace {

// Returns true if `name` contains a C0 control character (tab, line feed and
// carriage return included), DEL, or a C1 control character (U+0080..U+009F).
bool has_control_character(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x20 || byte == 0x7f) return true;
    if (byte == 0xc2 && i + 1 < name.size()) {
      const auto next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> reduce_login_name(std::string_view typed) {
  std::string_view name = text::trim(typed);
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
  name = text::trim(name);
  if (name.empty() || name.size() > kMaxLoginNameBytes || !text::is_valid_utf8(name) ||
      has_control_character(name)) {
    return std::nullopt;
  }
  return std::string(name);
}

}  // namespace hearth::auth
