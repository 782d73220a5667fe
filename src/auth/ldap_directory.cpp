#include "auth/ldap_directory.h"

#include <fmt/format.h>
#include <lber.h>
#include <ldap.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "auth/distinguished_name.h"
#include "auth/group_nesting.h"
#include "auth/ldap_filter.h"
#include "auth/login_name.h"
#include "common/log.h"
#include "common/text.h"

namespace hearth::auth {
namespace {

// ---------------------------------------------------------------------------
// RAII for libldap handles.

struct LdapDeleter {
  void operator()(LDAP* handle) const { ldap_unbind_ext_s(handle, nullptr, nullptr); }
};
using LdapHandle = std::unique_ptr<LDAP, LdapDeleter>;

struct MessageDeleter {
  void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using MessageHandle = std::unique_ptr<LDAPMessage, MessageDeleter>;

struct BerElementDeleter {
  void operator()(BerElement* element) const { ber_free(element, 0); }
};
using BerElementHandle = std::unique_ptr<BerElement, BerElementDeleter>;

struct BervalsDeleter {
  void operator()(berval** values) const { ldap_value_free_len(values); }
};
using BervalsHandle = std::unique_ptr<berval*, BervalsDeleter>;

struct LdapMemoryDeleter {
  void operator()(char* memory) const { ldap_memfree(memory); }
};
using LdapString = std::unique_ptr<char, LdapMemoryDeleter>;

struct ControlDeleter {
  void operator()(LDAPControl* control) const { ldap_control_free(control); }
};
using ControlHandle = std::unique_ptr<LDAPControl, ControlDeleter>;

struct ControlsDeleter {
  void operator()(LDAPControl** controls) const { ldap_controls_free(controls); }
};
using ControlsHandle = std::unique_ptr<LDAPControl*, ControlsDeleter>;

// ---------------------------------------------------------------------------
// Small helpers.

// Thrown by the steps before the user bind when a server cannot be used at the
// transport level (connect, TLS, timeout, server down); sign_in() then moves
// on to the next URL. Never escapes this file.
class ServerUnreachable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes trace lines; a no-op when the caller passed no sink.
class Tracer {
 public:
  explicit Tracer(const TraceSink& sink) : sink_(sink) {}
  void operator()(const std::string& line) const {
    if (sink_) sink_(line);
  }

 private:
  const TraceSink& sink_;
};

enum class TlsMode { kLdaps, kStartTls, kNone };

std::string_view tls_mode_name(TlsMode mode) {
  switch (mode) {
    case TlsMode::kLdaps: return "LDAPS";
    case TlsMode::kStartTls: return "StartTLS";
    case TlsMode::kNone: return "no TLS (allow_insecure_ldap)";
  }
  return "?";
}

std::string_view group_lookup_name(GroupLookup lookup) {
  switch (lookup) {
    case GroupLookup::kMemberOf: return "memberof";
    case GroupLookup::kSearch: return "search";
    case GroupLookup::kAdInChain: return "ad_in_chain";
  }
  return "?";
}

timeval to_timeval(std::chrono::milliseconds duration) {
  const auto count = std::max<std::chrono::milliseconds::rep>(duration.count(), 1);
  timeval result{};
  result.tv_sec = static_cast<time_t>(count / 1000);
  result.tv_usec = static_cast<suseconds_t>((count % 1000) * 1000);
  return result;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  return fmt::format("{:g} s", static_cast<double>(duration.count()) / 1000.0);
}

constexpr std::string_view kHandshakeHint =
    "does the server certificate chain to ca_file, name this host, and allow TLS 1.2 or later?";

// Result codes that mean "this server cannot be used right now", as opposed
// to an answer from a working server.
bool is_transport_error(int code) {
  switch (code) {
    case LDAP_SERVER_DOWN:
    case LDAP_LOCAL_ERROR:
    case LDAP_ENCODING_ERROR:
    case LDAP_DECODING_ERROR:
    case LDAP_TIMEOUT:
    case LDAP_CONNECT_ERROR:
    case LDAP_BUSY:
    case LDAP_UNAVAILABLE: return true;
    default: return false;
  }
}

std::string hex(std::string_view bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string result;
  result.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    result.push_back(kDigits[byte >> 4U]);
    result.push_back(kDigits[byte & 0x0fU]);
  }
  return result;
}

bool is_printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// ---------------------------------------------------------------------------
// One LDAP connection.

// The attributes of one entry, read in one pass. Names are lower-cased.
struct Entry {
  std::string dn;
  std::map<std::string, std::vector<std::string>> attributes;

