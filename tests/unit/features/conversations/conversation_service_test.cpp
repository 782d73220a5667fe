#include "features/conversations/conversation_service.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "features/groups/group_form.h"
#include "storage/audit_log.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::conversations {
namespace {

using groups::testing::sample_draft;

constexpr std::int64_t kStart = 1'750'000'000;
constexpr std::int64_t kDay = 24 * 60 * 60;

// Words that appear only in post text and titles, to look for where they must not be.
constexpr std::string_view kSecret = "Zanzibar";

// The kind of hearth::Error that `action` throws; fails the test if it
// throws nothing or something else.
ErrorKind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected a hearth::Error");
  return ErrorKind::kInternal;
}

auth::RoleSet roles_of(std::initializer_list<auth::Role> list) {
  auth::RoleSet roles;
  for (const auto role : list) roles.insert(role);
  return roles;
}

struct ServiceFixture {
  hearth::testing::MigratedDatabase database;
  ManualClock clock{kStart};
  auth::PersonStore people{database.pool()};
  groups::GroupStore group_store{database.pool()};
  groups::GroupService group_service{group_store, people, clock, groups::NewGroupApproval::kNotRequired};
  ConversationStore store{database.pool()};
  ConversationService service{store, group_service, clock};

  // The facilitator of "night-owls", two members, a staff member who is not
  // in the group, a coordinator and an administrator (both staff).
  auth::Viewer fran = person("fran");
  auth::Viewer amy = person("amy");
  auth::Viewer ben = person("ben");
  auth::Viewer stan = person("stan");
  auth::Viewer cora = person("cora", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  auth::Viewer adam = person("adam", roles_of({auth::Role::kStaff, auth::Role::kAdmin}));

  ServiceFixture() {
    create(fran, sample_draft("Night owls", "night-owls"));
    join(amy, "night-owls");
    join(ben, "night-owls");
  }

  // A signed-in person with the given roles (staff by default), named "Person <username>".
  auth::Viewer person(const std::string& username, auth::RoleSet roles = roles_of({auth::Role::kStaff})) {
    const auto id = groups::testing::add_person(people, username, "Person " + username, clock.now_seconds());
    return auth::Viewer::signed_in(id, "Person " + username, roles);
  }

  groups::Group create(const auth::Viewer& viewer, const groups::GroupDraft& draft) {
    auto saved = group_service.create(viewer, groups::GroupForm{draft, {}});
    REQUIRE(saved.group);
    return *saved.group;
  }

  void join(const auth::Viewer& viewer, const std::string& slug) {
    REQUIRE(group_service.join(viewer, slug, groups::RulesAcceptance::kAccepted, {}) ==
            groups::JoinOutcome::kJoined);
  }

  ConversationContext load(const auth::Viewer& viewer, const std::string& slug = "night-owls") {
    return service.load(viewer, slug);
  }

  void allow_anonymous(const std::string& slug = "night-owls") {
    service.save_settings(fran, load(fran, slug), {true, std::nullopt});
  }

  Post post(std::int64_t id) {
    auto found = store.find_post(id);
    REQUIRE(found);
    return *found;
  }

  Thread thread(std::int64_t id) {
    auto found = store.find_thread(id);
    REQUIRE(found);
    return *found;
  }

  std::vector<storage::AuditEntry> audit() { return storage::AuditLog::recent(database.connection(), 1000); }

  // A thread started by `author` in night-owls; returns its ids.
  NewThread start(const auth::Viewer& author, Anonymity anonymity = Anonymity::kNamed) {
    return service.start_thread(author, load(author), std::string("A thread about ") + std::string(kSecret),
                                std::string("Text mentioning ") + std::string(kSecret), anonymity);
  }

  std::int64_t report(const auth::Viewer& reporter, std::int64_t post_id,
                      ReportReason reason = ReportReason::kUnkind) {
    REQUIRE(service.report_post(reporter, load(reporter), post_id, reason, "See this."));
    const auto reports = store.group_reports(load(fran).group().id, ReportStatus::kOpen);
    REQUIRE_FALSE(reports.empty());
    return reports.back().report.id;
  }
};

groups::GroupDraft hidden_invitation_draft() {
  auto draft = sample_draft("Quiet room", "quiet-room");
  draft.join_policy = groups::JoinPolicy::kInvitation;
  draft.visibility = groups::Visibility::kHidden;
  return draft;
}

// Runs `action` and checks that it wrote exactly one audit row, as described,
// without any post text in it.
void check_audited(ServiceFixture& f, const std::function<void()>& action, const auth::Viewer& actor,
                   std::string_view expected_action, std::string_view object_type, std::int64_t object_id) {
  INFO(expected_action);
  const auto before = f.audit().size();
  action();
  const auto after = f.audit();
  REQUIRE(after.size() == before + 1);
  const auto& entry = after.front();
  CHECK(entry.action == expected_action);
  CHECK(entry.object_type == object_type);
  CHECK(entry.object_id == std::to_string(object_id));
  CHECK(entry.actor_person_id == actor.person_id());
  CHECK(entry.at == f.clock.now_seconds());
  CHECK(entry.detail.find(kSecret) == std::string::npos);
  CHECK(entry.detail.find("Text mentioning") == std::string::npos);
}

}  // namespace

