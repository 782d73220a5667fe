#include "features/events/event_model.h"

#include <array>
#include <cstdio>

#include "calendar/civil.h"
#include "common/enum_text.h"

namespace hearth::features::events {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr enum_text::Table<Category, 7> kCategories = {{{Category::kMindfulness, "mindfulness"},
                                                        {Category::kMovement, "movement"},
                                                        {Category::kEducation, "education"},
                                                        {Category::kRounds, "rounds"},
                                                        {Category::kDebrief, "debrief"},
                                                        {Category::kSocial, "social"},
                                                        {Category::kOther, "other"}}};
constexpr enum_text::Table<Category, 7> kCategoryLabels = {
    {{Category::kMindfulness, "Mindfulness"},
     {Category::kMovement, "Movement"},
     {Category::kEducation, "Education"},
     {Category::kRounds, "Reflection and Schwartz Rounds"},
     {Category::kDebrief, "Debrief"},
     {Category::kSocial, "Social"},
     {Category::kOther, "Other"}}};
constexpr enum_text::Table<Audience, 3> kAudiences = {{{Audience::kAllStaff, "all_staff"},
                                                       {Audience::kDepartments, "departments"},
                                                       {Audience::kGroup, "group"}}};
constexpr enum_text::Table<LinkVisibility, 2> kLinkVisibilities = {
    {{LinkVisibility::kEveryone, "everyone"}, {LinkVisibility::kGoing, "going"}}};
constexpr enum_text::Table<RsvpPolicy, 2> kRsvpPolicies = {
    {{RsvpPolicy::kRequired, "required"}, {RsvpPolicy::kOptional, "optional"}}};
constexpr enum_text::Table<EventStatus, 2> kEventStatuses = {
    {{EventStatus::kScheduled, "scheduled"}, {EventStatus::kCancelled, "cancelled"}}};
constexpr enum_text::Table<RsvpStatus, 3> kRsvpStatuses = {
    {{RsvpStatus::kGoing, "going"}, {RsvpStatus::kWaiting, "waiting"}, {RsvpStatus::kNotGoing, "not_going"}}};
constexpr enum_text::Table<Discretion, 3> kDiscretions = {{{Discretion::kGroupMeetings, "group_meetings"},
                                                           {Discretion::kEverything, "everything"},
                                                           {Discretion::kNothing, "nothing"}}};
constexpr enum_text::Table<Discretion, 3> kDiscretionLabels = {
    {{Discretion::kGroupMeetings, "Group meetings appear as \u201cHearth: wellness session\u201d"},
     {Discretion::kEverything, "Every event appears as \u201cHearth: wellness session\u201d"},
     {Discretion::kNothing, "Show real titles (anyone who sees your calendar sees them)"}}};

// RFC 5545 codes, indexed like calendar::Weekday (Sunday first).
constexpr std::array<std::string_view, 7> kWeekdayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

}  // namespace

std::string_view to_text(Category value) {
  return text_of(kCategories, value);
}
std::string_view to_text(Audience value) {
  return text_of(kAudiences, value);
}
std::string_view to_text(LinkVisibility value) {
  return text_of(kLinkVisibilities, value);
}
std::string_view to_text(RsvpPolicy value) {
  return text_of(kRsvpPolicies, value);
}
std::string_view to_text(EventStatus value) {
  return text_of(kEventStatuses, value);
}
std::string_view to_text(RsvpStatus value) {
  return text_of(kRsvpStatuses, value);
}
std::string_view to_text(Discretion value) {
  return text_of(kDiscretions, value);
}
std::optional<Category> category_from_text(std::string_view text) {
  return value_of(kCategories, text);
}
std::optional<Audience> audience_from_text(std::string_view text) {
  return value_of(kAudiences, text);
}
std::optional<LinkVisibility> link_visibility_from_text(std::string_view text) {
  return value_of(kLinkVisibilities, text);
}
std::optional<RsvpPolicy> rsvp_policy_from_text(std::string_view text) {
  return value_of(kRsvpPolicies, text);
}
std::optional<EventStatus> event_status_from_text(std::string_view text) {
  return value_of(kEventStatuses, text);
}
std::optional<RsvpStatus> rsvp_status_from_text(std::string_view text) {
  return value_of(kRsvpStatuses, text);
}
std::optional<Discretion> discretion_from_text(std::string_view text) {
  return value_of(kDiscretions, text);
}
std::string_view label(Category value) {
  return text_of(kCategoryLabels, value);
}
std::string_view label(Discretion value) {
  return text_of(kDiscretionLabels, value);
}

std::string date_text(const calendar::LocalDate& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::optional<calendar::LocalDate> parse_date_text(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  return calendar::parse_date(text);
}

std::string weekday_codes(const std::vector<calendar::Weekday>& weekdays) {
  std::string out;
  // Monday first, Sunday last, whatever the order given.
  for (int offset = 1; offset <= 7; ++offset) {
    const auto day = static_cast<calendar::Weekday>(offset % 7);
    for (const auto chosen : weekdays) {
      if (chosen != day) continue;
      if (!out.empty()) out += ',';
      out += kWeekdayCodes[static_cast<std::size_t>(offset % 7)];
      break;
    }
  }
  return out;
}

std::optional<std::vector<calendar::Weekday>> parse_weekday_codes(std::string_view text) {
  std::vector<calendar::Weekday> days;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto code = text.substr(0, comma);
    bool known = false;
    for (std::size_t i = 0; i < kWeekdayCodes.size(); ++i) {
      if (kWeekdayCodes[i] != code) continue;
      const auto day = static_cast<calendar::Weekday>(i);
      for (const auto existing : days) {
        if (existing == day) return std::nullopt;
      }
      days.push_back(day);
      known = true;
    }
    if (!known) return std::nullopt;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;
  }
  return days;
}

}  // namespace hearth::features::events
