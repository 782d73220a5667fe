#include "features/conversations/conversation_service.h"

#include "common/error.h"
#include "common/log.h"
#include "features/conversations/conversation_access.h"
#include "features/conversations/conversation_paths.h"
#include "features/groups/group_store.h"
#include "storage/audit_log.h"

namespace hearth::features::conversations {
namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

Error members_only() {
  return {ErrorKind::kForbidden, "The conversation of a group is for its members only.",
          "conversation: not a member"};
}

Error moved_on(std::string user_message) {
  return {ErrorKind::kConflict, std::move(user_message), "conversation: state changed"};
}

}  // namespace

ConversationService::ConversationService(ConversationStore& store, groups::GroupService& groups,
                                         const Clock& clock, notifications::Notifier& notifier)
    : store_(store), groups_(groups), clock_(clock), notifier_(notifier) {}

ConversationContext ConversationService::load(const auth::Viewer& viewer, std::string_view slug) {
  ConversationContext context{groups_.load(viewer, slug), {}};
  if (!access::can_read(context.subject(viewer))) throw members_only();
  context.settings = store_.settings(context.group().id);
  return context;
}

ConversationContext ConversationService::load_for_moderation(const auth::Viewer& viewer,
                                                             std::string_view slug) {
  auto context = load(viewer, slug);
  if (!access::can_moderate(context.subject(viewer)))
    throw Error::forbidden("conversation: not a facilitator");
  return context;
}

ThreadPage ConversationService::threads(const auth::Viewer& viewer, const ConversationContext& context,
                                        int page, int page_size) {
  return store_.threads(context.group().id, viewer.person_id(), page, page_size);
}

Thread ConversationService::thread_of(const ConversationContext& context, std::int64_t thread_id) {
  auto thread = store_.find_thread(thread_id);
  if (!thread || thread->group_id != context.group().id) throw Error::not_found("conversation: thread");
  return *thread;
}

Post ConversationService::post_of(const ConversationContext& context, std::int64_t post_id) {
  auto post = store_.find_post(post_id);
  if (!post || post->group_id != context.group().id) throw Error::not_found("conversation: post");
  return *post;
}

ThreadWithPosts ConversationService::thread(const auth::Viewer& viewer, const ConversationContext& context,
                                            std::int64_t thread_id, int page, int page_size) {
  ThreadWithPosts result;
  result.thread = thread_of(context, thread_id);
  result.posts = store_.posts(thread_id, page, page_size);
  result.total_posts = store_.post_count_all_states(thread_id);
  store_.mark_read(viewer.person_id(), result.thread);
  return result;
}

NewThread ConversationService::start_thread(const auth::Viewer& viewer, const ConversationContext& context,
                                            std::string_view title, std::string_view body,
                                            Anonymity anonymity) {
  const auto subject = context.subject(viewer);
  if (!access::can_start_thread(subject)) throw Error::forbidden("conversation: may not start a thread");
  if (anonymity == Anonymity::kAnonymous && !access::can_post_anonymously(subject, context.settings)) {
    throw Error::bad_request("This group does not allow anonymous posts.");
  }
  const auto created = store_.insert_thread(context.group().id, title, viewer.person_id(), anonymity, body,
                                            clock_.now_seconds());
  if (auto thread = store_.find_thread(created.thread_id)) store_.mark_read(viewer.person_id(), *thread);
  return created;
}

std::int64_t ConversationService::reply(const auth::Viewer& viewer, const ConversationContext& context,
                                        std::int64_t thread_id, std::string_view body, Anonymity anonymity) {
  const auto subject = context.subject(viewer);
  if (anonymity == Anonymity::kAnonymous && !access::can_post_anonymously(subject, context.settings)) {
    throw Error::bad_request("This group does not allow anonymous posts.");
  }
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto thread = thread_of(context, thread_id);
  if (!access::can_reply(subject, thread)) {
    if (thread.locked) throw moved_on("This thread is locked, so it takes no new replies.");
    throw Error::forbidden("conversation: may not reply");
  }
  const auto post_id = store_.insert_post(thread, viewer.person_id(), anonymity, body, clock_.now_seconds());
  if (auto updated = store_.find_thread(thread_id)) store_.mark_read(viewer.person_id(), *updated);
  // The notification says only that there is a reply, so an anonymous
  // reply stays anonymous.
  notifier_.notify_many(store_.thread_followers(thread_id, viewer.person_id()),
                        {notifications::NotificationKind::kThreadReply,
                         thread_url(context.group(), thread_id), context.group().name()});
  transaction.commit();
  return post_id;
}

