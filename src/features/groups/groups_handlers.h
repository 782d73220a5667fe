#pragma once

#include <functional>

#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/groups/group_service.h"
#include "features/groups/next_meeting.h"
#include "features/shared/page_renderer.h"
#include "features/shared/writing_check.h"

namespace hearth::features::groups {

// The pages and forms of peer groups (routes in src/app/routes.cpp).
class GroupsHandlers {
 public:
  // Adds what other features show on a group's page (the conversation and
  // shared resources) to its view; called for every viewer who may see the page.
  using GroupSections =
      std::function<void(const http::RequestContext&, const GroupForViewer&, render::View& view)>;

  GroupsHandlers(const PageRenderer& pages, GroupService& service, const WritingCheck& writing,
                 const calendar::TimeZone& zone, const Clock& clock, GroupSections group_sections = {});

  http::Response index(const http::RequestContext& context) const;         // GET /groups
  http::Response new_form(const http::RequestContext& context) const;      // GET /groups/new
  http::Response create(const http::RequestContext& context) const;        // POST /groups/new
  http::Response show(const http::RequestContext& context) const;          // GET /groups/{slug}
  http::Response join_form(const http::RequestContext& context) const;     // GET /groups/{slug}/join
  http::Response join(const http::RequestContext& context) const;          // POST /groups/{slug}/join
  http::Response invitation(const http::RequestContext& context) const;    // POST /groups/{slug}/invitation
  http::Response accept_rules(const http::RequestContext& context) const;  // POST /groups/{slug}/rules
  http::Response leave(const http::RequestContext& context) const;         // POST /groups/{slug}/leave
  http::Response edit_form(const http::RequestContext& context) const;     // GET /groups/{slug}/edit
  http::Response update(const http::RequestContext& context) const;        // POST /groups/{slug}/edit
  http::Response members(const http::RequestContext& context) const;       // GET /groups/{slug}/members
  http::Response decide(const http::RequestContext& context) const;  // POST /groups/{slug}/members/decide
  http::Response invite(const http::RequestContext& context) const;  // POST /groups/{slug}/members/invite
  http::Response remove(const http::RequestContext& context) const;  // POST /groups/{slug}/members/remove
  http::Response make_facilitator(const http::RequestContext& context) const;  // POST .../members/facilitator
  http::Response archive(const http::RequestContext& context) const;           // POST /groups/{slug}/archive
  http::Response review_list(const http::RequestContext& context) const;       // GET /admin/groups
  http::Response review(const http::RequestContext& context) const;            // POST /admin/groups/{slug}

  // "My groups" and suggestions for the signed-in home page.
  void add_home_sections(const http::RequestContext& context, render::View& view) const;

 private:
  render::View group_summary(const Group& group) const;
  std::string next_meeting_text(const Group& group) const;
  http::Response form_page(const http::RequestContext& context, const GroupDraft& draft,
                           const FieldErrors& errors, std::string_view slug_being_edited, int status,
                           const WritingReview* review = nullptr) const;
  // The PHI check over the texts of a valid group form.
  WritingReview review_group_text(const http::RequestContext& context, const GroupDraft& draft) const;
  // Which part of the join form a problem is about, so the summary links to it.
  enum class JoinProblem { kNone, kAnswers, kRules };
  http::Response join_page(const http::RequestContext& context, const GroupForViewer& loaded,
                           JoinProblem problem, int status, const WritingReview* review = nullptr) const;
  http::Response members_page(const http::RequestContext& context, const GroupForViewer& loaded,
                              std::string_view notice, std::string_view error, int status) const;

  const PageRenderer& pages_;
  GroupService& service_;
  const WritingCheck& writing_;
  const calendar::TimeZone& zone_;
  const Clock& clock_;
  GroupSections group_sections_;
  mutable NextMeetings next_meetings_;
};

}  // namespace hearth::features::groups