// ---- Who reads the conversation ------------------------------------------------------

TEST_CASE("the conversation is for members: others are refused, hidden groups are not found",
          "[conversations][service]") {
  ServiceFixture f;
  CHECK_NOTHROW(f.load(f.amy));
  CHECK_NOTHROW(f.load(f.fran));
  for (const auto* viewer : {&f.stan, &f.cora, &f.adam}) {
    INFO(viewer->display_name());
    CHECK(kind_of_failure([&] { f.load(*viewer); }) == ErrorKind::kForbidden);
  }
  CHECK(kind_of_failure([&] { f.load(auth::Viewer::anonymous()); }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { f.load(f.amy, "no-such-group"); }) == ErrorKind::kNotFound);

  f.create(f.fran, hidden_invitation_draft());
  for (const auto* viewer : {&f.amy, &f.stan, &f.cora, &f.adam}) {
    INFO(viewer->display_name());
    CHECK(kind_of_failure([&] { f.load(*viewer, "quiet-room"); }) == ErrorKind::kNotFound);
  }
  // An invitee sees the group page but not its conversation, until they accept.
  REQUIRE(f.group_service.invite(f.fran, "quiet-room", "amy") ==
          groups::GroupService::InviteOutcome::kInvited);
  CHECK(kind_of_failure([&] { f.load(f.amy, "quiet-room"); }) == ErrorKind::kForbidden);
  f.group_service.accept_invitation(f.amy, "quiet-room", groups::RulesAcceptance::kAccepted);
  CHECK_NOTHROW(f.load(f.amy, "quiet-room"));
}

TEST_CASE("moderation pages are for facilitators", "[conversations][service]") {
  ServiceFixture f;
  CHECK_NOTHROW(f.service.load_for_moderation(f.fran, "night-owls"));
  CHECK(kind_of_failure([&] { f.service.load_for_moderation(f.amy, "night-owls"); }) ==
        ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] { f.service.load_for_moderation(f.cora, "night-owls"); }) ==
        ErrorKind::kForbidden);
  const auto member = f.load(f.amy);
  const auto created = f.start(f.amy);
  CHECK(kind_of_failure([&] {
          f.service.moderate_post(f.amy, member, created.post_id, PostModeration::kHide);
        }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          f.service.moderate_thread(f.amy, member, created.thread_id, ThreadModeration::kLock);
        }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          f.service.save_settings(f.amy, member, {true, std::nullopt});
        }) == ErrorKind::kForbidden);
  CHECK_FALSE(f.store.settings(member.group().id).allow_anonymous);
  CHECK(f.post(created.post_id).state == PostState::kVisible);
  CHECK(f.audit().empty());
}

TEST_CASE("threads and posts of another group are not found", "[conversations][service]") {
  ServiceFixture f;
  f.create(f.fran, hidden_invitation_draft());
  const auto elsewhere = f.service.start_thread(f.fran, f.load(f.fran, "quiet-room"), "Private",
                                                "Private text", Anonymity::kNamed);
  const auto owls = f.load(f.fran);
  CHECK(kind_of_failure([&] { f.service.thread(f.fran, owls, elsewhere.thread_id, 1, 20); }) ==
        ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] {
          f.service.reply(f.fran, owls, elsewhere.thread_id, "Hi", Anonymity::kNamed);
        }) == ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { f.service.edit_post(f.fran, owls, elsewhere.post_id, "x", std::nullopt); }) ==
        ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] { f.service.delete_post(f.fran, owls, elsewhere.post_id); }) ==
        ErrorKind::kNotFound);
  CHECK(kind_of_failure([&] {
          f.service.moderate_post(f.fran, owls, elsewhere.post_id, PostModeration::kHide);
        }) == ErrorKind::kNotFound);
  CHECK(f.thread(elsewhere.thread_id).post_count == 1);
  CHECK(f.post(elsewhere.post_id).body == "Private text");
}

