#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hearth::auth {

// Returns the DNs of the groups that directly contain any of `group_dns`, as
// the directory spells them. May throw; the exception reaches the caller of
// expand_nested_groups().
using ParentGroupLookup = std::function<std::vector<std::string>(const std::vector<std::string>& group_dns)>;

// Returns the normalised DNs (normalize_dn()) of `direct_group_dns` followed by
// every group that contains them through nesting, breadth first, each once.
// `parents_of` is asked once per level, with the groups first reached at the
// previous level; at most `nesting_depth` levels are walked (0 = direct groups
// only; negative is treated as 0). Cycles (a group nested in itself, directly
// or not) are not an error: each group is visited once.
std::vector<std::string> expand_nested_groups(const std::vector<std::string>& direct_group_dns,
                                              int nesting_depth, const ParentGroupLookup& parents_of);

}  // namespace hearth::auth
