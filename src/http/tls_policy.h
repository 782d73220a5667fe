#pragma once

#include <openssl/ssl.h>

#include <string>

namespace hearth::http {

// Applies Hearth's TLS policy to a server context: TLS 1.2 or later; for TLS
// 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 (forward
// secrecy, AEAD); the standard TLS 1.3 suites; the server's cipher order; no
// TLS compression, no renegotiation. Returns false (with OpenSSL's reason in
// `problem`) if OpenSSL refuses any part of it; the context must then not be
// used. Call it again on every new context (e.g. after a certificate reload).
bool apply_tls_policy(SSL_CTX& context, std::string& problem);

}  // namespace hearth::http
