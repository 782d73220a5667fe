#include "features/groups/group_store.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "common/error.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::groups {
namespace {

using testing::add_person;
using testing::sample_draft;

constexpr std::int64_t kNow = 1'750'000'000;

struct StoreFixture {
  hearth::testing::MigratedDatabase database;
  auth::PersonStore people{database.pool()};
  GroupStore store{database.pool()};
  std::int64_t owner = add_person(people, "owner", "Olive Owner");

  std::int64_t insert(const GroupDraft& draft, GroupStatus status = GroupStatus::kActive,
                      std::int64_t now = kNow) {
    return store.insert(draft, status, owner, now);
  }

  void relate(std::int64_t group_id, std::int64_t person_id, MembershipStatus status,
              MembershipRole role = MembershipRole::kMember, std::int64_t created_at = kNow) {
    Membership membership;
    membership.group_id = group_id;
    membership.person_id = person_id;
    membership.role = role;
    membership.status = status;
    membership.accepted_rules_version = 1;
    membership.created_at = created_at;
    store.save_membership(membership, created_at);
  }

  // Fills the group with `count` new active members.
  void add_members(std::int64_t group_id, int count, const std::string& prefix) {
    for (int i = 0; i < count; ++i) {
      const auto person =
          add_person(people, prefix + std::to_string(i), "Member " + prefix + std::to_string(i));
      relate(group_id, person, MembershipStatus::kActive);
    }
  }
};

// GroupSearch filters, built up one at a time.
class Filters {
 public:
  Filters& text(std::string value) {
    search_.text = std::move(value);
    return *this;
  }
  Filters& tags(std::vector<std::string> value) {
    search_.tags = std::move(value);
    return *this;
  }
  Filters& audience(AudienceKind value) {
    search_.audience = value;
    return *this;
  }
  Filters& format(MeetingFormat value) {
    search_.format = value;
    return *this;
  }
  Filters& weekday(calendar::Weekday value) {
    search_.weekday = value;
    return *this;
  }
  Filters& with_room() {
    search_.has_room = true;
    return *this;
  }
  Filters& page(int number, int size) {
    search_.page = number;
    search_.page_size = size;
    return *this;
  }
  operator GroupSearch() const { return search_; }  // NOLINT: implicit by design

