#include "auth/gated_directory.h"

#include <algorithm>

#include "common/work_gate.h"

namespace hearth::auth {

GatedDirectory::GatedDirectory(std::unique_ptr<Directory> inner, int limit,
                               std::chrono::milliseconds queue_wait)
    : inner_(std::move(inner)), limit_(std::max(1, limit)), queue_wait_(queue_wait) {}

bool GatedDirectory::acquire() {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, queue_wait_, [this] { return in_use_ < limit_; })) return false;
  ++in_use_;
  return true;
}

void GatedDirectory::release() {
  {
    const std::lock_guard lock(mutex_);
    --in_use_;
  }
  freed_.notify_one();
}

SignInResult GatedDirectory::sign_in(std::string_view username, std::string_view password,
                                     const TraceSink& trace) {
  const WorkGate::Pause pause;
  if (!acquire()) {
    SignInResult busy;
    busy.status = SignInStatus::kDirectoryUnavailable;
    busy.log_detail = "every directory connection slot is busy (the directory is slow or not answering)";
    if (trace) trace("Not contacting the directory: every connection slot is busy with slower sign-ins.");
    return busy;
  }
  struct Release {
    GatedDirectory& gate;
    ~Release() { gate.release(); }
  } const release_on_exit{*this};
  return inner_->sign_in(username, password, trace);
}

bool GatedDirectory::is_reachable() {
  const WorkGate::Pause pause;
  if (!acquire()) return false;
  struct Release {
    GatedDirectory& gate;
    ~Release() { gate.release(); }
  } const release_on_exit{*this};
  return inner_->is_reachable();
}

}  // namespace hearth::auth
