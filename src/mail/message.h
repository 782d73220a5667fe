#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Building one e-mail as RFC 5322 text. Plain functions over values: no I/O,
// thread-safe.
namespace hearth::mail {

// One plain-text message to one recipient. Texts are UTF-8; line breaks in
// `body` may be "\n" or "\r\n".
struct MailMessage {
  std::string from_name;     // e.g. the site name; may be empty
  std::string from_address;  // "hearth@hospital.example"
  std::string to_address;
  std::string subject;
  std::string body;
  std::string message_id;  // without angle brackets: "token@hospital.example"
  std::int64_t date = 0;   // seconds since the Unix epoch, shown in UTC
};

// The message as sent over SMTP: CRLF line endings, headers Date,
// Message-ID, From, To, Subject, MIME-Version, Content-Type (text/plain,
// UTF-8) and Content-Transfer-Encoding (quoted-printable), then the body.
// Every line is ASCII and at most 78 characters long: non-ASCII header text
// becomes RFC 2047 encoded words, folded; the body is quoted-printable.
// Control characters (CR and LF included) are dropped from header values, so
// no value can add a header. Dot-stuffing is left to the SMTP client.
std::string format_message(const MailMessage& message);

// A Message-ID for a new message from `from_address`: a random token at the
// address's domain ("localhost" when it has none), without angle brackets.
std::string new_message_id(std::string_view from_address);

// Returns true if `address` looks like a plain mailbox address
// ("name@host.example"): one '@' with text on both sides, printable ASCII
// only, no spaces, quotes, angle brackets, commas or semicolons. The check
// guards the SMTP envelope and the headers; it does not say that the mailbox
// exists.
bool is_plain_address(std::string_view address);

// RFC 5322 date-time in UTC: "Tue, 03 Mar 2026 19:00:00 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);

// Quoted-printable (RFC 2045) encoding of UTF-8 text whose line breaks are
// "\n" or "\r\n": CRLF line breaks, lines of at most 76 characters (soft
// breaks end with '='), '=' and every non-ASCII or control byte as =XX, and
// trailing spaces or tabs encoded.
std::string quoted_printable(std::string_view text);

// A header value as RFC 2047 "B" encoded words when it is not plain
// printable ASCII, folded so that no line is longer than 78 characters
// including `header_name` and ": ". Plain ASCII values are folded at spaces.
// Never splits a UTF-8 character.
std::string encode_header_value(std::string_view header_name, std::string_view value);

}  // namespace hearth::mail
