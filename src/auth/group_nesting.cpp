#include "auth/group_nesting.h"

#include <unordered_set>

#include "auth/distinguished_name.h"

namespace hearth::auth {

std::vector<std::string> expand_nested_groups(const std::vector<std::string>& direct_group_dns,
                                              int nesting_depth, const ParentGroupLookup& parents_of) {
  std::vector<std::string> result;
  std::unordered_set<std::string> seen;
  std::vector<std::string> frontier;
  const auto visit = [&](const std::string& dn) {
    std::string normalized = normalize_dn(dn);
    if (!seen.insert(normalized).second) return;
    result.push_back(std::move(normalized));
    frontier.push_back(dn);
  };
  for (const std::string& dn : direct_group_dns) visit(dn);
  for (int level = 0; level < nesting_depth && !frontier.empty(); ++level) {
    const std::vector<std::string> current = std::move(frontier);
    frontier.clear();
    for (const std::string& parent : parents_of(current)) visit(parent);
  }
  return result;
}

}  // namespace hearth::auth
