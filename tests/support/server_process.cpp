#include "support/server_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "support/silent_server.h"

extern char** environ;

namespace hearth::testing {
namespace {

// A TOML basic string: the value between double quotes, with \ and " escaped.
std::string toml_string(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& value : values) {
    if (out.size() > 1) out += ", ";
    out += toml_string(value);
  }
  return out + "]";
}

std::string group_lookup_text(auth::GroupLookup lookup) {
  switch (lookup) {
    case auth::GroupLookup::kMemberOf: return "memberof";
    case auth::GroupLookup::kSearch: return "search";
    case auth::GroupLookup::kAdInChain: return "ad_in_chain";
  }
  return "memberof";
}

// Whole seconds, at least 1 (the schema's minimum).
long long seconds_of(std::chrono::milliseconds duration) {
  return std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(duration).count());
}

std::string directory_toml(const auth::DirectoryConfig& directory, const std::string& password_file) {
  std::ostringstream out;
  out << "[directory]\n"
      << "urls = " << toml_list(directory.urls) << "\n"
      << "ca_file = " << toml_string(directory.ca_file) << "\n"
      << "allow_insecure_ldap = " << (directory.allow_insecure_ldap ? "true" : "false") << "\n"
      << "bind_dn = " << toml_string(directory.bind_dn) << "\n"
      << "bind_password_file = " << toml_string(password_file) << "\n"
      << "user_base = " << toml_string(directory.user_base) << "\n"
      << "user_filter = " << toml_string(directory.user_filter) << "\n"
      << "id_attribute = " << toml_string(directory.id_attribute) << "\n"
      << "username_attribute = " << toml_string(directory.username_attribute) << "\n"
      << "display_name_attribute = " << toml_string(directory.display_name_attribute) << "\n"
      << "mail_attribute = " << toml_string(directory.mail_attribute) << "\n"
      << "department_attribute = " << toml_string(directory.department_attribute) << "\n"
      << "title_attribute = " << toml_string(directory.title_attribute) << "\n"
      << "group_lookup = " << toml_string(group_lookup_text(directory.group_lookup)) << "\n"
      << "group_base = " << toml_string(directory.group_base) << "\n"
      << "group_nesting_depth = " << directory.group_nesting_depth << "\n"
      << "staff_groups = " << toml_list(directory.staff_groups) << "\n"
      << "peer_supporter_groups = " << toml_list(directory.peer_supporter_groups) << "\n"
      << "coordinator_groups = " << toml_list(directory.coordinator_groups) << "\n"
      << "admin_groups = " << toml_list(directory.admin_groups) << "\n"
      << "required_group = " << toml_string(directory.required_group) << "\n"
      << "network_timeout_seconds = " << seconds_of(directory.network_timeout) << "\n"
      << "operation_timeout_seconds = " << seconds_of(directory.operation_timeout) << "\n";
  return out.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

ServerProcess::ServerProcess(const auth::DirectoryConfig& directory, const std::string& extra_server_toml) {
  std::random_device random;
  folder_ = std::filesystem::temp_directory_path() / ("hearth-process-" + std::to_string(random()));
  data_directory_ = folder_ / "data";
  config_file_ = folder_ / "hearth.toml";
  log_file_ = folder_ / "server.log";
  std::filesystem::create_directories(data_directory_);
  const auto password_file = folder_ / "bind-password";
  write_file(password_file, directory.bind_password);
  ::chmod(password_file.c_str(), 0600);
  port_ = unused_local_port();
  std::ostringstream config;
  config << "[server]\n"
         << "listen_address = \"127.0.0.1\"\n"
         << "port = " << port_ << "\n"
         << extra_server_toml << "\n\n"
         << "[storage]\n"
         << "data_directory = " << toml_string(data_directory_.string()) << "\n\n"
         << "[log]\nlevel = \"warning\"\n\n"
         << directory_toml(directory, password_file.string());
  write_file(config_file_, config.str());
}

ServerProcess::~ServerProcess() {
  if (running()) kill_hard();
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

void ServerProcess::start() {
  if (running()) throw std::runtime_error("ServerProcess::start: already running");
  std::vector<std::string> environment_text;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (!text.starts_with("HEARTH_") && !text.starts_with("NOTIFY_SOCKET=") &&
        !text.starts_with("JOURNAL_STREAM=")) {
      environment_text.emplace_back(text);
    }
  }
  std::vector<char*> environment;
  for (auto& entry : environment_text) environment.push_back(entry.data());
  environment.push_back(nullptr);
  std::vector<std::string> argument_text = {HEARTH_BINARY, "serve", "--config", config_file_.string()};
  std::vector<char*> arguments;
  for (auto& argument : argument_text) arguments.push_back(argument.data());
  arguments.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, HEARTH_BINARY, &actions, nullptr, arguments.data(), environment.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("posix_spawn " + std::string(HEARTH_BINARY) + " failed");
  pid_ = pid;

  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(0, 200000);
  client.set_read_timeout(2, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      throw std::runtime_error("hearth serve exited at start:\n" + log_text());
    }
    const auto response = client.Get("/healthz");
    if (response && response->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill_hard();
  throw std::runtime_error("hearth serve did not answer /healthz within 15 s:\n" + log_text());
}

void ServerProcess::kill_hard() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

int ServerProcess::stop() {
  if (!running()) return 0;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
  return status;
}

long ServerProcess::resident_kib() const {
  if (!running()) return -1;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

std::string ServerProcess::log_text() const {
  std::ifstream in(log_file_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hearth::testing
