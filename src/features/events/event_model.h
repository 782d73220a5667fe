#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/event_series.h"

// Wellness events and group meetings as the rest of the events feature sees
// them: plain values, with the stable text forms stored in the database and
// used in forms.
namespace hearth::features::events {

enum class Category { kMindfulness, kMovement, kEducation, kRounds, kDebrief, kSocial, kOther };

// Who the event is for. kGroup events are a group's meetings: members only.
enum class Audience { kAllStaff, kDepartments, kGroup };

// Who sees the virtual link: everyone who sees the event, or only people
// going (and the organisers).
enum class LinkVisibility { kEveryone, kGoing };

enum class RsvpPolicy {
  kRequired,  // people answer to take a place; capacity and the waiting list apply
  kOptional,  // people may say they are going (for their calendar); no capacity
};

enum class EventStatus { kScheduled, kCancelled };

enum class RsvpStatus { kGoing, kWaiting, kNotGoing };

// What a person is to the group of a group meeting.
enum class GroupRelation { kNone, kMember, kFacilitator };

// How much a person's calendar feed says about events.
enum class Discretion {
  kGroupMeetings,  // group meetings appear as "Hearth: wellness session" (the default)
  kEverything,     // every event does
  kNothing,        // real titles everywhere
};

std::string_view to_text(Category value);
std::string_view to_text(Audience value);
std::string_view to_text(LinkVisibility value);
std::string_view to_text(RsvpPolicy value);
std::string_view to_text(EventStatus value);
std::string_view to_text(RsvpStatus value);
std::string_view to_text(Discretion value);
std::optional<Category> category_from_text(std::string_view text);
std::optional<Audience> audience_from_text(std::string_view text);
std::optional<LinkVisibility> link_visibility_from_text(std::string_view text);
std::optional<RsvpPolicy> rsvp_policy_from_text(std::string_view text);
std::optional<EventStatus> event_status_from_text(std::string_view text);
std::optional<RsvpStatus> rsvp_status_from_text(std::string_view text);
std::optional<Discretion> discretion_from_text(std::string_view text);

// "Mindfulness", "Reflection and Schwartz Rounds", ...
std::string_view label(Category value);
std::string_view label(Discretion value);

inline constexpr std::string_view kDiscreetTitle = "Hearth: wellness session";

// What an organiser writes; everything the form holds.
struct EventDraft {
  std::string title;
  std::string description;  // Markdown
  Category category = Category::kOther;
  calendar::EventSeries series;
  std::string location;      // room / building; may be empty when virtual_link is set
  std::string virtual_link;  // https URL or ""
  LinkVisibility link_visibility = LinkVisibility::kEveryone;
  Audience audience = Audience::kAllStaff;
  std::vector<std::string> departments;  // kDepartments: one or more
  std::optional<std::int64_t> group_id;  // kGroup
  std::optional<int> capacity;           // kRequired only; nullopt: no limit
  RsvpPolicy rsvp = RsvpPolicy::kOptional;
  std::string organiser_contact;  // e.g. "Wellbeing team, ext. 4410"
};

struct Event {
  std::int64_t id = 0;
  std::string uid;
  EventDraft draft;
  std::optional<std::int64_t> organiser_person_id;
  EventStatus status = EventStatus::kScheduled;
  std::optional<calendar::LocalDate> cancelled_from;  // the rest of the series is cancelled from this date
  int sequence = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // For kGroup events: the group's slug and name (for links and labels).
  std::string group_slug;
  std::string group_name;

  bool is_series() const { return draft.series.frequency != calendar::SeriesFrequency::kOnce; }
  bool is_organised_by(std::int64_t person_id) const {
    return organiser_person_id && *organiser_person_id == person_id;
  }
  // Whether the occurrence on `date` is cancelled by the event's own state
  // (whole event, or the rest of the series); per-occurrence cancellations
  // are in OccurrenceChange.
  bool cancels(const calendar::LocalDate& date) const {
    return status == EventStatus::kCancelled || (cancelled_from && date >= *cancelled_from);
  }
};

// One occurrence of a series changed on its own: cancelled, or moved to
// another time that day, or somewhere else, with a note.
struct OccurrenceChange {
  calendar::LocalDate date;
  bool cancelled = false;
  std::optional<calendar::LocalTime> start;  // new start that day
  std::optional<int> duration_minutes;
  std::optional<std::string> location;
  std::string note;
  int sequence = 0;
  std::int64_t updated_at = 0;
};

// An occurrence as people see it, with changes applied.
struct Session {
  calendar::EventOccurrence occurrence;  // times after any change
  calendar::LocalDate date;              // the occurrence date (the key), even when moved
  bool cancelled = false;
  std::string location;  // after any change
  std::string note;      // from the change, or ""
  bool changed = false;  // moved or relocated
};

struct Rsvp {
  std::int64_t event_id = 0;
  calendar::LocalDate date;
  std::int64_t person_id = 0;
  RsvpStatus status = RsvpStatus::kNotGoing;
  std::int64_t position = 0;
  std::int64_t updated_at = 0;
};

// Counts for one occurrence.
struct Attendance {
  int going = 0;
  int waiting = 0;
};

// "2026-12-02"; and back (nullopt for anything but a valid YYYY-MM-DD).
std::string date_text(const calendar::LocalDate& date);
std::optional<calendar::LocalDate> parse_date_text(std::string_view text);

// RFC 5545 weekday codes in stored form: "MO,TH" (Monday first); parsing
// refuses unknown codes and repeats.
std::string weekday_codes(const std::vector<calendar::Weekday>& weekdays);
std::optional<std::vector<calendar::Weekday>> parse_weekday_codes(std::string_view text);

}  // namespace hearth::features::events
