#include "calendar/calendar_text.h"

#include <array>
#include <cstddef>

namespace hearth::calendar::internal {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

// Sunday first, like Weekday.
constexpr std::array<std::string_view, 7> kWeekdayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

constexpr int kMinutesPerDay = 24 * 60;

// "7:00" on the 12-hour clock.
std::string clock_face(const LocalTime& time) {
  const int hour = time.hour % 12 == 0 ? 12 : time.hour % 12;
  std::string out = std::to_string(hour) + ":";
  if (time.minute < 10) out += '0';
  out += std::to_string(time.minute);
  return out;
}

std::string_view half_of_day(const LocalTime& time) {
  return time.hour < 12 ? "am" : "pm";
}

// Appends `value` (0 or more) with at least `width` digits, zero-padded.
void append_digits(std::string& out, std::int64_t value, std::size_t width) {
  const std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

}  // namespace

std::int64_t days_from_civil(const LocalDate& date) {
  // H. Hinnant's days_from_civil: years start on 1 March so leap days come last.
  const int year = date.year - (date.month <= 2 ? 1 : 0);
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const auto shifted_month = static_cast<unsigned>(date.month > 2 ? date.month - 3 : date.month + 9);
  const unsigned day_of_year = (153 * shifted_month + 2) / 5 + static_cast<unsigned>(date.day) - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

LocalDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const auto day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const auto month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const auto year =
      static_cast<int>(static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0));
  return LocalDate{year, month, day};
}

std::string ics_date(const LocalDate& date) {
  std::string out;
  append_digits(out, date.year, 4);
  append_digits(out, date.month, 2);
  append_digits(out, date.day, 2);
  return out;
}

std::string ics_date_time(const LocalDate& date, const LocalTime& time) {
  std::string out = ics_date(date) + "T";
  append_digits(out, time.hour, 2);
  append_digits(out, time.minute, 2);
  out += "00";
  return out;
}

std::string ics_utc(std::int64_t utc) {
  constexpr std::int64_t kSecondsPerDay = 86400;
  const std::int64_t days = (utc >= 0 ? utc : utc - (kSecondsPerDay - 1)) / kSecondsPerDay;
  const std::int64_t seconds = utc - days * kSecondsPerDay;
  std::string out = ics_date(civil_from_days(days)) + "T";
  append_digits(out, seconds / 3600, 2);
  append_digits(out, seconds / 60 % 60, 2);
  append_digits(out, seconds % 60, 2);
  return out + "Z";
}

std::string_view month_name(int month) {
  if (month < 1 || month > 12) return {};
  return kMonthNames[static_cast<std::size_t>(month - 1)];
}

std::string_view weekday_code(Weekday weekday) {
  const auto index = static_cast<std::size_t>(weekday);
  if (index >= kWeekdayCodes.size()) return {};
  return kWeekdayCodes[index];
}

std::string twelve_hour(const LocalTime& time) {
  return clock_face(time) + " " + std::string(half_of_day(time));
}

std::string time_range(const LocalTime& start, int duration_minutes) {
  const int end_minutes = (start.hour * 60 + start.minute + duration_minutes) % kMinutesPerDay;
  const LocalTime end{end_minutes / 60, end_minutes % 60};
  std::string out = half_of_day(start) == half_of_day(end) ? clock_face(start) : twelve_hour(start);
  out += kEnDash;
  out += twelve_hour(end);
  return out;
}

std::string_view week_ordinal(int week_of_month) {
  switch (week_of_month) {
    case 1: return "first";
    case 2: return "second";
    case 3: return "third";
    case 4: return "fourth";
    case 5: return "fifth";
    case -1: return "last";
    default: return "";
  }
}

}  // namespace hearth::calendar::internal
