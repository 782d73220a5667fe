#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace hearth::features::people {

// What erase() does with one column that refers to person (id).
enum class ErasureAction {
  kDeleteRow,     // the row is the person's alone (sessions, memberships, RSVPs...)
  kClearColumn,   // the row stays, no longer linked to anyone (posts: "A former member")
  kKeepTombstone  // the row stays linked to the emptied person row (audit trail: who did it)
};

struct PersonReference {
  std::string_view table;
  std::string_view column;
  ErasureAction action;
};

// How much Hearth holds about one person: what the administrator's
// confirmation page lists before erase().
struct PersonDataCounts {
  int sessions = 0;          // signed-in browsers
  int groups = 0;            // active memberships
  int applications = 0;      // requests, invitations, waiting places, declined requests
  int posts = 0;             // kept, shown as "A former member"
  int shared_resources = 0;  // kept, unattributed
  int reports = 0;           // kept, unattributed
  int reminders = 0;         // facilitators' reminders to them
  int notifications = 0;
  bool has_preferences = false;
  int emails = 0;                    // in the outbox, sent or not, to their address
  int support_requests = 0;          // their own requests still stored
  int support_requests_in_care = 0;  // others' requests they have taken (returned to the queue)
  int events_organised = 0;          // kept, organiser cleared
  int rsvps = 0;
  bool has_calendar_feed = false;
  std::vector<std::string> sole_facilitator_of;  // groups left without a facilitator
};

// Everything Hearth stores about a person, read as a whole (export) or
// removed as a whole (erase). The SQL for every table that refers to a person
// is here, so that a new table cannot be forgotten: references() lists the
// columns handled, and a unit test compares it with the schema's foreign keys.
//
// A person row is never deleted: erase() empties it into a tombstone (no
// name, username, e-mail, department, title or roles; directory id
// "deleted:<id>"), so that the audit log keeps an internal id for who did
// what, while nothing identifies the person any more. The directory id no
// longer matches, so a later sign-in by the same directory account makes a
// new, unrelated person row.
class PersonDataStore {
 public:
  explicit PersonDataStore(storage::ConnectionPool& pool) : pool_(pool) {}

  // Every column that refers to person (id), with what erase() does to it.
  static std::span<const PersonReference> references();

  // A JSON document (UTF-8, an object) with everything Hearth holds about the
  // person, for them to read: their profile, a count of their sessions (no
  // tokens), memberships and their answers, posts, shared links, reports
  // (the post id only), reminders, notifications and settings, e-mails,
  // support requests still stored, events they organise, RSVPs, calendar
  // feed settings (no token) and their audited actions. Nothing about other
  // people beyond ids, group names and thread titles. Returns nullopt when
  // there is no such person or only a tombstone. `now` is the export time.
  std::optional<std::string> export_json(std::int64_t person_id, std::int64_t now);

  // Returns nullopt when there is no such person or only a tombstone.
  std::optional<PersonDataCounts> counts(std::int64_t person_id);

  // Removes or unlinks everything about the person (see references()) and
  // empties their row, together with an audit entry "person.delete" naming
  // the person by internal id only, in one transaction. `actor` is the
  // administrator (nullopt from the command line); `via` goes into the
  // entry's detail ("web" or "command line"). Returns false, changing
  // nothing, when there is no such person or only a tombstone.
  bool erase(std::int64_t person_id, std::optional<std::int64_t> actor, std::string_view via,
             std::int64_t now);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::people
