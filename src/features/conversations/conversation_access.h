#pragma once

#include "auth/access_control.h"
#include "features/conversations/conversation_model.h"
#include "features/groups/group_access.h"

// Every permission question about a group's conversation, as a named
// predicate over the viewer's relation to the group (groups::access::Subject)
// and the thread or post in question. The service and the handlers ask these;
// nothing else decides. Tested for every role x membership x state
// combination in tests/unit/features/conversations/conversation_access_test.cpp.
namespace hearth::features::conversations::access {

using groups::access::Subject;

// Threads, posts, shared resources and search are for members only (a
// facilitator is a member). Archived groups stay readable to their members.
inline bool can_read(const Subject& s) {
  return groups::access::can_view(s) && groups::access::is_member(s) &&
         (s.group.status == groups::GroupStatus::kActive || s.group.status == groups::GroupStatus::kArchived);
}

// Writing needs an active group and the current ground rules accepted.
inline bool can_write(const Subject& s) {
  return can_read(s) && s.group.status == groups::GroupStatus::kActive &&
         !groups::access::must_accept_rules(s);
}

inline bool can_start_thread(const Subject& s) {
  return can_write(s);
}

// Locked threads take no new replies; facilitators may still post in them
// (a closing note).
inline bool can_reply(const Subject& s, const Thread& thread) {
  return can_write(s) && (!thread.locked || groups::access::is_facilitator(s));
}

// "Post as 'A member'" is offered only where the group allows it.
inline bool can_post_anonymously(const Subject& s, const ConversationSettings& settings) {
  return can_write(s) && settings.allow_anonymous;
}

// Authors edit and delete their own visible posts (not in locked threads).
inline bool can_edit_post(const Subject& s, const Thread& thread, const Post& post) {
  return can_write(s) && post.is_visible() && post.is_by(s.viewer.person_id()) && !thread.locked;
}
inline bool can_delete_post(const Subject& s, const Post& post) {
  return can_write(s) && post.is_visible() && post.is_by(s.viewer.person_id());
}

// Any member may report someone else's visible post.
inline bool can_report_post(const Subject& s, const Post& post) {
  return can_read(s) && post.is_visible() && !post.is_by(s.viewer.person_id());
}

// Facilitators of an active group moderate it: reports, hide, remove, pin,
// lock, warn, remove a member, and the conversation settings.
inline bool can_moderate(const Subject& s) {
  return groups::access::can_manage(s);
}

// Removing a member from a report is possible only for named posts: doing it
// for an anonymous post would tell the facilitator who wrote it. Those go to
// the coordinators.
inline bool can_remove_author(const Subject& s, const Post& post) {
  return can_moderate(s) && !post.is_anonymous() && post.author_person_id &&
         !post.is_by(s.viewer.person_id());
}

// Shared resources: members add; the person who added one and the
// facilitators remove it.
inline bool can_share_resource(const Subject& s) {
  return can_write(s);
}
inline bool can_remove_resource(const Subject& s, const SharedResource& resource) {
  return can_read(s) &&
         (can_moderate(s) ||
          (resource.author_person_id && *resource.author_person_id == s.viewer.person_id() && can_write(s)));
}

// Coordinators handle reports escalated to them, from any group, without
// being members.
inline bool can_handle_escalations(const auth::Viewer& viewer) {
  return auth::access::is_coordinator(viewer);
}

// Revealing who wrote an anonymous post: coordinators only, for an escalated
// report, with a written reason; recorded in the audit log.
inline bool can_reveal_author(const auth::Viewer& viewer, const Report& report, const Post& post) {
  return can_handle_escalations(viewer) && report.status == ReportStatus::kEscalated && post.is_anonymous();
}

}  // namespace hearth::features::conversations::access
