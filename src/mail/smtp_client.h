#pragma once

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

// Sending e-mail through an SMTP relay with libcurl. curl headers are
// included by mail/*.cpp only.
namespace hearth::mail {

enum class TlsRequirement {
  kRequired,  // smtp:// must upgrade with STARTTLS (smtps:// is TLS from the start); otherwise nothing is
              // sent
  kNone,      // plain SMTP, for a relay on the same machine or a trusted segment; explicit in the config
};

// How to reach the hospital's relay.
struct SmtpOptions {
  std::string url;       // "smtp://relay.hospital.example:587" or "smtps://relay.hospital.example:465"
  std::string username;  // empty: no AUTH
  std::string password;  // read from a file by the config loader; never logged
  TlsRequirement tls = TlsRequirement::kRequired;
  std::string ca_file;  // PEM bundle the relay's certificate must chain to; empty: the system default
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{60};  // the whole conversation, connection included
};

// What became of one attempt to hand a message to the relay.
struct Delivery {
  enum class Outcome {
    kSent,       // the relay accepted the message (250 after DATA)
    kFailed,     // not accepted; try again later
    kCancelled,  // stopped because the sender is shutting down; not an attempt
  };
  Outcome outcome = Outcome::kFailed;
  long smtp_status = 0;  // the relay's last reply code, 0 when it never answered
  // For the log and the outbox's last_error: curl's error text and the reply
  // code. Never the message, the addresses or the password.
  std::string detail;

  bool sent() const { return outcome == Outcome::kSent; }
};

// Hands one formatted message (format_message()) to a mail relay. An
// interface so that the outbox can be tested without a relay.
class Transport {
 public:
  virtual ~Transport() = default;
  // Sends `message` from `envelope_from` to `envelope_to`. Returns promptly
  // with kCancelled once `stop` is requested. Never throws for relay or
  // network failures; those are kFailed.
  virtual Delivery send(std::string_view envelope_from, std::string_view envelope_to,
                        std::string_view message, std::stop_token stop) = 0;
};

// The libcurl SMTP client. Owns one CURL easy handle (RAII), so a connection
// to the relay may be reused between messages. Not thread-safe: one sender
// thread uses it. Peer and host name verification are always on.
class SmtpClient final : public Transport {
 public:
  // Throws hearth::Error (kInternal) if libcurl cannot be initialised.
  explicit SmtpClient(SmtpOptions options);
  ~SmtpClient() override;
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  Delivery send(std::string_view envelope_from, std::string_view envelope_to, std::string_view message,
                std::stop_token stop) override;

 private:
  struct Handle;
  SmtpOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace hearth::mail
