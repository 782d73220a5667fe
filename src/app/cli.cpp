#include "app/cli.h"

#include <fmt/format.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "app/application.h"
#include "app/config.h"
#include "app/data_commands.h"
#include "app/service_manager.h"
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

// What SIGHUP does (`systemctl reload`): reads the configuration again and
// applies it to the running application, or logs why it cannot.
using Reloader = std::function<void(Application&)>;

// The signals `serve` and `demo` handle: SIGINT and SIGTERM stop, SIGHUP reloads.
sigset_t server_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// Blocks the server signals in this thread (and so in every thread created
// after it), runs `serve` on a thread of its own, reloads on SIGHUP and stops
// it when SIGINT or SIGTERM arrives.
int serve_until_signal(Application& application, ServiceManager& service_manager, std::string_view status,
                       const Reloader& reload) {
  const sigset_t signals = server_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread server([&application] { application.serve(); });
  // The application was healthy a moment ago (the database migrated, the socket bound).
  service_manager.start_watchdog([&application] { return application.is_healthy(); });
  int received = 0;
  while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
    service_manager.reloading();
    reload(application);
    service_manager.ready(status);
  }
  log::info("received signal {}, stopping", received);
  service_manager.stopping();
  service_manager.stop_watchdog();
  application.stop();
  server.join();
  return 0;
}

// `--log-format text|json` wins over log.format; "" leaves the configuration's.
void apply_log_format_option(Config& config, const std::string& option) {
  if (option == "json") config.log_format = log::Format::kJson;
  if (option == "text") config.log_format = log::Format::kText;
}

// Loads the configuration file again and applies it (SIGHUP under `serve`).
// A configuration with problems, or one whose pages or certificate cannot be
// loaded, is refused with a log line per problem; Hearth goes on with the one
// it has.
void reload_from_file(Application& application, const std::string& config_path,
                      const std::string& web_root_override, char** environment) {
  log::info("reload: reading {}", config_path);
  auto load =
      load_config(config_path, FileRequirement::kMustExist, DirectoryRequirement::kRequired, environment);
  if (!web_root_override.empty()) load.config.web_root = web_root_override;
  if (!load.problems.empty()) {
    log::error("reload: refused, {} has {} problem{}; still running with the previous configuration",
               config_path, load.problems.size(), load.problems.size() == 1 ? "" : "s");
    for (const auto& problem : load.problems) log::error("reload:   {}: {}", problem.key, problem.reason);
    return;
  }
  try {
    const auto level = load.config.log_level;
    // The format stays as started (the file's or a command-line choice): log readers expect one.
    const auto format = application.config().log_format;
    auto directory = std::make_unique<auth::LdapDirectory>(load.config.directory);
    const auto needs_restart = application.reload(std::move(load.config), std::move(directory));
    log::configure(level, format);
    for (const auto& key : needs_restart) {
      log::warn("reload: {} changed; that needs a restart (systemctl restart hearth)", key);
    }
    log::info("reload: done; new requests use the new configuration");
  } catch (const Error& error) {
    log::error("reload: refused, still running with the previous configuration: {}",
               error.log_detail().empty() ? error.user_message() : error.log_detail());
  } catch (const std::exception& error) {
    log::error("reload: refused, still running with the previous configuration: {}", error.what());
  }
}

