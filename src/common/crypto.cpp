#include "common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "common/error.h"

namespace hearth::crypto {
namespace {

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const unsigned value = (data[i] << 16U) | (data[i + 1] << 8U) | data[i + 2];
    out += kBase64UrlAlphabet[(value >> 18U) & 63U];
    out += kBase64UrlAlphabet[(value >> 12U) & 63U];
    out += kBase64UrlAlphabet[(value >> 6U) & 63U];
    out += kBase64UrlAlphabet[value & 63U];
  }
  if (size - i == 1) {
    const unsigned value = data[i] << 16U;
    out += kBase64UrlAlphabet[(value >> 18U) & 63U];
    out += kBase64UrlAlphabet[(value >> 12U) & 63U];
  } else if (size - i == 2) {
    const unsigned value = (data[i] << 16U) | (data[i + 1] << 8U);
    out += kBase64UrlAlphabet[(value >> 18U) & 63U];
    out += kBase64UrlAlphabet[(value >> 12U) & 63U];
    out += kBase64UrlAlphabet[(value >> 6U) & 63U];
  }
  return out;
}

}  // namespace

std::string random_token(std::size_t byte_count) {
  std::vector<unsigned char> bytes(byte_count);
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw Error::internal("RAND_bytes failed");
  }
  return base64url(bytes.data(), bytes.size());
}

std::string unique_id() {
  static const std::uint64_t key = [] {
    std::uint64_t value = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1) {
      throw Error::internal("RAND_bytes failed");
    }
    return value;
  }();
  static std::atomic<std::uint64_t> counter{0};
  // The splitmix64 finaliser: a bijection, so distinct counters give distinct ids.
  std::uint64_t mixed = (counter.fetch_add(1, std::memory_order_relaxed) + 1) ^ key;
  mixed = (mixed ^ (mixed >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  mixed = (mixed ^ (mixed >> 27U)) * 0x94d049bb133111ebULL;
  mixed ^= mixed >> 31U;
  std::array<unsigned char, sizeof mixed> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(mixed >> (8U * i));
  return base64url(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw Error::internal("EVP_Digest(sha256) failed");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4U];
    out += kHex[digest[i] & 15U];
  }
  return out;
}

bool constant_time_equals(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

}  // namespace hearth::crypto
