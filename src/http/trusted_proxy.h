#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace hearth::http {

// An IPv4 or IPv6 network: "10.0.0.0/8", "fd00::/8", or a single address
// ("127.0.0.1" is 127.0.0.1/32, "::1" is ::1/128). IPv4-mapped IPv6 addresses
// (::ffff:10.1.2.3, as a dual-stack socket reports IPv4 peers) are matched as
// the IPv4 address they carry.
class AddressRange {
 public:
  // Returns the range, or nullopt with `problem` (when given) set to a reason
  // for IT: not an address, prefix out of range, or host bits set after the
  // prefix ("10.1.0.0/8").
  static std::optional<AddressRange> parse(std::string_view text, std::string* problem = nullptr);

  // True when `address` (an IP address in text form) is inside the range.
  // Anything that is not an IP address is outside every range.
  bool contains(std::string_view address) const;

  // True for a bare IPv4 or IPv6 address (no prefix, brackets or port).
  static bool is_address(std::string_view text) { return parse_address(text).has_value(); }

 private:
  struct Address {
    std::array<std::uint8_t, 16> bytes{};
    bool is_v4 = false;          // the first 4 bytes hold it
    bool was_v4_mapped = false;  // written as ::ffff:a.b.c.d
  };
  static std::optional<Address> parse_address(std::string_view text);

  Address network_;
  int prefix_length_ = 0;
};

// A list of ranges; empty matches nothing.
class AddressList {
 public:
  AddressList() = default;
  // Throws hearth::Error (kUnavailable, naming the entry) when an entry does
  // not parse; load_config() reports the same problems before that happens.
  explicit AddressList(const std::vector<std::string>& entries);

  bool contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  std::vector<AddressRange> ranges_;
};

// Where a request really came from, once proxies are taken into account.
struct ClientOrigin {
  std::string address;
  bool is_tls = false;
};

// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers
// Hearth believes. Immutable; safe to share between threads.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(AddressList proxies) : proxies_(std::move(proxies)) {}

  // When `peer_address` (the socket's peer) is not a trusted proxy, the
  // forwarding headers are ignored: the client is the peer and TLS is what
  // the connection used. Otherwise:
  // - address: X-Forwarded-For (every such header, in order, as one
  //   comma-separated list) is read from the right, skipping trusted proxies;
  //   the first hop that is not one is the client. If every hop is trusted,
  //   the leftmost is. A hop that is not an IP address ends the walk and the
  //   last trusted hop seen is the client (a forged or garbled entry never
  //   becomes the address). No header: the peer.
  // - is_tls: the last value of X-Forwarded-Proto ("https", any case), or the
  //   connection's own TLS when the header is absent.
  ClientOrigin resolve(std::string_view peer_address, bool connection_tls, const Headers& headers) const;

  bool empty() const { return proxies_.empty(); }

 private:
  AddressList proxies_;
};

}  // namespace hearth::http