// `demo_people` is empty except for `hearth demo`, where it seeds the sample content.
int run_server(Config config, std::unique_ptr<auth::Directory> directory,
               std::vector<features::DemoAccountListing> demo_accounts,
               const std::vector<auth::DirectoryPerson>& demo_people, const Reloader& reload) {
  log::configure(config.log_level, config.log_format);
  if (config.directory.allow_insecure_ldap) {
    log::warn("directory: allow_insecure_ldap is on: passwords may cross the network unencrypted");
  }
  // Signals are blocked before any thread exists so that only sigwait() sees them.
  const sigset_t signals = server_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ServiceManager service_manager;

  Application application(std::move(config), std::move(directory), std::move(demo_accounts));
  if (!demo_people.empty()) application.seed_demo_content(demo_people);
  const int port = application.bind();
  const auto& server = application.config().server;
  const auto status =
      fmt::format("Listening on {}://{}:{}", server.tls_certificate_file.empty() ? "http" : "https",
                  server.listen_address, port);
  log::info("Hearth {} {}", HEARTH_VERSION, status);
  service_manager.ready(status);
  return serve_until_signal(application, service_manager, status, reload);
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

std::string_view access_name(http::Access access) {
  switch (access) {
    case http::Access::kAnyone: return "anyone";
    case http::Access::kSignedIn: return "signed-in";
    case http::Access::kStaff: return "staff";
    case http::Access::kSupportQueue: return "support-queue";
    case http::Access::kCoordinator: return "coordinator";
    case http::Access::kAdministrator: return "administrator";
  }
  return "unknown";
}

// `hearth routes`: one line per route, in the order they are matched, as
// "METHOD<tab>PATTERN<tab>ACCESS". The table comes from an Application on the
// built-in sample directory and a throwaway data directory, removed again;
// nothing listens and no configuration file is read.
int print_routes(char** environment) {
  auto load = load_config({}, FileRequirement::kOptional, DirectoryRequirement::kNotRequired, environment);
  log::configure(log::Level::kWarning, load.config.log_format);
  std::string scratch = (std::filesystem::temp_directory_path() / "hearth-routes.XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) throw Error::internal("cannot create a scratch directory");
  struct RemoveScratch {
    std::string path;
    ~RemoveScratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } remove_scratch{scratch};
  load.config.data_directory = scratch;
  std::vector<features::DemoAccountListing> listing;
  std::vector<auth::DirectoryPerson> people;
  auto directory = make_demo_directory(load.config, listing, people);
  const Application application(std::move(load.config), std::move(directory));
  for (const auto& route : application.dispatcher().router().routes()) {
    std::cout << fmt::format("{}\t{}\t{}\n", http::method_name(route.method), route.pattern,
                             access_name(route.access));
  }
  return 0;
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
  std::string log_format;
  const auto log_format_option = [&log_format](CLI::App* command) {
    command->add_option("--log-format", log_format, "Log lines as text or json (instead of log.format)")
        ->check(CLI::IsMember({"text", "json"}));
  };
  log_format_option(serve);

  int demo_port = 8080;
  std::string demo_data_directory = (std::filesystem::temp_directory_path() / "hearth-demo").string();
  auto* demo =
      cli.add_subcommand("demo", "Run the portal with the built-in sample directory and sample content");
  demo->add_option("--port", demo_port, "TCP port on 127.0.0.1")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  demo->add_option("--data-dir", demo_data_directory, "Folder for the demo database")->capture_default_str();
  demo->add_option("--web-root", web_root, "Development: serve templates and static files from this folder");
  log_format_option(demo);

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

  // backup, restore, export-user, delete-user
  const DataCommands data_commands(cli, config_path);

  auto* version = cli.add_subcommand("version", "Print the version");

  auto* routes = cli.add_subcommand(
      "routes",
      "Print every URL pattern Hearth answers: method, pattern and who may call it (tab-separated)");

  std::string example_output;
  auto* example = cli.add_subcommand("print-example-config", "Print the commented example configuration");
  example->add_option("--output", example_output, "Write to this file instead of standard output");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }

  try {
    if (data_commands.parsed()) return data_commands.run(environment);
    if (version->parsed()) {
      std::cout << "hearth " << HEARTH_VERSION << "\n";
      return 0;
    }
    if (routes->parsed()) return print_routes(environment);
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
      // Calendar files and feeds need absolute links.
      if (load.config.public_url.empty())
        load.config.public_url = fmt::format("http://127.0.0.1:{}", demo_port);
      if (!web_root.empty()) load.config.web_root = web_root;
      apply_log_format_option(load.config, log_format);
      if (!load.problems.empty()) {
        print_problems(load.problems);
        return 1;
      }
      std::vector<features::DemoAccountListing> listing;
      std::vector<auth::DirectoryPerson> people;
      auto directory = make_demo_directory(load.config, listing, people);
      // On stdout: stderr carries only log lines (one JSON object each with --log-format json).
      std::cout << fmt::format(
                       "Hearth demo: open http://127.0.0.1:{}/ and sign in as one of the demo accounts "
                       "(data in {}). Press Ctrl+C to stop.\n",
                       demo_port, demo_data_directory)
                << std::flush;
      return run_server(std::move(load.config), std::move(directory), std::move(listing), people,
                        [](Application&) {
                          log::info("reload: hearth demo has no configuration file to read again; ignored");
                        });
    }

    auto load =
        load_config(config_path, FileRequirement::kMustExist, DirectoryRequirement::kRequired, environment);
    if (!web_root.empty()) load.config.web_root = web_root;
    apply_log_format_option(load.config, log_format);
    if (!load.problems.empty()) {
      print_problems(load.problems);
      return 1;
    }
    if (check->parsed()) {
      std::cout << fmt::format("{}: no problems found\n", config_path);
      return 0;
    }
    if (migrate->parsed()) {
      // Refused while the server (or a restore) holds the data directory.
      const auto lock = lock_data_directory(load.config);
      prepare_database(load.config);
      std::cout << "The database is at the newest schema.\n";
      return 0;
    }
    if (ldap_test->parsed()) return run_ldap_test(load.config, username);
    auto directory = std::make_unique<auth::LdapDirectory>(load.config.directory);
    return run_server(std::move(load.config), std::move(directory), {}, {},
                      [&config_path, &web_root, environment](Application& application) {
                        reload_from_file(application, config_path, web_root, environment);
                      });
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