TEST_CASE("a member who has not accepted changed ground rules reads but does not write",
          "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  auto draft = sample_draft("Night owls", "night-owls");
  draft.ground_rules = "New rules: be kind, and keep it here.";
  REQUIRE(f.group_service.update(f.fran, "night-owls", groups::GroupForm{draft, {}}).group);

  const auto context = f.load(f.amy);
  CHECK(f.service.threads(f.amy, context, 1, 20).total == 1);
  CHECK(kind_of_failure([&] { f.service.start_thread(f.amy, context, "T", "B", Anonymity::kNamed); }) ==
        ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          f.service.reply(f.amy, context, created.thread_id, "B", Anonymity::kNamed);
        }) == ErrorKind::kForbidden);
  CHECK(f.thread(created.thread_id).post_count == 1);

  f.group_service.accept_rules(f.amy, "night-owls");
  CHECK_NOTHROW(f.service.reply(f.amy, f.load(f.amy), created.thread_id, "B", Anonymity::kNamed));
}

TEST_CASE("an archived group's conversation is read by its members but takes nothing new",
          "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  f.group_service.archive(f.fran, "night-owls");

  const auto member = f.load(f.amy);
  CHECK(f.service.threads(f.amy, member, 1, 20).total == 1);
  CHECK(f.service.thread(f.amy, member, created.thread_id, 1, 20).posts.size() == 1);
  CHECK(kind_of_failure([&] { f.service.start_thread(f.amy, member, "T", "B", Anonymity::kNamed); }) ==
        ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          f.service.reply(f.ben, f.load(f.ben), created.thread_id, "B", Anonymity::kNamed);
        }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] { f.service.edit_post(f.amy, member, created.post_id, "B", std::nullopt); }) ==
        ErrorKind::kForbidden);
  const auto facilitator = f.load(f.fran);
  CHECK(kind_of_failure([&] { f.service.load_for_moderation(f.fran, "night-owls"); }) ==
        ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] {
          f.service.moderate_post(f.fran, facilitator, created.post_id, PostModeration::kHide);
        }) == ErrorKind::kForbidden);
  CHECK(kind_of_failure([&] { f.load(f.stan); }) == ErrorKind::kNotFound);
  CHECK(f.post(created.post_id).state == PostState::kVisible);
}

// ---- Writing --------------------------------------------------------------------------

TEST_CASE("starting a thread and replying mark it read for the writer", "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  auto page = f.service.threads(f.amy, f.load(f.amy), 1, 20);
  REQUIRE(page.threads.size() == 1);
  CHECK_FALSE(page.threads[0].unread);
  CHECK(f.service.threads(f.ben, f.load(f.ben), 1, 20).threads[0].unread);

  const auto reply = f.service.reply(f.ben, f.load(f.ben), created.thread_id, "A reply.", Anonymity::kNamed);
  CHECK_FALSE(f.service.threads(f.ben, f.load(f.ben), 1, 20).threads[0].unread);
  CHECK(f.service.threads(f.amy, f.load(f.amy), 1, 20).threads[0].unread);

  const auto shown = f.service.thread(f.amy, f.load(f.amy), created.thread_id, 1, 20);
  CHECK(shown.thread.id == created.thread_id);
  CHECK(shown.total_posts == 2);
  REQUIRE(shown.posts.size() == 2);
  CHECK(shown.posts[1].post.id == reply);
  CHECK(shown.posts[1].author_name == "Person ben");
  CHECK_FALSE(f.service.threads(f.amy, f.load(f.amy), 1, 20).threads[0].unread);
}

