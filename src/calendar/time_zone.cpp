#include "calendar/time_zone.h"

#include <libical/ical.h>

#include <algorithm>
#include <cstddef>
#include <ctime>
#include <memory>
#include <mutex>

#include "calendar/libical_support.h"

namespace hearth::calendar {
namespace internal {

std::mutex& libical_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::int64_t floating_seconds_locked(const LocalDate& date, const LocalTime& time) {
  icaltimetype floating = icaltime_null_time();
  floating.year = date.year;
  floating.month = date.month;
  floating.day = date.day;
  floating.hour = time.hour;
  floating.minute = time.minute;
  floating.is_date = 0;
  // No zone, so no conversion: the fields are read as UTC.
  return static_cast<std::int64_t>(icaltime_as_timet(floating));
}

LocalDateTime floating_date_time_locked(std::int64_t seconds) {
  // A null zone means "floating": the fields are the UTC reading of `seconds`.
  const icaltimetype floating = icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, nullptr);
  LocalDateTime result;
  result.date = LocalDate{floating.year, floating.month, floating.day};
  result.time = LocalTime{floating.hour, floating.minute};
  result.weekday = static_cast<Weekday>(icaltime_day_of_week(floating) - 1);  // libical: Sunday is 1
  return result;
}

}  // namespace internal

namespace {

constexpr std::size_t kMaxZoneNameLength = 64;
constexpr std::int64_t kSecondsPerDay = 86400;

// Releases a VTIMEZONE component that no icaltimezone owns yet.
struct ComponentDeleter {
  void operator()(icalcomponent* component) const {
    const std::lock_guard lock(internal::libical_mutex());
    icalcomponent_free(component);
  }
};

// Releases a zone and the VTIMEZONE component it owns.
struct ZoneDeleter {
  void operator()(icaltimezone* zone) const {
    const std::lock_guard lock(internal::libical_mutex());
    icaltimezone_free(zone, 1);
  }
};

// IANA names are '/'-separated parts of letters, digits, '_', '-' and '+'
// ("America/Argentina/Buenos_Aires", "Etc/GMT+5"). Checking this first keeps
// any other text (absolute paths, "..", "zone.tab") away from the file lookup.
bool is_well_formed_zone_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength) return false;
  bool part_empty = true;
  for (const char c : name) {
    if (c == '/') {
      if (part_empty) return false;
      part_empty = true;
      continue;
    }
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                         c == '_' || c == '-' || c == '+';
    if (!allowed) return false;
    part_empty = false;
  }
  return !part_empty;
}

// Requires the libical mutex. The offset in effect at `utc` in `zone`.
int utc_offset_locked(icaltimezone* zone, std::int64_t utc) {
  icaltimetype instant =
      icaltime_from_timet_with_zone(static_cast<time_t>(utc), 0, icaltimezone_get_utc_timezone());
  int is_daylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone, &instant, &is_daylight);
}

}  // namespace

struct TimeZone::Rules {
  std::string name;
  std::unique_ptr<icaltimezone, ZoneDeleter> zone;  // never null
};

std::optional<TimeZone> TimeZone::load(std::string_view iana_name) {
  if (!is_well_formed_zone_name(iana_name)) return std::nullopt;
  const std::string name(iana_name);

  std::unique_ptr<icalcomponent, ComponentDeleter> component;
  {
    const std::lock_guard lock(internal::libical_mutex());
    // Reads <zone directory>/<name> (TZif) and builds a VTIMEZONE that the
    // caller owns; null if there is no such file or it is not TZif.
    component.reset(icaltzutil_fetch_timezone(name.c_str()));
  }
  if (!component) return std::nullopt;

  std::unique_ptr<icaltimezone, ZoneDeleter> zone;
  bool usable = false;
  {
    const std::lock_guard lock(internal::libical_mutex());
    zone.reset(icaltimezone_new());
    if (zone) {
      // The zone owns the component from here on, whether or not it accepts it.
      usable = icaltimezone_set_component(zone.get(), component.release()) != 0;
    }
  }
  if (!zone || !usable) return std::nullopt;  // deleters run after the lock is released

  auto rules = std::make_shared<Rules>();
  rules->name = name;
  rules->zone = std::move(zone);
  return TimeZone(std::move(rules));
}

const std::string& TimeZone::name() const {
  return rules_->name;
}

int TimeZone::utc_offset(std::int64_t utc) const {
  const std::lock_guard lock(internal::libical_mutex());
  return utc_offset_locked(rules_->zone.get(), utc);
}

LocalDateTime TimeZone::to_local(std::int64_t utc) const {
  const std::lock_guard lock(internal::libical_mutex());
  return internal::floating_date_time_locked(utc + utc_offset_locked(rules_->zone.get(), utc));
}

std::int64_t TimeZone::to_utc(const LocalDate& date, const LocalTime& time) const {
  const std::lock_guard lock(internal::libical_mutex());
  icaltimezone* zone = rules_->zone.get();
  // The wall-clock reading expressed as if it were UTC; the answer is
  // wall - offset for an offset that is in effect at the answer.
  const std::int64_t wall = internal::floating_seconds_locked(date, time);
  // Offsets are below a day, and zones do not change twice within two days,
  // so the offsets one day either side are the only candidates.
  const int offset_before = utc_offset_locked(zone, wall - kSecondsPerDay);
  const int offset_after = utc_offset_locked(zone, wall + kSecondsPerDay);
  const std::int64_t candidate_before = wall - offset_before;
  const std::int64_t candidate_after = wall - offset_after;
  const bool before_holds = utc_offset_locked(zone, candidate_before) == offset_before;
  const bool after_holds = utc_offset_locked(zone, candidate_after) == offset_after;
  if (before_holds && after_holds) return std::min(candidate_before, candidate_after);  // overlap: first
  if (before_holds) return candidate_before;
  if (after_holds) return candidate_after;
  // In a gap: reading the wall clock with the offset from before the jump
  // lands the same distance past the jump, i.e. moves forward by the gap.
  return candidate_before;
}

}  // namespace hearth::calendar
