// Fuzz target for the iCalendar writer (src/calendar/ics_writer). The bytes
// choose a time zone, a calendar name and up to four events (text fields,
// URL, categories, status, a recurrence with values in and just out of their
// ranges, excluded dates, a RECURRENCE-ID) and write_ics writes them; the
// rest of the input is also escaped and folded on its own. Aborts when:
//  - a physical line does not end in CRLF, is longer than 75 octets, holds a
//    bare CR or LF, or (for valid UTF-8 text) is not valid UTF-8 itself, i.e.
//    folding split a sequence;
//  - a continuation line does not start with one space;
//  - unfolded and unescaped, a TEXT value (UID, SUMMARY, DESCRIPTION,
//    LOCATION, CATEGORIES, NAME) differs from the text given (with CR LF and
//    lone CR as LF and other control characters dropped, as documented), or
//    holds an escape RFC 5545 does not define;
//  - the VEVENTs written are not the valid masters followed by the valid
//    overrides of written masters, or BEGIN/END do not nest.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/event_series.h"
#include "calendar/ics_writer.h"
#include "calendar/time_zone.h"
#include "common/text.h"
#include "fuzz/fuzz_check.h"

namespace {

namespace cal = hearth::calendar;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  hearth::fuzz::fail("ics_writer", what, detail, 400);
}

void require(bool condition, const char* what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

// Reads values off the input; past its end every read gives zeros.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint8_t byte() {
    if (data_.empty()) return 0;
    const auto value = static_cast<std::uint8_t>(data_.front());
    data_.remove_prefix(1);
    return value;
  }
  // A whole number in [low, high].
  int in_range(int low, int high) {
    const auto span = static_cast<unsigned>(high - low + 1);
    const unsigned high_byte = byte();
    const unsigned raw = high_byte << 8U | byte();
    return low + static_cast<int>(raw % span);
  }
  bool flag() { return (byte() & 1U) != 0; }
  // Text of up to 255 bytes (a length byte, then the bytes).
  std::string text() {
    const std::size_t wanted = byte();
    const std::size_t length = std::min(wanted, data_.size());
    std::string out(data_.substr(0, length));
    data_.remove_prefix(length);
    return out;
  }
  std::string_view rest() const { return data_; }

 private:
  std::string_view data_;
};

cal::LocalDate read_date(Reader& in) {
  // Mostly real dates around now; sometimes at or past the edges.
  return {in.in_range(1998, 2202), in.in_range(0, 13), in.in_range(0, 32)};
}

cal::EventSeries read_series(Reader& in) {
  cal::EventSeries series;
  series.first_date = read_date(in);
  series.day_kind = in.flag() ? cal::DayKind::kAllDay : cal::DayKind::kTimed;
  series.start_time = {in.in_range(0, 24), in.in_range(0, 60)};
  series.duration_minutes = in.in_range(-5, cal::kMaxEventMinutes + 5);
  series.all_day_days = in.in_range(0, cal::kMaxAllDayDays + 1);
  series.frequency = static_cast<cal::SeriesFrequency>(in.in_range(0, 3));
  series.interval = in.in_range(0, cal::kMaxSeriesInterval + 1);
  const std::uint8_t days = in.byte();
  for (int day = 0; day < 7; ++day) {
    if ((days >> static_cast<unsigned>(day) & 1U) != 0)
      series.weekdays.push_back(static_cast<cal::Weekday>(day));
  }
  if ((days & 0x80U) != 0 && !series.weekdays.empty()) series.weekdays.push_back(series.weekdays.front());
  series.weekday = static_cast<cal::Weekday>(in.in_range(0, 6));
  series.week_of_month = in.in_range(-2, 6);
  series.day_of_month = in.in_range(0, 32);
  switch (in.byte() % 4) {
    case 1: series.until = read_date(in); break;
    case 2: series.count = in.in_range(0, cal::kMaxSeriesCount + 1); break;
    case 3:
      series.until = read_date(in);
      series.count = in.in_range(0, 3);
      break;
    default: break;
  }
  return series;
}

const std::vector<cal::TimeZone>& zones() {
  static const std::vector<cal::TimeZone> loaded = [] {
    std::vector<cal::TimeZone> out;
    for (const char* name : {"UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata",
                             "Pacific/Chatham", "America/Sao_Paulo"}) {
      if (auto zone = cal::TimeZone::load(name)) out.push_back(*zone);
    }
    if (out.empty()) fail("no time zone loads (is tzdata installed?)");
    return out;
  }();
  return loaded;
}

