#include "features/groups/group_store.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hearth::features::groups {
namespace {

// Columns read by read_group(), in order.
constexpr std::string_view kGroupColumns =
    "g.id, g.slug, g.name, g.focus, g.description, g.audience_kind, g.audience_detail, g.ground_rules, "
    "g.ground_rules_version, g.join_policy, g.vetting_questions, g.visibility, g.members_see_member_list, "
    "g.capacity, g.format, g.location, g.virtual_link, g.place_members_only, g.recurrence, "
    "g.recurrence_interval, g.meeting_weekday, g.week_of_month, g.first_date, g.start_time, "
    "g.duration_minutes, "
    "g.status, g.review_note, g.created_by, g.created_at, g.updated_at, "
    "(SELECT count(*) FROM peer_group_membership m WHERE m.group_id = g.id AND m.status = 'active'), "
    "(SELECT count(*) FROM peer_group_membership m WHERE m.group_id = g.id AND m.status = 'waitlisted'), "
    "(SELECT group_concat(tag, ',') FROM peer_group_tag t WHERE t.group_id = g.id)";
constexpr int kGroupColumnCount = 33;

// Active members of g, for "has room" filters.
constexpr std::string_view kActiveCount =
    "(SELECT count(*) FROM peer_group_membership m WHERE m.group_id = g.id AND m.status = 'active')";

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const auto position = text.find(separator);
    auto part = text.substr(0, position);
    if (!part.empty()) parts.emplace_back(part);
    if (position == std::string_view::npos) break;
    text.remove_prefix(position + 1);
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

template <typename T>
T required(std::optional<T> value, std::string_view what) {
  if (!value) throw Error::internal(fmt::format("unexpected {} in the database", what));
  return *value;
}

Group read_group(const storage::Statement& row, int first = 0) {
  Group group;
  auto& d = group.details;
  int i = first;
  group.id = row.column_int64(i++);
  d.slug = row.column_text(i++);
  d.name = row.column_text(i++);
  d.focus = row.column_text(i++);
  d.description = row.column_text(i++);
  d.audience_kind = required(audience_kind_from_text(row.column_text(i++)), "audience kind");
  d.audience_detail = row.column_text(i++);
  d.ground_rules = row.column_text(i++);
  group.ground_rules_version = static_cast<int>(row.column_int64(i++));
  d.join_policy = required(join_policy_from_text(row.column_text(i++)), "join policy");
  d.vetting_questions = split(row.column_text(i++), '\n');
  d.visibility = required(visibility_from_text(row.column_text(i++)), "visibility");
  d.members_see_member_list = row.column_int64(i++) != 0;
  if (const auto capacity = row.column_optional_int64(i++)) d.capacity = static_cast<int>(*capacity);
  d.format = required(meeting_format_from_text(row.column_text(i++)), "format");
  d.location = row.column_text(i++);
  d.virtual_link = row.column_text(i++);
  d.place_members_only = row.column_int64(i++) != 0;
  d.schedule.recurrence = row.column_text(i++) == "monthly" ? calendar::Recurrence::kMonthlyByWeekday
                                                            : calendar::Recurrence::kWeekly;
  d.schedule.interval = static_cast<int>(row.column_int64(i++));
  d.schedule.weekday = static_cast<calendar::Weekday>(row.column_int64(i++));
  d.schedule.week_of_month = static_cast<int>(row.column_int64(i++));
  d.schedule.first_date = required(calendar::parse_date(row.column_text(i++)), "first date");
  d.schedule.start_time = required(calendar::parse_time(row.column_text(i++)), "start time");
  d.schedule.duration_minutes = static_cast<int>(row.column_int64(i++));
  group.status = required(group_status_from_text(row.column_text(i++)), "group status");
  group.review_note = row.column_text(i++);
  group.created_by = row.column_optional_int64(i++);
  group.created_at = row.column_int64(i++);
  group.updated_at = row.column_int64(i++);
  group.active_members = static_cast<int>(row.column_int64(i++));
  group.waitlisted = static_cast<int>(row.column_int64(i++));
  d.tags = split(row.column_text(i++), ',');
  return group;
}

Membership read_membership(const storage::Statement& row, int first = 0) {
  Membership membership;
  int i = first;
  membership.group_id = row.column_int64(i++);
  membership.person_id = row.column_int64(i++);
  membership.role = required(membership_role_from_text(row.column_text(i++)), "membership role");
  membership.status = required(membership_status_from_text(row.column_text(i++)), "membership status");
  membership.accepted_rules_version = static_cast<int>(row.column_int64(i++));
  membership.answers = row.column_text(i++);
  membership.decision_message = row.column_text(i++);
  membership.created_at = row.column_int64(i++);
  return membership;
}

constexpr std::string_view kMembershipColumns =
    "m.group_id, m.person_id, m.role, m.status, m.accepted_rules_version, m.answers, m.decision_message, "
    "m.created_at";
constexpr int kMembershipColumnCount = 8;

std::string two_digits(int value) {
  return fmt::format("{:02}", value);
}

std::string date_text(const calendar::LocalDate& date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string time_text(const calendar::LocalTime& time) {
  return two_digits(time.hour) + ":" + two_digits(time.minute);
}

// Binds the draft's columns as ?1..?23 in the order of the INSERT/UPDATE below.
void bind_draft(storage::Statement& statement, const GroupDraft& d) {
  statement.bind_all(
      d.slug, d.name, d.focus, d.description, to_text(d.audience_kind), d.audience_detail, d.ground_rules,
      to_text(d.join_policy), join(d.vetting_questions, "\n"), to_text(d.visibility),
      d.members_see_member_list ? 1 : 0, d.capacity ? std::optional<std::int64_t>(*d.capacity) : std::nullopt,
      to_text(d.format), d.location, d.virtual_link, d.place_members_only ? 1 : 0,
      d.schedule.recurrence == calendar::Recurrence::kMonthlyByWeekday ? "monthly" : "weekly",
      d.schedule.interval, static_cast<int>(d.schedule.weekday), d.schedule.week_of_month,
      date_text(d.schedule.first_date), time_text(d.schedule.start_time), d.schedule.duration_minutes);
}

}  // namespace

std::string fts_query(std::string_view text) {
  std::string query;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    if (!query.empty()) query += ' ';
    query += '"' + word + "\"*";
    word.clear();
  };
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    // Letters, digits and every non-ASCII byte (UTF-8 letters) form words;
    // everything else, including FTS syntax characters, separates them.
    if (byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return query;
}

void GroupStore::write_tags_and_index(storage::Database& database, std::int64_t group_id,
                                      const GroupDraft& draft) {
  database.query("DELETE FROM peer_group_tag WHERE group_id = ?1").bind(1, group_id).run();
  std::string tag_words;
  for (const auto& tag : draft.tags) {
    database.query("INSERT OR IGNORE INTO peer_group_tag (group_id, tag) VALUES (?1, ?2)")
        .bind_all(group_id, tag)
        .run();
    tag_words += tag + " " + std::string(tag_label(tag).value_or("")) + " ";
  }
  database.query("DELETE FROM peer_group_search WHERE rowid = ?1").bind(1, group_id).run();
  database
      .query(
          "INSERT INTO peer_group_search (rowid, name, focus, description, tags) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind_all(group_id, draft.name, draft.focus, draft.description, tag_words)
      .run();
}

std::int64_t GroupStore::insert(const GroupDraft& draft, GroupStatus status,
                                std::optional<std::int64_t> created_by, std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  auto statement = database.query(
      "INSERT INTO peer_group (slug, name, focus, description, audience_kind, audience_detail, ground_rules, "
      "join_policy, vetting_questions, visibility, members_see_member_list, capacity, format, location, "
      "virtual_link, place_members_only, recurrence, recurrence_interval, meeting_weekday, week_of_month, "
      "first_date, start_time, duration_minutes, status, created_by, created_at, updated_at) VALUES (?1, ?2, "
      "?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
      "?25, "
      "?26, ?26)");
  bind_draft(statement, draft);
  statement.bind(24, to_text(status)).bind(25, created_by).bind(26, now);
  statement.run();
  const auto id = database.last_insert_id();
  write_tags_and_index(database, id, draft);
  transaction.commit();
  return id;
}

void GroupStore::update(std::int64_t group_id, const GroupDraft& draft, RulesChange rules_change,
                        std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  auto statement = database.query(
      "UPDATE peer_group SET slug = ?1, name = ?2, focus = ?3, description = ?4, audience_kind = ?5, "
      "audience_detail = ?6, ground_rules = ?7, join_policy = ?8, vetting_questions = ?9, visibility = ?10, "
      "members_see_member_list = ?11, capacity = ?12, format = ?13, location = ?14, virtual_link = ?15, "
      "place_members_only = ?16, recurrence = ?17, recurrence_interval = ?18, meeting_weekday = ?19, "
      "week_of_month = ?20, first_date = ?21, start_time = ?22, duration_minutes = ?23, "
      "ground_rules_version = ground_rules_version + ?24, updated_at = ?25 WHERE id = ?26");
  bind_draft(statement, draft);
  statement.bind(24, rules_change == RulesChange::kChanged ? 1 : 0).bind(25, now).bind(26, group_id);
  statement.run();
  write_tags_and_index(database, group_id, draft);
  transaction.commit();
}

void GroupStore::set_status(std::int64_t group_id, GroupStatus status, std::string_view review_note,
                            std::int64_t now) {
  pool_.connection()
      .query("UPDATE peer_group SET status = ?2, review_note = ?3, updated_at = ?4 WHERE id = ?1")
      .bind_all(group_id, to_text(status), review_note, now)
      .run();
}

std::optional<Group> GroupStore::find_by_slug(std::string_view slug) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM peer_group g WHERE g.slug = ?1", kGroupColumns));
  statement.bind(1, slug);
  if (!statement.step()) return std::nullopt;
  return read_group(statement);
}

std::optional<Group> GroupStore::find(std::int64_t group_id) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM peer_group g WHERE g.id = ?1", kGroupColumns));
  statement.bind(1, group_id);
  if (!statement.step()) return std::nullopt;
  return read_group(statement);
}

