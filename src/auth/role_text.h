#pragma once

#include <string>
#include <string_view>

#include "auth/roles.h"

namespace hearth::auth {

// Stores a role set as comma-separated role names ("staff,coordinator") and
// reads it back. Unknown names are ignored when reading, so a role removed in
// a later version simply disappears from old sessions.
std::string role_list_text(const RoleSet& roles);
RoleSet parse_role_list(std::string_view text);

}  // namespace hearth::auth
