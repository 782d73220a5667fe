#include "auth/login_name.h"

#include <catch2/catch.hpp>
#include <string>

namespace hearth::auth {

TEST_CASE("reduce_login_name strips domain, realm and whitespace", "[auth][login_name]") {
  CHECK(reduce_login_name("amy.chen") == "amy.chen");
  CHECK(reduce_login_name("  amy.chen \t") == "amy.chen");
  CHECK(reduce_login_name("RIVERSIDE\\amy.chen") == "amy.chen");
  CHECK(reduce_login_name("amy.chen@riverside-general.example") == "amy.chen");
  CHECK(reduce_login_name(" RIVERSIDE\\amy.chen ") == "amy.chen");
  CHECK(reduce_login_name("Amy.Chen") == "Amy.Chen");  // case is the directory's business
  CHECK(reduce_login_name("j\xc3\xb3zef") == "j\xc3\xb3zef");
  CHECK(reduce_login_name("*)(uid=*") == "*)(uid=*");  // escaped later, not rejected here
}

TEST_CASE("reduce_login_name returns nullopt when nothing usable is left", "[auth][login_name]") {
  CHECK_FALSE(reduce_login_name(""));
  CHECK_FALSE(reduce_login_name("   "));
  CHECK_FALSE(reduce_login_name("RIVERSIDE\\"));
  CHECK_FALSE(reduce_login_name("\\amy"));
  CHECK_FALSE(reduce_login_name("@riverside-general.example"));
  CHECK_FALSE(reduce_login_name("amy@"));
  CHECK_FALSE(reduce_login_name("A\\B\\amy"));
  CHECK_FALSE(reduce_login_name("amy@b@c"));
  CHECK_FALSE(reduce_login_name("A\\amy@realm"));
  CHECK_FALSE(reduce_login_name(std::string("amy\0x", 5)));
  CHECK_FALSE(reduce_login_name("amy\nchen"));
  CHECK_FALSE(reduce_login_name("amy\x7f"));
  CHECK_FALSE(reduce_login_name("amy\xc3"));      // truncated UTF-8
  CHECK_FALSE(reduce_login_name("amy\xc0\xae"));  // overlong encoding
  CHECK_FALSE(reduce_login_name("amy\xc2\x85"));  // C1 control (NEL)
  CHECK_FALSE(reduce_login_name(std::string(kMaxLoginNameBytes + 1, 'a')));
  CHECK(reduce_login_name(std::string(kMaxLoginNameBytes, 'a')));
}

}  // namespace hearth::auth
