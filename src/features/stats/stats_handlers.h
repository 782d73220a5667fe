#pragma once

#include "common/clock.h"
#include "features/shared/page_renderer.h"
#include "features/stats/stats_store.h"

namespace hearth::features::stats {

// GET /admin/stats: the program's figures for coordinators, per month, with
// small counts suppressed (small_counts.h).
class StatsHandlers {
 public:
  StatsHandlers(const PageRenderer& pages, StatsStore& store, const Clock& clock);

  http::Response figures(const http::RequestContext& context) const;

 private:
  const PageRenderer& pages_;
  StatsStore& store_;
  const Clock& clock_;
};

}  // namespace hearth::features::stats