  const std::vector<std::string>* find(std::string_view name) const {
    const auto found = attributes.find(text::to_lower_ascii(name));
    return found == attributes.end() ? nullptr : &found->second;
  }
  std::string first(std::string_view name) const {
    const std::vector<std::string>* values = name.empty() ? nullptr : find(name);
    return (values == nullptr || values->empty()) ? std::string() : values->front();
  }
};

struct SearchResult {
  int code = LDAP_OTHER;
  std::string error;  // set when code is not LDAP_SUCCESS
  std::vector<Entry> entries;
};

struct BindResult {
  int code = LDAP_OTHER;
  std::string diagnostic;
  std::optional<LDAPPasswordPolicyError> policy_error;  // from the ppolicy response control
};

// Ends a stalled TLS handshake. libldap 2.5 does not bound the handshake by
// LDAP_OPT_NETWORK_TIMEOUT: against a server that accepts the TCP connection
// but never answers, ldap_connect() (LDAPS) or ldap_start_tls_s() would retry
// the non-blocking handshake forever. While armed, the watchdog learns the
// socket through libldap's connection callbacks and shuts it down once the
// limit has passed, which makes the handshake fail (the retry loop keeps one
// core busy until then). shutdown() never races with libldap closing the
// socket: on_close() forgets it first, under the same mutex.
class HandshakeWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  HandshakeWatchdog() : callbacks_{&HandshakeWatchdog::on_connect, &HandshakeWatchdog::on_close, this} {}
  ~HandshakeWatchdog() { disarm(); }
  HandshakeWatchdog(const HandshakeWatchdog&) = delete;
  HandshakeWatchdog& operator=(const HandshakeWatchdog&) = delete;

  // Registers the callbacks on `handle`, which must not outlive this object.
  bool attach(LDAP* handle) {
    return ldap_set_option(handle, LDAP_OPT_CONNECT_CB, &callbacks_) == LDAP_OPT_SUCCESS;
  }

  // Until disarm(): shuts the socket down `limit` after now or after the
  // socket connects, whichever is later.
  void arm(std::chrono::milliseconds limit) {
    disarm();
    const std::lock_guard lock(mutex_);
    armed_ = true;
    fired_ = false;
    limit_ = limit;
    deadline_ = fd_ >= 0 ? std::optional(Clock::now() + limit) : std::nullopt;
    thread_ = std::thread([this] { watch(); });
  }