// What a TEXT value must read back as: CR LF and lone CR become LF, control
// characters other than tab and LF are dropped.
std::string expected_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\t' || c == '\n' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)) {
      out += c;
    }
  }
  return out;
}

// RFC 5545 §3.3.11 unescaping; fails on an escape it does not define or on
// a bare ';' (and a bare ',' unless `list` allows it as a separator).
std::vector<std::string> unescape_text(std::string_view value, bool list) {
  std::vector<std::string> items(1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\') {
      require(i + 1 < value.size(), "a TEXT value ends in a backslash", value);
      const char next = value[++i];
      if (next == 'n' || next == 'N') {
        items.back() += '\n';
      } else if (next == '\\' || next == ';' || next == ',') {
        items.back() += next;
      } else {
        fail("a TEXT value holds an undefined escape", value);
      }
    } else if (c == ',' && list) {
      items.emplace_back();
    } else {
      require(c != ';' && c != ',', "a TEXT value holds an unescaped ';' or ','", value);
      items.back() += c;
    }
  }
  return items;
}

std::string unescape_one(std::string_view value) {
  return unescape_text(value, false).front();
}

// The physical lines checked and joined back into content lines.
std::vector<std::string> unfold(std::string_view ics, bool valid_utf8) {
  require(ics.ends_with("\r\n"), "the output does not end in CRLF");
  std::vector<std::string> lines;
  std::size_t position = 0;
  while (position < ics.size()) {
    const std::size_t end = ics.find("\r\n", position);
    require(end != std::string_view::npos, "a line does not end in CRLF", ics.substr(position));
    const std::string_view line = ics.substr(position, end - position);
    require(line.size() <= 75, "a line is longer than 75 octets", line);
    require(line.find_first_of("\r\n") == std::string_view::npos, "a bare CR or LF inside a line", line);
    if (valid_utf8) require(hearth::text::is_valid_utf8(line), "folding split a UTF-8 sequence", line);
    if (line.starts_with(' ')) {
      require(!lines.empty(), "the output starts with a continuation line");
      lines.back().append(line.substr(1));
    } else {
      require(!line.empty(), "an empty content line");
      lines.emplace_back(line);
    }
    position = end + 2;
  }
  return lines;
}

struct Block {
  std::vector<std::string> lines;  // content lines of one VEVENT, BEGIN/END excluded
  // The value of the property `name` (no parameters), or nullopt.
  std::optional<std::string_view> value(std::string_view name) const {
    for (const auto& line : lines) {
      if (line.size() > name.size() && line.starts_with(name) && line[name.size()] == ':') {
        return std::string_view(line).substr(name.size() + 1);
      }
    }
    return std::nullopt;
  }
};

std::vector<Block> events_of(const std::vector<std::string>& lines, const cal::IcsCalendar& calendar) {
  require(lines.front() == "BEGIN:VCALENDAR" && lines.back() == "END:VCALENDAR", "not one VCALENDAR");
  std::vector<std::string> open;
  std::vector<Block> events;
  for (const auto& line : lines) {
    if (line.starts_with("BEGIN:")) {
      open.push_back(line.substr(6));
      if (line == "BEGIN:VEVENT") events.emplace_back();
      continue;
    }
    if (line.starts_with("END:")) {
      require(!open.empty() && open.back() == line.substr(4), "BEGIN and END do not nest", line);
      open.pop_back();
      continue;
    }
    if (!open.empty() && open.back() == "VEVENT") events.back().lines.push_back(line);
    if (open.size() == 1 && line.starts_with("NAME:")) {
      require(unescape_one(line.substr(5)) == expected_text(calendar.name), "NAME does not read back", line);
    }
  }
  require(open.empty(), "BEGIN without END");
  return events;
}

// The events write_ics must write, in its order: valid masters, then
// overrides with a valid replaced date whose master is written.
std::vector<const cal::IcsEvent*> expected_events(const cal::IcsCalendar& calendar) {
  std::vector<const cal::IcsEvent*> out;
  for (const auto& event : calendar.events) {
    if (!event.recurrence_date && !cal::validate(event.series)) out.push_back(&event);
  }
  for (const auto& event : calendar.events) {
    if (!event.recurrence_date || cal::validate(event.series) || !cal::is_valid_date(*event.recurrence_date))
      continue;
    const bool has_master =
        std::any_of(calendar.events.begin(), calendar.events.end(), [&](const auto& other) {
          return !other.recurrence_date && other.uid == event.uid && !cal::validate(other.series);
        });
    if (has_master) out.push_back(&event);
  }
  return out;
}

