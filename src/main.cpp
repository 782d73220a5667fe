#include <malloc.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <thread>

#include "app/cli.h"

int main(int argc, char** argv, char** environment) {
  // A peer (browser or directory server) that closes its socket while we
  // write must surface as a write error, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  // glibc gives threads up to eight malloc arenas per CPU, and each arena
  // keeps the memory its threads freed; with 64 worker threads taking turns
  // on a few work slots that is memory held many times over (issue 8:
  // peak RSS after /events and /resources at 64 connections 178 -> 127 MiB
  // with one arena per CPU, requests/s the same within noise). The
  // MALLOC_ARENA_MAX environment variable still wins.
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) {
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(2U, std::thread::hardware_concurrency())));
  }
  return hearth::app::run_cli(argc, argv, environment);
}
