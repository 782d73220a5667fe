#include "features/conversations/conversation_access.h"

#include <array>
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "unit/auth/viewer_kinds.h"

namespace hearth::features::conversations {
namespace {

using hearth::testing::make_viewer;
using hearth::testing::name_of;
using hearth::testing::ViewerKind;

using groups::GroupStatus;
using groups::Visibility;

// ---- The dimensions of the matrix -------------------------------------------

enum class Relation { kNone, kRequested, kInvited, kWaitlisted, kDeclined, kMember, kFacilitator };
// Who wrote the post (and shared the resource) in question.
enum class Author { kViewer, kSomeoneElse, kGone };

constexpr std::int64_t kViewerId = 42;
constexpr std::int64_t kOtherPersonId = 99;
constexpr std::int64_t kGroupId = 7;
constexpr int kCurrentRulesVersion = 3;

constexpr std::array kViewerKinds = {ViewerKind::kAnonymous,     ViewerKind::kStaff,
                                     ViewerKind::kPeerSupporter, ViewerKind::kCoordinator,
                                     ViewerKind::kAdministrator, ViewerKind::kAdministratorNotStaff};
constexpr std::array kStatuses = {GroupStatus::kPending, GroupStatus::kActive, GroupStatus::kReturned,
                                  GroupStatus::kArchived};
constexpr std::array kVisibilities = {Visibility::kListed, Visibility::kHidden};
constexpr std::array kRelations = {Relation::kNone,       Relation::kRequested, Relation::kInvited,
                                   Relation::kWaitlisted, Relation::kDeclined,  Relation::kMember,
                                   Relation::kFacilitator};
constexpr std::array kPostStates = {PostState::kVisible, PostState::kHidden, PostState::kRemoved,
                                    PostState::kDeleted};
constexpr std::array kAuthors = {Author::kViewer, Author::kSomeoneElse, Author::kGone};
constexpr std::array kAnonymities = {Anonymity::kNamed, Anonymity::kAnonymous};
constexpr std::array kReportStatuses = {ReportStatus::kOpen, ReportStatus::kEscalated, ReportStatus::kClosed};

std::string_view name_of(Relation relation) {
  switch (relation) {
    case Relation::kNone: return "no membership";
    case Relation::kRequested: return "requested";
    case Relation::kInvited: return "invited";
    case Relation::kWaitlisted: return "waitlisted";
    case Relation::kDeclined: return "declined";
    case Relation::kMember: return "active member";
    case Relation::kFacilitator: return "active facilitator";
  }
  return "?";
}

std::string_view name_of(Author author) {
  switch (author) {
    case Author::kViewer: return "by the viewer";
    case Author::kSomeoneElse: return "by someone else";
    case Author::kGone: return "by someone no longer in Hearth";
  }
  return "?";
}

// One cell of the matrix.
struct Case {
  ViewerKind viewer = ViewerKind::kStaff;
  GroupStatus status = GroupStatus::kActive;
  Visibility visibility = Visibility::kListed;
  Relation relation = Relation::kMember;
  bool rules_accepted = true;  // the membership has accepted the current version
  bool allow_anonymous = false;
  bool locked = false;
  PostState post_state = PostState::kVisible;
  Author author = Author::kSomeoneElse;
  Anonymity anonymity = Anonymity::kNamed;
  ReportStatus report_status = ReportStatus::kOpen;

