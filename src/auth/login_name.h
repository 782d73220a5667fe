#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hearth::auth {

// The longest bare login name accepted, in bytes. AD's sAMAccountName is at
// most 20 characters; this leaves room for uid values of other directories.
inline constexpr std::size_t kMaxLoginNameBytes = 256;

// Reduces what a person typed into the username field to the bare login name:
// surrounding whitespace is trimmed, `DOMAIN\user` becomes `user` and
// `user@realm` becomes `user`. Case is preserved (the directory decides how
// names compare).
//
// Returns nullopt (not an error) when nothing usable is left: empty input, an
// empty part around the separator (`DOMAIN\`, `@realm`), more than one
// separator (`a\b\c`, `a@b@c`, `A\b@c`), control characters (NUL, newline,
// tab...), invalid UTF-8, or more than kMaxLoginNameBytes.
std::optional<std::string> reduce_login_name(std::string_view typed);

}  // namespace hearth::auth
