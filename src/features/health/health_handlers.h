#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "auth/directory.h"
#include "auth/session_store.h"
#include "common/clock.h"
#include "features/health/health_store.h"
#include "features/health/metrics_settings.h"
#include "features/health/readiness.h"
#include "http/metrics.h"
#include "http/route.h"
#include "http/trusted_proxy.h"

namespace hearth::features {

// What /metrics reports besides the database figures. Each writer adds its
// own families.
struct MetricsSources {
  std::function<void(http::MetricsWriter&)> requests;   // the dispatcher's RequestMetrics
  std::function<void(http::MetricsWriter&)> directory;  // the DirectoryMetrics
  std::string version;                                  // hearth_build_info
  auth::SessionPolicy session_policy;                   // what "active session" means
};

// Monitoring endpoints. None reads or sets a session or records who asked.
//
// GET /healthz: 200 "ok" when the process is up and the database answers a
// query; 503 otherwise.
// GET /readyz: 200 "ok" when the database answers and the directory accepts
// the service bind (see ReadinessCheck); 503 with the one word "database" or
// "directory" otherwise.
// GET /metrics: the Prometheus text format, aggregate figures only (requests
// by route pattern, active sessions, outbox depth, directory latency,
// database size, process memory and uptime, build). Only for the addresses
// and the bearer token of MetricsSettings; anyone else gets 404.
class HealthHandlers {
 public:
  HealthHandlers(HealthStore& store, auth::Directory& directory, const Clock& clock, MetricsSettings settings,
                 MetricsSources sources);

  http::Response healthz(const http::RequestContext& context) const;
  http::Response readyz(const http::RequestContext& context) const;
  http::Response metrics(const http::RequestContext& context) const;

  // True when `request` may read /metrics.
  bool may_read_metrics(const http::Request& request) const;

 private:
  HealthStore& store_;
  const Clock& clock_;
  // check() changes only its cache; handlers are const.
  mutable ReadinessCheck readiness_;
  MetricsSettings settings_;
  http::AddressList allowed_;
  MetricsSources sources_;
  std::chrono::steady_clock::time_point started_;
  std::int64_t started_unix_seconds_;
};

}  // namespace hearth::features
