#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/viewer.h"
#include "common/clock.h"
#include "features/conversations/conversation_store.h"
#include "features/groups/group_access.h"
#include "features/groups/group_service.h"
#include "features/notifications/notifier.h"

namespace hearth::features::conversations {

// A group's conversation as one viewer may use it.
struct ConversationContext {
  groups::GroupForViewer loaded;
  ConversationSettings settings;

  groups::access::Subject subject(const auth::Viewer& viewer) const {
    return {viewer, loaded.group, loaded.membership};
  }
  const groups::Group& group() const { return loaded.group; }
};

struct ThreadWithPosts {
  Thread thread;
  std::vector<PostRow> posts;
  int total_posts = 0;  // every state, for pagination
};

enum class PostModeration { kHide, kShow, kRemove };
enum class ThreadModeration { kPin, kUnpin, kLock, kUnlock };
enum class ReportAction {
  kDismiss,       // nothing to do; closes the report
  kEscalate,      // send to the wellness coordinators
  kWarnAuthor,    // a private reminder to the author (named or anonymous); closes the report
  kRemoveAuthor,  // remove the author from the group (named posts only); closes the report
};
enum class EscalationAction { kHidePost, kRemovePost, kClose };

// The rules of group conversations. Permission questions go through
// conversation_access.h; every moderation action and every reveal is written
// to the audit log in the same transaction as the change (who, action, which
// object; never post text). Errors are hearth::Error with a message for the
// person: kNotFound for groups, threads and posts the viewer may not see
// (including a thread id from another group), kForbidden for members-only
// pages and actions the viewer may not take, kConflict when the state moved
// on. Text arrives already validated (length, UTF-8, PHI check) by the
// handlers. Thread-safe.
//
// Notifications (through `notifier`, in the same transaction as the change,
// naming nobody): a reply tells the thread's followers (who started it or
// posted in it), a report tells the group's facilitators.
class ConversationService {
 public:
  ConversationService(ConversationStore& store, groups::GroupService& groups, const Clock& clock,
                      notifications::Notifier& notifier = notifications::no_notifier());

  // The group if the viewer may read its conversation: kNotFound when the
  // group is hidden from them, kForbidden ("for members") otherwise.
  ConversationContext load(const auth::Viewer& viewer, std::string_view slug);
  // The group for a moderation page; kForbidden unless the viewer may moderate.
  ConversationContext load_for_moderation(const auth::Viewer& viewer, std::string_view slug);

  ThreadPage threads(const auth::Viewer& viewer, const ConversationContext& context, int page, int page_size);
  // A thread of the group with one page of posts; marks it read for the viewer.
  ThreadWithPosts thread(const auth::Viewer& viewer, const ConversationContext& context,
                         std::int64_t thread_id, int page, int page_size);
  // The thread if it belongs to the group; kNotFound otherwise.
  Thread thread_of(const ConversationContext& context, std::int64_t thread_id);
  // The post if it belongs to the group; kNotFound otherwise.
  Post post_of(const ConversationContext& context, std::int64_t post_id);

  NewThread start_thread(const auth::Viewer& viewer, const ConversationContext& context,
                         std::string_view title, std::string_view body, Anonymity anonymity);
  std::int64_t reply(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t thread_id,
                     std::string_view body, Anonymity anonymity);
  // Authors only. `title` is applied when the post opens its thread.
  void edit_post(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t post_id,
                 std::string_view body, std::optional<std::string_view> title);
  void delete_post(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t post_id);
  // Returns false when the viewer has already reported this post.
  bool report_post(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t post_id,
                   ReportReason reason, std::string_view note);

  std::vector<SearchHit> search(const ConversationContext& context, std::string_view text, int limit);

  std::vector<SharedResourceRow> resources(const ConversationContext& context);
  void share_resource(const auth::Viewer& viewer, const ConversationContext& context,
                      SharedResource resource);
  void remove_resource(const auth::Viewer& viewer, const ConversationContext& context,
                       std::int64_t resource_id);

  std::vector<Warning> warnings(const auth::Viewer& viewer, const ConversationContext& context);
  void dismiss_warning(const auth::Viewer& viewer, const ConversationContext& context,
                       std::int64_t warning_id);

  // Facilitators.
  std::vector<ReportRow> open_reports(const ConversationContext& context);
  void moderate_post(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t post_id,
                     PostModeration action);
  void moderate_thread(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t thread_id,
                       ThreadModeration action);
  // `message` is required for kWarnAuthor and ignored otherwise.
  void handle_report(const auth::Viewer& viewer, const ConversationContext& context, std::int64_t report_id,
                     ReportAction action, std::string_view message);
  void save_settings(const auth::Viewer& viewer, const ConversationContext& context,
                     const ConversationSettings& settings);

  // Coordinators: reports escalated from any group.
  std::vector<ReportRow> escalated_reports(const auth::Viewer& viewer);
  ReportRow escalated_report(const auth::Viewer& viewer, std::int64_t report_id);
  void handle_escalation(const auth::Viewer& viewer, std::int64_t report_id, EscalationAction action);
  // The display name of an anonymous post's author. Requires a written
  // reason, which is recorded with the reveal in the audit log.
  std::string reveal_author(const auth::Viewer& viewer, std::int64_t report_id, std::string_view reason);

  // Deletes posts older than each group's retention period; groups that set
  // none use `default_retention_days` (0: their posts are kept). Returns the
  // number of posts deleted. Called at start-up and by the maintenance thread.
  int purge_expired_posts(int default_retention_days = 0);

  ConversationStore& store() { return store_; }

 private:
  void audit(storage::Database& database, const auth::Viewer& viewer, std::string_view action,
             std::string_view object_type, std::int64_t object_id, std::string_view detail = {});

  ConversationStore& store_;
  groups::GroupService& groups_;
  const Clock& clock_;
  notifications::Notifier& notifier_;
};

}  // namespace hearth::features::conversations
