#include "auth/distinguished_name.h"

#include <lber.h>
#include <ldap.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace hearth::auth {
namespace {

struct DnDeleter {
  void operator()(LDAPDN dn) const { ldap_dnfree(dn); }
};
using DnHandle = std::unique_ptr<LDAPRDN, DnDeleter>;

struct LdapMemoryDeleter {
  void operator()(char* memory) const { ldap_memfree(memory); }
};

struct AttributeAlias {
  std::string_view alias;
  std::string_view canonical;
};

// Lower-case spellings of the attribute types that appear in DNs, by name and
// by OID (RFC 4519, RFC 4514 section 3).
constexpr std::array<AttributeAlias, 16> kAttributeAliases{{
    {"commonname", "cn"},
    {"2.5.4.3", "cn"},
    {"organizationalunitname", "ou"},
    {"2.5.4.11", "ou"},
    {"organizationname", "o"},
    {"2.5.4.10", "o"},
    {"domaincomponent", "dc"},
    {"0.9.2342.19200300.100.1.25", "dc"},
    {"userid", "uid"},
    {"0.9.2342.19200300.100.1.1", "uid"},
    {"countryname", "c"},
    {"2.5.4.6", "c"},
    {"localityname", "l"},
    {"2.5.4.7", "l"},
    {"stateorprovincename", "st"},
    {"2.5.4.8", "st"},
}};

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void lowercase_in_place(berval& value) {
  for (ber_len_t i = 0; i < value.bv_len; ++i) value.bv_val[i] = ascii_lower(value.bv_val[i]);
}

std::string_view view(const berval& value) {
  return {value.bv_val, value.bv_len};
}

// Attribute type names are ASCII, so lowercasing then replacing an alias by a
// shorter canonical name fits in the existing buffer.
void canonicalize_type_in_place(berval& type) {
  lowercase_in_place(type);
  for (const AttributeAlias& alias : kAttributeAliases) {
    if (view(type) == alias.alias) {
      std::copy(alias.canonical.begin(), alias.canonical.end(), type.bv_val);
      type.bv_len = alias.canonical.size();
      type.bv_val[type.bv_len] = '\0';
      return;
    }
  }
}

// Normalises every RDN of the DN in `text` and returns them leaf first.
std::optional<std::vector<std::string>> normalized_rdns(std::string_view text) {
  // The parsed DN may point into `buffer`, which is therefore declared first.
  std::string buffer(text);
  berval input{static_cast<ber_len_t>(buffer.size()), buffer.data()};
  LDAPDN parsed = nullptr;
  // LDAP_DN_FORMAT_LDAP accepts RFC 4514 and the older RFC 1779 forms
  // (quoted values, `;` separators) that some configs still use.
  if (ldap_bv2dn(&input, &parsed, LDAP_DN_FORMAT_LDAP) != LDAP_SUCCESS) return std::nullopt;
  DnHandle dn(parsed);
  std::vector<std::string> rdns;
  for (LDAPRDN* rdn = dn.get(); rdn != nullptr && *rdn != nullptr; ++rdn) {
    LDAPAVA** first = *rdn;
    LDAPAVA** last = first;
    while (*last != nullptr) ++last;
    for (LDAPAVA** ava = first; ava != last; ++ava) {
      canonicalize_type_in_place((*ava)->la_attr);
      // Hex-encoded BER values (`#04...`) are binary; their bytes keep case.
      if (((*ava)->la_flags & LDAP_AVA_BINARY) == 0) lowercase_in_place((*ava)->la_value);
    }
    std::sort(first, last, [](const LDAPAVA* left, const LDAPAVA* right) {
      const auto left_key = std::pair(view(left->la_attr), view(left->la_value));
      const auto right_key = std::pair(view(right->la_attr), view(right->la_value));
      return left_key < right_key;
    });
    char* text_out = nullptr;
    if (ldap_rdn2str(*rdn, &text_out, LDAP_DN_FORMAT_LDAPV3 | LDAP_DN_PRETTY) != LDAP_SUCCESS) {
      return std::nullopt;
    }
    std::unique_ptr<char, LdapMemoryDeleter> owned(text_out);
    rdns.emplace_back(text_out);
  }
  return rdns;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// For text that is not a DN: lowercases ASCII and drops whitespace next to
// `=` and `,`, so that at least trivially different spellings still match.
std::string fallback_normalize(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=' || c == ',') {
      while (!result.empty() && is_space(result.back())) result.pop_back();
      result.push_back(c);
      while (i + 1 < text.size() && is_space(text[i + 1])) ++i;
    } else {
      result.push_back(ascii_lower(c));
    }
  }
  while (!result.empty() && is_space(result.back())) result.pop_back();
  return result;
}

}  // namespace

std::string normalize_dn(std::string_view dn) {
  std::optional<std::vector<std::string>> rdns = normalized_rdns(dn);
  if (!rdns) return fallback_normalize(dn);
  std::string result;
  for (const std::string& rdn : *rdns) {
    if (!result.empty()) result.push_back(',');
    result.append(rdn);
  }
  return result;
}

bool dn_is_within(std::string_view dn, std::string_view base) {
  std::optional<std::vector<std::string>> dn_rdns = normalized_rdns(dn);
  std::optional<std::vector<std::string>> base_rdns = normalized_rdns(base);
  if (!dn_rdns || !base_rdns || base_rdns->size() > dn_rdns->size()) return false;
  return std::equal(base_rdns->rbegin(), base_rdns->rend(), dn_rdns->rbegin());
}

}  // namespace hearth::auth
