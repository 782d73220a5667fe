// The VTIMEZONE is derived from the zone itself rather than copied from the tz
// database's full history: the offset is scanned day by day over the years
// the calendar's events need, each change is located to the second, and
// changes that recur yearly on the same nth (or last) weekday of a month at
// the same local time become one observance with a yearly RRULE. The rule in
// effect at the end of the scan is left open-ended, which is what clients
// extrapolate from; earlier rules end with UNTIL; one-off changes are single
// onsets. A zone without changes gets one STANDARD observance.

#include "calendar/ics_writer.h"

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "calendar/calendar_text.h"

namespace hearth::calendar {
namespace {

constexpr std::size_t kMaxLineOctets = 75;
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr int kDaysPerWeek = 7;
// Years scanned for offset changes: from the year before the earliest event
// to this many years past the latest event (or now), at most kMaxScanYears.
constexpr int kScanYearsAhead = 2;
constexpr int kMaxScanYears = 40;

std::string_view status_text(IcsStatus status) {
  return status == IcsStatus::kCancelled ? "CANCELLED" : "CONFIRMED";
}

// "+0530", "-0500", "+002030" (seconds only when present).
std::string utc_offset_text(int offset) {
  std::string out = offset < 0 ? "-" : "+";
  const int magnitude = offset < 0 ? -offset : offset;
  const auto two_digits = [&out](int value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
  };
  two_digits(magnitude / 3600);
  two_digits(magnitude / 60 % 60);
  if (magnitude % 60 != 0) two_digits(magnitude % 60);
  return out;
}

// A local reading to the second, as seconds since 1970-01-01T00:00 on the
// same wall clock, written "19700101T000000".
std::string local_stamp(std::int64_t local_seconds) {
  // ics_utc writes the UTC reading; drop its "Z" to get the same digits.
  std::string out = internal::ics_utc(local_seconds);
  out.pop_back();
  return out;
}

// Appends one property: NAME[;PARAMS]:VALUE, folded.
void add_line(std::string& out, std::string_view name, std::string_view value) {
  std::string line(name);
  line += ':';
  line += value;
  out += fold_ics_line(line);
}

// A DATE-TIME or DATE property for a local start: ";TZID=Zone:20261202T120000"
// (kTimed) or ";VALUE=DATE:20261202" (kAllDay).
void add_local_time(std::string& out, std::string_view name, DayKind kind, const std::string& zone_name,
                    const LocalDate& date, const LocalTime& time) {
  if (kind == DayKind::kAllDay) {
    add_line(out, std::string(name) + ";VALUE=DATE", internal::ics_date(date));
  } else {
    add_line(out, std::string(name) + ";TZID=" + zone_name, internal::ics_date_time(date, time));
  }
}

bool is_plain_http_url(std::string_view url) {
  if (!(url.starts_with("https://") || url.starts_with("http://"))) return false;
  return std::none_of(url.begin(), url.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"'; });
}

// One change of the zone's offset.
struct Transition {
  std::int64_t utc = 0;  // the first second of the new offset
  int offset_from = 0;
  int offset_to = 0;
  LocalDate date;         // the local date just before the change (in offset_from)
  int second_of_day = 0;  // the local time of the change, in offset_from
  Weekday weekday = Weekday::kSunday;
  int nth = 0;        // date is the nth weekday of its month, 1..5
  bool last = false;  // date is the last such weekday of its month
};

// Transitions of one kind in consecutive years on a common yearly rule.
struct TransitionRun {
  std::vector<Transition> items;
  int nth = 0;        // the common nth, or 0
  bool last = false;  // every item is the last weekday of its month

  bool accepts(const Transition& next) const {
    const Transition& previous = items.back();
    if (next.offset_from != previous.offset_from || next.offset_to != previous.offset_to) return false;
    if (next.date.year != previous.date.year + 1 || next.date.month != previous.date.month) return false;
    if (next.weekday != previous.weekday || next.second_of_day != previous.second_of_day) return false;
    return (nth != 0 && next.nth == nth) || (last && next.last);
  }

  void add(const Transition& next) {
    if (next.nth != nth) nth = 0;
    last = last && next.last;
    items.push_back(next);
  }
};

int days_in_month(int year, int month) {
  const LocalDate first{year, month, 1};
  const LocalDate next = month == 12 ? LocalDate{year + 1, 1, 1} : LocalDate{year, month + 1, 1};
  return static_cast<int>(internal::days_from_civil(next) - internal::days_from_civil(first));
}

Transition describe_transition(std::int64_t utc, int offset_from, int offset_to) {
  Transition transition;
  transition.utc = utc;
  transition.offset_from = offset_from;
  transition.offset_to = offset_to;
  const std::int64_t local = utc + offset_from;
  const std::int64_t day = (local >= 0 ? local : local - (kSecondsPerDay - 1)) / kSecondsPerDay;
  transition.date = internal::civil_from_days(day);
  transition.second_of_day = static_cast<int>(local - day * kSecondsPerDay);
  transition.weekday = weekday_of(transition.date);
  transition.nth = (transition.date.day - 1) / kDaysPerWeek + 1;
  transition.last =
      transition.date.day + kDaysPerWeek > days_in_month(transition.date.year, transition.date.month);
  return transition;
}

// Every offset change in [from_utc, to_utc), found by sampling once a day
// (zones do not change twice within a day) and bisecting to the second.
std::vector<Transition> find_transitions(const TimeZone& zone, std::int64_t from_utc, std::int64_t to_utc) {
  std::vector<Transition> transitions;
  int offset = zone.utc_offset(from_utc);
  for (std::int64_t at = from_utc; at < to_utc; at += kSecondsPerDay) {
    const std::int64_t next = std::min(at + kSecondsPerDay, to_utc);
    const int next_offset = zone.utc_offset(next);
    if (next_offset == offset) continue;
    std::int64_t before = at;   // offset in effect here
    std::int64_t after = next;  // next_offset in effect here
    while (after - before > 1) {
      const std::int64_t middle = before + (after - before) / 2;
      if (zone.utc_offset(middle) == offset) {
        before = middle;
      } else {
        after = middle;
      }
    }
    transitions.push_back(describe_transition(after, offset, next_offset));
    offset = next_offset;
  }
  return transitions;
}

void add_observance(std::string& out, const TransitionRun& run, bool open_ended) {
  const Transition& first = run.items.front();
  const bool daylight = first.offset_to > first.offset_from;
  const std::string_view kind = daylight ? "DAYLIGHT" : "STANDARD";
  add_line(out, "BEGIN", kind);
  add_line(out, "DTSTART", local_stamp(first.utc + first.offset_from));
  add_line(out, "TZOFFSETFROM", utc_offset_text(first.offset_from));
  add_line(out, "TZOFFSETTO", utc_offset_text(first.offset_to));
  if (run.items.size() > 1 || open_ended) {
    std::string rule = "FREQ=YEARLY;BYMONTH=" + std::to_string(first.date.month) + ";BYDAY=";
    rule += run.last ? "-1" : std::to_string(run.nth);
    rule += internal::weekday_code(first.weekday);
    if (!open_ended) rule += ";UNTIL=" + internal::ics_utc(run.items.back().utc);
    add_line(out, "RRULE", rule);
  }
  add_line(out, "END", kind);
}

// The VTIMEZONE for `zone`, correct from the start of `first_year` to the end
// of `last_year` and extrapolating the rule in force at the end.
std::string vtimezone(const TimeZone& zone, int first_year, int last_year) {
  const std::int64_t from_utc = internal::days_from_civil(LocalDate{first_year, 1, 1}) * kSecondsPerDay;
  const std::int64_t to_utc = internal::days_from_civil(LocalDate{last_year + 1, 1, 1}) * kSecondsPerDay;
  const std::vector<Transition> transitions = find_transitions(zone, from_utc, to_utc);

  std::vector<TransitionRun> runs;
  for (const Transition& transition : transitions) {
    auto open = std::find_if(runs.begin(), runs.end(), [&](const TransitionRun& run) {
      return run.items.back().date.year + 1 == transition.date.year && run.accepts(transition);
    });
    if (open != runs.end()) {
      open->add(transition);
    } else {
      runs.push_back(TransitionRun{{transition}, transition.nth, transition.last});
    }
  }

  std::string out;
  add_line(out, "BEGIN", "VTIMEZONE");
  add_line(out, "TZID", zone.name());
  if (transitions.empty() || transitions.front().date.year > first_year) {
    // The offset from before the first change (or always): a plain onset.
    const std::string offset = utc_offset_text(zone.utc_offset(from_utc));
    add_line(out, "BEGIN", "STANDARD");
    add_line(out, "DTSTART", "19700101T000000");
    add_line(out, "TZOFFSETFROM", offset);
    add_line(out, "TZOFFSETTO", offset);
    add_line(out, "END", "STANDARD");
  }
  for (const TransitionRun& run : runs) {
    // Runs still going in the last scanned year are the zone's current rules.
    const bool open_ended = run.items.size() > 1 && run.items.back().date.year >= last_year;
    add_observance(out, run, open_ended);
  }
  add_line(out, "END", "VTIMEZONE");
  return out;
}

bool is_override(const IcsEvent& event) {
  return event.recurrence_date.has_value();
}

// The master VEVENT (same uid, no recurrence_date, valid) of an override.
const IcsEvent* find_master(const IcsCalendar& calendar, const IcsEvent& override_event) {
  for (const IcsEvent& event : calendar.events) {
    if (!is_override(event) && event.uid == override_event.uid && !validate(event.series)) return &event;
  }
  return nullptr;
}

void add_event(std::string& out, const IcsEvent& event, const IcsEvent* master, const TimeZone& zone,
               const std::string& dtstamp) {
  const EventSeries& series = event.series;
  const std::string& zone_name = zone.name();
  const LocalDate start_date = first_occurrence(series).value_or(series.first_date);

  add_line(out, "BEGIN", "VEVENT");
  add_line(out, "UID", escape_ics_text(event.uid));
  add_line(out, "DTSTAMP", dtstamp);
  add_line(out, "SEQUENCE", std::to_string(std::max(event.sequence, 0)));
  add_line(out, "STATUS", status_text(event.status));
  if (event.created_utc > 0) add_line(out, "CREATED", internal::ics_utc(event.created_utc));
  if (event.last_modified_utc > 0) add_line(out, "LAST-MODIFIED", internal::ics_utc(event.last_modified_utc));
  add_line(out, "SUMMARY", escape_ics_text(event.summary));
  if (!event.description.empty()) add_line(out, "DESCRIPTION", escape_ics_text(event.description));
  if (!event.location.empty()) add_line(out, "LOCATION", escape_ics_text(event.location));
  if (is_plain_http_url(event.url)) add_line(out, "URL", event.url);
  std::string categories;
  for (const std::string& category : event.categories) {
    const std::string escaped = escape_ics_text(category);
    if (escaped.empty()) continue;
    if (!categories.empty()) categories += ',';
    categories += escaped;
  }
  if (!categories.empty()) add_line(out, "CATEGORIES", categories);

  add_local_time(out, "DTSTART", series.day_kind, zone_name, start_date, series.start_time);
  if (series.day_kind == DayKind::kAllDay) {
    add_line(out, "DTEND;VALUE=DATE", internal::ics_date(add_days(start_date, series.all_day_days)));
  } else {
    // The first occurrence's end on the wall clock; its exact length is the
    // duration (RFC 5545 applies that length to every occurrence).
    const std::int64_t start_utc = zone.to_utc(start_date, series.start_time);
    const LocalDateTime end = zone.to_local(start_utc + std::int64_t{series.duration_minutes} * 60);
    add_line(out, "DTEND;TZID=" + zone_name, internal::ics_date_time(end.date, end.time));
  }

  if (master) {
    add_local_time(out, "RECURRENCE-ID", master->series.day_kind, zone_name, *event.recurrence_date,
                   master->series.start_time);
  } else if (series.frequency != SeriesFrequency::kOnce) {
    add_line(out, "RRULE", rrule(series, zone));
    std::vector<LocalDate> excluded = event.excluded_dates;
    std::sort(excluded.begin(), excluded.end());
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
    std::string values;
    for (const LocalDate& date : excluded) {
      if (!is_valid_date(date)) continue;
      if (!values.empty()) values += ',';
      values += series.day_kind == DayKind::kAllDay ? internal::ics_date(date)
                                                    : internal::ics_date_time(date, series.start_time);
    }
    if (!values.empty()) {
      const std::string name =
          series.day_kind == DayKind::kAllDay ? std::string("EXDATE;VALUE=DATE") : "EXDATE;TZID=" + zone_name;
      add_line(out, name, values);
    }
  }
  add_line(out, "END", "VEVENT");
}

}  // namespace

std::string escape_ics_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        out += "\\n";
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        break;
      case '\t': out += c; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) break;  // other control characters
        out += c;
    }
  }
  return out;
}

