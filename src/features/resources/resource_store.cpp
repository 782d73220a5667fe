#include "features/resources/resource_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "features/groups/group_store.h"

namespace hearth::features::resources {
namespace {

// Columns read by read_resource(), in order.
constexpr std::string_view kColumns =
    "r.id, r.slug, r.name, r.category, r.reach, r.summary, r.details, r.audience, r.phone, r.text_line, "
    "r.hours, r.place, r.url, r.confidentiality, r.position, r.status, r.created_at, r.updated_at";

template <typename T>
T required(std::optional<T> value, std::string_view what) {
  if (!value) throw Error::internal(fmt::format("unexpected {} in the database", what));
  return *value;
}

Resource read_resource(const storage::Statement& row) {
  Resource resource;
  auto& d = resource.details;
  int i = 0;
  resource.id = row.column_int64(i++);
  d.slug = row.column_text(i++);
  d.name = row.column_text(i++);
  d.category = required(category_from_text(row.column_text(i++)), "resource category");
  d.reach = required(reach_from_text(row.column_text(i++)), "resource reach");
  d.summary = row.column_text(i++);
  d.details = row.column_text(i++);
  d.audience = row.column_text(i++);
  d.phone = row.column_text(i++);
  d.text_line = row.column_text(i++);
  d.hours = row.column_text(i++);
  d.place = row.column_text(i++);
  d.url = row.column_text(i++);
  d.confidentiality = row.column_text(i++);
  resource.position = row.column_int64(i++);
  resource.status = required(resource_status_from_text(row.column_text(i++)), "resource status");
  resource.created_at = row.column_int64(i++);
  resource.updated_at = row.column_int64(i++);
  return resource;
}

// Directory order: category (in the order of the enumeration), then position.
void sort_for_directory(std::vector<Resource>& resources) {
  std::stable_sort(resources.begin(), resources.end(), [](const Resource& a, const Resource& b) {
    if (a.details.category != b.details.category) return a.details.category < b.details.category;
    return a.position < b.position;
  });
}

std::vector<Resource> read_all(storage::Statement& statement) {
  std::vector<Resource> resources;
  while (statement.step()) resources.push_back(read_resource(statement));
  sort_for_directory(resources);
  return resources;
}

// Binds the draft's columns as ?1..?13 in the order of the INSERT/UPDATE below.
void bind_draft(storage::Statement& statement, const ResourceDraft& d) {
  statement.bind_all(d.slug, d.name, to_text(d.category), to_text(d.reach), d.summary, d.details, d.audience,
                     d.phone, d.text_line, d.hours, d.place, d.url, d.confidentiality);
}

std::int64_t next_position(storage::Database& database) {
  auto statement = database.query("SELECT coalesce(max(position), 0) + 1 FROM resource");
  statement.step();
  return statement.column_int64(0);
}

}  // namespace

void ResourceStore::write_index(storage::Database& database, std::int64_t id, const ResourceDraft& draft) {
  database.query("DELETE FROM resource_search WHERE rowid = ?1").bind(1, id).run();
  database
      .query(
          "INSERT INTO resource_search (rowid, name, summary, details, audience, place, category) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind_all(id, draft.name, draft.summary, draft.details, draft.audience, draft.place,
                label(draft.category))
      .run();
}

std::int64_t ResourceStore::insert(const ResourceDraft& draft, std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  auto statement = database.query(
      "INSERT INTO resource (slug, name, category, reach, summary, details, audience, phone, text_line, "
      "hours, place, url, confidentiality, position, status, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'active', ?15, ?15)");
  bind_draft(statement, draft);
  statement.bind(14, next_position(database)).bind(15, now);
  statement.run();
  const auto id = database.last_insert_id();
  write_index(database, id, draft);
  transaction.commit();
  return id;
}

void ResourceStore::update(std::int64_t id, const ResourceDraft& draft, std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  const auto before = find(id);
  if (!before) throw Error::not_found("resources: no entry " + std::to_string(id));
  const auto position =
      before->details.category == draft.category ? before->position : next_position(database);
  auto statement = database.query(
      "UPDATE resource SET slug = ?1, name = ?2, category = ?3, reach = ?4, summary = ?5, details = ?6, "
      "audience = ?7, phone = ?8, text_line = ?9, hours = ?10, place = ?11, url = ?12, "
      "confidentiality = ?13, position = ?14, updated_at = ?15 WHERE id = ?16");
  bind_draft(statement, draft);
  statement.bind(14, position).bind(15, now).bind(16, id);
  statement.run();
  write_index(database, id, draft);
  transaction.commit();
}

void ResourceStore::set_status(std::int64_t id, ResourceStatus status, std::int64_t now) {
  pool_.connection()
      .query("UPDATE resource SET status = ?2, updated_at = ?3 WHERE id = ?1")
      .bind_all(id, to_text(status), now)
      .run();
}

bool ResourceStore::move(std::int64_t id, Direction direction, std::int64_t now) {
  auto& database = pool_.connection();
  storage::Transaction transaction(database);
  const auto entry = find(id);
  if (!entry || !entry->is_active()) return false;
  std::int64_t other_id = 0;
  std::int64_t other_position = 0;
  {
    auto neighbour = database.query(
        direction == Direction::kUp
            ? "SELECT id, position FROM resource WHERE status = 'active' AND category = ?1 AND position < ?2 "
              "ORDER BY position DESC LIMIT 1"
            : "SELECT id, position FROM resource WHERE status = 'active' AND category = ?1 AND position > ?2 "
              "ORDER BY position LIMIT 1");
    neighbour.bind_all(to_text(entry->details.category), entry->position);
    if (!neighbour.step()) return false;
    other_id = neighbour.column_int64(0);
    other_position = neighbour.column_int64(1);
  }
  // Positions are unique: park this entry on a value no entry uses (positions
  // are positive) while the other one takes its place.
  auto set_position = [&database, now](std::int64_t target, std::int64_t position) {
    database.query("UPDATE resource SET position = ?2, updated_at = ?3 WHERE id = ?1")
        .bind_all(target, position, now)
        .run();
  };
  set_position(id, -id);
  set_position(other_id, entry->position);
  set_position(id, other_position);
  transaction.commit();
  return true;
}

std::optional<Resource> ResourceStore::find(std::int64_t id) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM resource r WHERE r.id = ?1", kColumns));
  statement.bind(1, id);
  if (!statement.step()) return std::nullopt;
  return read_resource(statement);
}

