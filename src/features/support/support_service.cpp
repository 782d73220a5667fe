#include "features/support/support_service.h"

#include "common/error.h"
#include "features/support/support_access.h"

namespace hearth::features::support {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

std::string link_of(std::int64_t id) {
  return "/support/" + std::to_string(id);
}

Error moved_on(std::string message) {
  return {ErrorKind::kConflict, std::move(message), "support: state changed"};
}

// What a supporter who has not taken the request may know of it.
void blank_details(SupportRequest& request) {
  request.requester_person_id.reset();
  request.draft.colleague_name.clear();
  request.draft.contact_detail.clear();
  request.draft.time_window.clear();
  request.draft.context.clear();
}

}  // namespace

SupportService::SupportService(SupportStore& store, auth::PersonStore& people, const Clock& clock,
                               SupportPolicy policy, notifications::Notifier& notifier)
    : store_(store), people_(people), clock_(clock), policy_(policy), notifier_(notifier) {}

std::string SupportService::department_of(const auth::Viewer& viewer) {
  const auto person = people_.find(viewer.person_id());
  return person ? person->department : std::string();
}

std::int64_t SupportService::create(const auth::Viewer& viewer, const RequestDraft& draft) {
  if (!access::can_ask(viewer)) throw Error::forbidden("support: may not ask");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto id = store_.insert(draft, viewer.person_id(), department_of(viewer), clock_.now_seconds());
  auth::RoleSet supporters;
  supporters.insert(auth::Role::kPeerSupporter);
  supporters.insert(auth::Role::kCoordinator);
  notifier_.notify_roles(supporters, {notifications::NotificationKind::kSupportRequestNew, "/support/queue"},
                         viewer.person_id());
  transaction.commit();
  return id;
}

std::vector<SupportRequest> SupportService::mine(const auth::Viewer& viewer) {
  std::vector<SupportRequest> open;
  for (auto& request : store_.requests_of(viewer.person_id())) {
    if (access::can_follow(viewer, request)) open.push_back(std::move(request));
  }
  return open;
}

SupportRequest SupportService::own(const auth::Viewer& viewer, std::int64_t id) {
  auto request = store_.find(id);
  if (!request || !access::can_follow(viewer, *request))
    throw Error::not_found("support: not the requester's");
  // The requester sees the status, not who took it.
  request->claimed_by.reset();
  return *request;
}

void SupportService::withdraw(const auth::Viewer& viewer, std::int64_t id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto request = store_.find(id);
  if (!request || !access::can_follow(viewer, *request))
    throw Error::not_found("support: not the requester's");
  store_.close_and_purge(id, Outcome::kWithdrawn);
  notifier_.forget(link_of(id));
  transaction.commit();
}

QueueItem SupportService::queue_item(const auth::Viewer& viewer, std::string_view viewer_department,
                                     SupportRequest request) {
  QueueItem item;
  item.claimed_by_viewer = access::can_see_details(viewer, request);
  item.may_claim = access::can_claim(viewer, viewer_department, request);
  item.same_department = access::is_same_department(viewer_department, request);
  if (!item.claimed_by_viewer) blank_details(request);
  // Who took a request is shown to nobody else: "taken" is enough.
  if (!item.claimed_by_viewer) request.claimed_by.reset();
  item.request = std::move(request);
  return item;
}

std::vector<QueueItem> SupportService::queue(const auth::Viewer& viewer) {
  if (!access::can_work_queue(viewer)) throw Error::forbidden("support: not a supporter");
  const auto department = department_of(viewer);
  std::vector<QueueItem> items;
  for (auto& request : store_.open_requests())
    items.push_back(queue_item(viewer, department, std::move(request)));
  return items;
}

QueueItem SupportService::for_supporter(const auth::Viewer& viewer, std::int64_t id) {
  if (!access::can_work_queue(viewer)) throw Error::not_found("support: not a supporter");
  auto request = store_.find(id);
  if (!request || !request->is_open()) throw Error::not_found("support: no open request");
  return queue_item(viewer, department_of(viewer), std::move(*request));
}

void SupportService::claim(const auth::Viewer& viewer, std::int64_t id) {
  if (!access::can_work_queue(viewer)) throw Error::forbidden("support: not a supporter");
  const auto department = department_of(viewer);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto request = store_.find(id);
  if (!request || !request->is_open()) throw Error::not_found("support: no open request");
  if (!access::can_claim(viewer, department, *request)) {
    if (request->status == RequestStatus::kClaimed)
      throw moved_on("Another supporter has already taken this request.");
    if (access::is_same_department(department, *request)) {
      throw moved_on("This person asked for a supporter from outside their department, which is yours.");
    }
    throw Error::forbidden("support: may not claim");
  }
  store_.claim(id, viewer.person_id(), clock_.now_seconds());
  if (request->requester_person_id) {
    notifier_.notify(*request->requester_person_id,
                     {notifications::NotificationKind::kSupportRequestClaimed, link_of(id)});
  }
  transaction.commit();
}

SupportRequest SupportService::require_updatable(const auth::Viewer& viewer, std::int64_t id) {
  if (!access::can_work_queue(viewer)) throw Error::forbidden("support: not a supporter");
  auto request = store_.find(id);
  if (!request || !request->is_open()) throw Error::not_found("support: no open request");
  if (!access::can_update(viewer, *request)) throw Error::forbidden("support: not the claimer");
  return *request;
}

void SupportService::release(const auth::Viewer& viewer, std::int64_t id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  require_updatable(viewer, id);
  store_.release(id);
  transaction.commit();
}

void SupportService::mark_contacted(const auth::Viewer& viewer, std::int64_t id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  require_updatable(viewer, id);
  store_.mark_contacted(id, clock_.now_seconds());
  transaction.commit();
}

void SupportService::close(const auth::Viewer& viewer, std::int64_t id, Outcome outcome) {
  if (outcome == Outcome::kWithdrawn || outcome == Outcome::kExpired) {
    throw Error::bad_request("Please choose how the conversation went.");
  }
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto request = require_updatable(viewer, id);
  // A conversation that happened counts as contact, even if "contacted" was not pressed first.
  if (!request.contacted_at && (outcome == Outcome::kTalked || outcome == Outcome::kReferredEap)) {
    store_.mark_contacted(id, clock_.now_seconds());
  }
  store_.close_and_purge(id, outcome);
  notifier_.forget(link_of(id));
  transaction.commit();
}

int SupportService::expire_stale() {
  const auto cutoff =
      clock_.now_seconds() - static_cast<std::int64_t>(policy_.expire_after_days) * kSecondsPerDay;
  int expired = 0;
  for (const auto id : store_.open_created_before(cutoff)) {
    storage::Transaction transaction(store_.connection());
    store_.close_and_purge(id, Outcome::kExpired);
    notifier_.forget(link_of(id));
    transaction.commit();
    ++expired;
  }
  return expired;
}

}  // namespace hearth::features::support
