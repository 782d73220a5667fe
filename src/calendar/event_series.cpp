// Occurrence dates are computed with plain day arithmetic on the proleptic
// Gregorian calendar (no libical): for a weekly series the week of any date is
// known directly, so a window far from the first occurrence is reached by
// jumping, not by expanding the series from its start. Each date's wall-clock
// start is then placed in the zone with TimeZone::to_utc(), which keeps the
// local time fixed across daylight-saving changes. The rules match RFC 5545
// (WKST=MO) with DTSTART at the first occurrence, which is what ics_writer.cpp
// writes; tests/support/ics_check.py checks that against python-dateutil.

#include "calendar/event_series.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "calendar/calendar_text.h"

namespace hearth::calendar {
namespace {

constexpr int kDaysPerWeek = 7;
constexpr int kMonthsPerYear = 12;
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kSecondsPerMinute = 60;
// Searching for the first matching day of a monthly rule: a fifth weekday
// turns up within three months, a 31st within two.
constexpr int kMaxMonthsToFirst = 14;
// More than the days from kMinEventYear to kMaxEventYear: a guard on loops
// that advance by at least one day per step.
constexpr int kMaxSteps = (kMaxEventYear - kMinEventYear + 2) * 366;

using internal::civil_from_days;
using internal::days_from_civil;

Weekday weekday_of_days(std::int64_t days) {
  // 1970-01-01 was a Thursday.
  return static_cast<Weekday>(((days % kDaysPerWeek) + kDaysPerWeek + 4) % kDaysPerWeek);
}

// 0 for Monday .. 6 for Sunday: the position in an RFC 5545 week with WKST=MO.
int monday_index(Weekday weekday) {
  return (static_cast<int>(weekday) + 6) % kDaysPerWeek;
}

Weekday weekday_at_monday_index(int index) {
  return static_cast<Weekday>((index + 1) % kDaysPerWeek);
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

bool is_valid_weekday(Weekday weekday) {
  const int value = static_cast<int>(weekday);
  return value >= static_cast<int>(Weekday::kSunday) && value <= static_cast<int>(Weekday::kSaturday);
}

bool is_series(const EventSeries& series) {
  return series.frequency != SeriesFrequency::kOnce;
}

bool is_monthly(const EventSeries& series) {
  return series.frequency == SeriesFrequency::kMonthlyByWeekday ||
         series.frequency == SeriesFrequency::kMonthlyByDayOfMonth;
}

// Everything validate() checks except whether the rule gives any date.
std::optional<std::string> check_fields(const EventSeries& series) {
  const SeriesFrequency frequency = series.frequency;
  if (frequency != SeriesFrequency::kOnce && frequency != SeriesFrequency::kWeekly &&
      frequency != SeriesFrequency::kMonthlyByWeekday && frequency != SeriesFrequency::kMonthlyByDayOfMonth) {
    return "Choose how often the event repeats.";
  }
  if (!is_valid_date(series.first_date)) return "The first date is not a real date.";
  const std::string year_range = std::to_string(kMinEventYear) + " and " + std::to_string(kMaxEventYear);
  if (series.first_date.year < kMinEventYear || series.first_date.year > kMaxEventYear) {
    return "The first date must be between " + year_range + ".";
  }
  if (series.day_kind == DayKind::kTimed) {
    if (!is_valid_time(series.start_time)) return "The start time is not a real time of day.";
    if (series.duration_minutes < kMinEventMinutes || series.duration_minutes > kMaxEventMinutes) {
      return "An event must last between 5 minutes and 24 hours.";
    }
  } else if (series.day_kind == DayKind::kAllDay) {
    if (series.all_day_days < 1 || series.all_day_days > kMaxAllDayDays) {
      return "An all-day event must last between 1 and " + std::to_string(kMaxAllDayDays) + " days.";
    }
  } else {
    return "Choose whether the event has a start time or lasts all day.";
  }
  if (!is_series(series)) {
    if (series.until || series.count) return "A one-off event has no end date or number of sessions.";
    return std::nullopt;
  }

  if (series.interval < 1 || series.interval > kMaxSeriesInterval) {
    const std::string_view unit = is_monthly(series) ? "months" : "weeks";
    return "The event can repeat every 1 to " + std::to_string(kMaxSeriesInterval) + " " + std::string(unit) +
           ".";
  }
  if (frequency == SeriesFrequency::kWeekly) {
    if (series.weekdays.empty()) return "Choose at least one weekday.";
    std::array<bool, kDaysPerWeek> seen{};
    for (const Weekday weekday : series.weekdays) {
      if (!is_valid_weekday(weekday)) return "Choose the weekdays from Monday to Sunday.";
      bool& was_seen = seen[static_cast<std::size_t>(weekday)];
      if (was_seen) return "Choose each weekday only once.";
      was_seen = true;
    }
  }
  if (frequency == SeriesFrequency::kMonthlyByWeekday) {
    if (!is_valid_weekday(series.weekday)) return "Choose the day of the week the event is on.";
    const int week = series.week_of_month;
    if (!((week >= 1 && week <= 5) || week == kLastWeekOfMonthEvent)) {
      return "Choose the first, second, third, fourth, fifth or last week of the month.";
    }
  }
  if (frequency == SeriesFrequency::kMonthlyByDayOfMonth &&
      (series.day_of_month < 1 || series.day_of_month > 31)) {
    return "Choose a day of the month from 1 to 31.";
  }
  if (series.until && series.count) return "Choose an end date or a number of sessions, not both.";
  if (series.until) {
    if (!is_valid_date(*series.until)) return "The end date is not a real date.";
    if (*series.until < series.first_date) return "The end date must be on or after the first date.";
    if (series.until->year > kMaxEventYear) return "The end date must be between " + year_range + ".";
  }
  if (series.count && (*series.count < 1 || *series.count > kMaxSeriesCount)) {
    return "The number of sessions must be between 1 and " + std::to_string(kMaxSeriesCount) + ".";
  }
  return std::nullopt;
}

// The occurrence dates of a series whose fields passed check_fields(), as day
// numbers (days since 1970-01-01). until, count and kMaxEventYear are all
// folded into one last date. A kOnce event is a weekly rule on its one day.
class DateRule {
 public:
  explicit DateRule(const EventSeries& series) : series_(series) {
    const std::int64_t first_date = days_from_civil(series.first_date);
    last_ = days_from_civil(LocalDate{kMaxEventYear, 12, 31});
    if (series.until) last_ = std::min(last_, days_from_civil(*series.until));
    if (!is_series(series)) {
      weekday_mask_ = 1U << monday_index(weekday_of_days(first_date));
      first_ = first_date;
      last_ = first_date;
    } else if (series.frequency == SeriesFrequency::kWeekly) {
      for (const Weekday weekday : series.weekdays) weekday_mask_ |= 1U << monday_index(weekday);
      first_ = first_date;
      while (!has_weekday(first_)) ++first_;  // at most six steps: the mask is not empty
    } else {
      first_ = first_monthly(series.first_date);
    }
    weekly_anchor_ = first_ - monday_index(weekday_of_days(first_));
    first_month_ = month_number(first_);
    if (series.count && has_dates()) {
      // The count-th date is the last one; later code only sees last_.
      std::optional<std::int64_t> date = first_;
      for (int index = 1; date && index < *series.count; ++index) date = next_on_or_after(*date + 1);
      if (date) last_ = *date;
    }
  }

  bool has_dates() const { return first_ <= last_; }
  std::int64_t first() const { return first_; }

  // The first date on or after `day`, or nullopt if none.
  std::optional<std::int64_t> next_on_or_after(std::int64_t day) const {
    if (!has_dates() || day > last_) return std::nullopt;
    if (day <= first_) return first_;
    std::optional<std::int64_t> found = is_monthly(series_) ? next_monthly(day) : next_weekly(day);
    if (found && *found > last_) return std::nullopt;
    return found;
  }

  // The last date on or before `day`, or nullopt if none.
  std::optional<std::int64_t> prev_on_or_before(std::int64_t day) const {
    day = std::min(day, last_);
    if (!has_dates() || day < first_) return std::nullopt;
    return is_monthly(series_) ? prev_monthly(day) : prev_weekly(day);
  }

  // How many dates are before `day`.
  int count_before(std::int64_t day) const {
    day = std::min(day, last_ + 1);
    if (!has_dates() || day <= first_) return 0;
    return is_monthly(series_) ? count_monthly_before(day) : count_weekly_before(day);
  }

 private:
  int interval() const { return is_series(series_) ? series_.interval : 1; }

  bool has_weekday(std::int64_t day) const {
    return (weekday_mask_ >> monday_index(weekday_of_days(day)) & 1U) != 0;
  }

  // Weeks are numbered from the week (Monday to Sunday) of the first date.
  std::int64_t week_of(std::int64_t day) const { return (day - weekly_anchor_) / kDaysPerWeek; }
  std::int64_t monday_of_week(std::int64_t week) const { return weekly_anchor_ + week * kDaysPerWeek; }

  // The lowest weekday index at or after `from` in the mask, or -1.
  int lowest_weekday_from(int from) const {
    for (int index = from; index < kDaysPerWeek; ++index) {
      if ((weekday_mask_ >> index & 1U) != 0) return index;
    }
    return -1;
  }

  // The highest weekday index at or before `to` in the mask, or -1.
  int highest_weekday_to(int to) const {
    for (int index = to; index >= 0; --index) {
      if ((weekday_mask_ >> index & 1U) != 0) return index;
    }
    return -1;
  }

  int weekdays_below(int index) const {
    int count = 0;
    for (int below = 0; below < index; ++below) count += static_cast<int>(weekday_mask_ >> below & 1U);
    return count;
  }

  // Requires day > first_.
  std::optional<std::int64_t> next_weekly(std::int64_t day) const {
    const std::int64_t week = week_of(day);
    if (week % interval() == 0) {
      const int index = lowest_weekday_from(static_cast<int>(day - monday_of_week(week)));
      if (index >= 0) return monday_of_week(week) + index;
    }
    const std::int64_t next_week = (week / interval() + 1) * interval();
    return monday_of_week(next_week) + lowest_weekday_from(0);
  }

  // Requires first_ <= day <= last_.
  std::int64_t prev_weekly(std::int64_t day) const {
    const std::int64_t week = week_of(day);
    if (week % interval() == 0) {
      // In week 0 this finds first_ at the latest, as day >= first_.
      const int index = highest_weekday_to(static_cast<int>(day - monday_of_week(week)));
      if (index >= 0) return monday_of_week(week) + index;
    }
    const std::int64_t previous_week =
        week % interval() == 0 ? week - interval() : week / interval() * interval();
    return monday_of_week(previous_week) + highest_weekday_to(kDaysPerWeek - 1);
  }

  // Requires first_ < day.
  int count_weekly_before(std::int64_t day) const {
    const std::int64_t week = week_of(day);
    const auto per_week = static_cast<std::int64_t>(weekdays_below(kDaysPerWeek));
    const std::int64_t whole_weeks = (week + interval() - 1) / interval();  // eligible weeks before `week`
    std::int64_t count = whole_weeks * per_week - weekdays_below(monday_index(weekday_of_days(first_)));
    if (week % interval() == 0) count += weekdays_below(static_cast<int>(day - monday_of_week(week)));
    return static_cast<int>(count);
  }

  static int month_number(std::int64_t day) {
    const LocalDate date = civil_from_days(day);
    return date.year * kMonthsPerYear + date.month - 1;
  }

  // The rule's day in month number `month`, or nullopt if the month has none.
  std::optional<std::int64_t> day_in_month(int month) const {
    const int year = month / kMonthsPerYear;
    const int month_of_year = month % kMonthsPerYear + 1;
    const int length = days_in_month(year, month_of_year);
    const std::int64_t first_of_month = days_from_civil(LocalDate{year, month_of_year, 1});
    int day = 0;
    if (series_.frequency == SeriesFrequency::kMonthlyByDayOfMonth) {
      day = series_.day_of_month;
    } else {
      const int first_weekday = static_cast<int>(weekday_of_days(first_of_month));
      const int first_match =
          1 + (static_cast<int>(series_.weekday) - first_weekday + kDaysPerWeek) % kDaysPerWeek;
      day = series_.week_of_month == kLastWeekOfMonthEvent
                ? first_match + (length - first_match) / kDaysPerWeek * kDaysPerWeek
                : first_match + (series_.week_of_month - 1) * kDaysPerWeek;
    }
    if (day > length) return std::nullopt;
    return first_of_month + day - 1;
  }

  std::int64_t first_monthly(const LocalDate& first_date) const {
    const std::int64_t from = days_from_civil(first_date);
    const int start_month = first_date.year * kMonthsPerYear + first_date.month - 1;
    for (int month = start_month; month < start_month + kMaxMonthsToFirst; ++month) {
      const std::optional<std::int64_t> day = day_in_month(month);
      if (day && *day >= from) return *day;
    }
    return last_ + 1;  // no dates (cannot happen with the search length above)
  }

  int last_month() const { return month_number(last_); }

  // Requires first_ < day <= last_.
  std::optional<std::int64_t> next_monthly(std::int64_t day) const {
    const int offset = month_number(day) - first_month_;
    int month = first_month_ + (offset + interval() - 1) / interval() * interval();
    for (; month <= last_month(); month += interval()) {
      const std::optional<std::int64_t> found = day_in_month(month);
      if (found && *found >= day) return found;
    }
    return std::nullopt;
  }

  // Requires first_ <= day <= last_.
  std::int64_t prev_monthly(std::int64_t day) const {
    const int offset = month_number(day) - first_month_;
    for (int month = first_month_ + offset / interval() * interval(); month >= first_month_;
         month -= interval()) {
      const std::optional<std::int64_t> found = day_in_month(month);
      if (found && *found <= day) return *found;
    }
    return first_;  // not reached: the first month holds first_ <= day
  }

  // Requires first_ < day <= last_ + 1.
  int count_monthly_before(std::int64_t day) const {
    int count = 0;
    for (int month = first_month_; month <= month_number(day); month += interval()) {
      const std::optional<std::int64_t> found = day_in_month(month);
      if (found && *found < day) ++count;
    }
    return count;
  }

  const EventSeries& series_;
  unsigned weekday_mask_ = 0;  // bit i: Monday-first weekday i
  std::int64_t first_ = 0;
  std::int64_t last_ = 0;
  std::int64_t weekly_anchor_ = 0;  // the Monday of first_'s week
  int first_month_ = 0;             // year * 12 + month - 1 of first_
};

// Requires a series that passed check_fields().
EventOccurrence make_occurrence(const EventSeries& series, const TimeZone& zone, std::int64_t day) {
  EventOccurrence occurrence;
  occurrence.date = civil_from_days(day);
  if (series.day_kind == DayKind::kAllDay) {
    const std::int64_t end_day = day + series.all_day_days;
    const LocalDate end_date = civil_from_days(end_day);
    occurrence.start_utc = zone.to_utc(occurrence.date, LocalTime{});
    occurrence.end_utc = zone.to_utc(end_date, LocalTime{});
    occurrence.start = LocalDateTime{occurrence.date, LocalTime{}, weekday_of_days(day)};
    occurrence.end = LocalDateTime{end_date, LocalTime{}, weekday_of_days(end_day)};
    return occurrence;
  }
  occurrence.start_utc = zone.to_utc(occurrence.date, series.start_time);
  occurrence.end_utc = occurrence.start_utc + series.duration_minutes * kSecondsPerMinute;
  occurrence.start = zone.to_local(occurrence.start_utc);
  occurrence.end = zone.to_local(occurrence.end_utc);
  return occurrence;
}

// "Wednesday 2 December 2026".
std::string long_date(const LocalDate& date) {
  return std::string(weekday_name(weekday_of(date))) + " " + std::to_string(date.day) + " " +
         std::string(internal::month_name(date.month)) + " " + std::to_string(date.year);
}

// "2 December 2026".
std::string plain_date(const LocalDate& date) {
  return std::to_string(date.day) + " " + std::string(internal::month_name(date.month)) + " " +
         std::to_string(date.year);
}

// "5–6 December 2026", "30 November–1 December 2026", "31 December 2026–1 January 2027".
std::string date_span(const LocalDate& first, const LocalDate& last) {
  std::string out = std::to_string(first.day);
  if (first.month != last.month || first.year != last.year) {
    out += " " + std::string(internal::month_name(first.month));
  }
  if (first.year != last.year) out += " " + std::to_string(first.year);
  return out + std::string(internal::kEnDash) + plain_date(last);
}

// "1st", "2nd", "3rd", "11th", "22nd", "31st".
std::string day_ordinal(int day) {
  std::string_view suffix = "th";
  if (day % 100 < 11 || day % 100 > 13) {
    if (day % 10 == 1) suffix = "st";
    if (day % 10 == 2) suffix = "nd";
    if (day % 10 == 3) suffix = "rd";
  }
  return std::to_string(day) + std::string(suffix);
}

// "Monday", "Monday and Thursday", "Monday, Wednesday and Friday" (Monday first).
std::string weekday_list(const std::vector<Weekday>& weekdays) {
  std::vector<int> indexes;
  for (const Weekday weekday : weekdays) indexes.push_back(monday_index(weekday));
  std::sort(indexes.begin(), indexes.end());
  std::string out;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    if (i > 0) out += i + 1 == indexes.size() ? " and " : ", ";
    out += weekday_name(weekday_at_monday_index(indexes[i]));
  }
  return out;
}

// "12:00–12:30 pm", "all day", "all day for 3 days".
std::string series_timing(const EventSeries& series) {
  if (series.day_kind == DayKind::kTimed)
    return internal::time_range(series.start_time, series.duration_minutes);
  if (series.all_day_days == 1) return "all day";
  return "all day for " + std::to_string(series.all_day_days) + " days";
}

}  // namespace

LocalDate add_days(const LocalDate& date, int days) {
  return civil_from_days(days_from_civil(date) + days);
}

Weekday weekday_of(const LocalDate& date) {
  return weekday_of_days(days_from_civil(date));
}

std::optional<std::string> validate(const EventSeries& series) {
  if (std::optional<std::string> problem = check_fields(series)) return problem;
  if (!DateRule(series).has_dates()) return "This repeat pattern has no dates.";
  return std::nullopt;
}

std::optional<LocalDate> first_occurrence(const EventSeries& series) {
  if (check_fields(series)) return std::nullopt;
  const DateRule rule(series);
  if (!rule.has_dates()) return std::nullopt;
  return civil_from_days(rule.first());
}

std::vector<EventOccurrence> occurrences_between(const EventSeries& series, const TimeZone& zone,
                                                 std::int64_t from_utc, std::int64_t to_utc,
                                                 std::size_t limit) {
  std::vector<EventOccurrence> result;
  if (limit == 0 || from_utc >= to_utc || check_fields(series)) return result;
  const DateRule rule(series);
  if (!rule.has_dates()) return result;

  // Every occurrence lies within these instants (a day of slack either side
  // for any zone offset), so clamping keeps libical within its range.
  const std::int64_t earliest =
      days_from_civil(LocalDate{kMinEventYear, 1, 1}) * kSecondsPerDay - kSecondsPerDay;
  const std::int64_t latest =
      (days_from_civil(LocalDate{kMaxEventYear, 12, 31}) + kMaxAllDayDays + 2) * kSecondsPerDay;
  from_utc = std::clamp(from_utc, earliest, latest);
  to_utc = std::clamp(to_utc, earliest, latest);
  if (from_utc >= to_utc) return result;

  // An occurrence overlapping the window starts at most its length (a day, or
  // all_day_days) before from_utc's local date, and no later than to_utc's.
  const int span_days = series.day_kind == DayKind::kAllDay ? series.all_day_days : 1;
  const std::int64_t first_day = days_from_civil(zone.to_local(from_utc).date) - span_days - 1;
  const std::int64_t last_day = days_from_civil(zone.to_local(to_utc).date) + 1;

  std::optional<std::int64_t> day = rule.next_on_or_after(first_day);
  for (int step = 0; day && *day <= last_day && result.size() < limit && step < kMaxSteps; ++step) {
    EventOccurrence occurrence = make_occurrence(series, zone, *day);
    if (occurrence.end_utc > from_utc && occurrence.start_utc < to_utc)
      result.push_back(std::move(occurrence));
    day = rule.next_on_or_after(*day + 1);
  }
  return result;
}

std::optional<EventOccurrence> occurrence_on(const EventSeries& series, const TimeZone& zone,
                                             const LocalDate& date) {
  if (!is_valid_date(date) || check_fields(series)) return std::nullopt;
  const DateRule rule(series);
  const std::int64_t day = days_from_civil(date);
  if (rule.next_on_or_after(day) != day) return std::nullopt;
  return make_occurrence(series, zone, day);
}

int occurrences_before(const EventSeries& series, const LocalDate& date) {
  if (!is_valid_date(date) || check_fields(series)) return 0;
  return DateRule(series).count_before(days_from_civil(date));
}

std::optional<LocalDate> last_occurrence_before(const EventSeries& series, const LocalDate& date) {
  if (!is_valid_date(date) || check_fields(series)) return std::nullopt;
  const std::optional<std::int64_t> day = DateRule(series).prev_on_or_before(days_from_civil(date) - 1);
  if (!day) return std::nullopt;
  return civil_from_days(*day);
}

std::string describe(const EventSeries& series) {
  if (check_fields(series)) return "";
  const std::string timing = series_timing(series);
  if (!is_series(series)) {
    if (series.day_kind == DayKind::kAllDay && series.all_day_days > 1) {
      return date_span(series.first_date, add_days(series.first_date, series.all_day_days - 1)) + ", all day";
    }
    return long_date(series.first_date) + ", " + (series.day_kind == DayKind::kAllDay ? "all day" : timing);
  }

  const std::string every_months =
      series.interval == 1 ? "each month" : "every " + std::to_string(series.interval) + " months";
  std::string out;
  switch (series.frequency) {
    case SeriesFrequency::kWeekly:
      out = series.interval == 1
                ? "Every " + weekday_list(series.weekdays)
                : "Every " + std::to_string(series.interval) + " weeks on " + weekday_list(series.weekdays);
      break;
    case SeriesFrequency::kMonthlyByWeekday:
      out = "The " + std::string(internal::week_ordinal(series.week_of_month)) + " " +
            std::string(weekday_name(series.weekday)) + " of " + every_months;
      break;
    case SeriesFrequency::kMonthlyByDayOfMonth:
      out = "The " + day_ordinal(series.day_of_month) + " of " + every_months;
      break;
    case SeriesFrequency::kOnce: break;
  }
  out += ", " + timing;
  if (series.until) out += ", until " + plain_date(*series.until);
  if (series.count) out += *series.count == 1 ? ", once" : ", " + std::to_string(*series.count) + " times";
  return out;
}

std::string rrule(const EventSeries& series, const TimeZone& zone) {
  if (!is_series(series) || check_fields(series)) return "";
  std::string out = is_monthly(series) ? "FREQ=MONTHLY" : "FREQ=WEEKLY";
  if (series.interval != 1) out += ";INTERVAL=" + std::to_string(series.interval);
  switch (series.frequency) {
    case SeriesFrequency::kWeekly: {
      if (series.interval != 1) out += ";WKST=MO";
      std::vector<int> indexes;
      for (const Weekday weekday : series.weekdays) indexes.push_back(monday_index(weekday));
      std::sort(indexes.begin(), indexes.end());
      out += ";BYDAY=";
      for (std::size_t i = 0; i < indexes.size(); ++i) {
        if (i > 0) out += ',';
        out += internal::weekday_code(weekday_at_monday_index(indexes[i]));
      }
      break;
    }
    case SeriesFrequency::kMonthlyByWeekday:
      out += ";BYDAY=" + std::to_string(series.week_of_month) +
             std::string(internal::weekday_code(series.weekday));
      break;
    case SeriesFrequency::kMonthlyByDayOfMonth:
      out += ";BYMONTHDAY=" + std::to_string(series.day_of_month);
      break;
    case SeriesFrequency::kOnce: break;
  }
  if (series.count) out += ";COUNT=" + std::to_string(*series.count);
  if (series.until) {
    if (series.day_kind == DayKind::kAllDay) {
      out += ";UNTIL=" + internal::ics_date(*series.until);
    } else {
      out += ";UNTIL=" + internal::ics_utc(zone.to_utc(*series.until, series.start_time));
    }
  }
  return out;
}

}  // namespace hearth::calendar
