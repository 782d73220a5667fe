#include "common/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace hearth::log {
namespace {

std::atomic<Level> current_level{Level::kInfo};
std::mutex logger_mutex;  // guards replacing the logger, not writing to it

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarning: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
    case Level::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

// True when stderr is the journal stream systemd gave this service: it sets
// JOURNAL_STREAM to "<device>:<inode>" of that stream. A redirected stderr
// (a file, a pipe) keeps the variable but no longer matches.
bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  struct stat info {};
  if (::fstat(STDERR_FILENO, &info) != 0) return false;
  return fmt::format("{}:{}", info.st_dev, info.st_ino) == stream;
}

// "<N>", the syslog priority of the level, which the journal takes off the
// line and records as the entry's priority.
class JournalPriority final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& out) override {
    std::string_view prefix = "<6>";
    switch (message.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: prefix = "<7>"; break;
      case spdlog::level::warn: prefix = "<4>"; break;
      case spdlog::level::err: prefix = "<3>"; break;
      case spdlog::level::critical: prefix = "<2>"; break;
      default: break;
    }
    out.append(prefix.data(), prefix.data() + prefix.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriority>();
  }
};

// One line per message on stderr. Text: "time level message"; JSON: one
// object per line with time, level and message. When stderr is the journal,
// the journal's own timestamp is the only one (no "time"), and each line
// starts with its syslog priority instead.
std::shared_ptr<spdlog::logger> make_logger(Format format) {
  auto logger = std::make_shared<spdlog::logger>("hearth", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  const bool journal = stderr_is_journal();
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<JournalPriority>('*');
  if (format == Format::kJson) {
    formatter->set_pattern(journal ? R"(%*{"level":"%l","message":"%v"})"
                                   : R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","message":"%v"})");
  } else {
    formatter->set_pattern(journal ? "%*%l %v" : "%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  }
  logger->set_formatter(std::move(formatter));
  return logger;
}

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto created = make_logger(Format::kText);
    spdlog::set_default_logger(created);
    return created;
  }();
  return spdlog::default_logger();
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::atomic<Format> current_format{Format::kText};

// The active TestCapture's lines, if any. Checked without the lock first so
// that writing stays lock-free when nothing captures.
std::atomic<bool> capturing{false};
std::mutex capture_mutex;
std::vector<std::string> captured;  // guarded by capture_mutex

}  // namespace

void configure(Level level, Format format) {
  logger();  // creates the lazy default now, so that it cannot replace this one at the first write
  std::lock_guard lock(logger_mutex);
  auto created = make_logger(format);
  created->set_level(to_spdlog(level));
  created->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(created);
  current_level = level;
  current_format = format;
}

bool enabled(Level level) {
  return level >= current_level.load(std::memory_order_relaxed) && level != Level::kOff;
}

void write(Level level, std::string_view message) {
  if (capturing.load(std::memory_order_acquire)) {
    std::lock_guard lock(capture_mutex);
    captured.emplace_back(message);
  }
  auto target = logger();
  if (current_format.load(std::memory_order_relaxed) == Format::kJson) {
    target->log(to_spdlog(level), "{}", json_escape(message));
  } else {
    target->log(to_spdlog(level), "{}", message);
  }
}

TestCapture::TestCapture() {
  std::lock_guard lock(capture_mutex);
  captured.clear();
  capturing.store(true, std::memory_order_release);
}

TestCapture::~TestCapture() {
  std::lock_guard lock(capture_mutex);
  capturing.store(false, std::memory_order_release);
  captured.clear();
}

std::vector<std::string> TestCapture::lines() const {
  std::lock_guard lock(capture_mutex);
  return captured;
}

}  // namespace hearth::log
