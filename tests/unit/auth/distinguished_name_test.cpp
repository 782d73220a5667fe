#include "auth/distinguished_name.h"

#include <catch2/catch.hpp>

namespace hearth::auth {

TEST_CASE("normalize_dn ignores case, spacing and escaping style", "[auth][dn]") {
  const std::string expected = "cn=hearth-staff,ou=groups,dc=riverside-general,dc=example";
  CHECK(normalize_dn("cn=hearth-staff,ou=groups,dc=riverside-general,dc=example") == expected);
  CHECK(normalize_dn("CN=Hearth-Staff,OU=Groups,DC=Riverside-General,DC=Example") == expected);
  CHECK(normalize_dn("cn = hearth-staff , ou=groups,  dc=riverside-general,dc=example") == expected);
  CHECK(
      normalize_dn("commonName=hearth-staff,organizationalUnitName=groups,dc=riverside-general,dc=example") ==
      expected);
  CHECK(normalize_dn("2.5.4.3=hearth-staff,2.5.4.11=groups,dc=riverside-general,dc=example") == expected);
}

TEST_CASE("normalize_dn treats every spelling of an escaped comma alike", "[auth][dn]") {
  const std::string ad_style =
      normalize_dn("CN=O'Brien\\, Liam (ICU),OU=People,DC=riverside-general,DC=example");
  CHECK(normalize_dn("cn=O'Brien\\2C Liam (ICU),ou=people,dc=riverside-general,dc=example") == ad_style);
  CHECK(normalize_dn("cn=o'brien\\2c liam (icu),ou=people,dc=riverside-general,dc=example") == ad_style);
  CHECK(normalize_dn("cn=\"O'Brien, Liam (ICU)\",ou=people,dc=riverside-general,dc=example") == ad_style);
  // The escaped comma stays part of the value: it is not an RDN separator.
  CHECK(ad_style == "cn=o'brien\\2C liam (icu),ou=people,dc=riverside-general,dc=example");
  CHECK(normalize_dn("cn=O'Brien,Liam (ICU),ou=people,dc=riverside-general,dc=example") != ad_style);
}

TEST_CASE("normalize_dn keeps UTF-8 readable and compares it byte for byte", "[auth][dn]") {
  CHECK(normalize_dn("CN=J\xc3\xb3zef Wi\xc5\x9bniewski,DC=example") ==
        "cn=j\xc3\xb3zef wi\xc5\x9bniewski,dc=example");
  CHECK(normalize_dn("cn=J\\C3\\B3zef,dc=example") == normalize_dn("cn=j\xc3\xb3zef,dc=example"));
}

TEST_CASE("normalize_dn orders multi-valued RDNs", "[auth][dn]") {
  CHECK(normalize_dn("uid=b+cn=a,dc=example") == normalize_dn("CN=A+UID=B,dc=example"));
}

TEST_CASE("normalize_dn falls back for text that is not a DN", "[auth][dn]") {
  CHECK(normalize_dn("Not A DN") == "not a dn");
  CHECK(normalize_dn("cn=x,,dc=Y") == "cn=x,,dc=y");
  CHECK(normalize_dn("") == "");
}

TEST_CASE("dn_is_within compares whole RDNs", "[auth][dn]") {
  const std::string base = "ou=people,dc=riverside-general,dc=example";
  CHECK(dn_is_within("uid=amy.chen,ou=people,dc=riverside-general,dc=example", base));
  CHECK(dn_is_within("UID=amy.chen,OU=People,DC=Riverside-General,DC=Example", base));
  CHECK(dn_is_within("cn=O'Brien\\2C Liam (ICU),ou=people,dc=riverside-general,dc=example", base));
  CHECK(dn_is_within(base, base));
  CHECK(dn_is_within("uid=x,ou=deep,ou=people,dc=riverside-general,dc=example", base));
  CHECK_FALSE(dn_is_within("uid=eve,ou=people-old,dc=riverside-general,dc=example", base));
  CHECK_FALSE(dn_is_within("uid=eve,ou=services,dc=riverside-general,dc=example", base));
  CHECK_FALSE(dn_is_within("uid=eve,ou=people,dc=evil,dc=example", base));
  CHECK_FALSE(dn_is_within("dc=example", base));
  // An RDN value that merely ends like the base is not below it.
  CHECK_FALSE(dn_is_within("cn=x\\,ou=people,dc=riverside-general,dc=example", base));
  CHECK_FALSE(dn_is_within("", base));
  CHECK_FALSE(dn_is_within("garbage", base));
  CHECK(dn_is_within("uid=anyone,dc=example", ""));
}

}  // namespace hearth::auth
