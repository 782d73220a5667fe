#include "auth/ldap_filter.h"

#include <lber.h>
#include <ldap.h>

#include <memory>
#include <new>

namespace hearth::auth {
namespace {

constexpr std::string_view kUsernamePlaceholder = "{username}";

struct BerMemoryDeleter {
  void operator()(char* memory) const { ber_memfree(memory); }
};

}  // namespace

std::string escape_filter_value(std::string_view value) {
  if (value.empty()) return {};
  // libldap takes a non-const berval but does not modify the input.
  std::string input(value);
  berval in{static_cast<ber_len_t>(input.size()), input.data()};
  berval out{0, nullptr};
  if (ldap_bv2escaped_filter_value(&in, &out) != 0) throw std::bad_alloc();
  std::unique_ptr<char, BerMemoryDeleter> owned(out.bv_val);
  return std::string(out.bv_val, out.bv_len);
}

std::string substitute_username(std::string_view filter_template, std::string_view username) {
  const std::string escaped = escape_filter_value(username);
  std::string result;
  result.reserve(filter_template.size() + escaped.size());
  std::size_t position = 0;
  while (true) {
    const std::size_t found = filter_template.find(kUsernamePlaceholder, position);
    if (found == std::string_view::npos) break;
    result.append(filter_template.substr(position, found - position));
    result.append(escaped);
    position = found + kUsernamePlaceholder.size();
  }
  result.append(filter_template.substr(position));
  return result;
}

}  // namespace hearth::auth
