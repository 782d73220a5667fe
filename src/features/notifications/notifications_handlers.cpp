#include "features/notifications/notifications_handlers.h"

#include <array>

#include "calendar/schedule.h"
#include "common/error.h"

namespace hearth::features::notifications {
namespace {

constexpr int kPerPage = 30;

constexpr std::array kFrequencies = {EmailFrequency::kImmediately, EmailFrequency::kDaily,
                                     EmailFrequency::kOff};

// Notices shown after a redirect: the URL carries a code, never text.
std::string_view notice_text(std::string_view code) {
  if (code == "read") return "All your notifications are marked as read.";
  if (code == "saved") return "Your notification settings are saved.";
  return {};
}

std::string_view frequency_hint(EmailFrequency value) {
  switch (value) {
    case EmailFrequency::kOff: return "You'll see notifications here only.";
    case EmailFrequency::kImmediately: return "Soon after something happens.";
    case EmailFrequency::kDaily: return "In the morning, for notifications you haven't read yet.";
  }
  return {};
}

}  // namespace

NotificationsHandlers::NotificationsHandlers(const PageRenderer& pages, NotificationService& service,
                                             const calendar::TimeZone& zone)
    : pages_(pages), service_(service), zone_(zone) {}

http::Response NotificationsHandlers::index(const http::RequestContext& context) const {
  const int page = page_number(context.request.query);
  const auto result = service_.page(context.viewer, page, kPerPage);
  render::View view = pages_.layout(context, "Notifications", NavItem::kNone);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  render::ViewList items;
  bool any_unread = false;
  for (const auto& notification : result.notifications) {
    any_unread = any_unread || notification.is_unread();
    items.push(render::View()
                   .set("text", sentence(notification.kind))
                   .set("url", "/notifications/" + std::to_string(notification.id))
                   .set("when", calendar::format_moment(zone_.to_local(notification.created_at)))
                   .set("unread", notification.is_unread()));
  }
  const int pages = std::max(1, (result.total + kPerPage - 1) / kPerPage);
  view.set("notifications", std::move(items))
      .set("no_notifications", result.total == 0)
      .set("any_unread", any_unread || service_.unread_count(context.viewer) > 0)
      .set("page", page)
      .set("pages", pages)
      .set("paginated", pages > 1);
  if (page > 1) view.set("previous_url", "/notifications?page=" + std::to_string(page - 1));
  if (page < pages) view.set("next_url", "/notifications?page=" + std::to_string(page + 1));
  return pages_.page("notifications/index", view);
}

http::Response NotificationsHandlers::open(const http::RequestContext& context) const {
  const auto id = parse_id(context.request.path_parameter("id"));
  if (!id) throw Error::not_found("notifications: malformed id");
  auto link = service_.open(context.viewer, *id);
  // Links are made by Hearth; anything that is not a local path goes to the list.
  if (!link.starts_with('/') || link.starts_with("//")) link = "/notifications";
  return http::Response::redirect(link);
}

http::Response NotificationsHandlers::mark_all_read(const http::RequestContext& context) const {
  service_.mark_all_read(context.viewer);
  return http::Response::redirect("/notifications?notice=read");
}

http::Response NotificationsHandlers::settings_page(const http::RequestContext& context,
                                                    const Preferences& shown, const FieldErrors& errors,
                                                    int status) const {
  render::View view = pages_.layout(context, "Notification settings", NavItem::kNone);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  add_errors(view, errors);
  render::ViewList frequencies;
  for (const auto value : kFrequencies) {
    frequencies.push(render::View()
                         .set("value", to_text(value))
                         .set("label", label(value))
                         .set("hint", frequency_hint(value))
                         .set("selected", shown.email == value));
  }
  view.set("email_options", std::move(frequencies))
      .set("mail_on", service_.mail_delivery() == MailDelivery::kOn)
      .set("details_on", shown.details == EmailDetails::kOn);
  return pages_.page("notifications/settings", view, status);
}

http::Response NotificationsHandlers::settings_form(const http::RequestContext& context) const {
  return settings_page(context, service_.preferences(context.viewer), {}, 200);
}

http::Response NotificationsHandlers::save_settings(const http::RequestContext& context) const {
  const auto& form = context.request.form;
  auto preferences = service_.preferences(context.viewer);
  FieldErrors errors;
  const auto email = email_frequency_from_text(form.value_or_empty("email"));
  if (!email) {
    errors.add("email", "Choose how often you'd like e-mail.");
    return settings_page(context, preferences, errors, 400);
  }
  preferences.email = *email;
  preferences.details = form.value_or_empty("details") == "on" ? EmailDetails::kOn : EmailDetails::kOff;
  service_.save_preferences(context.viewer, preferences);
  return http::Response::redirect("/notifications/settings?notice=saved");
}

}  // namespace hearth::features::notifications