void ConversationService::edit_post(const auth::Viewer& viewer, const ConversationContext& context,
                                    std::int64_t post_id, std::string_view body,
                                    std::optional<std::string_view> title) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto post = post_of(context, post_id);
  const auto thread = thread_of(context, post.thread_id);
  if (!access::can_edit_post(context.subject(viewer), thread, post)) {
    if (post.is_by(viewer.person_id()) && (thread.locked || !post.is_visible())) {
      throw moved_on("This post can no longer be edited.");
    }
    throw Error::forbidden("conversation: may not edit post");
  }
  store_.update_post_body(post_id, body, clock_.now_seconds());
  if (title && store_.opening_post_id(thread.id) == post_id) store_.set_thread_title(thread.id, *title);
  transaction.commit();
}

void ConversationService::delete_post(const auth::Viewer& viewer, const ConversationContext& context,
                                      std::int64_t post_id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto post = post_of(context, post_id);
  if (!access::can_delete_post(context.subject(viewer), post)) {
    if (post.is_by(viewer.person_id()) && !post.is_visible()) throw moved_on("This post is already gone.");
    throw Error::forbidden("conversation: may not delete post");
  }
  store_.set_post_state(post_id, PostState::kDeleted);
  store_.close_reports_of_post(post_id, clock_.now_seconds());
  transaction.commit();
}

bool ConversationService::report_post(const auth::Viewer& viewer, const ConversationContext& context,
                                      std::int64_t post_id, ReportReason reason, std::string_view note) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto post = post_of(context, post_id);
  if (!access::can_report_post(context.subject(viewer), post)) {
    throw Error::forbidden("conversation: may not report post");
  }
  const auto report = store_.insert_report(post, viewer.person_id(), reason, note, clock_.now_seconds());
  if (report) {
    std::vector<std::int64_t> facilitators;
    for (const auto& row : groups_.store().members(context.group().id)) {
      if (row.membership.is_facilitator() && row.membership.person_id != viewer.person_id()) {
        facilitators.push_back(row.membership.person_id);
      }
    }
    notifier_.notify_many(facilitators, {notifications::NotificationKind::kGroupReport,
                                         group_url(context.group(), "/moderation"), context.group().name()});
  }
  transaction.commit();
  return report.has_value();
}

std::vector<SearchHit> ConversationService::search(const ConversationContext& context, std::string_view text,
                                                   int limit) {
  const auto query = groups::fts_query(text);
  if (query.empty()) return {};
  return store_.search(context.group().id, query, limit);
}

std::vector<SharedResourceRow> ConversationService::resources(const ConversationContext& context) {
  return store_.resources(context.group().id);
}

void ConversationService::share_resource(const auth::Viewer& viewer, const ConversationContext& context,
                                         SharedResource resource) {
  const auto subject = context.subject(viewer);
  if (!access::can_share_resource(subject)) throw Error::forbidden("conversation: may not share");
  if (resource.anonymity == Anonymity::kAnonymous &&
      !access::can_post_anonymously(subject, context.settings)) {
    throw Error::bad_request("This group does not allow anonymous posts.");
  }
  resource.group_id = context.group().id;
  resource.author_person_id = viewer.person_id();
  resource.created_at = clock_.now_seconds();
  store_.insert_resource(resource);
}

void ConversationService::remove_resource(const auth::Viewer& viewer, const ConversationContext& context,
                                          std::int64_t resource_id) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto resource = store_.find_resource(resource_id);
  if (!resource || resource->group_id != context.group().id) throw Error::not_found("conversation: resource");
  const auto subject = context.subject(viewer);
  if (!access::can_remove_resource(subject, *resource))
    throw Error::forbidden("conversation: may not remove");
  store_.delete_resource(resource_id);
  if (!(resource->author_person_id && *resource->author_person_id == viewer.person_id())) {
    audit(database, viewer, "resource.remove", "shared_resource", resource_id);
  }
  transaction.commit();
}

std::vector<Warning> ConversationService::warnings(const auth::Viewer& viewer,
                                                   const ConversationContext& context) {
  return store_.open_warnings(context.group().id, viewer.person_id());
}

