#include "features/health/health_handlers.h"

#include "common/log.h"

namespace hearth::features {

http::Response HealthHandlers::healthz(const http::RequestContext&) const {
  try {
    auto statement = pool_.connection().query("SELECT count(*) FROM sqlite_schema");
    statement.step();
    return http::Response::text("ok\n");
  } catch (const std::exception& error) {
    log::error("healthz: database check failed: {}", error.what());
    return http::Response::text("database unavailable\n", 503);
  }
}

}  // namespace hearth::features
