#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "features/notifications/notifier.h"

namespace hearth::features::notifications::testing {

// A Notifier that remembers what it was asked to send, for the tests of the
// features that notify.
class RecordingNotifier final : public Notifier {
 public:
  struct Sent {
    std::int64_t person_id = 0;
    Notice notice;
  };

  void notify_many(const std::vector<std::int64_t>& person_ids, const Notice& notice) override {
    for (const auto id : person_ids) sent.push_back({id, notice});
  }
  void notify_roles(const auth::RoleSet& /*roles*/, const Notice& notice, std::int64_t /*except*/) override {
    sent.push_back({0, notice});
  }
  void forget(std::string_view link) override { forgotten.emplace_back(link); }

  // What `person_id` was told, in order.
  std::vector<Notice> to(std::int64_t person_id) const {
    std::vector<Notice> notices;
    for (const auto& entry : sent) {
      if (entry.person_id == person_id) notices.push_back(entry.notice);
    }
    return notices;
  }

  std::vector<Sent> sent;
  std::vector<std::string> forgotten;
};

}  // namespace hearth::features::notifications::testing
