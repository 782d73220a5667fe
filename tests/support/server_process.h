#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "auth/directory_config.h"

namespace hearth::testing {

// The real `hearth serve` binary (HEARTH_BINARY) as a child process, on
// 127.0.0.1 and a free port, with a configuration file written from a
// DirectoryConfig (for example ThrowawaySlapd::config() or one pointed at a
// SilentServer) and a data directory that outlives restarts of the child, so
// a test can kill -9 it and start it again on the same database. The child's
// stderr goes to server.log in the folder. On destruction the child is
// stopped (SIGKILL) and the folder removed.
class ServerProcess {
 public:
  // `extra_server_toml`: more `key = value` lines for the [server] section
  // (e.g. "threads = 8\nread_timeout_seconds = 2"). Throws
  // std::runtime_error if the folder cannot be written.
  explicit ServerProcess(const auth::DirectoryConfig& directory, const std::string& extra_server_toml = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the child and returns once /healthz answers 200 (up to 15 s).
  // Throws std::runtime_error (with the log) if it exits or never answers.
  void start();
  // SIGKILL, then waits for the child. Nothing is flushed or closed cleanly.
  void kill_hard();
  // SIGTERM, then waits for the child; returns its exit status as waitpid() gives it.
  int stop();
  bool running() const { return pid_ > 0; }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The child's resident set size in KiB from /proc/PID/status (VmRSS), or -1.
  long resident_kib() const;
  const std::filesystem::path& data_directory() const { return data_directory_; }
  std::filesystem::path database_path() const { return data_directory_ / "hearth.db"; }
  std::string log_text() const;

 private:
  std::filesystem::path folder_;
  std::filesystem::path data_directory_;
  std::filesystem::path config_file_;
  std::filesystem::path log_file_;
  int port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace hearth::testing
