#include "calendar/ics_writer.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "calendar_printers.h"
#include "common/text.h"

namespace hearth::calendar {
namespace {

constexpr std::int64_t kNow = 1780000000;  // 2026-05-28T20:26:40Z

TimeZone load_zone(std::string_view name) {
  auto zone = TimeZone::load(name);
  REQUIRE(zone.has_value());
  return *zone;
}

// The physical lines of iCalendar text, without their CRLF. Fails the test on
// a bare LF or CR, or a missing final CRLF.
std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < ics.size()) {
    const std::size_t end = ics.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    const std::string line = ics.substr(start, end - start);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    lines.push_back(line);
    start = end + 2;
  }
  return lines;
}

// RFC 5545 §3.1 unfolding: CRLF followed by a space is removed.
std::string unfold(std::string text) {
  for (std::size_t at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ", at)) {
    text.erase(at, 3);
  }
  return text;
}

// The unfolded content lines.
std::vector<std::string> content_lines(const std::string& ics) {
  const std::string unfolded = unfold(ics);
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end = unfolded.find("\r\n"); end != std::string::npos;
       end = unfolded.find("\r\n", start)) {
    lines.push_back(unfolded.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

bool has_line(const std::string& ics, std::string_view line) {
  const auto lines = content_lines(ics);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The content lines from "BEGIN:<name>" to "END:<name>" (the first such block).
std::vector<std::string> block(const std::string& ics, std::string_view name) {
  const auto lines = content_lines(ics);
  const std::string begin = "BEGIN:" + std::string(name);
  const std::string end = "END:" + std::string(name);
  auto first = std::find(lines.begin(), lines.end(), begin);
  auto last = std::find(first, lines.end(), end);
  if (first == lines.end() || last == lines.end()) return {};
  return std::vector<std::string>(first, last + 1);
}

std::size_t count_of(const std::string& haystack, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

EventSeries timed(LocalDate date, LocalTime start, int minutes) {
  EventSeries series;
  series.first_date = date;
  series.start_time = start;
  series.duration_minutes = minutes;
  return series;
}

IcsEvent event(std::string uid, std::string summary, EventSeries series) {
  IcsEvent out;
  out.uid = std::move(uid);
  out.summary = std::move(summary);
  out.series = std::move(series);
  return out;
}

IcsCalendar one_timed_event() {
  IcsCalendar calendar;
  calendar.events.push_back(event("e1@hearth.test", "Wellness session", timed({2026, 12, 2}, {12, 0}, 30)));
  return calendar;
}

}  // namespace

TEST_CASE("escape_ics_text escapes TEXT special characters and newlines", "[calendar][ics]") {
  CHECK(escape_ics_text("a,b;c\\d") == "a\\,b\\;c\\\\d");
  CHECK(escape_ics_text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour");
  CHECK(escape_ics_text("tab\there\x01\x7f!") == "tab\there!");
  CHECK(escape_ics_text("caf\u00e9 \u2615") == "caf\u00e9 \u2615");
  CHECK(escape_ics_text("") == "");
}

TEST_CASE("fold_ics_line folds at 75 octets without splitting UTF-8", "[calendar][ics]") {
  const std::string exact(75, 'x');
  CHECK(fold_ics_line(exact) == exact + "\r\n");
  CHECK(fold_ics_line(exact + "y") == exact + "\r\n y\r\n");

  std::string summary = "SUMMARY:";
  for (int i = 0; i < 30; ++i) summary += "Caf\u00e9 \u2615 \u00fcber-gro\u00df \U0001F600 ";
  const std::string folded = fold_ics_line(summary);
  const auto lines = physical_lines(folded);
  REQUIRE(lines.size() > 10);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO("line " << i << ": " << lines[i]);
    CHECK(lines[i].size() <= 75);
    CHECK(text::is_valid_utf8(lines[i]));
    if (i > 0) CHECK(lines[i][0] == ' ');
  }
  CHECK(unfold(folded) == summary + "\r\n");
  // Lines are filled as far as a whole character allows.
  CHECK(lines[0].size() >= 72);
}

TEST_CASE("write_ics writes a timed event with its zone", "[calendar][ics]") {
  const TimeZone zone = load_zone("America/New_York");
  IcsCalendar calendar;
  calendar.name = "Hearth; wellness, events";
  calendar.refresh_minutes = 60;
  IcsEvent rounds =
      event("event-42@hearth.example.org", "Schwartz Rounds", timed({2026, 12, 2}, {12, 0}, 30));
  rounds.sequence = 3;
  rounds.description = "Lunch provided;\nall welcome, \\ everyone";
  rounds.location = "Room 4, Level 2";
  rounds.url = "https://hearth.example.org/events/42";
  rounds.categories = {"Wellness", "Rounds, monthly"};
  rounds.created_utc = 1767225600;        // 2026-01-01T00:00:00Z
  rounds.last_modified_utc = 1767229261;  // 2026-01-01T01:01:01Z
  calendar.events.push_back(rounds);
  const std::string ics = write_ics(calendar, zone, kNow);

  physical_lines(ics);  // CRLF throughout
  CHECK(
      ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//Hearth wellness portal//EN\r\n"));
  CHECK(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  CHECK(has_line(ics, "X-WR-CALNAME:Hearth\\; wellness\\, events"));
  CHECK(has_line(ics, "NAME:Hearth\\; wellness\\, events"));
  CHECK(has_line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT60M"));
  CHECK(has_line(ics, "X-PUBLISHED-TTL:PT60M"));
  CHECK(block(ics, "VEVENT") == std::vector<std::string>{
                                    "BEGIN:VEVENT",
                                    "UID:event-42@hearth.example.org",
                                    "DTSTAMP:20260528T202640Z",
                                    "SEQUENCE:3",
                                    "STATUS:CONFIRMED",
                                    "CREATED:20260101T000000Z",
                                    "LAST-MODIFIED:20260101T010101Z",
                                    "SUMMARY:Schwartz Rounds",
                                    "DESCRIPTION:Lunch provided\\;\\nall welcome\\, \\\\ everyone",
                                    "LOCATION:Room 4\\, Level 2",
                                    "URL:https://hearth.example.org/events/42",
                                    "CATEGORIES:Wellness,Rounds\\, monthly",
                                    "DTSTART;TZID=America/New_York:20261202T120000",
                                    "DTEND;TZID=America/New_York:20261202T123000",
                                    "END:VEVENT",
                                });
  CHECK(count_of(ics, "BEGIN:VTIMEZONE") == 1);
  CHECK(ics.find("ATTENDEE") == std::string::npos);
  CHECK(ics.find("ORGANIZER") == std::string::npos);
}

TEST_CASE("write_ics writes a series with RRULE, EXDATE and an override", "[calendar][ics]") {
  const TimeZone zone = load_zone("Europe/London");
  IcsCalendar calendar;
  EventSeries wednesdays = timed({2026, 1, 5}, {12, 0}, 45);
  wednesdays.frequency = SeriesFrequency::kWeekly;
  wednesdays.weekdays = {Weekday::kWednesday};
  wednesdays.until = LocalDate{2026, 7, 29};
  IcsEvent moved = event("s1@hearth.test", "Mindfulness (moved)", timed({2026, 6, 11}, {8, 30}, 45));
  moved.recurrence_date = LocalDate{2026, 6, 10};
  moved.sequence = 2;
  calendar.events.push_back(moved);  // before its series: written after it
  IcsEvent series = event("s1@hearth.test", "Mindfulness", wednesdays);
  series.excluded_dates = {{2026, 4, 1}, {2026, 1, 14}, {2026, 4, 1}};
  calendar.events.push_back(series);
  const std::string ics = write_ics(calendar, zone, kNow);

  const auto lines = content_lines(ics);
  const auto master = std::find(lines.begin(), lines.end(), "SUMMARY:Mindfulness");
  const auto override_summary = std::find(lines.begin(), lines.end(), "SUMMARY:Mindfulness (moved)");
  REQUIRE(master != lines.end());
  REQUIRE(override_summary != lines.end());
  CHECK(master < override_summary);
  // The first Wednesday on or after 5 January; 12:00 BST on 29 July = 11:00Z.
  CHECK(has_line(ics, "DTSTART;TZID=Europe/London:20260107T120000"));
  CHECK(has_line(ics, "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260729T110000Z"));
  CHECK(has_line(ics, "EXDATE;TZID=Europe/London:20260114T120000,20260401T120000"));
  CHECK(has_line(ics, "RECURRENCE-ID;TZID=Europe/London:20260610T120000"));
  CHECK(has_line(ics, "DTSTART;TZID=Europe/London:20260611T083000"));
  CHECK(count_of(ics, "UID:s1@hearth.test") == 2);
  CHECK(count_of(ics, "RRULE:FREQ=WEEKLY") == 1);

  // An override whose series is not in the calendar is left out.
  IcsCalendar orphan;
  orphan.events.push_back(moved);
  CHECK(write_ics(orphan, zone, kNow).find("BEGIN:VEVENT") == std::string::npos);
}

TEST_CASE("write_ics writes cancelled and all-day events", "[calendar][ics]") {
  const TimeZone zone = load_zone("America/New_York");
  IcsCalendar calendar;
  EventSeries retreat;
  retreat.first_date = LocalDate{2026, 12, 5};
  retreat.day_kind = DayKind::kAllDay;
  retreat.all_day_days = 2;
  IcsEvent cancelled = event("c1@hearth.test", "Retreat", retreat);
  cancelled.status = IcsStatus::kCancelled;
  cancelled.sequence = 1;
  calendar.events.push_back(cancelled);
  EventSeries saturdays = retreat;
  saturdays.frequency = SeriesFrequency::kMonthlyByWeekday;
  saturdays.weekday = Weekday::kSaturday;
  saturdays.week_of_month = 1;
  saturdays.until = LocalDate{2027, 6, 30};
  IcsEvent monthly = event("m1@hearth.test", "Monthly retreat", saturdays);
  monthly.excluded_dates = {{2027, 2, 6}};
  calendar.events.push_back(monthly);
  IcsEvent broken = event("b1@hearth.test", "Broken", retreat);
  broken.series.all_day_days = 0;
  calendar.events.push_back(broken);
  const std::string ics = write_ics(calendar, zone, kNow);

  CHECK(has_line(ics, "STATUS:CANCELLED"));
  CHECK(has_line(ics, "SEQUENCE:1"));
  CHECK(has_line(ics, "DTSTART;VALUE=DATE:20261205"));
  CHECK(has_line(ics, "DTEND;VALUE=DATE:20261207"));  // exclusive
  CHECK(has_line(ics, "RRULE:FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630"));
  CHECK(has_line(ics, "EXDATE;VALUE=DATE:20270206"));
  CHECK(ics.find("Broken") == std::string::npos);  // fails validate(): skipped
  // No timed event, so no zone.
  CHECK(ics.find("VTIMEZONE") == std::string::npos);
  CHECK(ics.find("TZID") == std::string::npos);
  CHECK(ics.find("CREATED") == std::string::npos);  // 0: not written
}

TEST_CASE("VTIMEZONE observances follow each zone's current rules", "[calendar][ics]") {
  SECTION("New York: second Sunday of March, first Sunday of November, 02:00") {
    const std::string ics = write_ics(one_timed_event(), load_zone("America/New_York"), kNow);
    CHECK(block(ics, "VTIMEZONE") == std::vector<std::string>{
                                         "BEGIN:VTIMEZONE",
                                         "TZID:America/New_York",
                                         "BEGIN:DAYLIGHT",
                                         "DTSTART:20250309T020000",
                                         "TZOFFSETFROM:-0500",
                                         "TZOFFSETTO:-0400",
                                         "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                                         "END:DAYLIGHT",
                                         "BEGIN:STANDARD",
                                         "DTSTART:20251102T020000",
                                         "TZOFFSETFROM:-0400",
                                         "TZOFFSETTO:-0500",
                                         "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
                                         "END:STANDARD",
                                         "END:VTIMEZONE",
                                     });
    CHECK(has_line(ics, "X-WR-TIMEZONE:America/New_York"));
  }
  SECTION("London: last Sundays of March and October") {
    const std::string ics = write_ics(one_timed_event(), load_zone("Europe/London"), kNow);
    const auto zone = block(ics, "VTIMEZONE");
    CHECK(std::vector<std::string>(zone.begin() + 2, zone.end() - 1) ==
          std::vector<std::string>{
              "BEGIN:DAYLIGHT",
              "DTSTART:20250330T010000",
              "TZOFFSETFROM:+0000",
              "TZOFFSETTO:+0100",
              "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
              "END:DAYLIGHT",
              "BEGIN:STANDARD",
              "DTSTART:20251026T020000",
              "TZOFFSETFROM:+0100",
              "TZOFFSETTO:+0000",
              "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
              "END:STANDARD",
          });
  }
  SECTION("Sydney: daylight time across the new year") {
    const std::string ics = write_ics(one_timed_event(), load_zone("Australia/Sydney"), kNow);
    const auto zone = block(ics, "VTIMEZONE");
    CHECK(std::vector<std::string>(zone.begin() + 2, zone.end() - 1) ==
          std::vector<std::string>{
              "BEGIN:STANDARD",
              "DTSTART:20250406T030000",
              "TZOFFSETFROM:+1100",
              "TZOFFSETTO:+1000",
              "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
              "END:STANDARD",
              "BEGIN:DAYLIGHT",
              "DTSTART:20251005T020000",
              "TZOFFSETFROM:+1000",
              "TZOFFSETTO:+1100",
              "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
              "END:DAYLIGHT",
          });
  }
  SECTION("Zones without daylight time: one plain STANDARD") {
    for (const auto& [name, offset] : {std::pair{"UTC", "+0000"}, std::pair{"Asia/Kolkata", "+0530"}}) {
      const std::string ics = write_ics(one_timed_event(), load_zone(name), kNow);
      CHECK(block(ics, "VTIMEZONE") == std::vector<std::string>{
                                           "BEGIN:VTIMEZONE",
                                           "TZID:" + std::string(name),
                                           "BEGIN:STANDARD",
                                           "DTSTART:19700101T000000",
                                           "TZOFFSETFROM:" + std::string(offset),
                                           "TZOFFSETTO:" + std::string(offset),
                                           "END:STANDARD",
                                           "END:VTIMEZONE",
                                       });
      CHECK(has_line(ics, "DTSTART;TZID=" + std::string(name) + ":20261202T120000"));
    }
  }
  SECTION("An event in an older rule era gets that era's rule, ended with UNTIL") {
    // US rules before 2007: first Sunday of April to last Sunday of October.
    IcsCalendar calendar;
    calendar.events.push_back(event("old@hearth.test", "Old", timed({2005, 6, 1}, {12, 0}, 30)));
    const std::string ics = write_ics(calendar, load_zone("America/New_York"), kNow);
    CHECK(has_line(ics, "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z"));
    CHECK(has_line(ics, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z"));
    CHECK(has_line(ics, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"));
    CHECK(has_line(ics, "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"));
    CHECK(count_of(ics, "BEGIN:VTIMEZONE") == 1);
  }
}

TEST_CASE("write_ics keeps every physical line within 75 octets", "[calendar][ics]") {
  const TimeZone zone = load_zone("Europe/London");
  IcsCalendar calendar = one_timed_event();
  std::string long_text;
  for (int i = 0; i < 20; ++i) long_text += "R\u00e9sum\u00e9 \u2014 \u201cself-care\u201d, caf\u00e9; ";
  calendar.events[0].summary = long_text;
  calendar.events[0].description = long_text + "\n" + long_text;
  const std::string ics = write_ics(calendar, zone, kNow);
  for (const std::string& line : physical_lines(ics)) {
    CHECK(line.size() <= 75);
    CHECK(text::is_valid_utf8(line));
  }
  CHECK(has_line(ics, "SUMMARY:" + escape_ics_text(long_text)));
}

}  // namespace hearth::calendar
