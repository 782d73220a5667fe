#include "features/health/health_handlers.h"

#include <unistd.h>

#include <fstream>

#include "common/crypto.h"
#include "common/error.h"
#include "common/log.h"

namespace hearth::features {
namespace {

constexpr std::string_view kBearerPrefix = "Bearer ";

// Resident set size from /proc/self/statm (pages), or nullopt off Linux.
std::optional<std::int64_t> resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t total_pages = 0;
  std::int64_t resident_pages = 0;
  if (!(statm >> total_pages >> resident_pages)) return std::nullopt;
  return resident_pages * static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE));
}

http::Response metrics_text(std::string body) {
  auto response = http::Response::text(std::move(body));
  response.content_type = std::string(http::MetricsWriter::kContentType);
  return response;
}

}  // namespace

HealthHandlers::HealthHandlers(HealthStore& store, auth::Directory& directory, const Clock& clock,
                               MetricsSettings settings, MetricsSources sources)
    : store_(store),
      clock_(clock),
      readiness_(store, directory, clock),
      settings_(std::move(settings)),
      allowed_(settings_.allowed_addresses),
      sources_(std::move(sources)),
      started_(std::chrono::steady_clock::now()),
      started_unix_seconds_(std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()) {}

http::Response HealthHandlers::healthz(const http::RequestContext&) const {
  try {
    store_.check();
    return http::Response::text("ok\n");
  } catch (const std::exception& error) {
    log::error("healthz: database check failed: {}", error.what());
    return http::Response::text("database unavailable\n", 503);
  }
}

http::Response HealthHandlers::readyz(const http::RequestContext&) const {
  switch (readiness_.check()) {
    case Readiness::kReady: return http::Response::text("ok\n");
    case Readiness::kDatabaseUnavailable: return http::Response::text("database\n", 503);
    case Readiness::kDirectoryUnavailable: return http::Response::text("directory\n", 503);
  }
  return http::Response::text("unknown\n", 503);
}

bool HealthHandlers::may_read_metrics(const http::Request& request) const {
  if (allowed_.contains(request.remote_address)) return true;
  if (settings_.token.empty()) return false;
  const auto authorization = request.header("Authorization");
  if (!authorization || !authorization->starts_with(kBearerPrefix)) return false;
  return crypto::constant_time_equals(authorization->substr(kBearerPrefix.size()), settings_.token);
}

http::Response HealthHandlers::metrics(const http::RequestContext& context) const {
  // Not advertised: the same 404 as an address that does not exist.
  if (!may_read_metrics(context.request)) throw Error::not_found();

  http::MetricsWriter out;
  out.family("hearth_build_info", "gauge", "Always 1; the version label says which Hearth is running.");
  out.sample("hearth_build_info", {{"version", sources_.version}}, std::uint64_t{1});
  out.family("hearth_start_time_seconds", "gauge", "When this Hearth process started (Unix time).");
  out.sample("hearth_start_time_seconds", {}, static_cast<std::uint64_t>(started_unix_seconds_));
  out.family("hearth_uptime_seconds", "gauge", "Seconds since this Hearth process started.");
  out.sample("hearth_uptime_seconds", {},
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  if (const auto resident = resident_bytes()) {
    out.family("process_resident_memory_bytes", "gauge", "Resident memory of the Hearth process.");
    out.sample("process_resident_memory_bytes", {}, static_cast<std::uint64_t>(*resident));
  }

  // A database that cannot answer leaves its figures out; the rest is still useful.
  try {
    const auto sessions = store_.active_sessions(clock_.now_seconds(), sources_.session_policy);
    const auto outbox = store_.outbox_waiting();
    const auto bytes = store_.database_bytes();
    out.family("hearth_active_sessions", "gauge", "Signed-in sessions that have not timed out.");
    out.sample("hearth_active_sessions", {}, static_cast<std::uint64_t>(sessions));
    out.family("hearth_mail_outbox_depth", "gauge", "E-mails waiting to be sent or retried.");
    out.sample("hearth_mail_outbox_depth", {}, static_cast<std::uint64_t>(outbox));
    out.family("hearth_database_size_bytes", "gauge", "Size of the database file plus its write-ahead log.");
    out.sample("hearth_database_size_bytes", {}, static_cast<std::uint64_t>(bytes));
  } catch (const std::exception& error) {
    log::error("metrics: database figures unavailable: {}", error.what());
  }

  if (sources_.requests) sources_.requests(out);
  if (sources_.directory) sources_.directory(out);
  return metrics_text(out.text());
}

}  // namespace hearth::features