std::optional<Resource> ResourceStore::find_by_slug(std::string_view slug) {
  auto statement =
      pool_.connection().query(fmt::format("SELECT {} FROM resource r WHERE r.slug = ?1", kColumns));
  statement.bind(1, slug);
  if (!statement.step()) return std::nullopt;
  return read_resource(statement);
}

bool ResourceStore::slug_exists(std::string_view slug) {
  auto statement = pool_.connection().query("SELECT 1 FROM resource WHERE slug = ?1");
  statement.bind(1, slug);
  return statement.step();
}

std::vector<Resource> ResourceStore::search(const ResourceSearch& search) {
  auto statement = pool_.connection().query(fmt::format(
      "SELECT {} FROM resource r WHERE r.status = 'active' "
      "AND (?1 = '' OR r.id IN (SELECT rowid FROM resource_search WHERE resource_search MATCH ?1)) "
      "AND (?2 = '' OR r.category = ?2) AND (?3 = '' OR r.reach = ?3)",
      kColumns));
  // "" (not a default std::string_view, which binds as NULL) means "any".
  statement.bind_all(groups::fts_query(search.text),
                     search.category ? to_text(*search.category) : std::string_view(""),
                     search.reach ? to_text(*search.reach) : std::string_view(""));
  return read_all(statement);
}

std::vector<Resource> ResourceStore::all() {
  auto statement = pool_.connection().query(fmt::format("SELECT {} FROM resource r", kColumns));
  return read_all(statement);
}

void ResourceStore::count_view(std::string_view day, ViewedPage page, std::int64_t resource_id) {
  // A view count lost to a power cut misleads no one; waiting for the disk on
  // every view of "Get help now" would slow the page for everyone.
  auto& database = pool_.connection();
  const storage::RelaxedSync relaxed(database);
  database
      .query(
          "INSERT INTO resource_view_count (day, page, resource_id, count) VALUES (?1, ?2, ?3, 1) "
          "ON CONFLICT (day, page, resource_id) DO UPDATE SET count = count + 1")
      .bind_all(day, to_text(page), page == ViewedPage::kEntry ? resource_id : std::int64_t{0})
      .run();
}

std::vector<ViewCount> ResourceStore::view_counts(std::string_view first_day, std::string_view last_day) {
  auto statement = pool_.connection().query(
      "SELECT day, page, resource_id, count FROM resource_view_count WHERE day BETWEEN ?1 AND ?2 "
      "ORDER BY day, page, resource_id");
  statement.bind_all(first_day, last_day);
  std::vector<ViewCount> counts;
  while (statement.step()) {
    counts.push_back({statement.column_text(0),
                      required(viewed_page_from_text(statement.column_text(1)), "viewed page"),
                      statement.column_int64(2), static_cast<int>(statement.column_int64(3))});
  }
  return counts;
}

}  // namespace hearth::features::resources
