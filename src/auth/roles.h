#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/directory_config.h"

namespace hearth::auth {

// Returns the stable lower-case name of `role`: "staff", "peer_supporter",
// "coordinator" or "admin". Used in logs, traces and stored audit entries.
std::string_view role_name(Role role);

// A set of roles; a small value type.
class RoleSet {
 public:
  RoleSet() = default;

  bool has(Role role) const { return (bits_ & bit(role)) != 0; }
  void insert(Role role) { bits_ |= bit(role); }
  bool empty() const { return bits_ == 0; }

  // Returns the role_name() of each member, in the order of the Role enum
  // (staff, peer_supporter, coordinator, admin).
  std::vector<std::string_view> names() const;

  friend bool operator==(const RoleSet&, const RoleSet&) = default;

 private:
  static std::uint8_t bit(Role role) { return static_cast<std::uint8_t>(1U << static_cast<unsigned>(role)); }

  std::uint8_t bits_ = 0;
};

// Returns the roles that membership of `normalized_group_dns` (normalize_dn()
// output, direct and nested groups together, as in DirectoryPerson::group_dns)
// grants under `config`. Each role is granted by membership of any group in its
// list; the config's lists may be written in any DN spelling. An empty
// staff_groups list grants staff to everyone. Roles are independent of each
// other: an admin who is in no staff group is not staff.
RoleSet roles_for(const DirectoryConfig& config, const std::vector<std::string>& normalized_group_dns);

// Returns true if `config.required_group` is empty or is one of
// `normalized_group_dns`. The caller refuses sign-in when this is false.
bool meets_required_group(const DirectoryConfig& config,
                          const std::vector<std::string>& normalized_group_dns);

}  // namespace hearth::auth
