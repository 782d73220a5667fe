#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/embedded_file.h"
#include "http/route.h"

namespace hearth::http {

// Serves web/static/ from the files embedded in the binary, or from a folder
// on disk while developing (--web-root). Text files are gzip-compressed once
// when loaded and the compressed copy is sent to clients that accept gzip.
// Immutable after construction; thread-safe.
class StaticFiles {
 public:
  // `files` are all embedded web files; only those under "static/" are served.
  explicit StaticFiles(std::span<const EmbeddedFile> files);
  // Reads every file under `web_root`/static at start-up (a development aid:
  // restart to pick up changes).
  explicit StaticFiles(const std::filesystem::path& web_root);

  // The URL for a static file with its digest, for templates:
  // url_for("css/hearth.css") == "/static/css/hearth.css?v=0123456789ab".
  // Throws kInternal if there is no such file (a template bug).
  std::string url_for(std::string_view path) const;

  // Handler for GET /static/{path...}.
  Response serve(const RequestContext& context) const;

 private:
  struct File {
    std::string content;
    std::string gzip;  // empty when compression does not help
    std::string digest;
    std::string content_type;
  };
  void add(std::string path, std::string content, std::string digest);

  std::unordered_map<std::string, File> files_;
};

std::string_view content_type_for(std::string_view path);

}  // namespace hearth::http
