#include "auth/ldif.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace hearth::auth {

TEST_CASE("parse_ldif reads records, base64 values, continuations and comments", "[auth][ldif]") {
  const std::string text =
      "version: 1\n"
      "# a comment\n"
      "#  that is continued\n"
      "\n"
      "dn: uid=jozef,ou=people,dc=example\n"
      "objectClass: inetOrgPerson\n"
      "uid: jozef\n"
      "displayName:: SsOzemVmIFdpxZtuaWV3c2tp\n"
      "description: a long line that\n"
      "  is folded\n"
      "# a comment inside the record\n"
      "title:Porter\n"
      "\n"
      "\n"
      "dn:: Y249TydCcmllblwsIExpYW0gKElDVSksZGM9ZXhhbXBsZQ==\r\n"
      "changetype: add\r\n"
      "cn: O'Brien, Liam (ICU)\r\n"
      "empty:\r\n"
      "emptyBase64::\r\n";
  const std::vector<LdifRecord> records = parse_ldif(text);
  REQUIRE(records.size() == 2);

  const LdifRecord& jozef = records[0];
  CHECK(jozef.dn == "uid=jozef,ou=people,dc=example");
  CHECK(jozef.line == 5);
  CHECK(jozef.first_value("displayname") == "J\xc3\xb3zef Wi\xc5\x9bniewski");
  CHECK(jozef.first_value("description") == "a long line that is folded");
  CHECK(jozef.first_value("title") == "Porter");
  CHECK(jozef.values("OBJECTCLASS") == std::vector<std::string>{"inetOrgPerson"});
  CHECK_FALSE(jozef.first_value("mail"));
  CHECK(jozef.attributes.size() == 5);

  const LdifRecord& liam = records[1];
  CHECK(liam.dn == "cn=O'Brien\\, Liam (ICU),dc=example");
  CHECK(liam.first_value("cn") == "O'Brien, Liam (ICU)");
  CHECK_FALSE(liam.first_value("changetype"));  // accepted and dropped
  CHECK(liam.first_value("empty") == "");
  CHECK(liam.first_value("emptyBase64") == "");
}

TEST_CASE("parse_ldif keeps repeated attributes in order and decodes binary base64", "[auth][ldif]") {
  const auto records = parse_ldif(
      "dn: cn=g,dc=example\nmember: cn=a,dc=example\nmember: cn=b,dc=example\nmember: cn=c,dc=example\n"
      "blob:: AAEC/w==\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].values("member") ==
        std::vector<std::string>{"cn=a,dc=example", "cn=b,dc=example", "cn=c,dc=example"});
  CHECK(records[0].first_value("blob") == std::string("\x00\x01\x02\xff", 4));
  CHECK(parse_ldif("").empty());
  CHECK(parse_ldif("# only a comment\n\n").empty());
}

TEST_CASE("parse_ldif rejects what it does not understand, with the line", "[auth][ldif]") {
  const auto error_line = [](const std::string& text) -> std::size_t {
    try {
      parse_ldif(text);
    } catch (const LdifError& error) {
      return error.line();
    }
    return 0;
  };
  CHECK(error_line("cn: no dn first\n") == 1);
  CHECK(error_line("dn: cn=a\nno colon here\n") == 2);
  CHECK(error_line("dn: cn=a\nphoto:< file:///etc/passwd\n") == 2);
  CHECK(error_line("dn: cn=a\nchangetype: delete\n") == 2);
  CHECK(error_line("dn: cn=a\ncontrol: 1.2.3\n") == 2);
  CHECK(error_line("dn: cn=a\ncn:: not*base64\n") == 2);
  CHECK(error_line("dn: cn=a\ncn:: QQ=A\n") == 2);
  CHECK(error_line("dn: cn=a\ncn: a\ndn: cn=b\n") == 3);
  CHECK(error_line(" continuation first\n") == 1);
  CHECK(error_line("version: 2\n") == 1);
  CHECK(error_line("dn: cn=a\nbad name!: x\n") == 2);
}

TEST_CASE("the sample directory parses", "[auth][ldif]") {
  std::ifstream file(std::string(HEARTH_SOURCE_DIR) + "/ldap/sample-directory.ldif", std::ios::binary);
  REQUIRE(file);
  std::ostringstream content;
  content << file.rdbuf();
  const std::vector<LdifRecord> records = parse_ldif(content.str());
  CHECK(records.size() >= 20);
  CHECK(records.front().dn == "dc=riverside-general,dc=example");
  for (const LdifRecord& record : records) {
    INFO(record.dn);
    CHECK_FALSE(record.values("objectClass").empty());
  }
}

}  // namespace hearth::auth
