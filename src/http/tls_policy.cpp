#include "http/tls_policy.h"

#include <openssl/err.h>

namespace hearth::http {
namespace {

// Mozilla's "intermediate" TLS 1.2 list without the finite-field DHE suites.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kGroups = "X25519:P-256:P-384";

std::string openssl_reason(const char* what) {
  std::string reason = what;
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason += ": ";
    reason += text;
  }
  ERR_clear_error();
  return reason;
}

}  // namespace

bool apply_tls_policy(SSL_CTX& context, std::string& problem) {
  if (SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION) != 1) {
    problem = openssl_reason("setting the minimum TLS version failed");
    return false;
  }
  if (SSL_CTX_set_cipher_list(&context, kTls12Ciphers) != 1) {
    problem = openssl_reason("setting the TLS 1.2 cipher list failed");
    return false;
  }
  if (SSL_CTX_set_ciphersuites(&context, kTls13Suites) != 1) {
    problem = openssl_reason("setting the TLS 1.3 cipher suites failed");
    return false;
  }
  if (SSL_CTX_set1_groups_list(&context, kGroups) != 1) {
    problem = openssl_reason("setting the key exchange groups failed");
    return false;
  }
  SSL_CTX_set_options(&context,
                      SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return true;
}

}  // namespace hearth::http
