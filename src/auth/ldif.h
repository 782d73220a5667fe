#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::auth {

struct LdifAttribute {
  std::string name;   // as written, options included (`cn;lang-de`)
  std::string value;  // decoded bytes (base64 values are decoded)
};

// One entry of an LDIF file.
struct LdifRecord {
  std::string dn;                         // decoded, as written (not normalised)
  std::vector<LdifAttribute> attributes;  // in file order; `changetype: add` is not kept
  std::size_t line = 0;                   // 1-based line of the `dn:` line, for messages

  // Returns every value of attribute `name` in file order. Names compare
  // ASCII-case-insensitively and must match in full (options included).
  std::vector<std::string> values(std::string_view name) const;
  // Returns the first value of attribute `name`, or nullopt if it has none.
  std::optional<std::string> first_value(std::string_view name) const;
};

// Thrown by parse_ldif() for text that is not LDIF it understands.
class LdifError : public std::runtime_error {
 public:
  LdifError(std::size_t line, const std::string& message)
      : std::runtime_error("LDIF line " + std::to_string(line) + ": " + message), line_(line) {}

  std::size_t line() const { return line_; }  // 1-based

 private:
  std::size_t line_;
};

// Parses the subset of RFC 2849 that directory exports use: an optional
// leading `version: 1`; records separated by blank lines, each starting with
// `dn:`; `attr: value` and `attr:: base64` lines; continuation lines that start
// with one space; `#` comment lines (which may be continued too); LF or CRLF
// line ends; `changetype: add`, which is accepted and dropped. Returns the
// records in file order (empty text returns none).
//
// Throws LdifError for anything else: URL values (`attr:< file://`), other
// change types, `control:` lines, invalid base64, a record not starting with
// `dn:`, a line without `:`, a continuation with nothing to continue.
std::vector<LdifRecord> parse_ldif(std::string_view text);

}  // namespace hearth::auth
