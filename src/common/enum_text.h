#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

// Stable text forms of enums (stored in the database, used in forms and
// URLs), from one table per enum: {value, text} pairs.
namespace hearth::enum_text {

template <typename Enum, std::size_t N>
using Table = std::array<std::pair<Enum, std::string_view>, N>;

// The text of `value`, or "" when the table does not list it.
template <typename Enum, std::size_t N>
constexpr std::string_view text_of(const Table<Enum, N>& table, Enum value) {
  for (const auto& [candidate, text] : table) {
    if (candidate == value) return text;
  }
  return {};
}

// The value whose text is `text`, or nullopt.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const Table<Enum, N>& table, std::string_view text) {
  for (const auto& [candidate, candidate_text] : table) {
    if (candidate_text == text) return candidate;
  }
  return std::nullopt;
}

}  // namespace hearth::enum_text
