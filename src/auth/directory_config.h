#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace hearth::auth {

// How the groups of a person are found.
enum class GroupLookup {
  kMemberOf,   // read the person's memberOf attribute (OpenLDAP memberof overlay, AD)
  kSearch,     // search group_base for (member=<person DN, filter-escaped>)
  kAdInChain,  // AD only: (member:1.2.840.113556.1.4.1941:=<DN>) returns nested groups at once
};

// Which directory roles Hearth knows. A person may have several.
enum class Role { kStaff, kPeerSupporter, kCoordinator, kAdmin };

// Everything the directory layer needs, already loaded and validated by the
// application's config schema (app/config_schema.cpp). Plain data.
struct DirectoryConfig {
  // Tried in order; the next URL is used only after a transport error or
  // timeout on the previous one. ldaps:// URLs use TLS from the start;
  // ldap:// URLs use StartTLS unless allow_insecure_ldap is set.
  std::vector<std::string> urls;
  std::string ca_file;               // PEM bundle the server certificate must chain to
  bool allow_insecure_ldap = false;  // plain ldap:// without StartTLS; logs a warning

  std::string bind_dn;        // service account used for searches
  std::string bind_password;  // read from the configured password file

  std::string user_base;
  // Must contain {username}; it is replaced by the RFC 4515-escaped bare login name.
  std::string user_filter = "(&(objectClass=inetOrgPerson)(uid={username}))";
  std::string id_attribute = "entryUUID";  // AD: objectGUID (binary; rendered as hex)
  std::string username_attribute = "uid";  // AD: sAMAccountName
  std::string display_name_attribute = "displayName";
  std::string mail_attribute = "mail";
  std::string department_attribute = "departmentNumber";  // AD: department
  std::string title_attribute = "title";

  GroupLookup group_lookup = GroupLookup::kMemberOf;
  std::string group_base;       // used by kSearch and kAdInChain, and to walk nesting
  int group_nesting_depth = 5;  // 0 = direct groups only

  // Group DNs per role, compared after DN normalisation. An empty staff list
  // means every person who may sign in is staff.
  std::vector<std::string> staff_groups;
  std::vector<std::string> peer_supporter_groups;
  std::vector<std::string> coordinator_groups;
  std::vector<std::string> admin_groups;
  // When set, only members (direct or nested) of this group may sign in.
  std::string required_group;

  std::chrono::milliseconds network_timeout{5000};     // LDAP_OPT_NETWORK_TIMEOUT
  std::chrono::milliseconds operation_timeout{10000};  // LDAP_OPT_TIMEOUT
};

}  // namespace hearth::auth
