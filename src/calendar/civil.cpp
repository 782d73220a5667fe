#include "calendar/civil.h"

#include <array>
#include <cstddef>

#include "common/text.h"

namespace hearth::calendar {
namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                           "Thursday", "Friday", "Saturday"};

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Parses text[pos, pos + length) as an unsigned decimal number made of digits
// only. Returns -1 if any character is not a digit.
int parse_digits(std::string_view text, std::size_t pos, std::size_t length) {
  int value = 0;
  for (std::size_t i = pos; i < pos + length; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool is_valid_date(const LocalDate& date) {
  if (date.year < 1 || date.year > 9999) return false;
  if (date.month < 1 || date.month > 12) return false;
  return date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

bool is_valid_time(const LocalTime& time) {
  return time.hour >= 0 && time.hour <= 23 && time.minute >= 0 && time.minute <= 59;
}

std::string_view weekday_name(Weekday weekday) {
  const auto index = static_cast<std::size_t>(weekday);
  if (index >= kWeekdayNames.size()) return {};
  return kWeekdayNames[index];
}

std::optional<LocalDate> parse_date(std::string_view text) {
  text = text::trim(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const LocalDate date{parse_digits(text, 0, 4), parse_digits(text, 5, 2), parse_digits(text, 8, 2)};
  if (!is_valid_date(date)) return std::nullopt;
  return date;
}

std::optional<LocalTime> parse_time(std::string_view text) {
  text = text::trim(text);
  const std::size_t colon = text.find(':');
  if (colon != 1 && colon != 2) return std::nullopt;
  if (text.size() != colon + 3) return std::nullopt;
  const LocalTime time{parse_digits(text, 0, colon), parse_digits(text, colon + 1, 2)};
  if (!is_valid_time(time)) return std::nullopt;
  return time;
}

std::optional<Weekday> parse_weekday(std::string_view text) {
  const std::string lower = text::to_lower_ascii(text::trim(text));
  for (std::size_t i = 0; i < kWeekdayNames.size(); ++i) {
    const std::string name = text::to_lower_ascii(kWeekdayNames[i]);
    if (lower == name || lower == std::string_view(name).substr(0, 3)) return static_cast<Weekday>(i);
  }
  return std::nullopt;
}

}  // namespace hearth::calendar
