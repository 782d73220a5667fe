#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/civil.h"
#include "calendar/time_zone.h"

// Wellness events and their recurrence: a one-off event or a series ("every
// Wednesday at noon", "Mondays and Thursdays, every 2 weeks", "the second
// Tuesday of each month", "the 15th of each month"), ending on a date, after a
// number of sessions, or never. Occurrences are computed in the hospital's time
// zone: the wall-clock start stays the same across daylight-saving changes.
//
// An occurrence is identified by the local date the rule gives it (its
// "occurrence date"); a series has at most one occurrence per day. That date
// is what RSVPs, cancellations and RFC 5545 RECURRENCE-ID/EXDATE refer to.
//
// Thread safety: every function is safe to call concurrently (libical calls
// serialise on the module's libical mutex; see TimeZone).
namespace hearth::calendar {

enum class SeriesFrequency {
  kOnce,                 // a single occurrence on first_date
  kWeekly,               // every `interval` weeks on each of `weekdays`
  kMonthlyByWeekday,     // every `interval` months on the `week_of_month`-th `weekday`
  kMonthlyByDayOfMonth,  // every `interval` months on `day_of_month`
};

enum class DayKind {
  kTimed,   // starts at start_time and lasts duration_minutes
  kAllDay,  // whole local days: all_day_days of them from the occurrence date
};

inline constexpr int kMaxSeriesInterval = 12;  // weeks or months between occurrences
inline constexpr int kMinEventMinutes = 5;     // kTimed duration bounds
inline constexpr int kMaxEventMinutes = 24 * 60;
inline constexpr int kMaxAllDayDays = 14;
inline constexpr int kMaxSeriesCount = 520;       // `count` bound (ten years of weekly sessions)
inline constexpr int kLastWeekOfMonthEvent = -1;  // week_of_month meaning "the last"
inline constexpr int kMinEventYear = 2000;        // first_date and until must fall in these years
inline constexpr int kMaxEventYear = 2200;

// When an event happens. Plain value; the zone is supplied by the caller.
struct EventSeries {
  LocalDate first_date;  // the series starts on this date (see first_occurrence)
  DayKind day_kind = DayKind::kTimed;
  LocalTime start_time;       // kTimed: local wall-clock start
  int duration_minutes = 60;  // kTimed: kMinEventMinutes..kMaxEventMinutes
  int all_day_days = 1;       // kAllDay: 1..kMaxAllDayDays

  SeriesFrequency frequency = SeriesFrequency::kOnce;
  int interval = 1;                    // 1..kMaxSeriesInterval; ignored for kOnce
  std::vector<Weekday> weekdays;       // kWeekly: one or more, any order, no repeats
  Weekday weekday = Weekday::kMonday;  // kMonthlyByWeekday
  int week_of_month = 1;               // kMonthlyByWeekday: 1..5 or kLastWeekOfMonthEvent
  int day_of_month = 1;                // kMonthlyByDayOfMonth: 1..31; months without that day are skipped
  std::optional<LocalDate> until;      // series only: no occurrence after this local date (inclusive)
  std::optional<int> count;            // series only: at most this many occurrences, 1..kMaxSeriesCount

  friend bool operator==(const EventSeries&, const EventSeries&) = default;
};

// Returns nullopt if `series` is usable, otherwise one plain-English sentence
// saying what to fix ("Choose at least one weekday.", "The end date must be on
// or after the first date."), for showing next to the form. A series with both
// `until` and `count` is refused; so is a kOnce with either. A series whose
// rule gives no occurrence at all (e.g. until before the first matching day)
// is refused with "This repeat pattern has no dates.".
std::optional<std::string> validate(const EventSeries& series);

// One occurrence. For kAllDay, start is local midnight of `date` and end is
// local midnight `all_day_days` days later; `start.time`/`end.time` are 00:00.
struct EventOccurrence {
  LocalDate date;              // occurrence date (the key); also the local start date
  std::int64_t start_utc = 0;  // seconds since the Unix epoch
  std::int64_t end_utc = 0;
  LocalDateTime
      start;  // local wall clock (a start inside a spring-forward gap moves forward, see TimeZone::to_utc)
  LocalDateTime end;

  friend bool operator==(const EventOccurrence&, const EventOccurrence&) = default;
};

// The first occurrence date of a valid series: first_date for kOnce, else the
// first date on or after first_date that the rule gives. nullopt if the series
// is invalid. The interval is counted from there: every `interval` weeks
// (Monday to Sunday) from the first occurrence's week, every `interval` months
// from its month; so first_date Wednesday, "every 2 weeks on Monday" starts on
// the next Monday. This is RFC 5545 with DTSTART at the first occurrence and
// WKST=MO, as ics_writer writes it.
std::optional<LocalDate> first_occurrence(const EventSeries& series);

// The occurrences of a valid series that overlap [from_utc, to_utc) (an
// occurrence in progress at from_utc is included), chronological, at most
// `limit` of them. Honours until and count (count is counted from the first
// occurrence, whatever the window). Returns an empty vector for an invalid
// series, an empty window or limit 0. Never expands past kMaxEventYear.
std::vector<EventOccurrence> occurrences_between(const EventSeries& series, const TimeZone& zone,
                                                 std::int64_t from_utc, std::int64_t to_utc,
                                                 std::size_t limit);

// The occurrence of a valid series on `date`, or nullopt if the rule (with
// until and count) gives no occurrence that day.
std::optional<EventOccurrence> occurrence_on(const EventSeries& series, const TimeZone& zone,
                                             const LocalDate& date);

// Every occurrence date of a valid series that is before `date`, counted (for
// splitting a count-limited series). 0 for an invalid series.
int occurrences_before(const EventSeries& series, const LocalDate& date);

// The last occurrence date strictly before `date`, or nullopt if there is none
// (for ending a series the day before an edit or cancellation takes effect).
std::optional<LocalDate> last_occurrence_before(const EventSeries& series, const LocalDate& date);

// English description of a valid series, with an en dash between times:
//   "Wednesday 2 December 2026, 12:00–12:30 pm"           (kOnce, kTimed)
//   "Saturday 5 December 2026, all day"                   (kOnce, kAllDay, 1 day)
//   "5–6 December 2026, all day"                          (kOnce, kAllDay, 2 days)
//   "Every Wednesday, 12:00–12:30 pm"
//   "Every 2 weeks on Monday and Thursday, 7:30–8:15 am, until 30 June 2027"
//   "The second Tuesday of each month, 1:00–2:00 pm, 10 times"
//   "The 15th of every 3 months, all day"
std::string describe(const EventSeries& series);

// RFC 5545 RRULE value for a valid series other than kOnce, without "RRULE:";
// "" for kOnce. BYDAY lists weekdays Monday first, WKST=MO is included when
// the interval is above 1 for kWeekly. UNTIL is written as the UTC instant of
// the start of the last possible occurrence on `until` (kTimed, as RFC 5545
// requires when DTSTART has a TZID) or as a DATE (kAllDay):
//   "FREQ=WEEKLY;BYDAY=WE", "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO,TH",
//   "FREQ=MONTHLY;BYDAY=2TU;COUNT=10", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
//   "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T170000Z"
std::string rrule(const EventSeries& series, const TimeZone& zone);

// Adds `days` (may be negative) to a valid date.
LocalDate add_days(const LocalDate& date, int days);

// Weekday of a valid date.
Weekday weekday_of(const LocalDate& date);

}  // namespace hearth::calendar
