#pragma once

namespace hearth::app {

// Parses the command line and runs the chosen command (serve, demo,
// check-config, ldap-test, migrate, version, print-example-config). Returns
// the process exit code: 0 on success, 1 on a reported problem, 2 on a usage
// error.
int run_cli(int argc, char** argv, char** environment);

}  // namespace hearth::app
