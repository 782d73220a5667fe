#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/config.h"

namespace hearth::app {

// The commands that work on the data rather than serve it:
//   hearth backup FILE | --to-directory DIR [--keep N]
//   hearth restore FILE
//   hearth export-user USERNAME [--output FILE]
//   hearth delete-user USERNAME [--yes]
// They read only [storage] (and logging) from the configuration: the
// directory need not be reachable or configured. Backup, export and delete
// work while the server runs; restore refuses to (the data directory lock).
//
// Exit codes: 0 done; 1 a problem to report (no such person, the server is
// running, the disk failed); 2 a usage error or a refused file (a backup
// file that is not SQLite, damaged, not Hearth, or too new; a target that
// exists; delete-user without --yes).
class DataCommands {
 public:
  // Adds the subcommands to `cli`. `config_path` is bound to each command's
  // --config option and must outlive this object, which must not move
  // (CLI11 keeps pointers to its members).
  DataCommands(CLI::App& cli, std::string& config_path);
  DataCommands(const DataCommands&) = delete;
  DataCommands& operator=(const DataCommands&) = delete;

  // True when the command line chose one of these commands.
  bool parsed() const;
  // Runs the chosen command; returns the exit code. Writes messages for IT
  // to standard error and the export (without --output) to standard output.
  int run(char** environment) const;

 private:
  int backup(const std::string& database_path) const;
  int restore(const Config& config) const;
  int export_user(const std::string& database_path) const;
  int delete_user(const std::string& database_path) const;

  std::string& config_path_;
  CLI::App* backup_ = nullptr;
  CLI::App* restore_ = nullptr;
  CLI::App* export_user_ = nullptr;
  CLI::App* delete_user_ = nullptr;
  std::string file_;
  std::string directory_;
  int keep_ = 14;
  std::string username_;
  std::string output_;
  bool yes_ = false;
};

}  // namespace hearth::app
