#include "mail/message.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace hearth::mail {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends with CRLF
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

bool is_ascii(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Decodes quoted-printable text (soft breaks removed, CRLF kept as "\n").
std::string decode_quoted_printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=' && i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;
    } else if (text[i] == '=') {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (text[i] == '\r') {
      // CR of a CRLF line break
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string base64_decode(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    buffer = (buffer << 6U) | static_cast<unsigned>(kAlphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

// Decodes a header value made of "=?UTF-8?B?...?=" words and plain words.
std::string decode_header(const std::string& value) {
  std::string unfolded;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      unfolded += ' ';
    } else {
      unfolded += value[i];
    }
  }
  std::string out;
  std::size_t at = 0;
  bool previous_encoded = false;
  while (at < unfolded.size()) {
    const auto space = unfolded.find(' ', at);
    const auto word = unfolded.substr(at, space == std::string::npos ? std::string::npos : space - at);
    const bool encoded = word.starts_with("=?UTF-8?B?") && word.ends_with("?=");
    if (!out.empty() && !(encoded && previous_encoded)) out += ' ';
    out += encoded ? base64_decode(word.substr(10, word.size() - 12)) : word;
    previous_encoded = encoded;
    if (space == std::string::npos) break;
    at = space + 1;
  }
  return out;
}

// The display name part of a From value, before the (possibly folded) address.
std::string display_name(const std::string& from) {
  auto name = from.substr(0, from.find('<'));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\n' || name.back() == '\r')) name.pop_back();
  return name;
}

MailMessage sample() {
  MailMessage message;
  message.from_name = "Riverside Care Circle";
  message.from_address = "hearth@riverside-general.example";
  message.to_address = "amy.chen@riverside-general.example";
  message.subject = "You have new activity in Riverside Care Circle";
  message.body = "Hello,\n\nYou have new activity.\n";
  message.message_id = "abc123@riverside-general.example";
  message.date = 1'772'564'400;  // 2026-03-03 19:00:00 UTC
  return message;
}

}  // namespace

TEST_CASE("a message has the RFC 5322 and MIME headers, CRLF lines and a blank line before the body",
          "[mail]") {
  const auto text = format_message(sample());
  const auto lines = lines_of(text);
  CHECK(lines.at(0) == "Date: Tue, 03 Mar 2026 19:00:00 +0000");
  CHECK(lines.at(1) == "Message-ID: <abc123@riverside-general.example>");
  CHECK(lines.at(2) == "From: Riverside Care Circle <hearth@riverside-general.example>");
  CHECK(lines.at(3) == "To: <amy.chen@riverside-general.example>");
  CHECK(lines.at(4) == "Subject: You have new activity in Riverside Care Circle");
  CHECK(lines.at(5) == "MIME-Version: 1.0");
  CHECK(lines.at(6) == "Content-Type: text/plain; charset=UTF-8");
  CHECK(lines.at(7) == "Content-Transfer-Encoding: quoted-printable");
  CHECK(lines.at(8).empty());
  CHECK(lines.at(9) == "Hello,");
  CHECK(lines.at(10).empty());
  CHECK(lines.at(11) == "You have new activity.");
  CHECK(lines.size() == 12);
  // No bare LF or CR anywhere.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') CHECK((i > 0 && text[i - 1] == '\r'));
    if (text[i] == '\r') CHECK((i + 1 < text.size() && text[i + 1] == '\n'));
  }
}

