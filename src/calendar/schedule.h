#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/civil.h"
#include "calendar/time_zone.h"

// Recurring meeting schedules ("every Tuesday 7 pm", "every other Thursday
// 12:30", "second Wednesday of each month 18:00"): validation, the next
// meetings in a time zone, English descriptions and RFC 5545 RRULE text.
//
// Thread safety: every function is safe to call concurrently. The ones that
// use libical (next_occurrences) serialise on the module's libical mutex; see
// TimeZone.
namespace hearth::calendar {

enum class Recurrence {
  kWeekly,            // every `interval` weeks on `weekday`
  kMonthlyByWeekday,  // the `week_of_month`-th `weekday` of every month
};

inline constexpr int kMinInterval = 1;
inline constexpr int kMaxInterval = 8;
inline constexpr int kMinDurationMinutes = 15;
inline constexpr int kMaxDurationMinutes = 480;
inline constexpr int kLastWeekOfMonth = -1;  // week_of_month value meaning "the last"
inline constexpr int kMinYear = 1970;        // first_date must fall in kMinYear..kMaxYear
inline constexpr int kMaxYear = 2100;

// When a group meets. Times are wall-clock times in the hospital's zone; the
// zone is not part of the schedule (see next_occurrences).
struct MeetingSchedule {
  Recurrence recurrence = Recurrence::kWeekly;
  int interval = 1;                    // kWeekly: every N weeks, kMinInterval..kMaxInterval; else ignored
  Weekday weekday = Weekday::kMonday;  // the meeting day
  int week_of_month = 1;               // kMonthlyByWeekday: 1..4, or kLastWeekOfMonth; else ignored
  LocalDate first_date;                // the series starts on or after this date
  LocalTime start_time;
  int duration_minutes = 60;  // kMinDurationMinutes..kMaxDurationMinutes

  friend bool operator==(const MeetingSchedule&, const MeetingSchedule&) = default;
};

// Returns nullopt if `schedule` is usable, otherwise one sentence in plain
// English saying what to fix ("Meetings must last between 15 minutes and 8
// hours."), suitable for showing next to the form.
std::optional<std::string> validate(const MeetingSchedule& schedule);

// One meeting of a series.
struct Occurrence {
  std::int64_t start_utc = 0;          // seconds since the Unix epoch
  std::int64_t end_utc = 0;            // start_utc + duration
  LocalDate date;                      // local date of the start
  LocalTime start;                     // local wall-clock start (after any DST gap shift)
  LocalTime end;                       // local wall-clock end (may be on the next day)
  Weekday weekday = Weekday::kMonday;  // of `date`

  friend bool operator==(const Occurrence&, const Occurrence&) = default;
};

// The first `count` meetings of `schedule` in `zone` that end after `now_utc`
// (so a meeting in progress is included), in chronological order.
//
// Series: for kWeekly the first meeting is on the first `weekday` on or after
// `first_date`, then every `interval` weeks; for kMonthlyByWeekday meetings
// are on the `week_of_month`-th (or last) `weekday` of each month, from
// `first_date` on. Each meeting starts at `start_time` local wall-clock time,
// which therefore stays the same across daylight-saving changes while the UTC
// instant moves. A start time that falls into a spring-forward gap or a
// fall-back overlap is resolved as TimeZone::to_utc() describes (moved
// forward by the gap; first instance). The end is start + duration.
//
// Returns an empty vector if validate(schedule) reports a problem or
// count <= 0; returns fewer than `count` meetings only past the year 2500.
std::vector<Occurrence> next_occurrences(const MeetingSchedule& schedule, const TimeZone& zone,
                                         std::int64_t now_utc, int count);

// English description of a valid schedule, using an en dash between times:
//   "Every Tuesday, 7:00–8:00 pm"
//   "Every 2 weeks on Thursday, 12:30–1:30 pm"
//   "The second Wednesday of each month, 6:00–7:30 pm"
//   "The last Friday of each month, 11:30 am–12:30 pm"
// The end is the start plus the duration on the clock face ("11:00 pm–1:00
// am" for a meeting past midnight). 12:00 is "12:00 pm", 00:00 "12:00 am".
std::string describe(const MeetingSchedule& schedule);

// The start of a meeting in English: "Tuesday 3 March 2026, 7:00 pm" (no
// leading zero on the day, 12-hour clock).
std::string format_occurrence(const Occurrence& occurrence);

// A moment for "posted at" lines: "3 November 2026, 7:05 pm".
std::string format_moment(const LocalDateTime& moment);

// RFC 5545 RRULE value for a valid schedule, without "RRULE:":
//   "FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
//   "FREQ=MONTHLY;BYDAY=2WE", "FREQ=MONTHLY;BYDAY=-1FR".
// Paired with a DTSTART equal to the first meeting (next_occurrences with
// now_utc before first_date), it produces the same series.
std::string rrule(const MeetingSchedule& schedule);

}  // namespace hearth::calendar
