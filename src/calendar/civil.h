#pragma once

#include <compare>
#include <optional>
#include <string_view>

// Civil (wall-clock) dates and times, independent of any time zone, and the
// parsers that turn form input into them. Plain values; every function here is
// thread-safe and does not touch libical.
namespace hearth::calendar {

// Days of the week, Sunday first (libical numbers them the same way, from 1).
enum class Weekday { kSunday, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

// A date on the proleptic Gregorian calendar, e.g. {2026, 3, 3}. Month and day
// are 1-based. A value is not necessarily valid; see is_valid_date().
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  friend bool operator==(const LocalDate&, const LocalDate&) = default;
  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

// A wall-clock time to the minute, 00:00 to 23:59.
struct LocalTime {
  int hour = 0;
  int minute = 0;

  friend bool operator==(const LocalTime&, const LocalTime&) = default;
  friend auto operator<=>(const LocalTime&, const LocalTime&) = default;
};

// Returns true if `date` names a real day (leap years included) with a year
// from 1 to 9999.
bool is_valid_date(const LocalDate& date);

// Returns true if `time` is 00:00 to 23:59.
bool is_valid_time(const LocalTime& time);

// English name with a capital letter: "Tuesday". Returns "" for a value
// outside the enumeration.
std::string_view weekday_name(Weekday weekday);

// Parses an ISO 8601 calendar date as sent by <input type="date">: exactly
// "YYYY-MM-DD" with four-digit year 0001..9999, e.g. "2026-03-03". Surrounding
// ASCII whitespace is ignored. Returns nullopt for anything else, including
// dates that do not exist ("2026-02-30", "2025-02-29").
std::optional<LocalDate> parse_date(std::string_view text);

// Parses a 24-hour time as sent by <input type="time">: "HH:MM" or "H:MM",
// e.g. "19:00", "7:05". Surrounding ASCII whitespace is ignored. Returns
// nullopt for anything else ("24:00", "7pm", "19:00:00", "19:60").
std::optional<LocalTime> parse_time(std::string_view text);

// Parses an English weekday name, full ("tuesday") or three-letter ("Tue"),
// in any letter case, ignoring surrounding ASCII whitespace. Returns nullopt
// for anything else.
std::optional<Weekday> parse_weekday(std::string_view text);

}  // namespace hearth::calendar