std::string fold_ics_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 64 * 3 + 2);
  std::size_t position = 0;
  std::size_t room = kMaxLineOctets;  // the first line has no leading space
  while (line.size() - position > room) {
    std::size_t cut = position + room;
    // Back up to the start of a UTF-8 sequence (never past the line's start).
    while (cut > position + 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(position, cut - position));
    out += "\r\n ";
    position = cut;
    room = kMaxLineOctets - 1;
  }
  out.append(line.substr(position));
  out += "\r\n";
  return out;
}

std::string write_ics(const IcsCalendar& calendar, const TimeZone& zone, std::int64_t now_utc) {
  // Masters before overrides, so that clients meet a series before its changes.
  std::vector<std::pair<const IcsEvent*, const IcsEvent*>> events;  // event, master of an override
  for (const IcsEvent& event : calendar.events) {
    if (!is_override(event) && !validate(event.series)) events.emplace_back(&event, nullptr);
  }
  for (const IcsEvent& event : calendar.events) {
    if (!is_override(event) || validate(event.series)) continue;
    const IcsEvent* master = find_master(calendar, event);
    if (!master || !is_valid_date(*event.recurrence_date)) continue;
    events.emplace_back(&event, master);
  }

  // Years the zone must be described for: every timed start and replaced date.
  const int now_year = zone.to_local(now_utc).date.year;
  int earliest_year = now_year;
  int latest_year = now_year;
  bool any_timed = false;
  for (const auto& [event, master] : events) {
    const bool timed =
        event->series.day_kind == DayKind::kTimed || (master && master->series.day_kind == DayKind::kTimed);
    if (!timed) continue;
    const int year = first_occurrence(event->series).value_or(event->series.first_date).year;
    const int replaced_year = event->recurrence_date ? event->recurrence_date->year : year;
    earliest_year =
        any_timed ? std::min({earliest_year, year, replaced_year}) : std::min(year, replaced_year);
    latest_year = std::max({latest_year, year, replaced_year});
    any_timed = true;
  }

  std::string out;
  add_line(out, "BEGIN", "VCALENDAR");
  add_line(out, "VERSION", "2.0");
  add_line(out, "PRODID", escape_ics_text(calendar.product_id));
  add_line(out, "CALSCALE", "GREGORIAN");
  add_line(out, "METHOD", "PUBLISH");
  if (!calendar.name.empty()) {
    add_line(out, "NAME", escape_ics_text(calendar.name));
    add_line(out, "X-WR-CALNAME", escape_ics_text(calendar.name));
  }
  if (calendar.refresh_minutes && *calendar.refresh_minutes > 0) {
    const std::string duration = "PT" + std::to_string(*calendar.refresh_minutes) + "M";
    add_line(out, "REFRESH-INTERVAL;VALUE=DURATION", duration);
    add_line(out, "X-PUBLISHED-TTL", duration);
  }
  if (any_timed) {
    add_line(out, "X-WR-TIMEZONE", zone.name());
    const int last_year = latest_year + kScanYearsAhead;
    const int first_year = std::max(earliest_year - 1, last_year - kMaxScanYears);
    out += vtimezone(zone, first_year, last_year);
  }
  const std::string dtstamp = internal::ics_utc(now_utc);
  for (const auto& [event, master] : events) add_event(out, *event, master, zone, dtstamp);
  add_line(out, "END", "VCALENDAR");
  return out;
}

}  // namespace hearth::calendar
