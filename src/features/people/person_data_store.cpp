#include "features/people/person_data_store.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>

#include "storage/audit_log.h"

namespace hearth::features::people {
namespace {

// Every column that refers to person (id). Checked against the schema by
// tests/unit/features/people/person_data_store_test.cpp.
constexpr std::array kReferences = {
    PersonReference{"session", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"audit_log", "actor_person_id", ErasureAction::kKeepTombstone},
    PersonReference{"peer_group", "created_by", ErasureAction::kClearColumn},
    PersonReference{"peer_group_membership", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"group_post", "author_person_id", ErasureAction::kClearColumn},
    PersonReference{"group_thread_read", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"group_shared_resource", "author_person_id", ErasureAction::kClearColumn},
    PersonReference{"group_post_report", "reporter_person_id", ErasureAction::kClearColumn},
    PersonReference{"group_member_warning", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"notification", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"notification_preference", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"support_request", "requester_person_id", ErasureAction::kDeleteRow},
    PersonReference{"support_request", "claimed_by", ErasureAction::kClearColumn},
    PersonReference{"event", "organiser_person_id", ErasureAction::kClearColumn},
    PersonReference{"event_rsvp", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"calendar_feed", "person_id", ErasureAction::kDeleteRow},
    PersonReference{"site_setting", "updated_by", ErasureAction::kKeepTombstone},
    PersonReference{"site_logo", "updated_by", ErasureAction::kKeepTombstone},
};

// A live person row (not a tombstone) with id ?1.
constexpr std::string_view kLivePerson =
    "SELECT id FROM person WHERE id = ?1 AND directory_id NOT LIKE 'deleted:%'";

// An ISO 8601 UTC time from a Unix time column (NULL stays NULL).
std::string iso(std::string_view column) {
  return fmt::format("strftime('%Y-%m-%dT%H:%M:%SZ', {}, 'unixepoch')", column);
}

std::string flag(std::string_view column) {
  return fmt::format("json(CASE WHEN {} THEN 'true' ELSE 'false' END)", column);
}

// A JSON array of `object` (a json_object(...) expression) over the rows of
// `from_where_order` (FROM ... WHERE ... ORDER BY ...).
std::string json_array(std::string_view object, std::string_view from_where_order) {
  return fmt::format("SELECT json_group_array(json(item)) FROM (SELECT {} AS item {})", object,
                     from_where_order);
}

struct Section {
  std::string name;
  std::string sql;        // one row, one column of JSON text; ?1 = person id
  std::string_view none;  // the value when the query returns no row
};

// The export's sections, in order. Each holds the person's own data; about
// others, at most ids, group names and thread titles.
std::vector<Section> export_sections() {
  std::vector<Section> sections;
  sections.push_back(
      {"person",
       fmt::format("SELECT json_object('username', username, 'display_name', display_name, 'mail', mail, "
                   "'department', department, 'title', title, 'roles', roles, 'directory_id', directory_id, "
                   "'first_signed_in', {}, 'last_signed_in', {}) FROM person WHERE id = ?1",
                   iso("created_at"), iso("last_sign_in_at")),
       "null"});
  sections.push_back({"sessions",
                      "SELECT json_object('signed_in_browsers', count(*)) FROM session WHERE person_id = ?1",
                      "null"});
  sections.push_back(
      {"groups_started",
       json_array(fmt::format("json_object('group', name, 'address', '/groups/' || slug, 'status', status, "
                              "'started', {})",
                              iso("created_at")),
                  "FROM peer_group WHERE created_by = ?1 ORDER BY created_at, id"),
       "[]"});
  sections.push_back(
      {"group_memberships",
       json_array(
           fmt::format("json_object('group', g.name, 'address', '/groups/' || g.slug, 'role', m.role, "
                       "'status', m.status, 'accepted_ground_rules_version', m.accepted_rules_version, "
                       "'answers_to_joining_questions', m.answers, 'message_from_facilitators', "
                       "m.decision_message, 'since', {}, 'updated', {})",
                       iso("m.created_at"), iso("m.updated_at")),
           "FROM peer_group_membership m JOIN peer_group g ON g.id = m.group_id WHERE m.person_id = ?1 "
           "ORDER BY m.created_at, g.id"),
       "[]"});
  sections.push_back(
      {"posts",
       json_array(
           fmt::format("json_object('post_id', p.id, 'group', g.name, 'thread', t.title, 'anonymous', {}, "
                       "'state', p.state, 'text', p.body, 'written', {}, 'edited', {})",
                       flag("p.anonymous"), iso("p.created_at"), iso("p.edited_at")),
           "FROM group_post p JOIN group_thread t ON t.id = p.thread_id JOIN peer_group g ON g.id = "
           "p.group_id WHERE p.author_person_id = ?1 ORDER BY p.created_at, p.id"),
       "[]"});
  sections.push_back(
      {"shared_resources",
       json_array(
           fmt::format("json_object('group', g.name, 'title', r.title, 'url', r.url, 'why', r.why, "
                       "'anonymous', {}, 'shared', {})",
                       flag("r.anonymous"), iso("r.created_at")),
           "FROM group_shared_resource r JOIN peer_group g ON g.id = r.group_id WHERE r.author_person_id = "
           "?1 ORDER BY r.created_at, r.id"),
       "[]"});
  sections.push_back(
      {"reports_made",
       json_array(
           fmt::format("json_object('post_id', r.post_id, 'group', g.name, 'reason', r.reason, 'note', "
                       "r.note, 'status', r.status, 'made', {}, 'closed', {})",
                       iso("r.created_at"), iso("r.closed_at")),
           "FROM group_post_report r JOIN peer_group g ON g.id = r.group_id WHERE r.reporter_person_id = "
           "?1 ORDER BY r.created_at, r.id"),
       "[]"});
  sections.push_back(
      {"reminders_received",
       json_array(
           fmt::format("json_object('group', g.name, 'message', w.message, 'given', {}, 'dismissed', {})",
                       iso("w.created_at"), iso("w.dismissed_at")),
           "FROM group_member_warning w JOIN peer_group g ON g.id = w.group_id WHERE w.person_id = ?1 "
           "ORDER BY w.created_at, w.id"),
       "[]"});
  sections.push_back(
      {"threads_read",
       json_array(
           "json_object('group', g.name, 'thread', t.title, 'last_read_post_id', r.last_read_post_id)",
           "FROM group_thread_read r JOIN group_thread t ON t.id = r.thread_id JOIN peer_group g ON g.id = "
           "t.group_id WHERE r.person_id = ?1 ORDER BY t.id"),
       "[]"});
  sections.push_back(
      {"notifications",
       json_array(fmt::format("json_object('kind', kind, 'link', link, 'created', {}, 'read', {})",
                              iso("created_at"), iso("read_at")),
                  "FROM notification WHERE person_id = ?1 ORDER BY id"),
       "[]"});
  sections.push_back(
      {"notification_settings",
       fmt::format(
           "SELECT json_object('email', COALESCE(email, 'site default'), 'details_in_email', details, "
           "'last_daily_summary', {}, 'updated', {}) FROM notification_preference WHERE person_id = ?1",
           iso("NULLIF(last_digest_at, 0)"), iso("updated_at")),
       "null"});
  sections.push_back(
      {"emails",
       json_array(
           fmt::format("json_object('to', o.to_address, 'subject', o.subject, 'text', o.body, 'queued', "
                       "{}, 'sent', {}, 'attempts', o.attempts)",
                       iso("o.created_at"), iso("o.sent_at")),
           "FROM mail_outbox o JOIN person p ON p.id = ?1 WHERE p.mail != '' AND o.to_address = p.mail "
           "COLLATE NOCASE ORDER BY o.id"),
       "[]"});
  sections.push_back(
      {"support_requests",
       json_array(
           fmt::format("json_object('for_whom', for_whom, 'colleague_name', colleague_name, 'contact_by', "
                       "contact_channel, 'contact_detail', contact_detail, 'when', timing, 'time_window', "
                       "time_window, 'outside_department', {}, 'department', department, 'context', context, "
                       "'status', status, 'made', {}, 'taken', {}, 'contacted', {})",
                       flag("outside_department"), iso("created_at"), iso("claimed_at"), iso("contacted_at")),
           "FROM support_request WHERE requester_person_id = ?1 ORDER BY created_at, id"),
       "[]"});
  sections.push_back({"support_requests_in_your_care",
                      "SELECT json(count(*)) FROM support_request WHERE claimed_by = ?1", "0"});
  sections.push_back(
      {"events_organised",
       json_array(
           "json_object('event', title, 'first_date', first_date, 'status', status, 'organiser_contact', "
           "organiser_contact)",
           "FROM event WHERE organiser_person_id = ?1 ORDER BY first_date, id"),
       "[]"});
  sections.push_back(
      {"event_replies",
       json_array(fmt::format("json_object('event', e.title, 'date', r.occurrence_date, 'reply', r.status, "
                              "'answered', {})",
                              iso("r.updated_at")),
                  "FROM event_rsvp r JOIN event e ON e.id = r.event_id WHERE r.person_id = ?1 "
                  "ORDER BY r.occurrence_date, e.id"),
       "[]"});
  sections.push_back(
      {"calendar_feed",
       fmt::format("SELECT json_object('discreet_titles', discreet, 'made', {}, 'last_used', {}) "
                   "FROM calendar_feed WHERE person_id = ?1",
                   iso("created_at"), iso("last_used_day")),
       "null"});
  sections.push_back(
      {"audited_actions",
       json_array(
           fmt::format("json_object('at', {}, 'action', action, 'object_type', object_type, 'object_id', "
                       "object_id, 'detail', detail)",
                       iso("at")),
           "FROM audit_log WHERE actor_person_id = ?1 ORDER BY id"),
       "[]"});
  return sections;
}

bool is_live(storage::Database& database, std::int64_t person_id) {
  auto statement = database.query(kLivePerson);
  statement.bind(1, person_id);
  return statement.step();
}

int count_of(storage::Statement& row, int column) {
  return static_cast<int>(row.column_int64(column));
}

}  // namespace

std::span<const PersonReference> PersonDataStore::references() {
  return kReferences;
}

std::optional<std::string> PersonDataStore::export_json(std::int64_t person_id, std::int64_t now) {
  auto& database = pool_.connection();
  // One read transaction: every section as of the same moment.
  storage::Transaction snapshot(database, storage::TransactionKind::kDeferred);
  if (!is_live(database, person_id)) return std::nullopt;
  std::string json = "{\n";
  json += "  \"format\": \"hearth-personal-data\",\n  \"format_version\": 1,\n";
  json +=
      fmt::format("  \"exported\": \"{:%Y-%m-%dT%H:%M:%SZ}\",\n", fmt::gmtime(static_cast<std::time_t>(now)));
  json +=
      "  \"about\": \"Everything this Hearth server holds about you. Times are UTC. Posts you wrote "
      "anonymously are included: they are yours.\"";
  for (const auto& section : export_sections()) {
    auto statement = database.query(section.sql);
    statement.bind(1, person_id);
    const auto value =
        statement.step() && !statement.is_null(0) ? statement.column_text(0) : std::string(section.none);
    json += fmt::format(",\n  \"{}\": {}", section.name, value);
  }
  json += "\n}\n";
  return json;
}

std::optional<PersonDataCounts> PersonDataStore::counts(std::int64_t person_id) {
  auto& database = pool_.connection();
  storage::Transaction snapshot(database, storage::TransactionKind::kDeferred);
  auto row = database.query(
      "SELECT (SELECT count(*) FROM session WHERE person_id = p.id), "
      "(SELECT count(*) FROM peer_group_membership WHERE person_id = p.id AND status = 'active'), "
      "(SELECT count(*) FROM peer_group_membership WHERE person_id = p.id AND status != 'active'), "
      "(SELECT count(*) FROM group_post WHERE author_person_id = p.id), "
      "(SELECT count(*) FROM group_shared_resource WHERE author_person_id = p.id), "
      "(SELECT count(*) FROM group_post_report WHERE reporter_person_id = p.id), "
      "(SELECT count(*) FROM group_member_warning WHERE person_id = p.id), "
      "(SELECT count(*) FROM notification WHERE person_id = p.id), "
      "(SELECT count(*) FROM notification_preference WHERE person_id = p.id), "
      "(SELECT count(*) FROM mail_outbox WHERE p.mail != '' AND to_address = p.mail COLLATE NOCASE), "
      "(SELECT count(*) FROM support_request WHERE requester_person_id = p.id), "
      "(SELECT count(*) FROM support_request WHERE claimed_by = p.id), "
      "(SELECT count(*) FROM event WHERE organiser_person_id = p.id), "
      "(SELECT count(*) FROM event_rsvp WHERE person_id = p.id), "
      "(SELECT count(*) FROM calendar_feed WHERE person_id = p.id) "
      "FROM person p WHERE p.id = ?1 AND p.directory_id NOT LIKE 'deleted:%'");
  row.bind(1, person_id);
  if (!row.step()) return std::nullopt;
  PersonDataCounts counts;
  int column = 0;
  counts.sessions = count_of(row, column++);
  counts.groups = count_of(row, column++);
  counts.applications = count_of(row, column++);
  counts.posts = count_of(row, column++);
  counts.shared_resources = count_of(row, column++);
  counts.reports = count_of(row, column++);
  counts.reminders = count_of(row, column++);
  counts.notifications = count_of(row, column++);
  counts.has_preferences = count_of(row, column++) > 0;
  counts.emails = count_of(row, column++);
  counts.support_requests = count_of(row, column++);
  counts.support_requests_in_care = count_of(row, column++);
  counts.events_organised = count_of(row, column++);
  counts.rsvps = count_of(row, column++);
  counts.has_calendar_feed = count_of(row, column++) > 0;

  auto groups = database.query(
      "SELECT g.name FROM peer_group_membership m JOIN peer_group g ON g.id = m.group_id "
      "WHERE m.person_id = ?1 AND m.role = 'facilitator' AND m.status = 'active' AND g.status != 'archived' "
      "AND NOT EXISTS (SELECT 1 FROM peer_group_membership o WHERE o.group_id = m.group_id AND o.person_id "
      "!= ?1 "
      "AND o.role = 'facilitator' AND o.status = 'active') ORDER BY g.name COLLATE NOCASE");
  groups.bind(1, person_id);
  while (groups.step()) counts.sole_facilitator_of.push_back(groups.column_text(0));
  return counts;
}

bool PersonDataStore::erase(std::int64_t person_id, std::optional<std::int64_t> actor, std::string_view via,
                            std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database, storage::TransactionKind::kImmediate);
  if (!is_live(database, person_id)) return false;

