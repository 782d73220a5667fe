#include "http/static_files.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "common/crypto.h"
#include "common/error.h"
#include "http/dispatcher.h"
#include "unit/storage/migrated_database.h"

namespace hearth::http {
namespace {

constexpr std::string_view kStylesheet = "css/hearth.css";

const EmbeddedFile& embedded(std::string_view path) {
  for (const auto& file : hearth_web_files()) {
    if (file.path == path) return file;
  }
  FAIL("no embedded file " << path);
  throw std::logic_error("unreachable");
}

std::string gunzip(std::string_view compressed) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string output;
  std::string buffer(64 * 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    result = inflate(&stream, Z_NO_FLUSH);
    output.append(buffer.data(), buffer.size() - stream.avail_out);
  }
  inflateEnd(&stream);
  REQUIRE(result == Z_STREAM_END);
  return output;
}

std::optional<std::string> header(const Response& response, std::string_view name) {
  const auto found = response.headers.find(name);
  if (found == response.headers.end()) return std::nullopt;
  return found->second;
}

// Serves `path` the way GET /static/{path...} would.
struct StaticRequest {
  Request request;
  auth::Viewer viewer = auth::Viewer::anonymous();

  explicit StaticRequest(std::string path) {
    request.path = "/static/" + path;
    request.path_parameters["path"] = std::move(path);
  }
  Response serve(const StaticFiles& files) const {
    const RequestContext context{request, viewer, "", "", "test"};
    return files.serve(context);
  }
};

ErrorKind serve_error(const StaticFiles& files, const std::string& path) {
  try {
    StaticRequest(path).serve(files);
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected an error for " << path);
  return ErrorKind::kInternal;
}

}  // namespace

TEST_CASE("url_for names a static file with its content digest", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  const auto& stylesheet = embedded("static/css/hearth.css");
  const std::string url = files.url_for(kStylesheet);
  CHECK(url.starts_with("/static/css/hearth.css?v="));
  CHECK(url == "/static/css/hearth.css?v=" + std::string(stylesheet.digest));
  CHECK(stylesheet.digest.size() == 12);
  CHECK(stylesheet.digest == crypto::sha256_hex(stylesheet.content).substr(0, 12));
  CHECK(files.url_for("js/hearth.js").starts_with("/static/js/hearth.js?v="));
  CHECK(files.url_for("img/hearth.svg").starts_with("/static/img/hearth.svg?v="));
}

TEST_CASE("url_for refuses files that do not exist", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  CHECK_THROWS_AS(files.url_for("css/missing.css"), Error);
  CHECK_THROWS_AS(files.url_for("static/css/hearth.css"), Error);
  CHECK_THROWS_AS(files.url_for("../templates/layout/head.mustache"), Error);
  CHECK_THROWS_AS(files.url_for(""), Error);
}

TEST_CASE("a static file requested with its digest is cached for ever", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  const auto& stylesheet = embedded("static/css/hearth.css");
  StaticRequest request{std::string(kStylesheet)};
  request.request.query.add("v", std::string(stylesheet.digest));
  const auto response = request.serve(files);
  CHECK(response.status == 200);
  CHECK(response.caching == Caching::kImmutable);
  CHECK(response.content_type.starts_with("text/css"));
  CHECK(header(response, "ETag") == "\"" + std::string(stylesheet.digest) + "\"");
  CHECK(response.body == stylesheet.content);

  SECTION("without a digest, or with a stale one, it must be revalidated") {
    CHECK(StaticRequest(std::string(kStylesheet)).serve(files).caching == Caching::kRevalidate);
    StaticRequest stale{std::string(kStylesheet)};
    stale.request.query.add("v", "000000000000");
    CHECK(stale.serve(files).caching == Caching::kRevalidate);
  }
}

TEST_CASE("gzip is sent only to clients that accept it", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  const auto& stylesheet = embedded("static/css/hearth.css");

  StaticRequest plain{std::string(kStylesheet)};
  const auto uncompressed = plain.serve(files);
  CHECK(uncompressed.body == stylesheet.content);
  CHECK_FALSE(header(uncompressed, "Content-Encoding"));
  CHECK(header(uncompressed, "Vary") == "Accept-Encoding");

  StaticRequest gzip{std::string(kStylesheet)};
  gzip.request.accepts_gzip = true;
  const auto compressed = gzip.serve(files);
  CHECK(header(compressed, "Content-Encoding") == "gzip");
  CHECK(header(compressed, "Vary") == "Accept-Encoding");
  REQUIRE(compressed.body.size() > 2);
  CHECK(static_cast<unsigned char>(compressed.body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(compressed.body[1]) == 0x8b);
  CHECK(compressed.body.size() < stylesheet.content.size());
  CHECK(gunzip(compressed.body) == stylesheet.content);
  CHECK(compressed.content_type == uncompressed.content_type);
}

TEST_CASE("If-None-Match with the current ETag gives 304 without a body", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  const auto& stylesheet = embedded("static/css/hearth.css");
  StaticRequest request{std::string(kStylesheet)};
  request.request.headers.emplace("If-None-Match", "\"" + std::string(stylesheet.digest) + "\"");
  request.request.accepts_gzip = true;
  const auto response = request.serve(files);
  CHECK(response.status == 304);
  CHECK(response.body.empty());
  CHECK(header(response, "ETag") == "\"" + std::string(stylesheet.digest) + "\"");

  StaticRequest stale{std::string(kStylesheet)};
  stale.request.headers.emplace("If-None-Match", "\"000000000000\"");
  CHECK(stale.serve(files).status == 200);
}

TEST_CASE("unknown static files and path tricks are not found", "[http][static]") {
  const StaticFiles files(hearth_web_files());
  CHECK(serve_error(files, "css/missing.css") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "../templates/layout/head.mustache") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "css/../../templates/layout/head.mustache") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "css/../css/hearth.css") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "./css/hearth.css") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "/etc/passwd") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "..%2F..%2Fetc%2Fpasswd") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "css\\hearth.css") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "CSS/HEARTH.CSS") == ErrorKind::kNotFound);
  CHECK(serve_error(files, std::string("css/hearth.css\0.txt", 19)) == ErrorKind::kNotFound);
}

