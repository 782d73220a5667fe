#include "features/shared/site_settings_source.h"

namespace hearth::features {

SiteSettingsSource::SiteSettingsSource(SiteSettings initial)
    : current_(std::make_shared<const SiteSettings>(std::move(initial))) {}

std::shared_ptr<const SiteSettings> SiteSettingsSource::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void SiteSettingsSource::replace(SiteSettings next) {
  auto published = std::make_shared<const SiteSettings>(std::move(next));
  std::lock_guard lock(mutex_);
  current_.swap(published);
  // The previous snapshot is released after the lock, when `published` goes
  // out of scope (or later, by the last request still holding it).
}

}  // namespace hearth::features