  // What the generic pass below cannot know: e-mail is addressed, not linked;
  // a request they had taken goes back to the queue for another supporter;
  // an event's contact line is theirs.
  database
      .query(
          "DELETE FROM mail_outbox WHERE to_address = (SELECT mail FROM person WHERE id = ?1 AND mail != '') "
          "COLLATE NOCASE")
      .bind(1, person_id)
      .run();
  database
      .query(
          "UPDATE support_request SET status = 'waiting', claimed_by = NULL, claimed_at = NULL "
          "WHERE claimed_by = ?1 AND status = 'claimed'")
      .bind(1, person_id)
      .run();
  database.query("UPDATE event SET organiser_contact = '' WHERE organiser_person_id = ?1")
      .bind(1, person_id)
      .run();
  // Others' notifications that lead to their requests (as support_service
  // makes the links) lead nowhere once the requests are gone.
  database
      .query(
          "DELETE FROM notification WHERE link IN (SELECT '/support/' || id FROM support_request "
          "WHERE requester_person_id = ?1)")
      .bind(1, person_id)
      .run();

  for (const auto& reference : kReferences) {
    switch (reference.action) {
      case ErasureAction::kDeleteRow:
        database.query(fmt::format("DELETE FROM {} WHERE {} = ?1", reference.table, reference.column))
            .bind(1, person_id)
            .run();
        break;
      case ErasureAction::kClearColumn:
        database
            .query(fmt::format("UPDATE {0} SET {1} = NULL WHERE {1} = ?1", reference.table, reference.column))
            .bind(1, person_id)
            .run();
        break;
      case ErasureAction::kKeepTombstone: break;
    }
  }
  database
      .query(
          "UPDATE person SET directory_id = 'deleted:' || id, username = '', display_name = '', mail = '', "
          "department = '', title = '', roles = '', created_at = 0, last_sign_in_at = 0 WHERE id = ?1")
      .bind(1, person_id)
      .run();
  storage::AuditLog::record(
      database, {0, now, actor, "person.delete", "person", std::to_string(person_id), std::string(via)});
  transaction.commit();
  return true;
}

}  // namespace hearth::features::people
