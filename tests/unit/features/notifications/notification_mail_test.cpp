#include "features/notifications/notification_mail.h"

#include <array>
#include <catch2/catch.hpp>

#include "calendar/time_zone.h"

namespace hearth::features::notifications {
namespace {

constexpr MailSite kSite{"Riverside Care Circle", "https://hearth.riverside-general.example"};

constexpr std::array kAllKinds = {
    NotificationKind::kJoinRequestDecided, NotificationKind::kInvited,
    NotificationKind::kWaitlistPromoted,   NotificationKind::kEventCancelled,
    NotificationKind::kThreadReply,        NotificationKind::kGroupReport,
    NotificationKind::kSupportRequestNew,  NotificationKind::kSupportRequestClaimed};

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("without details, no kind of notification says more than that there is something new",
          "[notifications]") {
  for (const auto kind : kAllKinds) {
    INFO(to_text(kind));
    const Notice notice{kind, "/groups/grief-support/threads/7", "Grief support"};
    const auto text = single_mail(kSite, notice, EmailDetails::kOff);
    CHECK(text.subject == "You have new activity in Riverside Care Circle");
    for (const auto* word : {"Grief", "grief", "threads", "support request", "peer supporter", "group",
                             "event", "reply", "report"}) {
      INFO(word);
      CHECK_FALSE(contains(text.subject, word));
      CHECK_FALSE(contains(text.body, word));
    }
    CHECK(contains(text.body, "https://hearth.riverside-general.example/notifications\n"));
    CHECK(contains(text.body, "https://hearth.riverside-general.example/notifications/settings"));
  }
}

TEST_CASE("with details, the e-mail says what happened, where, and links to it", "[notifications]") {
  const Notice notice{NotificationKind::kThreadReply, "/groups/grief-support/threads/7", "Grief support"};
  const auto text = single_mail(kSite, notice, EmailDetails::kOn);
  CHECK(text.subject == "New reply in a thread you follow: Grief support");
  CHECK(contains(text.body, "There's a new reply in a thread you follow."));
  CHECK(contains(text.body, "About: Grief support"));
  CHECK(contains(text.body, "https://hearth.riverside-general.example/groups/grief-support/threads/7"));

  const Notice without_context{NotificationKind::kSupportRequestNew, "/support/queue"};
  const auto plain = single_mail(kSite, without_context, EmailDetails::kOn);
  CHECK(plain.subject == "New peer-support request");
  CHECK_FALSE(contains(plain.body, "About:"));
}

TEST_CASE("every kind has a sentence, a title and a stable text form", "[notifications]") {
  for (const auto kind : kAllKinds) {
    INFO(static_cast<int>(kind));
    CHECK_FALSE(sentence(kind).empty());
    CHECK_FALSE(title(kind).empty());
    CHECK(notification_kind_from_text(to_text(kind)) == kind);
  }
  CHECK_FALSE(notification_kind_from_text("nonsense"));
  CHECK(urgency(NotificationKind::kSupportRequestNew) == Urgency::kUrgent);
  CHECK(urgency(NotificationKind::kThreadReply) == Urgency::kNormal);
}

TEST_CASE("the digest moment is the digest hour today once it has passed, else yesterday's",
          "[notifications]") {
  const auto zone = *calendar::TimeZone::load("America/New_York");
  const auto at = [&](calendar::LocalDate date, int hour, int minute) {
    return zone.to_utc(date, {hour, minute});
  };
  CHECK(latest_digest_moment(at({2026, 3, 3}, 14, 0), zone, 7) == at({2026, 3, 3}, 7, 0));
  CHECK(latest_digest_moment(at({2026, 3, 3}, 7, 0), zone, 7) == at({2026, 3, 3}, 7, 0));
  CHECK(latest_digest_moment(at({2026, 3, 3}, 6, 59), zone, 7) == at({2026, 3, 2}, 7, 0));
  CHECK(latest_digest_moment(at({2026, 3, 1}, 0, 30), zone, 7) == at({2026, 2, 28}, 7, 0));
  // Around the change to daylight saving time (8 March 2026): a 23-hour day.
  CHECK(latest_digest_moment(at({2026, 3, 9}, 0, 30), zone, 7) == at({2026, 3, 8}, 7, 0));
  CHECK(latest_digest_moment(at({2026, 3, 9}, 8, 0), zone, 7) == at({2026, 3, 9}, 7, 0));
  CHECK(latest_digest_moment(at({2026, 3, 3}, 23, 0), zone, 0) == at({2026, 3, 3}, 0, 0));
}

}  // namespace hearth::features::notifications
