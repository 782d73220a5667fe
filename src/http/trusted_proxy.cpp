#include "http/trusted_proxy.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "common/error.h"
#include "common/text.h"

namespace hearth::http {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Splits "a, b,c" into trimmed entries; empty entries are kept (as "") so
// that a garbled list stops the walk instead of being skipped.
std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto comma = text.find(',');
    parts.push_back(text::trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

}  // namespace

std::optional<AddressRange::Address> AddressRange::parse_address(std::string_view text) {
  // inet_pton needs a terminated string; addresses are short.
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  const std::string terminated(text);
  Address address;
  if (::inet_pton(AF_INET, terminated.c_str(), address.bytes.data()) == 1) {
    address.is_v4 = true;
    return address;
  }
  if (::inet_pton(AF_INET6, terminated.c_str(), address.bytes.data()) != 1) return std::nullopt;
  if (std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(), address.bytes.begin())) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::fill(address.bytes.begin() + 4, address.bytes.end(), std::uint8_t{0});
    address.is_v4 = true;
    address.was_v4_mapped = true;
  }
  return address;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text, std::string* problem) {
  const auto fail = [problem](std::string reason) -> std::optional<AddressRange> {
    if (problem != nullptr) *problem = std::move(reason);
    return std::nullopt;
  };
  text = text::trim(text);
  const auto slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) {
    return fail("\"" + std::string(text) +
                "\" is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)");
  }
  AddressRange range;
  range.network_ = *address;
  const int maximum = address->is_v4 && !address->was_v4_mapped ? 32 : 128;
  range.prefix_length_ = address->is_v4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    int length = -1;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || length < 0 ||
        length > maximum) {
      return fail("\"" + std::string(text) + "\" has a prefix length outside 0-" + std::to_string(maximum));
    }
    range.prefix_length_ = length;
    if (address->was_v4_mapped) {
      // ::ffff:10.0.0.0/104 is 10.0.0.0/8.
      if (length < 96) return fail("\"" + std::string(text) + "\" needs a prefix of at least /96");
      range.prefix_length_ = length - 96;
    }
  }
  const int byte_count = address->is_v4 ? 4 : 16;
  for (int bit = range.prefix_length_; bit < byte_count * 8; ++bit) {
    if ((range.network_.bytes[static_cast<std::size_t>(bit / 8)] >> (7 - bit % 8)) & 1) {
      return fail("\"" + std::string(text) + "\" has address bits set beyond the /" +
                  std::to_string(range.prefix_length_) + " prefix");
    }
  }
  return range;
}

bool AddressRange::contains(std::string_view address_text) const {
  const auto address = parse_address(address_text);
  if (!address || address->is_v4 != network_.is_v4) return false;
  const auto whole_bytes = static_cast<std::size_t>(prefix_length_ / 8);
  if (!std::equal(network_.bytes.begin(), network_.bytes.begin() + static_cast<std::ptrdiff_t>(whole_bytes),
                  address->bytes.begin())) {
    return false;
  }
  const int rest = prefix_length_ % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (network_.bytes[whole_bytes] & mask) == (address->bytes[whole_bytes] & mask);
}

AddressList::AddressList(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    std::string problem;
    auto range = AddressRange::parse(entry, &problem);
    if (!range) throw Error::unavailable("Address list entry: " + problem);
    ranges_.push_back(*range);
  }
}

bool AddressList::contains(std::string_view address) const {
  for (const auto& range : ranges_) {
    if (range.contains(address)) return true;
  }
  return false;
}

ClientOrigin TrustedProxies::resolve(std::string_view peer_address, bool connection_tls,
                                     const Headers& headers) const {
  ClientOrigin origin{std::string(peer_address), connection_tls};
  if (!proxies_.contains(peer_address)) return origin;

  std::vector<std::string_view> hops;
  const auto [first, last] = headers.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    for (const auto hop : split_list(it->second)) hops.push_back(hop);
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (!AddressRange::is_address(*hop)) break;  // garbled: keep the last trusted hop
    origin.address = std::string(*hop);
    if (!proxies_.contains(*hop)) break;
  }

  std::optional<std::string_view> proto;
  const auto [proto_first, proto_last] = headers.equal_range("X-Forwarded-Proto");
  for (auto it = proto_first; it != proto_last; ++it) proto = split_list(it->second).back();
  if (proto) origin.is_tls = text::to_lower_ascii(*proto) == "https";
  return origin;
}

}  // namespace hearth::http
