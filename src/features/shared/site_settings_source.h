#pragma once

#include <memory>
#include <mutex>

#include "features/shared/site_settings.h"

namespace hearth::features {

// The site settings in force now, shared by every page. Readers take one
// snapshot per request with current() and keep using it, so a page never
// mixes old and new values; replace() publishes a new snapshot that the next
// request sees, without a restart. Thread-safe: mutex_ guards only the
// pointer swap, never the settings themselves, which are immutable once
// published.
class SiteSettingsSource {
 public:
  explicit SiteSettingsSource(SiteSettings initial);
  SiteSettingsSource(const SiteSettingsSource&) = delete;
  SiteSettingsSource& operator=(const SiteSettingsSource&) = delete;

  // Never null.
  std::shared_ptr<const SiteSettings> current() const;
  void replace(SiteSettings next);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const SiteSettings> current_;  // guarded by mutex_
};

}  // namespace hearth::features
