#pragma once

#include "calendar/time_zone.h"
#include "features/shared/form_validation.h"
#include "features/shared/page_renderer.h"
#include "features/shared/private_notice.h"
#include "features/shared/writing_check.h"
#include "features/support/support_service.h"

namespace hearth::features::support {

// The request form, the requester's status page and the supporters' queue
// (routes in src/app/routes.cpp).
class SupportHandlers {
 public:
  SupportHandlers(const PageRenderer& pages, SupportService& service, const WritingCheck& writing,
                  CrisisNotices& crisis_notices, const calendar::TimeZone& zone);

  http::Response new_form(const http::RequestContext& context) const;   // GET  /support/new
  http::Response create(const http::RequestContext& context) const;     // POST /support/new
  http::Response mine(const http::RequestContext& context) const;       // GET  /support
  http::Response show(const http::RequestContext& context) const;       // GET  /support/{id}
  http::Response withdraw(const http::RequestContext& context) const;   // POST /support/{id}/withdraw
  http::Response queue(const http::RequestContext& context) const;      // GET  /support/queue
  http::Response claim(const http::RequestContext& context) const;      // POST /support/{id}/claim
  http::Response release(const http::RequestContext& context) const;    // POST /support/{id}/release
  http::Response contacted(const http::RequestContext& context) const;  // POST /support/{id}/contacted
  http::Response close(const http::RequestContext& context) const;      // POST /support/{id}/close

  // On the signed-in home page: the queue for supporters, and the viewer's own
  // open requests.
  void add_home_sections(const http::RequestContext& context, render::View& view) const;

 private:
  http::Response form_page(const http::RequestContext& context, const FieldErrors& errors,
                           const WritingReview* review, int status) const;
  render::View request_view(const SupportRequest& request) const;
  std::string waited(std::int64_t since) const;

  const PageRenderer& pages_;
  SupportService& service_;
  const WritingCheck& writing_;
  CrisisNotices& crisis_notices_;
  const calendar::TimeZone& zone_;
};

}  // namespace hearth::features::support
