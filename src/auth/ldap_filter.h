#pragma once

#include <string>
#include <string_view>

namespace hearth::auth {

// Returns `value` escaped for use as an assertion value inside an LDAP search
// filter (RFC 4515): `*`, `(`, `)`, `\`, NUL and every byte outside 7-bit
// ASCII become `\xx` hex escapes, so the server sees exactly the bytes of
// `value` (UTF-8 included) and nothing in it can change the filter's meaning.
// An empty value returns an empty string.
std::string escape_filter_value(std::string_view value);

// Returns `filter_template` with every `{username}` replaced by
// escape_filter_value(username). Text outside the placeholders is copied
// unchanged; a template without a placeholder is returned as is.
std::string substitute_username(std::string_view filter_template, std::string_view username);

}  // namespace hearth::auth