  std::string describe() const {
    std::ostringstream out;
    out << name_of(viewer) << ", " << groups::to_text(status) << ", " << groups::to_text(visibility) << ", "
        << name_of(relation) << ", rules " << (rules_accepted ? "accepted" : "not accepted")
        << ", anonymous posts " << (allow_anonymous ? "allowed" : "not allowed") << ", thread "
        << (locked ? "locked" : "open") << ", " << to_text(post_state) << " "
        << (anonymity == Anonymity::kAnonymous ? "anonymous" : "named") << " post " << name_of(author)
        << ", report " << to_text(report_status);
    return out.str();
  }
};

groups::Group make_group(const Case& c) {
  groups::Group group;
  group.id = kGroupId;
  group.details.name = "Night shift peers";
  group.details.slug = "night-shift-peers";
  group.details.visibility = c.visibility;
  group.status = c.status;
  group.ground_rules_version = kCurrentRulesVersion;
  return group;
}

std::optional<groups::Membership> make_membership(const Case& c) {
  if (c.relation == Relation::kNone) return std::nullopt;
  groups::Membership membership;
  membership.group_id = kGroupId;
  membership.person_id = kViewerId;
  membership.role = c.relation == Relation::kFacilitator ? groups::MembershipRole::kFacilitator
                                                         : groups::MembershipRole::kMember;
  switch (c.relation) {
    case Relation::kRequested: membership.status = groups::MembershipStatus::kRequested; break;
    case Relation::kInvited: membership.status = groups::MembershipStatus::kInvited; break;
    case Relation::kWaitlisted: membership.status = groups::MembershipStatus::kWaitlisted; break;
    case Relation::kDeclined: membership.status = groups::MembershipStatus::kDeclined; break;
    default: membership.status = groups::MembershipStatus::kActive; break;
  }
  membership.accepted_rules_version = c.rules_accepted ? kCurrentRulesVersion : kCurrentRulesVersion - 1;
  return membership;
}

std::optional<std::int64_t> author_id(const Case& c) {
  switch (c.author) {
    case Author::kViewer: return kViewerId;
    case Author::kSomeoneElse: return kOtherPersonId;
    case Author::kGone: return std::nullopt;
  }
  return std::nullopt;
}

Thread make_thread(const Case& c) {
  Thread thread;
  thread.id = 11;
  thread.group_id = kGroupId;
  thread.title = "After the code on 4 West";
  thread.locked = c.locked;
  return thread;
}

Post make_post(const Case& c) {
  Post post;
  post.id = 21;
  post.thread_id = 11;
  post.group_id = kGroupId;
  post.author_person_id = author_id(c);
  post.anonymity = c.anonymity;
  post.state = c.post_state;
  post.body = c.post_state == PostState::kVisible || c.post_state == PostState::kHidden ? "Some text" : "";
  return post;
}

SharedResource make_resource(const Case& c) {
  SharedResource resource;
  resource.id = 31;
  resource.group_id = kGroupId;
  resource.author_person_id = author_id(c);
  resource.anonymity = c.anonymity;
  resource.title = "Box breathing";
  resource.url = "https://example.org/breathing";
  return resource;
}

Report make_report(const Case& c) {
  Report report;
  report.id = 41;
  report.post_id = 21;
  report.group_id = kGroupId;
  report.reason = ReportReason::kSafety;
  report.status = c.report_status;
  return report;
}

ConversationSettings make_settings(const Case& c) {
  ConversationSettings settings;
  settings.allow_anonymous = c.allow_anonymous;
  return settings;
}

// Everything a predicate may be asked about, built from one case.
struct World {
  auth::Viewer viewer;
  groups::Group group;
  std::optional<groups::Membership> membership;
  Thread thread;
  Post post;
  SharedResource resource;
  Report report;
  ConversationSettings settings;

  explicit World(const Case& c)
      : viewer(make_viewer(c.viewer)),
        group(make_group(c)),
        membership(make_membership(c)),
        thread(make_thread(c)),
        post(make_post(c)),
        resource(make_resource(c)),
        report(make_report(c)),
        settings(make_settings(c)) {}

