#include "features/groups/group_model.h"

#include <algorithm>

#include "common/enum_text.h"

namespace hearth::features::groups {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr std::array kJoinPolicies = {std::pair{JoinPolicy::kOpen, std::string_view("open")},
                                      std::pair{JoinPolicy::kRequest, std::string_view("request")},
                                      std::pair{JoinPolicy::kInvitation, std::string_view("invitation")}};
constexpr std::array kVisibilities = {std::pair{Visibility::kListed, std::string_view("listed")},
                                      std::pair{Visibility::kHidden, std::string_view("hidden")}};
constexpr std::array kFormats = {std::pair{MeetingFormat::kInPerson, std::string_view("in_person")},
                                 std::pair{MeetingFormat::kVirtual, std::string_view("virtual")},
                                 std::pair{MeetingFormat::kHybrid, std::string_view("hybrid")}};
constexpr std::array kAudiences = {std::pair{AudienceKind::kAllStaff, std::string_view("all_staff")},
                                   std::pair{AudienceKind::kProfessions, std::string_view("professions")},
                                   std::pair{AudienceKind::kDepartments, std::string_view("departments")}};
constexpr std::array kStatuses = {std::pair{GroupStatus::kPending, std::string_view("pending")},
                                  std::pair{GroupStatus::kActive, std::string_view("active")},
                                  std::pair{GroupStatus::kReturned, std::string_view("returned")},
                                  std::pair{GroupStatus::kArchived, std::string_view("archived")}};
constexpr std::array kRoles = {std::pair{MembershipRole::kMember, std::string_view("member")},
                               std::pair{MembershipRole::kFacilitator, std::string_view("facilitator")}};
constexpr std::array kMembershipStatuses = {
    std::pair{MembershipStatus::kActive, std::string_view("active")},
    std::pair{MembershipStatus::kRequested, std::string_view("requested")},
    std::pair{MembershipStatus::kInvited, std::string_view("invited")},
    std::pair{MembershipStatus::kWaitlisted, std::string_view("waitlisted")},
    std::pair{MembershipStatus::kDeclined, std::string_view("declined")}};

}  // namespace

std::string_view to_text(JoinPolicy value) {
  return text_of(kJoinPolicies, value);
}
std::string_view to_text(Visibility value) {
  return text_of(kVisibilities, value);
}
std::string_view to_text(MeetingFormat value) {
  return text_of(kFormats, value);
}
std::string_view to_text(AudienceKind value) {
  return text_of(kAudiences, value);
}
std::string_view to_text(GroupStatus value) {
  return text_of(kStatuses, value);
}
std::string_view to_text(MembershipRole value) {
  return text_of(kRoles, value);
}
std::string_view to_text(MembershipStatus value) {
  return text_of(kMembershipStatuses, value);
}
std::optional<JoinPolicy> join_policy_from_text(std::string_view text) {
  return value_of(kJoinPolicies, text);
}
std::optional<Visibility> visibility_from_text(std::string_view text) {
  return value_of(kVisibilities, text);
}
std::optional<MeetingFormat> meeting_format_from_text(std::string_view text) {
  return value_of(kFormats, text);
}
std::optional<AudienceKind> audience_kind_from_text(std::string_view text) {
  return value_of(kAudiences, text);
}
std::optional<GroupStatus> group_status_from_text(std::string_view text) {
  return value_of(kStatuses, text);
}
std::optional<MembershipRole> membership_role_from_text(std::string_view text) {
  return value_of(kRoles, text);
}
std::optional<MembershipStatus> membership_status_from_text(std::string_view text) {
  return value_of(kMembershipStatuses, text);
}

std::string_view label(JoinPolicy value) {
  switch (value) {
    case JoinPolicy::kOpen: return "Open: join at once";
    case JoinPolicy::kRequest: return "By request: facilitators review a short request";
    case JoinPolicy::kInvitation: return "Invitation only";
  }
  return "";
}

std::string_view label(MeetingFormat value) {
  switch (value) {
    case MeetingFormat::kInPerson: return "In person";
    case MeetingFormat::kVirtual: return "Virtual";
    case MeetingFormat::kHybrid: return "Hybrid";
  }
  return "";
}

std::string_view label(AudienceKind value) {
  switch (value) {
    case AudienceKind::kAllStaff: return "All staff";
    case AudienceKind::kProfessions: return "Certain professions";
    case AudienceKind::kDepartments: return "Certain departments";
  }
  return "";
}

std::string_view label(Visibility value) {
  return value == Visibility::kListed ? "Listed: staff can find it in the directory"
                                      : "Hidden: only members and invited people see it";
}

const std::vector<TopicTag>& topic_tags() {
  static const std::vector<TopicTag> tags = {
      {"burnout", "Burnout and stress"},
      {"grief", "Grief and loss"},
      {"chronic-illness", "Chronic illness"},
      {"parenting", "Parenting"},
      {"moral-distress", "Moral distress"},
      {"new-graduates", "New graduates"},
      {"recovery", "Substance use recovery"},
      {"second-victim", "After an adverse event"},
      {"night-shift", "Night shift"},
      {"neurodiversity", "ADHD and neurodiversity"},
      {"caregivers", "Caring for family"},
      {"mindfulness", "Mindfulness"},
      {"lgbtq", "LGBTQ+ staff"},
      {"international-staff", "International staff"},
  };
  return tags;
}

std::optional<std::string_view> tag_label(std::string_view slug) {
  const auto& tags = topic_tags();
  const auto found =
      std::find_if(tags.begin(), tags.end(), [&](const TopicTag& tag) { return tag.slug == slug; });
  if (found == tags.end()) return std::nullopt;
  return found->label;
}

}  // namespace hearth::features::groups
