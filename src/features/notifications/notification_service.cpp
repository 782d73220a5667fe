#include "features/notifications/notification_service.h"

#include <algorithm>

#include "common/error.h"
#include "common/log.h"
#include "features/notifications/notification_access.h"
#include "features/notifications/notification_mail.h"
#include "mail/message.h"

namespace hearth::features::notifications {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
constexpr std::int64_t kKeepReadDays = 30;
constexpr std::int64_t kKeepAnyDays = 180;
constexpr std::int64_t kKeepSentMailDays = 7;
constexpr std::int64_t kKeepGivenUpMailDays = 30;

class NoNotifier final : public Notifier {
 public:
  void notify_many(const std::vector<std::int64_t>& /*person_ids*/, const Notice& /*notice*/) override {}
  void notify_roles(const auth::RoleSet& /*roles*/, const Notice& /*notice*/,
                    std::int64_t /*except_person_id*/) override {}
  void forget(std::string_view /*link*/) override {}
};

// Whether a new notification for `recipient` becomes an e-mail now, waits
// for their digest, or stays in-app.
enum class MailPlan { kNone, kNow, kDigest };

MailPlan plan_for(MailDelivery delivery, const Recipient& recipient, Urgency urgency) {
  if (delivery == MailDelivery::kOff) return MailPlan::kNone;
  switch (recipient.preferences.email) {
    case EmailFrequency::kOff: return MailPlan::kNone;
    case EmailFrequency::kImmediately: return MailPlan::kNow;
    case EmailFrequency::kDaily: return urgency == Urgency::kUrgent ? MailPlan::kNow : MailPlan::kDigest;
  }
  return MailPlan::kNone;
}

}  // namespace

Notifier& no_notifier() {
  static NoNotifier instance;
  return instance;
}

NotificationService::NotificationService(NotificationStore& store, OutboxStore& outbox, const Clock& clock,
                                         const MailSettings& mail, const SiteSettingsSource& site,
                                         std::string public_url, const calendar::TimeZone& zone,
                                         std::function<void()> mail_queued)
    : store_(store),
      outbox_(outbox),
      clock_(clock),
      mail_(mail),
      site_(site),
      public_url_(std::move(public_url)),
      zone_(zone),
      mail_queued_(std::move(mail_queued)) {}

bool NotificationService::queue_mail(const Recipient& recipient, const std::string& subject,
                                     const std::string& body, std::int64_t now) {
  if (!mail::is_plain_address(recipient.mail)) return false;
  outbox_.insert({recipient.mail, subject, body, mail::new_message_id(mail_.from_address)}, now);
  return true;
}

void NotificationService::notify_many(const std::vector<std::int64_t>& person_ids, const Notice& notice) {
  std::vector<std::int64_t> ids;
  for (const auto id : person_ids) {
    if (id != 0 && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (ids.empty()) return;
  auto& database = store_.connection();
  // A savepoint when the caller has a transaction: undone with the caller's change.
  storage::Transaction transaction(database);
  const auto now = clock_.now_seconds();
  const auto kind_urgency = urgency(notice.kind);
  int queued = 0;
  for (const auto& recipient : store_.recipients(ids, mail_.default_email)) {
    const auto plan = plan_for(mail_.delivery, recipient, kind_urgency);
    store_.insert(recipient.person_id, notice.kind, notice.link, now,
                  plan == MailPlan::kDigest ? DigestState::kPending : DigestState::kNotPending);
    if (plan != MailPlan::kNow) continue;
    const auto text = single_mail(mail_site(), notice, recipient.preferences.details);
    if (queue_mail(recipient, text.subject, text.body, now)) ++queued;
  }
  transaction.commit();
  log::debug("notifications: {} to {} people, {} e-mails queued", to_text(notice.kind), ids.size(), queued);
  if (queued > 0 && mail_queued_) mail_queued_();
}

void NotificationService::notify_roles(const auth::RoleSet& roles, const Notice& notice,
                                       std::int64_t except_person_id) {
  std::vector<std::int64_t> ids;
  for (const auto name : roles.names()) {
    for (const auto id : store_.people_with_role(name)) {
      if (id != except_person_id) ids.push_back(id);
    }
  }
  notify_many(ids, notice);
}

void NotificationService::forget(std::string_view link) {
  store_.forget(link);
}

int NotificationService::unread_count(const auth::Viewer& viewer) {
  if (!access::has_notifications(viewer)) return 0;
  return store_.unread_count(viewer.person_id());
}

NotificationPage NotificationService::page(const auth::Viewer& viewer, int page, int page_size) {
  if (!access::has_notifications(viewer)) throw Error::forbidden("notifications: not signed in");
  return store_.page(viewer.person_id(), page, page_size);
}

std::string NotificationService::open(const auth::Viewer& viewer, std::int64_t notification_id) {
  const auto notification = store_.find(notification_id);
  // Someone else's notification looks like none at all.
  if (!notification || !access::can_see(viewer, *notification)) {
    throw Error::not_found("notifications: not the viewer's");
  }
  store_.mark_read(notification_id, clock_.now_seconds());
  return notification->link;
}

void NotificationService::mark_all_read(const auth::Viewer& viewer) {
  if (!access::has_notifications(viewer)) throw Error::forbidden("notifications: not signed in");
  store_.mark_all_read(viewer.person_id(), clock_.now_seconds());
}

Preferences NotificationService::preferences(const auth::Viewer& viewer) {
  if (!access::has_notifications(viewer)) throw Error::forbidden("notifications: not signed in");
  return store_.preferences(viewer.person_id(), mail_.default_email);
}

void NotificationService::save_preferences(const auth::Viewer& viewer, const Preferences& preferences) {
  if (!access::has_notifications(viewer)) throw Error::forbidden("notifications: not signed in");
  store_.save_preferences(viewer.person_id(), preferences, clock_.now_seconds());
}

int NotificationService::queue_due_digests() {
  if (mail_.delivery == MailDelivery::kOff) return 0;
  const auto now = clock_.now_seconds();
  const auto moment = latest_digest_moment(now, zone_, mail_.digest_hour);
  int queued = 0;
  for (const auto& recipient : store_.digest_candidates(moment, mail_.default_email)) {
    auto& database = store_.connection();
    storage::Transaction transaction(database);
    // Someone who left the digest since keeps nothing waiting; someone who
    // read everything gets no e-mail.
    const auto pending = recipient.preferences.email == EmailFrequency::kDaily
                             ? store_.pending_digest(recipient.person_id)
                             : std::vector<Notification>{};
    if (!pending.empty()) {
      const auto text = digest_mail(mail_site(), pending, recipient.preferences.details);
      if (queue_mail(recipient, text.subject, text.body, now)) ++queued;
    }
    store_.finish_digest(recipient.person_id, now);
    transaction.commit();
  }
  if (queued > 0) log::info("notifications: {} daily digests queued", queued);
  return queued;
}

int NotificationService::purge_expired() {
  const auto now = clock_.now_seconds();
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  int deleted = store_.purge(now - kKeepReadDays * kSecondsPerDay, now - kKeepAnyDays * kSecondsPerDay);
  deleted +=
      outbox_.purge(now - kKeepSentMailDays * kSecondsPerDay, now - kKeepGivenUpMailDays * kSecondsPerDay);
  transaction.commit();
  return deleted;
}

}  // namespace hearth::features::notifications
