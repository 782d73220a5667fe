#include "features/notifications/notification_model.h"

#include <array>

#include "common/enum_text.h"

namespace hearth::features::notifications {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr std::array kKinds = {
    std::pair{NotificationKind::kJoinRequestDecided, std::string_view("join_request_decided")},
    std::pair{NotificationKind::kInvited, std::string_view("invited")},
    std::pair{NotificationKind::kWaitlistPromoted, std::string_view("waitlist_promoted")},
    std::pair{NotificationKind::kEventCancelled, std::string_view("event_cancelled")},
    std::pair{NotificationKind::kEventPlaceOpened, std::string_view("event_place_opened")},
    std::pair{NotificationKind::kEventChanged, std::string_view("event_changed")},
    std::pair{NotificationKind::kThreadReply, std::string_view("thread_reply")},
    std::pair{NotificationKind::kGroupReport, std::string_view("group_report")},
    std::pair{NotificationKind::kSupportRequestNew, std::string_view("support_request_new")},
    std::pair{NotificationKind::kSupportRequestClaimed, std::string_view("support_request_claimed")}};
constexpr std::array kFrequencies = {std::pair{EmailFrequency::kOff, std::string_view("off")},
                                     std::pair{EmailFrequency::kImmediately, std::string_view("immediately")},
                                     std::pair{EmailFrequency::kDaily, std::string_view("daily")}};
constexpr std::array kDetails = {std::pair{EmailDetails::kOff, std::string_view("off")},
                                 std::pair{EmailDetails::kOn, std::string_view("on")}};

}  // namespace

std::string_view to_text(NotificationKind value) {
  return text_of(kKinds, value);
}
std::string_view to_text(EmailFrequency value) {
  return text_of(kFrequencies, value);
}
std::string_view to_text(EmailDetails value) {
  return text_of(kDetails, value);
}
std::optional<NotificationKind> notification_kind_from_text(std::string_view text) {
  return value_of(kKinds, text);
}
std::optional<EmailFrequency> email_frequency_from_text(std::string_view text) {
  return value_of(kFrequencies, text);
}
std::optional<EmailDetails> email_details_from_text(std::string_view text) {
  return value_of(kDetails, text);
}

std::string_view label(EmailFrequency value) {
  switch (value) {
    case EmailFrequency::kOff: return "No e-mail";
    case EmailFrequency::kImmediately: return "An e-mail each time";
    case EmailFrequency::kDaily: return "One summary e-mail a day";
  }
  return {};
}

std::string_view sentence(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::kJoinRequestDecided:
      return "The facilitators have answered your request to join a group.";
    case NotificationKind::kInvited: return "You've been invited to join a group.";
    case NotificationKind::kWaitlistPromoted:
      return "A place opened up: you're now a member of a group you were waiting for.";
    case NotificationKind::kEventCancelled: return "An event you signed up for has been cancelled.";
    case NotificationKind::kEventPlaceOpened:
      return "A place opened up: you're now going to an event you were on the waiting list for.";
    case NotificationKind::kEventChanged:
      return "The time or place of an event you signed up for has changed.";
    case NotificationKind::kThreadReply: return "There's a new reply in a thread you follow.";
    case NotificationKind::kGroupReport: return "A post in a group you facilitate has been reported.";
    case NotificationKind::kSupportRequestNew: return "Someone has asked to talk with a peer supporter.";
    case NotificationKind::kSupportRequestClaimed:
      return "A peer supporter has picked up your request and will be in touch.";
  }
  return {};
}

std::string_view title(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::kJoinRequestDecided: return "Your request to join a group was answered";
    case NotificationKind::kInvited: return "You're invited to a group";
    case NotificationKind::kWaitlistPromoted: return "You're off the waiting list";
    case NotificationKind::kEventCancelled: return "An event was cancelled";
    case NotificationKind::kEventPlaceOpened: return "You have a place at an event";
    case NotificationKind::kEventChanged: return "An event has changed";
    case NotificationKind::kThreadReply: return "New reply in a thread you follow";
    case NotificationKind::kGroupReport: return "A post was reported";
    case NotificationKind::kSupportRequestNew: return "New peer-support request";
    case NotificationKind::kSupportRequestClaimed: return "Your peer-support request was picked up";
  }
  return {};
}

Urgency urgency(NotificationKind kind) {
  return kind == NotificationKind::kSupportRequestNew ? Urgency::kUrgent : Urgency::kNormal;
}

}  // namespace hearth::features::notifications
