#pragma once

#include "http/route.h"
#include "storage/database.h"

namespace hearth::features {

// GET /healthz: 200 "ok" when the process is up and the database answers a
// query; 503 otherwise. No session, no identity.
class HealthHandlers {
 public:
  explicit HealthHandlers(storage::ConnectionPool& pool) : pool_(pool) {}
  http::Response healthz(const http::RequestContext& context) const;

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features
