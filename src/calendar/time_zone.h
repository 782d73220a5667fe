#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "calendar/civil.h"

namespace hearth::calendar {

// A wall-clock moment in some time zone, to the minute (seconds dropped).
struct LocalDateTime {
  LocalDate date;
  LocalTime time;
  Weekday weekday = Weekday::kThursday;  // of `date`

  friend bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// An IANA time zone such as "America/New_York", with its full history of
// offsets and daylight-saving rules.
//
// Rules come from the system tz database (/usr/share/zoneinfo, Debian package
// tzdata), read by libical when the zone is loaded; keeping tzdata patched
// keeps the rules current. A loaded TimeZone keeps the rules it read.
//
// Thread safety: a TimeZone is immutable and cheap to copy (it shares one
// read-only copy of the rules). Every method may be called from any thread.
// All calls into libical made by this module (time zones and recurrence
// alike) are serialised by one process-wide mutex, because libical keeps
// global state; no call holds that mutex while calling back into user code.
class TimeZone {
 public:
  // Loads the zone named `iana_name` ("Europe/London", "UTC"). Returns nullopt
  // if the name is not a well-formed zone name (letters, digits, '_', '-',
  // '+' in '/'-separated parts; no "." or ".." parts) or the tz database has
  // no such zone. Reads a file on each call; callers that need a zone often
  // should keep the TimeZone.
  static std::optional<TimeZone> load(std::string_view iana_name);

  // The name the zone was loaded with.
  const std::string& name() const;

  // The offset from UTC, in seconds east of Greenwich, in effect at the
  // instant `utc` (seconds since the Unix epoch). -18000 for New York in
  // winter.
  int utc_offset(std::int64_t utc) const;

  // The wall-clock date and time at the instant `utc`.
  LocalDateTime to_local(std::int64_t utc) const;

  // The instant (seconds since the Unix epoch) at which clocks in this zone
  // show `time` on `date`. Precondition: is_valid_date(date), is_valid_time(time).
  //  - A wall-clock time that does not exist because clocks jumped forward
  //    (02:30 in New York on 2026-03-08) moves forward by the length of the
  //    jump: it is taken as 03:30 daylight time.
  //  - A wall-clock time that happens twice because clocks went back (01:30
  //    in New York on 2026-11-01) means the first of the two, i.e. the one
  //    still on daylight time.
  std::int64_t to_utc(const LocalDate& date, const LocalTime& time) const;

 private:
  struct Rules;  // owns the libical objects; defined in time_zone.cpp
  explicit TimeZone(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}

  std::shared_ptr<const Rules> rules_;  // never null
};

}  // namespace hearth::calendar
