#pragma once

#include "features/resources/resource_service.h"
#include "features/shared/page_renderer.h"
#include "features/shared/writing_check.h"

namespace hearth::features::resources {

// The resource directory, "Get help now" and the coordinators' pages that
// keep the directory current (routes in src/app/routes.cpp).
//
// The public pages (directory, entry, printable list, help) are routed with
// SessionUse::kNone: they read and set no cookie, so they render for an
// anonymous viewer even when someone is signed in, and they record nothing
// about the visitor; each view adds one to an anonymous daily count. Every
// text a coordinator writes goes through the WritingCheck (PHI warning)
// before it is saved.
class ResourcesHandlers {
 public:
  ResourcesHandlers(const PageRenderer& pages, ResourceService& service, const WritingCheck& writing);

  // Public, no session.
  http::Response help(const http::RequestContext& context) const;       // GET /help
  http::Response directory(const http::RequestContext& context) const;  // GET /resources
  http::Response print(const http::RequestContext& context) const;      // GET /resources/print
  http::Response show(const http::RequestContext& context) const;       // GET /resources/{slug}

  // Coordinators.
  http::Response admin_index(const http::RequestContext& context) const;  // GET  /admin/resources
  http::Response new_form(const http::RequestContext& context) const;     // GET  /admin/resources/new
  http::Response create(const http::RequestContext& context) const;       // POST /admin/resources/new
  http::Response edit_form(const http::RequestContext& context) const;    // GET  /admin/resources/{id}/edit
  http::Response update(const http::RequestContext& context) const;       // POST /admin/resources/{id}/edit
  http::Response move(const http::RequestContext& context) const;         // POST /admin/resources/{id}/move
  http::Response retire(const http::RequestContext& context) const;       // POST /admin/resources/{id}/retire
  http::Response restore(const http::RequestContext& context) const;  // POST /admin/resources/{id}/restore

 private:
  // The directory filters from the query string; values outside their lists
  // are ignored, so an old or edited link still shows the directory.
  ResourceSearch search_from(const http::RequestContext& context) const;
  // The directory or its printable list.
  http::Response listing(const http::RequestContext& context, std::string_view template_name,
                         std::string_view title) const;
  http::Response form_page(const http::RequestContext& context, const ResourceDraft& draft,
                           const FieldErrors& errors, std::optional<std::int64_t> editing_id, int status,
                           const WritingReview* review = nullptr) const;
  // The PHI check over the free texts of a valid form.
  WritingReview review_text(const http::RequestContext& context, const ResourceDraft& draft) const;

  const PageRenderer& pages_;
  ResourceService& service_;
  const WritingCheck& writing_;
};

}  // namespace hearth::features::resources
