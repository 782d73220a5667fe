#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hearth::features {

// Who may read /metrics ([metrics] in the configuration). Everyone else gets
// the ordinary 404 page, as if the address did not exist.
struct MetricsSettings {
  // Client addresses or networks ("127.0.0.1", "10.20.0.0/24", "::1"),
  // matched against the client address after trusted proxies are resolved.
  std::vector<std::string> allowed_addresses;
  // A file holding a bearer token; a request with "Authorization: Bearer
  // <token>" may read /metrics from any address. Empty: no token.
  std::filesystem::path token_file;
  std::string token;  // read from token_file by load_config(); never logged
};

}  // namespace hearth::features