bool GroupStore::slug_exists(std::string_view slug) {
  auto statement = pool_.connection().query("SELECT 1 FROM peer_group WHERE slug = ?1");
  statement.bind(1, slug);
  return statement.step();
}

GroupPage GroupStore::search(const GroupSearch& search) {
  std::string tags_json = "[";
  for (std::size_t i = 0; i < search.tags.size(); ++i) {
    // Tag slugs are validated against topic_tags() by the caller; quotes and
    // control characters are escaped anyway so the JSON is always well-formed.
    std::string escaped;
    for (char c : search.tags[i]) {
      if (static_cast<unsigned char>(c) < 0x20) {
        escaped += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        continue;
      }
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    tags_json += (i > 0 ? ",\"" : "\"") + escaped + "\"";
  }
  tags_json += "]";
  const std::string where = fmt::format(
      "g.status = 'active' AND g.visibility = 'listed' "
      "AND (?1 = '' OR g.id IN (SELECT rowid FROM peer_group_search WHERE peer_group_search MATCH ?1)) "
      "AND (?2 = '' OR g.audience_kind = ?2) AND (?3 = '' OR g.format = ?3) "
      "AND (?4 < 0 OR g.meeting_weekday = ?4) "
      "AND (?5 = 0 OR g.capacity IS NULL OR {} < g.capacity) "
      "AND (?6 = '[]' OR g.id IN (SELECT group_id FROM peer_group_tag WHERE tag IN (SELECT value FROM "
      "json_each(?6))))",
      kActiveCount);
  const auto bind_filters = [&](storage::Statement& statement) {
    // "" (not a default std::string_view, which binds as NULL) means "any".
    statement.bind_all(
        fts_query(search.text), search.audience ? to_text(*search.audience) : std::string_view(""),
        search.format ? to_text(*search.format) : std::string_view(""),
        search.weekday ? static_cast<int>(*search.weekday) : -1, search.has_room ? 1 : 0, tags_json);
  };
  auto& database = pool_.connection();
  GroupPage page;
  {
    auto count = database.query(fmt::format("SELECT count(*) FROM peer_group g WHERE {}", where));
    bind_filters(count);
    count.step();
    page.total = static_cast<int>(count.column_int64(0));
  }
  // The page's ids are chosen first, so the member counts and tags are
  // computed for the groups shown, not for every group before sorting.
  auto statement = database.query(fmt::format(
      "WITH page AS (SELECT g.id FROM peer_group g WHERE {} ORDER BY g.name COLLATE NOCASE, g.id "
      "LIMIT ?7 OFFSET ?8) "
      "SELECT {} FROM page JOIN peer_group g ON g.id = page.id ORDER BY g.name COLLATE NOCASE, g.id",
      where, kGroupColumns));
  bind_filters(statement);
  statement.bind(7, search.page_size).bind(8, static_cast<std::int64_t>(search.page - 1) * search.page_size);
  while (statement.step()) page.groups.push_back(read_group(statement));
  return page;
}

std::vector<Group> GroupStore::with_status(GroupStatus status) {
  auto statement = pool_.connection().query(fmt::format(
      "SELECT {} FROM peer_group g WHERE g.status = ?1 ORDER BY g.created_at, g.id", kGroupColumns));
  statement.bind(1, to_text(status));
  std::vector<Group> groups;
  while (statement.step()) groups.push_back(read_group(statement));
  return groups;
}

std::vector<Group> GroupStore::suggestions_for(std::int64_t person_id, int limit) {
  // Walks peer_group_by_age newest first and stops after `limit` matches.
  auto statement = pool_.connection().query(fmt::format(
      "WITH picked AS (SELECT g.id FROM peer_group g "
      "WHERE g.status = 'active' AND g.visibility = 'listed' "
      "AND g.join_policy != 'invitation' AND (g.capacity IS NULL OR {} < g.capacity) "
      "AND NOT EXISTS (SELECT 1 FROM peer_group_membership m WHERE m.group_id = g.id AND m.person_id = ?1) "
      "ORDER BY g.created_at DESC, g.id DESC LIMIT ?2) "
      "SELECT {} FROM picked JOIN peer_group g ON g.id = picked.id ORDER BY g.created_at DESC, g.id DESC",
      kActiveCount, kGroupColumns));
  statement.bind_all(person_id, limit);
  std::vector<Group> groups;
  while (statement.step()) groups.push_back(read_group(statement));
  return groups;
}

std::optional<Membership> GroupStore::membership(std::int64_t group_id, std::int64_t person_id) {
  auto statement = pool_.connection().query(
      fmt::format("SELECT {} FROM peer_group_membership m WHERE m.group_id = ?1 AND m.person_id = ?2",
                  kMembershipColumns));
  statement.bind_all(group_id, person_id);
  if (!statement.step()) return std::nullopt;
  return read_membership(statement);
}

void GroupStore::save_membership(const Membership& m, std::int64_t now) {
  pool_.connection()
      .query(
          "INSERT INTO peer_group_membership (group_id, person_id, role, status, accepted_rules_version, "
          "answers, "
          "decision_message, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT (group_id, person_id) DO UPDATE SET role = excluded.role, status = excluded.status, "
          "accepted_rules_version = excluded.accepted_rules_version, answers = excluded.answers, "
          "decision_message = excluded.decision_message, updated_at = excluded.updated_at")
      .bind_all(m.group_id, m.person_id, to_text(m.role), to_text(m.status), m.accepted_rules_version,
                m.answers, m.decision_message, m.created_at == 0 ? now : m.created_at, now)
      .run();
}

void GroupStore::delete_membership(std::int64_t group_id, std::int64_t person_id) {
  pool_.connection()
      .query("DELETE FROM peer_group_membership WHERE group_id = ?1 AND person_id = ?2")
      .bind_all(group_id, person_id)
      .run();
}

int GroupStore::count_with_status(std::int64_t group_id, MembershipStatus status) {
  auto statement = pool_.connection().query(
      "SELECT count(*) FROM peer_group_membership WHERE group_id = ?1 AND status = ?2");
  statement.bind_all(group_id, to_text(status));
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

int GroupStore::count_facilitators(std::int64_t group_id) {
  auto statement = pool_.connection().query(
      "SELECT count(*) FROM peer_group_membership WHERE group_id = ?1 AND status = 'active' AND role = "
      "'facilitator'");
  statement.bind(1, group_id);
  statement.step();
  return static_cast<int>(statement.column_int64(0));
}

std::optional<Membership> GroupStore::first_waitlisted(std::int64_t group_id) {
  auto statement = pool_.connection().query(
      fmt::format("SELECT {} FROM peer_group_membership m WHERE m.group_id = ?1 AND m.status = 'waitlisted' "
                  "ORDER BY m.created_at, m.person_id LIMIT 1",
                  kMembershipColumns));
  statement.bind(1, group_id);
  if (!statement.step()) return std::nullopt;
  return read_membership(statement);
}

std::vector<MemberRow> GroupStore::members(std::int64_t group_id) {
  auto statement = pool_.connection().query(fmt::format(
      "SELECT {}, p.display_name, p.username, p.department FROM peer_group_membership m JOIN person p "
      "ON p.id = m.person_id WHERE m.group_id = ?1 "
      "ORDER BY CASE m.role WHEN 'facilitator' THEN 0 ELSE 1 END, "
      "CASE m.status WHEN 'waitlisted' THEN m.created_at END, p.display_name COLLATE NOCASE",
      kMembershipColumns));
  statement.bind(1, group_id);
  std::vector<MemberRow> rows;
  while (statement.step()) {
    rows.push_back({read_membership(statement), statement.column_text(kMembershipColumnCount),
                    statement.column_text(kMembershipColumnCount + 1),
                    statement.column_text(kMembershipColumnCount + 2)});
  }
  return rows;
}

std::vector<GroupWithMembership> GroupStore::groups_of(std::int64_t person_id) {
  auto statement = pool_.connection().query(
      fmt::format("SELECT {}, {} FROM peer_group_membership m JOIN peer_group g ON g.id = m.group_id "
                  "WHERE m.person_id = ?1 AND m.status != 'declined' AND g.status != 'archived' "
                  "ORDER BY g.name COLLATE NOCASE",
                  kGroupColumns, kMembershipColumns));
  statement.bind(1, person_id);
  std::vector<GroupWithMembership> rows;
  while (statement.step())
    rows.push_back({read_group(statement), read_membership(statement, kGroupColumnCount)});
  return rows;
}

std::vector<std::string> GroupStore::facilitator_names(std::int64_t group_id) {
  auto statement = pool_.connection().query(
      "SELECT p.display_name FROM peer_group_membership m JOIN person p ON p.id = m.person_id "
      "WHERE m.group_id = ?1 AND m.status = 'active' AND m.role = 'facilitator' ORDER BY p.display_name");
  statement.bind(1, group_id);
  std::vector<std::string> names;
  while (statement.step()) names.push_back(statement.column_text(0));
  return names;
}

}  // namespace hearth::features::groups
