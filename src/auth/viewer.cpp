#include "auth/viewer.h"

namespace hearth::auth {

Viewer Viewer::signed_in(std::int64_t person_id, std::string display_name, RoleSet roles) {
  Viewer viewer;
  viewer.person_id_ = person_id;
  viewer.display_name_ = std::move(display_name);
  viewer.roles_ = roles;
  return viewer;
}

}  // namespace hearth::auth
