#include "mail/smtp_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "common/error.h"

namespace hearth::mail {
namespace {

// curl_global_init is not safe to run concurrently with other curl calls;
// run it once, before the first handle. Never cleaned up: the process ends.
void initialise_curl_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK) {
    throw Error::internal(fmt::format("mail: curl_global_init failed: {}", curl_easy_strerror(result)));
  }
}

struct CurlDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};

struct ListDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, ListDeleter>;

// The message being uploaded, read by curl in pieces.
struct Upload {
  std::string_view remaining;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user_data) {
  auto* upload = static_cast<Upload*>(user_data);
  const std::size_t length = std::min(size * count, upload->remaining.size());
  std::memcpy(buffer, upload->remaining.data(), length);
  upload->remaining.remove_prefix(length);
  return length;
}

// Called by curl about once a second and on progress; a non-zero result
// aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
int check_stop(void* user_data, curl_off_t /*download_total*/, curl_off_t /*downloaded*/,
               curl_off_t /*upload_total*/, curl_off_t /*uploaded*/) {
  const auto* stop = static_cast<const std::stop_token*>(user_data);
  return stop->stop_requested() ? 1 : 0;
}

// Sets one option; a refused option is a programming or libcurl build error.
template <typename Value>
void set(CURL* handle, CURLoption option, Value value, std::string_view name) {
  const CURLcode result = curl_easy_setopt(handle, option, value);
  if (result != CURLE_OK) {
    throw Error::internal(fmt::format("mail: curl option {} refused: {}", name, curl_easy_strerror(result)));
  }
}

}  // namespace

struct SmtpClient::Handle {
  std::unique_ptr<CURL, CurlDeleter> curl;
};

SmtpClient::SmtpClient(SmtpOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  initialise_curl_once();
  handle_->curl.reset(curl_easy_init());
  if (!handle_->curl) throw Error::internal("mail: curl_easy_init failed");
}

SmtpClient::~SmtpClient() = default;

Delivery SmtpClient::send(std::string_view envelope_from, std::string_view envelope_to,
                          std::string_view message, std::stop_token stop) {
  Delivery delivery;
  if (stop.stop_requested()) {
    delivery.outcome = Delivery::Outcome::kCancelled;
    return delivery;
  }
  CURL* curl = handle_->curl.get();
  // Forgets the previous message's options but keeps an open connection.
  curl_easy_reset(curl);

  const std::string from = "<" + std::string(envelope_from) + ">";
  CurlList recipients(curl_slist_append(nullptr, ("<" + std::string(envelope_to) + ">").c_str()));
  if (!recipients) throw Error::internal("mail: out of memory for the recipient list");
  Upload upload{message};

  set(curl, CURLOPT_URL, options_.url.c_str(), "URL");
  set(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps", "PROTOCOLS_STR");
  set(curl, CURLOPT_NOSIGNAL, 1L, "NOSIGNAL");
  set(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()), "CONNECTTIMEOUT");
  set(curl, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()), "TIMEOUT");
  set(curl, CURLOPT_USE_SSL,
      static_cast<long>(options_.tls == TlsRequirement::kRequired ? CURLUSESSL_ALL : CURLUSESSL_NONE),
      "USE_SSL");
  if (!options_.ca_file.empty()) set(curl, CURLOPT_CAINFO, options_.ca_file.c_str(), "CAINFO");
  if (!options_.username.empty()) {
    set(curl, CURLOPT_USERNAME, options_.username.c_str(), "USERNAME");
    set(curl, CURLOPT_PASSWORD, options_.password.c_str(), "PASSWORD");
  }
  set(curl, CURLOPT_MAIL_FROM, from.c_str(), "MAIL_FROM");
  set(curl, CURLOPT_MAIL_RCPT, recipients.get(), "MAIL_RCPT");
  set(curl, CURLOPT_UPLOAD, 1L, "UPLOAD");
  set(curl, CURLOPT_READFUNCTION, &read_upload, "READFUNCTION");
  set(curl, CURLOPT_READDATA, &upload, "READDATA");
  set(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()), "INFILESIZE_LARGE");
  set(curl, CURLOPT_NOPROGRESS, 0L, "NOPROGRESS");
  set(curl, CURLOPT_XFERINFOFUNCTION, &check_stop, "XFERINFOFUNCTION");
  set(curl, CURLOPT_XFERINFODATA, &stop, "XFERINFODATA");

  const CURLcode result = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  delivery.smtp_status = status;
  if (result == CURLE_OK) {
    delivery.outcome = Delivery::Outcome::kSent;
  } else if (result == CURLE_ABORTED_BY_CALLBACK) {
    delivery.outcome = Delivery::Outcome::kCancelled;
    delivery.detail = "cancelled at shutdown";
  } else {
    delivery.outcome = Delivery::Outcome::kFailed;
    // curl_easy_strerror is a fixed text per code; curl's error buffer is not
    // used because it may quote the relay's reply, which can name addresses.
    delivery.detail = fmt::format("curl error {} ({}), SMTP status {}", static_cast<int>(result),
                                  curl_easy_strerror(result), status);
  }
  return delivery;
}

}  // namespace hearth::mail
