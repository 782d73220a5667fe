#include <catch2/catch.hpp>
#include <cstdint>
#include <thread>
#include <vector>

#include "calendar/schedule.h"
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

MeetingSchedule weekly(Weekday weekday, LocalDate first_date, LocalTime start, int interval = 1,
                       int duration_minutes = 60) {
  MeetingSchedule schedule;
  schedule.recurrence = Recurrence::kWeekly;
  schedule.interval = interval;
  schedule.weekday = weekday;
  schedule.first_date = first_date;
  schedule.start_time = start;
  schedule.duration_minutes = duration_minutes;
  return schedule;
}

MeetingSchedule monthly(int week_of_month, Weekday weekday, LocalDate first_date, LocalTime start,
                        int duration_minutes = 60) {
  MeetingSchedule schedule = weekly(weekday, first_date, start, 1, duration_minutes);
  schedule.recurrence = Recurrence::kMonthlyByWeekday;
  schedule.week_of_month = week_of_month;
  return schedule;
}

std::vector<LocalDate> dates_of(const std::vector<Occurrence>& occurrences) {
  std::vector<LocalDate> dates;
  for (const Occurrence& occurrence : occurrences) dates.push_back(occurrence.date);
  return dates;
}

std::vector<std::int64_t> starts_of(const std::vector<Occurrence>& occurrences) {
  std::vector<std::int64_t> starts;
  for (const Occurrence& occurrence : occurrences) starts.push_back(occurrence.start_utc);
  return starts;
}

}  // namespace

TEST_CASE("A weekly meeting keeps 7 pm local time as New York enters daylight time", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const MeetingSchedule schedule = weekly(Weekday::kTuesday, LocalDate{2026, 3, 1}, LocalTime{19, 0});
  const auto meetings = next_occurrences(schedule, zone, utc_2026(3, 1), 3);
  REQUIRE(meetings.size() == 3);
  // Tue 3 March 19:00 EST = Wed 4 March 00:00Z.
  CHECK(meetings[0].start_utc == utc_2026(3, 4));
  CHECK(meetings[0].end_utc == utc_2026(3, 4) + kHour);
  CHECK(meetings[0].date == LocalDate{2026, 3, 3});
  CHECK(meetings[0].weekday == Weekday::kTuesday);
  CHECK(meetings[0].start == LocalTime{19, 0});
  CHECK(meetings[0].end == LocalTime{20, 0});
  CHECK(format_occurrence(meetings[0]) == "Tuesday 3 March 2026, 7:00 pm");
  // Tue 10 March 19:00 EDT = 23:00Z the same day: one hour less than a week later.
  CHECK(meetings[1].start_utc == utc_2026(3, 10) + 23 * kHour);
  CHECK(meetings[1].start_utc - meetings[0].start_utc == 7 * kDay - kHour);
  CHECK(meetings[1].start == LocalTime{19, 0});
  CHECK(meetings[1].date == LocalDate{2026, 3, 10});
  // Tue 17 March 19:00 EDT = 23:00Z.
  CHECK(meetings[2].start_utc == utc_2026(3, 17) + 23 * kHour);
  CHECK(meetings[2].start_utc == 1773788400);
}

TEST_CASE("Every 2 weeks is anchored at the first meeting day on or after first_date", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  // 2026-01-09 is a Friday: the first Thursday on or after it is 15 January
  // (RFC 5545 counting from DTSTART's week would give 22 January instead).
  const MeetingSchedule schedule = weekly(Weekday::kThursday, LocalDate{2026, 1, 9}, LocalTime{12, 30}, 2);
  const auto meetings = next_occurrences(schedule, zone, k2026, 4);
  CHECK(dates_of(meetings) ==
        std::vector<LocalDate>{{2026, 1, 15}, {2026, 1, 29}, {2026, 2, 12}, {2026, 2, 26}});
  // 12:30 EST = 17:30Z.
  CHECK(starts_of(meetings) == std::vector<std::int64_t>{utc_2026(1, 15) + 17 * kHour + 30 * kMinute,
                                                         utc_2026(1, 29) + 17 * kHour + 30 * kMinute,
                                                         utc_2026(2, 12) + 17 * kHour + 30 * kMinute,
                                                         utc_2026(2, 26) + 17 * kHour + 30 * kMinute});
  CHECK(meetings[0].start_utc == 1768498200);
  // first_date on the meeting day itself starts the series that day.
  const MeetingSchedule on_the_day = weekly(Weekday::kThursday, LocalDate{2026, 1, 15}, LocalTime{12, 30}, 2);
  CHECK(next_occurrences(on_the_day, zone, k2026, 4) == meetings);
}

