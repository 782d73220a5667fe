#include "auth/roles.h"

#include <catch2/catch.hpp>

#include "auth/distinguished_name.h"

namespace hearth::auth {
namespace {

DirectoryConfig hospital_config() {
  DirectoryConfig config;
  config.staff_groups = {"cn=hearth-staff,ou=groups,dc=riverside-general,dc=example"};
  config.peer_supporter_groups = {"CN=Peer-Supporters,OU=Groups,DC=riverside-general,DC=example",
                                  "cn=chaplaincy,ou=groups,dc=riverside-general,dc=example"};
  config.coordinator_groups = {"cn=wellness-coordinators,ou=groups,dc=riverside-general,dc=example"};
  config.admin_groups = {"cn=hearth-admins,ou=groups,dc=riverside-general,dc=example"};
  config.required_group = "cn = hearth-staff, ou=groups, dc=riverside-general, dc=example";
  return config;
}

std::vector<std::string> normalized(std::initializer_list<const char*> dns) {
  std::vector<std::string> result;
  for (const char* dn : dns) result.push_back(normalize_dn(dn));
  return result;
}

}  // namespace

TEST_CASE("role_name gives the stable names", "[auth][roles]") {
  CHECK(role_name(Role::kStaff) == "staff");
  CHECK(role_name(Role::kPeerSupporter) == "peer_supporter");
  CHECK(role_name(Role::kCoordinator) == "coordinator");
  CHECK(role_name(Role::kAdmin) == "admin");
}

TEST_CASE("RoleSet holds each role once and lists them in enum order", "[auth][roles]") {
  RoleSet roles;
  CHECK(roles.empty());
  CHECK(roles.names().empty());
  roles.insert(Role::kAdmin);
  roles.insert(Role::kStaff);
  roles.insert(Role::kAdmin);
  CHECK(roles.has(Role::kAdmin));
  CHECK(roles.has(Role::kStaff));
  CHECK_FALSE(roles.has(Role::kPeerSupporter));
  CHECK_FALSE(roles.has(Role::kCoordinator));
  CHECK(roles.names() == std::vector<std::string_view>{"staff", "admin"});
  RoleSet same;
  same.insert(Role::kStaff);
  same.insert(Role::kAdmin);
  CHECK(roles == same);
}

TEST_CASE("roles_for maps group membership to roles, matching DNs normalised", "[auth][roles]") {
  const DirectoryConfig config = hospital_config();

  const RoleSet nurse =
      roles_for(config, normalized({"cn=hearth-staff,ou=groups,dc=riverside-general,dc=example"}));
  CHECK(nurse.names() == std::vector<std::string_view>{"staff"});

  const RoleSet supporter =
      roles_for(config, normalized({"CN=HEARTH-STAFF,OU=GROUPS,DC=RIVERSIDE-GENERAL,DC=EXAMPLE",
                                    "cn=peer-supporters,ou=groups,dc=riverside-general,dc=example"}));
  CHECK(supporter.names() == std::vector<std::string_view>{"staff", "peer_supporter"});

  const RoleSet chaplain =
      roles_for(config, normalized({"cn=chaplaincy,ou=groups,dc=riverside-general,dc=example"}));
  CHECK(chaplain.has(Role::kPeerSupporter));
  CHECK_FALSE(chaplain.has(Role::kStaff));  // roles are independent of each other

  const RoleSet outsider =
      roles_for(config, normalized({"cn=visitors,ou=groups,dc=riverside-general,dc=example"}));
  CHECK(outsider.empty());
  CHECK(roles_for(config, {}).empty());
}

TEST_CASE("roles_for makes everyone staff when no staff group is configured", "[auth][roles]") {
  DirectoryConfig config = hospital_config();
  config.staff_groups.clear();
  CHECK(roles_for(config, {}).names() == std::vector<std::string_view>{"staff"});
  const RoleSet admin =
      roles_for(config, normalized({"cn=hearth-admins,ou=groups,dc=riverside-general,dc=example"}));
  CHECK(admin.names() == std::vector<std::string_view>{"staff", "admin"});
}

TEST_CASE("meets_required_group", "[auth][roles]") {
  DirectoryConfig config = hospital_config();
  CHECK(meets_required_group(config,
                             normalized({"cn=hearth-staff,ou=groups,dc=riverside-general,dc=example"})));
  CHECK_FALSE(meets_required_group(
      config, normalized({"cn=hearth-admins,ou=groups,dc=riverside-general,dc=example"})));
  CHECK_FALSE(meets_required_group(config, {}));
  config.required_group.clear();
  CHECK(meets_required_group(config, {}));
}

}  // namespace hearth::auth
