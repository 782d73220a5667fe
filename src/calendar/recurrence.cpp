// next_occurrences(): the schedule's RRULE is expanded by libical over
// floating (zone-less) local dates, and each date's wall-clock start is then
// placed in the zone with TimeZone::to_utc(). Expanding floating dates keeps
// the wall-clock time fixed across daylight-saving changes by construction.

#include <libical/ical.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>

#include "calendar/libical_support.h"
#include "calendar/schedule.h"

namespace hearth::calendar {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
// Meetings start no earlier than 1970-01-01 local time, which is after this
// instant in every zone; an earlier `now` behaves like this one.
constexpr std::int64_t kEarliestNowUtc = -2 * kSecondsPerDay;
// 2500-01-01T00:00:00Z. Series are not expanded past the start of 2500.
constexpr std::int64_t kEndOfRangeUtc = 16725225600;
constexpr int kEndYear = 2500;
// More than the weekly dates from 1970 to 2500; a guard against a libical
// iterator that never ends.
constexpr int kMaxIterations = 40000;

// Frees an iterator, taking the libical lock.
struct IteratorDeleter {
  void operator()(icalrecur_iterator* iterator) const {
    const std::lock_guard lock(internal::libical_mutex());
    icalrecur_iterator_free(iterator);
  }
};

// Requires the libical lock. Adds `days` to `date`.
LocalDate add_days_locked(const LocalDate& date, std::int64_t days) {
  return internal::floating_date_time_locked(internal::floating_seconds_locked(date, LocalTime{}) +
                                             days * kSecondsPerDay)
      .date;
}

// Requires the libical lock. Whole days from `from` to `to`.
std::int64_t days_between_locked(const LocalDate& from, const LocalDate& to) {
  return (internal::floating_seconds_locked(to, LocalTime{}) -
          internal::floating_seconds_locked(from, LocalTime{})) /
         kSecondsPerDay;
}

// Requires the libical lock. The DTSTART date for expanding `schedule`: a
// date from which the RRULE yields exactly the schedule's meetings, starting
// no later than a week before `today` (the local date of `now`) when the
// series is older than that, so that old series are not expanded from the
// beginning.
LocalDate series_start_locked(const MeetingSchedule& schedule, const LocalDate& today) {
  if (schedule.recurrence == Recurrence::kWeekly) {
    // The anchor is the first `weekday` on or after first_date. It must be
    // DTSTART itself: for a DTSTART mid-week, RFC 5545 counts INTERVAL from
    // DTSTART's week, which can skip the week the anchor is in.
    const int first_weekday =
        static_cast<int>(internal::floating_date_time_locked(
                             internal::floating_seconds_locked(schedule.first_date, LocalTime{}))
                             .weekday);
    const int shift = (static_cast<int>(schedule.weekday) - first_weekday + 7) % 7;
    LocalDate anchor = add_days_locked(schedule.first_date, shift);
    // Move forward by whole periods, staying at least one period before today.
    const std::int64_t period_days = 7LL * schedule.interval;
    const std::int64_t behind = days_between_locked(anchor, today);
    if (behind > 2 * period_days) anchor = add_days_locked(anchor, (behind / period_days - 1) * period_days);
    return anchor;
  }
  // Monthly: any first day of a month is a valid DTSTART for FREQ=MONTHLY
  // without INTERVAL; dates before first_date are filtered out afterwards.
  LocalDate month_before{today.year, today.month - 1, 1};
  if (month_before.month == 0) month_before = LocalDate{today.year - 1, 12, 1};
  return std::max(month_before, schedule.first_date);
}

// Whether libical's `date` is a meeting day of `schedule`; a second check on
// the expansion (libical skips a DTSTART that does not match the rule, but
// RFC 5545 leaves that case open).
bool is_meeting_day(const MeetingSchedule& schedule, const icaltimetype& date, Weekday weekday,
                    int days_in_month) {
  if (weekday != schedule.weekday) return false;
  if (schedule.recurrence == Recurrence::kWeekly) return true;
  if (schedule.week_of_month == kLastWeekOfMonth) return date.day + 7 > days_in_month;
  return (date.day - 1) / 7 + 1 == schedule.week_of_month;
}

}  // namespace

std::vector<Occurrence> next_occurrences(const MeetingSchedule& schedule, const TimeZone& zone,
                                         std::int64_t now_utc, int count) {
  std::vector<Occurrence> result;
  if (count <= 0 || validate(schedule).has_value()) return result;
  if (now_utc >= kEndOfRangeUtc) return result;
  now_utc = std::max(now_utc, kEarliestNowUtc);
  const std::int64_t duration_seconds = static_cast<std::int64_t>(schedule.duration_minutes) * 60;
  const LocalDate today = zone.to_local(now_utc).date;
  const std::string rule_text = rrule(schedule);

  std::unique_ptr<icalrecur_iterator, IteratorDeleter> iterator;
  {
    const std::lock_guard lock(internal::libical_mutex());
    const icalrecurrencetype rule = icalrecurrencetype_from_string(rule_text.c_str());
    const LocalDate start = series_start_locked(schedule, today);
    icaltimetype dtstart = icaltime_null_time();
    dtstart.year = start.year;
    dtstart.month = start.month;
    dtstart.day = start.day;
    dtstart.hour = schedule.start_time.hour;
    dtstart.minute = schedule.start_time.minute;
    dtstart.is_date = 0;  // floating date-time: no zone
    if (rule.freq != ICAL_NO_RECURRENCE) iterator.reset(icalrecur_iterator_new(rule, dtstart));
  }
  if (!iterator) return result;  // cannot happen for a valid schedule

  for (int step = 0; step < kMaxIterations && result.size() < static_cast<std::size_t>(count); ++step) {
    LocalDate date;
    bool meeting_day = false;
    {
      const std::lock_guard lock(internal::libical_mutex());
      const icaltimetype next = icalrecur_iterator_next(iterator.get());
      if (icaltime_is_null_time(next)) break;  // the rule has no more dates
      date = LocalDate{next.year, next.month, next.day};
      const auto weekday = static_cast<Weekday>(icaltime_day_of_week(next) - 1);  // libical: Sunday is 1
      meeting_day = is_meeting_day(schedule, next, weekday, icaltime_days_in_month(next.month, next.year));
    }
    if (date.year >= kEndYear) break;
    if (!meeting_day || date < schedule.first_date) continue;

    const std::int64_t start_utc = zone.to_utc(date, schedule.start_time);
    const std::int64_t end_utc = start_utc + duration_seconds;
    if (end_utc <= now_utc) continue;
    const LocalDateTime start = zone.to_local(start_utc);
    const LocalDateTime end = zone.to_local(end_utc);
    result.push_back(Occurrence{start_utc, end_utc, start.date, start.time, end.time, start.weekday});
  }
  return result;
}

}  // namespace hearth::calendar