TEST_CASE("anonymous posts are refused unless the group allows them", "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  auto context = f.load(f.ben);
  CHECK(kind_of_failure([&] { f.service.start_thread(f.ben, context, "T", "B", Anonymity::kAnonymous); }) ==
        ErrorKind::kBadRequest);
  CHECK(kind_of_failure([&] {
          f.service.reply(f.ben, context, created.thread_id, "B", Anonymity::kAnonymous);
        }) == ErrorKind::kBadRequest);
  SharedResource resource;
  resource.title = "Box breathing";
  resource.url = "https://example.org/breathing";
  resource.anonymity = Anonymity::kAnonymous;
  CHECK(kind_of_failure([&] { f.service.share_resource(f.ben, context, resource); }) ==
        ErrorKind::kBadRequest);
  CHECK(f.service.threads(f.ben, context, 1, 20).total == 1);
  CHECK(f.thread(created.thread_id).post_count == 1);
  CHECK(f.service.resources(context).empty());

  f.allow_anonymous();
  context = f.load(f.ben);
  CHECK(context.settings.allow_anonymous);
  const auto anonymous = f.service.start_thread(f.ben, context, "Anonymous", "B", Anonymity::kAnonymous);
  const auto reply = f.service.reply(f.ben, context, created.thread_id, "B", Anonymity::kAnonymous);
  f.service.share_resource(f.ben, context, resource);

  CHECK(f.post(anonymous.post_id).is_anonymous());
  CHECK(f.post(reply).is_anonymous());
  const auto page = f.service.threads(f.amy, f.load(f.amy), 1, 20);
  REQUIRE(page.threads.size() == 2);
  CHECK(page.threads[0].thread.id == anonymous.thread_id);
  CHECK(page.threads[0].starter_name.empty());
  const auto shown = f.service.thread(f.amy, f.load(f.amy), created.thread_id, 1, 20);
  REQUIRE(shown.posts.size() == 2);
  CHECK(shown.posts[1].author_name.empty());
  const auto resources = f.service.resources(context);
  REQUIRE(resources.size() == 1);
  CHECK(resources[0].author_name.empty());
  CHECK(resources[0].resource.author_person_id == f.ben.person_id());
}

TEST_CASE("a locked thread takes replies from facilitators only", "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  f.service.moderate_thread(f.fran, f.load(f.fran), created.thread_id, ThreadModeration::kLock);
  CHECK(f.thread(created.thread_id).locked);

  CHECK(kind_of_failure([&] {
          f.service.reply(f.ben, f.load(f.ben), created.thread_id, "Me too", Anonymity::kNamed);
        }) == ErrorKind::kConflict);
  CHECK(f.thread(created.thread_id).post_count == 1);
  // Nor may the author edit in it, though they may still delete.
  CHECK(kind_of_failure([&] {
          f.service.edit_post(f.amy, f.load(f.amy), created.post_id, "Edited", std::nullopt);
        }) == ErrorKind::kConflict);
  const auto closing =
      f.service.reply(f.fran, f.load(f.fran), created.thread_id, "Closing this one.", Anonymity::kNamed);
  CHECK(f.thread(created.thread_id).last_post_id == closing);

  f.service.moderate_thread(f.fran, f.load(f.fran), created.thread_id, ThreadModeration::kUnlock);
  CHECK_NOTHROW(f.service.reply(f.ben, f.load(f.ben), created.thread_id, "Me too", Anonymity::kNamed));
  CHECK(f.thread(created.thread_id).post_count == 3);

  f.service.moderate_thread(f.fran, f.load(f.fran), created.thread_id, ThreadModeration::kLock);
  CHECK_NOTHROW(f.service.delete_post(f.amy, f.load(f.amy), created.post_id));
  CHECK(f.post(created.post_id).state == PostState::kDeleted);
}

TEST_CASE("only authors edit and delete their posts", "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  const auto reply =
      f.service.reply(f.ben, f.load(f.ben), created.thread_id, "Ben's reply", Anonymity::kNamed);

  for (const auto* other : {&f.ben, &f.fran}) {
    INFO(other->display_name());
    CHECK(kind_of_failure([&] {
            f.service.edit_post(*other, f.load(*other), created.post_id, "Changed",
                                std::string_view("New title"));
          }) == ErrorKind::kForbidden);
    CHECK(kind_of_failure([&] { f.service.delete_post(*other, f.load(*other), created.post_id); }) ==
          ErrorKind::kForbidden);
  }
  CHECK(f.post(created.post_id).state == PostState::kVisible);
  CHECK(f.post(created.post_id).body.find(kSecret) != std::string::npos);

  // The author edits; the title changes only through the opening post.
  f.clock.advance(90);
  f.service.edit_post(f.amy, f.load(f.amy), created.post_id, "Better words",
                      std::string_view("Better title"));
  CHECK(f.post(created.post_id).body == "Better words");
  CHECK(f.post(created.post_id).edited_at == f.clock.now_seconds());
  CHECK(f.thread(created.thread_id).title == "Better title");
  f.service.edit_post(f.ben, f.load(f.ben), reply, "Ben's edited reply", std::string_view("Ben's title"));
  CHECK(f.post(reply).body == "Ben's edited reply");
  CHECK(f.thread(created.thread_id).title == "Better title");

  // Deleting closes the post's reports; a deleted post is gone for its author too.
  const auto report = f.report(f.ben, created.post_id);
  f.service.delete_post(f.amy, f.load(f.amy), created.post_id);
  CHECK(f.post(created.post_id).state == PostState::kDeleted);
  CHECK(f.post(created.post_id).body.empty());
  CHECK(f.store.find_report(report)->status == ReportStatus::kClosed);
  CHECK(kind_of_failure([&] { f.service.delete_post(f.amy, f.load(f.amy), created.post_id); }) ==
        ErrorKind::kConflict);
  CHECK(kind_of_failure([&] {
          f.service.edit_post(f.amy, f.load(f.amy), created.post_id, "Back", std::nullopt);
        }) == ErrorKind::kConflict);
  // Authors' own actions are not moderation.
  CHECK(f.audit().empty());
}

