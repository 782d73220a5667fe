// hearth_ics_samples OUTPUT_DIR: writes sample calendars made by write_ics()
// (a single event, series with EXDATE and an override, a cancelled event,
// all-day events and series, in five zones) as OUTPUT_DIR/<name>.ics, each
// with OUTPUT_DIR/<name>.json holding the window to expand and the
// occurrences event_series computes for it, in the JSON shape that
// tests/support/ics_check.py prints:
//   {"from": "2026-01-01", "to": "2027-12-31", "expected": {"events": [...]}}
// tests/support/ics_samples_check.py (ctest ics_python) compares the two.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "calendar/event_series.h"
#include "calendar/ics_writer.h"
#include "calendar/time_zone.h"

namespace hearth::calendar {
namespace {

constexpr std::int64_t kNow = 1780000000;  // 2026-05-28T20:26:40Z, the DTSTAMP
constexpr std::size_t kMaxOccurrences = 2000;

struct Sample {
  std::string name;
  std::string zone;
  LocalDate from;
  LocalDate to;
  IcsCalendar calendar;
};

std::string two_digits(int value) {
  return std::string(1, static_cast<char>('0' + value / 10)) + static_cast<char>('0' + value % 10);
}

std::string iso_date(const LocalDate& date) {
  return std::to_string(date.year) + "-" + two_digits(date.month) + "-" + two_digits(date.day);
}

// "2026-12-02T12:00:00-05:00".
std::string iso_moment(const LocalDateTime& local, int offset) {
  const int magnitude = offset < 0 ? -offset : offset;
  return iso_date(local.date) + "T" + two_digits(local.time.hour) + ":" + two_digits(local.time.minute) +
         ":00" + (offset < 0 ? "-" : "+") + two_digits(magnitude / 3600) + ":" +
         two_digits(magnitude / 60 % 60);
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Occurrence starts of `event` whose local start date is within [from, to],
// without its excluded dates and the dates that `overridden` replaces.
std::vector<std::string> expected_occurrences(const IcsEvent& event, const std::vector<LocalDate>& overridden,
                                              const TimeZone& zone, const LocalDate& from,
                                              const LocalDate& to) {
  std::vector<std::string> out;
  const std::int64_t from_utc = zone.to_utc(from, LocalTime{});
  const std::int64_t to_utc = zone.to_utc(add_days(to, 1), LocalTime{});
  for (const EventOccurrence& occurrence :
       occurrences_between(event.series, zone, from_utc, to_utc, kMaxOccurrences)) {
    if (occurrence.date < from) continue;
    const auto excluded = [&](const std::vector<LocalDate>& dates) {
      return std::find(dates.begin(), dates.end(), occurrence.date) != dates.end();
    };
    if (!event.recurrence_date && (excluded(event.excluded_dates) || excluded(overridden))) continue;
    if (event.series.day_kind == DayKind::kAllDay) {
      out.push_back(iso_date(occurrence.date));
    } else {
      out.push_back(iso_moment(occurrence.start, zone.utc_offset(occurrence.start_utc)));
    }
  }
  return out;
}

std::string expected_json(const Sample& sample, const TimeZone& zone) {
  std::string out = "{\"from\": " + json_string(iso_date(sample.from)) +
                    ", \"to\": " + json_string(iso_date(sample.to)) + ", \"expected\": {\"events\": [";
  bool first = true;
  // Same order as write_ics: masters, then overrides.
  for (const bool overrides : {false, true}) {
    for (const IcsEvent& event : sample.calendar.events) {
      if (event.recurrence_date.has_value() != overrides) continue;
      std::vector<LocalDate> overridden;
      for (const IcsEvent& other : sample.calendar.events) {
        if (other.uid == event.uid && other.recurrence_date) overridden.push_back(*other.recurrence_date);
      }
      if (!first) out += ", ";
      first = false;
      out +=
          "{\"uid\": " + json_string(event.uid) + ", \"summary\": " + json_string(event.summary) +
          ", \"status\": " + json_string(event.status == IcsStatus::kCancelled ? "CANCELLED" : "CONFIRMED") +
          ", \"sequence\": " + std::to_string(event.sequence) + ", \"occurrences\": [";
      const std::vector<std::string> starts =
          expected_occurrences(event, overridden, zone, sample.from, sample.to);
      for (std::size_t i = 0; i < starts.size(); ++i) out += (i > 0 ? ", " : "") + json_string(starts[i]);
      out += "]}";
    }
  }
  return out + "]}}\n";
}

EventSeries timed(LocalDate first_date, LocalTime start, int minutes) {
  EventSeries series;
  series.first_date = first_date;
  series.start_time = start;
  series.duration_minutes = minutes;
  return series;
}

IcsEvent event(std::string uid, std::string summary, EventSeries series) {
  IcsEvent out;
  out.uid = std::move(uid);
  out.summary = std::move(summary);
  out.series = std::move(series);
  out.created_utc = kNow - 86400;
  out.last_modified_utc = kNow - 3600;
  return out;
}

// A calendar with one of everything, for `zone`.
IcsCalendar mixed_calendar(const std::string& zone_name) {
  IcsCalendar calendar;
  calendar.name = "Hearth events (" + zone_name + ")";
  calendar.refresh_minutes = 60;

  IcsEvent single = event("single@hearth.test", "Schwartz Rounds", timed({2026, 12, 2}, {12, 0}, 30));
  single.description = "Bring lunch; all welcome,\nincluding night shift.";
  single.location = "Room 4, Level 2";
  single.url = "https://hearth.example.org/events/1";
  single.categories = {"Wellness", "Rounds"};
  calendar.events.push_back(single);

  // Weekly at noon across both DST changes, with an excluded date and a moved one.
  EventSeries weekly = timed({2026, 1, 7}, {12, 0}, 45);
  weekly.frequency = SeriesFrequency::kWeekly;
  weekly.weekdays = {Weekday::kWednesday};
  weekly.until = LocalDate{2026, 12, 30};
  IcsEvent series = event("weekly@hearth.test", "Mindfulness at noon", weekly);
  series.sequence = 2;
  series.excluded_dates = {{2026, 4, 1}, {2026, 11, 4}};
  calendar.events.push_back(series);
  IcsEvent moved =
      event("weekly@hearth.test", "Mindfulness at noon (moved)", timed({2026, 6, 11}, {8, 30}, 45));
  moved.recurrence_date = LocalDate{2026, 6, 10};
  moved.sequence = 3;
  calendar.events.push_back(moved);

  // Every 2 weeks on Monday and Thursday, early, counted.
  EventSeries fortnightly = timed({2026, 2, 25}, {7, 30}, 45);
  fortnightly.frequency = SeriesFrequency::kWeekly;
  fortnightly.interval = 2;
  fortnightly.weekdays = {Weekday::kThursday, Weekday::kMonday};
  fortnightly.count = 30;
  calendar.events.push_back(event("fortnightly@hearth.test", "Yoga", fortnightly));

  // The fifth Friday (skips months), the last Sunday, the 31st, a 02:30 start.
  EventSeries fifth = timed({2026, 1, 1}, {18, 0}, 90);
  fifth.frequency = SeriesFrequency::kMonthlyByWeekday;
  fifth.weekday = Weekday::kFriday;
  fifth.week_of_month = 5;
  calendar.events.push_back(event("fifth-friday@hearth.test", "Fifth Friday social", fifth));
  EventSeries last_sunday = timed({2026, 1, 1}, {2, 30}, 60);
  last_sunday.frequency = SeriesFrequency::kMonthlyByWeekday;
  last_sunday.weekday = Weekday::kSunday;
  last_sunday.week_of_month = kLastWeekOfMonthEvent;
  calendar.events.push_back(event("last-sunday@hearth.test", "Night-shift debrief", last_sunday));
  EventSeries second_sunday = timed({2026, 1, 1}, {2, 30}, 60);
  second_sunday.frequency = SeriesFrequency::kMonthlyByWeekday;
  second_sunday.weekday = Weekday::kSunday;
  second_sunday.week_of_month = 2;
  second_sunday.count = 12;
  calendar.events.push_back(event("second-sunday@hearth.test", "Early debrief", second_sunday));
  EventSeries day31 = timed({2026, 1, 10}, {16, 0}, 60);
  day31.frequency = SeriesFrequency::kMonthlyByDayOfMonth;
  day31.day_of_month = 31;
  day31.until = LocalDate{2027, 8, 31};
  calendar.events.push_back(event("day-31@hearth.test", "Month-end check-in", day31));
  EventSeries quarterly = timed({2026, 1, 20}, {9, 0}, 120);
  quarterly.frequency = SeriesFrequency::kMonthlyByDayOfMonth;
  quarterly.interval = 3;
  quarterly.day_of_month = 15;
  calendar.events.push_back(event("quarterly@hearth.test", "Quarterly workshop", quarterly));

  // Cancelled one-off, and an all-day series of two-day retreats.
  IcsEvent cancelled = event("cancelled@hearth.test", "Grief circle", timed({2026, 3, 8}, {2, 30}, 60));
  cancelled.status = IcsStatus::kCancelled;
  cancelled.sequence = 1;
  calendar.events.push_back(cancelled);
  EventSeries retreat;
  retreat.first_date = LocalDate{2026, 3, 1};
  retreat.day_kind = DayKind::kAllDay;
  retreat.all_day_days = 2;
  retreat.frequency = SeriesFrequency::kMonthlyByWeekday;
  retreat.weekday = Weekday::kSaturday;
  retreat.week_of_month = 1;
  retreat.until = LocalDate{2027, 3, 6};
  IcsEvent retreats =
      event("retreat@hearth.test", "Wellness retreat \u2014 caf\u00e9 & r\u00e9sum\u00e9 talk", retreat);
  retreats.excluded_dates = {{2026, 8, 1}};
  calendar.events.push_back(retreats);
  return calendar;
}

std::vector<Sample> samples() {
  std::vector<Sample> out;
  for (const std::string zone :
       {"America/New_York", "Europe/London", "Australia/Sydney", "UTC", "Asia/Kolkata"}) {
    std::string name = "mixed-" + zone;
    std::replace(name.begin(), name.end(), '/', '-');
    out.push_back(Sample{name, zone, {2026, 1, 1}, {2027, 12, 31}, mixed_calendar(zone)});
  }

  // A single timed event, a single all-day event, and a long weekly series
  // whose window is far from its start.
  Sample single{"single", "America/New_York", {2026, 12, 1}, {2026, 12, 31}, {}};
  single.calendar.events.push_back(
      event("only@hearth.test", "Wellness session", timed({2026, 12, 2}, {12, 0}, 30)));
  out.push_back(single);
  Sample all_day{"all-day", "Europe/London", {2026, 12, 1}, {2026, 12, 31}, {}};
  EventSeries days;
  days.first_date = LocalDate{2026, 12, 5};
  days.day_kind = DayKind::kAllDay;
  days.all_day_days = 2;
  all_day.calendar.events.push_back(event("days@hearth.test", "Staff wellbeing weekend", days));
  out.push_back(all_day);
  Sample decade{"decade", "Australia/Sydney", {2034, 1, 1}, {2036, 12, 31}, {}};
  EventSeries weekly = timed({2026, 1, 5}, {12, 0}, 60);
  weekly.frequency = SeriesFrequency::kWeekly;
  weekly.interval = 3;
  weekly.weekdays = {Weekday::kMonday, Weekday::kFriday, Weekday::kSunday};
  decade.calendar.events.push_back(event("decade@hearth.test", "Long-running group", weekly));
  out.push_back(decade);
  return out;
}

}  // namespace
}  // namespace hearth::calendar

int main(int argc, char** argv) {
  using namespace hearth::calendar;
  if (argc != 2) {
    std::cerr << "usage: hearth_ics_samples OUTPUT_DIR\n";
    return 2;
  }
  const std::string directory = argv[1];
  for (const Sample& sample : samples()) {
    const std::optional<TimeZone> zone = TimeZone::load(sample.zone);
    if (!zone) {
      std::cerr << "hearth_ics_samples: cannot load zone " << sample.zone << "\n";
      return 1;
    }
    for (const IcsEvent& event : sample.calendar.events) {
      if (const auto problem = validate(event.series)) {
        std::cerr << "hearth_ics_samples: " << sample.name << " " << event.uid << ": " << *problem << "\n";
        return 1;
      }
    }
    std::ofstream ics(directory + "/" + sample.name + ".ics", std::ios::binary);
    ics << write_ics(sample.calendar, *zone, kNow);
    std::ofstream json(directory + "/" + sample.name + ".json", std::ios::binary);
    json << expected_json(sample, *zone);
    if (!ics || !json) {
      std::cerr << "hearth_ics_samples: cannot write to " << directory << "\n";
      return 1;
    }
  }
  return 0;
}
