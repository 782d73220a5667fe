// Native HTTPS: the real server with a certificate from a test CA made by
// openssl at test time, checked from outside with curl and openssl s_client
// (protocol versions, cipher policy, certificate verification), plus the
// HTTP-to-HTTPS redirect listener, secure cookies and HSTS.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "support/slapd_fixture.h"
#include "support/test_server.h"

namespace {

using hearth::testing::CommandResult;
using hearth::testing::shell;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;
namespace fs = std::filesystem;

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port() {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(socket >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(socket);
  return ntohs(address.sin_port);
}

// A test CA and a server certificate (RSA, so that both the ECDHE-RSA suites
// and the plain-RSA ones Hearth refuses can be offered) for 127.0.0.1 and
// localhost, in a temporary folder removed on destruction.
class TestCertificates {
 public:
  TestCertificates()
      : directory_(fs::temp_directory_path() / ("hearth-tls-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(directory_);
    const auto d = directory_.string();
    const std::string script =
        "set -e; cd '" + d +
        "'; "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out "
        "ca.pem "
        "-days 2 -subj '/CN=Hearth TLS test CA' -addext basicConstraints=critical,CA:TRUE "
        "-addext keyUsage=critical,keyCertSign,cRLSign; "
        "openssl req -new -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1'; "
        "printf '%s\\n' basicConstraints=critical,CA:FALSE "
        "keyUsage=critical,digitalSignature,keyEncipherment "
        "extendedKeyUsage=serverAuth subjectAltName=IP:127.0.0.1,DNS:localhost > server.ext; "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile server.ext -out server.pem; "
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other.key "
        "-out other-ca.pem -days 2 -subj '/CN=Unrelated CA'";
    const auto made = shell(script);
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
  }
  ~TestCertificates() {
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }
  std::string ca() const { return (directory_ / "ca.pem").string(); }
  std::string other_ca() const { return (directory_ / "other-ca.pem").string(); }
  std::string certificate() const { return (directory_ / "server.pem").string(); }
  std::string key() const { return (directory_ / "server.key").string(); }

 private:
  fs::path directory_;
};

// `openssl s_client` against the server with extra options; exit code 0
// means the handshake succeeded and the certificate verified.
CommandResult s_client(int port, const TestCertificates& certificates, const std::string& options) {
  return shell("openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " -servername localhost " +
               "-CAfile " + certificates.ca() + " -verify_return_error -brief " + options + " < /dev/null");
}

int fetch_status(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  const auto result = client.Get(path);
  return result ? result->status : -1;
}

}  // namespace

TEST_CASE("TLS: native HTTPS with a modern policy, redirect listener, secure cookies and HSTS", "[tls]") {
  const TestCertificates certificates;
  const int redirect_port = free_port();
  TestServer server(ThrowawaySlapd::shared().config(), [&](hearth::app::Config& config) {
    config.server.tls_certificate_file = certificates.certificate();
    config.server.tls_private_key_file = certificates.key();
    config.public_url = "https://hearth.test:8443";
    config.redirect_http_port = redirect_port;
  });
  const auto port = std::to_string(server.port());
  const auto url = "https://127.0.0.1:" + port;

  SECTION("curl verifies the certificate against the test CA and gets the page") {
    const auto fetched = shell("curl -sS --fail --cacert " + certificates.ca() + " " + url + "/healthz");
    INFO(fetched.output);
    CHECK(fetched.exit_code == 0);
    CHECK(fetched.output == "ok\n");
    // The same request without the right CA fails verification (curl exit 60).
    const auto unverified = shell("curl -sS --cacert " + certificates.other_ca() + " " + url + "/healthz");
    CHECK(unverified.exit_code == 60);
  }

  SECTION("TLS 1.2 and 1.3 are accepted, TLS 1.1 is not") {
    const auto tls13 = s_client(server.port(), certificates, "-tls1_3");
    INFO(tls13.output);
    CHECK(tls13.exit_code == 0);
    CHECK(tls13.output.find("Protocol version: TLSv1.3") != std::string::npos);

    const auto tls12 = s_client(server.port(), certificates, "-tls1_2");
    INFO(tls12.output);
    CHECK(tls12.exit_code == 0);
    CHECK(tls12.output.find("Protocol version: TLSv1.2") != std::string::npos);
    CHECK(tls12.output.find("Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256") != std::string::npos);

    // SECLEVEL=0 lets this client offer TLS 1.1 at all; the server must refuse it.
    const auto tls11 = s_client(server.port(), certificates, "-tls1_1 -cipher DEFAULT@SECLEVEL=0");
    INFO(tls11.output);
    CHECK(tls11.exit_code != 0);
    CHECK(tls11.output.find("Protocol version: TLSv1.1") == std::string::npos);
  }

  SECTION("TLS 1.2 without forward secrecy or without AEAD is refused") {
    for (const std::string cipher : {"AES128-GCM-SHA256", "AES128-SHA", "ECDHE-RSA-AES128-SHA",
                                     "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256"}) {
      INFO(cipher);
      const auto offered = s_client(server.port(), certificates, "-tls1_2 -cipher " + cipher);
      INFO(offered.output);
      CHECK(offered.exit_code != 0);
    }
    const auto chacha = s_client(server.port(), certificates, "-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305");
    INFO(chacha.output);
    CHECK(chacha.exit_code == 0);
  }

  SECTION("cookies are __Host- and Secure, and HSTS is sent") {
    const auto headers =
        shell("curl -sS -o /dev/null -D - --cacert " + certificates.ca() + " " + url + "/signin");
    INFO(headers.output);
    REQUIRE(headers.exit_code == 0);
    CHECK(headers.output.find("HTTP/1.1 200") != std::string::npos);
    CHECK(headers.output.find("Set-Cookie: __Host-hearth_session=") != std::string::npos);
    CHECK(headers.output.find("; Secure") != std::string::npos);
    CHECK(headers.output.find("Strict-Transport-Security: max-age=31536000") != std::string::npos);
  }

  SECTION("the plain listener answers every request with 308 to the public https address") {
    httplib::Client plain("127.0.0.1", redirect_port);
    plain.set_follow_location(false);
    const auto get = plain.Get("/groups?topic=grief");
    REQUIRE(get);
    CHECK(get->status == 308);
    CHECK(get->get_header_value("Location") == "https://hearth.test:8443/groups?topic=grief");
    CHECK_FALSE(get->has_header("Set-Cookie"));

    const auto post = plain.Post("/signin", "username=amy&password=x", "application/x-www-form-urlencoded");
    REQUIRE(post);
    CHECK(post->status == 308);  // 308 keeps the method; the browser re-posts over HTTPS
    CHECK(post->get_header_value("Location") == "https://hearth.test:8443/signin");
    CHECK(post->body.find("amy") == std::string::npos);

    // An absolute-form target cannot redirect anywhere else.
    const auto odd = shell(
        "curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --request-target "
        "'http://evil.example/x' http://127.0.0.1:" +
        std::to_string(redirect_port) + "/");
    INFO(odd.output);
    CHECK(odd.output == "308 https://hearth.test:8443/");

    // Plain HTTP on the HTTPS port is not served.
    const auto confused = shell("curl -sS -m 5 http://127.0.0.1:" + port + "/healthz");
    CHECK(confused.output.find("ok") == std::string::npos);
  }
}

TEST_CASE("TLS: behind nginx with installer/nginx-hearth.conf and trusted_proxies", "[tls][nginx]") {
  if (shell("command -v nginx").exit_code != 0) {
    WARN("nginx is not installed (installer/install-deps.sh --test installs nginx-light); skipped");
    return;
  }
  const TestCertificates certificates;
  TestServer server(ThrowawaySlapd::shared().config(), [](hearth::app::Config& config) {
    config.trusted_proxies = {"127.0.0.1"};
    config.metrics.allowed_addresses = {"127.0.0.1"};
  });

  // The example as shipped, with test ports, the test certificate and this server's port.
  const auto directory =
      fs::temp_directory_path() / ("hearth-nginx-" + std::to_string(std::random_device{}()));
  fs::create_directories(directory);
  const int https_port = free_port();
  const int http_port = free_port();
  std::ifstream example(std::string(HEARTH_SOURCE_DIR) + "/installer/nginx-hearth.conf");
  std::stringstream site;
  site << example.rdbuf();
  std::string text = site.str();
  const auto replace = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("listen 80;", "listen " + std::to_string(http_port) + ";");
  replace("listen [::]:80;", "");
  replace("listen 443 ssl http2;", "listen " + std::to_string(https_port) + " ssl http2;");
  replace("listen [::]:443 ssl http2;", "");
  replace("/etc/ssl/certs/hearth.hospital.example.pem", certificates.certificate());
  replace("/etc/ssl/private/hearth.hospital.example.key", certificates.key());
  replace("proxy_pass http://127.0.0.1:8080;",
          "proxy_pass http://127.0.0.1:" + std::to_string(server.port()) + ";");
  std::ofstream(directory / "site.conf") << text;
  const auto d = directory.string();
  std::ofstream(directory / "nginx.conf")
      << "user root;\npid " << d << "/nginx.pid;\nerror_log " << d
      << "/error.log;\nevents {}\nhttp {\n  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d
      << "/proxy;\n  include " << d << "/site.conf;\n}\n";
  const std::string nginx = "nginx -c " + d + "/nginx.conf -p " + d;
  const auto started = shell(nginx);
  INFO(started.output);
  REQUIRE(started.exit_code == 0);

  const auto url = "https://127.0.0.1:" + std::to_string(https_port);
  // HTTPS as forwarded by nginx: Hearth marks the cookie Secure with the __Host- prefix and sends HSTS,
  // although it listens on plain HTTP and public_url is not set.
  const auto headers =
      shell("curl --http1.1 -sS -o /dev/null -D - --cacert " + certificates.ca() + " " + url + "/signin");
  CHECK(headers.exit_code == 0);
  CHECK(headers.output.find("Set-Cookie: __Host-hearth_session=") != std::string::npos);
  CHECK(headers.output.find("; Secure") != std::string::npos);
  CHECK(headers.output.find("Strict-Transport-Security: max-age=31536000") != std::string::npos);
  CHECK(headers.output.find("Cache-Control: no-store") != std::string::npos);

  // nginx overwrites X-Forwarded-For, so a client cannot claim to be 127.0.0.1 and reach /metrics
  // through it; the example also closes /metrics on the public name.
  const auto spoofed =
      shell("curl --http1.1 -sS -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 127.0.0.1' --cacert " +
            certificates.ca() + " " + url + "/metrics");
  CHECK(spoofed.output == "404");
  const auto plain =
      shell("curl --http1.1 -sS -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1:" +
            std::to_string(http_port) + "/help");
  CHECK(plain.output == "308 https://127.0.0.1/help");
  // Hearth itself sees the client (127.0.0.1 through nginx, 127.0.0.1 directly): allowed directly.
  CHECK(fetch_status(server.port(), "/metrics") == 200);

  shell(nginx + " -s stop");
  std::error_code ignored;
  fs::remove_all(directory, ignored);
}
