#include "mail/message.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <ctime>
#include <vector>

#include "common/crypto.h"

namespace hearth::mail {
namespace {

constexpr std::size_t kMaxLine = 78;         // RFC 5322 "SHOULD" limit, without CRLF
constexpr std::size_t kMaxQuotedLine = 76;   // RFC 2045 limit for quoted-printable lines
constexpr std::size_t kMaxEncodedWord = 75;  // RFC 2047 limit for one encoded word
constexpr std::string_view kWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kWordSuffix = "?=";
constexpr std::string_view kHex = "0123456789ABCDEF";

bool is_printable_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7F;
}

// Header text with every control character (CR, LF and tab included) turned
// into a space, so that no value can end its header line.
std::string without_controls(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7F ? ' ' : c;
  }
  return out;
}

bool needs_encoding(std::string_view value) {
  for (const char c : value) {
    if (!is_printable_ascii(static_cast<unsigned char>(c))) return true;
  }
  return value.find("=?") != std::string_view::npos;
}

std::string base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto chunk = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U) |
                       (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U) |
                       static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(chunk >> 18U) & 63U];
    out += kAlphabet[(chunk >> 12U) & 63U];
    out += kAlphabet[(chunk >> 6U) & 63U];
    out += kAlphabet[chunk & 63U];
  }
  const auto rest = bytes.size() - i;
  if (rest > 0) {
    unsigned chunk = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
    if (rest == 2) chunk |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    out += kAlphabet[(chunk >> 18U) & 63U];
    out += kAlphabet[(chunk >> 12U) & 63U];
    out += rest == 2 ? kAlphabet[(chunk >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

// Splits `value` into encoded words of at most kMaxEncodedWord characters,
// each holding whole UTF-8 characters.
std::vector<std::string> encoded_words(std::string_view value) {
  // 39 bytes make 52 characters of base64 and a 64-character word: under the
  // 75 allowed for a word, and short enough that "Subject: " and the first
  // word fit in 78 columns.
  constexpr std::size_t kBytesPerWord = 39;
  static_assert(kWordPrefix.size() + kBytesPerWord / 3 * 4 + kWordSuffix.size() <= kMaxEncodedWord);
  std::vector<std::string> words;
  while (!value.empty()) {
    std::size_t take = std::min(kBytesPerWord, value.size());
    // Back off to the start of a character (continuation bytes are 10xxxxxx).
    while (take < value.size() && take > 0 && (static_cast<unsigned char>(value[take]) & 0xC0U) == 0x80U) {
      --take;
    }
    if (take == 0) take = std::min(kBytesPerWord, value.size());  // not UTF-8; split anywhere
    words.push_back(std::string(kWordPrefix) + base64(value.substr(0, take)) + std::string(kWordSuffix));
    value.remove_prefix(take);
  }
  return words;
}

std::vector<std::string> split_on_spaces(std::string_view value) {
  std::vector<std::string> words;
  while (!value.empty()) {
    const auto space = value.find(' ');
    if (space != 0) words.emplace_back(value.substr(0, space));
    if (space == std::string_view::npos) break;
    value.remove_prefix(space + 1);
  }
  return words;
}

// Joins header tokens with single spaces, folding ("\r\n ") before a token
// that would take the line past kMaxLine. `used` is the length of what
// precedes the value on the first line ("Subject: ").
class HeaderFolder {
 public:
  explicit HeaderFolder(std::size_t used) : line_length_(used) {}

  void add(std::string_view token) {
    if (!first_) {
      if (line_length_ + 1 + token.size() > kMaxLine) {
        text_ += "\r\n";
        line_length_ = 0;
      }
      text_ += ' ';
      ++line_length_;
    }
    text_ += token;
    line_length_ += token.size();
    first_ = false;
  }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::size_t line_length_;
  bool first_ = true;
};

std::vector<std::string> header_tokens(std::string_view value) {
  const std::string clean = without_controls(value);
  return needs_encoding(clean) ? encoded_words(clean) : split_on_spaces(clean);
}

std::string header_line(std::string_view name, std::string_view folded_value) {
  return std::string(name) + ": " + std::string(folded_value) + "\r\n";
}

// The display name of From as a phrase: atoms when it is plain words,
// encoded words otherwise (quotes, commas, parentheses and the like would
// need a quoted string; encoded words are simpler and always safe).
std::vector<std::string> phrase_tokens(std::string_view name) {
  const std::string clean = without_controls(name);
  bool plain = !needs_encoding(clean);
  for (const char c : clean) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) == 0 && c != ' ' &&
        std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) == std::string_view::npos) {
      plain = false;
    }
  }
  return plain ? split_on_spaces(clean) : encoded_words(clean);
}

void append_quoted_line(std::string_view line, std::string& out) {
  std::vector<std::string> tokens;
  tokens.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool literal =
        (byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !last);
    if (literal) {
      tokens.emplace_back(1, static_cast<char>(byte));
    } else {
      tokens.push_back({'=', kHex[byte >> 4U], kHex[byte & 15U]});
    }
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // A soft break needs one column for its '='; the line's last token may
    // use the whole line.
    const std::size_t limit = i + 1 == tokens.size() ? kMaxQuotedLine : kMaxQuotedLine - 1;
    if (length + tokens[i].size() > limit) {
      out += "=\r\n";
      length = 0;
    }
    out += tokens[i];
    length += tokens[i].size();
  }
  out += "\r\n";
}

}  // namespace

std::string quoted_printable(std::string_view text) {
  std::string out;
  while (true) {
    const auto newline = text.find('\n');
    auto line = text.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (newline == std::string_view::npos) {
      if (!line.empty()) append_quoted_line(line, out);
      break;
    }
    append_quoted_line(line, out);
    text.remove_prefix(newline + 1);
  }
  return out;
}

std::string encode_header_value(std::string_view header_name, std::string_view value) {
  HeaderFolder folder(header_name.size() + 2);
  for (const auto& token : header_tokens(value)) folder.add(token);
  return folder.text();
}

std::string rfc5322_date(std::int64_t unix_seconds) {
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
                     kDays.at(static_cast<std::size_t>(utc.tm_wday)), utc.tm_mday,
                     kMonths.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

bool is_plain_address(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  if (address.size() > 254) return false;
  for (const char c : address) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) return false;
    if (std::string_view("\"<>(),;:[]\\").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string new_message_id(std::string_view from_address) {
  const auto at = from_address.find('@');
  const auto domain = at == std::string_view::npos || !is_plain_address(from_address)
                          ? std::string_view("localhost")
                          : from_address.substr(at + 1);
  return crypto::random_token(18) + "@" + std::string(domain);
}

std::string format_message(const MailMessage& message) {
  std::string out;
  out += header_line("Date", rfc5322_date(message.date));
  out += header_line("Message-ID", "<" + without_controls(message.message_id) + ">");
  HeaderFolder from(std::string_view("From").size() + 2);
  for (const auto& token : phrase_tokens(message.from_name)) from.add(token);
  from.add("<" + without_controls(message.from_address) + ">");
  out += header_line("From", from.text());
  out += header_line("To", "<" + without_controls(message.to_address) + ">");
  out += header_line("Subject", encode_header_value("Subject", message.subject));
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "\r\n";
  out += quoted_printable(message.body);
  return out;
}

}  // namespace hearth::mail