void check_event(const Block& block, const cal::IcsEvent& event) {
  const auto text_property = [&](std::string_view name, const std::string& given, bool optional) {
    const auto value = block.value(name);
    if (optional && given.empty()) {
      require(!value, "an empty TEXT property is written", name);
      return;
    }
    require(value.has_value(), "a TEXT property is missing", name);
    require(unescape_one(*value) == expected_text(given), "a TEXT value does not read back", *value);
  };
  text_property("UID", event.uid, false);
  text_property("SUMMARY", event.summary, false);
  text_property("DESCRIPTION", event.description, true);
  text_property("LOCATION", event.location, true);
  std::vector<std::string> categories;
  for (const auto& category : event.categories) {
    if (!hearth::calendar::escape_ics_text(category).empty()) categories.push_back(expected_text(category));
  }
  const auto written = block.value("CATEGORIES");
  require(written.has_value() == !categories.empty(), "CATEGORIES written or left out wrongly");
  if (written) require(unescape_text(*written, true) == categories, "CATEGORIES do not read back", *written);
  if (const auto url = block.value("URL")) require(*url == event.url, "URL is not the given URL", *url);
  require(block.value("STATUS") ==
              (event.status == cal::IcsStatus::kCancelled ? std::string_view("CANCELLED") : "CONFIRMED"),
          "STATUS is wrong");
}

// escape_ics_text and fold_ics_line on their own, on any bytes.
void check_escape_and_fold(std::string_view text) {
  const std::string escaped = cal::escape_ics_text(text);
  require(unescape_one(escaped) == expected_text(text), "escape_ics_text does not unescape to the text",
          text);
  const std::string line = "DESCRIPTION:" + escaped;
  const std::string folded = cal::fold_ics_line(line);
  const auto lines = unfold(folded, hearth::text::is_valid_utf8(text));
  require(lines.size() == 1 && lines.front() == line, "fold_ics_line does not unfold to the line", line);
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(std::string_view(reinterpret_cast<const char*>(data), size));
  const cal::TimeZone& zone = zones()[in.byte() % zones().size()];
  // 2000-01-01 to about 2100, in whole minutes.
  const std::int64_t now_utc = 946684800 + std::int64_t{in.in_range(0, 32767)} * 97 * 1000;

  cal::IcsCalendar calendar;
  calendar.name = in.text();
  if (in.flag()) calendar.refresh_minutes = in.in_range(-1, 1440);
  const int event_count = in.in_range(0, 4);
  bool valid_utf8 = hearth::text::is_valid_utf8(calendar.name);
  for (int i = 0; i < event_count; ++i) {
    cal::IcsEvent event;
    event.uid = in.flag() && !calendar.events.empty()
                    ? calendar.events.front().uid
                    : "event-" + std::to_string(i) + in.text() + "@hearth.example";
    event.sequence = in.in_range(-2, 1000);
    event.summary = in.text();
    event.description = in.text();
    event.location = in.text();
    event.url = in.text();
    for (int n = in.in_range(0, 3); n > 0; --n) event.categories.push_back(in.text());
    event.status = in.flag() ? cal::IcsStatus::kCancelled : cal::IcsStatus::kConfirmed;
    event.series = read_series(in);
    for (int n = in.in_range(0, 3); n > 0; --n) event.excluded_dates.push_back(read_date(in));
    if (in.flag()) event.recurrence_date = read_date(in);
    if (in.flag()) event.created_utc = now_utc - in.in_range(0, 30000) * 3600;
    if (in.flag()) event.last_modified_utc = now_utc - in.in_range(-5, 30000) * 60;
    for (const std::string* text :
         {&event.uid, &event.summary, &event.description, &event.location, &event.url})
      valid_utf8 = valid_utf8 && hearth::text::is_valid_utf8(*text);
    for (const auto& category : event.categories)
      valid_utf8 = valid_utf8 && hearth::text::is_valid_utf8(category);
    calendar.events.push_back(std::move(event));
  }

  const std::string ics = cal::write_ics(calendar, zone, now_utc);
  const auto lines = unfold(ics, valid_utf8);
  const auto blocks = events_of(lines, calendar);
  const auto expected = expected_events(calendar);
  require(blocks.size() == expected.size(), "not the expected number of VEVENTs");
  for (std::size_t i = 0; i < blocks.size(); ++i) check_event(blocks[i], *expected[i]);

  check_escape_and_fold(in.rest());
  return 0;
}
