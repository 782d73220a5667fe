#include "features/resources/resource_service.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/log.h"
#include "features/resources/resource_access.h"
#include "storage/audit_log.h"

namespace hearth::features::resources {
namespace {

constexpr int kMaxSlugSuffix = 99;
constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

}  // namespace

ResourceService::ResourceService(ResourceStore& store, const calendar::TimeZone& zone, const Clock& clock)
    : store_(store), zone_(zone), clock_(clock) {}

std::string ResourceService::day_of(std::int64_t utc) const {
  const auto date = zone_.to_local(utc).date;
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

void ResourceService::require_manager(const auth::Viewer& viewer) const {
  if (!access::can_manage_directory(viewer)) throw Error::forbidden("resources: not a coordinator");
}

void ResourceService::audit(storage::Database& database, const auth::Viewer& viewer, std::string_view action,
                            std::int64_t id) {
  storage::AuditLog::record(
      database,
      {0, clock_.now_seconds(), viewer.person_id(), std::string(action), "resource", std::to_string(id), {}});
}

std::vector<Resource> ResourceService::directory(const ResourceSearch& search) {
  return store_.search(search);
}

Resource ResourceService::load(const auth::Viewer& viewer, std::string_view slug) {
  auto resource = store_.find_by_slug(slug);
  if (!resource || !access::can_view_entry(viewer, *resource)) throw Error::not_found("resources: no entry");
  return std::move(*resource);
}

void ResourceService::count_view(ViewedPage page, std::int64_t resource_id) noexcept {
  try {
    store_.count_view(day_of(clock_.now_seconds()), page, resource_id);
  } catch (const std::exception& error) {
    log::warn("resources: a view of the {} page was not counted: {}", to_text(page), error.what());
  }
}

std::vector<Resource> ResourceService::all_entries(const auth::Viewer& viewer) {
  require_manager(viewer);
  return store_.all();
}

Resource ResourceService::load_for_change(const auth::Viewer& viewer, std::int64_t id) {
  require_manager(viewer);
  auto resource = store_.find(id);
  if (!resource) throw Error::not_found("resources: no entry " + std::to_string(id));
  return std::move(*resource);
}

std::optional<std::string> ResourceService::free_slug(ResourceForm& form,
                                                      std::optional<std::int64_t> own_id) {
  const auto taken = [&](const std::string& slug) {
    const auto holder = store_.find_by_slug(slug);
    return holder && (!own_id || holder->id != *own_id);
  };
  const auto& wanted = form.draft.slug;
  if (!taken(wanted)) return wanted;
  if (form.slug_from_name) {
    for (int suffix = 2; suffix <= kMaxSlugSuffix; ++suffix) {
      // Short enough for "-99" within the 60 characters, without a hyphen
      // before the suffix's own.
      auto stem = wanted.substr(0, 56);
      while (!stem.empty() && stem.back() == '-') stem.pop_back();
      auto candidate = fmt::format("{}-{}", stem, suffix);
      if (!taken(candidate)) return candidate;
    }
  }
  form.errors.add("slug", "Another entry already uses that page address; please choose another.");
  return std::nullopt;
}

ResourceService::Saved ResourceService::create(const auth::Viewer& viewer, ResourceForm form) {
  require_manager(viewer);
  if (!form.errors.empty()) return {std::nullopt, std::move(form.errors)};
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto slug = free_slug(form, std::nullopt);
  if (!slug) return {std::nullopt, std::move(form.errors)};
  form.draft.slug = *slug;
  const auto id = store_.insert(form.draft, clock_.now_seconds());
  audit(database, viewer, "resource.create", id);
  transaction.commit();
  return {store_.find(id), {}};
}

ResourceService::Saved ResourceService::update(const auth::Viewer& viewer, std::int64_t id,
                                               ResourceForm form) {
  require_manager(viewer);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  if (!store_.find(id)) throw Error::not_found("resources: no entry " + std::to_string(id));
  if (!form.errors.empty()) return {std::nullopt, std::move(form.errors)};
  const auto slug = free_slug(form, id);
  if (!slug) return {std::nullopt, std::move(form.errors)};
  form.draft.slug = *slug;
  store_.update(id, form.draft, clock_.now_seconds());
  audit(database, viewer, "resource.update", id);
  transaction.commit();
  return {store_.find(id), {}};
}

void ResourceService::retire(const auth::Viewer& viewer, std::int64_t id) {
  require_manager(viewer);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto resource = store_.find(id);
  if (!resource) throw Error::not_found("resources: no entry " + std::to_string(id));
  if (!resource->is_active()) return;  // already retired: nothing to do, nothing to record
  store_.set_status(id, ResourceStatus::kRetired, clock_.now_seconds());
  audit(database, viewer, "resource.retire", id);
  transaction.commit();
}

void ResourceService::restore(const auth::Viewer& viewer, std::int64_t id) {
  require_manager(viewer);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto resource = store_.find(id);
  if (!resource) throw Error::not_found("resources: no entry " + std::to_string(id));
  if (resource->is_active()) return;
  store_.set_status(id, ResourceStatus::kActive, clock_.now_seconds());
  audit(database, viewer, "resource.restore", id);
  transaction.commit();
}

bool ResourceService::move(const auth::Viewer& viewer, std::int64_t id, Direction direction) {
  require_manager(viewer);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  if (!store_.find(id)) throw Error::not_found("resources: no entry " + std::to_string(id));
  if (!store_.move(id, direction, clock_.now_seconds())) return false;
  audit(database, viewer, direction == Direction::kUp ? "resource.move_up" : "resource.move_down", id);
  transaction.commit();
  return true;
}

ViewFigures ResourceService::view_figures(const auth::Viewer& viewer, int days) {
  require_manager(viewer);
  const auto now = clock_.now_seconds();
  // Counted back from noon today, so that a daylight-saving change (an hour
  // either way) never moves the first day.
  const auto today = zone_.to_local(now).date;
  const auto noon = zone_.to_utc(today, {12, 0});
  ViewFigures figures;
  figures.first_day = day_of(noon - static_cast<std::int64_t>(days - 1) * kSecondsPerDay);
  figures.last_day = day_of(now);
  for (const auto& row : store_.view_counts(figures.first_day, figures.last_day)) {
    switch (row.page) {
      case ViewedPage::kDirectory: figures.directory += row.count; break;
      case ViewedPage::kHelp: figures.help += row.count; break;
      case ViewedPage::kEntry: figures.entries[row.resource_id] += row.count; break;
    }
  }
  return figures;
}

}  // namespace hearth::features::resources
