#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/groups/group_model.h"
#include "storage/database.h"

namespace hearth::features::groups {

// Filters of the group directory. Empty / unset fields do not filter.
struct GroupSearch {
  std::string text;               // full-text, any words, prefix-matched
  std::vector<std::string> tags;  // groups with any of these tags
  std::optional<AudienceKind> audience;
  std::optional<MeetingFormat> format;
  std::optional<calendar::Weekday> weekday;
  bool has_room = false;
  int page = 1;  // 1-based
  int page_size = 20;
};

struct GroupPage {
  std::vector<Group> groups;
  int total = 0;  // matching groups over all pages
};

// A member as shown on the member list (facilitators' view).
struct MemberRow {
  Membership membership;
  std::string display_name;
  std::string username;
  std::string department;
};

// A group with the viewer's membership, for "My groups".
struct GroupWithMembership {
  Group group;
  Membership membership;
};

// SQL for groups, tags, memberships and the search index. Every method uses
// the calling thread's connection; methods that write several tables do so
// in one transaction. Callers that need a read-check-write sequence to be
// atomic (capacity) wrap it in a storage::Transaction on connection().
class GroupStore {
 public:
  explicit GroupStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  // Returns the new group's id. The slug must be free (see slug_exists).
  std::int64_t insert(const GroupDraft& draft, GroupStatus status, std::optional<std::int64_t> created_by,
                      std::int64_t now);
  enum class RulesChange { kUnchanged, kChanged };
  // Replaces the group's details; kChanged bumps ground_rules_version so that
  // members are asked to accept the rules again.
  void update(std::int64_t group_id, const GroupDraft& draft, RulesChange rules_change, std::int64_t now);
  void set_status(std::int64_t group_id, GroupStatus status, std::string_view review_note, std::int64_t now);

  // nullopt if no group has that slug (any status).
  std::optional<Group> find_by_slug(std::string_view slug);
  std::optional<Group> find(std::int64_t group_id);
  bool slug_exists(std::string_view slug);

  // Active, listed groups matching `search`, ordered by name.
  GroupPage search(const GroupSearch& search);
  std::vector<Group> with_status(GroupStatus status);
  // Active listed groups with room that `person_id` has no relation to, for suggestions.
  std::vector<Group> suggestions_for(std::int64_t person_id, int limit);

  std::optional<Membership> membership(std::int64_t group_id, std::int64_t person_id);
  // Inserts or replaces the row for (group, person).
  void save_membership(const Membership& membership, std::int64_t now);
  // Not an error if there is no such row.
  void delete_membership(std::int64_t group_id, std::int64_t person_id);
  int count_with_status(std::int64_t group_id, MembershipStatus status);
  int count_facilitators(std::int64_t group_id);
  // The longest-waiting person on the waiting list, if any.
  std::optional<Membership> first_waitlisted(std::int64_t group_id);
  // Every row of the group: facilitators first, people waiting in queue
  // order, everyone else by name.
  std::vector<MemberRow> members(std::int64_t group_id);
  std::vector<GroupWithMembership> groups_of(std::int64_t person_id);
  // Display names of the group's active facilitators.
  std::vector<std::string> facilitator_names(std::int64_t group_id);

 private:
  void write_tags_and_index(storage::Database& database, std::int64_t group_id, const GroupDraft& draft);

  storage::ConnectionPool& pool_;
};

// Turns what a person typed into an FTS5 query that matches every word as a
// prefix ("burn out" -> "burn"* "out"*). Returns "" when nothing searchable
// is left. Never produces FTS syntax errors, whatever the input.
std::string fts_query(std::string_view text);

}  // namespace hearth::features::groups
