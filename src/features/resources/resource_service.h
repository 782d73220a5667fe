#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/viewer.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/resources/resource_form.h"
#include "features/resources/resource_store.h"

namespace hearth::features::resources {

// Views over a span of days, summed; nothing per person exists to sum.
struct ViewFigures {
  std::string first_day;  // YYYY-MM-DD, inclusive
  std::string last_day;   // today
  int directory = 0;
  int help = 0;
  std::map<std::int64_t, int> entries;  // resource id -> views of its page
};

// The rules of the resource directory: who may see which entry and who may
// change it (through resource_access.h), unique web addresses, and the
// anonymous daily view counts. Every coordinator change is written to the
// audit log in the same transaction (who, what, which entry; never the
// text). Errors are hearth::Error with a message for the person: kNotFound for
// unknown entries and for retired ones on the public pages, kForbidden for
// people who may not manage the directory. Thread-safe.
class ResourceService {
 public:
  ResourceService(ResourceStore& store, const calendar::TimeZone& zone, const Clock& clock);

  // The active entries matching `search`, in directory order.
  std::vector<Resource> directory(const ResourceSearch& search);
  // The entry with this slug if the viewer may see it (access::can_view_entry);
  // kNotFound otherwise, so retired and unknown entries look the same.
  Resource load(const auth::Viewer& viewer, std::string_view slug);

  // Adds one view of `page` (of entry `resource_id` for kEntry) to today's
  // count in the hospital's time zone. Never throws: counting is not worth
  // keeping anyone from help, so a failure is logged (with nothing about the
  // visitor) and dropped.
  void count_view(ViewedPage page, std::int64_t resource_id = 0) noexcept;

  // Coordinators only (kForbidden for everyone else).
  std::vector<Resource> all_entries(const auth::Viewer& viewer);
  // Any entry, active or retired; kNotFound for unknown ids.
  Resource load_for_change(const auth::Viewer& viewer, std::int64_t id);

  struct Saved {
    std::optional<Resource> resource;  // set on success
    FieldErrors errors;                // set when the form must be shown again
  };
  // `form` must have no errors. A slug made from the name gets "-2", "-3"...
  // when it is taken; a typed one that is taken is refused with a message.
  Saved create(const auth::Viewer& viewer, ResourceForm form);
  Saved update(const auth::Viewer& viewer, std::int64_t id, ResourceForm form);
  void retire(const auth::Viewer& viewer, std::int64_t id);
  void restore(const auth::Viewer& viewer, std::int64_t id);
  // Returns false when the entry is already first (kUp) or last (kDown) in
  // its category, or retired.
  bool move(const auth::Viewer& viewer, std::int64_t id, Direction direction);
  // Views over the last `days` days, today included.
  ViewFigures view_figures(const auth::Viewer& viewer, int days);

  ResourceStore& store() { return store_; }

 private:
  void require_manager(const auth::Viewer& viewer) const;
  // A free slug for `form`, or nullopt with a message added to its errors.
  std::optional<std::string> free_slug(ResourceForm& form, std::optional<std::int64_t> own_id);
  std::string day_of(std::int64_t utc) const;
  void audit(storage::Database& database, const auth::Viewer& viewer, std::string_view action,
             std::int64_t id);

  ResourceStore& store_;
  const calendar::TimeZone& zone_;
  const Clock& clock_;
};

}  // namespace hearth::features::resources