TEST_CASE("A weekly series that began long ago keeps its cadence", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  // 2000-01-04 is a Tuesday; 2026-03-03 is 9555 days = 1365 weeks later, and
  // 1365 = 3 * 455 is a multiple of 3 but not of 2.
  const std::int64_t now = utc_2026(3, 1);
  const auto every_week =
      next_occurrences(weekly(Weekday::kTuesday, LocalDate{2000, 1, 4}, LocalTime{19, 0}), zone, now, 2);
  CHECK(dates_of(every_week) == std::vector<LocalDate>{{2026, 3, 3}, {2026, 3, 10}});
  const auto every_third =
      next_occurrences(weekly(Weekday::kTuesday, LocalDate{2000, 1, 4}, LocalTime{19, 0}, 3), zone, now, 3);
  CHECK(dates_of(every_third) == std::vector<LocalDate>{{2026, 3, 3}, {2026, 3, 24}, {2026, 4, 14}});
  const auto every_other =
      next_occurrences(weekly(Weekday::kTuesday, LocalDate{2000, 1, 4}, LocalTime{19, 0}, 2), zone, now, 2);
  CHECK(dates_of(every_other) == std::vector<LocalDate>{{2026, 3, 10}, {2026, 3, 24}});
  // The same dates as expanding the whole series from the start.
  const auto from_start =
      next_occurrences(weekly(Weekday::kTuesday, LocalDate{2000, 1, 4}, LocalTime{19, 0}, 3), zone, 0, 460);
  REQUIRE(from_start.size() == 460);
  CHECK(from_start[455].date == LocalDate{2026, 3, 3});
  CHECK(from_start[455] == every_third[0]);
}

TEST_CASE("The second Wednesday of each month across 2026 in London", "[calendar]") {
  const TimeZone zone = load_zone("Europe/London");
  const MeetingSchedule schedule =
      monthly(2, Weekday::kWednesday, LocalDate{2026, 1, 1}, LocalTime{18, 0}, 90);
  const auto meetings = next_occurrences(schedule, zone, k2026, 12);
  // Months with five Wednesdays (April, July, September, December) change nothing.
  CHECK(dates_of(meetings) == std::vector<LocalDate>{{2026, 1, 14},
                                                     {2026, 2, 11},
                                                     {2026, 3, 11},
                                                     {2026, 4, 8},
                                                     {2026, 5, 13},
                                                     {2026, 6, 10},
                                                     {2026, 7, 8},
                                                     {2026, 8, 12},
                                                     {2026, 9, 9},
                                                     {2026, 10, 14},
                                                     {2026, 11, 11},
                                                     {2026, 12, 9}});
  for (const Occurrence& meeting : meetings) {
    CHECK(meeting.weekday == Weekday::kWednesday);
    CHECK(meeting.start == LocalTime{18, 0});
    CHECK(meeting.end == LocalTime{19, 30});
    CHECK(meeting.end_utc - meeting.start_utc == 90 * kMinute);
  }
  // 11 March 18:00 GMT = 18:00Z; 8 April 18:00 BST = 17:00Z; 14 October BST; 11 November GMT.
  CHECK(meetings[2].start_utc == utc_2026(3, 11) + 18 * kHour);
  CHECK(meetings[2].start_utc == 1773252000);
  CHECK(meetings[3].start_utc == utc_2026(4, 8) + 17 * kHour);
  CHECK(meetings[3].start_utc == 1775667600);
  CHECK(meetings[9].start_utc == utc_2026(10, 14) + 17 * kHour);
  CHECK(meetings[10].start_utc == utc_2026(11, 11) + 18 * kHour);
}

