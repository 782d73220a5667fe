// Fuzz target for configuration loading (src/app/config_schema.cpp): the
// bytes are a hearth.toml, loaded with load_config() as `hearth serve` (the
// directory required) and as `hearth demo` (not required). Lines of the
// input that look like HEARTH_<SECTION>_<KEY>=value are also passed as
// environment variables. Aborts when:
//  - an exception leaves load_config (it must report problems, never throw);
//  - a problem has no key or no reason, or a reason is not one line of
//    valid UTF-8 text;
//  - a load without problems gives a config breaking the rules load_config
//    promises (public_url without a trailing '/', directory settings present
//    when required, the time zone loadable).
//
// The file is written to a private temporary folder for each input. Paths
// named in the config are opened read-only by the loader (certificate, key
// and password files); it refuses anything but regular files and reads only
// a bounded first line of secrets, so a fuzzed path such as /dev/zero or a
// FIFO cannot make it hang.

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "calendar/time_zone.h"
#include "common/text.h"
#include "fuzz/fuzz_check.h"

namespace {

namespace app = hearth::app;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  hearth::fuzz::fail("load_config", what, detail, 400);
}

void require(bool condition, const char* what, std::string_view detail = {}) {
  if (!condition) fail(what, detail);
}

const std::filesystem::path& config_file() {
  static const std::filesystem::path path = [] {
    std::string folder = (std::filesystem::temp_directory_path() / "hearth-fuzz-config-XXXXXX").string();
    if (mkdtemp(folder.data()) == nullptr) fail("cannot create a temporary folder");
    return std::filesystem::path(folder) / "hearth.toml";
  }();
  return path;
}

void check_load(const app::ConfigLoad& load, app::DirectoryRequirement requirement) {
  for (const auto& problem : load.problems) {
    require(!problem.key.empty(), "a problem without a key", problem.reason);
    require(!problem.reason.empty(), "a problem without a reason", problem.key);
    require(hearth::text::is_valid_utf8(problem.reason), "a reason is not valid UTF-8", problem.reason);
    require(!hearth::text::has_control_characters(problem.reason) &&
                problem.reason.find_first_of("\r\n") == std::string::npos,
            "a reason is not one line of text", problem.reason);
  }
  if (!load.problems.empty()) return;
  const auto& config = load.config;
  require(!config.public_url.ends_with('/'), "public_url keeps a trailing '/'", config.public_url);
  require(hearth::calendar::TimeZone::load(config.site.time_zone).has_value(), "an unknown time zone passed",
          config.site.time_zone);
  if (requirement == app::DirectoryRequirement::kRequired) {
    require(!config.directory.urls.empty(), "no directory URL passed");
    require(config.directory.user_filter.find("{username}") != std::string::npos,
            "a user filter without {username} passed", config.directory.user_filter);
    require(!config.directory.bind_password.empty(), "an empty bind password passed");
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream file(config_file(), std::ios::binary | std::ios::trunc);
    file.write(input.data(), static_cast<std::streamsize>(input.size()));
    if (!file) fail("cannot write the config file");
  }
  std::vector<std::string> variables;
  for (std::size_t position = 0; position < input.size();) {
    const std::size_t end = std::min(input.find('\n', position), input.size());
    const std::string_view line = input.substr(position, end - position);
    if (line.starts_with("HEARTH_") && line.find('=') != std::string_view::npos &&
        line.find('\0') == std::string_view::npos) {
      variables.emplace_back(line);
    }
    position = end + 1;
  }
  std::vector<char*> environment;
  for (auto& variable : variables) environment.push_back(variable.data());
  environment.push_back(nullptr);

  for (const auto requirement :
       {app::DirectoryRequirement::kRequired, app::DirectoryRequirement::kNotRequired}) {
    try {
      check_load(
          app::load_config(config_file(), app::FileRequirement::kMustExist, requirement, environment.data()),
          requirement);
    } catch (const std::exception& error) {
      fail("load_config threw", error.what());
    }
  }
  return 0;
}
