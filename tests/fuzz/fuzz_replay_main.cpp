// A main() for fuzz targets in builds without libFuzzer (the normal GCC
// build): runs LLVMFuzzerTestOneInput once on every file named on the command
// line and on every regular file under every directory named there, in path
// order. Exits non-zero if an argument does not exist, a file cannot be read
// or there is no input at all; a failing input aborts inside the target, as it
// would under libFuzzer.
//
// Usage: fuzz_<name> <file-or-directory>...

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

// The entry points a fuzz target defines, named by libFuzzer;
// LLVMFuzzerInitialize is optional.
// NOLINTBEGIN(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
// NOLINTEND(readability-identifier-naming)

namespace {

namespace fs = std::filesystem;

// Adds `path` (a file, or every regular file below a directory) to `inputs`.
bool collect(const fs::path& path, std::vector<fs::path>& inputs) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error)) inputs.push_back(it->path());
    }
  } else if (fs::is_regular_file(path, error)) {
    inputs.push_back(path);
  } else {
    std::fprintf(stderr, "fuzz replay: no such file or directory: %s\n", path.c_str());
    return false;
  }
  if (error) {
    std::fprintf(stderr, "fuzz replay: cannot read %s: %s\n", path.c_str(), error.message().c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    if (!collect(argv[i], inputs)) return 2;
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s <file-or-directory>... (no input files found)\n",
                 argc > 0 ? argv[0] : "fuzz");
    return 2;
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& path : inputs) {
    std::ifstream file(path, std::ios::binary);
    // Exactly the file's bytes in their own allocation, as libFuzzer passes
    // them, so that a sanitizer build catches reads past the end.
    const std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(file)),
                                         std::istreambuf_iterator<char>());
    if (file.bad()) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.c_str());
      return 2;
    }
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::printf("fuzz replay: %zu input(s) ran\n", inputs.size());
  return 0;
}
