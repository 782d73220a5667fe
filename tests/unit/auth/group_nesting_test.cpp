#include "auth/group_nesting.h"

#include <catch2/catch.hpp>
#include <map>

#include "auth/distinguished_name.h"

namespace hearth::auth {
namespace {

// child group -> the groups that contain it
using Parents = std::map<std::string, std::vector<std::string>>;

struct RecordingLookup {
  Parents parents;
  std::vector<std::vector<std::string>> calls;

  std::vector<std::string> operator()(const std::vector<std::string>& groups) {
    calls.push_back(groups);
    std::vector<std::string> result;
    for (const std::string& group : groups) {
      const auto found = parents.find(normalize_dn(group));
      if (found != parents.end()) result.insert(result.end(), found->second.begin(), found->second.end());
    }
    return result;
  }
};

}  // namespace

TEST_CASE("expand_nested_groups walks parents breadth first, one lookup per level", "[auth][groups]") {
  RecordingLookup lookup;
  lookup.parents = {
      {"cn=icu-peer,dc=h", {"CN=Peer,DC=h"}},
      {"cn=peer,dc=h", {"cn=all-supporters,dc=h"}},
  };
  const auto expanded = expand_nested_groups({"cn=ICU-Peer,dc=h", "cn=staff,dc=h"}, 5, std::ref(lookup));
  CHECK(expanded == std::vector<std::string>{"cn=icu-peer,dc=h", "cn=staff,dc=h", "cn=peer,dc=h",
                                             "cn=all-supporters,dc=h"});
  REQUIRE(lookup.calls.size() == 3);
  CHECK(lookup.calls[0] == std::vector<std::string>{"cn=ICU-Peer,dc=h", "cn=staff,dc=h"});
  CHECK(lookup.calls[1] == std::vector<std::string>{"CN=Peer,DC=h"});
  CHECK(lookup.calls[2] == std::vector<std::string>{"cn=all-supporters,dc=h"});
}

TEST_CASE("expand_nested_groups stops at the depth limit", "[auth][groups]") {
  RecordingLookup lookup;
  lookup.parents = {{"cn=a,dc=h", {"cn=b,dc=h"}}, {"cn=b,dc=h", {"cn=c,dc=h"}}};
  CHECK(expand_nested_groups({"cn=a,dc=h"}, 0, std::ref(lookup)) == std::vector<std::string>{"cn=a,dc=h"});
  CHECK(lookup.calls.empty());
  CHECK(expand_nested_groups({"cn=a,dc=h"}, 1, std::ref(lookup)) ==
        std::vector<std::string>{"cn=a,dc=h", "cn=b,dc=h"});
  CHECK(expand_nested_groups({"cn=a,dc=h"}, -3, std::ref(lookup)) == std::vector<std::string>{"cn=a,dc=h"});
}

TEST_CASE("expand_nested_groups survives cycles and duplicates", "[auth][groups]") {
  RecordingLookup lookup;
  lookup.parents = {
      {"cn=a,dc=h", {"cn=b,dc=h", "CN=A,DC=H"}},
      {"cn=b,dc=h", {"cn=a,dc=h", "cn=b,dc=h"}},
  };
  const auto expanded = expand_nested_groups({"cn=a,dc=h", "cn=A,dc=h"}, 100, std::ref(lookup));
  CHECK(expanded == std::vector<std::string>{"cn=a,dc=h", "cn=b,dc=h"});
  CHECK(lookup.calls.size() == 2);  // a, then b; nothing new after that
}

}  // namespace hearth::auth
