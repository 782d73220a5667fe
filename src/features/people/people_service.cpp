#include "features/people/people_service.h"

#include <fmt/format.h>

#include "auth/access_control.h"
#include "common/error.h"
#include "common/log.h"
#include "common/text.h"

namespace hearth::features::people {
namespace {

void require_administrator(const auth::Viewer& viewer) {
  if (!viewer.is_signed_in()) throw Error(ErrorKind::kSignInRequired, "Please sign in first.");
  if (!auth::access::can_administer(viewer)) throw Error::forbidden("people: not an administrator");
}

std::string counted(int count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

}  // namespace

std::vector<std::string> erasure_effects(const PersonDataCounts& counts) {
  std::vector<std::string> lines;
  const auto add = [&lines](bool applies, std::string line) {
    if (applies) lines.push_back(std::move(line));
  };
  add(counts.sessions > 0, fmt::format("Signed out of {}", counted(counts.sessions, "browser", "browsers")));
  add(counts.groups > 0, fmt::format("Removed from {}", counted(counts.groups, "group", "groups")));
  add(counts.applications > 0,
      fmt::format("{} to join deleted, with their answers",
                  counted(counts.applications, "request or invitation", "requests or invitations")));
  add(counts.posts > 0, fmt::format("{} kept, shown as written by \u201cA former member\u201d",
                                    counted(counts.posts, "post", "posts")));
  add(counts.shared_resources > 0,
      fmt::format("{} kept, shown as shared by \u201ca former member\u201d",
                  counted(counts.shared_resources, "shared link", "shared links")));
  add(counts.reports > 0, fmt::format("{} of posts kept for moderation, no longer linked to them",
                                      counted(counts.reports, "report", "reports")));
  add(counts.reminders > 0,
      fmt::format("{} from facilitators deleted", counted(counts.reminders, "reminder", "reminders")));
  add(counts.notifications > 0,
      fmt::format("{} deleted", counted(counts.notifications, "notification", "notifications")));
  add(counts.has_preferences, "Notification settings deleted");
  add(counts.emails > 0, fmt::format("{} to their address deleted from the outbox",
                                     counted(counts.emails, "e-mail", "e-mails")));
  add(counts.support_requests > 0,
      fmt::format("{} for peer support deleted", counted(counts.support_requests, "request", "requests")));
  add(counts.support_requests_in_care > 0,
      fmt::format("{} they had taken returned to the queue",
                  counted(counts.support_requests_in_care, "peer-support request", "peer-support requests")));
  add(counts.events_organised > 0,
      fmt::format("{} kept without an organiser", counted(counts.events_organised, "event", "events")));
  add(counts.rsvps > 0, fmt::format("{} deleted", counted(counts.rsvps, "event reply", "event replies")));
  add(counts.has_calendar_feed, "Calendar feed turned off");
  return lines;
}

PeopleService::PeopleService(PersonDataStore& store, auth::PersonStore& people, const Clock& clock)
    : store_(store), people_(people), clock_(clock) {}

std::optional<auth::PersonRecord> PeopleService::live_person(std::string_view username) {
  const auto trimmed = text::trim(username);
  if (trimmed.empty()) return std::nullopt;
  return people_.find_by_username(trimmed);
}

std::optional<PersonSummary> PeopleService::find(const auth::Viewer& viewer, std::string_view username) {
  require_administrator(viewer);
  auto person = live_person(username);
  if (!person) return std::nullopt;
  auto counts = store_.counts(person->id);
  if (!counts) return std::nullopt;
  const bool is_viewer = person->id == viewer.person_id();
  return PersonSummary{std::move(*person), std::move(*counts), is_viewer};
}

void PeopleService::erase(const auth::Viewer& viewer, std::string_view username,
                          std::string_view confirmation) {
  require_administrator(viewer);
  const auto person = live_person(username);
  if (!person) throw Error::not_found("people: no person with that username");
  if (person->id == viewer.person_id()) {
    throw Error(ErrorKind::kConflict,
                "You can't delete your own account here. Another administrator can, or IT with "
                "`hearth delete-user`.");
  }
  if (text::to_lower_ascii(text::trim(confirmation)) != text::to_lower_ascii(person->username)) {
    throw Error::bad_request("Type the username exactly as shown to confirm.");
  }
  if (!store_.erase(person->id, viewer.person_id(), "web", clock_.now_seconds())) {
    throw Error::not_found("people: the person was deleted meanwhile");
  }
  log::info("people: person {} deleted by administrator {}", person->id, viewer.person_id());
}

std::string PeopleService::export_own(const auth::Viewer& viewer) {
  if (!viewer.is_signed_in()) throw Error(ErrorKind::kSignInRequired, "Please sign in first.");
  auto json = store_.export_json(viewer.person_id(), clock_.now_seconds());
  if (!json) throw Error::not_found("people: the signed-in person has no row");
  return std::move(*json);
}

std::optional<PersonSummary> PeopleService::summary_by_username(std::string_view username) {
  auto person = live_person(username);
  if (!person) return std::nullopt;
  auto counts = store_.counts(person->id);
  if (!counts) return std::nullopt;
  return PersonSummary{std::move(*person), std::move(*counts), false};
}

std::optional<std::string> PeopleService::export_by_username(std::string_view username) {
  const auto person = live_person(username);
  if (!person) return std::nullopt;
  return store_.export_json(person->id, clock_.now_seconds());
}

std::optional<std::int64_t> PeopleService::erase_by_username(std::string_view username) {
  const auto person = live_person(username);
  if (!person || !store_.erase(person->id, std::nullopt, "command line", clock_.now_seconds())) {
    return std::nullopt;
  }
  log::info("people: person {} deleted from the command line", person->id);
  return person->id;
}

}  // namespace hearth::features::people
