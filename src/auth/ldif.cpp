#include "auth/ldif.h"

#include <array>
#include <cstdint>

#include "common/text.h"

namespace hearth::auth {
namespace {

bool same_name(std::string_view left, std::string_view right) {
  return left.size() == right.size() && text::to_lower_ascii(left) == text::to_lower_ascii(right);
}

// A line after unfolding continuations; `number` is the first physical line.
struct LogicalLine {
  std::string text;
  std::size_t number = 0;
};

// Returns the logical lines of `text`, with blank lines kept (as empty
// text) because they separate records.
std::vector<LogicalLine> unfold(std::string_view text) {
  std::vector<LogicalLine> lines;
  bool previous_was_blank = true;
  std::size_t number = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(position, end - position);
    position = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == ' ') {
      if (previous_was_blank) throw LdifError(number, "continuation line with nothing to continue");
      lines.back().text.append(line.substr(1));
      continue;
    }
    lines.push_back({std::string(line), number});
    previous_was_blank = line.empty();
  }
  return lines;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string decode_base64(std::string_view encoded, std::size_t line) {
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  if (encoded.size() % 4 != 0) throw LdifError(line, "base64 value has a length that is not a multiple of 4");
  std::string decoded;
  decoded.reserve(encoded.size() / 4 * 3);
  for (std::size_t i = 0; i < encoded.size(); i += 4) {
    std::array<int, 4> digits{};
    int padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = encoded[i + k];
      const bool last_group = i + 4 == encoded.size();
      if (c == '=' && last_group && k >= 2 && (k == 3 || encoded[i + 3] == '=')) {
        ++padding;
        digits[k] = 0;
        continue;
      }
      digits[k] = base64_digit(c);
      if (digits[k] < 0 || padding > 0) throw LdifError(line, "invalid base64 value");
    }
    const std::uint32_t group =
        (static_cast<std::uint32_t>(digits[0]) << 18U) | (static_cast<std::uint32_t>(digits[1]) << 12U) |
        (static_cast<std::uint32_t>(digits[2]) << 6U) | static_cast<std::uint32_t>(digits[3]);
    decoded.push_back(static_cast<char>((group >> 16U) & 0xffU));
    if (padding < 2) decoded.push_back(static_cast<char>((group >> 8U) & 0xffU));
    if (padding < 1) decoded.push_back(static_cast<char>(group & 0xffU));
  }
  return decoded;
}

bool is_attribute_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == ';' ||
         c == '.';
}

LdifAttribute parse_attribute_line(const LogicalLine& line) {
  const std::string_view text = line.text;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) throw LdifError(line.number, "expected `name: value`");
  LdifAttribute attribute;
  attribute.name = std::string(text.substr(0, colon));
  for (char c : attribute.name) {
    if (!is_attribute_name_char(c))
      throw LdifError(line.number, "invalid attribute name `" + attribute.name + "`");
  }
  std::string_view rest = text.substr(colon + 1);
  enum class Encoding { kPlain, kBase64 } encoding = Encoding::kPlain;
  if (!rest.empty() && rest.front() == ':') {
    encoding = Encoding::kBase64;
    rest.remove_prefix(1);
  } else if (!rest.empty() && rest.front() == '<') {
    throw LdifError(line.number, "URL values (`" + attribute.name + ":<`) are not supported");
  }
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  attribute.value = encoding == Encoding::kBase64 ? decode_base64(rest, line.number) : std::string(rest);
  return attribute;
}

}  // namespace

std::vector<std::string> LdifRecord::values(std::string_view name) const {
  std::vector<std::string> result;
  for (const LdifAttribute& attribute : attributes) {
    if (same_name(attribute.name, name)) result.push_back(attribute.value);
  }
  return result;
}

std::optional<std::string> LdifRecord::first_value(std::string_view name) const {
  for (const LdifAttribute& attribute : attributes) {
    if (same_name(attribute.name, name)) return attribute.value;
  }
  return std::nullopt;
}

std::vector<LdifRecord> parse_ldif(std::string_view text) {
  std::vector<LdifRecord> records;
  std::optional<LdifRecord> current;
  bool version_allowed = true;
  for (const LogicalLine& line : unfold(text)) {
    if (line.text.empty()) {
      if (current) records.push_back(std::move(*current));
      current.reset();
      continue;
    }
    if (line.text.front() == '#') continue;
    LdifAttribute attribute = parse_attribute_line(line);
    if (!current) {
      if (version_allowed && same_name(attribute.name, "version")) {
        if (attribute.value != "1")
          throw LdifError(line.number, "unsupported LDIF version " + attribute.value);
        version_allowed = false;
        continue;
      }
      if (!same_name(attribute.name, "dn")) {
        throw LdifError(line.number, "a record must start with `dn:`");
      }
      current.emplace();
      current->dn = std::move(attribute.value);
      current->line = line.number;
      version_allowed = false;
      continue;
    }
    version_allowed = false;
    if (same_name(attribute.name, "changetype")) {
      if (attribute.value != "add") throw LdifError(line.number, "only `changetype: add` is supported");
      continue;
    }
    if (same_name(attribute.name, "control")) {
      throw LdifError(line.number, "`control:` lines are not supported");
    }
    if (same_name(attribute.name, "dn")) {
      throw LdifError(line.number, "a second `dn:` in one record (missing blank line?)");
    }
    current->attributes.push_back(std::move(attribute));
  }
  if (current) records.push_back(std::move(*current));
  return records;
}

}  // namespace hearth::auth
