#include "features/conversations/conversation_store.h"

#include "common/error.h"
#include "markdown/markdown.h"

namespace hearth::features::conversations {
namespace {

using storage::Statement;
using storage::Transaction;

// Columns of Post, in this order, for every query that reads posts as p.
constexpr std::string_view kPostColumns =
    "p.id, p.thread_id, p.group_id, p.author_person_id, p.anonymous, p.body, p.state, p.created_at, "
    "p.edited_at";
constexpr int kPostColumnCount = 9;

// The name shown for a post's author: never for anonymous posts.
constexpr std::string_view kShownAuthorName =
    "CASE WHEN p.anonymous = 1 THEN '' ELSE COALESCE(author.display_name, '') END";

Post read_post(const Statement& row, int first = 0) {
  Post post;
  post.id = row.column_int64(first);
  post.thread_id = row.column_int64(first + 1);
  post.group_id = row.column_int64(first + 2);
  post.author_person_id = row.column_optional_int64(first + 3);
  post.anonymity = row.column_int64(first + 4) != 0 ? Anonymity::kAnonymous : Anonymity::kNamed;
  post.body = row.column_text(first + 5);
  const auto state = post_state_from_text(row.column_text(first + 6));
  if (!state) throw Error::internal("group_post has an unknown state");
  post.state = *state;
  post.created_at = row.column_int64(first + 7);
  post.edited_at = row.column_optional_int64(first + 8);
  return post;
}

constexpr std::string_view kThreadColumns =
    "t.id, t.group_id, t.title, t.pinned, t.locked, t.created_at, t.last_post_id, t.last_activity_at, "
    "t.post_count";

Thread read_thread(const Statement& row) {
  Thread thread;
  thread.id = row.column_int64(0);
  thread.group_id = row.column_int64(1);
  thread.title = row.column_text(2);
  thread.pinned = row.column_int64(3) != 0;
  thread.locked = row.column_int64(4) != 0;
  thread.created_at = row.column_int64(5);
  thread.last_post_id = row.column_int64(6);
  thread.last_activity_at = row.column_int64(7);
  thread.post_count = static_cast<int>(row.column_int64(8));
  return thread;
}

Report read_report(const Statement& row, int first) {
  Report report;
  report.id = row.column_int64(first);
  report.post_id = row.column_int64(first + 1);
  report.group_id = row.column_int64(first + 2);
  const auto reason = report_reason_from_text(row.column_text(first + 3));
  const auto status = report_status_from_text(row.column_text(first + 6));
  if (!reason || !status) throw Error::internal("group_post_report has an unknown reason or status");
  report.reason = *reason;
  report.note = row.column_text(first + 4);
  report.created_at = row.column_int64(first + 5);
  report.status = *status;
  return report;
}

constexpr std::string_view kReportColumns =
    "r.id, r.post_id, r.group_id, r.reason, r.note, r.created_at, r.status";
constexpr int kReportColumnCount = 7;

std::string report_rows_sql(std::string_view where) {
  return std::string("SELECT ") + std::string(kReportColumns) + ", " + std::string(kPostColumns) + ", " +
         std::string(kShownAuthorName) +
         ", t.title, g.slug, g.name FROM group_post_report r "
         "JOIN group_post p ON p.id = r.post_id "
         "JOIN group_thread t ON t.id = p.thread_id "
         "JOIN peer_group g ON g.id = r.group_id "
         "LEFT JOIN person author ON author.id = p.author_person_id WHERE " +
         std::string(where) + " ORDER BY r.created_at, r.id";
}

ReportRow read_report_row(const Statement& row) {
  ReportRow result;
  result.report = read_report(row, 0);
  result.post.post = read_post(row, kReportColumnCount);
  int column = kReportColumnCount + kPostColumnCount;
  result.post.author_name = row.column_text(column++);
  result.thread_title = row.column_text(column++);
  result.group_slug = row.column_text(column++);
  result.group_name = row.column_text(column);
  return result;
}

}  // namespace

ConversationSettings ConversationStore::settings(std::int64_t group_id) {
  auto row = connection().query(
      "SELECT allow_anonymous, retention_days FROM group_conversation_settings WHERE group_id = ?");
  row.bind(1, group_id);
  ConversationSettings settings;
  if (row.step()) {
    settings.allow_anonymous = row.column_int64(0) != 0;
    if (const auto days = row.column_optional_int64(1)) settings.retention_days = static_cast<int>(*days);
  }
  return settings;
}

void ConversationStore::save_settings(std::int64_t group_id, const ConversationSettings& settings,
                                      std::int64_t now) {
  connection()
      .query(
          "INSERT INTO group_conversation_settings (group_id, allow_anonymous, retention_days, updated_at) "
          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (group_id) DO UPDATE SET "
          "allow_anonymous = excluded.allow_anonymous, retention_days = excluded.retention_days, "
          "updated_at = excluded.updated_at")
      .bind_all(group_id, settings.allow_anonymous ? 1 : 0, settings.retention_days, now)
      .run();
}

std::vector<std::pair<std::int64_t, int>> ConversationStore::retention_periods(int default_days) {
  auto row = connection().query(
      "SELECT g.id, COALESCE(s.retention_days, ?1) FROM peer_group g "
      "LEFT JOIN group_conversation_settings s ON s.group_id = g.id "
      "WHERE COALESCE(s.retention_days, ?1) > 0");
  row.bind(1, default_days);
  std::vector<std::pair<std::int64_t, int>> periods;
  while (row.step()) periods.emplace_back(row.column_int64(0), static_cast<int>(row.column_int64(1)));
  return periods;
}

NewThread ConversationStore::insert_thread(std::int64_t group_id, std::string_view title,
                                           std::int64_t author_person_id, Anonymity anonymity,
                                           std::string_view body, std::int64_t now) {
  auto& database = connection();
  Transaction transaction(database);
  database
      .query("INSERT INTO group_thread (group_id, title, created_at, last_activity_at) VALUES (?, ?, ?, ?)")
      .bind_all(group_id, title, now, now)
      .run();
  Thread thread;
  thread.id = database.last_insert_id();
  thread.group_id = group_id;
  thread.title = std::string(title);
  const auto post_id = insert_post(thread, author_person_id, anonymity, body, now);
  transaction.commit();
  return {thread.id, post_id};
}

std::optional<Thread> ConversationStore::find_thread(std::int64_t thread_id) {
  auto row =
      connection().query("SELECT " + std::string(kThreadColumns) + " FROM group_thread t WHERE t.id = ?");
  row.bind(1, thread_id);
  if (!row.step()) return std::nullopt;
  return read_thread(row);
}

ThreadPage ConversationStore::threads(std::int64_t group_id, std::int64_t viewer_person_id, int page,
                                      int page_size) {
  auto& database = connection();
  ThreadPage result;
  {
    auto count = database.query("SELECT COUNT(*) FROM group_thread WHERE group_id = ?");
    count.bind(1, group_id);
    if (count.step()) result.total = static_cast<int>(count.column_int64(0));
  }
  auto row = database.query(
      "SELECT " + std::string(kThreadColumns) +
      ", COALESCE(r.last_read_post_id, 0), opening.anonymous, opening.shown_name "
      "FROM group_thread t "
      "LEFT JOIN group_thread_read r ON r.thread_id = t.id AND r.person_id = ?2 "
      "LEFT JOIN (SELECT p.thread_id, p.anonymous, " +
      std::string(kShownAuthorName) +
      " AS shown_name, ROW_NUMBER() OVER (PARTITION BY p.thread_id ORDER BY p.id) AS position "
      "           FROM group_post p LEFT JOIN person author ON author.id = p.author_person_id "
      "           WHERE p.group_id = ?1) opening ON opening.thread_id = t.id AND opening.position = 1 "
      "WHERE t.group_id = ?1 "
      "ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC LIMIT ?3 OFFSET ?4");
  row.bind_all(group_id, viewer_person_id, page_size, static_cast<std::int64_t>(page - 1) * page_size);
  while (row.step()) {
    ThreadRow item;
    item.thread = read_thread(row);
    const auto last_read = row.column_int64(9);
    item.starter_anonymous = row.column_int64(10) != 0;
    item.starter_name = row.column_text(11);
    item.unread = item.thread.last_post_id > last_read;
    result.threads.push_back(std::move(item));
  }
  return result;
}

void ConversationStore::set_thread_flags(std::int64_t thread_id, bool pinned, bool locked) {
  connection()
      .query("UPDATE group_thread SET pinned = ?, locked = ? WHERE id = ?")
      .bind_all(pinned ? 1 : 0, locked ? 1 : 0, thread_id)
      .run();
}

void ConversationStore::set_thread_title(std::int64_t thread_id, std::string_view title) {
  auto& database = connection();
  Transaction transaction(database);
  database.query("UPDATE group_thread SET title = ? WHERE id = ?").bind_all(title, thread_id).run();
  if (const auto opening = opening_post_id(thread_id)) index_post(database, opening);
  transaction.commit();
}

std::int64_t ConversationStore::opening_post_id(std::int64_t thread_id) {
  auto row = connection().query("SELECT MIN(id) FROM group_post WHERE thread_id = ?");
  row.bind(1, thread_id);
  return row.step() ? row.column_optional_int64(0).value_or(0) : 0;
}

std::int64_t ConversationStore::insert_post(const Thread& thread, std::int64_t author_person_id,
                                            Anonymity anonymity, std::string_view body, std::int64_t now) {
  auto& database = connection();
  Transaction transaction(database);
  database
      .query(
          "INSERT INTO group_post (thread_id, group_id, author_person_id, anonymous, body, state, "
          "created_at) "
          "VALUES (?, ?, ?, ?, ?, 'visible', ?)")
      .bind_all(thread.id, thread.group_id, author_person_id, anonymity == Anonymity::kAnonymous ? 1 : 0,
                body, now)
      .run();
  const auto post_id = database.last_insert_id();
  index_post(database, post_id);
  refresh_thread(database, thread.id);
  transaction.commit();
  return post_id;
}

std::optional<Post> ConversationStore::find_post(std::int64_t post_id) {
  auto row = connection().query("SELECT " + std::string(kPostColumns) + " FROM group_post p WHERE p.id = ?");
  row.bind(1, post_id);
  if (!row.step()) return std::nullopt;
  return read_post(row);
}

std::vector<PostRow> ConversationStore::posts(std::int64_t thread_id, int page, int page_size) {
  auto row = connection().query(
      "SELECT " + std::string(kPostColumns) + ", " + std::string(kShownAuthorName) +
      ", (SELECT COUNT(*) FROM group_post_report r WHERE r.post_id = p.id AND r.status = 'open') "
      "FROM group_post p LEFT JOIN person author ON author.id = p.author_person_id "
      "WHERE p.thread_id = ? ORDER BY p.id LIMIT ? OFFSET ?");
  row.bind_all(thread_id, page_size, static_cast<std::int64_t>(page - 1) * page_size);
  std::vector<PostRow> posts;
  while (row.step()) {
    PostRow item;
    item.post = read_post(row);
    item.author_name = row.column_text(kPostColumnCount);
    item.open_reports = static_cast<int>(row.column_int64(kPostColumnCount + 1));
    posts.push_back(std::move(item));
  }
  return posts;
}

int ConversationStore::post_count_all_states(std::int64_t thread_id) {
  auto row = connection().query("SELECT COUNT(*) FROM group_post WHERE thread_id = ?");
  row.bind(1, thread_id);
  return row.step() ? static_cast<int>(row.column_int64(0)) : 0;
}

void ConversationStore::update_post_body(std::int64_t post_id, std::string_view body, std::int64_t now) {
  auto& database = connection();
  Transaction transaction(database);
  database.query("UPDATE group_post SET body = ?, edited_at = ? WHERE id = ? AND state = 'visible'")
      .bind_all(body, now, post_id)
      .run();
  index_post(database, post_id);
  transaction.commit();
}

void ConversationStore::set_post_state(std::int64_t post_id, PostState state) {
  auto& database = connection();
  Transaction transaction(database);
  const bool keeps_text = state == PostState::kVisible || state == PostState::kHidden;
  database.query("UPDATE group_post SET state = ?1, body = CASE WHEN ?2 THEN body ELSE '' END WHERE id = ?3")
      .bind_all(to_text(state), keeps_text ? 1 : 0, post_id)
      .run();
  index_post(database, post_id);
  auto thread = database.query("SELECT thread_id FROM group_post WHERE id = ?");
  thread.bind(1, post_id);
  if (thread.step()) refresh_thread(database, thread.column_int64(0));
  transaction.commit();
}

std::optional<std::pair<std::int64_t, std::string>> ConversationStore::author_for_reveal(
    std::int64_t post_id) {
  auto row = connection().query(
      "SELECT person.id, person.display_name FROM group_post p JOIN person ON person.id = p.author_person_id "
      "WHERE p.id = ?");
  row.bind(1, post_id);
  if (!row.step()) return std::nullopt;
  return std::pair{row.column_int64(0), row.column_text(1)};
}

void ConversationStore::mark_read(std::int64_t person_id, const Thread& thread) {
  auto& database = connection();
  {
    // Reading a thread again with nothing new is the common case; it must not
    // take the write lock (and sync the journal) on every page view.
    auto seen = database.query(
        "SELECT last_read_post_id FROM group_thread_read WHERE person_id = ?1 AND thread_id = ?2");
    seen.bind_all(person_id, thread.id);
    if (seen.step() && seen.column_int64(0) >= thread.last_post_id) return;
  }
  database
      .query(
          "INSERT INTO group_thread_read (person_id, thread_id, last_read_post_id) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (person_id, thread_id) DO UPDATE SET last_read_post_id = "
          "MAX(last_read_post_id, excluded.last_read_post_id)")
      .bind_all(person_id, thread.id, thread.last_post_id)
      .run();
}

std::vector<std::int64_t> ConversationStore::thread_followers(std::int64_t thread_id,
                                                              std::int64_t except_person_id) {
  auto statement = connection().query(
      "SELECT DISTINCT p.author_person_id FROM group_post p JOIN peer_group_membership m ON m.group_id = "
      "p.group_id AND m.person_id = p.author_person_id AND m.status = 'active' "
      "WHERE p.thread_id = ?1 AND p.author_person_id IS NOT NULL AND p.author_person_id != ?2");
  statement.bind_all(thread_id, except_person_id);
  std::vector<std::int64_t> people;
  while (statement.step()) people.push_back(statement.column_int64(0));
  return people;
}

std::vector<SearchHit> ConversationStore::search(std::int64_t group_id, std::string_view query, int limit) {
  std::vector<SearchHit> hits;
  if (query.empty()) return hits;
  // \x01 and \x02 mark the matching words; they cannot occur in stored text
  // (forms reject control characters).
  auto row = connection().query(
      "SELECT s.rowid, s.thread_id, t.title, snippet(group_post_search, 1, char(1), char(2), '…', 24) "
      "FROM group_post_search s JOIN group_thread t ON t.id = s.thread_id "
      "WHERE group_post_search MATCH ?1 AND s.group_id = ?2 ORDER BY rank LIMIT ?3");
  row.bind_all(query, group_id, limit);
  while (row.step()) {
    SearchHit hit;
    hit.post_id = row.column_int64(0);
    hit.thread_id = row.column_int64(1);
    hit.thread_title = row.column_text(2);
    const auto snippet = row.column_text(3);
    bool match = false;
    std::string current;
    for (const char c : snippet) {
      if (c == '\x01' || c == '\x02') {
        if (!current.empty()) hit.snippet.push_back({std::move(current), match});
        current.clear();
        match = c == '\x01';
      } else {
        current += c;
      }
    }
    if (!current.empty()) hit.snippet.push_back({std::move(current), match});
    hits.push_back(std::move(hit));
  }
  return hits;
}

std::int64_t ConversationStore::insert_resource(const SharedResource& resource) {
  auto& database = connection();
  database
      .query(
          "INSERT INTO group_shared_resource (group_id, author_person_id, anonymous, title, url, why, "
          "created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(resource.group_id, resource.author_person_id,
                resource.anonymity == Anonymity::kAnonymous ? 1 : 0, resource.title, resource.url,
                resource.why, resource.created_at)
      .run();
  return database.last_insert_id();
}

std::optional<SharedResource> ConversationStore::find_resource(std::int64_t resource_id) {
  auto row = connection().query(
      "SELECT id, group_id, author_person_id, anonymous, title, url, why, created_at "
      "FROM group_shared_resource WHERE id = ?");
  row.bind(1, resource_id);
  if (!row.step()) return std::nullopt;
  return SharedResource{
      row.column_int64(0),          row.column_int64(1),
      row.column_optional_int64(2), row.column_int64(3) != 0 ? Anonymity::kAnonymous : Anonymity::kNamed,
      row.column_text(4),           row.column_text(5),
      row.column_text(6),           row.column_int64(7)};
}

std::vector<SharedResourceRow> ConversationStore::resources(std::int64_t group_id) {
  auto row = connection().query(
      "SELECT p.id, p.group_id, p.author_person_id, p.anonymous, p.title, p.url, p.why, p.created_at, " +
      std::string(kShownAuthorName) +
      " FROM group_shared_resource p LEFT JOIN person author ON author.id = p.author_person_id "
      "WHERE p.group_id = ? ORDER BY p.created_at DESC, p.id DESC");
  row.bind(1, group_id);
  std::vector<SharedResourceRow> resources;
  while (row.step()) {
    resources.push_back(
        {SharedResource{row.column_int64(0), row.column_int64(1), row.column_optional_int64(2),
                        row.column_int64(3) != 0 ? Anonymity::kAnonymous : Anonymity::kNamed,
                        row.column_text(4), row.column_text(5), row.column_text(6), row.column_int64(7)},
         row.column_text(8)});
  }
  return resources;
}

void ConversationStore::delete_resource(std::int64_t resource_id) {
  connection().query("DELETE FROM group_shared_resource WHERE id = ?").bind(1, resource_id).run();
}

std::optional<std::int64_t> ConversationStore::insert_report(const Post& post,
                                                             std::int64_t reporter_person_id,
                                                             ReportReason reason, std::string_view note,
                                                             std::int64_t now) {
  auto& database = connection();
  database
      .query(
          "INSERT INTO group_post_report (post_id, group_id, reporter_person_id, reason, note, status, "
          "created_at) "
          "VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING")
      .bind_all(post.id, post.group_id, reporter_person_id, to_text(reason), note, now)
      .run();
  if (database.changes() == 0) return std::nullopt;
  return database.last_insert_id();
}

std::optional<Report> ConversationStore::find_report(std::int64_t report_id) {
  auto row = connection().query("SELECT " + std::string(kReportColumns) +
                                " FROM group_post_report r WHERE r.id = ?");
  row.bind(1, report_id);
  if (!row.step()) return std::nullopt;
  return read_report(row, 0);
}

std::optional<ReportRow> ConversationStore::find_report_row(std::int64_t report_id) {
  auto row = connection().query(report_rows_sql("r.id = ?1"));
  row.bind(1, report_id);
  if (!row.step()) return std::nullopt;
  return read_report_row(row);
}

std::vector<ReportRow> ConversationStore::group_reports(std::int64_t group_id, ReportStatus status) {
  auto row = connection().query(report_rows_sql("r.group_id = ?1 AND r.status = ?2"));
  row.bind_all(group_id, to_text(status));
  std::vector<ReportRow> reports;
  while (row.step()) reports.push_back(read_report_row(row));
  return reports;
}

std::vector<ReportRow> ConversationStore::escalated_reports() {
  auto row = connection().query(report_rows_sql("r.status = 'escalated'"));
  std::vector<ReportRow> reports;
  while (row.step()) reports.push_back(read_report_row(row));
  return reports;
}

void ConversationStore::set_report_status(std::int64_t report_id, ReportStatus status, std::int64_t now) {
  connection()
      .query(
          "UPDATE group_post_report SET status = ?1, closed_at = CASE WHEN ?1 = 'closed' THEN ?2 ELSE NULL "
          "END "
          "WHERE id = ?3")
      .bind_all(to_text(status), now, report_id)
      .run();
}

void ConversationStore::close_reports_of_post(std::int64_t post_id, std::int64_t now) {
  connection()
      .query(
          "UPDATE group_post_report SET status = 'closed', closed_at = ? WHERE post_id = ? AND status != "
          "'closed'")
      .bind_all(now, post_id)
      .run();
}

int ConversationStore::open_report_count(std::int64_t group_id) {
  auto row =
      connection().query("SELECT COUNT(*) FROM group_post_report WHERE group_id = ? AND status = 'open'");
  row.bind(1, group_id);
  return row.step() ? static_cast<int>(row.column_int64(0)) : 0;
}

void ConversationStore::insert_warning(std::int64_t group_id, std::int64_t person_id,
                                       std::string_view message, std::int64_t now) {
  connection()
      .query(
          "INSERT INTO group_member_warning (group_id, person_id, message, created_at) VALUES (?, ?, ?, ?)")
      .bind_all(group_id, person_id, message, now)
      .run();
}

std::vector<Warning> ConversationStore::open_warnings(std::int64_t group_id, std::int64_t person_id) {
  auto row = connection().query(
      "SELECT id, group_id, message, created_at FROM group_member_warning "
      "WHERE person_id = ? AND group_id = ? AND dismissed_at IS NULL ORDER BY id");
  row.bind_all(person_id, group_id);
  std::vector<Warning> warnings;
  while (row.step()) {
    warnings.push_back({row.column_int64(0), row.column_int64(1), row.column_text(2), row.column_int64(3)});
  }
  return warnings;
}

void ConversationStore::dismiss_warning(std::int64_t group_id, std::int64_t warning_id,
                                        std::int64_t person_id, std::int64_t now) {
  connection()
      .query(
          "UPDATE group_member_warning SET dismissed_at = ? WHERE id = ? AND person_id = ? AND group_id = ? "
          "AND dismissed_at IS NULL")
      .bind_all(now, warning_id, person_id, group_id)
      .run();
}

int ConversationStore::purge_posts_before(std::int64_t group_id, std::int64_t cutoff) {
  auto& database = connection();
  Transaction transaction(database);
  database
      .query(
          "DELETE FROM group_post_search WHERE rowid IN "
          "(SELECT id FROM group_post WHERE group_id = ? AND created_at < ?)")
      .bind_all(group_id, cutoff)
      .run();
  std::vector<std::int64_t> touched_threads;
  {
    auto threads =
        database.query("SELECT DISTINCT thread_id FROM group_post WHERE group_id = ? AND created_at < ?");
    threads.bind_all(group_id, cutoff);
    while (threads.step()) touched_threads.push_back(threads.column_int64(0));
  }
  database.query("DELETE FROM group_post WHERE group_id = ? AND created_at < ?")
      .bind_all(group_id, cutoff)
      .run();
  const int purged = database.changes();
  database
      .query(
          "DELETE FROM group_thread WHERE group_id = ? AND NOT EXISTS "
          "(SELECT 1 FROM group_post p WHERE p.thread_id = group_thread.id)")
      .bind(1, group_id)
      .run();
  for (const auto thread_id : touched_threads) {
    refresh_thread(database, thread_id);
    // A reply may now open the thread: it carries the title in the index.
    if (const auto opening = opening_post_id(thread_id)) index_post(database, opening);
  }
  transaction.commit();
  return purged;
}

void ConversationStore::refresh_thread(storage::Database& database, std::int64_t thread_id) {
  database
      .query(
          "UPDATE group_thread SET "
          "post_count = (SELECT COUNT(*) FROM group_post WHERE thread_id = ?1 AND state = 'visible'), "
          "last_post_id = COALESCE((SELECT MAX(id) FROM group_post WHERE thread_id = ?1 AND state = "
          "'visible'), 0), "
          "last_activity_at = COALESCE((SELECT MAX(created_at) FROM group_post WHERE thread_id = ?1 "
          "AND state = 'visible'), created_at) "
          "WHERE id = ?1")
      .bind(1, thread_id)
      .run();
}

void ConversationStore::index_post(storage::Database& database, std::int64_t post_id) {
  unindex_post(database, post_id);
  auto row = database.query(
      "SELECT p.body, p.group_id, p.thread_id, "
      "CASE WHEN p.id = (SELECT MIN(id) FROM group_post WHERE thread_id = p.thread_id) THEN t.title ELSE '' "
      "END "
      "FROM group_post p JOIN group_thread t ON t.id = p.thread_id WHERE p.id = ? AND p.state = 'visible'");
  row.bind(1, post_id);
  if (!row.step()) return;
  const auto body = markdown::plain_text(row.column_text(0));
  const auto group_id = row.column_int64(1);
  const auto thread_id = row.column_int64(2);
  const auto title = row.column_text(3);
  database
      .query("INSERT INTO group_post_search (rowid, title, body, group_id, thread_id) VALUES (?, ?, ?, ?, ?)")
      .bind_all(post_id, title, body, group_id, thread_id)
      .run();
}

void ConversationStore::unindex_post(storage::Database& database, std::int64_t post_id) {
  database.query("DELETE FROM group_post_search WHERE rowid = ?").bind(1, post_id).run();
}

}  // namespace hearth::features::conversations
