#include "app/cli.h"

#include <fmt/format.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/application.h"
#include "app/config.h"
#include "auth/demo_directory.h"
#include "auth/ldap_directory.h"
#include "auth/role_text.h"
#include "auth/roles.h"
#include "common/embedded_file.h"
#include "common/error.h"
#include "common/log.h"
#include "common/text.h"
#include "safety/phi_check.h"

#ifndef HEARTH_VERSION
#define HEARTH_VERSION "0.0.0"
#endif

namespace hearth::app {
namespace {

constexpr const char* kDefaultConfigPath = "/etc/hearth/hearth.toml";

void print_problems(const std::vector<ConfigProblem>& problems) {
  std::cerr << fmt::format("The configuration has {} problem{}:\n", problems.size(),
                           problems.size() == 1 ? "" : "s");
  for (const auto& problem : problems) std::cerr << fmt::format("  {}: {}\n", problem.key, problem.reason);
}

// Blocks SIGINT and SIGTERM in this thread (and so in every thread created
// after it), runs `serve` on a thread of its own, and stops it when one of
// those signals arrives.
int serve_until_signal(Application& application) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread server([&application] { application.serve(); });
  int received = 0;
  sigwait(&signals, &received);
  log::info("received signal {}, stopping", received);
  application.stop();
  server.join();
  return 0;
}

// `demo_people` is empty except for `hearth demo`, where it seeds the sample content.
int run_server(Config config, std::unique_ptr<auth::Directory> directory,
               std::vector<features::DemoAccountListing> demo_accounts,
               const std::vector<auth::DirectoryPerson>& demo_people) {
  log::configure(config.log_level, config.log_format);
  if (config.directory.allow_insecure_ldap) {
    log::warn("directory: allow_insecure_ldap is on: passwords may cross the network unencrypted");
  }
  // Signals are blocked before any thread exists so that only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Application application(std::move(config), std::move(directory), std::move(demo_accounts));
  if (!demo_people.empty()) application.seed_demo_content(demo_people);
  const int port = application.bind();
  const auto& server = application.config().server;
  log::info("Hearth {} listening on {}://{}:{}", HEARTH_VERSION,
            server.tls_certificate_file.empty() ? "http" : "https", server.listen_address, port);
  return serve_until_signal(application);
}

std::string read_password_from_terminal() {
  std::string password;
  if (::isatty(STDIN_FILENO) == 0) {
    std::getline(std::cin, password);
    return password;
  }
  std::cerr << "Password (not shown): " << std::flush;
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios silent = saved;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  std::getline(std::cin, password);
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return password;
}

int run_ldap_test(const Config& config, const std::string& username) {
  auth::LdapDirectory directory(config.directory);
  const std::string password = read_password_from_terminal();
  std::cout << fmt::format("Testing sign-in for \"{}\" (the password is not shown or logged)\n", username);
  const auto result =
      directory.sign_in(username, password, [](std::string_view line) { std::cout << "  " << line << "\n"; });
  switch (result.status) {
    case auth::SignInStatus::kSuccess: break;
    case auth::SignInStatus::kInvalidCredentials:
      std::cout << fmt::format("Result: sign-in refused ({})\n", result.log_detail);
      return 1;
    case auth::SignInStatus::kDirectoryUnavailable:
      std::cout << fmt::format("Result: directory unavailable ({})\n", result.log_detail);
      return 1;
  }
  const auto& person = *result.person;
  std::cout << fmt::format("  person: {} <{}>, {} ({}), id {}\n", person.display_name, person.mail,
                           person.title, person.department, person.stable_id);
  if (!auth::meets_required_group(config.directory, person.group_dns)) {
    std::cout << fmt::format("Result: refused: not a member of the required group {}\n",
                             config.directory.required_group);
    return 1;
  }
  const auto roles = auth::roles_for(config.directory, person.group_dns);
  std::cout << fmt::format("Result: signed in; roles: {}\n",
                           roles.empty() ? std::string("(none)") : auth::role_list_text(roles));
  return 0;
}

std::unique_ptr<auth::Directory> make_demo_directory(Config& config,
                                                     std::vector<features::DemoAccountListing>& listing,
                                                     std::vector<auth::DirectoryPerson>& people) {
  std::string ldif;
  for (const auto& file : hearth_demo_directory_files()) {
    if (file.path == "sample-directory.ldif") ldif = file.content;
  }
  if (ldif.empty()) throw Error::internal("the sample directory is missing from this build");
  config.directory = auth::DemoDirectory::demo_config();
  auto directory = std::make_unique<auth::DemoDirectory>(ldif, config.directory);
  people = directory->people();
  for (const auto& account : directory->accounts()) {
    listing.push_back({account.username, account.display_name, account.password, account.description});
  }
  return directory;
}

// Prints every finding of the PHI check in `text` as "line:column kind
// (N characters)", and the flagged text with `show_text`. Exit status 1 when
// something was found, 0 otherwise.
enum class ShowText { kNo, kYes };
int run_phi_check(const safety::PhiCheckerOptions& options, std::istream& input, ShowText show_text) {
  const safety::PhiChecker checker(options);
  std::ostringstream buffer;
  buffer << input.rdbuf();
  const auto text = buffer.str();
  if (!text::is_valid_utf8(text)) {
    std::cerr << "hearth phi-check: the input is not valid UTF-8\n";
    return 2;
  }
  const auto findings = checker.check(text);
  for (const auto& finding : findings) {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < finding.begin; ++i) {
      if (text[i] == '\n') ++line, line_start = i + 1;
    }
    const auto column =
        text::code_point_count(std::string_view(text).substr(line_start, finding.begin - line_start)) + 1;
    const auto flagged = std::string_view(text).substr(finding.begin, finding.end - finding.begin);
    std::cout << fmt::format("{}:{}\t{}\t{} characters", line, column, safety::to_text(finding.kind),
                             text::code_point_count(flagged));
    if (show_text == ShowText::kYes) std::cout << fmt::format("\t{}", flagged);
    std::cout << "\n";
  }
  std::cerr << fmt::format("{} finding{}\n", findings.size(), findings.size() == 1 ? "" : "s");
  return findings.empty() ? 0 : 1;
}

}  // namespace

