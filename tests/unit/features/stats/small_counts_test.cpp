#include "features/stats/small_counts.h"

#include <catch2/catch.hpp>
#include <vector>

namespace hearth::features::stats {
namespace {

std::vector<std::string> shown_row(const std::vector<int>& cells) {
  const auto row = suppress(cells);
  std::vector<std::string> out;
  for (const auto& cell : row.cells) out.push_back(shown(cell));
  out.push_back("total " + shown(row.total));
  return out;
}

}  // namespace

TEST_CASE("counts below 5 are hidden, totals below 5 too", "[stats]") {
  CHECK(shown_count(0) == "< 5");
  CHECK(shown_count(4) == "< 5");
  CHECK(shown_count(5) == "5");
  CHECK(shown_row({7, 9}) == std::vector<std::string>{"7", "9", "total 16"});
  CHECK(shown_row({1, 2}) == std::vector<std::string>{"< 5", "< 5", "total < 5"});
  CHECK(shown_row({}) == std::vector<std::string>{"total < 5"});
}

TEST_CASE("one hidden cell takes a second with it so subtraction reveals nothing", "[stats]") {
  // 20 - 12 - 6 would give the hidden 2: the smallest shown cell (6) is hidden too.
  CHECK(shown_row({12, 2, 6}) == std::vector<std::string>{"12", "< 5", "< 5", "total 20"});
  // A zero counts as small as well.
  CHECK(shown_row({0, 9, 11}) == std::vector<std::string>{"< 5", "< 5", "11", "total 20"});
  // Two hidden cells already protect each other.
  CHECK(shown_row({3, 4, 10}) == std::vector<std::string>{"< 5", "< 5", "10", "total 17"});
  // With every other cell hidden, nothing can be worked out either.
  CHECK(shown_row({3, 8}) == std::vector<std::string>{"< 5", "< 5", "total 11"});
}

TEST_CASE("no shown combination of a suppressed row pins down a hidden cell", "[stats]") {
  // Brute force over small rows: for every row, the hidden cells must be
  // consistent with at least two different assignments given what is shown.
  for (int a = 0; a < 9; ++a) {
    for (int b = 0; b < 9; ++b) {
      for (int c = 0; c < 9; ++c) {
        const std::vector<int> cells{a, b, c};
        const auto row = suppress(cells);
        int hidden = 0;
        for (const auto& cell : row.cells) hidden += cell ? 0 : 1;
        INFO(a << "," << b << "," << c);
        if (hidden == 0) continue;
        CHECK((hidden >= 2 || !row.total));
      }
    }
  }
}
}  // namespace hearth::features::stats
