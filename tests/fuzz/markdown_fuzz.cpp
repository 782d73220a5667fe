// Fuzz target for hearth::markdown: renders any bytes with render_html and
// plain_text and aborts when an output breaks the invariants of
// markdown_invariants.h (among them: no <script>, no <img>, no element or
// attribute outside the small allowed set, no href but http, https and
// mailto, so never javascript:; balanced tags; tidy plain text).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/markdown_invariants.h"
#include "markdown/markdown.h"

namespace {

// Aborts with the problem and the start of the output if `problem` is set.
void require_none(const std::string& problem, const char* function, std::string_view output) {
  if (problem.empty()) return;
  constexpr std::size_t kShown = 2000;
  std::fprintf(stderr, "hearth::markdown::%s broke an invariant: %s\noutput (first %zu bytes):\n%.*s\n",
               function, problem.c_str(), kShown, static_cast<int>(std::min(output.size(), kShown)),
               output.data());
  std::abort();
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Any bytes, not only the valid UTF-8 the callers pass: the renderer must
  // be safe for everything.
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const std::string html = hearth::markdown::render_html(source);
  require_none(hearth::markdown::invariants::find_unsafe_html(html), "render_html", html);
  const std::string text = hearth::markdown::plain_text(source);
  require_none(hearth::markdown::invariants::find_untidy_text(text), "plain_text", text);
  return 0;
}
