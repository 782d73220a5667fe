#include "features/people/people_handlers.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hearth::features::people {
namespace {

constexpr TextRule kUsernameRule{"Username", 0, 200};

}  // namespace

PeopleHandlers::PeopleHandlers(const PageRenderer& pages, PeopleService& service)
    : pages_(pages), service_(service) {}

http::Response PeopleHandlers::page(const http::RequestContext& context, std::string_view username,
                                    const FieldErrors& errors, int status) const {
  render::View view = pages_.layout(context, "Delete a person's data", NavItem::kNone);
  add_errors(view, errors);
  view.set("username", username);
  if (context.request.query.value_or_empty("notice") == "deleted") {
    view.set("flash",
             "Done. Everything Hearth held about that person is deleted or no longer linked to them.");
  }
  if (!username.empty() && errors.message_for("username").empty()) {
    const auto found = service_.find(context.viewer, username);
    view.set("searched", true).set("found", found.has_value());
    if (found) {
      const auto& person = found->person;
      const auto& counts = found->counts;
      render::ViewList lines;
      for (const auto& line : erasure_effects(counts)) lines.push(render::View().set("text", line));
      const bool nothing = lines.empty();
      render::ViewList sole;
      for (const auto& name : counts.sole_facilitator_of) sole.push(render::View().set("name", name));
      view.set("person", render::View()
                             .set("username", person.username)
                             .set("display_name", person.display_name)
                             .set("department", person.department)
                             .set("title", person.title))
          .set("effects", std::move(lines))
          .set("no_effects", nothing)
          .set("sole_facilitator_of", std::move(sole))
          .set("is_viewer", found->is_viewer);
    }
  }
  return pages_.page("admin/people/index", view, status);
}

http::Response PeopleHandlers::admin_page(const http::RequestContext& context) const {
  FieldErrors errors;
  const auto username =
      check_text("username", context.request.query.value_or_empty("username"), kUsernameRule, errors);
  if (!errors.empty()) return page(context, "", errors, 400);
  return page(context, username.value_or(""), errors, 200);
}

http::Response PeopleHandlers::erase(const http::RequestContext& context) const {
  const auto& form = context.request.form;
  FieldErrors errors;
  const auto username =
      check_text("username", form.value_or_empty("username"), TextRule{"Username", 1, 200}, errors);
  if (!username) return page(context, "", errors, 400);
  const auto confirmation = form.value_or_empty("confirm_username");
  try {
    service_.erase(context.viewer, *username, confirmation);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kNotFound) return page(context, *username, errors, 404);
    if (error.kind() != ErrorKind::kBadRequest) throw;
    errors.add("confirm_username", error.user_message());
    return page(context, *username, errors, 400);
  }
  return http::Response::redirect("/admin/people?notice=deleted");
}

http::Response PeopleHandlers::my_data(const http::RequestContext& context) const {
  auto response = http::Response::text(service_.export_own(context.viewer));
  response.content_type = "application/json; charset=utf-8";
  response.headers.emplace("Content-Disposition", "attachment; filename=\"hearth-my-data.json\"");
  response.caching = http::Caching::kNoStore;
  return response;
}

}  // namespace hearth::features::people
