#include "auth/demo_directory.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>

#include "auth/distinguished_name.h"
#include "auth/group_nesting.h"
#include "auth/login_name.h"
#include "auth/roles.h"
#include "common/embedded_file.h"
#include "common/text.h"

namespace hearth::auth {
namespace {

constexpr std::string_view kSampleFile = "sample-directory.ldif";
constexpr std::string_view kBaseDn = "dc=riverside-general,dc=example";

// Compares without an early exit, so the time taken does not depend on where
// the first differing byte is.
bool constant_time_equals(std::string_view left, std::string_view right) {
  const std::size_t length = std::max(left.size(), right.size());
  volatile unsigned difference = left.size() == right.size() ? 0U : 1U;
  for (std::size_t i = 0; i < length; ++i) {
    const auto left_byte = i < left.size() ? static_cast<unsigned char>(left[i]) : 0U;
    const auto right_byte = i < right.size() ? static_cast<unsigned char>(right[i]) : 0U;
    difference = difference | (left_byte ^ right_byte);
  }
  return difference == 0U;
}

bool is_hashed_password(std::string_view value) {
  return !value.empty() && value.front() == '{';
}

// Returns the 64-bit FNV-1a hash of `text` started from `basis`.
std::uint64_t fnv1a(std::string_view text, std::uint64_t basis) {
  std::uint64_t hash = basis;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Returns a UUID (RFC 9562 version 8, name-based) derived from `normalized_dn`.
std::string uuid_from_dn(std::string_view normalized_dn) {
  std::array<unsigned char, 16> bytes{};
  const std::uint64_t high = fnv1a(normalized_dn, 0xcbf29ce484222325ULL);
  const std::uint64_t low = fnv1a(normalized_dn, high ^ 0x6a09e667f3bcc909ULL);
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(high >> (56U - 8U * i));
    bytes[8 + i] = static_cast<unsigned char>(low >> (56U - 8U * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0fU) | 0x80U);  // version 8
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3fU) | 0x80U);  // RFC 9562 variant
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kDigits[bytes[i] >> 4U]);
    text.push_back(kDigits[bytes[i] & 0x0fU]);
  }
  return text;
}

std::string first_or_empty(const LdifRecord& record, std::string_view attribute) {
  if (attribute.empty()) return {};
  return record.first_value(attribute).value_or(std::string());
}

bool is_locked(const LdifRecord& record) {
  return record.first_value("pwdAccountLockedTime").has_value();
}

std::string_view role_words(Role role) {
  switch (role) {
    case Role::kStaff: return "staff";
    case Role::kPeerSupporter: return "peer supporter";
    case Role::kCoordinator: return "coordinator";
    case Role::kAdmin: return "admin";
  }
  return "?";
}

SignInResult refuse(std::string detail) {
  SignInResult result;
  result.status = SignInStatus::kInvalidCredentials;
  result.log_detail = std::move(detail);
  return result;
}

}  // namespace

DemoDirectory::DemoDirectory(std::string_view ldif_text, DirectoryConfig config)
    : config_(std::move(config)) {
  for (LdifRecord& record : parse_ldif(ldif_text)) {
    const bool is_group = !record.values("member").empty() &&
                          (config_.group_base.empty() || dn_is_within(record.dn, config_.group_base));
    if (is_group) {
      Group group{record.dn, {}};
      for (const std::string& member : record.values("member"))
        group.normalized_members.push_back(normalize_dn(member));
      groups_.push_back(std::move(group));
      continue;
    }
    const bool is_person = !config_.username_attribute.empty() &&
                           record.first_value(config_.username_attribute).has_value() &&
                           dn_is_within(record.dn, config_.user_base);
    if (is_person) {
      std::string normalized = normalize_dn(record.dn);
      people_.push_back({std::move(record), std::move(normalized)});
    }
  }
}

