#include "calendar/schedule.h"

#include <catch2/catch.hpp>

#include "calendar_printers.h"

namespace hearth::calendar {
namespace {

MeetingSchedule weekly(Weekday weekday, LocalTime start, int duration_minutes, int interval = 1) {
  MeetingSchedule schedule;
  schedule.recurrence = Recurrence::kWeekly;
  schedule.interval = interval;
  schedule.weekday = weekday;
  schedule.first_date = LocalDate{2026, 1, 1};
  schedule.start_time = start;
  schedule.duration_minutes = duration_minutes;
  return schedule;
}

MeetingSchedule monthly(int week_of_month, Weekday weekday, LocalTime start, int duration_minutes) {
  MeetingSchedule schedule = weekly(weekday, start, duration_minutes);
  schedule.recurrence = Recurrence::kMonthlyByWeekday;
  schedule.week_of_month = week_of_month;
  return schedule;
}

}  // namespace

TEST_CASE("validate accepts sensible schedules", "[calendar]") {
  CHECK_FALSE(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 60)));
  CHECK_FALSE(validate(weekly(Weekday::kThursday, LocalTime{12, 30}, 15, 8)));
  CHECK_FALSE(validate(monthly(kLastWeekOfMonth, Weekday::kFriday, LocalTime{0, 0}, 480)));
  CHECK_FALSE(validate(monthly(4, Weekday::kSunday, LocalTime{23, 59}, 60)));
  // Fields that the recurrence does not use are not checked.
  MeetingSchedule weekly_with_odd_week = weekly(Weekday::kMonday, LocalTime{9, 0}, 60);
  weekly_with_odd_week.week_of_month = 0;
  CHECK_FALSE(validate(weekly_with_odd_week));
  MeetingSchedule monthly_with_odd_interval = monthly(1, Weekday::kMonday, LocalTime{9, 0}, 60);
  monthly_with_odd_interval.interval = 0;
  CHECK_FALSE(validate(monthly_with_odd_interval));
}

TEST_CASE("validate rejects out-of-range intervals, durations and weeks", "[calendar]") {
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 60, 0)) ==
        "Meetings can repeat every week or every 2 to 8 weeks.");
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 60, 9)).has_value());
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 0)) ==
        "Meetings must last between 15 minutes and 8 hours.");
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 14)).has_value());
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 481)).has_value());
  CHECK(validate(weekly(Weekday::kTuesday, LocalTime{19, 0}, 1000)).has_value());
  CHECK(validate(monthly(0, Weekday::kWednesday, LocalTime{18, 0}, 90)) ==
        "Choose the first, second, third, fourth or last week of the month.");
  CHECK(validate(monthly(5, Weekday::kWednesday, LocalTime{18, 0}, 90)).has_value());
  CHECK(validate(monthly(-2, Weekday::kWednesday, LocalTime{18, 0}, 90)).has_value());
}

TEST_CASE("validate rejects impossible dates, times and enumeration values", "[calendar]") {
  MeetingSchedule schedule = weekly(Weekday::kTuesday, LocalTime{19, 0}, 60);
  schedule.first_date = LocalDate{2026, 2, 30};
  CHECK(validate(schedule) == "The start date is not a real date.");
  schedule.first_date = LocalDate{1969, 12, 31};
  CHECK(validate(schedule) == "The start date must be between 1970 and 2100.");
  schedule.first_date = LocalDate{2101, 1, 1};
  CHECK(validate(schedule).has_value());
  schedule.first_date = LocalDate{2026, 3, 1};
  schedule.start_time = LocalTime{24, 0};
  CHECK(validate(schedule) == "The start time is not a real time of day.");
  schedule.start_time = LocalTime{19, 0};
  schedule.weekday = static_cast<Weekday>(7);
  CHECK(validate(schedule) == "Choose the day of the week the group meets.");
  schedule.weekday = Weekday::kTuesday;
  schedule.recurrence = static_cast<Recurrence>(2);
  CHECK(validate(schedule) == "Choose how often the group meets.");
}

