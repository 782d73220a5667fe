#pragma once
// Hand-checkable instants in 2026 for the calendar tests. Expected values are
// worked out from:
//   2026-01-01T00:00Z = 1767225600 (20454 days * 86400)
//   day-of-year offsets for 2026: Jan 0, Feb 31, Mar 59, Apr 90, May 120, Jun 151,
//   Jul 181, Aug 212, Sep 243, Oct 273, Nov 304, Dec 334
//   New York: EST = UTC-5 until 2026-03-08 02:00 and from 2026-11-01 02:00, EDT = UTC-4 between.
//   London: GMT = UTC+0 until 2026-03-29 01:00Z and from 2026-10-25 01:00Z, BST = UTC+1 between.
//   Weekdays: 2026-01-01 is a Thursday, 2026-03-04 a Wednesday.

#include <cstdint>

namespace hearth::calendar::testing {

constexpr std::int64_t k2026 = 1767225600;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kMinute = 60;

// Midnight UTC at the start of 2026-<month>-<day>.
constexpr std::int64_t utc_2026(int month, int day) {
  constexpr int kDayOfYear[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return k2026 + (kDayOfYear[month - 1] + day - 1) * kDay;
}
static_assert(utc_2026(3, 4) == 1772582400);  // 2026-03-04T00:00Z

}  // namespace hearth::calendar::testing
