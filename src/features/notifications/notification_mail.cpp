#include "features/notifications/notification_mail.h"

#include <fmt/format.h>

namespace hearth::features::notifications {
namespace {

std::string footer(const MailSite& site) {
  return fmt::format("\nTo change which e-mails {} sends you, visit\n{}/notifications/settings\n", site.name,
                     site.public_url);
}

}  // namespace

MailText single_mail(const MailSite& site, const Notice& notice, EmailDetails details) {
  MailText text;
  if (details == EmailDetails::kOff) {
    text.subject = fmt::format("You have new activity in {}", site.name);
    text.body = fmt::format("Hello,\n\nYou have new activity in {}. Sign in to see it:\n{}/notifications\n",
                            site.name, site.public_url);
  } else {
    text.subject = notice.context.empty() ? std::string(title(notice.kind))
                                          : fmt::format("{}: {}", title(notice.kind), notice.context);
    text.body = fmt::format("Hello,\n\n{}\n", sentence(notice.kind));
    if (!notice.context.empty()) text.body += fmt::format("About: {}\n", notice.context);
    text.body += fmt::format("\nSee it in {}:\n{}{}\n", site.name, site.public_url, notice.link);
  }
  text.body += footer(site);
  return text;
}

MailText digest_mail(const MailSite& site, const std::vector<Notification>& notifications,
                     EmailDetails details) {
  MailText text;
  text.subject = fmt::format("Your daily summary from {}", site.name);
  const auto count = notifications.size();
  if (details == EmailDetails::kOff) {
    text.body =
        fmt::format("Hello,\n\nYou have {} new notification{} in {}. Sign in to see {}:\n{}/notifications\n",
                    count, count == 1 ? "" : "s", site.name, count == 1 ? "it" : "them", site.public_url);
  } else {
    text.body = fmt::format("Hello,\n\nHere is what happened in {} since your last summary:\n\n", site.name);
    for (const auto& notification : notifications) {
      text.body +=
          fmt::format("- {}\n  {}{}\n", sentence(notification.kind), site.public_url, notification.link);
    }
    text.body += fmt::format("\nAll your notifications:\n{}/notifications\n", site.public_url);
  }
  text.body += footer(site);
  return text;
}

std::int64_t latest_digest_moment(std::int64_t now, const calendar::TimeZone& zone, int digest_hour) {
  const calendar::LocalTime at{digest_hour, 0};
  const auto today = zone.to_local(now).date;
  const auto today_moment = zone.to_utc(today, at);
  if (today_moment <= now) return today_moment;
  // An hour before today's midnight is yesterday, whatever daylight saving did.
  const auto yesterday = zone.to_local(zone.to_utc(today, {0, 0}) - 3600).date;
  return zone.to_utc(yesterday, at);
}

}  // namespace hearth::features::notifications
