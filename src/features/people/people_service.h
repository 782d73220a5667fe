#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/person_store.h"
#include "auth/viewer.h"
#include "common/clock.h"
#include "features/people/person_data_store.h"

namespace hearth::features::people {

// One person as the administrator's "delete person" page shows them.
struct PersonSummary {
  auth::PersonRecord person;
  PersonDataCounts counts;
  bool is_viewer = false;  // the administrator's own account: not deleted from the web
};

// What deleting a person with `counts` does, one plain sentence per kind of
// data they have (nothing for kinds they have none of).
std::vector<std::string> erasure_effects(const PersonDataCounts& counts);

// A person's data as a whole: the download of one's own data, and an
// administrator's deletion of a person (for staff who leave, or who ask to be
// forgotten). Permissions: finding and deleting people is for administrators
// (auth::access::can_administer); the export is for the signed-in person
// themself. Errors are hearth::Error: kSignInRequired, kForbidden, kNotFound
// (no person with that username), kBadRequest (the confirmation does not
// match), kConflict (one's own account). Thread-safe.
class PeopleService {
 public:
  PeopleService(PersonDataStore& store, auth::PersonStore& people, const Clock& clock);

  // The person who last signed in with `username` (ASCII case ignored), with
  // counts of what deletion would remove. nullopt when nobody has, or when
  // that person was deleted.
  std::optional<PersonSummary> find(const auth::Viewer& viewer, std::string_view username);

  // Deletes the person found by `username` (see PersonDataStore::erase) once
  // `confirmation` repeats the username (ASCII case and surrounding spaces
  // ignored). The audit entry names the administrator and the person's
  // internal id only.
  void erase(const auth::Viewer& viewer, std::string_view username, std::string_view confirmation);

  // The viewer's own data as JSON (PersonDataStore::export_json).
  std::string export_own(const auth::Viewer& viewer);

  // For the `hearth export-user` and `hearth delete-user` commands, which act
  // for the system administrator at the console: no viewer, no permission
  // check. nullopt / false when there is no such person.
  std::optional<PersonSummary> summary_by_username(std::string_view username);
  std::optional<std::string> export_by_username(std::string_view username);
  std::optional<std::int64_t> erase_by_username(std::string_view username);

 private:
  std::optional<auth::PersonRecord> live_person(std::string_view username);

  PersonDataStore& store_;
  auth::PersonStore& people_;
  const Clock& clock_;
};

}  // namespace hearth::features::people
