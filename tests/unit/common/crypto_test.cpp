#include "common/crypto.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace hearth::crypto {
namespace {

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_base64url(std::string_view text) {
  return text.find_first_not_of(kBase64UrlAlphabet) == std::string_view::npos;
}

bool is_lower_hex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

TEST_CASE("random_token returns 43 unpadded base64url characters for 32 bytes", "[common][crypto]") {
  const std::string token = random_token(32);
  CHECK(token.size() == 43);
  CHECK(is_base64url(token));
  CHECK(token.find('=') == std::string::npos);
  // 32 bytes = 256 bits; the 43rd character carries the last 4 bits followed by
  // two zero bits, so its alphabet index is a multiple of 4.
  const auto last_index = kBase64UrlAlphabet.find(token.back());
  REQUIRE(last_index != std::string_view::npos);
  CHECK(last_index % 4 == 0);
  CHECK(random_token().size() == 43);  // 32 bytes is the default
}

TEST_CASE("random_token length follows base64 without padding for any byte count", "[common][crypto]") {
  CHECK(random_token(0).empty());
  CHECK(random_token(1).size() == 2);
  CHECK(random_token(2).size() == 3);
  CHECK(random_token(3).size() == 4);
  CHECK(random_token(9).size() == 12);
  CHECK(random_token(64).size() == 86);
  CHECK(is_base64url(random_token(1000)));
}

TEST_CASE("random_token never repeats itself", "[common][crypto]") {
  CHECK(random_token() != random_token());
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) seen.insert(random_token());
  CHECK(seen.size() == 2000);
  // Every alphabet character shows up across many tokens (no stuck bits).
  std::string all;
  for (const auto& token : seen) all += token;
  for (char c : kBase64UrlAlphabet) CHECK(all.find(c) != std::string::npos);
}

TEST_CASE("unique_id is 11 base64url characters and never repeats, from many threads", "[common][crypto]") {
  const std::string first = unique_id();
  CHECK(first.size() == 11);
  CHECK(is_base64url(first));
  // Four threads draw 20,000 ids each; all 80,000 differ.
  std::vector<std::vector<std::string>> drawn(4);
  std::vector<std::thread> threads;
  for (auto& ids : drawn) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 20000; ++i) ids.push_back(unique_id());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> seen{first};
  for (const auto& ids : drawn) seen.insert(ids.begin(), ids.end());
  CHECK(seen.size() == 80001);
  // Scrambled, not a visible counter: consecutive ids differ in most characters.
  const std::string next = unique_id();
  const std::string after = unique_id();
  int same = 0;
  for (std::size_t i = 0; i < next.size(); ++i) same += next[i] == after[i] ? 1 : 0;
  CHECK(same < 6);
}

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors", "[common][crypto]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_hex hashes every byte, including NUL", "[common][crypto]") {
  const std::string with_nul("abc\0def", 7);
  const std::string digest = sha256_hex(with_nul);
  CHECK(digest.size() == 64);
  CHECK(is_lower_hex(digest));
  CHECK(digest != sha256_hex("abc"));
  CHECK(digest != sha256_hex("abcdef"));
  CHECK(sha256_hex(with_nul) == digest);  // deterministic
}

TEST_CASE("constant_time_equals compares content and length", "[common][crypto]") {
  CHECK(constant_time_equals("", ""));
  CHECK(constant_time_equals("same-token", "same-token"));
  CHECK_FALSE(constant_time_equals("same-token", "same-tokeN"));
  CHECK_FALSE(constant_time_equals("Same-token", "same-token"));
  CHECK_FALSE(constant_time_equals("token", "token-longer"));
  CHECK_FALSE(constant_time_equals("token-longer", "token"));
  CHECK_FALSE(constant_time_equals("", "x"));
  CHECK_FALSE(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  CHECK(constant_time_equals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
}

}  // namespace hearth::crypto
