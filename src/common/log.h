#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

// Logging for every Hearth module. spdlog is included by common/log.cpp only;
// everyone else logs through these functions.
//
// What never goes into a log line: post or request text, passwords, session or
// CSRF tokens, calendar tokens, the content of a crisis prompt. Access-log lines
// carry no user identity.
namespace hearth::log {

enum class Level { kDebug, kInfo, kWarning, kError, kOff };
enum class Format { kText, kJson };

// Configures the process-wide logger. Safe to call again (e.g. on reload).
void configure(Level level, Format format);

// Returns true if a message at `level` would be written.
bool enabled(Level level);

// Writes one already-formatted line.
void write(Level level, std::string_view message);

// Tests only: while a TestCapture lives, every line written (every message
// that passed the level check) is also kept in memory, as the message text
// without time stamp or level, so a test can assert what the logs hold (e.g.
// that access lines carry no user identity). At most one may exist at a
// time. Thread-safe. Production code never creates one.
class TestCapture {
 public:
  TestCapture();
  ~TestCapture();
  TestCapture(const TestCapture&) = delete;
  TestCapture& operator=(const TestCapture&) = delete;

  // The lines captured so far, oldest first.
  std::vector<std::string> lines() const;
};

template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kDebug)) write(Level::kDebug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kInfo)) write(Level::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kWarning)) write(Level::kWarning, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::kError)) write(Level::kError, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace hearth::log