  void disarm() {
    {
      const std::lock_guard lock(mutex_);
      armed_ = false;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // True if the last arm() ended by shutting the socket down.
  bool fired() const {
    const std::lock_guard lock(mutex_);
    return fired_;
  }

  // True once libldap has connected the socket (TCP), even if it has been
  // closed again since; tells a TLS failure from a connect failure.
  bool socket_connected() const {
    const std::lock_guard lock(mutex_);
    return socket_connected_;
  }

 private:
  static int on_connect(LDAP* /*handle*/, Sockbuf* socket_buffer, LDAPURLDesc* /*server*/,
                        sockaddr* /*address*/, ldap_conncb* callbacks) {
    auto* self = static_cast<HandshakeWatchdog*>(callbacks->lc_arg);
    ber_socket_t fd = -1;
    ber_sockbuf_ctrl(socket_buffer, LBER_SB_OPT_GET_FD, &fd);
    {
      const std::lock_guard lock(self->mutex_);
      self->fd_ = fd;
      self->socket_connected_ = true;
      if (self->armed_) self->deadline_ = Clock::now() + self->limit_;
    }
    self->changed_.notify_all();
    return 0;
  }

  static void on_close(LDAP* /*handle*/, Sockbuf* /*socket_buffer*/, ldap_conncb* callbacks) {
    auto* self = static_cast<HandshakeWatchdog*>(callbacks->lc_arg);
    {
      const std::lock_guard lock(self->mutex_);
      self->fd_ = -1;
      self->deadline_.reset();
    }
    self->changed_.notify_all();
  }

  void watch() {
    std::unique_lock lock(mutex_);
    while (armed_) {
      if (!deadline_) {
        changed_.wait(lock);
        continue;
      }
      const Clock::time_point deadline = *deadline_;
      changed_.wait_until(lock, deadline);
      if (armed_ && fd_ >= 0 && deadline_ == deadline && Clock::now() >= deadline) {
        ::shutdown(fd_, SHUT_RDWR);
        fired_ = true;
        return;
      }
    }
  }

  ldap_conncb callbacks_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // State below is guarded by mutex_.
  int fd_ = -1;
  bool armed_ = false;
  bool fired_ = false;
  bool socket_connected_ = false;
  std::chrono::milliseconds limit_{0};
  std::optional<Clock::time_point> deadline_;
  std::thread thread_;
};

class Connection {
 public:
  // Connects to `url` and sets up TLS as `config` requires. Throws
  // ServerUnreachable if the server cannot be reached or TLS fails.
  static Connection open(const std::string& url, const DirectoryConfig& config, const Tracer& trace);

  // Simple bind. Never throws.
  BindResult bind(const std::string& dn, std::string_view password, std::chrono::milliseconds timeout) const;

  // Search; reads every entry of the answer. Throws ServerUnreachable on a
  // transport error; other failures are returned in SearchResult::code.
  SearchResult search(const std::string& base, int scope, const std::string& filter,
                      const std::vector<std::string>& attributes, int size_limit,
                      std::chrono::milliseconds timeout) const;

  // Returns "Description (code): diagnostic message" for `code`.
  std::string describe(int code) const;

 private:
  Connection() = default;

  std::string diagnostic_message() const;
  std::string tls_session_text() const;
  Entry read_entry(LDAPMessage* message) const;

  // Declared before handle_: unbinding calls back into it.
  std::unique_ptr<HandshakeWatchdog> watchdog_ = std::make_unique<HandshakeWatchdog>();
  LdapHandle handle_;
};

std::string Connection::diagnostic_message() const {
  char* text = nullptr;
  if (ldap_get_option(handle_.get(), LDAP_OPT_DIAGNOSTIC_MESSAGE, &text) != LDAP_OPT_SUCCESS ||
      text == nullptr) {
    return {};
  }
  LdapString owned(text);
  return text;
}

std::string Connection::describe(int code) const {
  std::string result = fmt::format("{} ({})", ldap_err2string(code), code);
  const std::string diagnostic = diagnostic_message();
  if (!diagnostic.empty()) result += ": " + diagnostic;
  return result;
}

std::string Connection::tls_session_text() const {
  std::string result;
  for (const auto& [option, label] : std::array<std::pair<int, std::string_view>, 2>{
           {{LDAP_OPT_X_TLS_VERSION, ""}, {LDAP_OPT_X_TLS_CIPHER, ", "}}}) {
    char* text = nullptr;
    if (ldap_get_option(handle_.get(), option, &text) == LDAP_OPT_SUCCESS && text != nullptr) {
      LdapString owned(text);
      result += std::string(label) + text;
    }
  }
  return result;
}

Connection Connection::open(const std::string& url, const DirectoryConfig& config, const Tracer& trace) {
  const std::string scheme = text::to_lower_ascii(url.substr(0, url.find("://") + 1));
  TlsMode mode = TlsMode::kNone;
  if (scheme == "ldaps:") {
    mode = TlsMode::kLdaps;
  } else if (scheme == "ldap:") {
    mode = config.allow_insecure_ldap ? TlsMode::kNone : TlsMode::kStartTls;
  } else {
    throw ServerUnreachable(fmt::format("{}: unsupported URL (use ldap:// or ldaps://)", url));
  }
  trace(fmt::format("connect {} ({}; network timeout {}, operation timeout {})", url, tls_mode_name(mode),
                    seconds_text(config.network_timeout), seconds_text(config.operation_timeout)));

  LDAP* raw = nullptr;
  const int initialized = ldap_initialize(&raw, url.c_str());
  if (initialized != LDAP_SUCCESS || raw == nullptr) {
    throw ServerUnreachable(fmt::format("{}: invalid URL: {}", url, ldap_err2string(initialized)));
  }
  Connection connection;
  connection.handle_.reset(raw);
  LDAP* handle = connection.handle_.get();
  HandshakeWatchdog& watchdog = *connection.watchdog_;

  const int version = LDAP_VERSION3;
  const int never_dereference = LDAP_DEREF_NEVER;
  const timeval network_timeout = to_timeval(config.network_timeout);
  const timeval operation_timeout = to_timeval(config.operation_timeout);
  const bool options_set =
      ldap_set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS &&
      ldap_set_option(handle, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) == LDAP_OPT_SUCCESS &&
      ldap_set_option(handle, LDAP_OPT_DEREF, &never_dereference) == LDAP_OPT_SUCCESS &&
      ldap_set_option(handle, LDAP_OPT_NETWORK_TIMEOUT, &network_timeout) == LDAP_OPT_SUCCESS &&
      ldap_set_option(handle, LDAP_OPT_TIMEOUT, &operation_timeout) == LDAP_OPT_SUCCESS &&
      watchdog.attach(handle);
  if (!options_set) throw ServerUnreachable(fmt::format("{}: cannot set connection options", url));

  if (mode != TlsMode::kNone) {
    const int require_certificate = LDAP_OPT_X_TLS_HARD;
    const int minimum_protocol = LDAP_OPT_X_TLS_PROTOCOL_TLS1_2;
    bool tls_set =
        ldap_set_option(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, &require_certificate) == LDAP_OPT_SUCCESS &&
        ldap_set_option(handle, LDAP_OPT_X_TLS_PROTOCOL_MIN, &minimum_protocol) == LDAP_OPT_SUCCESS;
    if (tls_set && !config.ca_file.empty()) {
      tls_set =
          ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, config.ca_file.c_str()) == LDAP_OPT_SUCCESS;
    }
    // The options above only take effect once the handle gets its own TLS
    // context; without this the process-wide context (and its CA) is used.
    const int is_server = 0;
    if (tls_set) tls_set = ldap_set_option(handle, LDAP_OPT_X_TLS_NEWCTX, &is_server) == LDAP_OPT_SUCCESS;
    if (!tls_set) {
      std::string reason =
          fmt::format("{}: TLS setup failed (is ca_file '{}' a readable PEM file?)", url, config.ca_file);
      if (const std::string diagnostic = connection.diagnostic_message(); !diagnostic.empty()) {
        reason += ": " + diagnostic;
      }
      trace(reason);
      throw ServerUnreachable(reason);
    }
  }

  if (mode == TlsMode::kLdaps) watchdog.arm(config.network_timeout);
  const int connected = ldap_connect(handle);
  watchdog.disarm();
  if (connected != LDAP_SUCCESS) {
    std::string reason;
    if (watchdog.fired()) {
      reason = fmt::format("TLS handshake (LDAPS) timed out after {}", seconds_text(config.network_timeout));
    } else if (mode == TlsMode::kLdaps && watchdog.socket_connected()) {
      reason = fmt::format("TLS handshake (LDAPS) failed ({}): {}", kHandshakeHint,
                           connection.describe(connected));
    } else {
      reason = fmt::format("connect failed: {}", connection.describe(connected));
    }
    trace(reason);
    throw ServerUnreachable(fmt::format("{}: {}", url, reason));
  }

  if (mode == TlsMode::kStartTls) {
    // The StartTLS request itself is bounded by LDAP_OPT_TIMEOUT; the
    // handshake that follows gets the network timeout.
    watchdog.arm(config.operation_timeout + config.network_timeout);
    const int started = ldap_start_tls_s(handle, nullptr, nullptr);
    watchdog.disarm();
    if (started != LDAP_SUCCESS) {
      std::string reason;
      if (watchdog.fired()) {
        reason = "StartTLS: TLS handshake timed out";
      } else if (started == LDAP_CONNECT_ERROR) {
        reason = fmt::format("StartTLS: TLS handshake failed ({}): {}", kHandshakeHint,
                             connection.describe(started));
      } else if (started == LDAP_TIMEOUT) {
        reason = fmt::format("StartTLS (TLS): no answer within {}", seconds_text(config.operation_timeout));
      } else {
        reason = fmt::format("StartTLS (TLS) refused by the server: {}", connection.describe(started));
      }
      trace(reason);
      throw ServerUnreachable(fmt::format("{}: {}", url, reason));
    }
  }
  if (mode == TlsMode::kNone) {
    trace("TLS: none; the connection is not encrypted (allow_insecure_ldap)");
  } else {
    trace(fmt::format("TLS: {} established, certificate verified{}{} ({})", tls_mode_name(mode),
                      config.ca_file.empty() ? " against the system CAs" : " against ", config.ca_file,
                      connection.tls_session_text()));
  }
  return connection;
}

BindResult Connection::bind(const std::string& dn, std::string_view password,
                            std::chrono::milliseconds timeout) const {
  LDAP* handle = handle_.get();
  BindResult result;
  LDAPControl* raw_request = nullptr;
  ControlHandle policy_request;
  if (ldap_create_passwordpolicy_control(handle, &raw_request) == LDAP_SUCCESS)
    policy_request.reset(raw_request);
  std::array<LDAPControl*, 2> request_controls{policy_request.get(), nullptr};

  // libldap takes a non-const berval but only reads it.
  berval credentials{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
  int message_id = 0;
  const int sent = ldap_sasl_bind(handle, dn.c_str(), LDAP_SASL_SIMPLE, &credentials,
                                  policy_request ? request_controls.data() : nullptr, nullptr, &message_id);
  if (sent != LDAP_SUCCESS) {
    result.code = sent;
    result.diagnostic = diagnostic_message();
    return result;
  }

  timeval wait = to_timeval(timeout);
  LDAPMessage* raw_answer = nullptr;
  const int kind = ldap_result(handle, message_id, LDAP_MSG_ALL, &wait, &raw_answer);
  MessageHandle answer(raw_answer);
  if (kind == 0) {
    ldap_abandon_ext(handle, message_id, nullptr, nullptr);
    result.code = LDAP_TIMEOUT;
    return result;
  }
  if (kind < 0) {
    int code = LDAP_SERVER_DOWN;
    ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code);
    result.code = code;
    result.diagnostic = diagnostic_message();
    return result;
  }

  int code = LDAP_OTHER;
  char* raw_diagnostic = nullptr;
  LDAPControl** raw_controls = nullptr;
  const int parsed =
      ldap_parse_result(handle, answer.get(), &code, nullptr, &raw_diagnostic, nullptr, &raw_controls, 0);
  LdapString diagnostic(raw_diagnostic);
  ControlsHandle controls(raw_controls);
  if (parsed != LDAP_SUCCESS) {
    result.code = parsed;
    return result;
  }
  result.code = code;
  if (diagnostic) result.diagnostic = diagnostic.get();
  if (LDAPControl* response =
          ldap_control_find(LDAP_CONTROL_PASSWORDPOLICYRESPONSE, controls.get(), nullptr)) {
    ber_int_t expire = -1;
    ber_int_t grace = -1;
    LDAPPasswordPolicyError error = PP_noError;
    if (ldap_parse_passwordpolicy_control(handle, response, &expire, &grace, &error) == LDAP_SUCCESS &&
        error != PP_noError) {
      result.policy_error = error;
    }
  }
  return result;
}

Entry Connection::read_entry(LDAPMessage* message) const {
  LDAP* handle = handle_.get();
  Entry entry;
  if (LdapString dn{ldap_get_dn(handle, message)}) entry.dn = dn.get();
  BerElement* raw_element = nullptr;
  LdapString name{ldap_first_attribute(handle, message, &raw_element)};
  const BerElementHandle element(raw_element);
  for (; name; name.reset(ldap_next_attribute(handle, message, element.get()))) {
    const BervalsHandle values{ldap_get_values_len(handle, message, name.get())};
    std::vector<std::string>& stored = entry.attributes[text::to_lower_ascii(name.get())];
    for (berval** value = values.get(); value != nullptr && *value != nullptr; ++value) {
      stored.emplace_back((*value)->bv_val, (*value)->bv_len);
    }
  }
  return entry;
}

SearchResult Connection::search(const std::string& base, int scope, const std::string& filter,
                                const std::vector<std::string>& attributes, int size_limit,
                                std::chrono::milliseconds timeout) const {
  LDAP* handle = handle_.get();
  std::vector<char*> attribute_list;
  for (const std::string& attribute : attributes)
    attribute_list.push_back(const_cast<char*>(attribute.c_str()));
  attribute_list.push_back(nullptr);

  timeval wait = to_timeval(timeout);
  LDAPMessage* raw_answer = nullptr;
  const int code = ldap_search_ext_s(handle, base.c_str(), scope, filter.c_str(), attribute_list.data(), 0,
                                     nullptr, nullptr, &wait, size_limit, &raw_answer);
  MessageHandle answer(raw_answer);
  if (is_transport_error(code)) throw ServerUnreachable(describe(code));

  SearchResult result;
  result.code = code;
  if (code != LDAP_SUCCESS) result.error = describe(code);
  for (LDAPMessage* message = ldap_first_entry(handle, answer.get()); message != nullptr;
       message = ldap_next_entry(handle, message)) {
    result.entries.push_back(read_entry(message));
  }
  return result;
}

// ---------------------------------------------------------------------------
// The steps of one sign-in.

std::string describe_policy_error(LDAPPasswordPolicyError error) {
  switch (error) {
    case PP_accountLocked: return "account locked (password policy)";
    case PP_passwordExpired: return "password expired (password policy)";
    case PP_changeAfterReset: return "password must be changed after reset (password policy)";
    default: return fmt::format("password policy: {}", ldap_passwordpolicy_err2txt(error));
  }
}

std::string describe_bind_failure(const BindResult& bind) {
  std::string result = fmt::format("{} ({})", ldap_err2string(bind.code), bind.code);
  if (bind.policy_error) result += "; " + describe_policy_error(*bind.policy_error);
  if (std::optional<std::string> active_directory = describe_active_directory_bind_error(bind.diagnostic)) {
    result += "; " + *active_directory;
  } else if (!bind.diagnostic.empty()) {
    result += ": " + bind.diagnostic;
  }
  return result;
}

SignInResult refuse(SignInStatus status, std::string detail) {
  SignInResult result;
  result.status = status;
  result.log_detail = std::move(detail);
  return result;
}

class SignInAttempt {
 public:
  SignInAttempt(const DirectoryConfig& config, std::string username, std::string_view password,
                const Tracer& trace)
      : config_(config), username_(std::move(username)), password_(password), trace_(trace) {}

