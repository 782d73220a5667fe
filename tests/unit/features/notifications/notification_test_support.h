#pragma once

#include <cstdint>
#include <string>

#include "auth/directory.h"
#include "auth/person_store.h"
#include "auth/roles.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/notifications/notification_service.h"
#include "features/shared/site_settings_source.h"
#include "unit/storage/migrated_database.h"

// Shared setup for the notification and outbox tests.
namespace hearth::features::notifications::testing {

constexpr std::int64_t kStart = 1'772'564'400;  // Tue 2026-03-03 19:00 UTC, 14:00 in New York

// Adds a person as if they had signed in with `roles`, and returns their id.
inline std::int64_t add_person(auth::PersonStore& people, const std::string& username, auth::RoleSet roles,
                               const std::string& mail) {
  auth::DirectoryPerson person;
  person.stable_id = "uuid-" + username;
  person.username = username;
  person.dn = "uid=" + username + ",ou=people,dc=hospital,dc=example";
  person.display_name = "Person " + username;
  person.mail = mail;
  return people.upsert(person, roles, kStart);
}

inline auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
}

// A migrated database, the notification stores and a service with e-mail on.
struct NotificationFixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  calendar::TimeZone zone = *calendar::TimeZone::load("America/New_York");
  SiteSettingsSource site{[] {
    SiteSettings settings;
    settings.name = "Riverside Care Circle";
    return settings;
  }()};
  MailSettings mail = [] {
    MailSettings settings;
    settings.delivery = MailDelivery::kOn;
    settings.from_address = "hearth@riverside-general.example";
    settings.default_email = EmailFrequency::kImmediately;
    settings.digest_hour = 7;
    return settings;
  }();
  auth::PersonStore people{database.pool()};
  NotificationStore store{database.pool()};
  OutboxStore outbox{database.pool()};
  int wakes = 0;
  NotificationService service{store, outbox,
                              clock, mail,
                              site,  "https://hearth.riverside-general.example",
                              zone,  [this] { ++wakes; }};

  std::int64_t person(const std::string& username, auth::RoleSet roles = roles_of({auth::Role::kStaff})) {
    return add_person(people, username, roles, username + "@riverside-general.example");
  }
  auth::Viewer viewer(std::int64_t person_id, auth::RoleSet roles = roles_of({auth::Role::kStaff})) {
    return auth::Viewer::signed_in(person_id, "Someone", roles);
  }
  // Every outbox row, oldest first.
  std::vector<OutboxMessage> outbox_rows() {
    std::vector<std::int64_t> ids;
    auto statement = database.connection().query("SELECT id FROM mail_outbox ORDER BY id");
    while (statement.step()) ids.push_back(statement.column_int64(0));
    std::vector<OutboxMessage> rows;
    for (const auto id : ids) rows.push_back(*outbox.find(id));
    return rows;
  }
};

}  // namespace hearth::features::notifications::testing