TEST_CASE("The last Friday of each month in months with four and five Fridays", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const MeetingSchedule last =
      monthly(kLastWeekOfMonth, Weekday::kFriday, LocalDate{2026, 1, 1}, LocalTime{12, 0});
  const auto meetings = next_occurrences(last, zone, k2026, 13);
  // Five Fridays in January, May, July and October 2026: the last is the 5th.
  CHECK(dates_of(meetings) == std::vector<LocalDate>{{2026, 1, 30},
                                                     {2026, 2, 27},
                                                     {2026, 3, 27},
                                                     {2026, 4, 24},
                                                     {2026, 5, 29},
                                                     {2026, 6, 26},
                                                     {2026, 7, 31},
                                                     {2026, 8, 28},
                                                     {2026, 9, 25},
                                                     {2026, 10, 30},
                                                     {2026, 11, 27},
                                                     {2026, 12, 25},
                                                     {2027, 1, 29}});
  // 30 January 12:00 EST = 17:00Z; 31 July 12:00 EDT = 16:00Z.
  CHECK(meetings[0].start_utc == utc_2026(1, 30) + 17 * kHour);
  CHECK(meetings[6].start_utc == utc_2026(7, 31) + 16 * kHour);
  // The fourth Friday differs from the last one exactly in the five-Friday months.
  const MeetingSchedule fourth = monthly(4, Weekday::kFriday, LocalDate{2026, 1, 1}, LocalTime{12, 0});
  CHECK(dates_of(next_occurrences(fourth, zone, k2026, 12)) == std::vector<LocalDate>{{2026, 1, 23},
                                                                                      {2026, 2, 27},
                                                                                      {2026, 3, 27},
                                                                                      {2026, 4, 24},
                                                                                      {2026, 5, 22},
                                                                                      {2026, 6, 26},
                                                                                      {2026, 7, 24},
                                                                                      {2026, 8, 28},
                                                                                      {2026, 9, 25},
                                                                                      {2026, 10, 23},
                                                                                      {2026, 11, 27},
                                                                                      {2026, 12, 25}});
}

TEST_CASE("A monthly series starts at the first matching day on or after first_date", "[calendar]") {
  const TimeZone zone = load_zone("Europe/London");
  // The second Wednesday of March 2026 is the 11th; starting on the 12th skips to April.
  const MeetingSchedule schedule = monthly(2, Weekday::kWednesday, LocalDate{2026, 3, 12}, LocalTime{18, 0});
  CHECK(dates_of(next_occurrences(schedule, zone, k2026, 2)) ==
        std::vector<LocalDate>{{2026, 4, 8}, {2026, 5, 13}});
  // A long-running monthly series asked about late 2026.
  const MeetingSchedule old = monthly(2, Weekday::kWednesday, LocalDate{2001, 5, 1}, LocalTime{18, 0});
  CHECK(dates_of(next_occurrences(old, zone, utc_2026(10, 20), 2)) ==
        std::vector<LocalDate>{{2026, 11, 11}, {2026, 12, 9}});
}

TEST_CASE("New York DST changes move the UTC start by an hour, not the local time", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  SECTION("spring forward on Sunday 2026-03-08") {
    const auto meetings =
        next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 3, 1}, LocalTime{19, 0}), zone, k2026, 2);
    REQUIRE(meetings.size() == 2);
    // 1 March 19:00 EST = 2 March 00:00Z; 8 March 19:00 EDT = 8 March 23:00Z.
    CHECK(meetings[0].start_utc == utc_2026(3, 2));
    CHECK(meetings[0].start_utc == 1772409600);
    CHECK(meetings[1].start_utc == utc_2026(3, 8) + 23 * kHour);
    CHECK(meetings[1].start_utc == 1773010800);
    CHECK(meetings[1].start_utc - meetings[0].start_utc == 7 * kDay - kHour);
    CHECK(meetings[0].start == LocalTime{19, 0});
    CHECK(meetings[1].start == LocalTime{19, 0});
  }
  SECTION("fall back on Sunday 2026-11-01") {
    const auto meetings =
        next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 10, 25}, LocalTime{19, 0}), zone, k2026, 2);
    REQUIRE(meetings.size() == 2);
    // 25 October 19:00 EDT = 23:00Z; 1 November 19:00 EST = 2 November 00:00Z.
    CHECK(meetings[0].start_utc == utc_2026(10, 25) + 23 * kHour);
    CHECK(meetings[0].start_utc == 1792969200);
    CHECK(meetings[1].start_utc == utc_2026(11, 2));
    CHECK(meetings[1].start_utc == 1793577600);
    CHECK(meetings[1].start_utc - meetings[0].start_utc == 7 * kDay + kHour);
    CHECK(meetings[1].start == LocalTime{19, 0});
    CHECK(meetings[1].date == LocalDate{2026, 11, 1});
  }
}

