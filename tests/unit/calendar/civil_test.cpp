#include "calendar/civil.h"

#include <catch2/catch.hpp>

#include "calendar_printers.h"

namespace hearth::calendar {

TEST_CASE("parse_date accepts ISO dates that exist", "[calendar]") {
  CHECK(parse_date("2026-03-03") == LocalDate{2026, 3, 3});
  CHECK(parse_date("2026-12-31") == LocalDate{2026, 12, 31});
  CHECK(parse_date("2024-02-29") == LocalDate{2024, 2, 29});  // leap year
  CHECK(parse_date("2000-02-29") == LocalDate{2000, 2, 29});  // divisible by 400
  CHECK(parse_date("  2026-01-01\n") == LocalDate{2026, 1, 1});
  CHECK(parse_date("0001-01-01") == LocalDate{1, 1, 1});
}

TEST_CASE("parse_date rejects dates that do not exist and other shapes", "[calendar]") {
  CHECK_FALSE(parse_date("2026-02-30"));
  CHECK_FALSE(parse_date("2025-02-29"));  // not a leap year
  CHECK_FALSE(parse_date("1900-02-29"));  // divisible by 100, not by 400
  CHECK_FALSE(parse_date("2026-04-31"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-00-10"));
  CHECK_FALSE(parse_date("2026-01-00"));
  CHECK_FALSE(parse_date("0000-01-01"));
  CHECK_FALSE(parse_date("2026-3-3"));
  CHECK_FALSE(parse_date("26-03-03"));
  CHECK_FALSE(parse_date("2026/03/03"));
  CHECK_FALSE(parse_date("03/03/2026"));
  CHECK_FALSE(parse_date("2026-03-03T19:00"));
  CHECK_FALSE(parse_date("+026-03-03"));
  CHECK_FALSE(parse_date("2026-0a-03"));
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("tomorrow"));
}

TEST_CASE("parse_time accepts 24-hour times", "[calendar]") {
  CHECK(parse_time("19:00") == LocalTime{19, 0});
  CHECK(parse_time("12:30") == LocalTime{12, 30});
  CHECK(parse_time("00:00") == LocalTime{0, 0});
  CHECK(parse_time("23:59") == LocalTime{23, 59});
  CHECK(parse_time("7:05") == LocalTime{7, 5});
  CHECK(parse_time(" 08:15 ") == LocalTime{8, 15});
}

TEST_CASE("parse_time rejects times that do not exist and other shapes", "[calendar]") {
  CHECK_FALSE(parse_time("24:00"));
  CHECK_FALSE(parse_time("19:60"));
  CHECK_FALSE(parse_time("7pm"));
  CHECK_FALSE(parse_time("7:00 pm"));
  CHECK_FALSE(parse_time("19:00:00"));
  CHECK_FALSE(parse_time("19:0"));
  CHECK_FALSE(parse_time("19:000"));
  CHECK_FALSE(parse_time("1900"));
  CHECK_FALSE(parse_time("119:00"));
  CHECK_FALSE(parse_time("-1:00"));
  CHECK_FALSE(parse_time("+7:00"));
  CHECK_FALSE(parse_time(":30"));
  CHECK_FALSE(parse_time(""));
}

TEST_CASE("parse_weekday accepts full and three-letter names in any case", "[calendar]") {
  CHECK(parse_weekday("tuesday") == Weekday::kTuesday);
  CHECK(parse_weekday("Tuesday") == Weekday::kTuesday);
  CHECK(parse_weekday("TUE") == Weekday::kTuesday);
  CHECK(parse_weekday(" sunday ") == Weekday::kSunday);
  CHECK(parse_weekday("sat") == Weekday::kSaturday);
  CHECK(parse_weekday("Wednesday") == Weekday::kWednesday);
  CHECK_FALSE(parse_weekday("tues"));
  CHECK_FALSE(parse_weekday("tu"));
  CHECK_FALSE(parse_weekday("tuesday,"));
  CHECK_FALSE(parse_weekday("mardi"));
  CHECK_FALSE(parse_weekday(""));
}

TEST_CASE("weekday_name gives the English name", "[calendar]") {
  CHECK(weekday_name(Weekday::kSunday) == "Sunday");
  CHECK(weekday_name(Weekday::kTuesday) == "Tuesday");
  CHECK(weekday_name(Weekday::kSaturday) == "Saturday");
  CHECK(weekday_name(static_cast<Weekday>(7)).empty());
}

TEST_CASE("is_valid_date and is_valid_time check ranges", "[calendar]") {
  CHECK(is_valid_date(LocalDate{2026, 2, 28}));
  CHECK_FALSE(is_valid_date(LocalDate{2026, 2, 29}));
  CHECK_FALSE(is_valid_date(LocalDate{10000, 1, 1}));
  CHECK(is_valid_time(LocalTime{23, 59}));
  CHECK_FALSE(is_valid_time(LocalTime{24, 0}));
  CHECK_FALSE(is_valid_time(LocalTime{-1, 0}));
}

}  // namespace hearth::calendar
