#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "auth/directory_config.h"
#include "auth/session_store.h"
#include "auth/sign_in_throttle.h"
#include "common/log.h"
#include "features/health/metrics_settings.h"
#include "features/notifications/mail_settings.h"
#include "features/shared/site_settings.h"
#include "features/shared/writing_check.h"
#include "http/server.h"
#include "safety/phi_check.h"

namespace hearth::app {

// Everything Hearth reads from its configuration, already validated. Filled
// by load_config() from the schema in config_schema.cpp: defaults, then the
// TOML file, then HEARTH_<SECTION>_<KEY> environment variables.
struct Config {
  http::ServerOptions server;
  std::string public_url;  // e.g. https://hearth.example.org; sets secure cookies and the expected Origin
  std::filesystem::path web_root;  // development: serve web/ from disk instead of the embedded copy
  // Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or CIDR networks).
  std::vector<std::string> trusted_proxies;
  // With native HTTPS: a plain-HTTP port whose every request gets 308 to public_url. 0: off.
  int redirect_http_port = 0;
  // Who may read /metrics.
  features::MetricsSettings metrics;

  std::filesystem::path data_directory = "/var/lib/hearth";

  features::SiteSettings site;
  auth::SessionPolicy session;
  auth::ThrottlePolicy sign_in;

  // New groups wait for a coordinator's approval before they are listed.
  bool groups_require_approval = false;

  // The PHI check on everything staff write.
  features::PhiPolicy phi_policy = features::PhiPolicy::kWarnAndConfirm;
  safety::PhiCheckerOptions phi_checker;

  // Peer-support requests: the reply target shown in the queue, and when
  // requests nobody closed are ended and purged.
  int support_response_target_minutes = 30;
  int support_expire_after_days = 14;

  // E-mail through the hospital's relay; the password is read from mail.password_file.
  features::notifications::MailSettings mail;

  auth::DirectoryConfig directory;
  std::filesystem::path directory_bind_password_file;

  log::Level log_level = log::Level::kInfo;
  log::Format log_format = log::Format::kText;

  std::filesystem::path database_path() const { return data_directory / "hearth.db"; }
  bool uses_tls() const;
};

// One problem found while loading: which key, and why, in words for IT.
struct ConfigProblem {
  std::string key;  // "directory.urls", or the file path for syntax errors
  std::string reason;
};

struct ConfigLoad {
  Config config;
  std::vector<ConfigProblem> problems;  // empty when the config is usable
};

enum class DirectoryRequirement {
  kRequired,     // `serve`, `ldap-test`, `check-config`: the [directory] section must be complete
  kNotRequired,  // `demo`: the built-in directory is used
};

// Loads defaults, then `path` (a missing file is a problem unless
// `path_is_optional`), then the environment. Reports every problem at once
// instead of stopping at the first. Reads the bind password file.
enum class FileRequirement { kMustExist, kOptional };
ConfigLoad load_config(const std::filesystem::path& path, FileRequirement file_requirement,
                       DirectoryRequirement directory_requirement, char** environment);

// The commented example configuration, generated from the schema.
std::string example_config();

}  // namespace hearth::app
