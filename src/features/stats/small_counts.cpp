#include "features/stats/small_counts.h"

#include <algorithm>

namespace hearth::features::stats {

ShownRow suppress(std::span<const int> cells) {
  ShownRow row;
  int total = 0;
  int hidden = 0;
  for (const int count : cells) {
    total += count;
    if (count < kSmallCount) {
      row.cells.emplace_back(std::nullopt);
      ++hidden;
    } else {
      row.cells.emplace_back(count);
    }
  }
  if (total >= kSmallCount) row.total = total;
  if (hidden == 1 && row.total) {
    // The smallest shown cell goes too; without one, the total goes.
    auto smallest = row.cells.end();
    for (auto it = row.cells.begin(); it != row.cells.end(); ++it) {
      if (*it && (smallest == row.cells.end() || **it < **smallest)) smallest = it;
    }
    if (smallest != row.cells.end()) {
      smallest->reset();
    } else {
      row.total.reset();
    }
  }
  return row;
}

std::string shown(std::optional<int> count) {
  return count ? std::to_string(*count) : std::string("< 5");
}

std::string shown_count(int count) {
  return count < kSmallCount ? std::string("< 5") : std::to_string(count);
}

}  // namespace hearth::features::stats