TEST_CASE("dates are RFC 5322 in UTC", "[mail]") {
  CHECK(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(1'709'251'199) == "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST_CASE("UTF-8 subjects and names become encoded words, folded, and decode back", "[mail]") {
  auto message = sample();
  message.from_name = "Círculo de Cuidado";
  message.subject =
      "Nouvelle réponse — Groupe « Parents de nuit » à l'hôpital Józef Wiśniewski 🌙 et encore du texte";
  const auto text = format_message(message);
  CHECK(is_ascii(text));
  const auto header_end = text.find("\r\n\r\n");
  const auto subject_start = text.find("Subject: ") + 9;
  const auto subject_end = text.find("\r\nMIME-Version");
  const auto subject = text.substr(subject_start, subject_end - subject_start);
  CHECK(subject.find("\r\n ") != std::string::npos);  // folded
  CHECK(decode_header(subject) == message.subject);
  const auto from_start = text.find("From: ") + 6;
  const auto from = text.substr(from_start, text.find("\r\nTo:") - from_start);
  CHECK(from.starts_with("=?UTF-8?B?"));
  CHECK(from.ends_with(" <hearth@riverside-general.example>"));
  CHECK(decode_header(display_name(from)) == "Círculo de Cuidado");
  for (const auto& line : lines_of(text.substr(0, header_end + 2))) {
    INFO(line);
    CHECK(line.size() <= 78);
  }
}

TEST_CASE("names with quotes, commas or parentheses are encoded rather than quoted", "[mail]") {
  auto message = sample();
  message.from_name = "O'Brien, Liam (ICU)";
  const auto text = format_message(message);
  const auto from_start = text.find("From: ") + 6;
  const auto from = text.substr(from_start, text.find("\r\nTo:") - from_start);
  CHECK(from.starts_with("=?UTF-8?B?"));
  CHECK(decode_header(display_name(from)) == "O'Brien, Liam (ICU)");
}

TEST_CASE("header values cannot add headers", "[mail]") {
  auto message = sample();
  message.subject = "Hello\r\nBcc: everyone@example.org";
  message.to_address = "amy@example.org\r\nBcc: x@example.org";
  const auto text = format_message(message);
  const auto headers = text.substr(0, text.find("\r\n\r\n"));
  for (const auto& line : lines_of(headers + "\r\n")) CHECK_FALSE(line.starts_with("Bcc:"));
}

TEST_CASE("long ASCII subjects fold at spaces within 78 columns", "[mail]") {
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "word" + std::to_string(i) + " ";
  subject.pop_back();
  const auto value = encode_header_value("Subject", subject);
  const auto lines = lines_of("Subject: " + value + "\r\n");
  CHECK(lines.size() > 1);
  for (const auto& line : lines) CHECK(line.size() <= 78);
  CHECK(decode_header(value) == subject);
}

TEST_CASE("the body is quoted-printable: ASCII, lines of at most 76, UTF-8 and dots intact", "[mail]") {
  const std::string body =
      "Première ligne avec des accents: é à ü ß — and an emoji 🌙.\n"
      ".A line starting with a dot\n"
      "A line with = signs = and a trailing space \n"
      "\tTabbed\r\n" +
      std::string(200, 'x') + "\n" + std::string(100, 'e') + "é" + std::string(100, 'e') + "\n";
  const auto encoded = quoted_printable(body);
  CHECK(is_ascii(encoded));
  for (const auto& line : lines_of(encoded)) {
    INFO(line);
    CHECK(line.size() <= 76);
    CHECK_FALSE(line.ends_with(" "));
    CHECK_FALSE(line.ends_with("\t"));
  }
  std::string expected = body;
  // CRLF becomes "\n" in the decoded form used here.
  expected.replace(expected.find("\r\n"), 2, "\n");
  CHECK(decode_quoted_printable(encoded) == expected);
  CHECK(encoded.find("=3D") != std::string::npos);
  CHECK(encoded.find("=20\r\n") != std::string::npos);  // the trailing space
  CHECK(encoded.find("=C3=A9") != std::string::npos);   // é
}

TEST_CASE("plain addresses", "[mail]") {
  CHECK(is_plain_address("amy.chen@riverside-general.example"));
  CHECK(is_plain_address("a+tag@b.c"));
  CHECK_FALSE(is_plain_address(""));
  CHECK_FALSE(is_plain_address("amy"));
  CHECK_FALSE(is_plain_address("@example.org"));
  CHECK_FALSE(is_plain_address("amy@"));
  CHECK_FALSE(is_plain_address("a@b@c"));
  CHECK_FALSE(is_plain_address("Amy <amy@example.org>"));
  CHECK_FALSE(is_plain_address("amy@example.org\r\nRCPT TO:<x@y>"));
  CHECK_FALSE(is_plain_address("amy chen@example.org"));
  CHECK_FALSE(is_plain_address("amy@exämple.org"));
}

TEST_CASE("message ids are random, at the sender's domain", "[mail]") {
  const auto first = new_message_id("hearth@riverside-general.example");
  const auto second = new_message_id("hearth@riverside-general.example");
  CHECK(first != second);
  CHECK(first.ends_with("@riverside-general.example"));
  CHECK(new_message_id("not an address").ends_with("@localhost"));
}

}  // namespace hearth::mail