TEST_CASE("members report other people's posts once", "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.amy);
  CHECK(f.service.report_post(f.ben, f.load(f.ben), created.post_id, ReportReason::kUnkind, "Harsh"));
  CHECK_FALSE(f.service.report_post(f.ben, f.load(f.ben), created.post_id, ReportReason::kSpam, ""));
  CHECK(kind_of_failure([&] {
          f.service.report_post(f.amy, f.load(f.amy), created.post_id, ReportReason::kOther, "");
        }) == ErrorKind::kForbidden);
  CHECK(f.service.open_reports(f.load(f.fran)).size() == 1);
}

TEST_CASE("shared resources are removed by their author or a facilitator", "[conversations][service]") {
  ServiceFixture f;
  SharedResource resource;
  resource.title = "Box breathing";
  resource.url = "https://example.org/breathing";
  f.service.share_resource(f.amy, f.load(f.amy), resource);
  f.service.share_resource(f.amy, f.load(f.amy), resource);
  const auto resources = f.service.resources(f.load(f.amy));
  REQUIRE(resources.size() == 2);
  CHECK(resources[0].author_name == "Person amy");

  CHECK(kind_of_failure([&] { f.service.remove_resource(f.ben, f.load(f.ben), resources[0].resource.id); }) ==
        ErrorKind::kForbidden);
  f.service.remove_resource(f.amy, f.load(f.amy), resources[0].resource.id);
  CHECK(f.audit().empty());  // removing one's own is not moderation
  check_audited(
      f, [&] { f.service.remove_resource(f.fran, f.load(f.fran), resources[1].resource.id); }, f.fran,
      "resource.remove", "shared_resource", resources[1].resource.id);
  CHECK(f.service.resources(f.load(f.amy)).empty());
}

// ---- Moderation and the audit log ------------------------------------------------------

