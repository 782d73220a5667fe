#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/schedule.h"

namespace hearth::features::groups {

enum class JoinPolicy { kOpen, kRequest, kInvitation };
enum class Visibility { kListed, kHidden };
enum class MeetingFormat { kInPerson, kVirtual, kHybrid };
enum class AudienceKind { kAllStaff, kProfessions, kDepartments };
enum class GroupStatus { kPending, kActive, kReturned, kArchived };
enum class MembershipRole { kMember, kFacilitator };
enum class MembershipStatus { kActive, kRequested, kInvited, kWaitlisted, kDeclined };

// Each enum has a stable text form (stored in the database, used in forms and
// URLs) and a label for people. from_text returns nullopt for unknown text.
std::string_view to_text(JoinPolicy value);
std::string_view to_text(Visibility value);
std::string_view to_text(MeetingFormat value);
std::string_view to_text(AudienceKind value);
std::string_view to_text(GroupStatus value);
std::string_view to_text(MembershipRole value);
std::string_view to_text(MembershipStatus value);
std::optional<JoinPolicy> join_policy_from_text(std::string_view text);
std::optional<Visibility> visibility_from_text(std::string_view text);
std::optional<MeetingFormat> meeting_format_from_text(std::string_view text);
std::optional<AudienceKind> audience_kind_from_text(std::string_view text);
std::optional<GroupStatus> group_status_from_text(std::string_view text);
std::optional<MembershipRole> membership_role_from_text(std::string_view text);
std::optional<MembershipStatus> membership_status_from_text(std::string_view text);
std::string_view label(JoinPolicy value);
std::string_view label(MeetingFormat value);
std::string_view label(AudienceKind value);
std::string_view label(Visibility value);

// The topic tags a group may carry: a fixed list so that filters work.
struct TopicTag {
  std::string_view slug;
  std::string_view label;
};
const std::vector<TopicTag>& topic_tags();
std::optional<std::string_view> tag_label(std::string_view slug);

// Everything a facilitator sets when starting or editing a group.
struct GroupDraft {
  std::string name;
  std::string slug;
  std::string focus;
  std::string description;
  AudienceKind audience_kind = AudienceKind::kAllStaff;
  std::string audience_detail;
  std::string ground_rules;
  JoinPolicy join_policy = JoinPolicy::kOpen;
  std::vector<std::string> vetting_questions;
  Visibility visibility = Visibility::kListed;
  bool members_see_member_list = false;
  std::optional<int> capacity;  // nullopt: no cap
  MeetingFormat format = MeetingFormat::kInPerson;
  std::string location;
  std::string virtual_link;
  bool place_members_only = true;
  calendar::MeetingSchedule schedule;
  std::vector<std::string> tags;  // slugs from topic_tags()
};

struct Group {
  std::int64_t id = 0;
  GroupDraft details;
  int ground_rules_version = 1;
  GroupStatus status = GroupStatus::kActive;
  std::string review_note;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  int active_members = 0;  // people with status active (facilitators included)
  int waitlisted = 0;

  const std::string& slug() const { return details.slug; }
  const std::string& name() const { return details.name; }
  bool is_full() const { return details.capacity && active_members >= *details.capacity; }
};

// One person's relation to one group.
struct Membership {
  std::int64_t group_id = 0;
  std::int64_t person_id = 0;
  MembershipRole role = MembershipRole::kMember;
  MembershipStatus status = MembershipStatus::kActive;
  int accepted_rules_version = 0;
  std::string answers;
  std::string decision_message;
  std::int64_t created_at = 0;

  bool is_active() const { return status == MembershipStatus::kActive; }
  bool is_facilitator() const { return is_active() && role == MembershipRole::kFacilitator; }
};

}  // namespace hearth::features::groups
