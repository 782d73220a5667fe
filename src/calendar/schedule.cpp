#include "calendar/schedule.h"

#include "calendar/calendar_text.h"

namespace hearth::calendar {
namespace {

using internal::month_name;
using internal::time_range;
using internal::twelve_hour;
using internal::week_ordinal;
using internal::weekday_code;

bool is_valid_weekday(Weekday weekday) {
  const int value = static_cast<int>(weekday);
  return value >= static_cast<int>(Weekday::kSunday) && value <= static_cast<int>(Weekday::kSaturday);
}

bool is_valid_week_of_month(int week) {
  return (week >= 1 && week <= 4) || week == kLastWeekOfMonth;
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
    const std::string ordinal(week_ordinal(schedule.week_of_month));
    return "The " + ordinal + " " + day + " of each month, " + times;
  }
  if (schedule.interval == 1) return "Every " + day + ", " + times;
  return "Every " + std::to_string(schedule.interval) + " weeks on " + day + ", " + times;
}

std::string format_occurrence(const Occurrence& occurrence) {
  const std::string_view month = month_name(occurrence.date.month);
  return std::string(weekday_name(occurrence.weekday)) + " " + std::to_string(occurrence.date.day) + " " +
         std::string(month) + " " + std::to_string(occurrence.date.year) + ", " +
         twelve_hour(occurrence.start);
}

std::string format_moment(const LocalDateTime& moment) {
  const std::string_view month = month_name(moment.date.month);
  return std::to_string(moment.date.day) + " " + std::string(month) + " " + std::to_string(moment.date.year) +
         ", " + twelve_hour(moment.time);
}

std::string rrule(const MeetingSchedule& schedule) {
  const std::string_view code = weekday_code(schedule.weekday);
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
