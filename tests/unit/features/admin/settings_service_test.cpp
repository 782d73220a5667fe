#include "features/admin/settings_service.h"

#include <catch2/catch.hpp>

#include "auth/person_store.h"
#include "common/error.h"
#include "storage/audit_log.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::admin {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

struct Fixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kNow};
  AdminStore store{database.pool()};
  SiteSettings file = file_values();
  SiteSettingsSource live{SiteSettings{}};
  auth::PersonStore people{database.pool()};
  auth::Viewer admin = person("eli", auth::Role::kAdmin);
  auth::Viewer coordinator = person("dana", auth::Role::kCoordinator);

  static SiteSettings file_values() {
    SiteSettings settings;
    settings.name = "Hearth at Riverside";
    settings.eap_phone = "1-800-555-0100";
    return settings;
  }

  auth::Viewer person(const std::string& username, auth::Role role) {
    auth::RoleSet roles;
    roles.insert(role);
    auth::DirectoryPerson entry;
    entry.stable_id = "id-" + username;
    entry.username = username;
    entry.display_name = username;
    const auto id = people.upsert(entry, roles, kNow);
    return auth::Viewer::signed_in(id, username, roles);
  }

  // The form as the settings page would send it: every setting, with changes.
  http::Parameters form(const std::map<std::string, std::string>& changes = {}) {
    http::Parameters parameters;
    const auto current = live.current();
    for (const auto& definition : setting_definitions()) {
      const auto changed = changes.find(std::string(definition.field));
      parameters.add(std::string(definition.field),
                     changed != changes.end() ? changed->second : setting_value(*current, definition));
    }
    return parameters;
  }

  std::vector<storage::AuditEntry> audit() { return storage::AuditLog::recent(database.connection(), 100); }
};

}  // namespace

TEST_CASE("the file's values are in force until an administrator changes one; the change is live and audited",
          "[admin][settings]") {
  Fixture f;
  SettingsService service(f.store, f.live, f.file, f.clock);
  CHECK(f.live.current()->name == "Hearth at Riverside");
  const auto before = f.live.current();

  const auto errors =
      service.save(f.admin, f.form({{"site_name", "Riverside Wellbeing"},
                                    {"phi_mode", "block"},
                                    {"privacy_notice", "Records are kept for **seven years**."}}));
  CHECK(errors.empty());
  const auto after = f.live.current();
  CHECK(after->name == "Riverside Wellbeing");
  CHECK(after->phi_policy == PhiPolicy::kBlock);
  CHECK(after->privacy_notice_html.find("<strong>seven years</strong>") != std::string::npos);
  CHECK(after->eap_phone == "1-800-555-0100");   // unchanged settings keep the file's value
  CHECK(before->name == "Hearth at Riverside");  // a snapshot taken earlier does not change under its reader

  const auto entries = f.audit();
  REQUIRE(entries.size() == 3);
  for (const auto& entry : entries) {
    CHECK(entry.action == "settings.change");
    CHECK(entry.object_type == "setting");
    CHECK(entry.actor_person_id == f.admin.person_id());
    // Text values are not copied into the log; short choices are.
    CHECK(entry.detail.find("Riverside") == std::string::npos);
    CHECK(entry.detail.find("seven") == std::string::npos);
  }
  CHECK(entries[0].object_id == "safety.phi_mode");
  CHECK(entries[0].detail == "new value: block");

  SECTION("a new service over the same database starts with the stored values") {
    SiteSettingsSource restarted{SiteSettings{}};
    SettingsService again(f.store, restarted, f.file, f.clock);
    CHECK(restarted.current()->name == "Riverside Wellbeing");
    CHECK(restarted.current()->phi_policy == PhiPolicy::kBlock);
  }
  SECTION("saving the same form again changes and records nothing") {
    CHECK(service.save(f.admin, f.form()).empty());
    CHECK(f.audit().size() == 3);
  }
  SECTION("reset: the file's value applies again, and the reset is recorded") {
    service.reset(f.admin, "site.name");
    CHECK(f.live.current()->name == "Hearth at Riverside");
    CHECK(f.audit().front().action == "settings.reset");
    CHECK(f.audit().front().object_id == "site.name");
    const auto states = service.states();
    for (const auto& state : states) {
      INFO(state.definition->key);
      CHECK(state.overridden ==
            (state.definition->key == "safety.phi_mode" || state.definition->key == "site.privacy_notice"));
    }
    // Resetting again is not an error and records nothing.
    service.reset(f.admin, "site.name");
    CHECK(f.audit().size() == 4);
    CHECK_THROWS_AS(service.reset(f.admin, "site.time_zone"), Error);
  }
  SECTION("typing the file's value again removes the override") {
    CHECK(service.save(f.admin, f.form({{"site_name", "Hearth at Riverside"}})).empty());
    CHECK(f.store.setting_overrides().count("site.name") == 0);
    CHECK(f.live.current()->name == "Hearth at Riverside");
  }
  SECTION("a new file value shows where nothing overrides it") {
    auto file = f.file;
    file.eap_phone = "1-800-555-0199";
    file.name = "Ignored: overridden";
    service.replace_file_values(file);
    CHECK(f.live.current()->eap_phone == "1-800-555-0199");
    CHECK(f.live.current()->name == "Riverside Wellbeing");
  }
}