TEST_CASE("every moderation action writes one audit row without post text", "[conversations][service]") {
  ServiceFixture f;
  f.allow_anonymous();
  const auto created = f.start(f.amy);
  const auto owls = f.load(f.fran);

  SECTION("posts") {
    check_audited(
        f, [&] { f.service.moderate_post(f.fran, owls, created.post_id, PostModeration::kHide); }, f.fran,
        "post.hide", "post", created.post_id);
    CHECK(f.post(created.post_id).state == PostState::kHidden);
    check_audited(
        f, [&] { f.service.moderate_post(f.fran, owls, created.post_id, PostModeration::kShow); }, f.fran,
        "post.show", "post", created.post_id);
    CHECK(f.post(created.post_id).state == PostState::kVisible);
    check_audited(
        f, [&] { f.service.moderate_post(f.fran, owls, created.post_id, PostModeration::kRemove); }, f.fran,
        "post.remove", "post", created.post_id);
    CHECK(f.post(created.post_id).state == PostState::kRemoved);
    CHECK(f.post(created.post_id).body.empty());
    // Nothing left to do: refused, and not recorded.
    const auto before = f.audit().size();
    CHECK(kind_of_failure([&] {
            f.service.moderate_post(f.fran, owls, created.post_id, PostModeration::kRemove);
          }) == ErrorKind::kConflict);
    CHECK(kind_of_failure([&] {
            f.service.moderate_post(f.fran, owls, created.post_id, PostModeration::kShow);
          }) == ErrorKind::kConflict);
    CHECK(f.audit().size() == before);
  }
  SECTION("threads") {
    for (const auto& [action, name] : std::vector<std::pair<ThreadModeration, std::string_view>>{
             {ThreadModeration::kPin, "thread.pin"},
             {ThreadModeration::kLock, "thread.lock"},
             {ThreadModeration::kUnpin, "thread.unpin"},
             {ThreadModeration::kUnlock, "thread.unlock"}}) {
      check_audited(
          f, [&] { f.service.moderate_thread(f.fran, owls, created.thread_id, action); }, f.fran, name,
          "thread", created.thread_id);
    }
    CHECK_FALSE(f.thread(created.thread_id).pinned);
    CHECK_FALSE(f.thread(created.thread_id).locked);
  }
  SECTION("settings") {
    check_audited(
        f,
        [&] {
          f.service.save_settings(f.fran, owls, {false, 30});
        },
        f.fran, "group.conversation_settings", "group", owls.group().id);
    CHECK(f.audit().front().detail.find("30") != std::string::npos);
    CHECK(f.store.settings(owls.group().id).retention_days == 30);
  }
  SECTION("reports, dismissed and escalated") {
    const auto dismissed = f.report(f.ben, created.post_id);
    check_audited(
        f, [&] { f.service.handle_report(f.fran, owls, dismissed, ReportAction::kDismiss, ""); }, f.fran,
        "report.dismiss", "report", dismissed);
    CHECK(f.store.find_report(dismissed)->status == ReportStatus::kClosed);
    CHECK(f.post(created.post_id).state == PostState::kVisible);
    // A report already dealt with is not dealt with twice.
    CHECK(kind_of_failure([&] {
            f.service.handle_report(f.fran, owls, dismissed, ReportAction::kEscalate, "");
          }) == ErrorKind::kConflict);

    const auto escalated = f.report(f.ben, created.post_id);
    check_audited(
        f, [&] { f.service.handle_report(f.fran, owls, escalated, ReportAction::kEscalate, ""); }, f.fran,
        "report.escalate", "report", escalated);
    CHECK(f.store.find_report(escalated)->status == ReportStatus::kEscalated);
    CHECK(f.service.open_reports(owls).empty());
  }
  SECTION("reports, warning the author") {
    const auto anonymous =
        f.service.reply(f.ben, f.load(f.ben), created.thread_id, std::string(kSecret), Anonymity::kAnonymous);
    const auto report = f.report(f.amy, anonymous);
    check_audited(
        f,
        [&] {
          f.service.handle_report(f.fran, owls, report, ReportAction::kWarnAuthor,
                                  "Please mind the ground rules.");
        },
        f.fran, "member.warn", "post", anonymous);
    CHECK(f.store.find_report(report)->status == ReportStatus::kClosed);
    // The author of the anonymous post gets the warning; nobody else does.
    const auto warnings = f.service.warnings(f.ben, f.load(f.ben));
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].message == "Please mind the ground rules.");
    CHECK(f.service.warnings(f.amy, f.load(f.amy)).empty());
    CHECK(f.service.warnings(f.fran, owls).empty());
    f.service.dismiss_warning(f.amy, f.load(f.amy), warnings[0].id);
    CHECK(f.service.warnings(f.ben, f.load(f.ben)).size() == 1);
    f.service.dismiss_warning(f.ben, f.load(f.ben), warnings[0].id);
    CHECK(f.service.warnings(f.ben, f.load(f.ben)).empty());
  }
  SECTION("reports, removing the author of a named post") {
    const auto named =
        f.service.reply(f.ben, f.load(f.ben), created.thread_id, std::string(kSecret), Anonymity::kNamed);
    const auto report = f.report(f.amy, named);
    check_audited(
        f, [&] { f.service.handle_report(f.fran, owls, report, ReportAction::kRemoveAuthor, ""); }, f.fran,
        "member.remove", "post", named);
    CHECK_FALSE(f.group_store.membership(owls.group().id, f.ben.person_id()));
    CHECK(f.post(named).state == PostState::kHidden);
    CHECK(f.store.find_report(report)->status == ReportStatus::kClosed);
    CHECK(kind_of_failure([&] { f.load(f.ben); }) == ErrorKind::kForbidden);
  }
  SECTION("escalations handled by a coordinator") {
    const auto hide = f.report(f.ben, created.post_id);
    f.service.handle_report(f.fran, owls, hide, ReportAction::kEscalate, "");
    check_audited(
        f, [&] { f.service.handle_escalation(f.cora, hide, EscalationAction::kHidePost); }, f.cora,
        "post.hide", "post", created.post_id);
    CHECK(f.post(created.post_id).state == PostState::kHidden);
    CHECK(f.store.find_report(hide)->status == ReportStatus::kClosed);

    const auto reply =
        f.service.reply(f.ben, f.load(f.ben), created.thread_id, std::string(kSecret), Anonymity::kAnonymous);
    const auto remove = f.report(f.amy, reply);
    f.service.handle_report(f.fran, owls, remove, ReportAction::kEscalate, "");
    check_audited(
        f, [&] { f.service.handle_escalation(f.cora, remove, EscalationAction::kRemovePost); }, f.cora,
        "post.remove", "post", reply);
    CHECK(f.post(reply).state == PostState::kRemoved);
    CHECK(f.post(reply).body.empty());

    const auto other = f.service.reply(f.amy, f.load(f.amy), created.thread_id, "Another", Anonymity::kNamed);
    const auto close = f.report(f.ben, other);
    f.service.handle_report(f.fran, owls, close, ReportAction::kEscalate, "");
    check_audited(
        f, [&] { f.service.handle_escalation(f.cora, close, EscalationAction::kClose); }, f.cora,
        "report.close", "report", close);
    CHECK(f.store.find_report(close)->status == ReportStatus::kClosed);
    CHECK(f.post(other).state == PostState::kVisible);

    // Only coordinators, and only escalated reports.
    const auto open = f.report(f.ben, other);
    CHECK(kind_of_failure([&] { f.service.handle_escalation(f.cora, open, EscalationAction::kClose); }) ==
          ErrorKind::kNotFound);
    f.service.handle_report(f.fran, owls, open, ReportAction::kEscalate, "");
    for (const auto* viewer : {&f.fran, &f.adam, &f.amy}) {
      INFO(viewer->display_name());
      CHECK(kind_of_failure([&] { f.service.handle_escalation(*viewer, open, EscalationAction::kClose); }) ==
            ErrorKind::kForbidden);
      CHECK(kind_of_failure([&] { f.service.escalated_reports(*viewer); }) == ErrorKind::kForbidden);
    }
    CHECK(f.store.find_report(open)->status == ReportStatus::kEscalated);
  }
}

