#pragma once

#include "calendar/time_zone.h"
#include "features/conversations/conversation_service.h"
#include "features/shared/page_renderer.h"
#include "features/shared/private_notice.h"
#include "features/shared/writing_check.h"

namespace hearth::features::conversations {

// The pages and forms of group conversations and their moderation (routes in
// src/app/routes.cpp). Every text a person writes goes through the
// WritingCheck (PHI warning, crisis card) before it is saved.
class ConversationsHandlers {
 public:
  ConversationsHandlers(const PageRenderer& pages, ConversationService& service, const WritingCheck& writing,
                        CrisisNotices& crisis_notices, const calendar::TimeZone& zone);

  // Members' pages.
  http::Response threads(const http::RequestContext& context) const;            // GET  /groups/{slug}/threads
  http::Response new_thread_form(const http::RequestContext& context) const;    // GET  .../threads/new
  http::Response create_thread(const http::RequestContext& context) const;      // POST .../threads/new
  http::Response thread(const http::RequestContext& context) const;             // GET  .../threads/{id}
  http::Response reply(const http::RequestContext& context) const;              // POST .../threads/{id}/reply
  http::Response edit_post_form(const http::RequestContext& context) const;     // GET  .../posts/{id}/edit
  http::Response edit_post(const http::RequestContext& context) const;          // POST .../posts/{id}/edit
  http::Response delete_post(const http::RequestContext& context) const;        // POST .../posts/{id}/delete
  http::Response report_form(const http::RequestContext& context) const;        // GET  .../posts/{id}/report
  http::Response report(const http::RequestContext& context) const;             // POST .../posts/{id}/report
  http::Response new_resource_form(const http::RequestContext& context) const;  // GET  .../resources/new
  http::Response share_resource(const http::RequestContext& context) const;     // POST .../resources/new
  http::Response remove_resource(
      const http::RequestContext& context) const;  // POST .../resources/{id}/delete
  http::Response dismiss_warning(
      const http::RequestContext& context) const;  // POST .../warnings/{id}/dismiss

  // Facilitators.
  http::Response moderation(const http::RequestContext& context) const;  // GET  /groups/{slug}/moderation
  http::Response handle_report(
      const http::RequestContext& context) const;  // POST .../moderation/reports/{id}
  http::Response save_settings(const http::RequestContext& context) const;  // POST .../moderation/settings
  http::Response moderate_post(const http::RequestContext& context) const;  // POST .../posts/{id}/moderate
  http::Response moderate_thread(
      const http::RequestContext& context) const;  // POST .../threads/{id}/moderate

  // Coordinators.
  http::Response escalations(const http::RequestContext& context) const;        // GET  /admin/reports
  http::Response handle_escalation(const http::RequestContext& context) const;  // POST /admin/reports/{id}
  http::Response reveal_form(const http::RequestContext& context) const;  // GET  /admin/reports/{id}/reveal
  http::Response reveal(const http::RequestContext& context) const;       // POST /admin/reports/{id}/reveal

  // For coordinators on the signed-in home page: reports waiting for them.
  void add_home_sections(const http::RequestContext& context, render::View& view) const;

  // The conversation summary and shared resources on the group page, for members.
  void add_group_sections(const http::RequestContext& context, const groups::GroupForViewer& loaded,
                          render::View& view) const;

 private:
  struct ThreadForm;
  http::Response thread_form_page(const http::RequestContext& context, const ConversationContext& group,
                                  const ThreadForm& form, const FieldErrors& errors,
                                  const WritingReview* review, int status) const;
  http::Response thread_page(const http::RequestContext& context, const ConversationContext& group,
                             std::int64_t thread_id, int page, const FieldErrors& errors,
                             const WritingReview* review, int status) const;
  http::Response edit_page(const http::RequestContext& context, const ConversationContext& group,
                           const Post& post, const FieldErrors& errors, const WritingReview* review,
                           int status) const;
  http::Response report_page(const http::RequestContext& context, const ConversationContext& group,
                             const Post& post, const FieldErrors& errors, int status) const;
  http::Response resource_page(const http::RequestContext& context, const ConversationContext& group,
                               const FieldErrors& errors, const WritingReview* review, int status) const;
  http::Response moderation_page(const http::RequestContext& context, const ConversationContext& group,
                                 const FieldErrors& errors, int status) const;
  http::Response reveal_page(const http::RequestContext& context, const ReportRow& row,
                             const FieldErrors& errors, std::string_view revealed_name, int status) const;

  // Sets the values every conversation page shares (group name and URLs,
  // warnings for the viewer, the crisis card when one is due).
  render::View conversation_layout(const http::RequestContext& context, const ConversationContext& group,
                                   std::string_view title) const;
  render::View post_view(const http::RequestContext& context, const ConversationContext& group,
                         const Thread& thread, const PostRow& row) const;
  render::View report_view(const ReportRow& row) const;
  std::string moment(std::int64_t utc) const;

  const PageRenderer& pages_;
  ConversationService& service_;
  const WritingCheck& writing_;
  CrisisNotices& crisis_notices_;
  const calendar::TimeZone& zone_;
};

}  // namespace hearth::features::conversations
