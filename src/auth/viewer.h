#pragma once

#include <cstdint>
#include <string>

#include "auth/roles.h"

namespace hearth::auth {

// Who is making the request: nobody (signed out) or a signed-in person with
// the roles the directory gave them at sign-in. Cheap to copy.
class Viewer {
 public:
  static Viewer anonymous() { return Viewer(); }
  static Viewer signed_in(std::int64_t person_id, std::string display_name, RoleSet roles);

  bool is_signed_in() const { return person_id_ != 0; }
  // 0 when signed out.
  std::int64_t person_id() const { return person_id_; }
  const std::string& display_name() const { return display_name_; }
  const RoleSet& roles() const { return roles_; }
  bool has_role(Role role) const { return is_signed_in() && roles_.has(role); }

 private:
  Viewer() = default;
  std::int64_t person_id_ = 0;
  std::string display_name_;
  RoleSet roles_;
};

}  // namespace hearth::auth