TEST_CASE("London DST changes move the UTC start by an hour, not the local time", "[calendar]") {
  const TimeZone zone = load_zone("Europe/London");
  SECTION("spring forward on Sunday 2026-03-29") {
    const auto meetings =
        next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 3, 22}, LocalTime{10, 0}), zone, k2026, 2);
    REQUIRE(meetings.size() == 2);
    // 22 March 10:00 GMT = 10:00Z; 29 March 10:00 BST = 09:00Z.
    CHECK(meetings[0].start_utc == utc_2026(3, 22) + 10 * kHour);
    CHECK(meetings[0].start_utc == 1774173600);
    CHECK(meetings[1].start_utc == utc_2026(3, 29) + 9 * kHour);
    CHECK(meetings[1].start_utc == 1774774800);
    CHECK(meetings[1].start == LocalTime{10, 0});
  }
  SECTION("fall back on Sunday 2026-10-25") {
    const auto meetings =
        next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 10, 18}, LocalTime{10, 0}), zone, k2026, 2);
    REQUIRE(meetings.size() == 2);
    // 18 October 10:00 BST = 09:00Z; 25 October 10:00 GMT = 10:00Z.
    CHECK(meetings[0].start_utc == utc_2026(10, 18) + 9 * kHour);
    CHECK(meetings[0].start_utc == 1792314000);
    CHECK(meetings[1].start_utc == utc_2026(10, 25) + 10 * kHour);
    CHECK(meetings[1].start_utc == 1792922400);
    CHECK(meetings[1].start == LocalTime{10, 0});
  }
}

TEST_CASE("A start time in the spring-forward gap moves forward by the gap", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const auto meetings =
      next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 3, 1}, LocalTime{2, 30}), zone, k2026, 3);
  REQUIRE(meetings.size() == 3);
  // 1 March 02:30 EST = 07:30Z.
  CHECK(meetings[0].start_utc == utc_2026(3, 1) + 7 * kHour + 30 * kMinute);
  CHECK(meetings[0].start == LocalTime{2, 30});
  // 8 March 02:30 does not exist: 03:30 EDT = 07:30Z, ending 04:30.
  CHECK(meetings[1].start_utc == utc_2026(3, 8) + 7 * kHour + 30 * kMinute);
  CHECK(meetings[1].start_utc == 1772955000);
  CHECK(meetings[1].date == LocalDate{2026, 3, 8});
  CHECK(meetings[1].start == LocalTime{3, 30});
  CHECK(meetings[1].end == LocalTime{4, 30});
  CHECK(format_occurrence(meetings[1]) == "Sunday 8 March 2026, 3:30 am");
  // 15 March 02:30 EDT = 06:30Z.
  CHECK(meetings[2].start_utc == utc_2026(3, 15) + 6 * kHour + 30 * kMinute);
  CHECK(meetings[2].start == LocalTime{2, 30});
}

TEST_CASE("A repeated fall-back start time uses the first (daylight) instance", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const auto meetings =
      next_occurrences(weekly(Weekday::kSunday, LocalDate{2026, 10, 25}, LocalTime{1, 30}), zone, k2026, 3);
  REQUIRE(meetings.size() == 3);
  // 25 October 01:30 EDT = 05:30Z; 1 November 01:30 EDT (first) = 05:30Z;
  // 8 November 01:30 EST = 06:30Z.
  CHECK(meetings[0].start_utc == utc_2026(10, 25) + 5 * kHour + 30 * kMinute);
  CHECK(meetings[1].start_utc == utc_2026(11, 1) + 5 * kHour + 30 * kMinute);
  CHECK(meetings[1].start_utc == 1793511000);
  CHECK(meetings[1].start == LocalTime{1, 30});
  // An hour-long meeting from 01:30 EDT ends at 06:30Z, which is 01:30 EST.
  CHECK(meetings[1].end == LocalTime{1, 30});
  CHECK(meetings[2].start_utc == utc_2026(11, 8) + 6 * kHour + 30 * kMinute);
  CHECK(meetings[2].start_utc == 1794119400);
}

TEST_CASE("A meeting in progress is still the next meeting", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const MeetingSchedule schedule = weekly(Weekday::kTuesday, LocalDate{2026, 3, 1}, LocalTime{19, 0});
  const std::int64_t start = utc_2026(3, 4);  // Tue 3 March 19:00 EST
  CHECK(next_occurrences(schedule, zone, start - 1, 1).at(0).start_utc == start);
  CHECK(next_occurrences(schedule, zone, start, 1).at(0).start_utc == start);
  CHECK(next_occurrences(schedule, zone, start + 30 * kMinute, 1).at(0).start_utc == start);
  CHECK(next_occurrences(schedule, zone, start + kHour - 1, 1).at(0).start_utc == start);
  // Once it has ended, the next one is a week later (10 March 19:00 EDT = 23:00Z).
  CHECK(next_occurrences(schedule, zone, start + kHour, 1).at(0).start_utc == utc_2026(3, 10) + 23 * kHour);
}

