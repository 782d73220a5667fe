#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/viewer.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/notifications/mail_settings.h"
#include "features/notifications/notification_mail.h"
#include "features/notifications/notification_store.h"
#include "features/notifications/notifier.h"
#include "features/notifications/outbox_store.h"
#include "features/shared/site_settings_source.h"

namespace hearth::features::notifications {

// The rules of notifications: who gets what, in-app and by e-mail, and what
// each person sees of their own notifications (through
// notification_access.h). Implements Notifier for the other features.
//
// E-mail: with delivery on, each notification becomes an outbox message for
// people who chose "immediately" (and for everyone who wants e-mail when the
// kind is urgent), and waits for the daily digest for people who chose
// "daily". Subjects and bodies carry no group, event or request unless the
// person chose details (notification_mail.h). People without an address in
// the directory get in-app notifications only.
//
// Errors are hearth::Error: kNotFound for a notification that is not the
// viewer's. Thread-safe.
class NotificationService final : public Notifier {
 public:
  // `mail_queued` runs after the transaction that queued e-mail (or, inside
  // the caller's transaction, after the savepoint): it wakes the sender.
  NotificationService(NotificationStore& store, OutboxStore& outbox, const Clock& clock,
                      const MailSettings& mail, const SiteSettingsSource& site, std::string public_url,
                      const calendar::TimeZone& zone, std::function<void()> mail_queued = {});

  void notify_many(const std::vector<std::int64_t>& person_ids, const Notice& notice) override;
  void notify_roles(const auth::RoleSet& roles, const Notice& notice, std::int64_t except_person_id) override;
  void forget(std::string_view link) override;

  // 0 for people who are not signed in.
  int unread_count(const auth::Viewer& viewer);
  NotificationPage page(const auth::Viewer& viewer, int page, int page_size);
  // Marks the viewer's notification read and returns where it leads.
  std::string open(const auth::Viewer& viewer, std::int64_t notification_id);
  void mark_all_read(const auth::Viewer& viewer);

  Preferences preferences(const auth::Viewer& viewer);
  void save_preferences(const auth::Viewer& viewer, const Preferences& preferences);
  MailDelivery mail_delivery() const { return mail_.delivery; }

  // Queues the daily digest of everyone whose digest is due (their local
  // digest hour has passed since their last one) and who has unread
  // notifications waiting for it. Returns the number of digests queued.
  // Called by the outbox sender before each pass.
  int queue_due_digests();

  // Deletes notifications read more than 30 days ago or older than 180 days,
  // sent e-mail older than 7 days and given-up e-mail older than 30 days.
  // Returns the number of rows deleted. Called by the maintenance thread.
  int purge_expired();

  NotificationStore& store() { return store_; }

 private:
  MailSite mail_site() const { return {site_.current()->name, public_url_}; }
  // Queues one e-mail; false when the address is unusable.
  bool queue_mail(const Recipient& recipient, const std::string& subject, const std::string& body,
                  std::int64_t now);

  NotificationStore& store_;
  OutboxStore& outbox_;
  const Clock& clock_;
  const MailSettings& mail_;
  const SiteSettingsSource& site_;
  std::string public_url_;
  const calendar::TimeZone& zone_;
  std::function<void()> mail_queued_;
};

}  // namespace hearth::features::notifications
