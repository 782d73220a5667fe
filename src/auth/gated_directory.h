#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "auth/directory.h"

namespace hearth::auth {

// A Directory that lets at most `limit` calls into the wrapped one run at
// once, so a silent or slow directory holds at most `limit` of the server's
// worker threads and every other page stays served. A call that finds every
// slot taken waits up to `queue_wait` for one (a healthy directory frees
// slots within milliseconds); if none frees, sign_in() returns
// kDirectoryUnavailable and is_reachable() false, without contacting the
// directory. A call gives up the calling thread's work slot (WorkGate::Pause)
// while it waits for a directory slot or the directory's answer. Thread-safe
// when the wrapped directory is.
class GatedDirectory final : public Directory {
 public:
  GatedDirectory(std::unique_ptr<Directory> inner, int limit, std::chrono::milliseconds queue_wait);

  SignInResult sign_in(std::string_view username, std::string_view password,
                       const TraceSink& trace = {}) override;
  bool is_reachable() override;

 private:
  // Takes a slot, waiting up to queue_wait_; false if none freed in time.
  bool acquire();
  void release();

  std::unique_ptr<Directory> inner_;
  const int limit_;
  const std::chrono::milliseconds queue_wait_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int in_use_ = 0;  // guarded by mutex_
};

}  // namespace hearth::auth
