#include "auth/role_text.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <string>

namespace hearth::auth {
namespace {

constexpr std::array kEveryRole = {Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin};

// The role set whose members are the bits of `mask` (bit i = kEveryRole[i]).
RoleSet from_mask(unsigned mask) {
  RoleSet roles;
  for (std::size_t i = 0; i < kEveryRole.size(); ++i) {
    if ((mask & (1U << i)) != 0) roles.insert(kEveryRole[i]);
  }
  return roles;
}

}  // namespace

TEST_CASE("every role set survives a round trip through its text", "[auth][roles]") {
  for (unsigned mask = 0; mask < (1U << kEveryRole.size()); ++mask) {
    const RoleSet roles = from_mask(mask);
    const std::string text = role_list_text(roles);
    INFO("mask " << mask << " -> \"" << text << "\"");
    CHECK(parse_role_list(text) == roles);
    // One name per role, separated by single commas, none at the ends.
    const auto commas = static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
    CHECK(commas == (roles.empty() ? 0 : roles.names().size() - 1));
    if (!text.empty()) {
      CHECK(text.front() != ',');
      CHECK(text.back() != ',');
    }
  }
}

TEST_CASE("role text uses the stable role names in enum order", "[auth][roles]") {
  RoleSet roles;
  roles.insert(Role::kAdmin);
  roles.insert(Role::kStaff);
  CHECK(role_list_text(roles) == "staff,admin");
  roles.insert(Role::kPeerSupporter);
  roles.insert(Role::kCoordinator);
  CHECK(role_list_text(roles) == "staff,peer_supporter,coordinator,admin");
  CHECK(role_list_text(RoleSet{}).empty());
}

TEST_CASE("parsing role text ignores unknown names and stray commas", "[auth][roles]") {
  RoleSet staff_and_admin;
  staff_and_admin.insert(Role::kStaff);
  staff_and_admin.insert(Role::kAdmin);
  CHECK(parse_role_list("staff,wizard,admin") == staff_and_admin);
  CHECK(parse_role_list("admin,staff") == staff_and_admin);
  CHECK(parse_role_list("staff,,admin,") == staff_and_admin);
  CHECK(parse_role_list(",staff,staff,admin") == staff_and_admin);
  CHECK(parse_role_list("").empty());
  CHECK(parse_role_list(",,,").empty());
  CHECK(parse_role_list("superuser").empty());
  // Names must match exactly: no prefixes, suffixes or padding.
  CHECK(parse_role_list("admins").empty());
  CHECK(parse_role_list("adm").empty());
  CHECK(parse_role_list(" admin").empty());
  CHECK(parse_role_list(std::string("admin\0", 6)).empty());
}

}  // namespace hearth::auth
