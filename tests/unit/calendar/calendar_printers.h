#pragma once

#include <catch2/catch.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "calendar/civil.h"
#include "calendar/schedule.h"

// Readable Catch2 output for the calendar value types.
namespace hearth::calendar {

inline std::ostream& operator<<(std::ostream& out, const LocalDate& date) {
  return out << date.year << '-' << date.month << '-' << date.day;
}

inline std::ostream& operator<<(std::ostream& out, const LocalTime& time) {
  return out << time.hour << ':' << (time.minute < 10 ? "0" : "") << time.minute;
}

inline std::ostream& operator<<(std::ostream& out, Weekday weekday) {
  return out << weekday_name(weekday);
}

inline std::ostream& operator<<(std::ostream& out, const Occurrence& occurrence) {
  return out << '{' << occurrence.start_utc << ".." << occurrence.end_utc << ' ' << occurrence.weekday << ' '
             << occurrence.date << ' ' << occurrence.start << '-' << occurrence.end << '}';
}

}  // namespace hearth::calendar

namespace Catch {

// Only for this module's types, so that other test files' optionals are untouched.
template <typename T>
struct CalendarOptionalStringMaker {
  static std::string convert(const std::optional<T>& value) {
    if (!value) return "nullopt";
    return ::Catch::Detail::stringify(*value);
  }
};
template <>
struct StringMaker<std::optional<hearth::calendar::LocalDate>>
    : CalendarOptionalStringMaker<hearth::calendar::LocalDate> {};
template <>
struct StringMaker<std::optional<hearth::calendar::LocalTime>>
    : CalendarOptionalStringMaker<hearth::calendar::LocalTime> {};
template <>
struct StringMaker<std::optional<hearth::calendar::Weekday>>
    : CalendarOptionalStringMaker<hearth::calendar::Weekday> {};

}  // namespace Catch
