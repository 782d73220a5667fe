#include "auth/timed_directory.h"

namespace hearth::auth {
namespace {

std::chrono::nanoseconds since(std::chrono::steady_clock::time_point started) {
  return std::chrono::steady_clock::now() - started;
}

}  // namespace

TimedDirectory::TimedDirectory(std::unique_ptr<Directory> inner, DirectoryObserver observer)
    : inner_(std::move(inner)), observer_(std::move(observer)) {}

SignInResult TimedDirectory::sign_in(std::string_view username, std::string_view password,
                                     const TraceSink& trace) {
  const auto started = std::chrono::steady_clock::now();
  SignInResult result = inner_->sign_in(username, password, trace);
  DirectoryOutcome outcome = DirectoryOutcome::kSuccess;
  switch (result.status) {
    case SignInStatus::kSuccess: outcome = DirectoryOutcome::kSuccess; break;
    case SignInStatus::kInvalidCredentials: outcome = DirectoryOutcome::kRefused; break;
    case SignInStatus::kDirectoryUnavailable: outcome = DirectoryOutcome::kUnavailable; break;
  }
  if (observer_) observer_(DirectoryCall::kSignIn, outcome, since(started));
  return result;
}

bool TimedDirectory::is_reachable() {
  const auto started = std::chrono::steady_clock::now();
  const bool reachable = inner_->is_reachable();
  if (observer_) {
    observer_(DirectoryCall::kReachabilityCheck,
              reachable ? DirectoryOutcome::kSuccess : DirectoryOutcome::kUnavailable, since(started));
  }
  return reachable;
}

}  // namespace hearth::auth
