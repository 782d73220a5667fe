#include "features/events/event_store.h"

#include <algorithm>
#include <unordered_set>

#include "common/error.h"

namespace hearth::features::events {
namespace {

// The event columns, the group's slug and name, and (?1 = person id) what
// the person is to the group.
constexpr std::string_view kSelect =
    "SELECT e.id, e.uid, e.title, e.description, e.category, e.first_date, e.all_day, e.start_minute, "
    "e.duration_minutes, e.all_day_days, e.frequency, e.repeat_interval, e.weekdays, e.week_of_month, "
    "e.day_of_month, e.until_date, e.occurrence_count, e.location, e.virtual_link, e.link_visibility, "
    "e.audience, e.group_id, e.capacity, e.rsvp, e.organiser_contact, e.organiser_person_id, e.status, "
    "e.cancelled_from, e.sequence, e.created_at, e.updated_at, COALESCE(g.slug, ''), COALESCE(g.name, ''), "
    "(SELECT CASE m.role WHEN 'facilitator' THEN 2 ELSE 1 END FROM peer_group_membership m "
    " WHERE m.group_id = e.group_id AND m.person_id = ?1 AND m.status = 'active') "
    "FROM event e LEFT JOIN peer_group g ON g.id = e.group_id ";

std::string_view frequency_text(calendar::SeriesFrequency frequency) {
  switch (frequency) {
    case calendar::SeriesFrequency::kOnce: return "once";
    case calendar::SeriesFrequency::kWeekly: return "weekly";
    case calendar::SeriesFrequency::kMonthlyByWeekday: return "monthly_weekday";
    case calendar::SeriesFrequency::kMonthlyByDayOfMonth: return "monthly_day";
  }
  return "once";
}

std::optional<calendar::SeriesFrequency> frequency_from_text(std::string_view text) {
  if (text == "once") return calendar::SeriesFrequency::kOnce;
  if (text == "weekly") return calendar::SeriesFrequency::kWeekly;
  if (text == "monthly_weekday") return calendar::SeriesFrequency::kMonthlyByWeekday;
  if (text == "monthly_day") return calendar::SeriesFrequency::kMonthlyByDayOfMonth;
  return std::nullopt;
}

calendar::LocalDate stored_date(const std::string& text) {
  const auto date = parse_date_text(text);
  if (!date) throw Error::internal("event: malformed stored date");
  return *date;
}

std::optional<std::string> optional_date_text(const std::optional<calendar::LocalDate>& date) {
  if (!date) return std::nullopt;
  return date_text(*date);
}

// The weekdays column: the weekly days, or the one day of a monthly series.
std::string stored_weekdays(const calendar::EventSeries& series) {
  if (series.frequency == calendar::SeriesFrequency::kWeekly) return weekday_codes(series.weekdays);
  if (series.frequency == calendar::SeriesFrequency::kMonthlyByWeekday)
    return weekday_codes({series.weekday});
  return {};
}

EventForPerson read_event(const storage::Statement& row) {
  EventForPerson result;
  Event& event = result.event;
  EventDraft& d = event.draft;
  auto& s = d.series;
  event.id = row.column_int64(0);
  event.uid = row.column_text(1);
  d.title = row.column_text(2);
  d.description = row.column_text(3);
  const auto category = category_from_text(row.column_text(4));
  const auto frequency = frequency_from_text(row.column_text(10));
  const auto weekdays = parse_weekday_codes(row.column_text(12));
  const auto link_visibility = link_visibility_from_text(row.column_text(19));
  const auto audience = audience_from_text(row.column_text(20));
  const auto rsvp = rsvp_policy_from_text(row.column_text(23));
  const auto status = event_status_from_text(row.column_text(26));
  if (!category || !frequency || !weekdays || !link_visibility || !audience || !rsvp || !status)
    throw Error::internal("event has an unknown stored value");
  d.category = *category;
  s.first_date = stored_date(row.column_text(5));
  s.day_kind = row.column_int64(6) != 0 ? calendar::DayKind::kAllDay : calendar::DayKind::kTimed;
  const auto start_minute = static_cast<int>(row.column_int64(7));
  s.start_time = calendar::LocalTime{start_minute / 60, start_minute % 60};
  s.duration_minutes = static_cast<int>(row.column_int64(8));
  s.all_day_days = static_cast<int>(row.column_int64(9));
  s.frequency = *frequency;
  s.interval = static_cast<int>(row.column_int64(11));
  if (s.frequency == calendar::SeriesFrequency::kWeekly) s.weekdays = *weekdays;
  if (s.frequency == calendar::SeriesFrequency::kMonthlyByWeekday && !weekdays->empty())
    s.weekday = weekdays->front();
  s.week_of_month = static_cast<int>(row.column_int64(13));
  s.day_of_month = static_cast<int>(row.column_int64(14));
  if (const auto until = row.column_optional_text(15)) s.until = stored_date(*until);
  if (const auto count = row.column_optional_int64(16)) s.count = static_cast<int>(*count);
  d.location = row.column_text(17);
  d.virtual_link = row.column_text(18);
  d.link_visibility = *link_visibility;
  d.audience = *audience;
  d.group_id = row.column_optional_int64(21);
  if (const auto capacity = row.column_optional_int64(22)) d.capacity = static_cast<int>(*capacity);
  d.rsvp = *rsvp;
  d.organiser_contact = row.column_text(24);
  event.organiser_person_id = row.column_optional_int64(25);
  event.status = *status;
  if (const auto from = row.column_optional_text(27)) event.cancelled_from = stored_date(*from);
  event.sequence = static_cast<int>(row.column_int64(28));
  event.created_at = row.column_int64(29);
  event.updated_at = row.column_int64(30);
  event.group_slug = row.column_text(31);
  event.group_name = row.column_text(32);
  const auto relation = row.column_optional_int64(33);
  result.relation = !relation        ? GroupRelation::kNone
                    : *relation == 2 ? GroupRelation::kFacilitator
                                     : GroupRelation::kMember;
  return result;
}

// Loads the department lists of `events` (audience kDepartments only).
void load_departments(storage::Database& database, std::vector<EventForPerson>& events) {
  for (auto& item : events) {
    if (item.event.draft.audience != Audience::kDepartments) continue;
    auto row =
        database.query("SELECT department FROM event_department WHERE event_id = ? ORDER BY department");
    row.bind(1, item.event.id);
    while (row.step()) item.event.draft.departments.push_back(row.column_text(0));
  }
}

std::vector<EventForPerson> read_events(storage::Database& database, storage::Statement& row) {
  std::vector<EventForPerson> events;
  while (row.step()) events.push_back(read_event(row));
  load_departments(database, events);
  return events;
}

void write_departments(storage::Database& database, std::int64_t id, const EventDraft& draft) {
  database.query("DELETE FROM event_department WHERE event_id = ?").bind(1, id).run();
  if (draft.audience != Audience::kDepartments) return;
  for (const auto& department : draft.departments) {
    database.query("INSERT OR IGNORE INTO event_department (event_id, department) VALUES (?, ?)")
        .bind_all(id, department)
        .run();
  }
}

OccurrenceChange read_change(const storage::Statement& row, int first) {
  OccurrenceChange change;
  change.date = stored_date(row.column_text(first));
  change.cancelled = row.column_int64(first + 1) != 0;
  if (const auto start = row.column_optional_int64(first + 2)) {
    change.start = calendar::LocalTime{static_cast<int>(*start / 60), static_cast<int>(*start % 60)};
  }
  if (const auto duration = row.column_optional_int64(first + 3))
    change.duration_minutes = static_cast<int>(*duration);
  change.location = row.column_optional_text(first + 4);
  change.note = row.column_text(first + 5);
  change.sequence = static_cast<int>(row.column_int64(first + 6));
  change.updated_at = row.column_int64(first + 7);
  return change;
}

constexpr std::string_view kChangeColumns =
    "occurrence_date, cancelled, start_minute, duration_minutes, location, note, sequence, updated_at";

}  // namespace

std::int64_t EventStore::insert(const EventDraft& draft, std::string_view uid,
                                std::optional<std::int64_t> organiser,
                                std::optional<calendar::LocalDate> last_date,
                                std::optional<std::int64_t> continues_event_id, std::int64_t now) {
  auto& database = connection();
  storage::Transaction transaction(database);
  const auto& s = draft.series;
  database
      .query(
          "INSERT INTO event (uid, title, description, category, first_date, all_day, start_minute, "
          "duration_minutes, all_day_days, frequency, repeat_interval, weekdays, week_of_month, "
          "day_of_month, "
          "until_date, occurrence_count, last_date, location, virtual_link, link_visibility, audience, "
          "group_id, "
          "capacity, rsvp, organiser_contact, organiser_person_id, status, sequence, continues_event_id, "
          "created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "'scheduled', 0, ?, "
          "?, ?)")
      .bind_all(uid, draft.title, draft.description, to_text(draft.category), date_text(s.first_date),
                s.day_kind == calendar::DayKind::kAllDay ? 1 : 0,
                s.start_time.hour * 60 + s.start_time.minute, s.duration_minutes, s.all_day_days,
                frequency_text(s.frequency), s.interval, stored_weekdays(s), s.week_of_month, s.day_of_month,
                optional_date_text(s.until), s.count, optional_date_text(last_date), draft.location,
                draft.virtual_link, to_text(draft.link_visibility), to_text(draft.audience),
                draft.audience == Audience::kGroup ? draft.group_id : std::nullopt, draft.capacity,
                to_text(draft.rsvp), draft.organiser_contact, organiser, continues_event_id, now, now)
      .run();
  const auto id = database.last_insert_id();
  write_departments(database, id, draft);
  transaction.commit();
  return id;
}

void EventStore::update(std::int64_t id, const EventDraft& draft,
                        std::optional<calendar::LocalDate> last_date, std::int64_t now) {
  auto& database = connection();
  storage::Transaction transaction(database);
  const auto& s = draft.series;
  database
      .query(
          "UPDATE event SET title = ?, description = ?, category = ?, first_date = ?, all_day = ?, "
          "start_minute = ?, duration_minutes = ?, all_day_days = ?, frequency = ?, repeat_interval = ?, "
          "weekdays = ?, week_of_month = ?, day_of_month = ?, until_date = ?, occurrence_count = ?, "
          "last_date = ?, location = ?, virtual_link = ?, link_visibility = ?, audience = ?, group_id = ?, "
          "capacity = ?, rsvp = ?, organiser_contact = ?, sequence = sequence + 1, updated_at = ? WHERE id = "
          "?")
      .bind_all(draft.title, draft.description, to_text(draft.category), date_text(s.first_date),
                s.day_kind == calendar::DayKind::kAllDay ? 1 : 0,
                s.start_time.hour * 60 + s.start_time.minute, s.duration_minutes, s.all_day_days,
                frequency_text(s.frequency), s.interval, stored_weekdays(s), s.week_of_month, s.day_of_month,
                optional_date_text(s.until), s.count, optional_date_text(last_date), draft.location,
                draft.virtual_link, to_text(draft.link_visibility), to_text(draft.audience),
                draft.audience == Audience::kGroup ? draft.group_id : std::nullopt, draft.capacity,
                to_text(draft.rsvp), draft.organiser_contact, now, id)
      .run();
  write_departments(database, id, draft);
  transaction.commit();
}

void EventStore::cancel(std::int64_t id, std::int64_t now) {
  connection()
      .query("UPDATE event SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ?")
      .bind_all(now, id)
      .run();
}

void EventStore::cancel_from(std::int64_t id, const calendar::LocalDate& from, std::int64_t now) {
  connection()
      .query("UPDATE event SET cancelled_from = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?")
      .bind_all(date_text(from), now, id)
      .run();
}

std::optional<EventForPerson> EventStore::find(std::int64_t id, std::int64_t person_id) {
  auto& database = connection();
  auto row = database.query(std::string(kSelect) + "WHERE e.id = ?2");
  row.bind_all(person_id, id);
  auto events = read_events(database, row);
  if (events.empty()) return std::nullopt;
  return std::move(events.front());
}

std::vector<EventForPerson> EventStore::overlapping(const calendar::LocalDate& from,
                                                    const calendar::LocalDate& to, std::int64_t person_id,
                                                    Cancelled cancelled) {
  auto& database = connection();
  // An all-day event may span up to two weeks, so it can have started before `from`.
  auto row = database.query(
      std::string(kSelect) +
      "WHERE e.first_date <= ?3 AND (e.last_date IS NULL OR e.last_date >= date(?2, '-14 days')) "
      "AND (?4 OR e.status = 'scheduled') "
      "AND (e.group_id IS NULL OR EXISTS (SELECT 1 FROM peer_group_membership m WHERE m.group_id = "
      "e.group_id "
      "     AND m.person_id = ?1 AND m.status = 'active')) "
      "ORDER BY e.id");
  row.bind_all(person_id, date_text(from), date_text(to), cancelled == Cancelled::kInclude ? 1 : 0);
  return read_events(database, row);
}

std::vector<Event> EventStore::all_staff_since(const calendar::LocalDate& from) {
  auto& database = connection();
  auto row = database.query(std::string(kSelect) +
                            "WHERE e.audience = 'all_staff' AND (e.last_date IS NULL OR e.last_date >= ?2) "
                            "ORDER BY e.id");
  row.bind_all(0, date_text(from));
  std::vector<Event> events;
  for (auto& item : read_events(database, row)) events.push_back(std::move(item.event));
  return events;
}

std::vector<EventForPerson> EventStore::group_meetings_of(std::int64_t person_id,
                                                          const calendar::LocalDate& from) {
  auto& database = connection();
  auto row = database.query(
      std::string(kSelect) +
      "WHERE e.audience = 'group' AND (e.last_date IS NULL OR e.last_date >= ?2) "
      "AND EXISTS (SELECT 1 FROM peer_group_membership m WHERE m.group_id = e.group_id AND m.person_id = ?1 "
      "            AND m.status = 'active') "
      "ORDER BY e.id");
  row.bind_all(person_id, date_text(from));
  return read_events(database, row);
}

std::vector<OccurrenceChange> EventStore::changes(std::int64_t event_id) {
  auto row = connection().query("SELECT " + std::string(kChangeColumns) +
                                " FROM event_occurrence_change WHERE event_id = ? ORDER BY occurrence_date");
  row.bind(1, event_id);
  std::vector<OccurrenceChange> changes;
  while (row.step()) changes.push_back(read_change(row, 0));
  return changes;
}

std::map<std::int64_t, std::vector<OccurrenceChange>> EventStore::changes_of(
    const std::vector<std::int64_t>& event_ids) {
  std::map<std::int64_t, std::vector<OccurrenceChange>> result;
  if (event_ids.empty()) return result;
  // The whole (small) table is cheaper than one query per event.
  auto row = connection().query("SELECT event_id, " + std::string(kChangeColumns) +
                                " FROM event_occurrence_change ORDER BY event_id, occurrence_date");
  const std::unordered_set<std::int64_t> wanted(event_ids.begin(), event_ids.end());
  while (row.step()) {
    const auto id = row.column_int64(0);
    if (wanted.count(id) == 0) continue;
    result[id].push_back(read_change(row, 1));
  }
  return result;
}

std::optional<OccurrenceChange> EventStore::change(std::int64_t event_id, const calendar::LocalDate& date) {
  auto row = connection().query("SELECT " + std::string(kChangeColumns) +
                                " FROM event_occurrence_change WHERE event_id = ? AND occurrence_date = ?");
  row.bind_all(event_id, date_text(date));
  if (!row.step()) return std::nullopt;
  return read_change(row, 0);
}

void EventStore::save_change(std::int64_t event_id, const OccurrenceChange& change) {
  std::optional<int> start_minute;
  if (change.start) start_minute = change.start->hour * 60 + change.start->minute;
  connection()
      .query(
          "INSERT OR REPLACE INTO event_occurrence_change (event_id, occurrence_date, cancelled, "
          "start_minute, "
          "duration_minutes, location, note, sequence, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(event_id, date_text(change.date), change.cancelled ? 1 : 0, start_minute,
                change.duration_minutes, change.location, change.note, change.sequence, change.updated_at)
      .run();
}

std::optional<Rsvp> EventStore::rsvp(std::int64_t event_id, const calendar::LocalDate& date,
                                     std::int64_t person_id) {
  auto row = connection().query(
      "SELECT status, position, updated_at FROM event_rsvp "
      "WHERE event_id = ? AND occurrence_date = ? AND person_id = ?");
  row.bind_all(event_id, date_text(date), person_id);
  if (!row.step()) return std::nullopt;
  const auto status = rsvp_status_from_text(row.column_text(0));
  if (!status) throw Error::internal("event_rsvp has an unknown status");
  return Rsvp{event_id, date, person_id, *status, row.column_int64(1), row.column_int64(2)};
}

void EventStore::save_rsvp(std::int64_t event_id, const calendar::LocalDate& date, std::int64_t person_id,
                           RsvpStatus status, std::int64_t now) {
  auto& database = connection();
  const auto day = date_text(date);
  if (status == RsvpStatus::kNotGoing) {
    database
        .query(
            "INSERT INTO event_rsvp (event_id, occurrence_date, person_id, status, position, updated_at) "
            "VALUES (?1, ?2, ?3, 'not_going', 0, ?4) "
            "ON CONFLICT (event_id, occurrence_date, person_id) DO UPDATE SET status = 'not_going', "
            "updated_at = ?4")
        .bind_all(event_id, day, person_id, now)
        .run();
    return;
  }
  database
      .query(
          "INSERT INTO event_rsvp (event_id, occurrence_date, person_id, status, position, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM event_rsvp "
          "                         WHERE event_id = ?1 AND occurrence_date = ?2), ?5) "
          "ON CONFLICT (event_id, occurrence_date, person_id) DO UPDATE SET status = excluded.status, "
          "position = CASE WHEN event_rsvp.status = 'not_going' THEN excluded.position ELSE "
          "event_rsvp.position END, "
          "updated_at = excluded.updated_at")
      .bind_all(event_id, day, person_id, to_text(status), now)
      .run();
}

Attendance EventStore::attendance(std::int64_t event_id, const calendar::LocalDate& date) {
  auto row = connection().query(
      "SELECT COALESCE(SUM(status = 'going'), 0), COALESCE(SUM(status = 'waiting'), 0) FROM event_rsvp "
      "WHERE event_id = ? AND occurrence_date = ?");
  row.bind_all(event_id, date_text(date));
  row.step();
  return Attendance{static_cast<int>(row.column_int64(0)), static_cast<int>(row.column_int64(1))};
}

std::map<std::pair<std::int64_t, std::string>, Attendance> EventStore::attendance_of(
    const std::vector<std::int64_t>& event_ids, const calendar::LocalDate& from,
    const calendar::LocalDate& to) {
  std::map<std::pair<std::int64_t, std::string>, Attendance> result;
  if (event_ids.empty()) return result;
  // The ids as a JSON array: SQLite then looks each event up in
  // event_rsvp_queue (event_id, occurrence_date, status) instead of reading
  // every answer in the date range (a full scan: there is no index by date).
  std::string ids_json = "[";
  for (const auto id : event_ids) {
    if (ids_json.size() > 1) ids_json += ',';
    ids_json += std::to_string(id);
  }
  ids_json += ']';
  auto row = connection().query(
      "SELECT event_id, occurrence_date, SUM(status = 'going'), SUM(status = 'waiting') FROM event_rsvp "
      "WHERE event_id IN (SELECT value FROM json_each(?1)) AND occurrence_date BETWEEN ?2 AND ?3 "
      "AND status != 'not_going' GROUP BY event_id, occurrence_date");
  row.bind_all(ids_json, date_text(from), date_text(to));
  while (row.step()) {
    const auto id = row.column_int64(0);
    result[{id, row.column_text(1)}] =
        Attendance{static_cast<int>(row.column_int64(2)), static_cast<int>(row.column_int64(3))};
  }
  return result;
}

std::optional<std::int64_t> EventStore::first_waiting(std::int64_t event_id,
                                                      const calendar::LocalDate& date) {
  auto row = connection().query(
      "SELECT person_id FROM event_rsvp WHERE event_id = ? AND occurrence_date = ? AND status = 'waiting' "
      "ORDER BY position LIMIT 1");
  row.bind_all(event_id, date_text(date));
  if (!row.step()) return std::nullopt;
  return row.column_int64(0);
}

std::vector<Attendee> EventStore::attendees(std::int64_t event_id, const calendar::LocalDate& date) {
  auto row = connection().query(
      "SELECT p.display_name, p.username, p.department, r.status, r.position FROM event_rsvp r "
      "JOIN person p ON p.id = r.person_id WHERE r.event_id = ? AND r.occurrence_date = ? "
      "AND r.status != 'not_going' ORDER BY r.status = 'waiting', r.position");
  row.bind_all(event_id, date_text(date));
  std::vector<Attendee> attendees;
  while (row.step()) {
    const auto status = rsvp_status_from_text(row.column_text(3));
    if (!status) throw Error::internal("event_rsvp has an unknown status");
    attendees.push_back(
        Attendee{row.column_text(0), row.column_text(1), row.column_text(2), *status, row.column_int64(4)});
  }
  return attendees;
}

std::vector<std::int64_t> EventStore::people_answered(std::int64_t event_id, const calendar::LocalDate& from,
                                                      Days days) {
  auto row = connection().query(
      days == Days::kOnlyThatDay
          ? "SELECT DISTINCT person_id FROM event_rsvp WHERE event_id = ? AND occurrence_date = ? "
            "AND status != 'not_going'"
          : "SELECT DISTINCT person_id FROM event_rsvp WHERE event_id = ? AND occurrence_date >= ? "
            "AND status != 'not_going'");
  row.bind_all(event_id, date_text(from));
  std::vector<std::int64_t> people;
  while (row.step()) people.push_back(row.column_int64(0));
  return people;
}

std::vector<calendar::LocalDate> EventStore::answered_dates(std::int64_t event_id,
                                                            const calendar::LocalDate& from) {
  auto row = connection().query(
      "SELECT DISTINCT occurrence_date FROM event_rsvp WHERE event_id = ? AND occurrence_date >= ? "
      "AND status != 'not_going' ORDER BY occurrence_date");
  row.bind_all(event_id, date_text(from));
  std::vector<calendar::LocalDate> dates;
  while (row.step()) dates.push_back(stored_date(row.column_text(0)));
  return dates;
}

void EventStore::move_answers(std::int64_t from_event_id, std::int64_t to_event_id,
                              const calendar::LocalDate& from) {
  connection()
      .query("UPDATE event_rsvp SET event_id = ? WHERE event_id = ? AND occurrence_date >= ?")
      .bind_all(to_event_id, from_event_id, date_text(from))
      .run();
}

void EventStore::delete_answers(std::int64_t event_id, const calendar::LocalDate& date) {
  connection()
      .query("DELETE FROM event_rsvp WHERE event_id = ? AND occurrence_date = ?")
      .bind_all(event_id, date_text(date))
      .run();
}

std::vector<PersonRsvp> EventStore::answers_of(std::int64_t person_id, const calendar::LocalDate& from) {
  auto row = connection().query(
      "SELECT event_id, occurrence_date, status FROM event_rsvp WHERE person_id = ? AND occurrence_date >= ? "
      "AND status != 'not_going' ORDER BY occurrence_date, event_id");
  row.bind_all(person_id, date_text(from));
  std::vector<PersonRsvp> answers;
  while (row.step()) {
    const auto status = rsvp_status_from_text(row.column_text(2));
    if (!status) throw Error::internal("event_rsvp has an unknown status");
    answers.push_back(PersonRsvp{row.column_int64(0), stored_date(row.column_text(1)), *status});
  }
  return answers;
}

std::vector<std::string> EventStore::known_departments() {
  auto row =
      connection().query("SELECT DISTINCT department FROM person WHERE department != '' ORDER BY department");
  std::vector<std::string> departments;
  while (row.step()) departments.push_back(row.column_text(0));
  return departments;
}

std::vector<FacilitatedGroup> EventStore::groups_facilitated_by(std::int64_t person_id) {
  auto row = connection().query(
      "SELECT g.id, g.slug, g.name FROM peer_group g JOIN peer_group_membership m ON m.group_id = g.id "
      "WHERE m.person_id = ? AND m.role = 'facilitator' AND m.status = 'active' AND g.status = 'active' "
      "ORDER BY g.name");
  row.bind(1, person_id);
  std::vector<FacilitatedGroup> groups;
  while (row.step())
    groups.push_back(FacilitatedGroup{row.column_int64(0), row.column_text(1), row.column_text(2)});
  return groups;
}

std::optional<FacilitatedGroup> EventStore::group_by_slug(std::string_view slug) {
  auto row = connection().query("SELECT id, slug, name FROM peer_group WHERE slug = ?");
  row.bind(1, slug);
  if (!row.step()) return std::nullopt;
  return FacilitatedGroup{row.column_int64(0), row.column_text(1), row.column_text(2)};
}

namespace {
FeedRecord read_feed(const storage::Statement& row) {
  const auto discretion = discretion_from_text(row.column_text(1));
  if (!discretion) throw Error::internal("calendar_feed has an unknown discretion");
  return FeedRecord{row.column_int64(0), *discretion, row.column_int64(2), row.column_optional_int64(3)};
}
}  // namespace

std::optional<FeedRecord> EventStore::feed_of(std::int64_t person_id) {
  auto row = connection().query(
      "SELECT person_id, discreet, created_at, last_used_day FROM calendar_feed WHERE person_id = ?");
  row.bind(1, person_id);
  if (!row.step()) return std::nullopt;
  return read_feed(row);
}

std::optional<FeedRecord> EventStore::feed_by_token_hash(std::string_view token_hash) {
  auto row = connection().query(
      "SELECT person_id, discreet, created_at, last_used_day FROM calendar_feed WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return read_feed(row);
}

void EventStore::save_feed(std::int64_t person_id, std::string_view token_hash, Discretion discretion,
                           std::int64_t now) {
  connection()
      .query(
          "INSERT OR REPLACE INTO calendar_feed (person_id, token_hash, discreet, created_at, last_used_day) "
          "VALUES (?, ?, ?, ?, NULL)")
      .bind_all(person_id, token_hash, to_text(discretion), now)
      .run();
}

void EventStore::set_feed_discretion(std::int64_t person_id, Discretion discretion) {
  connection()
      .query("UPDATE calendar_feed SET discreet = ? WHERE person_id = ?")
      .bind_all(to_text(discretion), person_id)
      .run();
}

void EventStore::delete_feed(std::int64_t person_id) {
  connection().query("DELETE FROM calendar_feed WHERE person_id = ?").bind(1, person_id).run();
}

void EventStore::touch_feed(std::int64_t person_id, std::int64_t day) {
  connection()
      .query(
          "UPDATE calendar_feed SET last_used_day = ?1 WHERE person_id = ?2 "
          "AND (last_used_day IS NULL OR last_used_day != ?1)")
      .bind_all(day, person_id)
      .run();
}

}  // namespace hearth::features::events
