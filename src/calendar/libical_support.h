#pragma once

#include <cstdint>
#include <mutex>

#include "calendar/civil.h"
#include "calendar/time_zone.h"

// Internal to src/calendar: the one lock around libical, and conversions
// between this module's civil types and libical's floating (zone-less) times.
// Not for other modules. Deliberately free of libical headers.
namespace hearth::calendar::internal {

// libical keeps process-wide state (the UTC zone singleton, time zone caches,
// the error number, the temporary-string ring buffer), so every call into it
// from this module is made while holding this mutex. Hold it only around
// libical calls; never call TimeZone methods (which take it) while holding it.
std::mutex& libical_mutex();

// Requires libical_mutex(). Seconds since the Unix epoch of the wall-clock
// reading `date` `time` taken as if it were UTC. Valid for years 1902..9999.
std::int64_t floating_seconds_locked(const LocalDate& date, const LocalTime& time);

// Requires libical_mutex(). The inverse of floating_seconds_locked (seconds
// past the minute are dropped), with the weekday.
LocalDateTime floating_date_time_locked(std::int64_t seconds);

}  // namespace hearth::calendar::internal
