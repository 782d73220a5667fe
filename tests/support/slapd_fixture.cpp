#include "support/slapd_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "auth/demo_directory.h"

namespace hearth::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// Parses KEY=value lines.
std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::map<std::string, std::string> values;
  std::istringstream lines(read_file(path));
  for (std::string line; std::getline(lines, line);) {
    const std::size_t equals = line.find('=');
    if (equals != std::string::npos) values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return values;
}

const std::string& required(const std::map<std::string, std::string>& values, const std::string& key) {
  const auto found = values.find(key);
  if (found == values.end() || found->second.empty()) throw std::runtime_error("slapd env file lacks " + key);
  return found->second;
}

std::string make_temporary_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hearth-slapd-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  return buffer.data();
}

int run_script(const std::string& script, const std::string& action, const std::string& directory) {
  const std::string command = "HEARTH_SLAPD_WATCH_PID=" + std::to_string(::getpid()) + " '" + script + "' " +
                              action + " '" + directory + "'";
  return std::system(command.c_str());
}

}  // namespace

ThrowawaySlapd::ThrowawaySlapd()
    : script_(std::string(HEARTH_SOURCE_DIR) + "/ldap/throwaway-slapd.sh"),
      directory_(make_temporary_directory()) {
  if (run_script(script_, "start", directory_) != 0) {
    throw std::runtime_error("ldap/throwaway-slapd.sh start " + directory_ +
                             " failed (see its output above)");
  }
  const std::map<std::string, std::string> env = read_env_file(directory_ + "/env");
  ldap_url_ = required(env, "SLAPD_LDAP_URL");
  ldaps_url_ = required(env, "SLAPD_LDAPS_URL");
  ca_file_ = required(env, "SLAPD_CA_FILE");
  untrusted_ca_file_ = required(env, "SLAPD_UNTRUSTED_CA_FILE");
  base_dn_ = required(env, "SLAPD_BASE_DN");
  bind_dn_ = required(env, "SLAPD_BIND_DN");
  bind_password_ = read_file(required(env, "SLAPD_BIND_PASSWORD_FILE"));
  pid_ = std::stoi(required(env, "SLAPD_PID"));
}

ThrowawaySlapd::~ThrowawaySlapd() {
  run_script(script_, "stop", directory_);
  const char* keep = std::getenv("HEARTH_KEEP_SLAPD_DIR");
  if (keep != nullptr && *keep != '\0' && std::string(keep) != "0") return;
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

ThrowawaySlapd& ThrowawaySlapd::shared() {
  static ThrowawaySlapd instance;
  return instance;
}

auth::DirectoryConfig ThrowawaySlapd::config(LdapTransport transport, auth::GroupLookup lookup) const {
  auth::DirectoryConfig config = auth::DemoDirectory::demo_config();
  config.urls = {transport == LdapTransport::kLdaps ? ldaps_url_ : ldap_url_};
  config.allow_insecure_ldap = transport == LdapTransport::kPlain;
  config.ca_file = ca_file_;
  config.bind_dn = bind_dn_;
  config.bind_password = bind_password_;
  config.group_lookup = lookup;
  config.network_timeout = std::chrono::seconds(2);
  config.operation_timeout = std::chrono::seconds(5);
  return config;
}

}  // namespace hearth::testing