void ConversationService::dismiss_warning(const auth::Viewer& viewer, const ConversationContext& context,
                                          std::int64_t warning_id) {
  store_.dismiss_warning(context.group().id, warning_id, viewer.person_id(), clock_.now_seconds());
}

std::vector<ReportRow> ConversationService::open_reports(const ConversationContext& context) {
  return store_.group_reports(context.group().id, ReportStatus::kOpen);
}

void ConversationService::moderate_post(const auth::Viewer& viewer, const ConversationContext& context,
                                        std::int64_t post_id, PostModeration action) {
  if (!access::can_moderate(context.subject(viewer)))
    throw Error::forbidden("conversation: not a facilitator");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto post = post_of(context, post_id);
  const auto now = clock_.now_seconds();
  switch (action) {
    case PostModeration::kHide:
      if (post.state != PostState::kVisible) throw moved_on("This post is not shown any more.");
      store_.set_post_state(post_id, PostState::kHidden);
      store_.close_reports_of_post(post_id, now);
      audit(database, viewer, "post.hide", "post", post_id);
      break;
    case PostModeration::kShow:
      if (post.state != PostState::kHidden) throw moved_on("Only a hidden post can be shown again.");
      store_.set_post_state(post_id, PostState::kVisible);
      audit(database, viewer, "post.show", "post", post_id);
      break;
    case PostModeration::kRemove:
      if (post.state == PostState::kRemoved || post.state == PostState::kDeleted) {
        throw moved_on("This post is already gone.");
      }
      store_.set_post_state(post_id, PostState::kRemoved);
      store_.close_reports_of_post(post_id, now);
      audit(database, viewer, "post.remove", "post", post_id);
      break;
  }
  transaction.commit();
}

void ConversationService::moderate_thread(const auth::Viewer& viewer, const ConversationContext& context,
                                          std::int64_t thread_id, ThreadModeration action) {
  if (!access::can_moderate(context.subject(viewer)))
    throw Error::forbidden("conversation: not a facilitator");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto thread = thread_of(context, thread_id);
  bool pinned = thread.pinned;
  bool locked = thread.locked;
  std::string_view name;
  switch (action) {
    case ThreadModeration::kPin: pinned = true, name = "thread.pin"; break;
    case ThreadModeration::kUnpin: pinned = false, name = "thread.unpin"; break;
    case ThreadModeration::kLock: locked = true, name = "thread.lock"; break;
    case ThreadModeration::kUnlock: locked = false, name = "thread.unlock"; break;
  }
  store_.set_thread_flags(thread_id, pinned, locked);
  audit(database, viewer, name, "thread", thread_id);
  transaction.commit();
}

void ConversationService::handle_report(const auth::Viewer& viewer, const ConversationContext& context,
                                        std::int64_t report_id, ReportAction action,
                                        std::string_view message) {
  const auto subject = context.subject(viewer);
  if (!access::can_moderate(subject)) throw Error::forbidden("conversation: not a facilitator");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto report = store_.find_report(report_id);
  if (!report || report->group_id != context.group().id) throw Error::not_found("conversation: report");
  if (report->status != ReportStatus::kOpen) throw moved_on("Someone has already dealt with this report.");
  const auto post = post_of(context, report->post_id);
  const auto now = clock_.now_seconds();
  switch (action) {
    case ReportAction::kDismiss:
      store_.set_report_status(report_id, ReportStatus::kClosed, now);
      audit(database, viewer, "report.dismiss", "report", report_id);
      break;
    case ReportAction::kEscalate:
      store_.set_report_status(report_id, ReportStatus::kEscalated, now);
      audit(database, viewer, "report.escalate", "report", report_id);
      break;
    case ReportAction::kWarnAuthor:
      if (!post.author_person_id) throw moved_on("The author of this post is no longer in Hearth.");
      store_.insert_warning(context.group().id, *post.author_person_id, message, now);
      store_.set_report_status(report_id, ReportStatus::kClosed, now);
      audit(database, viewer, "member.warn", "post", post.id);
      break;
    case ReportAction::kRemoveAuthor:
      if (!access::can_remove_author(subject, post)) {
        if (post.is_anonymous()) {
          throw moved_on(
              "The author of an anonymous post can't be removed by facilitators. Send the report to the "
              "wellness "
              "coordinators instead.");
        }
        throw Error::forbidden("conversation: may not remove author");
      }
      groups_.remove_member(viewer, context.group().slug(), *post.author_person_id);
      store_.set_post_state(post.id, PostState::kHidden);
      store_.close_reports_of_post(post.id, now);
      audit(database, viewer, "member.remove", "post", post.id);
      break;
  }
  transaction.commit();
}

