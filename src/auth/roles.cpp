#include "auth/roles.h"

#include <algorithm>
#include <array>

#include "auth/distinguished_name.h"

namespace hearth::auth {
namespace {

constexpr std::array<Role, 4> kAllRoles{Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin};

bool is_member_of_any(const std::vector<std::string>& configured_groups,
                      const std::vector<std::string>& normalized_group_dns) {
  return std::any_of(configured_groups.begin(), configured_groups.end(), [&](const std::string& group) {
    const std::string wanted = normalize_dn(group);
    return std::find(normalized_group_dns.begin(), normalized_group_dns.end(), wanted) !=
           normalized_group_dns.end();
  });
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kStaff: return "staff";
    case Role::kPeerSupporter: return "peer_supporter";
    case Role::kCoordinator: return "coordinator";
    case Role::kAdmin: return "admin";
  }
  return "unknown";
}

std::vector<std::string_view> RoleSet::names() const {
  std::vector<std::string_view> result;
  for (Role role : kAllRoles) {
    if (has(role)) result.push_back(role_name(role));
  }
  return result;
}

RoleSet roles_for(const DirectoryConfig& config, const std::vector<std::string>& normalized_group_dns) {
  RoleSet roles;
  if (config.staff_groups.empty() || is_member_of_any(config.staff_groups, normalized_group_dns)) {
    roles.insert(Role::kStaff);
  }
  if (is_member_of_any(config.peer_supporter_groups, normalized_group_dns))
    roles.insert(Role::kPeerSupporter);
  if (is_member_of_any(config.coordinator_groups, normalized_group_dns)) roles.insert(Role::kCoordinator);
  if (is_member_of_any(config.admin_groups, normalized_group_dns)) roles.insert(Role::kAdmin);
  return roles;
}

bool meets_required_group(const DirectoryConfig& config,
                          const std::vector<std::string>& normalized_group_dns) {
  if (config.required_group.empty()) return true;
  return is_member_of_any({config.required_group}, normalized_group_dns);
}

}  // namespace hearth::auth
