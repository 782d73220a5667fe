// Fuzz target for the PHI check and the crisis check (src/safety): any bytes,
// with and without site patterns. Aborts when a finding breaks its contract:
// ranges inside the text, in order, not overlapping, on UTF-8 code point
// boundaries when the text is valid UTF-8. The crisis check must simply
// return.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/text.h"
#include "safety/crisis_check.h"
#include "safety/phi_check.h"

namespace {

[[noreturn]] void fail(const char* what, std::size_t begin, std::size_t end, std::size_t size) {
  std::fprintf(stderr,
               "hearth::safety::PhiChecker broke its contract: %s (finding %zu-%zu, text %zu bytes)\n", what,
               begin, end, size);
  std::abort();
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

const hearth::safety::PhiChecker& checker() {
  static const hearth::safety::PhiChecker instance(
      {{"[Mm][0-9]{7}", "ACC-[0-9]{6}"}, {"riverside-general.example"}});
  return instance;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool valid = hearth::text::is_valid_utf8(text);
  std::size_t previous_end = 0;
  for (const auto& finding : checker().check(text)) {
    if (finding.begin >= finding.end) fail("empty or reversed range", finding.begin, finding.end, size);
    if (finding.end > size) fail("range past the end", finding.begin, finding.end, size);
    if (finding.begin < previous_end) fail("out of order or overlapping", finding.begin, finding.end, size);
    if (valid && (is_continuation_byte(text[finding.begin]) ||
                  (finding.end < size && is_continuation_byte(text[finding.end])))) {
      fail("not on a code point boundary", finding.begin, finding.end, size);
    }
    previous_end = finding.end;
  }
  (void)hearth::safety::crisis_check(text);
  return 0;
}