int run_cli(int argc, char** argv, char** environment) {
  CLI::App cli{"Hearth: a peer-support and wellness portal for hospital staff"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", HEARTH_VERSION);

  std::string config_path = kDefaultConfigPath;
  std::string web_root;

  auto* serve = cli.add_subcommand("serve", "Run the portal with the configured directory");
  serve->add_option("--config", config_path, "Configuration file")->capture_default_str();
  serve->add_option("--web-root", web_root, "Development: serve templates and static files from this folder");

  int demo_port = 8080;
  std::string demo_data_directory = (std::filesystem::temp_directory_path() / "hearth-demo").string();
  auto* demo =
      cli.add_subcommand("demo", "Run the portal with the built-in sample directory and sample content");
  demo->add_option("--port", demo_port, "TCP port on 127.0.0.1")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  demo->add_option("--data-dir", demo_data_directory, "Folder for the demo database")->capture_default_str();
  demo->add_option("--web-root", web_root, "Development: serve templates and static files from this folder");

  auto* check = cli.add_subcommand("check-config", "Check the configuration and list every problem");
  check->add_option("--config", config_path, "Configuration file")->capture_default_str();

  std::string username;
  auto* ldap_test =
      cli.add_subcommand("ldap-test", "Try a sign-in against the directory and print every step");
  ldap_test->add_option("USERNAME", username, "Login name to test")->required();
  ldap_test->add_option("--config", config_path, "Configuration file")->capture_default_str();

  auto* migrate =
      cli.add_subcommand("migrate", "Bring the database to this version's schema (snapshot first)");
  migrate->add_option("--config", config_path, "Configuration file")->capture_default_str();

  std::vector<std::string> extra_patterns;
  std::vector<std::string> extra_domains;
  bool show_text = false;
  auto* phi_check =
      cli.add_subcommand("phi-check",
                         "Run the PHI check on text from standard input and print each finding (kind and "
                         "position); exits 1 when "
                         "something is found. Uses safety.* from the configuration file when it exists.");
  phi_check->add_option("--config", config_path, "Configuration file")->capture_default_str();
  phi_check->add_option("--pattern", extra_patterns, "An extra record number pattern to try (repeatable)");
  phi_check->add_option("--staff-domain", extra_domains, "An extra staff e-mail domain (repeatable)");
  phi_check->add_flag("--show-text", show_text, "Also print the flagged text");

  auto* version = cli.add_subcommand("version", "Print the version");

  std::string example_output;
  auto* example = cli.add_subcommand("print-example-config", "Print the commented example configuration");
  example->add_option("--output", example_output, "Write to this file instead of standard output");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }

  try {
    if (version->parsed()) {
      std::cout << "hearth " << HEARTH_VERSION << "\n";
      return 0;
    }
    if (example->parsed()) {
      if (example_output.empty()) {
        std::cout << example_config();
      } else {
        std::ofstream(example_output) << example_config();
      }
      return 0;
    }
    if (phi_check->parsed()) {
      const bool has_file = std::filesystem::exists(config_path);
      auto load =
          load_config(config_path, has_file ? FileRequirement::kMustExist : FileRequirement::kOptional,
                      DirectoryRequirement::kNotRequired, environment);
      auto& options = load.config.phi_checker;
      options.record_number_patterns.insert(options.record_number_patterns.end(), extra_patterns.begin(),
                                            extra_patterns.end());
      options.staff_email_domains.insert(options.staff_email_domains.end(), extra_domains.begin(),
                                         extra_domains.end());
      try {
        safety::PhiChecker checked(options);
      } catch (const Error& error) {
        std::cerr << "hearth phi-check: " << error.user_message() << "\n";
        return 2;
      }
      if (!load.problems.empty()) {
        print_problems(load.problems);
        return 2;
      }
      return run_phi_check(options, std::cin, show_text ? ShowText::kYes : ShowText::kNo);
    }
    if (demo->parsed()) {
      auto load =
          load_config({}, FileRequirement::kOptional, DirectoryRequirement::kNotRequired, environment);
      load.config.server.listen_address = "127.0.0.1";
      load.config.server.port = demo_port;
      load.config.data_directory = demo_data_directory;
      if (!web_root.empty()) load.config.web_root = web_root;
      if (!load.problems.empty()) {
        print_problems(load.problems);
        return 1;
      }
      std::vector<features::DemoAccountListing> listing;
      std::vector<auth::DirectoryPerson> people;
      auto directory = make_demo_directory(load.config, listing, people);
      std::cerr << fmt::format(
          "Hearth demo: open http://127.0.0.1:{}/ and sign in as one of the demo accounts "
          "(data in {}). Press Ctrl+C to stop.\n",
          demo_port, demo_data_directory);
      return run_server(std::move(load.config), std::move(directory), std::move(listing), people);
    }

    auto load =
        load_config(config_path, FileRequirement::kMustExist, DirectoryRequirement::kRequired, environment);
    if (!web_root.empty()) load.config.web_root = web_root;
    if (!load.problems.empty()) {
      print_problems(load.problems);
      return 1;
    }
    if (check->parsed()) {
      std::cout << fmt::format("{}: no problems found\n", config_path);
      return 0;
    }
    if (migrate->parsed()) {
      prepare_database(load.config);
      std::cout << "The database is at the newest schema.\n";
      return 0;
    }
    if (ldap_test->parsed()) return run_ldap_test(load.config, username);
    auto directory = std::make_unique<auth::LdapDirectory>(load.config.directory);
    return run_server(std::move(load.config), std::move(directory), {}, {});
  } catch (const Error& error) {
    log::error("{}", error.log_detail().empty() ? error.user_message() : error.log_detail());
    std::cerr << "hearth: " << error.user_message() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "hearth: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace hearth::app