TEST_CASE("static files from a folder on disk are served and stay inside it", "[http][static]") {
  testing::TemporaryDirectory root;
  std::filesystem::create_directories(root / "static/css");
  std::ofstream(root / "static/css/site.css") << "body { color: black; }\n";
  std::ofstream(root / "static/notes.txt") << "plain notes";
  std::ofstream(root / "secret.txt") << "outside the static folder";
  const StaticFiles files(root.path());

  const auto css = StaticRequest("css/site.css").serve(files);
  CHECK(css.body == "body { color: black; }\n");
  CHECK(css.content_type.starts_with("text/css"));
  CHECK(files.url_for("css/site.css") ==
        "/static/css/site.css?v=" + crypto::sha256_hex("body { color: black; }\n").substr(0, 12));
  CHECK(StaticRequest("notes.txt").serve(files).content_type.starts_with("text/plain"));
  CHECK(serve_error(files, "../secret.txt") == ErrorKind::kNotFound);
  CHECK(serve_error(files, "secret.txt") == ErrorKind::kNotFound);
}

TEST_CASE("content types follow the file extension", "[http][static]") {
  CHECK(content_type_for("a.css").starts_with("text/css"));
  CHECK(content_type_for("a.js").starts_with("application/javascript"));
  CHECK(content_type_for("a.svg") == "image/svg+xml");
  CHECK(content_type_for("a.png") == "image/png");
  CHECK(content_type_for("a.woff2") == "font/woff2");
  CHECK(content_type_for("a.css.exe") == "application/octet-stream");
  CHECK(content_type_for("Makefile") == "application/octet-stream");
}

TEST_CASE("static files through the dispatcher: immutable caching, no session", "[http][static]") {
  testing::MigratedDatabase database;
  ManualClock clock{1'700'000'000};
  auth::SessionStore sessions(database.pool(), clock, auth::SessionPolicy{});
  const StaticFiles files(hearth_web_files());
  Dispatcher dispatcher(
      Router({{Method::kGet, "/static/{path...}", Access::kAnyone, SessionUse::kNone,
               [&files](const RequestContext& context) { return files.serve(context); }}}),
      sessions, [](const ErrorPage& page) { return "error " + std::to_string(page.status); },
      DispatcherOptions{});

  const std::string url = files.url_for(kStylesheet);
  Request request;
  request.method = Method::kGet;
  request.path = url.substr(0, url.find('?'));
  request.query.add("v", url.substr(url.find('=') + 1));
  request.headers.emplace("Cookie", "hearth_session=" + std::string(43, 'A'));
  const auto response = dispatcher.handle(request);
  CHECK(response.status == 200);
  CHECK(header(response, "Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(header(response, "X-Content-Type-Options") == "nosniff");
  CHECK_FALSE(header(response, "Set-Cookie"));

  Request traversal;
  traversal.method = Method::kGet;
  traversal.path = "/static/../templates/layout/head.mustache";
  const auto refused = dispatcher.handle(traversal);
  CHECK(refused.status == 404);
  CHECK(header(refused, "Cache-Control") == "no-store");
}

}  // namespace hearth::http
