#include "calendar/time_zone.h"

#include <catch2/catch.hpp>

#include "calendar_printers.h"

// Reference instants, worked out by hand from the Unix epoch:
//   2026-01-01T00:00Z = 20454 days * 86400 = 1767225600
//   2027-01-01T00:00Z = 1767225600 + 365 * 86400 = 1798761600
// US rules: daylight time from the second Sunday of March 02:00 local to the
// first Sunday of November 02:00 local. EU rules: from the last Sunday of March
// to the last Sunday of October, both at 01:00 UTC.
namespace hearth::calendar {
namespace {

constexpr std::int64_t k2026 = 1767225600;
constexpr std::int64_t k2027 = 1798761600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;

TimeZone load_zone(std::string_view name) {
  auto zone = TimeZone::load(name);
  REQUIRE(zone.has_value());
  return *zone;
}

}  // namespace

TEST_CASE("TimeZone::load knows IANA zones and keeps the name", "[calendar]") {
  CHECK(load_zone("America/New_York").name() == "America/New_York");
  CHECK(load_zone("Europe/London").name() == "Europe/London");
  CHECK(load_zone("UTC").utc_offset(k2026) == 0);
  CHECK(load_zone("America/Argentina/Buenos_Aires").utc_offset(k2026) == -3 * kHour);
  CHECK(load_zone("Asia/Kolkata").utc_offset(k2026) == 19800);  // +05:30
}

TEST_CASE("TimeZone::load returns nullopt for unknown or malformed names", "[calendar]") {
  CHECK_FALSE(TimeZone::load("Mars/Olympus_Mons"));
  CHECK_FALSE(TimeZone::load("America/Springfield"));
  CHECK_FALSE(TimeZone::load(""));
  CHECK_FALSE(TimeZone::load("America/"));
  CHECK_FALSE(TimeZone::load("/America/New_York"));
  CHECK_FALSE(TimeZone::load("America//New_York"));
  CHECK_FALSE(TimeZone::load("../../../etc/passwd"));
  CHECK_FALSE(TimeZone::load("/usr/share/zoneinfo/UTC"));
  CHECK_FALSE(TimeZone::load("zone.tab"));
  CHECK_FALSE(TimeZone::load("America/New York"));
  CHECK_FALSE(TimeZone::load("America"));  // a directory, not a zone
}

TEST_CASE("New York switches to and from daylight time on the 2026 and 2027 dates", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  // 2026-03-08 (second Sunday) 02:00 EST = 07:00Z = k2026 + 66 days + 7 h = 1772953200.
  constexpr std::int64_t kSpring2026 = k2026 + 66 * kDay + 7 * kHour;
  static_assert(kSpring2026 == 1772953200);
  CHECK(zone.utc_offset(kSpring2026 - 1) == -5 * kHour);
  CHECK(zone.utc_offset(kSpring2026) == -4 * kHour);
  // 2026-11-01 (first Sunday) 02:00 EDT = 06:00Z = k2026 + 304 days + 6 h = 1793512800.
  constexpr std::int64_t kFall2026 = k2026 + 304 * kDay + 6 * kHour;
  static_assert(kFall2026 == 1793512800);
  CHECK(zone.utc_offset(kFall2026 - 1) == -4 * kHour);
  CHECK(zone.utc_offset(kFall2026) == -5 * kHour);
  // 2027-03-14 (second Sunday) 07:00Z = k2027 + 72 days + 7 h = 1805007600.
  constexpr std::int64_t kSpring2027 = k2027 + 72 * kDay + 7 * kHour;
  static_assert(kSpring2027 == 1805007600);
  CHECK(zone.utc_offset(kSpring2027 - 1) == -5 * kHour);
  CHECK(zone.utc_offset(kSpring2027) == -4 * kHour);
  // 2027-11-07 (first Sunday) 06:00Z = k2027 + 310 days + 6 h = 1825567200.
  constexpr std::int64_t kFall2027 = k2027 + 310 * kDay + 6 * kHour;
  static_assert(kFall2027 == 1825567200);
  CHECK(zone.utc_offset(kFall2027 - 1) == -4 * kHour);
  CHECK(zone.utc_offset(kFall2027) == -5 * kHour);
  // The old (pre-2007) rules would put the 2026 change on the first Sunday of April.
  CHECK(zone.utc_offset(k2026 + 88 * kDay + 12 * kHour) == -4 * kHour);  // 2026-03-30 12:00Z
}

TEST_CASE("London switches to and from summer time on the 2026 and 2027 dates", "[calendar]") {
  const TimeZone zone = load_zone("Europe/London");
  // 2026-03-29 (last Sunday) 01:00Z = k2026 + 87 days + 1 h = 1774746000.
  constexpr std::int64_t kSpring2026 = k2026 + 87 * kDay + kHour;
  static_assert(kSpring2026 == 1774746000);
  CHECK(zone.utc_offset(kSpring2026 - 1) == 0);
  CHECK(zone.utc_offset(kSpring2026) == kHour);
  // 2026-10-25 (last Sunday) 01:00Z = k2026 + 297 days + 1 h = 1792890000.
  constexpr std::int64_t kFall2026 = k2026 + 297 * kDay + kHour;
  static_assert(kFall2026 == 1792890000);
  CHECK(zone.utc_offset(kFall2026 - 1) == kHour);
  CHECK(zone.utc_offset(kFall2026) == 0);
  // 2027-03-28 (last Sunday) 01:00Z = k2027 + 86 days + 1 h = 1806195600.
  constexpr std::int64_t kSpring2027 = k2027 + 86 * kDay + kHour;
  static_assert(kSpring2027 == 1806195600);
  CHECK(zone.utc_offset(kSpring2027 - 1) == 0);
  CHECK(zone.utc_offset(kSpring2027) == kHour);
  // 2027-10-31 (last Sunday) 01:00Z = k2027 + 303 days + 1 h = 1824944400.
  constexpr std::int64_t kFall2027 = k2027 + 303 * kDay + kHour;
  static_assert(kFall2027 == 1824944400);
  CHECK(zone.utc_offset(kFall2027 - 1) == kHour);
  CHECK(zone.utc_offset(kFall2027) == 0);
}

TEST_CASE("Rules hold far beyond the last explicit transition in the tz file", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  // Debian's TZif files list transitions up to 2037; later years come from the
  // rule at the end. 2040-01-01T00:00Z = 25567 days * 86400 = 2208988800;
  // 2040-07-01 is 182 days later (leap year), 12:00 EDT = 16:00Z.
  CHECK(zone.utc_offset(2208988800 + 182 * kDay + 16 * kHour) == -4 * kHour);
  CHECK(zone.utc_offset(2208988800 + 10 * kDay) == -5 * kHour);
}

TEST_CASE("to_local gives the wall clock and weekday", "[calendar]") {
  const TimeZone zone = load_zone("America/New_York");
  // 2026-03-08T00:00Z = k2026 + 66 days is 19:00 EST on Saturday 7 March.
  const LocalDateTime local = zone.to_local(k2026 + 66 * kDay);
  CHECK(local.date == LocalDate{2026, 3, 7});
  CHECK(local.time == LocalTime{19, 0});
  CHECK(local.weekday == Weekday::kSaturday);
  // Seconds are dropped, not rounded.
  CHECK(zone.to_local(k2026 + 66 * kDay + 59).time == LocalTime{19, 0});
  // Before the epoch.
  const LocalDateTime early = load_zone("UTC").to_local(-90);
  CHECK(early.date == LocalDate{1969, 12, 31});
  CHECK(early.time == LocalTime{23, 58});
  CHECK(early.weekday == Weekday::kWednesday);
}

TEST_CASE("to_utc converts ordinary wall-clock times", "[calendar]") {
  const TimeZone new_york = load_zone("America/New_York");
  // 2026-03-03 19:00 EST = 2026-03-04T00:00Z = k2026 + 62 days.
  CHECK(new_york.to_utc(LocalDate{2026, 3, 3}, LocalTime{19, 0}) == k2026 + 62 * kDay);
  // 2026-07-01 12:00 EDT = 16:00Z = k2026 + 181 days + 16 h.
  CHECK(new_york.to_utc(LocalDate{2026, 7, 1}, LocalTime{12, 0}) == k2026 + 181 * kDay + 16 * kHour);
  const TimeZone london = load_zone("Europe/London");
  CHECK(london.to_utc(LocalDate{2026, 1, 1}, LocalTime{0, 0}) == k2026);
  CHECK(london.to_utc(LocalDate{2026, 7, 1}, LocalTime{12, 0}) == k2026 + 181 * kDay + 11 * kHour);
}

TEST_CASE("to_utc moves a time in the spring-forward gap forward by the gap", "[calendar]") {
  const TimeZone new_york = load_zone("America/New_York");
  // 02:30 does not exist on 2026-03-08; it becomes 03:30 EDT = 07:30Z = k2026 + 66 days + 7.5 h.
  const std::int64_t utc = new_york.to_utc(LocalDate{2026, 3, 8}, LocalTime{2, 30});
  CHECK(utc == k2026 + 66 * kDay + 7 * kHour + 1800);
  CHECK(new_york.to_local(utc).time == LocalTime{3, 30});
  // The edge of the gap: 02:00 becomes 03:00 EDT = 07:00Z, the transition instant.
  CHECK(new_york.to_utc(LocalDate{2026, 3, 8}, LocalTime{2, 0}) == 1772953200);
  // London: 01:30 does not exist on 2026-03-29; it becomes 02:30 BST = 01:30Z.
  const TimeZone london = load_zone("Europe/London");
  const std::int64_t london_utc = london.to_utc(LocalDate{2026, 3, 29}, LocalTime{1, 30});
  CHECK(london_utc == k2026 + 87 * kDay + kHour + 1800);
  CHECK(london.to_local(london_utc).time == LocalTime{2, 30});
}

TEST_CASE("to_utc takes the first (daylight) instance of a repeated fall-back time", "[calendar]") {
  const TimeZone new_york = load_zone("America/New_York");
  // 01:30 happens twice on 2026-11-01: 01:30 EDT = 05:30Z, then 01:30 EST = 06:30Z.
  CHECK(new_york.to_utc(LocalDate{2026, 11, 1}, LocalTime{1, 30}) == k2026 + 304 * kDay + 5 * kHour + 1800);
  // 02:00 happens once: after 01:59:59 EDT clocks show 01:00 EST, so 02:00 is EST = 07:00Z.
  CHECK(new_york.to_utc(LocalDate{2026, 11, 1}, LocalTime{2, 0}) == k2026 + 304 * kDay + 7 * kHour);
  const TimeZone london = load_zone("Europe/London");
  // 01:30 on 2026-10-25: 01:30 BST = 00:30Z first, then 01:30 GMT = 01:30Z.
  CHECK(london.to_utc(LocalDate{2026, 10, 25}, LocalTime{1, 30}) == k2026 + 297 * kDay + 1800);
}

TEST_CASE("TimeZone copies share the same rules", "[calendar]") {
  const TimeZone original = load_zone("Europe/London");
  const TimeZone copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  CHECK(copy.name() == "Europe/London");
  CHECK(copy.utc_offset(1774746000) == original.utc_offset(1774746000));
}

}  // namespace hearth::calendar