void ConversationService::save_settings(const auth::Viewer& viewer, const ConversationContext& context,
                                        const ConversationSettings& settings) {
  if (!access::can_moderate(context.subject(viewer)))
    throw Error::forbidden("conversation: not a facilitator");
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  store_.save_settings(context.group().id, settings, clock_.now_seconds());
  audit(database, viewer, "group.conversation_settings", "group", context.group().id,
        fmt::format("anonymous={} retention_days={}", settings.allow_anonymous ? "on" : "off",
                    settings.retention_days ? std::to_string(*settings.retention_days) : "none"));
  transaction.commit();
  if (settings.retention_days) {
    const auto cutoff =
        clock_.now_seconds() - static_cast<std::int64_t>(*settings.retention_days) * kSecondsPerDay;
    store_.purge_posts_before(context.group().id, cutoff);
  }
}

std::vector<ReportRow> ConversationService::escalated_reports(const auth::Viewer& viewer) {
  if (!access::can_handle_escalations(viewer)) throw Error::forbidden("conversation: not a coordinator");
  return store_.escalated_reports();
}

ReportRow ConversationService::escalated_report(const auth::Viewer& viewer, std::int64_t report_id) {
  if (!access::can_handle_escalations(viewer)) throw Error::forbidden("conversation: not a coordinator");
  auto row = store_.find_report_row(report_id);
  if (!row || row->report.status != ReportStatus::kEscalated) throw Error::not_found("conversation: report");
  return *row;
}

void ConversationService::handle_escalation(const auth::Viewer& viewer, std::int64_t report_id,
                                            EscalationAction action) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto row = escalated_report(viewer, report_id);
  const auto& post = row.post.post;
  const auto now = clock_.now_seconds();
  switch (action) {
    case EscalationAction::kHidePost:
      if (post.state != PostState::kVisible) throw moved_on("This post is not shown any more.");
      store_.set_post_state(post.id, PostState::kHidden);
      store_.close_reports_of_post(post.id, now);
      audit(database, viewer, "post.hide", "post", post.id);
      break;
    case EscalationAction::kRemovePost:
      if (post.state != PostState::kVisible && post.state != PostState::kHidden) {
        throw moved_on("This post is already gone.");
      }
      store_.set_post_state(post.id, PostState::kRemoved);
      store_.close_reports_of_post(post.id, now);
      audit(database, viewer, "post.remove", "post", post.id);
      break;
    case EscalationAction::kClose:
      store_.set_report_status(report_id, ReportStatus::kClosed, now);
      audit(database, viewer, "report.close", "report", report_id);
      break;
  }
  transaction.commit();
}

std::string ConversationService::reveal_author(const auth::Viewer& viewer, std::int64_t report_id,
                                               std::string_view reason) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto row = escalated_report(viewer, report_id);
  if (!access::can_reveal_author(viewer, row.report, row.post.post)) {
    throw Error::forbidden("conversation: may not reveal");
  }
  const auto author = store_.author_for_reveal(row.post.post.id);
  if (!author) throw moved_on("The author of this post is no longer in Hearth.");
  audit(database, viewer, "post.reveal_author", "post", row.post.post.id, reason);
  transaction.commit();
  return author->second;
}

int ConversationService::purge_expired_posts(int default_retention_days) {
  int purged = 0;
  const auto now = clock_.now_seconds();
  for (const auto& [group_id, days] : store_.retention_periods(default_retention_days)) {
    purged += store_.purge_posts_before(group_id, now - static_cast<std::int64_t>(days) * kSecondsPerDay);
  }
  return purged;
}

void ConversationService::audit(storage::Database& database, const auth::Viewer& viewer,
                                std::string_view action, std::string_view object_type, std::int64_t object_id,
                                std::string_view detail) {
  storage::AuditLog::record(
      database, {0, clock_.now_seconds(), viewer.person_id(), std::string(action), std::string(object_type),
                 std::to_string(object_id), std::string(detail)});
}

}  // namespace hearth::features::conversations
