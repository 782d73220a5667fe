#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "calendar/civil.h"

// Internal to src/calendar: day arithmetic and the English and RFC 5545
// spellings shared by schedule.cpp, event_series.cpp and ics_writer.cpp. Not
// for other modules. Every function is thread-safe and does not touch libical.
namespace hearth::calendar::internal {

inline constexpr std::string_view kEnDash = "\u2013";

// "January" for 1; "" for a month outside 1..12.
std::string_view month_name(int month);

// RFC 5545 weekday code ("MO"); "" for a value outside the enumeration.
std::string_view weekday_code(Weekday weekday);

// "7:00 pm" (12-hour clock; 00:xx and 12:xx are "12:xx").
std::string twelve_hour(const LocalTime& time);

// "7:00–8:00 pm", or "11:30 am–12:30 pm" when the halves differ. The end is
// the start plus `duration_minutes` on the clock face.
std::string time_range(const LocalTime& start, int duration_minutes);

// Days since 1970-01-01 of a valid date (proleptic Gregorian).
std::int64_t days_from_civil(const LocalDate& date);

// The inverse of days_from_civil.
LocalDate civil_from_days(std::int64_t days);

// RFC 5545 DATE: "20270630". Years are written with four digits (0001..9999).
std::string ics_date(const LocalDate& date);

// RFC 5545 local (floating or TZID) DATE-TIME: "20270630T120000".
std::string ics_date_time(const LocalDate& date, const LocalTime& time);

// RFC 5545 UTC DATE-TIME of an instant (seconds since the epoch): "20270630T170000Z".
std::string ics_utc(std::int64_t utc);

// "first" .. "fifth" for 1..5, "last" for -1; "" otherwise.
std::string_view week_ordinal(int week_of_month);

}  // namespace hearth::calendar::internal