 private:
  GroupSearch search_;
};

std::vector<std::string> names_of(const std::vector<Group>& groups) {
  std::vector<std::string> names;
  for (const auto& group : groups) names.push_back(group.name());
  return names;
}

std::vector<std::string> sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

void check_same_draft(const GroupDraft& actual, const GroupDraft& expected) {
  CHECK(actual.name == expected.name);
  CHECK(actual.slug == expected.slug);
  CHECK(actual.focus == expected.focus);
  CHECK(actual.description == expected.description);
  CHECK(actual.audience_kind == expected.audience_kind);
  CHECK(actual.audience_detail == expected.audience_detail);
  CHECK(actual.ground_rules == expected.ground_rules);
  CHECK(actual.join_policy == expected.join_policy);
  CHECK(actual.vetting_questions == expected.vetting_questions);
  CHECK(actual.visibility == expected.visibility);
  CHECK(actual.members_see_member_list == expected.members_see_member_list);
  CHECK(actual.capacity == expected.capacity);
  CHECK(actual.format == expected.format);
  CHECK(actual.location == expected.location);
  CHECK(actual.virtual_link == expected.virtual_link);
  CHECK(actual.place_members_only == expected.place_members_only);
  CHECK(actual.schedule.recurrence == expected.schedule.recurrence);
  CHECK(actual.schedule.interval == expected.schedule.interval);
  CHECK(actual.schedule.weekday == expected.schedule.weekday);
  CHECK(actual.schedule.week_of_month == expected.schedule.week_of_month);
  CHECK(actual.schedule.first_date == expected.schedule.first_date);
  CHECK(actual.schedule.start_time == expected.schedule.start_time);
  CHECK(actual.schedule.duration_minutes == expected.schedule.duration_minutes);
  CHECK(actual.schedule == expected.schedule);
  // The order of topics carries no meaning; the set must survive.
  CHECK(sorted(actual.tags) == sorted(expected.tags));
}

// A draft that differs from sample_draft() in every field.
GroupDraft unusual_draft() {
  GroupDraft draft;
  draft.name = "Pères de nuit — \"on call\" & 'off'";
  draft.slug = "peres-de-nuit";
  draft.focus = "Fathers working nights 🌙";
  draft.description = "Line one.\nLine two, with a comma.\n\nLine four.";
  draft.audience_kind = AudienceKind::kProfessions;
  draft.audience_detail = "Nurses, Porters";
  draft.ground_rules = "Rule one.\nRule two; DROP TABLE peer_group; --";
  draft.join_policy = JoinPolicy::kRequest;
  draft.vetting_questions = {"Why join?", "Which ward, if any?", "Anything else — at all?"};
  draft.visibility = Visibility::kHidden;
  draft.members_see_member_list = true;
  draft.capacity = 25;
  draft.format = MeetingFormat::kHybrid;
  draft.location = "Room 4B, West Wing";
  draft.virtual_link = "https://meet.example.org/j/123?pwd=a,b";
  draft.place_members_only = false;
  draft.schedule.recurrence = calendar::Recurrence::kMonthlyByWeekday;
  draft.schedule.interval = 1;
  draft.schedule.weekday = calendar::Weekday::kFriday;
  draft.schedule.week_of_month = -1;
  draft.schedule.first_date = {2026, 1, 30};
  draft.schedule.start_time = {7, 5};
  draft.schedule.duration_minutes = 45;
  draft.tags = {"night-shift", "parenting", "grief"};
  return draft;
}

}  // namespace

// ---- Insert, find, update ---------------------------------------------------

TEST_CASE("a group inserted and found by slug keeps every field", "[groups][store]") {
  StoreFixture fixture;
  const auto draft = unusual_draft();
  const auto id = fixture.insert(draft, GroupStatus::kPending, kNow);
  const auto found = fixture.store.find_by_slug("peres-de-nuit");
  REQUIRE(found);
  CHECK(found->id == id);
  check_same_draft(found->details, draft);
  CHECK(found->status == GroupStatus::kPending);
  CHECK(found->ground_rules_version == 1);
  CHECK(found->created_by == fixture.owner);
  CHECK(found->created_at == kNow);
  CHECK(found->updated_at == kNow);
  CHECK(found->review_note.empty());
  CHECK(found->active_members == 0);
  CHECK(found->waitlisted == 0);

  const auto by_id = fixture.store.find(id);
  REQUIRE(by_id);
  check_same_draft(by_id->details, draft);
}

TEST_CASE("a group with no size cap, no questions and no tags round-trips too", "[groups][store]") {
  StoreFixture fixture;
  auto draft = sample_draft("Plain group", "plain-group");
  CHECK_FALSE(draft.capacity);
  fixture.insert(draft);
  const auto found = fixture.store.find_by_slug("plain-group");
  REQUIRE(found);
  check_same_draft(found->details, draft);
  CHECK_FALSE(found->details.capacity);
  CHECK(found->details.vetting_questions.empty());
  CHECK(found->details.tags.empty());
  CHECK_FALSE(found->is_full());
}

TEST_CASE("finding an unknown slug or id gives nothing", "[groups][store]") {
  StoreFixture fixture;
  fixture.insert(sample_draft("Plain group", "plain-group"));
  CHECK_FALSE(fixture.store.find_by_slug("plain"));
  CHECK_FALSE(fixture.store.find_by_slug("PLAIN-GROUP"));
  CHECK_FALSE(fixture.store.find_by_slug("plain-group' OR '1'='1"));
  CHECK_FALSE(fixture.store.find(999));
  CHECK(fixture.store.slug_exists("plain-group"));
  CHECK_FALSE(fixture.store.slug_exists("plain-group2"));
}

