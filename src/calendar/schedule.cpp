#include "calendar/schedule.h"

#include <array>
#include <cstddef>

namespace hearth::calendar {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

// RFC 5545 weekday codes, Sunday first like Weekday.
constexpr std::array<std::string_view, 7> kWeekdayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

constexpr std::string_view kEnDash = "\u2013";
constexpr int kMinutesPerDay = 24 * 60;

bool is_valid_weekday(Weekday weekday) {
  const int value = static_cast<int>(weekday);
  return value >= static_cast<int>(Weekday::kSunday) && value <= static_cast<int>(Weekday::kSaturday);
}

bool is_valid_week_of_month(int week) {
  return (week >= 1 && week <= 4) || week == kLastWeekOfMonth;
}

std::string_view ordinal(int week_of_month) {
  switch (week_of_month) {
    case 1: return "first";
    case 2: return "second";
    case 3: return "third";
    case 4: return "fourth";
    case kLastWeekOfMonth: return "last";
    default: return "";
  }
}

// "7:00" on the 12-hour clock; 00:xx and 12:xx are "12:xx".
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

std::string twelve_hour(const LocalTime& time) {
  return clock_face(time) + " " + std::string(half_of_day(time));
}

// "7:00–8:00 pm", or "11:30 am–12:30 pm" when the halves differ.
std::string time_range(const LocalTime& start, int duration_minutes) {
  const int end_minutes = (start.hour * 60 + start.minute + duration_minutes) % kMinutesPerDay;
  const LocalTime end{end_minutes / 60, end_minutes % 60};
  std::string out;
  if (half_of_day(start) == half_of_day(end)) {
    out = clock_face(start);
  } else {
    out = twelve_hour(start);
  }
  out += kEnDash;
  out += twelve_hour(end);
  return out;
}

}  // namespace

std::optional<std::string> validate(const MeetingSchedule& schedule) {
  const bool weekly = schedule.recurrence == Recurrence::kWeekly;
  const bool monthly = schedule.recurrence == Recurrence::kMonthlyByWeekday;
  if (!weekly && !monthly) return "Choose how often the group meets.";
  if (!is_valid_weekday(schedule.weekday)) return "Choose the day of the week the group meets.";
  if (weekly && (schedule.interval < kMinInterval || schedule.interval > kMaxInterval)) {
    return "Meetings can repeat every week or every 2 to 8 weeks.";
  }
  if (monthly && !is_valid_week_of_month(schedule.week_of_month)) {
    return "Choose the first, second, third, fourth or last week of the month.";
  }
  if (!is_valid_date(schedule.first_date)) return "The start date is not a real date.";
  if (schedule.first_date.year < kMinYear || schedule.first_date.year > kMaxYear) {
    return "The start date must be between " + std::to_string(kMinYear) + " and " + std::to_string(kMaxYear) +
           ".";
  }
  if (!is_valid_time(schedule.start_time)) return "The start time is not a real time of day.";
  if (schedule.duration_minutes < kMinDurationMinutes || schedule.duration_minutes > kMaxDurationMinutes) {
    return "Meetings must last between 15 minutes and 8 hours.";
  }
  return std::nullopt;
}

std::string describe(const MeetingSchedule& schedule) {
  const std::string day(weekday_name(schedule.weekday));
  const std::string times = time_range(schedule.start_time, schedule.duration_minutes);
  if (schedule.recurrence == Recurrence::kMonthlyByWeekday) {
    return "The " + std::string(ordinal(schedule.week_of_month)) + " " + day + " of each month, " + times;
  }
  if (schedule.interval == 1) return "Every " + day + ", " + times;
  return "Every " + std::to_string(schedule.interval) + " weeks on " + day + ", " + times;
}

std::string format_occurrence(const Occurrence& occurrence) {
  const auto month_index = static_cast<std::size_t>(occurrence.date.month - 1);
  const std::string_view month = month_index < kMonthNames.size() ? kMonthNames[month_index] : "";
  return std::string(weekday_name(occurrence.weekday)) + " " + std::to_string(occurrence.date.day) + " " +
         std::string(month) + " " + std::to_string(occurrence.date.year) + ", " +
         twelve_hour(occurrence.start);
}

std::string format_moment(const LocalDateTime& moment) {
  const auto month_index = static_cast<std::size_t>(moment.date.month - 1);
  const std::string_view month = month_index < kMonthNames.size() ? kMonthNames[month_index] : "";
  return std::to_string(moment.date.day) + " " + std::string(month) + " " + std::to_string(moment.date.year) +
         ", " + twelve_hour(moment.time);
}

std::string rrule(const MeetingSchedule& schedule) {
  const auto day_index = static_cast<std::size_t>(schedule.weekday);
  const std::string_view code = day_index < kWeekdayCodes.size() ? kWeekdayCodes[day_index] : "";
  if (schedule.recurrence == Recurrence::kMonthlyByWeekday) {
    return "FREQ=MONTHLY;BYDAY=" + std::to_string(schedule.week_of_month) + std::string(code);
  }
  std::string out = "FREQ=WEEKLY;";
  if (schedule.interval != 1) out += "INTERVAL=" + std::to_string(schedule.interval) + ";";
  out += "BYDAY=";
  out += code;
  return out;
}

}  // namespace hearth::calendar
