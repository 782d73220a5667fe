#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

// Small-count suppression for the aggregate figures: a count below
// kSmallCount could point at a person ("the one nurse in radiology who asked
// for a supporter in May"), so it is shown as "< 5".
namespace hearth::features::stats {

inline constexpr int kSmallCount = 5;

// A row of counts (e.g. outcomes in a month) and its total, as shown.
// nullopt means "< 5" (or hidden so that another hidden cell cannot be
// worked out).
struct ShownRow {
  std::vector<std::optional<int>> cells;
  std::optional<int> total;
};

// Suppresses a row:
// - every cell below kSmallCount is hidden;
// - a total below kSmallCount is hidden;
// - when exactly one cell is hidden and the total is shown, the smallest shown
//   cell is hidden too, so the hidden one cannot be found by subtraction
//   (complementary suppression); with only one cell in the row, the total is
//   hidden instead.
ShownRow suppress(std::span<const int> cells);

// One count on its own: "< 5" or the number.
std::string shown(std::optional<int> count);
std::string shown_count(int count);

}  // namespace hearth::features::stats
