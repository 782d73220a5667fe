#pragma once

#include <functional>

#include "auth/person_store.h"
#include "auth/session_store.h"
#include "features/shared/page_renderer.h"

namespace hearth::features {

// Home and privacy pages. "Get help now" (/help) belongs to the resource
// directory (features/resources), whose on-site entries it lists.
class PagesHandlers {
 public:
  // Adds a feature's sections (e.g. "My groups") to the signed-in home page.
  using HomeSections = std::function<void(const http::RequestContext&, render::View&)>;

  PagesHandlers(const PageRenderer& pages, auth::PersonStore& people,
                const auth::SessionPolicy& session_policy, HomeSections home_sections = {});

  // GET / — the signed-out introduction, or the signed-in home.
  http::Response home(const http::RequestContext& context) const;
  // GET /privacy — what is stored, for how long, who sees it.
  http::Response privacy(const http::RequestContext& context) const;

 private:
  const PageRenderer& pages_;
  auth::PersonStore& people_;
  const auth::SessionPolicy& session_policy_;
  HomeSections home_sections_;
};

}  // namespace hearth::features