TEST_CASE("a second group with a taken slug is refused by the database", "[groups][store]") {
  StoreFixture fixture;
  fixture.insert(sample_draft("Plain group", "plain-group"));
  CHECK_THROWS_AS(fixture.insert(sample_draft("Another", "plain-group")), Error);
  // The failed insert left nothing behind in the search index or tags.
  CHECK(fixture.store.search(Filters().text("another")).total == 0);
}

TEST_CASE("updating with changed rules bumps the rules version; unchanged rules do not", "[groups][store]") {
  StoreFixture fixture;
  const auto id = fixture.insert(sample_draft("Plain group", "plain-group"));

  auto draft = unusual_draft();
  draft.visibility = Visibility::kListed;
  fixture.store.update(id, draft, GroupStore::RulesChange::kChanged, kNow + 60);
  auto found = fixture.store.find(id);
  REQUIRE(found);
  check_same_draft(found->details, draft);
  CHECK(found->ground_rules_version == 2);
  CHECK(found->updated_at == kNow + 60);
  CHECK(found->created_at == kNow);

  draft.name = "Renamed group";
  draft.tags = {"burnout"};
  fixture.store.update(id, draft, GroupStore::RulesChange::kUnchanged, kNow + 120);
  found = fixture.store.find(id);
  REQUIRE(found);
  CHECK(found->ground_rules_version == 2);
  CHECK(found->name() == "Renamed group");
  CHECK(found->details.tags == std::vector<std::string>{"burnout"});

  // The search index follows the update.
  CHECK(names_of(fixture.store.search(Filters().text("renamed")).groups) ==
        std::vector<std::string>{"Renamed group"});
  CHECK(fixture.store.search(Filters().text("plain")).total == 0);
  CHECK(fixture.store.search(Filters().tags({"night-shift"})).total == 0);
  CHECK(fixture.store.search(Filters().tags({"burnout"})).total == 1);
}

TEST_CASE("set_status changes the status and review note", "[groups][store]") {
  StoreFixture fixture;
  const auto id = fixture.insert(sample_draft("Plain group", "plain-group"), GroupStatus::kPending);
  fixture.store.set_status(id, GroupStatus::kReturned, "Please add a place.", kNow + 5);
  const auto found = fixture.store.find(id);
  REQUIRE(found);
  CHECK(found->status == GroupStatus::kReturned);
  CHECK(found->review_note == "Please add a place.");
  CHECK(found->updated_at == kNow + 5);
  CHECK(fixture.store.with_status(GroupStatus::kReturned).size() == 1);
  CHECK(fixture.store.with_status(GroupStatus::kPending).empty());
}

// ---- Search --------------------------------------------------------------------

