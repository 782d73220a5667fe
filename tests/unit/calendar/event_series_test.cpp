#include "calendar/event_series.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "calendar_printers.h"
#include "dates_2026.h"

namespace hearth::calendar {
namespace {

using testing::k2026;
using testing::kDay;
using testing::kHour;
using testing::kMinute;
using testing::utc_2026;

TimeZone load_zone(std::string_view name) {
  auto zone = TimeZone::load(name);
  REQUIRE(zone.has_value());
  return *zone;
}

EventSeries once(LocalDate date, LocalTime start, int minutes = 60) {
  EventSeries series;
  series.first_date = date;
  series.start_time = start;
  series.duration_minutes = minutes;
  return series;
}

EventSeries weekly(LocalDate first_date, std::vector<Weekday> weekdays, LocalTime start, int interval = 1) {
  EventSeries series = once(first_date, start);
  series.frequency = SeriesFrequency::kWeekly;
  series.weekdays = std::move(weekdays);
  series.interval = interval;
  return series;
}

EventSeries monthly_by_weekday(LocalDate first_date, int week_of_month, Weekday weekday, LocalTime start) {
  EventSeries series = once(first_date, start);
  series.frequency = SeriesFrequency::kMonthlyByWeekday;
  series.week_of_month = week_of_month;
  series.weekday = weekday;
  return series;
}

EventSeries monthly_by_day(LocalDate first_date, int day_of_month, LocalTime start, int interval = 1) {
  EventSeries series = once(first_date, start);
  series.frequency = SeriesFrequency::kMonthlyByDayOfMonth;
  series.day_of_month = day_of_month;
  series.interval = interval;
  return series;
}

std::vector<LocalDate> dates_of(const std::vector<EventOccurrence>& occurrences) {
  std::vector<LocalDate> dates;
  for (const EventOccurrence& occurrence : occurrences) dates.push_back(occurrence.date);
  return dates;
}

// Occurrence dates of `series` with a local start in 2000..2210 (everything).
std::vector<LocalDate> all_dates(const EventSeries& series, const TimeZone& zone) {
  return dates_of(
      occurrences_between(series, zone, 946684800 /* 2000-01-01Z */, 7594646400 /* 2210-09-01Z */, 100000));
}

}  // namespace

TEST_CASE("A weekly noon series keeps 12:00 in New York across both DST changes", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  const EventSeries series = weekly({2026, 1, 7}, {Weekday::kWednesday}, {12, 0});
  REQUIRE_FALSE(validate(series).has_value());

  const auto march = occurrences_between(series, zone, utc_2026(3, 1), utc_2026(3, 15), 10);
  REQUIRE(dates_of(march) == std::vector<LocalDate>{{2026, 3, 4}, {2026, 3, 11}});
  CHECK(march[0].start_utc == utc_2026(3, 4) + 17 * kHour);   // 12:00 EST
  CHECK(march[1].start_utc == utc_2026(3, 11) + 16 * kHour);  // 12:00 EDT
  CHECK(march[0].end_utc == march[0].start_utc + kHour);
  for (const EventOccurrence& occurrence : march) {
    CHECK(occurrence.start.time == LocalTime{12, 0});
    CHECK(occurrence.end.time == LocalTime{13, 0});
    CHECK(occurrence.start.weekday == Weekday::kWednesday);
  }

  const auto november = occurrences_between(series, zone, utc_2026(10, 26), utc_2026(11, 9), 10);
  REQUIRE(dates_of(november) == std::vector<LocalDate>{{2026, 10, 28}, {2026, 11, 4}});
  CHECK(november[0].start_utc == utc_2026(10, 28) + 16 * kHour);
  CHECK(november[1].start_utc == utc_2026(11, 4) + 17 * kHour);
  CHECK(november[1].start.time == LocalTime{12, 0});
}

TEST_CASE("A weekly noon series keeps 12:00 in London across both DST changes", "[calendar][events]") {
  const TimeZone zone = load_zone("Europe/London");
  const EventSeries series = weekly({2026, 1, 7}, {Weekday::kWednesday}, {12, 0});
  const auto spring = occurrences_between(series, zone, utc_2026(3, 23), utc_2026(4, 6), 10);
  REQUIRE(dates_of(spring) == std::vector<LocalDate>{{2026, 3, 25}, {2026, 4, 1}});
  CHECK(spring[0].start_utc == utc_2026(3, 25) + 12 * kHour);  // GMT
  CHECK(spring[1].start_utc == utc_2026(4, 1) + 11 * kHour);   // BST
  const auto autumn = occurrences_between(series, zone, utc_2026(10, 19), utc_2026(11, 2), 10);
  REQUIRE(dates_of(autumn) == std::vector<LocalDate>{{2026, 10, 21}, {2026, 10, 28}});
  CHECK(autumn[0].start_utc == utc_2026(10, 21) + 11 * kHour);
  CHECK(autumn[1].start_utc == utc_2026(10, 28) + 12 * kHour);
  CHECK(autumn[1].start.time == LocalTime{12, 0});
}

TEST_CASE("A 02:30 start on the spring-forward day moves to 03:30 daylight time", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  const EventSeries series = weekly({2026, 3, 1}, {Weekday::kSunday}, {2, 30});
  const auto occurrences = occurrences_between(series, zone, utc_2026(3, 1), utc_2026(3, 16), 10);
  REQUIRE(dates_of(occurrences) == std::vector<LocalDate>{{2026, 3, 1}, {2026, 3, 8}, {2026, 3, 15}});
  CHECK(occurrences[0].start_utc == utc_2026(3, 1) + 7 * kHour + 30 * kMinute);  // 02:30 EST
  CHECK(occurrences[1].start_utc == utc_2026(3, 8) + 7 * kHour + 30 * kMinute);  // 03:30 EDT
  CHECK(occurrences[1].start.date == LocalDate{2026, 3, 8});
  CHECK(occurrences[1].start.time == LocalTime{3, 30});
  CHECK(occurrences[1].end.time == LocalTime{4, 30});
  CHECK(occurrences[2].start_utc == utc_2026(3, 15) + 6 * kHour + 30 * kMinute);  // 02:30 EDT
  // The occurrence keeps its date as its key.
  const auto on_the_day = occurrence_on(series, zone, {2026, 3, 8});
  REQUIRE(on_the_day.has_value());
  CHECK(*on_the_day == occurrences[1]);
}

TEST_CASE("Monthly by nth weekday, including a fifth that skips months and the last", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  const auto year_2026 = [&](const EventSeries& series) {
    return dates_of(occurrences_between(series, zone, k2026, utc_2026(12, 31) + kDay, 50));
  };
  const auto second_tuesday = year_2026(monthly_by_weekday({2026, 1, 1}, 2, Weekday::kTuesday, {13, 0}));
  REQUIRE(second_tuesday.size() == 12);
  CHECK(std::vector<LocalDate>(second_tuesday.begin(), second_tuesday.begin() + 4) ==
        std::vector<LocalDate>{{2026, 1, 13}, {2026, 2, 10}, {2026, 3, 10}, {2026, 4, 14}});

  const EventSeries fifth_friday = monthly_by_weekday({2026, 1, 1}, 5, Weekday::kFriday, {18, 0});
  CHECK(year_2026(fifth_friday) ==
        std::vector<LocalDate>{{2026, 1, 30}, {2026, 5, 29}, {2026, 7, 31}, {2026, 10, 30}});
  CHECK_FALSE(occurrence_on(fifth_friday, zone, {2026, 2, 27}).has_value());  // the fourth (and last) Friday
  CHECK(first_occurrence(monthly_by_weekday({2026, 2, 1}, 5, Weekday::kFriday, {18, 0})) ==
        LocalDate{2026, 5, 29});

  const auto last_friday =
      year_2026(monthly_by_weekday({2026, 1, 1}, kLastWeekOfMonthEvent, Weekday::kFriday, {18, 0}));
  REQUIRE(last_friday.size() == 12);
  CHECK(std::vector<LocalDate>(last_friday.begin(), last_friday.begin() + 5) ==
        std::vector<LocalDate>{{2026, 1, 30}, {2026, 2, 27}, {2026, 3, 27}, {2026, 4, 24}, {2026, 5, 29}});
}

TEST_CASE("Monthly by day of month skips months without that day", "[calendar][events]") {
  const TimeZone zone = load_zone("Europe/London");
  const EventSeries day_31 = monthly_by_day({2026, 1, 10}, 31, {16, 0});
  CHECK(dates_of(occurrences_between(day_31, zone, k2026, utc_2026(12, 31) + kDay, 50)) ==
        std::vector<LocalDate>{{2026, 1, 31},
                               {2026, 3, 31},
                               {2026, 5, 31},
                               {2026, 7, 31},
                               {2026, 8, 31},
                               {2026, 10, 31},
                               {2026, 12, 31}});
  // Every 3 months, counted from the first occurrence's month (February).
  const EventSeries quarterly = monthly_by_day({2026, 1, 20}, 15, {9, 0}, 3);
  CHECK(first_occurrence(quarterly) == LocalDate{2026, 2, 15});
  CHECK(dates_of(occurrences_between(quarterly, zone, k2026, utc_2026(12, 31) + kDay, 50)) ==
        std::vector<LocalDate>{{2026, 2, 15}, {2026, 5, 15}, {2026, 8, 15}, {2026, 11, 15}});
  // 29 February only in leap years.
  const EventSeries leap_day = monthly_by_day({2027, 3, 1}, 29, {9, 0}, 12);
  CHECK(first_occurrence(leap_day) == LocalDate{2027, 3, 29});
  CHECK(occurrence_on(monthly_by_day({2028, 1, 1}, 29, {9, 0}), zone, {2028, 2, 29}).has_value());
}

TEST_CASE("Every 2 weeks on two weekdays counts weeks from the first occurrence's week",
          "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  // 2026-02-25 is a Wednesday: the first occurrence is Thursday 26 February;
  // the week of 2 March is skipped.
  const EventSeries series = weekly({2026, 2, 25}, {Weekday::kThursday, Weekday::kMonday}, {7, 30}, 2);
  CHECK(first_occurrence(series) == LocalDate{2026, 2, 26});
  const auto occurrences = occurrences_between(series, zone, utc_2026(2, 1), utc_2026(4, 1), 10);
  CHECK(dates_of(occurrences) ==
        std::vector<LocalDate>{{2026, 2, 26}, {2026, 3, 9}, {2026, 3, 12}, {2026, 3, 23}, {2026, 3, 26}});
  CHECK(occurrences_before(series, {2026, 3, 12}) == 2);
  CHECK(occurrences_before(series, {2026, 3, 13}) == 3);
  CHECK(last_occurrence_before(series, {2026, 3, 12}) == LocalDate{2026, 3, 9});
  CHECK(last_occurrence_before(series, {2026, 3, 9}) == LocalDate{2026, 2, 26});
  CHECK_FALSE(last_occurrence_before(series, {2026, 2, 26}).has_value());
  CHECK(occurrences_before(series, {2026, 2, 26}) == 0);
  // A window ten years on: Monday 2036-02-25 is 3654 days = 522 weeks after
  // Monday 2026-02-23 (week 0), an even week; the week of 3 March is odd.
  const auto later =
      occurrences_between(series, zone, 2087510400 /* 2036-02-25Z */, 2088374400 /* 2036-03-06Z */, 10);
  CHECK(dates_of(later) == std::vector<LocalDate>{{2036, 2, 25}, {2036, 2, 28}});
}

TEST_CASE("until is an inclusive local date; count is counted from the first occurrence",
          "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  EventSeries until = weekly({2026, 3, 4}, {Weekday::kWednesday}, {12, 0});
  until.until = LocalDate{2026, 3, 18};
  CHECK(dates_of(occurrences_between(until, zone, k2026, utc_2026(12, 1), 50)) ==
        std::vector<LocalDate>{{2026, 3, 4}, {2026, 3, 11}, {2026, 3, 18}});
  CHECK(occurrences_before(until, {2027, 1, 1}) == 3);
  CHECK(last_occurrence_before(until, {2027, 1, 1}) == LocalDate{2026, 3, 18});
  CHECK_FALSE(occurrence_on(until, zone, {2026, 3, 25}).has_value());

  EventSeries count = weekly({2026, 3, 4}, {Weekday::kWednesday}, {12, 0});
  count.count = 3;
  // A window starting after the first occurrence still stops at the third.
  CHECK(dates_of(occurrences_between(count, zone, utc_2026(3, 10), utc_2026(12, 1), 50)) ==
        std::vector<LocalDate>{{2026, 3, 11}, {2026, 3, 18}});
  CHECK(occurrences_between(count, zone, utc_2026(3, 19), utc_2026(12, 1), 50).empty());
  CHECK(occurrences_before(count, {2027, 1, 1}) == 3);
  CHECK(last_occurrence_before(count, {2027, 1, 1}) == LocalDate{2026, 3, 18});
  CHECK(occurrence_on(count, zone, {2026, 3, 18}).has_value());
  CHECK_FALSE(occurrence_on(count, zone, {2026, 3, 25}).has_value());

  // Skipped months do not count.
  EventSeries fifths = monthly_by_weekday({2026, 1, 1}, 5, Weekday::kFriday, {18, 0});
  fifths.count = 3;
  CHECK(all_dates(fifths, zone) == std::vector<LocalDate>{{2026, 1, 30}, {2026, 5, 29}, {2026, 7, 31}});
}

TEST_CASE("kOnce has one occurrence; limit and windows are honoured", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  const EventSeries single = once({2026, 12, 2}, {12, 0}, 30);
  CHECK(first_occurrence(single) == LocalDate{2026, 12, 2});
  CHECK(all_dates(single, zone) == std::vector<LocalDate>{{2026, 12, 2}});
  const auto occurrence = occurrence_on(single, zone, {2026, 12, 2});
  REQUIRE(occurrence.has_value());
  CHECK(occurrence->start_utc == utc_2026(12, 2) + 17 * kHour);
  CHECK(occurrence->end_utc == utc_2026(12, 2) + 17 * kHour + 30 * kMinute);
  CHECK_FALSE(occurrence_on(single, zone, {2026, 12, 9}).has_value());
  CHECK(occurrences_before(single, {2026, 12, 3}) == 1);

  // In progress at the window start: included; ending exactly at it: not.
  CHECK(
      occurrences_between(single, zone, occurrence->start_utc + 60, occurrence->start_utc + 120, 5).size() ==
      1);
  CHECK(occurrences_between(single, zone, occurrence->end_utc, occurrence->end_utc + kDay, 5).empty());
  CHECK(occurrences_between(single, zone, occurrence->end_utc, occurrence->start_utc, 5).empty());

  const EventSeries every_day =
      weekly({2026, 1, 1},
             {Weekday::kMonday, Weekday::kTuesday, Weekday::kWednesday, Weekday::kThursday, Weekday::kFriday,
              Weekday::kSaturday, Weekday::kSunday},
             {12, 0});
  CHECK(occurrences_between(every_day, zone, k2026, utc_2026(12, 31), 3).size() == 3);
  CHECK(occurrences_between(every_day, zone, k2026, utc_2026(12, 31), 0).empty());
  EventSeries invalid = every_day;
  invalid.weekdays.clear();
  CHECK(occurrences_between(invalid, zone, k2026, utc_2026(12, 31), 10).empty());
  CHECK(occurrences_before(invalid, {2026, 6, 1}) == 0);
  CHECK_FALSE(first_occurrence(invalid).has_value());
}

TEST_CASE("All-day events span whole local days, end exclusive", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  EventSeries weekend = once({2026, 12, 5}, {});
  weekend.day_kind = DayKind::kAllDay;
  weekend.all_day_days = 2;
  REQUIRE_FALSE(validate(weekend).has_value());
  // A window on the second day still finds it.
  const auto occurrences =
      occurrences_between(weekend, zone, utc_2026(12, 6) + 12 * kHour, utc_2026(12, 6) + 13 * kHour, 5);
  REQUIRE(occurrences.size() == 1);
  const EventOccurrence& occurrence = occurrences[0];
  CHECK(occurrence.date == LocalDate{2026, 12, 5});
  CHECK(occurrence.start_utc == utc_2026(12, 5) + 5 * kHour);  // local midnight, EST
  CHECK(occurrence.end_utc == utc_2026(12, 7) + 5 * kHour);
  CHECK(occurrence.start == LocalDateTime{{2026, 12, 5}, {0, 0}, Weekday::kSaturday});
  CHECK(occurrence.end == LocalDateTime{{2026, 12, 7}, {0, 0}, Weekday::kMonday});
  CHECK(occurrences_between(weekend, zone, utc_2026(12, 7) + 5 * kHour, utc_2026(12, 8), 5).empty());

  // A day containing the spring change is 23 hours long.
  EventSeries sunday = once({2026, 3, 8}, {});
  sunday.day_kind = DayKind::kAllDay;
  const auto short_day = occurrence_on(sunday, zone, {2026, 3, 8});
  REQUIRE(short_day.has_value());
  CHECK(short_day->end_utc - short_day->start_utc == 23 * kHour);
}

TEST_CASE("validate explains what to fix", "[calendar][events]") {
  const EventSeries good = weekly({2026, 3, 2}, {Weekday::kWednesday}, {12, 0});
  REQUIRE_FALSE(validate(good).has_value());
  const auto problem = [&](auto change) {
    EventSeries series = good;
    change(series);
    return validate(series).value_or("");
  };
  CHECK(problem([](EventSeries& s) { s.weekdays.clear(); }) == "Choose at least one weekday.");
  CHECK(problem([](EventSeries& s) {
          s.weekdays = {Weekday::kMonday, Weekday::kMonday};
        }) == "Choose each weekday only once.");
  CHECK(problem([](EventSeries& s) {
          s.until = LocalDate{2026, 3, 1};
        }) == "The end date must be on or after the first date.");
  // The first Wednesday is 4 March, after the end date.
  CHECK(problem([](EventSeries& s) {
          s.until = LocalDate{2026, 3, 3};
        }) == "This repeat pattern has no dates.");
  CHECK(problem([](EventSeries& s) {
          s.until = LocalDate{2026, 6, 1};
          s.count = 4;
        }) == "Choose an end date or a number of sessions, not both.");
  CHECK(problem([](EventSeries& s) { s.count = 0; }) == "The number of sessions must be between 1 and 520.");
  CHECK(problem([](EventSeries& s) { s.count = kMaxSeriesCount + 1; }) ==
        "The number of sessions must be between 1 and 520.");
  CHECK(problem([](EventSeries& s) { s.interval = 13; }) == "The event can repeat every 1 to 12 weeks.");
  CHECK(problem([](EventSeries& s) { s.duration_minutes = 4; }) ==
        "An event must last between 5 minutes and 24 hours.");
  CHECK(problem([](EventSeries& s) {
          s.start_time = {24, 0};
        }) == "The start time is not a real time of day.");
  CHECK(problem([](EventSeries& s) {
          s.first_date = {2026, 2, 30};
        }) == "The first date is not a real date.");
  CHECK(problem([](EventSeries& s) {
          s.first_date = {1999, 12, 31};
        }) == "The first date must be between 2000 and 2200.");
  CHECK(problem([](EventSeries& s) {
          s.until = LocalDate{2201, 1, 1};
        }) == "The end date must be between 2000 and 2200.");
  CHECK(problem([](EventSeries& s) {
          s.frequency = SeriesFrequency::kMonthlyByWeekday;
          s.week_of_month = 6;
        }) == "Choose the first, second, third, fourth, fifth or last week of the month.");
  CHECK(problem([](EventSeries& s) {
          s.frequency = SeriesFrequency::kMonthlyByDayOfMonth;
          s.day_of_month = 32;
        }) == "Choose a day of the month from 1 to 31.");
  CHECK(problem([](EventSeries& s) {
          s.frequency = SeriesFrequency::kMonthlyByDayOfMonth;
          s.interval = 0;
        }) == "The event can repeat every 1 to 12 months.");
  CHECK(problem([](EventSeries& s) {
          s.day_kind = DayKind::kAllDay;
          s.all_day_days = 15;
        }) == "An all-day event must last between 1 and 14 days.");
  CHECK(problem([](EventSeries& s) {
          s.frequency = SeriesFrequency::kOnce;
          s.count = 2;
        }) == "A one-off event has no end date or number of sessions.");
  CHECK(problem([](EventSeries& s) { s.frequency = static_cast<SeriesFrequency>(9); }) ==
        "Choose how often the event repeats.");
  // A kOnce ignores the weekly fields.
  CHECK(problem([](EventSeries& s) {
          s.frequency = SeriesFrequency::kOnce;
          s.weekdays.clear();
        }) == "");
}

TEST_CASE("occurrences_before, last_occurrence_before and occurrence_on agree with the expansion",
          "[calendar][events]") {
  const TimeZone zone = load_zone("Europe/London");
  EventSeries counted =
      weekly({2026, 1, 1}, {Weekday::kTuesday, Weekday::kSaturday, Weekday::kSunday}, {9, 0}, 3);
  counted.count = 40;
  EventSeries until = monthly_by_weekday({2026, 1, 1}, kLastWeekOfMonthEvent, Weekday::kSunday, {9, 0});
  until.until = LocalDate{2027, 6, 30};
  EventSeries every_other_month = monthly_by_day({2026, 1, 31}, 31, {9, 0}, 2);
  every_other_month.count = 7;
  EventSeries all_day = monthly_by_weekday({2026, 1, 1}, 5, Weekday::kMonday, {});
  all_day.day_kind = DayKind::kAllDay;
  all_day.all_day_days = 3;
  all_day.until = LocalDate{2027, 12, 31};

  for (const EventSeries& series : {counted, until, every_other_month, all_day}) {
    const std::vector<LocalDate> dates = all_dates(series, zone);
    REQUIRE_FALSE(dates.empty());
    if (series.count) {
      CHECK(dates.size() == static_cast<std::size_t>(*series.count));
    }
    int before = 0;
    std::optional<LocalDate> last;
    for (LocalDate day{2025, 12, 1}; day < LocalDate{2028, 3, 1}; day = add_days(day, 1)) {
      INFO(day);
      const bool listed = std::find(dates.begin(), dates.end(), day) != dates.end();
      CHECK(occurrences_before(series, day) == before);
      CHECK(last_occurrence_before(series, day) == last);
      CHECK(occurrence_on(series, zone, day).has_value() == listed);
      if (listed) {
        ++before;
        last = day;
      }
    }
  }
  // 31st every other month from January, 7 times: July and September have a
  // 31st only in July; November has none.
  CHECK(all_dates(every_other_month, zone) == std::vector<LocalDate>{{2026, 1, 31},
                                                                     {2026, 3, 31},
                                                                     {2026, 5, 31},
                                                                     {2026, 7, 31},
                                                                     {2027, 1, 31},
                                                                     {2027, 3, 31},
                                                                     {2027, 5, 31}});
}

TEST_CASE("A series without an end stops at the last allowed year", "[calendar][events]") {
  const TimeZone zone = load_zone("UTC");
  const EventSeries weekly_forever = weekly({2200, 12, 1}, {Weekday::kMonday}, {12, 0});
  const std::vector<LocalDate> dates = all_dates(weekly_forever, zone);
  REQUIRE_FALSE(dates.empty());
  CHECK(dates.back() <= LocalDate{kMaxEventYear, 12, 31});
  CHECK(dates.back() == LocalDate{2200, 12, 29});
  CHECK(occurrences_between(weekly_forever, zone, 9000000000, 9999999999, 10).empty());
}

TEST_CASE("describe and rrule for each kind of series", "[calendar][events]") {
  const TimeZone zone = load_zone("America/New_York");
  CHECK(describe(once({2026, 12, 2}, {12, 0}, 30)) == "Wednesday 2 December 2026, 12:00\u201312:30 pm");
  EventSeries one_day = once({2026, 12, 5}, {});
  one_day.day_kind = DayKind::kAllDay;
  CHECK(describe(one_day) == "Saturday 5 December 2026, all day");
  EventSeries two_days = one_day;
  two_days.all_day_days = 2;
  CHECK(describe(two_days) == "5\u20136 December 2026, all day");
  EventSeries new_year = once({2026, 12, 31}, {});
  new_year.day_kind = DayKind::kAllDay;
  new_year.all_day_days = 2;
  CHECK(describe(new_year) == "31 December 2026\u20131 January 2027, all day");
  CHECK(rrule(one_day, zone).empty());

  const EventSeries wednesdays = weekly({2026, 1, 7}, {Weekday::kWednesday}, {12, 0});
  EventSeries noon = wednesdays;
  noon.duration_minutes = 30;
  CHECK(describe(noon) == "Every Wednesday, 12:00\u201312:30 pm");
  CHECK(rrule(noon, zone) == "FREQ=WEEKLY;BYDAY=WE");

  EventSeries fortnightly = weekly({2026, 1, 5}, {Weekday::kThursday, Weekday::kMonday}, {7, 30}, 2);
  fortnightly.duration_minutes = 45;
  fortnightly.until = LocalDate{2027, 6, 30};
  CHECK(describe(fortnightly) ==
        "Every 2 weeks on Monday and Thursday, 7:30\u20138:15 am, until 30 June 2027");
  // 07:30 EDT on 30 June 2027 = 11:30Z.
  CHECK(rrule(fortnightly, zone) == "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO,TH;UNTIL=20270630T113000Z");

  EventSeries second_tuesday = monthly_by_weekday({2026, 1, 1}, 2, Weekday::kTuesday, {13, 0});
  second_tuesday.count = 10;
  CHECK(describe(second_tuesday) == "The second Tuesday of each month, 1:00\u20132:00 pm, 10 times");
  CHECK(rrule(second_tuesday, zone) == "FREQ=MONTHLY;BYDAY=2TU;COUNT=10");
  EventSeries last_friday =
      monthly_by_weekday({2026, 1, 1}, kLastWeekOfMonthEvent, Weekday::kFriday, {11, 30});
  last_friday.interval = 2;
  CHECK(describe(last_friday) == "The last Friday of every 2 months, 11:30 am\u201312:30 pm");
  CHECK(rrule(last_friday, zone) == "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR");

  EventSeries quarterly = monthly_by_day({2026, 1, 1}, 15, {}, 3);
  quarterly.day_kind = DayKind::kAllDay;
  CHECK(describe(quarterly) == "The 15th of every 3 months, all day");
  CHECK(rrule(quarterly, zone) == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15");
  quarterly.until = LocalDate{2027, 6, 30};
  CHECK(rrule(quarterly, zone) == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15;UNTIL=20270630");
  CHECK(describe(monthly_by_day({2026, 1, 1}, 22, {9, 0})) == "The 22nd of each month, 9:00\u201310:00 am");

  EventSeries until_winter = wednesdays;
  until_winter.until = LocalDate{2026, 12, 30};
  CHECK(rrule(until_winter, zone) == "FREQ=WEEKLY;BYDAY=WE;UNTIL=20261230T170000Z");
  EventSeries three_days =
      weekly({2026, 1, 1}, {Weekday::kFriday, Weekday::kMonday, Weekday::kWednesday}, {});
  three_days.day_kind = DayKind::kAllDay;
  three_days.count = 1;
  CHECK(describe(three_days) == "Every Monday, Wednesday and Friday, all day, once");
}

TEST_CASE("add_days and weekday_of", "[calendar][events]") {
  CHECK(add_days({2026, 12, 31}, 1) == LocalDate{2027, 1, 1});
  CHECK(add_days({2028, 2, 28}, 1) == LocalDate{2028, 2, 29});
  CHECK(add_days({2100, 2, 28}, 1) == LocalDate{2100, 3, 1});
  CHECK(add_days({2026, 3, 1}, -1) == LocalDate{2026, 2, 28});
  CHECK(add_days({2026, 1, 1}, 365) == LocalDate{2027, 1, 1});
  CHECK(weekday_of({2026, 12, 2}) == Weekday::kWednesday);
  CHECK(weekday_of({1970, 1, 1}) == Weekday::kThursday);
  CHECK(weekday_of({2000, 2, 29}) == Weekday::kTuesday);
  CHECK(weekday_of({1969, 12, 31}) == Weekday::kWednesday);
}

}  // namespace hearth::calendar
