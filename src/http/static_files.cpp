#include "http/static_files.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "common/error.h"

namespace hearth::http {
namespace {

constexpr std::string_view kStaticPrefix = "static/";

std::string gzip_compress(std::string_view input) {
  z_stream stream{};
  // windowBits 15 + 16 writes a gzip header and trailer; level 9 because this
  // runs once per file at start-up, never per request.
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string output(deflateBound(&stream, input.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  const int result = deflate(&stream, Z_FINISH);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END ? output : std::string{};
}

bool is_compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("image/svg") ||
         content_type.starts_with("application/javascript") || content_type.starts_with("application/json");
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "application/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  if (path.ends_with(".png")) return "image/png";
  if (path.ends_with(".ico")) return "image/x-icon";
  if (path.ends_with(".woff2")) return "font/woff2";
  if (path.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void StaticFiles::add(std::string path, std::string content, std::string digest) {
  File file;
  file.content_type = std::string(content_type_for(path));
  if (is_compressible(file.content_type)) {
    file.gzip = gzip_compress(content);
    if (file.gzip.size() >= content.size()) file.gzip.clear();
  }
  file.content = std::move(content);
  file.digest = std::move(digest);
  files_.emplace(std::move(path), std::move(file));
}

StaticFiles::StaticFiles(std::span<const EmbeddedFile> files) {
  for (const auto& file : files) {
    if (!file.path.starts_with(kStaticPrefix)) continue;
    add(std::string(file.path.substr(kStaticPrefix.size())), std::string(file.content),
        std::string(file.digest));
  }
}

StaticFiles::StaticFiles(const std::filesystem::path& web_root) {
  const auto root = web_root / "static";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream stream(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << stream.rdbuf();
    auto text = content.str();
    auto digest = crypto::sha256_hex(text).substr(0, 12);
    add(std::filesystem::relative(entry.path(), root).generic_string(), std::move(text), std::move(digest));
  }
}

std::string StaticFiles::url_for(std::string_view path) const {
  const auto found = files_.find(std::string(path));
  if (found == files_.end()) throw Error::internal("no static file " + std::string(path));
  return "/static/" + std::string(path) + "?v=" + found->second.digest;
}

Response StaticFiles::serve(const RequestContext& context) const {
  const auto found = files_.find(std::string(context.request.path_parameter("path")));
  if (found == files_.end()) throw Error::not_found();
  const File& file = found->second;
  Response response;
  response.content_type = file.content_type;
  const auto version = context.request.query.get("v");
  response.caching = version && *version == file.digest ? Caching::kImmutable : Caching::kRevalidate;
  response.headers.emplace("ETag", "\"" + file.digest + "\"");
  if (const auto match = context.request.header("If-None-Match");
      match && *match == "\"" + file.digest + "\"") {
    response.status = 304;
    return response;
  }
  if (!file.gzip.empty()) {
    response.headers.emplace("Vary", "Accept-Encoding");
    if (context.request.accepts_gzip) {
      response.headers.emplace("Content-Encoding", "gzip");
      response.body = file.gzip;
      return response;
    }
  }
  response.body = file.content;
  return response;
}

}  // namespace hearth::http