namespace {

// A directory of groups covering every filter.
struct SearchFixture : StoreFixture {
  SearchFixture() {
    auto nurses = sample_draft("Nurses with Chronic Illness", "nurses-chronic");
    nurses.audience_kind = AudienceKind::kProfessions;
    nurses.audience_detail = "Nurses";
    nurses.tags = {"chronic-illness"};
    nurses.schedule.weekday = calendar::Weekday::kTuesday;
    insert(nurses);

    auto fathers = sample_draft("Pères de nuit", "peres-de-nuit");
    fathers.focus = "Fathers on the night shift";
    fathers.audience_kind = AudienceKind::kDepartments;
    fathers.audience_detail = "Emergency";
    fathers.format = MeetingFormat::kVirtual;
    fathers.location = "";
    fathers.virtual_link = "https://meet.example.org/peres";
    fathers.tags = {"night-shift", "parenting"};
    fathers.schedule.weekday = calendar::Weekday::kThursday;
    insert(fathers);

    auto grief = sample_draft("Grief circle", "grief-circle");
    grief.format = MeetingFormat::kHybrid;
    grief.virtual_link = "https://meet.example.org/grief";
    grief.tags = {"grief"};
    grief.capacity = 2;
    grief.schedule.weekday = calendar::Weekday::kMonday;
    const auto grief_id = insert(grief);
    add_members(grief_id, 2, "griever");  // full

    auto burnout = sample_draft("Burnout check-in", "burnout-check-in");
    burnout.tags = {"burnout", "grief"};
    burnout.capacity = 10;
    burnout.schedule.weekday = calendar::Weekday::kTuesday;
    const auto burnout_id = insert(burnout);
    add_members(burnout_id, 1, "burned");

    // Groups that match "nurses" but must never be listed.
    auto hidden = sample_draft("Hidden nurses", "hidden-nurses");
    hidden.visibility = Visibility::kHidden;
    hidden.tags = {"chronic-illness"};
    insert(hidden);
    insert(sample_draft("Pending nurses", "pending-nurses"), GroupStatus::kPending);
    insert(sample_draft("Returned nurses", "returned-nurses"), GroupStatus::kReturned);
    insert(sample_draft("Archived nurses", "archived-nurses"), GroupStatus::kArchived);
  }

