#pragma once

#include <string>
#include <string_view>

namespace hearth::auth {

// Returns a canonical text form of the distinguished name `dn`, for comparing
// DNs (group DNs from the config against those the directory returns, an entry
// DN against user_base). Two DNs that name the same entry normalise to the same
// text when they differ only in:
//   - ASCII case of attribute types and values (`CN=Staff` == `cn=staff`);
//     non-ASCII letters are compared byte for byte;
//   - well-known attribute type aliases and OIDs (`commonName`, `2.5.4.3` ->
//     `cn`; likewise ou, o, dc, uid, c, l, st);
//   - whitespace around `=`, `,` and `+`;
//   - how special characters are escaped (`\,`, `\2C`, `\2c`, or a quoted
//     value all read as the same comma);
//   - the order of the parts of a multi-valued RDN (`cn=a+uid=b`).
// The result is an RFC 4514 string in which UTF-8 stays readable. Text that is
// not a DN (e.g. `garbage`) is not an error: it returns a best-effort form
// (ASCII lowercased, whitespace around `=` and `,` removed) that only equals
// itself. Thread-safe.
std::string normalize_dn(std::string_view dn);

// Returns true if `dn` names `base` itself or an entry below it, comparing
// whole RDNs after normalisation (so `uid=x,ou=people-old,dc=h` is not within
// `ou=people,dc=h`). Returns false if either is not a parsable DN. An empty
// `base` (the root) contains every parsable DN.
bool dn_is_within(std::string_view dn, std::string_view base);

}  // namespace hearth::auth
