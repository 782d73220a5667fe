#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/directory.h"
#include "auth/roles.h"
#include "storage/database.h"

namespace hearth::auth {

struct PersonRecord {
  std::int64_t id = 0;
  std::string directory_id;
  std::string username;
  std::string display_name;
  std::string mail;
  std::string department;
  std::string title;
};

// The `person` table: people as last seen in the directory.
class PersonStore {
 public:
  explicit PersonStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // Inserts the person, or refreshes the mapped attributes of the existing row
  // with the same directory id, and returns the row id. A renamed account
  // keeps its id because the directory id is stable.
  std::int64_t upsert(const DirectoryPerson& person, const RoleSet& roles, std::int64_t now);

  // Returns nullopt if there is no such person.
  std::optional<PersonRecord> find(std::int64_t id);
  // The person who last signed in with this login name (compared without
  // regard to ASCII case), or nullopt.
  std::optional<PersonRecord> find_by_username(std::string_view username);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::auth
