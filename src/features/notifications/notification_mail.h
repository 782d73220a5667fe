#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/time_zone.h"
#include "features/notifications/notification_model.h"
#include "features/notifications/notifier.h"

// The words of notification e-mails. Without details a subject and body say
// only that there is something new and link to the notification centre: no
// group, event or request, no person, no path that names one (paths carry
// group names). With details they say what happened and link to it. Plain
// functions, thread-safe.
namespace hearth::features::notifications {

struct MailText {
  std::string subject;
  std::string body;  // "\n" line breaks; mail::format_message encodes it
};

// What every e-mail needs to know about the site.
struct MailSite {
  std::string_view name;        // site.name, e.g. "Riverside Care Circle"
  std::string_view public_url;  // server.public_url without a trailing '/'
};

// The e-mail for one notification.
MailText single_mail(const MailSite& site, const Notice& notice, EmailDetails details);

// The daily digest of `notifications` (not empty), oldest first.
MailText digest_mail(const MailSite& site, const std::vector<Notification>& notifications,
                     EmailDetails details);

// The most recent moment, at or before `now`, at which a daily digest was
// due: `digest_hour`:00 local time today, or yesterday if that is still ahead.
std::int64_t latest_digest_moment(std::int64_t now, const calendar::TimeZone& zone, int digest_hour);

}  // namespace hearth::features::notifications