  access::Subject subject() const { return {viewer, group, membership}; }
};

// ---- The expected rules, written out independently of conversation_access.h --

bool is_staff(const Case& c) {
  return c.viewer != ViewerKind::kAnonymous && c.viewer != ViewerKind::kAdministratorNotStaff;
}
bool is_coordinator(const Case& c) {
  return c.viewer == ViewerKind::kCoordinator;
}
bool is_facilitator(const Case& c) {
  return c.relation == Relation::kFacilitator;
}
// Active members include the facilitators.
bool is_active_member(const Case& c) {
  return c.relation == Relation::kMember || c.relation == Relation::kFacilitator;
}
bool is_by_viewer(const Case& c) {
  return c.author == Author::kViewer;
}
bool is_visible(const Case& c) {
  return c.post_state == PostState::kVisible;
}
bool is_anonymous(const Case& c) {
  return c.anonymity == Anonymity::kAnonymous;
}

// The conversation is for the active members (facilitators included) of a
// group that is running or archived, and only while they are staff. Whoever
// else may see the group page - invitees, people waiting or asking, reviewing
// coordinators, administrators - does not read its conversation, and nobody
// reads the conversation of a group that is pending or was returned.
bool expect_read(const Case& c) {
  return is_staff(c) && is_active_member(c) &&
         (c.status == GroupStatus::kActive || c.status == GroupStatus::kArchived);
}

// Writing: members of a running (not archived) group who have accepted the
// current ground rules. Facilitators too must accept them.
bool expect_write(const Case& c) {
  return is_staff(c) && is_active_member(c) && c.status == GroupStatus::kActive && c.rules_accepted;
}

// A locked thread takes replies from facilitators only.
bool expect_reply(const Case& c) {
  return expect_write(c) && (!c.locked || is_facilitator(c));
}

bool expect_post_anonymously(const Case& c) {
  return expect_write(c) && c.allow_anonymous;
}

// One's own visible post (named or anonymous), in a thread that is not locked.
bool expect_edit_post(const Case& c) {
  return expect_write(c) && is_by_viewer(c) && is_visible(c) && !c.locked;
}

// One's own visible post, locked thread or not.
bool expect_delete_post(const Case& c) {
  return expect_write(c) && is_by_viewer(c) && is_visible(c);
}

// Anyone who reads may report a visible post they did not write, even when the
// rules are not accepted or the group is archived.
bool expect_report_post(const Case& c) {
  return expect_read(c) && is_visible(c) && !is_by_viewer(c);
}

// Facilitators of a group they can see that is not archived (the groups rule).
bool expect_moderate(const Case& c) {
  return is_staff(c) && is_facilitator(c) && c.status != GroupStatus::kArchived;
}

// Only named posts whose author is still in Hearth and is not the facilitator.
bool expect_remove_author(const Case& c) {
  return expect_moderate(c) && !is_anonymous(c) && c.author == Author::kSomeoneElse;
}

bool expect_share_resource(const Case& c) {
  return expect_write(c);
}

// Facilitators remove any resource of a group whose conversation they read;
// the person who shared one removes it while they may write.
bool expect_remove_resource(const Case& c) {
  if (!expect_read(c)) return false;
  return expect_moderate(c) || (is_by_viewer(c) && expect_write(c));
}

// Coordinators, as such: no membership needed.
bool expect_handle_escalations(const Case& c) {
  return is_coordinator(c);
}

// Only anonymous posts, only through an escalated report.
bool expect_reveal_author(const Case& c) {
  return is_coordinator(c) && c.report_status == ReportStatus::kEscalated && is_anonymous(c);
}

// ---- The comparison ----------------------------------------------------------

struct Predicate {
  std::string_view name;
  std::function<bool(const World&)> actual;
  std::function<bool(const Case&)> expected;
};

const std::vector<Predicate>& predicates() {
  static const std::vector<Predicate> list = {
      {"can_read", [](const World& w) { return access::can_read(w.subject()); }, expect_read},
      {"can_write", [](const World& w) { return access::can_write(w.subject()); }, expect_write},
      {"can_start_thread", [](const World& w) { return access::can_start_thread(w.subject()); },
       expect_write},
      {"can_reply", [](const World& w) { return access::can_reply(w.subject(), w.thread); }, expect_reply},
      {"can_post_anonymously",
       [](const World& w) { return access::can_post_anonymously(w.subject(), w.settings); },
       expect_post_anonymously},
      {"can_edit_post", [](const World& w) { return access::can_edit_post(w.subject(), w.thread, w.post); },
       expect_edit_post},
      {"can_delete_post", [](const World& w) { return access::can_delete_post(w.subject(), w.post); },
       expect_delete_post},
      {"can_report_post", [](const World& w) { return access::can_report_post(w.subject(), w.post); },
       expect_report_post},
      {"can_moderate", [](const World& w) { return access::can_moderate(w.subject()); }, expect_moderate},
      {"can_remove_author", [](const World& w) { return access::can_remove_author(w.subject(), w.post); },
       expect_remove_author},
      {"can_share_resource", [](const World& w) { return access::can_share_resource(w.subject()); },
       expect_share_resource},
      {"can_remove_resource",
       [](const World& w) { return access::can_remove_resource(w.subject(), w.resource); },
       expect_remove_resource},
      {"can_handle_escalations", [](const World& w) { return access::can_handle_escalations(w.viewer); },
       expect_handle_escalations},
      {"can_reveal_author",
       [](const World& w) { return access::can_reveal_author(w.viewer, w.report, w.post); },
       expect_reveal_author},
  };
  return list;
}

std::vector<Case> every_case() {
  std::vector<Case> cases;
  for (const auto viewer : kViewerKinds) {
    for (const auto status : kStatuses) {
      for (const auto visibility : kVisibilities) {
        for (const auto relation : kRelations) {
          for (const bool rules_accepted : {false, true}) {
            for (const bool allow_anonymous : {false, true}) {
              for (const bool locked : {false, true}) {
                for (const auto post_state : kPostStates) {
                  for (const auto author : kAuthors) {
                    for (const auto anonymity : kAnonymities) {
                      for (const auto report_status : kReportStatuses) {
                        cases.push_back({viewer, status, visibility, relation, rules_accepted,
                                         allow_anonymous, locked, post_state, author, anonymity,
                                         report_status});
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

bool check(std::string_view predicate_name, const Case& c) {
  const World world(c);
  for (const auto& predicate : predicates()) {
    if (predicate.name == predicate_name) return predicate.actual(world);
  }
  FAIL("no predicate " << predicate_name);
  return false;
}

}  // namespace

TEST_CASE("every conversation permission matches its written rule for every combination",
          "[conversations][access]") {
  const auto cases = every_case();
  // 6 viewers x 4 statuses x 2 visibilities x 7 relations x 2 rules x 2 settings x 2 locks
  // x 4 post states x 3 authors x 2 anonymities x 3 report statuses.
  REQUIRE(cases.size() == 6 * 4 * 2 * 7 * 2 * 2 * 2 * 4 * 3 * 2 * 3);
  const auto& list = predicates();
  std::vector<std::vector<std::string>> mismatches(list.size());
  std::vector<int> granted(list.size(), 0);
  for (const auto& c : cases) {
    const World world(c);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const bool actual = list[i].actual(world);
      const bool expected = list[i].expected(c);
      if (expected) ++granted[i];
      if (actual != expected) {
        mismatches[i].push_back(std::string(expected ? "expected true:  " : "expected false: ") +
                                c.describe());
      }
    }
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::ostringstream shown;
    for (std::size_t m = 0; m < mismatches[i].size() && m < 12; ++m) shown << "\n  " << mismatches[i][m];
    INFO(list[i].name << ": " << mismatches[i].size() << " of " << cases.size() << " combinations differ"
                      << shown.str());
    CHECK(mismatches[i].empty());
    // Each predicate grants something and refuses something, so the rule is not vacuous.
    CHECK(granted[i] > 0);
    CHECK(granted[i] < static_cast<int>(cases.size()));
  }
}

TEST_CASE("moderating a conversation is managing the group", "[conversations][access]") {
  for (const auto& c : every_case()) {
    if (c.post_state != PostState::kVisible || c.author != Author::kViewer ||
        c.anonymity != Anonymity::kNamed || c.report_status != ReportStatus::kOpen || c.locked ||
        c.allow_anonymous) {
      continue;  // can_moderate depends on the subject only
    }
    const World world(c);
    INFO(c.describe());
    CHECK(access::can_moderate(world.subject()) == groups::access::can_manage(world.subject()));
  }
}

TEST_CASE("spot checks of who reads a group's conversation", "[conversations][access]") {
  Case member;  // an active member of an active listed group, rules accepted

  SECTION("a member reads and writes; someone merely able to see the group does not") {
    CHECK(check("can_read", member));
    CHECK(check("can_write", member));
    for (const auto relation : {Relation::kNone, Relation::kRequested, Relation::kInvited,
                                Relation::kWaitlisted, Relation::kDeclined}) {
      auto c = member;
      c.relation = relation;
      INFO(name_of(relation));
      CHECK_FALSE(check("can_read", c));
      CHECK_FALSE(check("can_write", c));
      CHECK_FALSE(check("can_report_post", c));
      CHECK_FALSE(check("can_share_resource", c));
    }
  }
  SECTION("coordinators and administrators do not read a group they are not in") {
    for (const auto viewer : {ViewerKind::kCoordinator, ViewerKind::kAdministrator}) {
      for (const auto visibility : kVisibilities) {
        auto c = member;
        c.viewer = viewer;
        c.visibility = visibility;
        c.relation = Relation::kNone;
        INFO(name_of(viewer));
        CHECK_FALSE(check("can_read", c));
        CHECK_FALSE(check("can_moderate", c));
      }
    }
  }
  SECTION("a member who is no longer staff reads nothing") {
    for (const auto viewer : {ViewerKind::kAnonymous, ViewerKind::kAdministratorNotStaff}) {
      for (const auto relation : {Relation::kMember, Relation::kFacilitator}) {
        auto c = member;
        c.viewer = viewer;
        c.relation = relation;
        c.author = Author::kViewer;
        INFO(name_of(viewer) << ", " << name_of(relation));
        CHECK_FALSE(check("can_read", c));
        CHECK_FALSE(check("can_write", c));
        CHECK_FALSE(check("can_moderate", c));
        CHECK_FALSE(check("can_edit_post", c));
        CHECK_FALSE(check("can_delete_post", c));
        CHECK_FALSE(check("can_remove_resource", c));
      }
    }
  }
  SECTION("an archived group is read by its members but takes no new writing and no moderation") {
    auto c = member;
    c.status = GroupStatus::kArchived;
    c.relation = Relation::kFacilitator;
    c.author = Author::kViewer;
    CHECK(check("can_read", c));
    CHECK_FALSE(check("can_write", c));
    CHECK_FALSE(check("can_start_thread", c));
    CHECK_FALSE(check("can_reply", c));
    CHECK_FALSE(check("can_edit_post", c));
    CHECK_FALSE(check("can_delete_post", c));
    CHECK_FALSE(check("can_moderate", c));
    c.author = Author::kSomeoneElse;
    CHECK(check("can_report_post", c));
  }
  SECTION("a pending or returned group has no conversation, even for its facilitator") {
    for (const auto status : {GroupStatus::kPending, GroupStatus::kReturned}) {
      auto c = member;
      c.status = status;
      c.relation = Relation::kFacilitator;
      INFO(groups::to_text(status));
      CHECK_FALSE(check("can_read", c));
      CHECK_FALSE(check("can_write", c));
    }
  }
  SECTION("a hidden group's conversation is read by its members") {
    auto c = member;
    c.visibility = Visibility::kHidden;
    CHECK(check("can_read", c));
    CHECK(check("can_write", c));
  }
}

TEST_CASE("spot checks of writing in a conversation", "[conversations][access]") {
  Case member;

  SECTION("a member who has not accepted the current rules reads and reports but does not write") {
    auto c = member;
    c.rules_accepted = false;
    c.allow_anonymous = true;
    CHECK(check("can_read", c));
    CHECK(check("can_report_post", c));
    CHECK_FALSE(check("can_write", c));
    CHECK_FALSE(check("can_start_thread", c));
    CHECK_FALSE(check("can_reply", c));
    CHECK_FALSE(check("can_post_anonymously", c));
    CHECK_FALSE(check("can_share_resource", c));
    c.author = Author::kViewer;
    CHECK_FALSE(check("can_edit_post", c));
    CHECK_FALSE(check("can_delete_post", c));
  }
  SECTION("a facilitator who has not accepted the current rules does not write either, but moderates") {
    auto c = member;
    c.relation = Relation::kFacilitator;
    c.rules_accepted = false;
    CHECK_FALSE(check("can_write", c));
    CHECK_FALSE(check("can_reply", c));
    CHECK(check("can_moderate", c));
  }
  SECTION("a locked thread takes replies from facilitators only") {
    auto c = member;
    c.locked = true;
    CHECK_FALSE(check("can_reply", c));
    CHECK(check("can_start_thread", c));
    c.relation = Relation::kFacilitator;
    CHECK(check("can_reply", c));
    c.locked = false;
    c.relation = Relation::kMember;
    CHECK(check("can_reply", c));
  }
  SECTION("posting anonymously needs the group's setting") {
    auto c = member;
    CHECK_FALSE(check("can_post_anonymously", c));
    c.allow_anonymous = true;
    CHECK(check("can_post_anonymously", c));
    c.relation = Relation::kFacilitator;
    CHECK(check("can_post_anonymously", c));
    c.relation = Relation::kInvited;
    CHECK_FALSE(check("can_post_anonymously", c));
  }
  SECTION("authors edit their own visible posts, but not in a locked thread; they delete them either way") {
    auto c = member;
    c.author = Author::kViewer;
    for (const auto anonymity : kAnonymities) {
      c.anonymity = anonymity;
      c.locked = false;
      CHECK(check("can_edit_post", c));
      CHECK(check("can_delete_post", c));
      c.locked = true;
      CHECK_FALSE(check("can_edit_post", c));
      CHECK(check("can_delete_post", c));
    }
  }
  SECTION("nobody edits or deletes a post that is hidden, removed or deleted") {
    auto c = member;
    c.author = Author::kViewer;
    for (const auto state : {PostState::kHidden, PostState::kRemoved, PostState::kDeleted}) {
      c.post_state = state;
      INFO(to_text(state));
      CHECK_FALSE(check("can_edit_post", c));
      CHECK_FALSE(check("can_delete_post", c));
      CHECK_FALSE(check("can_report_post", c));
    }
  }
  SECTION("a facilitator does not edit or delete someone else's post") {
    auto c = member;
    c.relation = Relation::kFacilitator;
    for (const auto author : {Author::kSomeoneElse, Author::kGone}) {
      c.author = author;
      INFO(name_of(author));
      CHECK_FALSE(check("can_edit_post", c));
      CHECK_FALSE(check("can_delete_post", c));
    }
  }
}

TEST_CASE("spot checks of reports and moderation", "[conversations][access]") {
  Case member;

  SECTION("members report other people's visible posts, not their own") {
    auto c = member;
    CHECK(check("can_report_post", c));
    c.author = Author::kGone;
    CHECK(check("can_report_post", c));
    c.author = Author::kViewer;
    CHECK_FALSE(check("can_report_post", c));
    c.anonymity = Anonymity::kAnonymous;  // their own anonymous post is still theirs
    CHECK_FALSE(check("can_report_post", c));
  }
  SECTION("facilitators remove the author of a named post, never of an anonymous one or their own") {
    auto c = member;
    c.relation = Relation::kFacilitator;
    CHECK(check("can_moderate", c));
    CHECK(check("can_remove_author", c));
    c.anonymity = Anonymity::kAnonymous;
    CHECK_FALSE(check("can_remove_author", c));
    c.anonymity = Anonymity::kNamed;
    c.author = Author::kViewer;
    CHECK_FALSE(check("can_remove_author", c));
    c.author = Author::kGone;
    CHECK_FALSE(check("can_remove_author", c));
  }
  SECTION("members do not moderate or remove anyone") {
    auto c = member;
    CHECK_FALSE(check("can_moderate", c));
    CHECK_FALSE(check("can_remove_author", c));
  }
  SECTION("a coordinator handles escalations from any group, and reveals only escalated anonymous posts") {
    auto c = member;
    c.viewer = ViewerKind::kCoordinator;
    c.relation = Relation::kNone;
    c.visibility = Visibility::kHidden;
    c.anonymity = Anonymity::kAnonymous;
    c.report_status = ReportStatus::kEscalated;
    CHECK_FALSE(check("can_read", c));
    CHECK(check("can_handle_escalations", c));
    CHECK(check("can_reveal_author", c));
    c.report_status = ReportStatus::kOpen;
    CHECK_FALSE(check("can_reveal_author", c));
    c.report_status = ReportStatus::kClosed;
    CHECK_FALSE(check("can_reveal_author", c));
    c.report_status = ReportStatus::kEscalated;
    c.anonymity = Anonymity::kNamed;
    CHECK_FALSE(check("can_reveal_author", c));
  }
  SECTION("nobody but a coordinator reveals an author, not even an administrator or the facilitator") {
    for (const auto viewer : kViewerKinds) {
      if (viewer == ViewerKind::kCoordinator) continue;
      auto c = member;
      c.viewer = viewer;
      c.relation = Relation::kFacilitator;
      c.anonymity = Anonymity::kAnonymous;
      c.report_status = ReportStatus::kEscalated;
      INFO(name_of(viewer));
      CHECK_FALSE(check("can_handle_escalations", c));
      CHECK_FALSE(check("can_reveal_author", c));
    }
  }
}

TEST_CASE("spot checks of shared resources", "[conversations][access]") {
  Case member;

  SECTION("members share resources and remove their own") {
    auto c = member;
    CHECK(check("can_share_resource", c));
    CHECK_FALSE(check("can_remove_resource", c));
    c.author = Author::kViewer;
    CHECK(check("can_remove_resource", c));
    c.anonymity = Anonymity::kAnonymous;
    CHECK(check("can_remove_resource", c));
  }
  SECTION("facilitators remove anyone's resource, even without the rules accepted") {
    auto c = member;
    c.relation = Relation::kFacilitator;
    c.rules_accepted = false;
    for (const auto author : kAuthors) {
      c.author = author;
      INFO(name_of(author));
      CHECK(check("can_remove_resource", c));
    }
  }
  SECTION("in an archived group nobody removes resources") {
    auto c = member;
    c.status = GroupStatus::kArchived;
    c.author = Author::kViewer;
    CHECK_FALSE(check("can_remove_resource", c));
    c.relation = Relation::kFacilitator;
    CHECK_FALSE(check("can_remove_resource", c));
  }
}

}  // namespace hearth::features::conversations