std::unique_ptr<DemoDirectory> DemoDirectory::make_sample() {
  for (const EmbeddedFile& file : hearth_demo_directory_files()) {
    if (file.path == kSampleFile) return std::make_unique<DemoDirectory>(file.content, demo_config());
  }
  throw std::logic_error("ldap/sample-directory.ldif is not embedded in the binary");
}

DirectoryConfig DemoDirectory::demo_config() {
  const std::string base(kBaseDn);
  const std::string groups = "ou=groups," + base;
  DirectoryConfig config;
  config.bind_dn = "cn=hearth-service,ou=services," + base;
  config.user_base = "ou=people," + base;
  config.user_filter = "(&(objectClass=inetOrgPerson)(uid={username}))";
  config.id_attribute = "entryUUID";
  config.username_attribute = "uid";
  config.display_name_attribute = "displayName";
  config.mail_attribute = "mail";
  config.department_attribute = "departmentNumber";
  config.title_attribute = "title";
  config.group_lookup = GroupLookup::kSearch;
  config.group_base = groups;
  config.group_nesting_depth = 5;
  config.staff_groups = {"cn=hearth-staff," + groups};
  config.peer_supporter_groups = {"cn=peer-supporters," + groups};
  config.coordinator_groups = {"cn=wellness-coordinators," + groups};
  config.admin_groups = {"cn=hearth-admins," + groups};
  config.required_group = "cn=hearth-staff," + groups;
  return config;
}

std::vector<const DemoDirectory::Person*> DemoDirectory::find_people(std::string_view username) const {
  const std::string wanted = text::to_lower_ascii(username);
  std::vector<const Person*> found;
  for (const Person& person : people_) {
    for (const std::string& value : person.record.values(config_.username_attribute)) {
      if (text::to_lower_ascii(value) == wanted) {
        found.push_back(&person);
        break;
      }
    }
  }
  return found;
}

std::vector<std::string> DemoDirectory::groups_containing(const std::vector<std::string>& dns) const {
  std::vector<std::string> normalized;
  for (const std::string& dn : dns) normalized.push_back(normalize_dn(dn));
  std::vector<std::string> result;
  for (const Group& group : groups_) {
    const bool contains = std::any_of(normalized.begin(), normalized.end(), [&](const std::string& dn) {
      return std::find(group.normalized_members.begin(), group.normalized_members.end(), dn) !=
             group.normalized_members.end();
    });
    if (contains) result.push_back(group.dn);
  }
  return result;
}

std::vector<std::string> DemoDirectory::groups_of(const std::string& dn) const {
  return expand_nested_groups(
      groups_containing({dn}), config_.group_nesting_depth,
      [this](const std::vector<std::string>& groups) { return groups_containing(groups); });
}

DirectoryPerson DemoDirectory::to_person(const Person& person, std::string_view typed_username) const {
  const LdifRecord& record = person.record;
  DirectoryPerson result;
  result.dn = record.dn;
  const std::string id = first_or_empty(record, config_.id_attribute);
  result.stable_id = id.empty() ? uuid_from_dn(person.normalized_dn) : id;
  result.username = first_or_empty(record, config_.username_attribute);
  if (result.username.empty()) result.username = std::string(typed_username);
  result.display_name = first_or_empty(record, config_.display_name_attribute);
  if (result.display_name.empty()) result.display_name = result.username;
  result.mail = first_or_empty(record, config_.mail_attribute);
  result.department = first_or_empty(record, config_.department_attribute);
  result.title = first_or_empty(record, config_.title_attribute);
  result.group_dns = groups_of(record.dn);
  return result;
}

