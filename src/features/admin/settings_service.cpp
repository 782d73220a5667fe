#include "features/admin/settings_service.h"

#include <fmt/format.h>

#include "common/crypto.h"
#include "common/error.h"
#include "common/log.h"
#include "features/admin/admin_access.h"
#include "markdown/markdown.h"
#include "storage/audit_log.h"

namespace hearth::features::admin {
namespace {

constexpr std::string_view kLogoKey = "site.logo";
constexpr std::size_t kLogoDigestLength = 16;

void require_settings_access(const auth::Viewer& viewer) {
  if (!access::can_change_settings(viewer))
    throw Error::forbidden("admin: settings need the administrator role");
}

// Short values worth keeping in the audit detail: choices, numbers, colours.
// Free text (names, phone numbers, notices) is not copied into the log.
bool value_is_auditable(const SettingDefinition& definition) {
  return definition.input == SettingInput::kChoice || definition.input == SettingInput::kDays ||
         definition.input == SettingInput::kColor;
}

}  // namespace

SiteSettings effective_settings(const SiteSettings& file_values,
                                const std::map<std::string, std::string>& overrides,
                                std::string_view logo_digest) {
  SiteSettings settings = file_values;
  for (const auto& [key, value] : overrides) {
    const auto* definition = find_setting(key);
    if (definition == nullptr || !apply_setting(settings, *definition, value)) {
      log::warn("admin: the stored value of setting {} is ignored: it is unknown or no longer valid", key);
    }
  }
  settings.privacy_notice_html =
      settings.privacy_notice.empty() ? std::string() : markdown::render_html(settings.privacy_notice);
  settings.logo_version = std::string(logo_digest);
  return settings;
}

SettingsService::SettingsService(AdminStore& store, SiteSettingsSource& live, SiteSettings file_values,
                                 const Clock& clock)
    : store_(store), live_(live), clock_(clock), file_values_(std::move(file_values)) {
  std::lock_guard lock(mutex_);
  if (auto stored = store_.logo()) logo_ = std::make_shared<const StoredLogo>(std::move(*stored));
  publish(store_.setting_overrides());
}

void SettingsService::publish(const std::map<std::string, std::string>& overrides) {
  live_.replace(effective_settings(file_values_, overrides, logo_ ? std::string_view(logo_->digest) : ""));
}

void SettingsService::audit(storage::Database& database, const auth::Viewer& viewer, std::string_view action,
                            std::string_view key, std::string_view detail) {
  storage::AuditLog::record(database, {0, clock_.now_seconds(), viewer.person_id(), std::string(action),
                                       "setting", std::string(key), std::string(detail)});
}

void SettingsService::replace_file_values(SiteSettings file_values) {
  std::lock_guard lock(mutex_);
  file_values_ = std::move(file_values);
  publish(store_.setting_overrides());
}

std::vector<SettingState> SettingsService::states() {
  const auto overrides = store_.setting_overrides();
  const auto current = live_.current();
  std::lock_guard lock(mutex_);
  std::vector<SettingState> states;
  for (const auto& definition : setting_definitions()) {
    states.push_back({&definition, setting_value(*current, definition),
                      setting_value(file_values_, definition),
                      overrides.contains(std::string(definition.key))});
  }
  return states;
}

FieldErrors SettingsService::save(const auth::Viewer& viewer, const http::Parameters& form) {
  require_settings_access(viewer);
  FieldErrors errors;
  std::vector<std::pair<const SettingDefinition*, std::string>> submitted;
  for (const auto& definition : setting_definitions()) {
    auto value = check_setting(definition, form.value_or_empty(definition.field), errors);
    if (value) submitted.emplace_back(&definition, std::move(*value));
  }
  if (!errors.empty()) return errors;

  std::lock_guard lock(mutex_);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = live_.current();
  int changed = 0;
  for (const auto& [definition, value] : submitted) {
    if (value == setting_value(*current, *definition)) continue;
    if (value == setting_value(file_values_, *definition)) {
      store_.remove_setting(definition->key);
    } else {
      store_.put_setting(definition->key, value, viewer.person_id(), clock_.now_seconds());
    }
    audit(database, viewer, "settings.change", definition->key,
          value_is_auditable(*definition) ? fmt::format("new value: {}", value.empty() ? "(none)" : value)
                                          : "");
    ++changed;
  }
  auto overrides = store_.setting_overrides();
  transaction.commit();
  if (changed > 0) {
    publish(overrides);
    log::info("admin: person {} changed {} site setting(s)", viewer.person_id(), changed);
  }
  return errors;
}

void SettingsService::reset(const auth::Viewer& viewer, std::string_view key) {
  require_settings_access(viewer);
  const auto* definition = find_setting(key);
  if (definition == nullptr) throw Error::not_found("admin: no such setting");
  std::lock_guard lock(mutex_);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  if (!store_.remove_setting(definition->key)) return;
  audit(database, viewer, "settings.reset", definition->key, "");
  auto overrides = store_.setting_overrides();
  transaction.commit();
  publish(overrides);
  log::info("admin: person {} reset site setting {} to the config file's value", viewer.person_id(), key);
}

FieldErrors SettingsService::upload_logo(const auth::Viewer& viewer, std::string_view bytes) {
  require_settings_access(viewer);
  FieldErrors errors;
  const auto type = sniff_image(bytes);
  if (bytes.empty()) {
    errors.add("logo", "Choose an image file to upload.");
  } else if (bytes.size() > kMaximumLogoBytes) {
    errors.add("logo", fmt::format("The logo must be 200 KB or smaller (this file is {} KB).",
                                   (bytes.size() + 1023) / 1024));
  } else if (!type) {
    errors.add("logo",
               "The logo must be a PNG or JPEG image. Other formats, including SVG, are not accepted.");
  }
  if (!errors.empty()) return errors;

  StoredLogo logo{std::string(content_type(*type)), std::string(bytes),
                  crypto::sha256_hex(bytes).substr(0, kLogoDigestLength)};
  std::lock_guard lock(mutex_);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  store_.put_logo(logo, viewer.person_id(), clock_.now_seconds());
  audit(database, viewer, "settings.logo_upload", kLogoKey, logo.content_type);
  auto overrides = store_.setting_overrides();
  transaction.commit();
  logo_ = std::make_shared<const StoredLogo>(std::move(logo));
  publish(overrides);
  log::info("admin: person {} uploaded a logo ({} bytes)", viewer.person_id(), bytes.size());
  return errors;
}

void SettingsService::remove_logo(const auth::Viewer& viewer) {
  require_settings_access(viewer);
  std::lock_guard lock(mutex_);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  if (!store_.remove_logo()) return;
  audit(database, viewer, "settings.logo_remove", kLogoKey, "");
  auto overrides = store_.setting_overrides();
  transaction.commit();
  logo_.reset();
  publish(overrides);
  log::info("admin: person {} removed the logo", viewer.person_id());
}

std::shared_ptr<const StoredLogo> SettingsService::logo() const {
  std::lock_guard lock(mutex_);
  return logo_;
}

}  // namespace hearth::features::admin
