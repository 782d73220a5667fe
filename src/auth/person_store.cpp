#include "auth/person_store.h"

#include "auth/role_text.h"

namespace hearth::auth {

std::int64_t PersonStore::upsert(const DirectoryPerson& person, const RoleSet& roles, std::int64_t now) {
  auto& database = pool_.connection();
  auto statement = database.query(
      "INSERT INTO person (directory_id, username, display_name, mail, department, title, roles, created_at, "
      "last_sign_in_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) "
      "ON CONFLICT (directory_id) DO UPDATE SET username = excluded.username, display_name = "
      "excluded.display_name, mail = excluded.mail, department = excluded.department, title = "
      "excluded.title, "
      "roles = excluded.roles, last_sign_in_at = excluded.last_sign_in_at "
      "RETURNING id");
  statement.bind_all(person.stable_id, person.username, person.display_name, person.mail, person.department,
                     person.title, role_list_text(roles), now);
  statement.step();
  return statement.column_int64(0);
}

std::optional<PersonRecord> PersonStore::find(std::int64_t id) {
  auto statement = pool_.connection().query(
      "SELECT id, directory_id, username, display_name, mail, department, title FROM person WHERE id = ?1");
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return PersonRecord{statement.column_int64(0), statement.column_text(1), statement.column_text(2),
                      statement.column_text(3),  statement.column_text(4), statement.column_text(5),
                      statement.column_text(6)};
}

std::optional<PersonRecord> PersonStore::find_by_username(std::string_view username) {
  auto statement = pool_.connection().query(
      "SELECT id, directory_id, username, display_name, mail, department, title FROM person "
      "WHERE username = ?1 COLLATE NOCASE ORDER BY last_sign_in_at DESC LIMIT 1");
  statement.bind(1, username);
  if (!statement.step()) return std::nullopt;
  return PersonRecord{statement.column_int64(0), statement.column_text(1), statement.column_text(2),
                      statement.column_text(3),  statement.column_text(4), statement.column_text(5),
                      statement.column_text(6)};
}

}  // namespace hearth::auth