TEST_CASE("removing the author of an anonymous post through a report is refused",
          "[conversations][service]") {
  ServiceFixture f;
  f.allow_anonymous();
  const auto created = f.start(f.ben, Anonymity::kAnonymous);
  const auto report = f.report(f.amy, created.post_id);
  const auto owls = f.load(f.fran);
  const auto audit_rows = f.audit().size();

  CHECK(kind_of_failure([&] {
          f.service.handle_report(f.fran, owls, report, ReportAction::kRemoveAuthor, "");
        }) == ErrorKind::kConflict);
  const auto membership = f.group_store.membership(owls.group().id, f.ben.person_id());
  REQUIRE(membership);
  CHECK(membership->is_active());
  CHECK(f.store.find_report(report)->status == ReportStatus::kOpen);
  CHECK(f.post(created.post_id).state == PostState::kVisible);
  CHECK(f.audit().size() == audit_rows);
  CHECK(f.group_store.count_with_status(owls.group().id, groups::MembershipStatus::kActive) == 3);
}

TEST_CASE("a facilitator cannot remove themselves through a report of their own post",
          "[conversations][service]") {
  ServiceFixture f;
  const auto created = f.start(f.fran);
  const auto report = f.report(f.amy, created.post_id);
  const auto owls = f.load(f.fran);
  CHECK(kind_of_failure([&] {
          f.service.handle_report(f.fran, owls, report, ReportAction::kRemoveAuthor, "");
        }) == ErrorKind::kForbidden);
  CHECK(f.group_store.membership(owls.group().id, f.fran.person_id()));
  CHECK(f.store.find_report(report)->status == ReportStatus::kOpen);
}

// ---- Revealing an anonymous author -------------------------------------------------

TEST_CASE("a coordinator reveals the author of an escalated anonymous post, with a recorded reason",
          "[conversations][service]") {
  ServiceFixture f;
  f.allow_anonymous();
  const auto owls = f.load(f.fran);
  const auto anonymous = f.start(f.ben, Anonymity::kAnonymous);
  const auto report = f.report(f.amy, anonymous.post_id, ReportReason::kSafety);

  // Not before it is escalated.
  CHECK(kind_of_failure([&] { f.service.reveal_author(f.cora, report, "Worried about safety"); }) ==
        ErrorKind::kNotFound);
  f.service.handle_report(f.fran, owls, report, ReportAction::kEscalate, "");

  const auto escalated = f.service.escalated_reports(f.cora);
  REQUIRE(escalated.size() == 1);
  CHECK(escalated[0].report.id == report);
  CHECK(escalated[0].post.author_name.empty());

  // Not by the facilitator, an administrator or a member.
  for (const auto* viewer : {&f.fran, &f.adam, &f.amy, &f.ben}) {
    INFO(viewer->display_name());
    CHECK(kind_of_failure([&] { f.service.reveal_author(*viewer, report, "Curious"); }) ==
          ErrorKind::kForbidden);
  }
  const auto before = f.audit().size();

  const std::string reason = "Safety concern: the post talks about not wanting to go on.";
  std::string revealed;
  check_audited(
      f, [&] { revealed = f.service.reveal_author(f.cora, report, reason); }, f.cora, "post.reveal_author",
      "post", anonymous.post_id);
  CHECK(revealed == "Person ben");
  CHECK(f.audit().front().detail == reason);
  CHECK(f.audit().size() == before + 1);

  // A named post's author is no secret to reveal.
  const auto named = f.service.reply(f.ben, f.load(f.ben), anonymous.thread_id, "Named", Anonymity::kNamed);
  const auto named_report = f.report(f.amy, named, ReportReason::kSafety);
  f.service.handle_report(f.fran, owls, named_report, ReportAction::kEscalate, "");
  CHECK(kind_of_failure([&] { f.service.reveal_author(f.cora, named_report, reason); }) ==
        ErrorKind::kForbidden);
  CHECK(f.audit().size() == before + 2);  // the escalation only
}

