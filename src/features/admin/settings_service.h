#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/viewer.h"
#include "common/clock.h"
#include "features/admin/admin_store.h"
#include "features/admin/setting_rules.h"
#include "features/shared/form_validation.h"
#include "features/shared/site_settings_source.h"
#include "http/request.h"

namespace hearth::features::admin {

// One setting as the settings page shows it.
struct SettingState {
  const SettingDefinition* definition = nullptr;  // never null
  std::string value;                              // in force now
  std::string file_value;                         // from the config file
  bool overridden = false;                        // a stored value replaces the file's
};

// The site settings an administrator may change: the config file's values
// with the stored overrides on top, published to a SiteSettingsSource so every
// page picks up a change at its next request. Each change is validated,
// written and audited (the key, never a text value) in one transaction, then
// published. Permission checks (admin_access.h) come first in every method
// that changes something: kForbidden otherwise. Thread-safe: mutex_
// serialises changes so the published settings follow the order of commits.
class SettingsService {
 public:
  // Reads the stored overrides and logo and publishes the result to `live`.
  // `store`, `live` and `clock` must outlive the service.
  SettingsService(AdminStore& store, SiteSettingsSource& live, SiteSettings file_values, const Clock& clock);

  std::vector<SettingState> states();

  // New values from a re-read config file (e.g. on reload): settings without
  // an override follow them at the next request.
  void replace_file_values(SiteSettings file_values);

  // Checks every setting in `form` (fields named SettingDefinition::field);
  // if all are valid, saves those that changed and returns no errors. A value
  // equal to the file's removes the override, so the setting follows the file
  // again. Returns the errors otherwise, changing nothing.
  FieldErrors save(const auth::Viewer& viewer, const http::Parameters& form);
  // Removes the override of `key`: the file's value applies again. kNotFound
  // for an unknown key; resetting a setting that has no override is not an
  // error (nothing is recorded).
  void reset(const auth::Viewer& viewer, std::string_view key);

  // Stores `bytes` as the logo if it is a PNG or JPEG (by its first bytes) of
  // at most kMaximumLogoBytes; returns a message under "logo" otherwise.
  FieldErrors upload_logo(const auth::Viewer& viewer, std::string_view bytes);
  // Back to the built-in icon. Not an error when there is no logo.
  void remove_logo(const auth::Viewer& viewer);
  // The uploaded logo, or null.
  std::shared_ptr<const StoredLogo> logo() const;

 private:
  // Rebuilds the settings from the file's values and `overrides`, and
  // publishes them. mutex_ held.
  void publish(const std::map<std::string, std::string>& overrides);
  void audit(storage::Database& database, const auth::Viewer& viewer, std::string_view action,
             std::string_view key, std::string_view detail);

  AdminStore& store_;
  SiteSettingsSource& live_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  SiteSettings file_values_;                // guarded by mutex_
  std::shared_ptr<const StoredLogo> logo_;  // guarded by mutex_
};

// The settings in force for `file_values` with `overrides` applied (unknown
// keys and values that no longer pass the rules are skipped), with the
// privacy notice rendered and the logo version set from `logo_digest`.
SiteSettings effective_settings(const SiteSettings& file_values,
                                const std::map<std::string, std::string>& overrides,
                                std::string_view logo_digest);

}  // namespace hearth::features::admin
