#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "features/shared/site_settings.h"
#include "render/view.h"

namespace hearth::features {

// Carries the crisis card from the POST that saved a post to the page the
// browser is sent to next, for that browser session only. Kept in memory:
// never written to the database or the log, gone after it is shown once, after
// ten minutes, or when the process restarts. Keyed by a hash of the session
// token. Thread-safe (one mutex guards the map).
class CrisisNotices {
 public:
  explicit CrisisNotices(const Clock& clock) : clock_(clock) {}

  // Remembers that the next page of this session shows the crisis card. Does
  // nothing for an empty token (no session).
  void remember(std::string_view session_token);
  // True once after remember() for the same session; false otherwise.
  bool take(std::string_view session_token);

 private:
  static constexpr std::int64_t kLifetimeSeconds = 10 * 60;
  static constexpr std::size_t kMaximumEntries = 10000;
  void drop_expired(std::int64_t now);  // mutex_ held

  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> expiry_by_session_;  // guarded by mutex_
};

// The values of the crisis card (web/templates/layout/crisis-card) for a page
// view's "crisis_card" key: the crisis text line and the EAP from the site
// settings (the crisis phone comes from the layout).
render::View crisis_card(const SiteSettings& site);

}  // namespace hearth::features
