#include "features/groups/group_demo.h"

#include <map>

#include "common/log.h"
#include "features/groups/group_form.h"

namespace hearth::features::groups {
namespace {

struct DemoMember {
  const char* username;
  MembershipRole role;
  MembershipStatus status;
};

struct DemoGroup {
  const char* name;
  const char* focus;
  const char* description;
  AudienceKind audience;
  const char* audience_detail;
  JoinPolicy policy;
  std::vector<std::string> questions;
  Visibility visibility;
  std::optional<int> capacity;
  MeetingFormat format;
  const char* location;
  calendar::Recurrence recurrence;
  int interval;
  calendar::Weekday weekday;
  int week_of_month;
  calendar::LocalTime start;
  int minutes;
  std::vector<std::string> tags;
  std::vector<DemoMember> members;
};

constexpr auto kFacilitator = MembershipRole::kFacilitator;
constexpr auto kMember = MembershipRole::kMember;
constexpr auto kActive = MembershipStatus::kActive;

std::vector<DemoGroup> demo_groups() {
  using calendar::Recurrence;
  using calendar::Weekday;
  return {
      {"Nurses with chronic illness",
       "For nurses living with a long-term condition and working shifts anyway.",
       "Rheumatoid arthritis, diabetes, long COVID, lupus, migraine: we swap what helps on a 12-hour shift "
       "and "
       "how we talk to managers about it.",
       AudienceKind::kProfessions,
       "Nurses and nurse practitioners",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       12,
       MeetingFormat::kVirtual,
       "",
       Recurrence::kWeekly,
       1,
       Weekday::kTuesday,
       1,
       {19, 0},
       60,
       {"chronic-illness"},
       {{"liam.obrien", kFacilitator, kActive}, {"amy.chen", kMember, kActive}}},
      {"ER stress debrief",
       "A place for emergency department staff to put down a hard run of shifts.",
       "Short, structured check-ins. No fixing, no advice unless asked.",
       AudienceKind::kDepartments,
       "Emergency Department",
       JoinPolicy::kRequest,
       {"What would you like from the group?",
        "Is there anything the facilitators should know to make it safe "
        "for you?"},
       Visibility::kListed,
       10,
       MeetingFormat::kInPerson,
       "ED staff lounge, 2nd floor",
       Recurrence::kWeekly,
       2,
       Weekday::kThursday,
       1,
       {7, 30},
       45,
       {"burnout", "second-victim"},
       {{"ben.okafor", kFacilitator, kActive}}},
      {"Parents on night shift",
       "Parents who work nights, comparing notes on sleep, childcare and guilt.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       std::nullopt,
       MeetingFormat::kHybrid,
       "Family room, Maternity, level 3",
       Recurrence::kMonthlyByWeekday,
       1,
       Weekday::kWednesday,
       2,
       {10, 0},
       60,
       {"parenting", "night-shift"},
       {{"priya.shah", kFacilitator, kActive}, {"tomas.berg", kMember, kActive}}},
      {"Grief and loss circle",
       "For staff grieving a colleague, a patient they were close to, or someone at home.",
       "We meet in the chapel's quiet room. Come and listen if you don't want to speak.",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kRequest,
       {"What brings you to the circle?"},
       Visibility::kListed,
       8,
       MeetingFormat::kInPerson,
       "Chapel quiet room, ground floor",
       Recurrence::kMonthlyByWeekday,
       1,
       Weekday::kMonday,
       -1,
       {17, 30},
       75,
       {"grief"},
       {{"noor.haddad", kFacilitator, kActive}}},
      {"New graduate nurses",
       "Your first year on the wards: questions you can't ask anywhere else.",
       "",
       AudienceKind::kProfessions,
       "Nurses in their first two years",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       12,
       MeetingFormat::kInPerson,
       "Education centre, room 2",
       Recurrence::kWeekly,
       1,
       Weekday::kFriday,
       1,
       {15, 0},
       60,
       {"new-graduates"},
       {{"liam.obrien", kFacilitator, kActive}, {"carmen.diaz", kMember, kActive}}},
      {"Clinicians with ADHD",
       "Staff with ADHD (diagnosed or wondering) sharing strategies for charting, "
       "handovers and everything else.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       12,
       MeetingFormat::kVirtual,
       "",
       Recurrence::kWeekly,
       1,
       Weekday::kWednesday,
       1,
       {20, 0},
       60,
       {"neurodiversity"},
       {{"tomas.berg", kFacilitator, kActive}}},
      {"Moral distress rounds",
       "When you knew the right thing to do and couldn't do it.",
       "A facilitated conversation, in the spirit of Schwartz Rounds, for any role.",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       std::nullopt,
       MeetingFormat::kHybrid,
       "Boardroom B, admin block",
       Recurrence::kMonthlyByWeekday,
       1,
       Weekday::kThursday,
       1,
       {12, 0},
       60,
       {"moral-distress", "burnout"},
       {{"noor.haddad", kFacilitator, kActive}, {"dana.lee", kMember, kActive}}},
      {"Recovery peer circle",
       "Confidential peer support for staff in recovery from substance use.",
       "Invitation only, and hidden from the directory. Ask a facilitator or the peer-support program.",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kInvitation,
       {},
       Visibility::kHidden,
       10,
       MeetingFormat::kInPerson,
       "Room given to members",
       Recurrence::kWeekly,
       1,
       Weekday::kMonday,
       1,
       {18, 30},
       60,
       {"recovery"},
       {{"ben.okafor", kFacilitator, kActive}, {"jozef.wisniewski", kMember, kActive}}},
      {"Mindful mornings",
       "Fifteen quiet minutes of guided breathing before the day shift.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       3,
       MeetingFormat::kVirtual,
       "",
       Recurrence::kWeekly,
       1,
       Weekday::kTuesday,
       1,
       {7, 0},
       15,
       {"mindfulness"},
       {{"tomas.berg", kFacilitator, kActive},
        {"amy.chen", kMember, kActive},
        {"priya.shah", kMember, kActive},
        {"jozef.wisniewski", kMember, MembershipStatus::kWaitlisted}}},
      {"Caring for ageing parents",
       "Staff juggling shifts with caring for a parent or relative.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       12,
       MeetingFormat::kVirtual,
       "",
       Recurrence::kWeekly,
       2,
       Weekday::kMonday,
       1,
       {19, 30},
       60,
       {"caregivers"},
       {{"dana.lee", kFacilitator, kActive}}},
      {"After an adverse event",
       "Support for clinicians involved in a serious incident or unexpected outcome.",
       "Second-victim peer support. What is said here is not part of any review.",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kRequest,
       {"Would you prefer to meet one-to-one first?"},
       Visibility::kListed,
       6,
       MeetingFormat::kInPerson,
       "Wellbeing hub, room 4",
       Recurrence::kWeekly,
       1,
       Weekday::kThursday,
       1,
       {16, 0},
       60,
       {"second-victim"},
       {{"noor.haddad", kFacilitator, kActive}}},
      {"International staff network",
       "Colleagues who trained abroad: settling in, visas, food from home.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kOpen,
       {},
       Visibility::kListed,
       std::nullopt,
       MeetingFormat::kInPerson,
       "Staff restaurant, window tables",
       Recurrence::kMonthlyByWeekday,
       1,
       Weekday::kSaturday,
       3,
       {11, 0},
       90,
       {"international-staff"},
       {{"jozef.wisniewski", kFacilitator, kActive}, {"carmen.diaz", kMember, kActive}}},
      {"LGBTQ+ staff peer group",
       "A welcoming space for lesbian, gay, bi, trans and queer staff.",
       "",
       AudienceKind::kAllStaff,
       "",
       JoinPolicy::kRequest,
       {"How did you hear about the group?"},
       Visibility::kListed,
       15,
       MeetingFormat::kHybrid,
       "Wellbeing hub, room 2",
       Recurrence::kMonthlyByWeekday,
       1,
       Weekday::kTuesday,
       2,
       {18, 0},
       60,
       {"lgbtq"},
       {{"carmen.diaz", kFacilitator, kActive}}},
  };
}

}  // namespace

void seed_demo_groups(GroupStore& store, auth::PersonStore& people_store,
                      const std::vector<auth::DirectoryPerson>& people, std::int64_t now) {
  auto& database = store.connection();
  {
    auto existing = database.query("SELECT 1 FROM peer_group LIMIT 1");
    if (existing.step()) return;
  }
  storage::Transaction transaction(database);
  std::map<std::string, std::int64_t> ids;
  auth::RoleSet staff;
  staff.insert(auth::Role::kStaff);
  for (const auto& person : people) ids[person.username] = people_store.upsert(person, staff, now);

  int created = 0;
  std::int64_t order = 0;
  for (const auto& demo : demo_groups()) {
    GroupDraft draft;
    draft.name = demo.name;
    draft.slug = slug_from_name(demo.name);
    draft.focus = demo.focus;
    draft.description = demo.description;
    draft.audience_kind = demo.audience;
    draft.audience_detail = demo.audience_detail;
    draft.ground_rules = std::string(default_ground_rules());
    draft.join_policy = demo.policy;
    draft.vetting_questions = demo.questions;
    draft.visibility = demo.visibility;
    draft.capacity = demo.capacity;
    draft.format = demo.format;
    draft.location = demo.location;
    if (demo.format != MeetingFormat::kInPerson) draft.virtual_link = "https://meet.example.org/hearth-demo";
    draft.place_members_only = true;
    draft.schedule.recurrence = demo.recurrence;
    draft.schedule.interval = demo.interval;
    draft.schedule.weekday = demo.weekday;
    draft.schedule.week_of_month = demo.week_of_month;
    draft.schedule.first_date = {2026, 1, 5};
    draft.schedule.start_time = demo.start;
    draft.schedule.duration_minutes = demo.minutes;
    draft.tags = demo.tags;
    const auto facilitator = ids.find(demo.members.front().username);
    const auto group_id = store.insert(
        draft, GroupStatus::kActive,
        facilitator == ids.end() ? std::nullopt : std::optional<std::int64_t>(facilitator->second), now);
    for (const auto& member : demo.members) {
      const auto found = ids.find(member.username);
      if (found == ids.end()) continue;
      Membership membership;
      membership.group_id = group_id;
      membership.person_id = found->second;
      membership.role = member.role;
      membership.status = member.status;
      membership.accepted_rules_version = 1;
      membership.created_at = now + order++;  // keeps the waiting list in seeding order
      store.save_membership(membership, now);
    }
    ++created;
  }
  transaction.commit();
  log::info("demo: seeded {} peer groups", created);
}

}  // namespace hearth::features::groups
