#include "features/notifications/notification_service.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "common/error.h"
#include "unit/features/notifications/notification_test_support.h"

namespace hearth::features::notifications {
namespace {

using testing::NotificationFixture;
using testing::roles_of;

constexpr std::string_view kLink = "/groups/grief-support";
constexpr std::string_view kGroupName = "Grief support";

Notice grief_notice(NotificationKind kind = NotificationKind::kJoinRequestDecided) {
  return {kind, std::string(kLink), std::string(kGroupName)};
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

ErrorKind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("expected a hearth::Error");
  return ErrorKind::kInternal;
}

}  // namespace

TEST_CASE("a notification is stored for the person and counted as unread", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");
  const auto ben = f.person("ben");
  f.service.notify(amy, grief_notice());
  CHECK(f.service.unread_count(f.viewer(amy)) == 1);
  CHECK(f.service.unread_count(f.viewer(ben)) == 0);
  CHECK(f.service.unread_count(auth::Viewer::anonymous()) == 0);

  const auto page = f.service.page(f.viewer(amy), 1, 30);
  REQUIRE(page.notifications.size() == 1);
  const auto& notification = page.notifications.front();
  CHECK(notification.kind == NotificationKind::kJoinRequestDecided);
  CHECK(notification.link == kLink);
  CHECK(notification.is_unread());

  SECTION("opening it marks it read and returns its link; nobody else may open it") {
    CHECK(kind_of_failure([&] { f.service.open(f.viewer(ben), notification.id); }) == ErrorKind::kNotFound);
    CHECK(f.service.open(f.viewer(amy), notification.id) == kLink);
    CHECK(f.service.unread_count(f.viewer(amy)) == 0);
    CHECK(kind_of_failure([&] { f.service.open(f.viewer(amy), 999999); }) == ErrorKind::kNotFound);
  }
  SECTION("mark all read") {
    f.service.notify(amy, grief_notice(NotificationKind::kInvited));
    CHECK(f.service.unread_count(f.viewer(amy)) == 2);
    f.service.mark_all_read(f.viewer(amy));
    CHECK(f.service.unread_count(f.viewer(amy)) == 0);
  }
  SECTION("forget deletes every notification leading to a link") {
    f.service.notify(ben, grief_notice());
    f.service.forget(kLink);
    CHECK(f.service.page(f.viewer(amy), 1, 30).total == 0);
    CHECK(f.service.page(f.viewer(ben), 1, 30).total == 0);
  }
  SECTION("the stored row holds no text but the kind and the link") {
    auto statement = f.database.connection().query("SELECT kind, link FROM notification");
    REQUIRE(statement.step());
    CHECK(statement.column_text(0) == "join_request_decided");
    CHECK(statement.column_text(1) == kLink);
  }
}

TEST_CASE("e-mail follows each person's choice and says nothing without details", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");

  SECTION("immediately (the default here): one content-free message in the outbox, and the sender is woken") {
    f.service.notify(amy, grief_notice());
    const auto rows = f.outbox_rows();
    REQUIRE(rows.size() == 1);
    const auto& message = rows.front();
    CHECK(message.to_address == "amy@riverside-general.example");
    CHECK(message.subject == "You have new activity in Riverside Care Circle");
    CHECK_FALSE(contains(message.body, "Grief"));
    CHECK_FALSE(contains(message.body, "grief"));
    CHECK_FALSE(contains(message.body, "request"));
    CHECK(contains(message.body, "https://hearth.riverside-general.example/notifications\n"));
    CHECK(message.message_id.ends_with("@riverside-general.example"));
    CHECK(message.next_attempt_at == f.clock.now_seconds());
    CHECK(message.attempts == 0);
    CHECK(f.wakes == 1);
  }
  SECTION("with details: the group's name and a direct link") {
    f.service.save_preferences(f.viewer(amy), {EmailFrequency::kImmediately, EmailDetails::kOn});
    f.service.notify(amy, grief_notice());
    const auto rows = f.outbox_rows();
    REQUIRE(rows.size() == 1);
    CHECK(contains(rows.front().subject, "Grief support"));
    CHECK(contains(rows.front().body, "Grief support"));
    CHECK(contains(rows.front().body, "https://hearth.riverside-general.example/groups/grief-support"));
  }
  SECTION("off: in-app only") {
    f.service.save_preferences(f.viewer(amy), {EmailFrequency::kOff, EmailDetails::kOff});
    f.service.notify(amy, grief_notice());
    CHECK(f.outbox_rows().empty());
    CHECK(f.service.unread_count(f.viewer(amy)) == 1);
    CHECK(f.wakes == 0);
  }
  SECTION("people without an address in the directory get in-app notifications only") {
    const auto nomail = testing::add_person(f.people, "nomail", roles_of({auth::Role::kStaff}), "");
    f.service.notify(nomail, grief_notice());
    CHECK(f.outbox_rows().empty());
    CHECK(f.service.unread_count(f.viewer(nomail)) == 1);
  }
  SECTION("with e-mail off for the whole site nothing is queued") {
    f.mail.delivery = MailDelivery::kOff;
    f.service.notify(amy, grief_notice());
    CHECK(f.outbox_rows().empty());
    CHECK(f.service.unread_count(f.viewer(amy)) == 1);
  }
  SECTION("the configured default applies to people who never chose") {
    f.mail.default_email = EmailFrequency::kOff;
    f.service.notify(amy, grief_notice());
    CHECK(f.outbox_rows().empty());
    CHECK(f.service.preferences(f.viewer(amy)).email == EmailFrequency::kOff);
  }
}

TEST_CASE("notifications join the caller's transaction", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");
  {
    storage::Transaction outer(f.database.connection());
    f.service.notify(amy, grief_notice());
    // Not committed: the change it reports did not happen.
  }
  CHECK(f.service.unread_count(f.viewer(amy)) == 0);
  CHECK(f.outbox_rows().empty());
  {
    storage::Transaction outer(f.database.connection());
    f.service.notify(amy, grief_notice());
    outer.commit();
  }
  CHECK(f.service.unread_count(f.viewer(amy)) == 1);
  CHECK(f.outbox_rows().size() == 1);
}

TEST_CASE("notify_many skips repeats, zero and unknown people", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");
  const auto ben = f.person("ben");
  f.service.notify_many({amy, ben, amy, 0, 424242}, grief_notice(NotificationKind::kThreadReply));
  CHECK(f.service.unread_count(f.viewer(amy)) == 1);
  CHECK(f.service.unread_count(f.viewer(ben)) == 1);
  CHECK(f.outbox_rows().size() == 2);
}

TEST_CASE("notify_roles reaches everyone with the roles except the person who caused it", "[notifications]") {
  NotificationFixture f;
  const auto staff = f.person("staff");
  const auto supporter = f.person("supporter", roles_of({auth::Role::kStaff, auth::Role::kPeerSupporter}));
  const auto coordinator = f.person("coordinator", roles_of({auth::Role::kStaff, auth::Role::kCoordinator}));
  const auto both = f.person("both", roles_of({auth::Role::kPeerSupporter, auth::Role::kCoordinator}));
  const auto admin = f.person("admin", roles_of({auth::Role::kAdmin}));
  auth::RoleSet roles = roles_of({auth::Role::kPeerSupporter, auth::Role::kCoordinator});

  f.service.notify_roles(roles, {NotificationKind::kSupportRequestNew, "/support/queue"}, coordinator);
  CHECK(f.service.unread_count(f.viewer(supporter)) == 1);
  CHECK(f.service.unread_count(f.viewer(both)) == 1);
  CHECK(f.service.unread_count(f.viewer(coordinator)) == 0);
  CHECK(f.service.unread_count(f.viewer(staff)) == 0);
  CHECK(f.service.unread_count(f.viewer(admin)) == 0);
}

TEST_CASE("a new support request is e-mailed at once even to digest readers", "[notifications]") {
  NotificationFixture f;
  const auto supporter = f.person("supporter", roles_of({auth::Role::kStaff, auth::Role::kPeerSupporter}));
  f.service.save_preferences(f.viewer(supporter), {EmailFrequency::kDaily, EmailDetails::kOff});
  f.service.notify(supporter, {NotificationKind::kThreadReply, "/groups/a/threads/1", "A"});
  CHECK(f.outbox_rows().empty());
  f.service.notify(supporter, {NotificationKind::kSupportRequestNew, "/support/queue"});
  REQUIRE(f.outbox_rows().size() == 1);
  CHECK(f.outbox_rows().front().subject == "You have new activity in Riverside Care Circle");
}

TEST_CASE("the daily digest goes out once a day after the digest hour, for unread notifications",
          "[notifications]") {
  NotificationFixture f;  // 14:00 in New York
  const auto amy = f.person("amy");
  const auto ben = f.person("ben");
  f.service.save_preferences(f.viewer(amy), {EmailFrequency::kDaily, EmailDetails::kOff});
  f.service.save_preferences(f.viewer(ben), {EmailFrequency::kDaily, EmailDetails::kOn});
  f.service.notify_many({amy, ben}, grief_notice(NotificationKind::kThreadReply));
  f.service.notify_many({amy, ben}, grief_notice(NotificationKind::kInvited));
  f.service.notify(amy, grief_notice(NotificationKind::kWaitlistPromoted));
  CHECK(f.outbox_rows().empty());

  // Chose the digest today: the first one comes tomorrow morning.
  CHECK(f.service.queue_due_digests() == 0);
  f.clock.advance(16 * 3600);  // 06:00
  CHECK(f.service.queue_due_digests() == 0);
  // Ben read the reply in the meantime (the oldest of his two).
  const auto bens = f.service.page(f.viewer(ben), 1, 30).notifications;
  f.service.open(f.viewer(ben), bens.back().id);
  f.clock.advance(3600 + 300);  // 07:05
  CHECK(f.service.queue_due_digests() == 2);
  const auto rows = f.outbox_rows();
  REQUIRE(rows.size() == 2);
  for (const auto& row : rows) {
    INFO(row.body);
    CHECK(row.subject == "Your daily summary from Riverside Care Circle");
    if (row.to_address.starts_with("amy")) {
      CHECK(contains(row.body, "You have 3 new notifications"));
      CHECK_FALSE(contains(row.body, "grief"));
      CHECK_FALSE(contains(row.body, "reply"));
    } else {
      // Details: what happened and where, only for what Ben has not read.
      CHECK(contains(row.body, "You've been invited to join a group."));
      CHECK_FALSE(contains(row.body, "reply"));
      CHECK(contains(row.body, "https://hearth.riverside-general.example/groups/grief-support"));
    }
  }
  CHECK(f.service.queue_due_digests() == 0);  // once a day

  // The next day: nothing new, no e-mail. Something new after the digest
  // hour goes out in that day's digest; anything later waits for the next day.
  f.clock.advance(24 * 3600);
  CHECK(f.service.queue_due_digests() == 0);
  f.service.notify(amy, grief_notice(NotificationKind::kThreadReply));
  CHECK(f.service.queue_due_digests() == 1);
  CHECK(contains(f.outbox_rows().back().body, "You have 1 new notification in"));
  f.service.notify(amy, grief_notice(NotificationKind::kInvited));
  CHECK(f.service.queue_due_digests() == 0);
  f.clock.advance(24 * 3600);
  CHECK(f.service.queue_due_digests() == 1);
  CHECK(f.outbox_rows().size() == 4);
}

TEST_CASE("leaving the digest takes waiting notifications out of it", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");
  f.service.save_preferences(f.viewer(amy), {EmailFrequency::kDaily, EmailDetails::kOff});
  f.service.notify(amy, grief_notice());
  f.service.save_preferences(f.viewer(amy), {EmailFrequency::kOff, EmailDetails::kOff});
  f.clock.advance(2 * 24 * 3600);
  CHECK(f.service.queue_due_digests() == 0);
  CHECK(f.outbox_rows().empty());
}

TEST_CASE("old notifications and sent e-mail are purged", "[notifications]") {
  NotificationFixture f;
  const auto amy = f.person("amy");
  f.service.notify(amy, grief_notice());
  const auto sent_id = f.outbox_rows().front().id;
  f.outbox.mark_sent(sent_id, f.clock.now_seconds());
  f.service.notify(amy, grief_notice(NotificationKind::kInvited));
  f.service.open(f.viewer(amy), f.service.page(f.viewer(amy), 1, 30).notifications.front().id);
  CHECK(f.service.purge_expired() == 0);
  f.clock.advance(8 * 24 * 3600);
  CHECK(f.service.purge_expired() == 1);  // the sent e-mail
  CHECK_FALSE(f.outbox.find(sent_id));
  f.clock.advance(30 * 24 * 3600);
  CHECK(f.service.purge_expired() == 1);  // the notification read 38 days ago
  CHECK(f.service.page(f.viewer(amy), 1, 30).total == 1);
  f.clock.advance(180 * 24 * 3600);
  CHECK(f.service.purge_expired() == 1);  // the unread one; e-mail still to be sent is kept
  CHECK(f.service.page(f.viewer(amy), 1, 30).total == 0);
  CHECK(f.outbox_rows().size() == 1);
}

}  // namespace hearth::features::notifications