SignInResult DemoDirectory::sign_in(std::string_view username, std::string_view password,
                                    const TraceSink& trace) {
  const auto emit = [&trace](const std::string& line) {
    if (trace) trace(line);
  };
  const std::optional<std::string> name = reduce_login_name(username);
  if (!name) {
    emit("username is empty or malformed: refused");
    return refuse("username empty or malformed");
  }
  if (text::is_blank(password)) {
    emit("password is empty or whitespace: refused");
    return refuse("empty or whitespace-only password");
  }
  emit(fmt::format("demo directory (in memory): search {} for {}={}", config_.user_base,
                   config_.username_attribute, *name));
  const std::vector<const Person*> found = find_people(*name);
  std::vector<std::string> found_dns;
  for (const Person* person : found) found_dns.push_back(person->record.dn);
  emit(fmt::format("entries found: {}{}{}", found.size(), found.empty() ? "" : ": ",
                   fmt::join(found_dns, "; ")));
  if (found.empty()) return refuse(fmt::format("no entry with {}={}", config_.username_attribute, *name));
  if (found.size() > 1) {
    return refuse(fmt::format("{} entries with {}={}; refusing an ambiguous username", found.size(),
                              config_.username_attribute, *name));
  }
  const Person& person = *found.front();

  bool matched = false;
  for (const std::string& stored : person.record.values("userPassword")) {
    const bool equal = constant_time_equals(stored, password);
    matched = matched || (equal && !is_hashed_password(stored));
  }
  if (is_locked(person.record)) {
    emit(fmt::format("user bind as {}: refused: account locked", person.record.dn));
    return refuse(fmt::format("bind as '{}' refused: account locked (pwdAccountLockedTime {})",
                              person.record.dn, first_or_empty(person.record, "pwdAccountLockedTime")));
  }
  if (!matched) {
    emit(fmt::format("user bind as {}: refused: wrong password", person.record.dn));
    return refuse(fmt::format("bind as '{}' refused: wrong password", person.record.dn));
  }
  emit(fmt::format("user bind as {}: ok", person.record.dn));

  SignInResult result;
  result.status = SignInStatus::kSuccess;
  result.person = to_person(person, *name);
  emit(fmt::format("groups found (nesting depth {}): {}{}{}", config_.group_nesting_depth,
                   result.person->group_dns.size(), result.person->group_dns.empty() ? "" : ": ",
                   fmt::join(result.person->group_dns, "; ")));
  result.log_detail = fmt::format("demo directory: signed in as '{}'", person.record.dn);
  return result;
}

std::vector<DirectoryPerson> DemoDirectory::people() const {
  std::vector<DirectoryPerson> result;
  result.reserve(people_.size());
  for (const Person& person : people_) result.push_back(to_person(person, {}));
  return result;
}

std::vector<DemoAccount> DemoDirectory::accounts() const {
  std::vector<DemoAccount> result;
  for (const Person& person : people_) {
    const LdifRecord& record = person.record;
    std::optional<std::string> password;
    for (const std::string& stored : record.values("userPassword")) {
      if (!is_hashed_password(stored)) {
        password = stored;
        break;
      }
    }
    if (!password) continue;

    const DirectoryPerson directory_person = to_person(person, {});
    std::vector<std::string> direct_groups;
    for (const std::string& group : groups_containing({record.dn}))
      direct_groups.push_back(normalize_dn(group));
    const RoleSet roles = roles_for(config_, directory_person.group_dns);
    const RoleSet direct_roles = roles_for(config_, direct_groups);

    std::vector<std::string> role_texts;
    for (Role role : {Role::kStaff, Role::kPeerSupporter, Role::kCoordinator, Role::kAdmin}) {
      if (!roles.has(role)) continue;
      std::string text(role_words(role));
      if (!direct_roles.has(role)) text += " (through a nested group)";
      role_texts.push_back(std::move(text));
    }
    std::string description = directory_person.title;
    if (!directory_person.department.empty()) {
      description += (description.empty() ? "" : ", ") + directory_person.department;
    }
    description += ": ";
    description +=
        role_texts.empty() ? std::string("no Hearth role") : fmt::format("{}", fmt::join(role_texts, ", "));
    if (is_locked(record)) {
      description += "; account locked, so sign-in is refused";
    } else if (!meets_required_group(config_, directory_person.group_dns)) {
      description += "; not in the required group, so sign-in is refused";
    }
    result.push_back(
        {directory_person.username, directory_person.display_name, *password, std::move(description)});
  }
  return result;
}

}  // namespace hearth::auth
