#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/event_series.h"
#include "calendar/time_zone.h"

// RFC 5545 iCalendar output for event files and calendar feeds.
//
// Output is a complete VCALENDAR: CRLF line endings, content lines folded at
// 75 octets (never inside a UTF-8 sequence), TEXT values escaped ('\\', ';',
// ',' and newlines), one VTIMEZONE for the hospital zone when any event is
// timed (derived from the zone's offsets over the years the events need, its
// current rules open-ended), timed DTSTART/DTEND with TZID, all-day ones as
// VALUE=DATE with an exclusive DTEND. It never
// writes ATTENDEE or ORGANIZER properties: the portal's feeds carry no
// names or addresses of anyone.
//
// Thread safety: safe to call concurrently.
namespace hearth::calendar {

enum class IcsStatus { kConfirmed, kCancelled };

// One VEVENT. A series is one IcsEvent with `series.frequency` other than
// kOnce (written with RRULE and EXDATE); a changed single occurrence of a
// series is another IcsEvent with the same uid, `recurrence_date` set to the
// occurrence date it replaces, and a kOnce `series` giving its new timing.
// The override's RECURRENCE-ID is that date at the series' start time, so the
// series itself (same uid, no recurrence_date) must be in the same calendar;
// an override without it is skipped. Masters are written before overrides.
struct IcsEvent {
  std::string uid;   // stable across changes, e.g. "event-42@hearth.example.org"
  int sequence = 0;  // bumped by the caller on every change attendees should see
  std::string summary;
  std::string description;              // plain text; may hold newlines
  std::string location;                 // plain text; may be empty
  std::string url;                      // absolute http(s) URL; empty (or anything else) for none
  std::vector<std::string> categories;  // plain words; may be empty
  IcsStatus status = IcsStatus::kConfirmed;
  EventSeries series;                        // must pass validate()
  std::vector<LocalDate> excluded_dates;     // EXDATE: occurrence dates removed from a series
  std::optional<LocalDate> recurrence_date;  // RECURRENCE-ID: this VEVENT overrides that occurrence
  std::int64_t created_utc = 0;              // CREATED; not written when 0
  std::int64_t last_modified_utc = 0;        // LAST-MODIFIED; not written when 0
};

struct IcsCalendar {
  std::string product_id = "-//Hearth//Hearth wellness portal//EN";  // PRODID
  std::string name;                                                  // X-WR-CALNAME and NAME; may be empty
  std::optional<int> refresh_minutes;  // REFRESH-INTERVAL and X-PUBLISHED-TTL for feeds
  std::vector<IcsEvent> events;        // in any order
};

// The calendar as iCalendar text. `now_utc` is written as every DTSTAMP.
// Events whose series fails validate() are skipped.
std::string write_ics(const IcsCalendar& calendar, const TimeZone& zone, std::int64_t now_utc);

// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and
// newlines ("\n"; a "\r\n" pair or a lone "\r" becomes one "\n"). Tab is
// kept; other control characters are dropped.
std::string escape_ics_text(std::string_view text);

// Folds one unfolded content line (no CRLF) into lines of at most 75 octets
// joined by CRLF + space, never splitting a UTF-8 sequence; the result ends
// with CRLF.
std::string fold_ics_line(std::string_view line);

}  // namespace hearth::calendar
