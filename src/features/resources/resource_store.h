#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/resources/resource_model.h"
#include "storage/database.h"

namespace hearth::features::resources {

// Filters of the public directory. Unset fields do not filter.
struct ResourceSearch {
  std::string text;  // full text, every word prefix-matched (groups::fts_query rules)
  std::optional<Category> category;
  std::optional<Reach> reach;
};

enum class Direction { kUp, kDown };

// SQL for directory entries, their search index and the anonymous view
// counts. Every method uses the calling thread's connection; methods that
// write several rows or tables (an entry and its index, a swap of two
// positions) do so in one transaction, nested in the caller's when there is
// one. "Not found" is nullopt; a broken database throws hearth::Error.
//
// Lists are in directory order: by category (the order of Category), then by
// position within the category.
class ResourceStore {
 public:
  explicit ResourceStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  // Adds an active entry at the end of its category and returns its id. The
  // slug must be free (see slug_exists).
  std::int64_t insert(const ResourceDraft& draft, std::int64_t now);
  // Replaces the entry's details. An entry moved to another category goes to
  // the end of that category.
  void update(std::int64_t id, const ResourceDraft& draft, std::int64_t now);
  void set_status(std::int64_t id, ResourceStatus status, std::int64_t now);
  // Swaps the entry with its active neighbour in the same category (the one
  // shown above it for kUp, below it for kDown). Returns false, changing
  // nothing, when there is no such neighbour or the entry is missing or retired.
  bool move(std::int64_t id, Direction direction, std::int64_t now);

  std::optional<Resource> find(std::int64_t id);
  std::optional<Resource> find_by_slug(std::string_view slug);
  bool slug_exists(std::string_view slug);

  // Active entries matching `search`.
  std::vector<Resource> search(const ResourceSearch& search);
  // Every entry, active and retired, for the coordinators' list.
  std::vector<Resource> all();

  // Adds one view of `page` (and `resource_id` for ViewedPage::kEntry, 0
  // otherwise) on `day` (YYYY-MM-DD). Nothing else is stored. Committed
  // without waiting for the disk (storage::RelaxedSync).
  void count_view(std::string_view day, ViewedPage page, std::int64_t resource_id);
  // The daily rows from `first_day` to `last_day`, inclusive, oldest first.
  std::vector<ViewCount> view_counts(std::string_view first_day, std::string_view last_day);

 private:
  void write_index(storage::Database& database, std::int64_t id, const ResourceDraft& draft);

  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::resources
