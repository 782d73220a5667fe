#include "auth/role_text.h"

#include <array>

namespace hearth::auth {
namespace {
constexpr std::array kAllRoles = {Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin};
}

std::string role_list_text(const RoleSet& roles) {
  std::string text;
  for (Role role : kAllRoles) {
    if (!roles.has(role)) continue;
    if (!text.empty()) text += ',';
    text += role_name(role);
  }
  return text;
}

RoleSet parse_role_list(std::string_view text) {
  RoleSet roles;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto name = text.substr(0, comma);
    for (Role role : kAllRoles) {
      if (role_name(role) == name) roles.insert(role);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return roles;
}

}  // namespace hearth::auth
