#pragma once

#include "features/people/people_service.h"
#include "features/shared/form_validation.h"
#include "features/shared/page_renderer.h"

namespace hearth::features::people {

// GET/POST /admin/people: an administrator finds a person by username, sees
// what deleting them would remove, and confirms by typing the username.
// GET /me/data: the signed-in person downloads everything Hearth holds about
// them, as JSON.
class PeopleHandlers {
 public:
  PeopleHandlers(const PageRenderer& pages, PeopleService& service);

  http::Response admin_page(const http::RequestContext& context) const;
  http::Response erase(const http::RequestContext& context) const;
  http::Response my_data(const http::RequestContext& context) const;

 private:
  // The page for `username` ("" shows the search form only).
  http::Response page(const http::RequestContext& context, std::string_view username,
                      const FieldErrors& errors, int status) const;

  const PageRenderer& pages_;
  PeopleService& service_;
};

}  // namespace hearth::features::people