TEST_CASE("describe writes the schedule in plain English", "[calendar]") {
  CHECK(describe(weekly(Weekday::kTuesday, LocalTime{19, 0}, 60)) == "Every Tuesday, 7:00\u20138:00 pm");
  CHECK(describe(weekly(Weekday::kThursday, LocalTime{12, 30}, 60, 2)) ==
        "Every 2 weeks on Thursday, 12:30\u20131:30 pm");
  CHECK(describe(monthly(2, Weekday::kWednesday, LocalTime{18, 0}, 90)) ==
        "The second Wednesday of each month, 6:00\u20137:30 pm");
  CHECK(describe(monthly(kLastWeekOfMonth, Weekday::kFriday, LocalTime{11, 30}, 60)) ==
        "The last Friday of each month, 11:30 am\u201312:30 pm");
  CHECK(describe(monthly(1, Weekday::kMonday, LocalTime{8, 5}, 45)) ==
        "The first Monday of each month, 8:05\u20138:50 am");
  CHECK(describe(monthly(3, Weekday::kSaturday, LocalTime{9, 0}, 120)) ==
        "The third Saturday of each month, 9:00\u201311:00 am");
  CHECK(describe(monthly(4, Weekday::kSunday, LocalTime{14, 0}, 60)) ==
        "The fourth Sunday of each month, 2:00\u20133:00 pm");
  // Midnight and noon are 12:00 am and 12:00 pm; a meeting can run past midnight.
  CHECK(describe(weekly(Weekday::kMonday, LocalTime{0, 0}, 30)) == "Every Monday, 12:00\u201312:30 am");
  CHECK(describe(weekly(Weekday::kMonday, LocalTime{12, 0}, 15)) == "Every Monday, 12:00\u201312:15 pm");
  CHECK(describe(weekly(Weekday::kFriday, LocalTime{23, 0}, 120, 3)) ==
        "Every 3 weeks on Friday, 11:00 pm\u20131:00 am");
  CHECK(describe(weekly(Weekday::kSunday, LocalTime{22, 0}, 480)) == "Every Sunday, 10:00 pm\u20136:00 am");
}

TEST_CASE("format_occurrence writes the start day and time", "[calendar]") {
  Occurrence occurrence;
  occurrence.date = LocalDate{2026, 3, 3};
  occurrence.weekday = Weekday::kTuesday;
  occurrence.start = LocalTime{19, 0};
  CHECK(format_occurrence(occurrence) == "Tuesday 3 March 2026, 7:00 pm");
  occurrence.date = LocalDate{2026, 11, 12};
  occurrence.weekday = Weekday::kThursday;
  occurrence.start = LocalTime{12, 30};
  CHECK(format_occurrence(occurrence) == "Thursday 12 November 2026, 12:30 pm");
  occurrence.date = LocalDate{2027, 1, 1};
  occurrence.weekday = Weekday::kFriday;
  occurrence.start = LocalTime{0, 5};
  CHECK(format_occurrence(occurrence) == "Friday 1 January 2027, 12:05 am");
  occurrence.start = LocalTime{9, 45};
  CHECK(format_occurrence(occurrence) == "Friday 1 January 2027, 9:45 am");
}

TEST_CASE("rrule gives RFC 5545 recurrence rules", "[calendar]") {
  CHECK(rrule(weekly(Weekday::kTuesday, LocalTime{19, 0}, 60)) == "FREQ=WEEKLY;BYDAY=TU");
  CHECK(rrule(weekly(Weekday::kThursday, LocalTime{12, 30}, 60, 2)) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH");
  CHECK(rrule(weekly(Weekday::kSunday, LocalTime{12, 30}, 60, 8)) == "FREQ=WEEKLY;INTERVAL=8;BYDAY=SU");
  CHECK(rrule(monthly(2, Weekday::kWednesday, LocalTime{18, 0}, 90)) == "FREQ=MONTHLY;BYDAY=2WE");
  CHECK(rrule(monthly(kLastWeekOfMonth, Weekday::kFriday, LocalTime{18, 0}, 90)) ==
        "FREQ=MONTHLY;BYDAY=-1FR");
  CHECK(rrule(monthly(4, Weekday::kSaturday, LocalTime{18, 0}, 90)) == "FREQ=MONTHLY;BYDAY=4SA");
}

}  // namespace hearth::calendar