TEST_CASE("next_occurrences returns exactly count meetings", "[calendar]") {
  const TimeZone zone = load_zone("Europe/London");
  const MeetingSchedule schedule = weekly(Weekday::kMonday, LocalDate{2026, 1, 1}, LocalTime{9, 0});
  CHECK(next_occurrences(schedule, zone, k2026, 1).size() == 1);
  CHECK(next_occurrences(schedule, zone, k2026, 5).size() == 5);
  CHECK(next_occurrences(schedule, zone, k2026, 53).size() == 53);
  CHECK(next_occurrences(schedule, zone, k2026, 0).empty());
  CHECK(next_occurrences(schedule, zone, k2026, -3).empty());
  // Consecutive, in order, a week apart in local terms.
  const auto meetings = next_occurrences(schedule, zone, k2026, 53);
  for (std::size_t i = 1; i < meetings.size(); ++i) {
    CHECK(meetings[i].start_utc > meetings[i - 1].start_utc);
    CHECK(meetings[i].start == LocalTime{9, 0});
    CHECK(meetings[i].weekday == Weekday::kMonday);
  }
}

TEST_CASE("now before first_date gives the series from its first meeting", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  const MeetingSchedule schedule = weekly(Weekday::kTuesday, LocalDate{2026, 3, 1}, LocalTime{19, 0});
  const std::int64_t years_before = k2026 - 6 * 365 * kDay;  // early 2020
  for (const std::int64_t now : {years_before, std::int64_t{0}, std::int64_t{-5000000000}}) {
    const auto meetings = next_occurrences(schedule, zone, now, 2);
    CHECK(dates_of(meetings) == std::vector<LocalDate>{{2026, 3, 3}, {2026, 3, 10}});
  }
}

TEST_CASE("next_occurrences returns nothing for an invalid schedule or a far-future now", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  MeetingSchedule schedule = weekly(Weekday::kTuesday, LocalDate{2026, 3, 1}, LocalTime{19, 0});
  schedule.interval = 9;
  CHECK(next_occurrences(schedule, zone, k2026, 3).empty());
  schedule.interval = 1;
  schedule.duration_minutes = 0;
  CHECK(next_occurrences(schedule, zone, k2026, 3).empty());
  schedule.duration_minutes = 60;
  CHECK(next_occurrences(schedule, zone, 16725225600, 3).empty());  // 2500-01-01T00:00Z
  CHECK(next_occurrences(schedule, zone, INT64_MAX, 3).empty());
}

TEST_CASE("next_occurrences gives identical results from several threads", "[calendar]") {
  const TimeZone new_york = load_zone("America/New_York");
  const TimeZone london = load_zone("Europe/London");
  const std::vector<MeetingSchedule> schedules = {
      weekly(Weekday::kTuesday, LocalDate{2026, 1, 1}, LocalTime{19, 0}),
      weekly(Weekday::kSunday, LocalDate{2026, 1, 1}, LocalTime{2, 30}, 2),
      monthly(2, Weekday::kWednesday, LocalDate{2026, 1, 1}, LocalTime{18, 0}, 90),
      monthly(kLastWeekOfMonth, Weekday::kFriday, LocalDate{2010, 6, 1}, LocalTime{1, 30}),
  };
  using Results = std::vector<std::vector<Occurrence>>;
  const auto compute = [&](const TimeZone& extra) {
    Results results;
    for (const MeetingSchedule& schedule : schedules) {
      results.push_back(next_occurrences(schedule, new_york, k2026, 60));
      results.push_back(next_occurrences(schedule, london, k2026, 60));
      results.push_back(next_occurrences(schedule, extra, k2026, 60));
    }
    return results;
  };
  const TimeZone tokyo = load_zone("Asia/Tokyo");
  const Results expected = compute(tokyo);
  REQUIRE(expected.size() == 12);
  REQUIRE(expected[0].size() == 60);

  constexpr int kThreads = 4;
  constexpr int kRounds = 20;
  std::vector<Results> seen(kThreads * kRounds);
  std::vector<int> loaded(kThreads * kRounds, 0);  // not vector<bool>: written concurrently
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < kRounds; ++round) {
          // Each thread also loads (and later destroys) its own zones.
          const auto own_zone = TimeZone::load("Asia/Tokyo");
          const auto index = static_cast<std::size_t>(t * kRounds + round);
          loaded[index] = own_zone.has_value() ? 1 : 0;
          if (own_zone) seen[index] = compute(*own_zone);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(loaded[i] == 1);
    CHECK(seen[i] == expected);
  }
}

}  // namespace hearth::calendar