TEST_CASE("an invalid form changes nothing and names every bad field", "[admin][settings]") {
  Fixture f;
  SettingsService service(f.store, f.live, f.file, f.clock);
  const auto errors = service.save(
      f.admin, f.form({{"site_name", "Fine name"}, {"accent_color", "#ffff00"}, {"phi_mode", "off"}}));
  CHECK(errors.message_for("accent_color").find("4.5:1") != std::string_view::npos);
  CHECK_FALSE(errors.message_for("phi_mode").empty());
  CHECK(errors.message_for("site_name").empty());
  CHECK(f.live.current()->name == "Hearth at Riverside");
  CHECK(f.store.setting_overrides().empty());
  CHECK(f.audit().empty());
}

TEST_CASE("only administrators change settings", "[admin][settings][access]") {
  Fixture f;
  SettingsService service(f.store, f.live, f.file, f.clock);
  CHECK_THROWS_AS(service.save(f.coordinator, f.form({{"site_name", "Taken over"}})), Error);
  CHECK_THROWS_AS(service.reset(f.coordinator, "site.name"), Error);
  CHECK_THROWS_AS(service.upload_logo(f.coordinator, std::string("\x89PNG\r\n\x1a\n", 8)), Error);
  CHECK_THROWS_AS(service.remove_logo(f.coordinator), Error);
  CHECK(f.live.current()->name == "Hearth at Riverside");
  CHECK(f.audit().empty());
}

TEST_CASE("a logo is stored only if it is a small PNG or JPEG; its digest versions its URL",
          "[admin][logo]") {
  Fixture f;
  SettingsService service(f.store, f.live, f.file, f.clock);
  CHECK(f.live.current()->logo_version.empty());
  CHECK(service.logo() == nullptr);

  CHECK_FALSE(service.upload_logo(f.admin, "<svg onload=\"alert(1)\"/>").message_for("logo").empty());
  CHECK_FALSE(service.upload_logo(f.admin, "").message_for("logo").empty());
  std::string too_big("\x89PNG\r\n\x1a\n", 8);
  too_big.resize(kMaximumLogoBytes + 1, 'x');
  CHECK(service.upload_logo(f.admin, too_big).message_for("logo").find("200 KB") != std::string_view::npos);
  CHECK(service.logo() == nullptr);
  CHECK(f.audit().empty());

  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  png += std::string("\0\x01\x02\xff", 4);
  CHECK(service.upload_logo(f.admin, png).empty());
  REQUIRE(service.logo() != nullptr);
  CHECK(service.logo()->bytes == png);
  CHECK(service.logo()->content_type == "image/png");
  CHECK(f.live.current()->logo_version == service.logo()->digest);
  CHECK(f.live.current()->logo_version.size() == 16);
  CHECK(f.audit().front().action == "settings.logo_upload");

  // Kept across a restart, bytes intact.
  SiteSettingsSource restarted{SiteSettings{}};
  SettingsService again(f.store, restarted, f.file, f.clock);
  REQUIRE(again.logo() != nullptr);
  CHECK(again.logo()->bytes == png);
  CHECK(restarted.current()->logo_version == f.live.current()->logo_version);

  service.remove_logo(f.admin);
  CHECK(service.logo() == nullptr);
  CHECK(f.live.current()->logo_version.empty());
  CHECK(f.audit().front().action == "settings.logo_remove");
}

TEST_CASE("stored values that no longer pass the rules are ignored, not fatal", "[admin][settings]") {
  SiteSettings file;
  file.name = "From the file";
  const auto settings = effective_settings(file,
                                           {{"site.name", ""},
                                            {"groups.default_retention_days", "3"},
                                            {"no.such.key", "x"},
                                            {"site.eap_hours", "9-5"}},
                                           "");
  CHECK(settings.name == "From the file");
  CHECK(settings.default_retention_days == 0);
  CHECK(settings.eap_hours == "9-5");
  CHECK(settings.privacy_notice_html.empty());
}

}  // namespace hearth::features::admin
