#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Randomness and hashing from OpenSSL. OpenSSL headers are included by
// common/crypto.cpp only.
namespace hearth::crypto {

// Returns `byte_count` bytes from the operating system's CSPRNG, encoded as
// unpadded base64url (43 characters for 32 bytes). Throws hearth::Error
// (kInternal) if the generator fails; never returns a weak value.
std::string random_token(std::size_t byte_count = 32);

// Returns an 11-character base64url identifier that no other call in this
// process returns (a counter, scrambled with a key drawn from the CSPRNG on the
// first call), for request ids in logs and on error pages. Not a secret and
// not for tokens: use random_token() for those. Costs no system call after
// the first call. Thread-safe.
std::string unique_id();

// Returns the lowercase hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// Compares two strings in time that depends only on their lengths.
bool constant_time_equals(std::string_view left, std::string_view right);

}  // namespace hearth::crypto