  // Runs every step against `url`. Throws ServerUnreachable if the server
  // failed before the person's password was sent.
  SignInResult run(const std::string& url);

 private:
  std::vector<std::string> person_attributes() const;
  // Returns nullopt if the groups could be read, else the reason.
  std::optional<std::string> read_groups(const Connection& service, const Entry& person,
                                         std::vector<std::string>& group_dns) const;
  std::vector<std::string> parents_by_member_of(const Connection& service,
                                                const std::vector<std::string>& group_dns) const;
  std::vector<std::string> parents_by_search(const Connection& service,
                                             const std::vector<std::string>& group_dns) const;
  const std::string& group_base() const {
    return config_.group_base.empty() ? config_.user_base : config_.group_base;
  }

  const DirectoryConfig& config_;
  std::string username_;
  std::string_view password_;
  const Tracer& trace_;
};

// Thrown inside read_groups() when a group search fails after the user bind;
// turned into kDirectoryUnavailable there.
class GroupLookupFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::vector<std::string> SignInAttempt::person_attributes() const {
  std::vector<std::string> attributes;
  for (const std::string* name :
       {&config_.id_attribute, &config_.username_attribute, &config_.display_name_attribute,
        &config_.mail_attribute, &config_.department_attribute, &config_.title_attribute}) {
    if (!name->empty() && std::find(attributes.begin(), attributes.end(), *name) == attributes.end()) {
      attributes.push_back(*name);
    }
  }
  if (config_.group_lookup == GroupLookup::kMemberOf) attributes.emplace_back("memberOf");
  return attributes;
}

SignInResult SignInAttempt::run(const std::string& url) {
  const Connection service = Connection::open(url, config_, trace_);

  const std::string& bind_dn = config_.bind_dn;
  const BindResult service_bind = service.bind(bind_dn, config_.bind_password, config_.operation_timeout);
  const std::string service_name = bind_dn.empty() ? std::string("anonymous") : bind_dn;
  if (is_transport_error(service_bind.code)) {
    trace_(fmt::format("service bind as {}: {}", service_name, describe_bind_failure(service_bind)));
    throw ServerUnreachable(fmt::format("{}: service bind: {}", url, describe_bind_failure(service_bind)));
  }
  if (service_bind.code != LDAP_SUCCESS) {
    trace_(fmt::format("service bind as {}: refused: {}", service_name, describe_bind_failure(service_bind)));
    return refuse(SignInStatus::kDirectoryUnavailable,
                  fmt::format("{}: service bind as {} refused (check bind_dn and the bind password): {}", url,
                              service_name, describe_bind_failure(service_bind)));
  }
  trace_(fmt::format("service bind as {}: ok", service_name));

  const std::string filter = substitute_username(config_.user_filter, username_);
  trace_(fmt::format("search {} (subtree) filter {}", config_.user_base, filter));
  const SearchResult found = service.search(config_.user_base, LDAP_SCOPE_SUBTREE, filter,
                                            person_attributes(), 2, config_.operation_timeout);
  if (found.code != LDAP_SUCCESS && found.code != LDAP_SIZELIMIT_EXCEEDED) {
    trace_(fmt::format("search failed: {}", found.error));
    return refuse(SignInStatus::kDirectoryUnavailable,
                  fmt::format("{}: user search under '{}' failed: {}", url, config_.user_base, found.error));
  }
  std::vector<std::string> found_dns;
  for (const Entry& entry : found.entries) found_dns.push_back(entry.dn);
  const bool more_than_listed = found.code == LDAP_SIZELIMIT_EXCEEDED;
  trace_(fmt::format("entries found: {}{}{}{}", found.entries.size(), more_than_listed ? " or more" : "",
                     found_dns.empty() ? "" : ": ", fmt::join(found_dns, "; ")));
  if (found.entries.empty()) {
    return refuse(SignInStatus::kInvalidCredentials, fmt::format("no entry matched {}", filter));
  }
  if (found.entries.size() > 1 || more_than_listed) {
    return refuse(SignInStatus::kInvalidCredentials,
                  fmt::format("{}{} entries matched {}; refusing an ambiguous username", found.entries.size(),
                              more_than_listed ? " or more" : "", filter));
  }
  const Entry& person = found.entries.front();
  if (person.dn.empty() || !dn_is_within(person.dn, config_.user_base)) {
    trace_(fmt::format("entry {} is not within {}: refused", person.dn, config_.user_base));
    return refuse(SignInStatus::kInvalidCredentials,
                  fmt::format("entry '{}' is outside user_base '{}'", person.dn, config_.user_base));
  }

  // A failure to open the second connection still happens before the
  // password is sent, so ServerUnreachable may move on to the next server.
  trace_("user bind on a separate connection");
  const Connection user = Connection::open(url, config_, trace_);
  const BindResult user_bind = user.bind(person.dn, password_, config_.operation_timeout);
  if (is_transport_error(user_bind.code)) {
    trace_(fmt::format("user bind as {}: {}", person.dn, describe_bind_failure(user_bind)));
    return refuse(SignInStatus::kDirectoryUnavailable,
                  fmt::format("{}: user bind as '{}' failed at the transport level (not retried): {}", url,
                              person.dn, describe_bind_failure(user_bind)));
  }
  const bool must_change_password = user_bind.policy_error == PP_changeAfterReset;
  if (user_bind.code != LDAP_SUCCESS || must_change_password) {
    trace_(fmt::format("user bind as {}: refused: {}", person.dn, describe_bind_failure(user_bind)));
    return refuse(SignInStatus::kInvalidCredentials,
                  fmt::format("bind as '{}' refused: {}", person.dn, describe_bind_failure(user_bind)));
  }
  trace_(fmt::format("user bind as {}: ok", person.dn));

  DirectoryPerson result;
  result.dn = person.dn;
  const std::string id = person.first(config_.id_attribute);
  if (id.empty()) {
    return refuse(SignInStatus::kDirectoryUnavailable,
                  fmt::format("entry '{}' has no '{}' (id_attribute)", person.dn, config_.id_attribute));
  }
  const bool binary_id =
      text::to_lower_ascii(config_.id_attribute) == "objectguid" || !is_printable_ascii(id);
  result.stable_id = binary_id ? hex(id) : id;
  result.username = person.first(config_.username_attribute);
  if (result.username.empty()) result.username = username_;
  result.display_name = person.first(config_.display_name_attribute);
  if (result.display_name.empty()) result.display_name = result.username;
  result.mail = person.first(config_.mail_attribute);
  result.department = person.first(config_.department_attribute);
  result.title = person.first(config_.title_attribute);

  if (std::optional<std::string> failure = read_groups(service, person, result.group_dns)) {
    trace_(fmt::format("groups: {}", *failure));
    return refuse(SignInStatus::kDirectoryUnavailable, fmt::format("{}: {}", url, *failure));
  }
  trace_(fmt::format("groups found ({}, nesting depth {}): {}{}{}", group_lookup_name(config_.group_lookup),
                     config_.group_nesting_depth, result.group_dns.size(),
                     result.group_dns.empty() ? "" : ": ", fmt::join(result.group_dns, "; ")));

  SignInResult success;
  success.status = SignInStatus::kSuccess;
  success.log_detail = fmt::format("bound as '{}' on {}", person.dn, url);
  success.person = std::move(result);
  return success;
}

std::optional<std::string> SignInAttempt::read_groups(const Connection& service, const Entry& person,
                                                      std::vector<std::string>& group_dns) const {
  try {
    switch (config_.group_lookup) {
      case GroupLookup::kMemberOf: {
        const std::vector<std::string>* direct = person.find("memberOf");
        group_dns = expand_nested_groups(
            direct == nullptr ? std::vector<std::string>() : *direct, config_.group_nesting_depth,
            [&](const std::vector<std::string>& groups) { return parents_by_member_of(service, groups); });
        break;
      }
      case GroupLookup::kSearch: {
        const std::vector<std::string> direct = parents_by_search(service, {person.dn});
        group_dns = expand_nested_groups(
            direct, config_.group_nesting_depth,
            [&](const std::vector<std::string>& groups) { return parents_by_search(service, groups); });
        break;
      }
      case GroupLookup::kAdInChain: {
        const std::string filter =
            fmt::format("(member:1.2.840.113556.1.4.1941:={})", escape_filter_value(person.dn));
        trace_(fmt::format("search {} (subtree) filter {}", group_base(), filter));
        const SearchResult found = service.search(group_base(), LDAP_SCOPE_SUBTREE, filter, {LDAP_NO_ATTRS},
                                                  0, config_.operation_timeout);
        if (found.code != LDAP_SUCCESS && found.code != LDAP_SIZELIMIT_EXCEEDED) {
          throw GroupLookupFailed(
              fmt::format("group search under '{}' failed: {}", group_base(), found.error));
        }
        std::vector<std::string> dns;
        for (const Entry& entry : found.entries) dns.push_back(entry.dn);
        // The matching rule already follows nesting on the server.
        group_dns = expand_nested_groups(dns, 0, {});
        break;
      }
    }
  } catch (const ServerUnreachable& failure) {
    return fmt::format("group lookup failed at the transport level: {}", failure.what());
  } catch (const GroupLookupFailed& failure) {
    return failure.what();
  }
  return std::nullopt;
}

std::vector<std::string> SignInAttempt::parents_by_member_of(
    const Connection& service, const std::vector<std::string>& group_dns) const {
  std::vector<std::string> parents;
  for (const std::string& group : group_dns) {
    const SearchResult found =
        service.search(group, LDAP_SCOPE_BASE, "(objectClass=*)", {"memberOf"}, 0, config_.operation_timeout);
    // A memberOf value may name a group that no longer exists; it has no parents.
    if (found.code == LDAP_NO_SUCH_OBJECT) continue;
    if (found.code != LDAP_SUCCESS) {
      throw GroupLookupFailed(fmt::format("reading memberOf of '{}' failed: {}", group, found.error));
    }
    for (const Entry& entry : found.entries) {
      if (const std::vector<std::string>* values = entry.find("memberOf")) {
        parents.insert(parents.end(), values->begin(), values->end());
      }
    }
  }
  return parents;
}

std::vector<std::string> SignInAttempt::parents_by_search(const Connection& service,
                                                          const std::vector<std::string>& group_dns) const {
  std::string filter;
  for (const std::string& member : group_dns)
    filter += fmt::format("(member={})", escape_filter_value(member));
  if (group_dns.size() > 1) filter = "(|" + filter + ")";
  trace_(fmt::format("search {} (subtree) filter {}", group_base(), filter));
  const SearchResult found =
      service.search(group_base(), LDAP_SCOPE_SUBTREE, filter, {LDAP_NO_ATTRS}, 0, config_.operation_timeout);
  if (found.code != LDAP_SUCCESS && found.code != LDAP_SIZELIMIT_EXCEEDED) {
    throw GroupLookupFailed(fmt::format("group search under '{}' failed: {}", group_base(), found.error));
  }
  std::vector<std::string> parents;
  for (const Entry& entry : found.entries) parents.push_back(entry.dn);
  return parents;
}

void initialize_libldap_once() {
  // libldap reads ldap.conf and sets up its global options on first use; do
  // that once, before any concurrent sign-in.
  static std::once_flag once;
  std::call_once(once, [] {
    int version = 0;
    ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
  });
}

}  // namespace

// ---------------------------------------------------------------------------

LdapDirectory::LdapDirectory(DirectoryConfig config) : config_(std::move(config)) {
  initialize_libldap_once();
  const bool has_plain_url =
      std::any_of(config_.urls.begin(), config_.urls.end(),
                  [](const std::string& url) { return text::to_lower_ascii(url).starts_with("ldap://"); });
  if (config_.allow_insecure_ldap && has_plain_url) {
    log::warn(
        "directory: allow_insecure_ldap is set: ldap:// URLs are used without TLS, so passwords cross the "
        "network in clear text");
  }
  if (config_.group_lookup != GroupLookup::kMemberOf && config_.group_base.empty()) {
    log::warn("directory: group_base is empty; groups are searched under user_base '{}'", config_.user_base);
  }
}

SignInResult LdapDirectory::sign_in(std::string_view username, std::string_view password,
                                    const TraceSink& trace) {
  const Tracer tracer(trace);
  const std::optional<std::string> name = reduce_login_name(username);
  if (!name) {
    tracer("username is empty or malformed: refused without contacting the directory");
    return refuse(SignInStatus::kInvalidCredentials, "username empty or malformed");
  }
  if (text::is_blank(password)) {
    tracer("password is empty or whitespace: refused without contacting the directory");
    return refuse(SignInStatus::kInvalidCredentials, "empty or whitespace-only password");
  }
  if (config_.urls.empty()) {
    return refuse(SignInStatus::kDirectoryUnavailable, "no directory URLs configured");
  }
  tracer(fmt::format("username '{}' reduced to '{}'", username, *name));

  SignInAttempt attempt(config_, *name, password, tracer);
  std::vector<std::string> failures;
  for (const std::string& url : config_.urls) {
    try {
      return attempt.run(url);
    } catch (const ServerUnreachable& failure) {
      log::warn("directory: {} (trying the next server if any)", failure.what());
      tracer(fmt::format("server unusable: {}", failure.what()));
      failures.emplace_back(failure.what());
    }
  }
  return refuse(SignInStatus::kDirectoryUnavailable,
                fmt::format("every directory server failed: {}", fmt::join(failures, "; ")));
}

bool LdapDirectory::is_reachable() {
  const TraceSink no_sink;
  const Tracer tracer(no_sink);
  for (const std::string& url : config_.urls) {
    try {
      const Connection connection = Connection::open(url, config_, tracer);
      const BindResult bound =
          connection.bind(config_.bind_dn, config_.bind_password, config_.operation_timeout);
      if (bound.code == LDAP_SUCCESS) return true;
      log::warn("directory: {}: service bind failed: {}", url, describe_bind_failure(bound));
    } catch (const ServerUnreachable& failure) {
      log::warn("directory: {}", failure.what());
    }
  }
  return false;
}

std::optional<std::string> describe_active_directory_bind_error(std::string_view diagnostic_message) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kSubCodes{{
      {"525", "user not found"},
      {"52e", "wrong password"},
      {"530", "sign-in not permitted at this time"},
      {"531", "sign-in not permitted from this workstation"},
      {"532", "password expired"},
      {"533", "account disabled"},
      {"568", "too many security IDs (group memberships)"},
      {"701", "account expired"},
      {"773", "password must be changed"},
      {"775", "account locked out"},
  }};
  constexpr std::string_view kMarker = "data ";
  const std::size_t marker = diagnostic_message.find(kMarker);
  if (marker == std::string_view::npos) return std::nullopt;
  std::size_t end = marker + kMarker.size();
  while (end < diagnostic_message.size() &&
         std::isxdigit(static_cast<unsigned char>(diagnostic_message[end])))
    ++end;
  const std::string code =
      text::to_lower_ascii(diagnostic_message.substr(marker + kMarker.size(), end - marker - kMarker.size()));
  if (code.empty()) return std::nullopt;
  for (const auto& [known, meaning] : kSubCodes) {
    if (code == known) return fmt::format("AD sub-code {}: {}", code, meaning);
  }
  return fmt::format("AD sub-code {}: unknown", code);
}

}  // namespace hearth::auth
