#pragma once
// What the fuzz targets share: reporting a broken invariant so that libFuzzer
// (or fuzz_replay_main) keeps the input, and small decoding helpers.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace hearth::fuzz {

// Prints "<subject> broke an invariant: <what>" and the first `shown` bytes
// of `detail` to standard error, then aborts: libFuzzer saves the input as a
// crash, and a replay of the corpus fails.
[[noreturn]] inline void fail(std::string_view subject, const char* what, std::string_view detail = {},
                              std::size_t shown = 300) {
  std::fprintf(stderr, "%.*s broke an invariant: %s\n  %.*s\n", static_cast<int>(subject.size()),
               subject.data(), what, static_cast<int>(std::min(detail.size(), shown)), detail.data());
  std::abort();
}

// The value of one hexadecimal digit (either case), or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace hearth::fuzz
