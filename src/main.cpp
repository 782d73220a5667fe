#include <csignal>

#include "app/cli.h"

int main(int argc, char** argv, char** environment) {
  // A peer (browser or directory server) that closes its socket while we
  // write must surface as a write error, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  return hearth::app::run_cli(argc, argv, environment);
}
