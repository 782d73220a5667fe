#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "auth/directory.h"

namespace hearth::auth {

enum class DirectoryCall { kSignIn, kReachabilityCheck };
enum class DirectoryOutcome {
  kSuccess,      // signed in / reachable
  kRefused,      // kInvalidCredentials: the directory answered "no"
  kUnavailable,  // kDirectoryUnavailable / not reachable
};

// Receives one call per finished directory call, on the calling thread. Must
// be thread-safe and must not throw; it sees no username or password.
using DirectoryObserver =
    std::function<void(DirectoryCall call, DirectoryOutcome outcome, std::chrono::nanoseconds elapsed)>;

// A Directory that forwards every call to another one and reports how long
// it took and how it ended (for /metrics). Thread-safe when the wrapped
// directory is.
class TimedDirectory final : public Directory {
 public:
  TimedDirectory(std::unique_ptr<Directory> inner, DirectoryObserver observer);

  SignInResult sign_in(std::string_view username, std::string_view password,
                       const TraceSink& trace = {}) override;
  bool is_reachable() override;

 private:
  std::unique_ptr<Directory> inner_;
  DirectoryObserver observer_;
};

}  // namespace hearth::auth