  std::vector<std::string> find(GroupSearch search) {
    search.page_size = 100;
    const auto page = store.search(search);
    CHECK(page.total == static_cast<int>(page.groups.size()));
    return names_of(page.groups);
  }
};

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("with no filters the directory lists active listed groups only, by name", "[groups][store]") {
  SearchFixture fixture;
  CHECK(fixture.find(Filters()) ==
        Names{"Burnout check-in", "Grief circle", "Nurses with Chronic Illness", "Pères de nuit"});
}

TEST_CASE("text search matches word prefixes, ignoring case and diacritics", "[groups][store]") {
  SearchFixture fixture;
  CHECK(fixture.find(Filters().text("nurs")) == Names{"Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().text("NURSES")) == Names{"Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().text("pere")) == Names{"Pères de nuit"});
  CHECK(fixture.find(Filters().text("PÈRE")) == Names{"Pères de nuit"});
  CHECK(fixture.find(Filters().text("père")) == Names{"Pères de nuit"});
  // Every word must match.
  CHECK(fixture.find(Filters().text("chronic ill")) == Names{"Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().text("chronic grief")).empty());
  // The focus and the tag labels are searched too.
  CHECK(fixture.find(Filters().text("fathers")) == Names{"Pères de nuit"});
  CHECK(fixture.find(Filters().text("stress")) == Names{"Burnout check-in"});
  // Text that matches nothing finds nothing.
  CHECK(fixture.find(Filters().text("zzqxj")).empty());
  CHECK(fixture.find(Filters().text("illnesses")).empty());
}

TEST_CASE("tag search finds groups with any of the tags", "[groups][store]") {
  SearchFixture fixture;
  CHECK(fixture.find(Filters().tags({"grief"})) == Names{"Burnout check-in", "Grief circle"});
  CHECK(fixture.find(Filters().tags({"grief", "night-shift"})) ==
        Names{"Burnout check-in", "Grief circle", "Pères de nuit"});
  CHECK(fixture.find(Filters().tags({"chronic-illness"})) == Names{"Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().tags({"mindfulness"})).empty());
  CHECK(fixture.find(Filters().tags({"unknown-tag"})).empty());
}

TEST_CASE("audience, format, weekday and room filters narrow the directory", "[groups][store]") {
  SearchFixture fixture;
  CHECK(fixture.find(Filters().audience(AudienceKind::kProfessions)) == Names{"Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().audience(AudienceKind::kDepartments)) == Names{"Pères de nuit"});
  CHECK(fixture.find(Filters().audience(AudienceKind::kAllStaff)) ==
        Names{"Burnout check-in", "Grief circle"});
  CHECK(fixture.find(Filters().format(MeetingFormat::kVirtual)) == Names{"Pères de nuit"});
  CHECK(fixture.find(Filters().format(MeetingFormat::kHybrid)) == Names{"Grief circle"});
  CHECK(fixture.find(Filters().format(MeetingFormat::kInPerson)) ==
        Names{"Burnout check-in", "Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().weekday(calendar::Weekday::kTuesday)) ==
        Names{"Burnout check-in", "Nurses with Chronic Illness"});
  CHECK(fixture.find(Filters().weekday(calendar::Weekday::kSunday)).empty());
  // The full grief circle is left out; groups with room or no cap stay.
  CHECK(fixture.find(Filters().with_room()) ==
        Names{"Burnout check-in", "Nurses with Chronic Illness", "Pères de nuit"});
  // Filters combine.
  CHECK(fixture.find(Filters().tags({"grief"}).with_room()) == Names{"Burnout check-in"});
  CHECK(fixture.find(Filters().text("circle").format(MeetingFormat::kHybrid).with_room()).empty());
}

TEST_CASE("hidden, pending, returned and archived groups never appear in search", "[groups][store]") {
  SearchFixture fixture;
  for (const std::string& text :
       std::vector<std::string>{"hidden", "pending", "returned", "archived", "nurses"}) {
    INFO(text);
    const auto names = fixture.find(Filters().text(text));
    CHECK(std::none_of(names.begin(), names.end(), [](const std::string& name) {
      return name.find("Hidden") != std::string::npos || name.find("Pending") != std::string::npos ||
             name.find("Returned") != std::string::npos || name.find("Archived") != std::string::npos;
    }));
  }
  CHECK(fixture.find(Filters().tags({"chronic-illness"})) == Names{"Nurses with Chronic Illness"});
}

TEST_CASE("search pages through results in a stable order by name", "[groups][store]") {
  StoreFixture fixture;
  // Inserted out of order, with mixed case.
  for (const std::string& name :
       std::vector<std::string>{"delta group", "Bravo group", "echo group", "alpha group", "Charlie group"}) {
    auto slug = name;
    std::replace(slug.begin(), slug.end(), ' ', '-');
    std::transform(slug.begin(), slug.end(), slug.begin(), [](unsigned char c) { return std::tolower(c); });
    fixture.insert(sample_draft(name, slug));
  }
  std::vector<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    const auto result = fixture.store.search(Filters().page(page, 2));
    INFO("page " << page);
    CHECK(result.total == 5);
    CHECK(result.groups.size() == (page <= 2 ? 2U : page == 3 ? 1U : 0U));
    for (const auto& group : result.groups) seen.push_back(group.name());
  }
  CHECK(seen == Names{"alpha group", "Bravo group", "Charlie group", "delta group", "echo group"});
  // Asking again gives the same pages.
  CHECK(names_of(fixture.store.search(Filters().page(2, 2)).groups) == Names{"Charlie group", "delta group"});
}

TEST_CASE("fts_query quotes each word as a prefix and drops syntax", "[groups][store]") {
  CHECK(fts_query("burn out") == "\"burn\"* \"out\"*");
  CHECK(fts_query("  NEAR(burn, out)  ") == "\"NEAR\"* \"burn\"* \"out\"*");
  CHECK(fts_query("\"*()^:-+") == "");
  CHECK(fts_query("") == "");
  CHECK(fts_query("père") == "\"père\"*");
  CHECK(fts_query("a\"b") == "\"a\"* \"b\"*");
}

TEST_CASE("search never fails on hostile text", "[groups][store]") {
  SearchFixture fixture;
  std::string ten_kilobytes;
  while (ten_kilobytes.size() < 10 * 1024) ten_kilobytes += "nurses burnout ";
  std::string long_word(10 * 1024, 'n');
  const std::vector<std::string> hostile = {
      "\"",
      "\"\"",
      "\"nurses",
      "*",
      "nurs*",
      "*nurs",
      "NEAR(",
      "NEAR(nurses chronic, 2)",
      "AND OR NOT",
      "nurses NOT chronic",
      "-x",
      "-nurses",
      "^",
      "^nurses",
      ":",
      "name:nurses",
      "{name focus}: nurses",
      "(",
      ")",
      "((nurses",
      "nurses))",
      "(a OR b",
      "'",
      "';--",
      "\\",
      "+",
      "a + b",
      "🔥",
      "🔥 nurses",
      "🧑‍⚕️",
      "—",
      "don’t",
      "\xFF",
      "\xC3",
      "nurses\xFF",
      std::string("nur\0ses", 7),
      "\x01\x02",
      ten_kilobytes,
      long_word,
      "%",
      "_",
      "nurses%",
  };
  for (const auto& text : hostile) {
    INFO("text of " << text.size() << " bytes: " << text.substr(0, 40));
    GroupPage page;
    CHECK_NOTHROW(page = fixture.store.search(Filters().text(text)));
    CHECK(page.total <= 4);
    CHECK(page.total >= static_cast<int>(page.groups.size()));
  }
}

TEST_CASE("search never fails on hostile tag values", "[groups][store]") {
  SearchFixture fixture;
  const std::vector<std::string> tags = {
      "\"",   "\\",   "grief\"]", "x\",\"grief", "a\nb", "tab\there", std::string("nul\0", 4),
      "\x01", "\xFF", "]"};
  for (const auto& tag : tags) {
    INFO("tag of " << tag.size() << " bytes");
    GroupPage page;
    CHECK_NOTHROW(page = fixture.store.search(Filters().tags({tag})));
    CHECK(page.total == 0);
  }
}

// ---- Memberships ------------------------------------------------------------------

TEST_CASE("save_membership inserts and then updates one row per person and group", "[groups][store]") {
  StoreFixture fixture;
  const auto group = fixture.insert(sample_draft("Plain group", "plain-group"));
  const auto person = add_person(fixture.people, "amy", "Amy Chen");
  Membership membership;
  membership.group_id = group;
  membership.person_id = person;
  membership.status = MembershipStatus::kRequested;
  membership.answers = "Why join?\nBecause.\n\n";
  fixture.store.save_membership(membership, kNow);

  auto found = fixture.store.membership(group, person);
  REQUIRE(found);
  CHECK(found->status == MembershipStatus::kRequested);
  CHECK(found->role == MembershipRole::kMember);
  CHECK(found->answers == "Why join?\nBecause.\n\n");
  CHECK(found->created_at == kNow);

  auto changed = *found;
  changed.status = MembershipStatus::kActive;
  changed.accepted_rules_version = 1;
  changed.decision_message = "Welcome!";
  fixture.store.save_membership(changed, kNow + 100);
  found = fixture.store.membership(group, person);
  REQUIRE(found);
  CHECK(found->status == MembershipStatus::kActive);
  CHECK(found->decision_message == "Welcome!");
  CHECK(found->created_at == kNow);  // when they first asked
  CHECK(fixture.store.count_with_status(group, MembershipStatus::kActive) == 1);
  CHECK(fixture.store.count_with_status(group, MembershipStatus::kRequested) == 0);

  fixture.store.delete_membership(group, person);
  CHECK_FALSE(fixture.store.membership(group, person));
  fixture.store.delete_membership(group, person);  // not an error
}

TEST_CASE("the group's counts of active and waiting people follow the memberships", "[groups][store]") {
  StoreFixture fixture;
  auto draft = sample_draft("Small group", "small-group");
  draft.capacity = 2;
  const auto group = fixture.insert(draft);
  fixture.add_members(group, 2, "member");
  fixture.relate(group, add_person(fixture.people, "waiting", "Wanda Waiting"),
                 MembershipStatus::kWaitlisted);
  fixture.relate(group, add_person(fixture.people, "asking", "Asa Asking"), MembershipStatus::kRequested);
  const auto found = fixture.store.find(group);
  REQUIRE(found);
  CHECK(found->active_members == 2);
  CHECK(found->waitlisted == 1);
  CHECK(found->is_full());
}

TEST_CASE("members() lists facilitators first, then others by name ignoring case, then the waiting list",
          "[groups][store]") {
  StoreFixture fixture;
  const auto group = fixture.insert(sample_draft("Plain group", "plain-group"));
  fixture.relate(group, add_person(fixture.people, "zoe", "Zoe Zed"), MembershipStatus::kActive,
                 MembershipRole::kFacilitator);
  fixture.relate(group, add_person(fixture.people, "bea", "bea Bee"), MembershipStatus::kActive);
  fixture.relate(group, add_person(fixture.people, "al", "Al Ay"), MembershipStatus::kWaitlisted);
  fixture.relate(group, add_person(fixture.people, "carl", "Carl See"), MembershipStatus::kActive,
                 MembershipRole::kFacilitator);
  const auto rows = fixture.store.members(group);
  std::vector<std::string> names;
  for (const auto& row : rows) names.push_back(row.display_name);
  CHECK(names == Names{"Carl See", "Zoe Zed", "bea Bee", "Al Ay"});
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].username == "carl");
  CHECK(rows[0].department == "ICU");
  CHECK(rows[0].membership.is_facilitator());
  CHECK(rows[3].membership.status == MembershipStatus::kWaitlisted);
}

TEST_CASE("groups_of() lists a person's live groups by name, without declined or archived ones",
          "[groups][store]") {
  StoreFixture fixture;
  const auto person = add_person(fixture.people, "amy", "Amy Chen");
  const auto zebra = fixture.insert(sample_draft("zebra group", "zebra-group"));
  const auto apple = fixture.insert(sample_draft("Apple group", "apple-group"));
  const auto mango = fixture.insert(sample_draft("Mango group", "mango-group"));
  const auto declined = fixture.insert(sample_draft("Declined group", "declined-group"));
  const auto archived =
      fixture.insert(sample_draft("Archived group", "archived-group"), GroupStatus::kArchived);
  fixture.insert(sample_draft("Unrelated group", "unrelated-group"));
  fixture.relate(zebra, person, MembershipStatus::kActive);
  fixture.relate(apple, person, MembershipStatus::kWaitlisted);
  fixture.relate(mango, person, MembershipStatus::kInvited);
  fixture.relate(declined, person, MembershipStatus::kDeclined);
  fixture.relate(archived, person, MembershipStatus::kActive);
  const auto rows = fixture.store.groups_of(person);
  std::vector<std::string> names;
  for (const auto& row : rows) names.push_back(row.group.name());
  CHECK(names == Names{"Apple group", "Mango group", "zebra group"});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].membership.status == MembershipStatus::kWaitlisted);
  CHECK(rows[0].membership.person_id == person);
  CHECK(rows[0].group.id == apple);
  CHECK(rows[2].membership.status == MembershipStatus::kActive);
}

TEST_CASE("facilitator_names() gives the active facilitators' names in order", "[groups][store]") {
  StoreFixture fixture;
  const auto group = fixture.insert(sample_draft("Plain group", "plain-group"));
  fixture.relate(group, add_person(fixture.people, "zoe", "Zoe Zed"), MembershipStatus::kActive,
                 MembershipRole::kFacilitator);
  fixture.relate(group, add_person(fixture.people, "amy", "Amy Chen"), MembershipStatus::kActive,
                 MembershipRole::kFacilitator);
  fixture.relate(group, add_person(fixture.people, "ben", "Ben Okafor"), MembershipStatus::kActive);
  fixture.relate(group, add_person(fixture.people, "inv", "Ivy Invited"), MembershipStatus::kInvited,
                 MembershipRole::kFacilitator);
  CHECK(fixture.store.facilitator_names(group) == Names{"Amy Chen", "Zoe Zed"});
  CHECK(fixture.store.count_facilitators(group) == 2);
}

TEST_CASE("first_waitlisted() is the person who has waited longest", "[groups][store]") {
  StoreFixture fixture;
  const auto group = fixture.insert(sample_draft("Plain group", "plain-group"));
  CHECK_FALSE(fixture.store.first_waitlisted(group));
  // Later ids waited longer, so the order cannot come from the ids.
  const auto third = add_person(fixture.people, "third", "Third");
  const auto second = add_person(fixture.people, "second", "Second");
  const auto first = add_person(fixture.people, "first", "First");
  const auto member = add_person(fixture.people, "member", "Member");
  fixture.relate(group, third, MembershipStatus::kWaitlisted, MembershipRole::kMember, kNow + 30);
  fixture.relate(group, second, MembershipStatus::kWaitlisted, MembershipRole::kMember, kNow + 20);
  fixture.relate(group, first, MembershipStatus::kWaitlisted, MembershipRole::kMember, kNow + 10);
  fixture.relate(group, member, MembershipStatus::kActive, MembershipRole::kMember, kNow);
  auto next = fixture.store.first_waitlisted(group);
  REQUIRE(next);
  CHECK(next->person_id == first);
  fixture.store.delete_membership(group, first);
  next = fixture.store.first_waitlisted(group);
  REQUIRE(next);
  CHECK(next->person_id == second);
}

TEST_CASE("suggestions leave out related, full, invitation-only and unlisted groups", "[groups][store]") {
  StoreFixture fixture;
  const auto person = add_person(fixture.people, "amy", "Amy Chen");
  const auto open = fixture.insert(sample_draft("Open group", "open-group"), GroupStatus::kActive, kNow);
  auto request = sample_draft("Request group", "request-group");
  request.join_policy = JoinPolicy::kRequest;
  request.vetting_questions = {"Why?"};
  fixture.insert(request, GroupStatus::kActive, kNow + 10);
  auto invitation = sample_draft("Invitation group", "invitation-group");
  invitation.join_policy = JoinPolicy::kInvitation;
  fixture.insert(invitation, GroupStatus::kActive, kNow + 20);
  auto full = sample_draft("Full group", "full-group");
  full.capacity = 2;
  fixture.add_members(fixture.insert(full, GroupStatus::kActive, kNow + 30), 2, "full");
  auto hidden = sample_draft("Hidden group", "hidden-group");
  hidden.visibility = Visibility::kHidden;
  fixture.insert(hidden, GroupStatus::kActive, kNow + 40);
  fixture.insert(sample_draft("Pending group", "pending-group"), GroupStatus::kPending, kNow + 50);
  const auto declined =
      fixture.insert(sample_draft("Declined group", "declined-group"), GroupStatus::kActive, kNow + 60);
  const auto waiting =
      fixture.insert(sample_draft("Waiting group", "waiting-group"), GroupStatus::kActive, kNow + 70);
  const auto member =
      fixture.insert(sample_draft("Member group", "member-group"), GroupStatus::kActive, kNow + 80);
  fixture.relate(declined, person, MembershipStatus::kDeclined);
  fixture.relate(waiting, person, MembershipStatus::kWaitlisted);
  fixture.relate(member, person, MembershipStatus::kActive);

  // Newest first.
  CHECK(names_of(fixture.store.suggestions_for(person, 10)) == Names{"Request group", "Open group"});
  CHECK(names_of(fixture.store.suggestions_for(person, 1)) == Names{"Request group"});
  // Someone with no relations is offered the member group too.
  const auto newcomer = add_person(fixture.people, "newcomer", "New Comer");
  CHECK(names_of(fixture.store.suggestions_for(newcomer, 10)) ==
        Names{"Member group", "Waiting group", "Declined group", "Request group", "Open group"});
  CHECK(open > 0);
}

}  // namespace hearth::features::groups
