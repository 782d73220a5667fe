#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "features/groups/group_model.h"
#include "features/shared/form_validation.h"
#include "http/route.h"

// URLs of conversation pages and the {id} path parameter, shared by the
// conversation and moderation handlers.
namespace hearth::features::conversations {

inline std::string group_url(const groups::Group& group, std::string_view suffix = {}) {
  return "/groups/" + group.slug() + std::string(suffix);
}

inline std::string thread_url(const groups::Group& group, std::int64_t thread_id) {
  return group_url(group, "/threads/" + std::to_string(thread_id));
}

// The {id} of the route; an id that is not a positive number is a 404.
inline std::int64_t path_id(const http::RequestContext& context) {
  const auto id = parse_id(context.request.path_parameter("id"));
  if (!id) throw Error::not_found("conversation: malformed id");
  return *id;
}

}  // namespace hearth::features::conversations