// ---- Retention ------------------------------------------------------------------------

TEST_CASE("purge_expired_posts uses each group's retention period and the clock",
          "[conversations][service]") {
  ServiceFixture f;
  f.create(f.fran, sample_draft("Early birds", "early-birds"));
  f.create(f.fran, sample_draft("Day shift", "day-shift"));
  const auto owls =
      f.service.start_thread(f.fran, f.load(f.fran, "night-owls"), "Owls", "o1", Anonymity::kNamed);
  const auto birds =
      f.service.start_thread(f.fran, f.load(f.fran, "early-birds"), "Birds", "b1", Anonymity::kNamed);
  const auto day =
      f.service.start_thread(f.fran, f.load(f.fran, "day-shift"), "Day", "d1", Anonymity::kNamed);
  f.service.save_settings(f.fran, f.load(f.fran, "night-owls"), {false, 30});
  f.service.save_settings(f.fran, f.load(f.fran, "early-birds"), {false, 365});
  CHECK(f.store.find_post(owls.post_id));  // saving purged nothing yet

  // Exactly 30 days old is kept; a second more is not.
  f.clock.advance(30 * kDay);
  CHECK(f.service.purge_expired_posts() == 0);
  f.clock.advance(1);
  CHECK(f.service.purge_expired_posts() == 1);
  CHECK_FALSE(f.store.find_post(owls.post_id));
  CHECK_FALSE(f.store.find_thread(owls.thread_id));
  CHECK(f.store.find_post(birds.post_id));
  CHECK(f.store.find_post(day.post_id));

  const auto fresh =
      f.service.start_thread(f.fran, f.load(f.fran, "night-owls"), "Owls", "o2", Anonymity::kNamed);
  f.clock.advance(170 * kDay - 1);  // day 200 after the start
  const auto birds_reply =
      f.service.reply(f.fran, f.load(f.fran, "early-birds"), birds.thread_id, "b2", Anonymity::kNamed);

  f.clock.advance(165 * kDay + 1);  // 365 days and a second after the start
  CHECK(f.service.purge_expired_posts() == 2);
  CHECK_FALSE(f.store.find_post(fresh.post_id));
  CHECK_FALSE(f.store.find_post(birds.post_id));
  CHECK(f.store.find_post(birds_reply));
  const auto birds_thread = f.thread(birds.thread_id);
  CHECK(birds_thread.post_count == 1);
  CHECK(birds_thread.last_post_id == birds_reply);
  // No retention period: kept however old.
  CHECK(f.store.find_post(day.post_id));
  CHECK(f.service.purge_expired_posts() == 0);

  // Choosing a retention period purges what is already older at once.
  f.service.save_settings(f.fran, f.load(f.fran, "day-shift"), {false, 7});
  CHECK_FALSE(f.store.find_post(day.post_id));
}

TEST_CASE("search goes through the group's own posts", "[conversations][service]") {
  ServiceFixture f;
  f.create(f.fran, hidden_invitation_draft());
  const auto owls = f.service.start_thread(f.amy, f.load(f.amy), "Sleep",
                                           "Blackout curtains changed my life.", Anonymity::kNamed);
  f.service.start_thread(f.fran, f.load(f.fran, "quiet-room"), "Sleep", "Blackout blinds here.",
                         Anonymity::kNamed);
  const auto hits = f.service.search(f.load(f.ben), "blackout", 20);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].post_id == owls.post_id);
  CHECK(f.service.search(f.load(f.ben), "\"*()", 20).empty());
}

}  // namespace hearth::features::conversations
