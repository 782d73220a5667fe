#include "features/shared/private_notice.h"

#include "common/crypto.h"

namespace hearth::features {

void CrisisNotices::remember(std::string_view session_token) {
  if (session_token.empty()) return;
  const auto key = crypto::sha256_hex(session_token);
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  if (expiry_by_session_.size() >= kMaximumEntries) drop_expired(now);
  // Still full: the card is a kindness, not a guarantee; the page itself always
  // has "Get help now".
  if (expiry_by_session_.size() >= kMaximumEntries) return;
  expiry_by_session_[key] = now + kLifetimeSeconds;
}

bool CrisisNotices::take(std::string_view session_token) {
  if (session_token.empty()) return false;
  const auto key = crypto::sha256_hex(session_token);
  const auto now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  const auto found = expiry_by_session_.find(key);
  if (found == expiry_by_session_.end()) return false;
  const bool fresh = found->second > now;
  expiry_by_session_.erase(found);
  return fresh;
}

void CrisisNotices::drop_expired(std::int64_t now) {
  std::erase_if(expiry_by_session_, [now](const auto& entry) { return entry.second <= now; });
}

render::View crisis_card(const SiteSettings& site) {
  return render::View()
      .set("crisis_text", site.crisis_text)
      .set("eap_name", site.eap_name)
      .set("eap_phone", site.eap_phone);
}

}  // namespace hearth::features
