#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::features::notifications {

// What a notification is about. The words a person reads are generated from
// the kind (sentence(), title()); no notification stores anyone's text.
enum class NotificationKind {
  kJoinRequestDecided,     // to the person who asked to join a group
  kInvited,                // to the person invited to a group
  kWaitlistPromoted,       // to the person who got a place from the waiting list
  kEventCancelled,         // to the people who signed up for the event
  kEventPlaceOpened,       // to the person who got a place at an event from its waiting list
  kEventChanged,           // to the people who signed up, when the time or place changes
  kThreadReply,            // to the people who started or posted in the thread
  kGroupReport,            // to the facilitators of the group
  kSupportRequestNew,      // to peer supporters and coordinators
  kSupportRequestClaimed,  // to the person who asked for peer support
};

// How a person wants e-mail about their notifications.
enum class EmailFrequency {
  kOff,
  kImmediately,  // one e-mail per notification, soon after it happens
  kDaily,        // one digest a day, for notifications still unread
};

// Whether e-mails say what happened and where (group names, direct links),
// or only that there is something new in Hearth.
enum class EmailDetails { kOff, kOn };

// Whether a kind is e-mailed at once to everyone who wants e-mail, digest
// readers included: a new support request waits for a supporter.
enum class Urgency { kNormal, kUrgent };

// Stable text forms (stored, used in forms). from_text returns nullopt for
// unknown text.
std::string_view to_text(NotificationKind value);
std::string_view to_text(EmailFrequency value);
std::string_view to_text(EmailDetails value);
std::optional<NotificationKind> notification_kind_from_text(std::string_view text);
std::optional<EmailFrequency> email_frequency_from_text(std::string_view text);
std::optional<EmailDetails> email_details_from_text(std::string_view text);
std::string_view label(EmailFrequency value);

// The sentence shown in the notification centre: "There's a new reply in a
// thread you follow." It names no group, person or request.
std::string_view sentence(NotificationKind kind);
// A short title for e-mail subjects of people who chose details: "New reply
// in a thread you follow".
std::string_view title(NotificationKind kind);
Urgency urgency(NotificationKind kind);

// One notification as stored.
struct Notification {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  NotificationKind kind = NotificationKind::kThreadReply;
  std::string link;  // a path in Hearth, e.g. "/groups/night-shift-parents/threads/12"
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;

  bool is_unread() const { return !read_at; }
};

// A person's e-mail choices, with the configured default where they have
// not chosen.
struct Preferences {
  EmailFrequency email = EmailFrequency::kImmediately;
  EmailDetails details = EmailDetails::kOff;
};

}  // namespace hearth::features::notifications
