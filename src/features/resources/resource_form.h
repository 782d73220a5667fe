#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "features/resources/resource_model.h"
#include "features/shared/form_validation.h"
#include "http/request.h"

namespace hearth::features::resources {

// A resource form as submitted: the parsed draft (valid only when `errors` is
// empty) and the messages to show next to the fields when it is not.
struct ResourceForm {
  ResourceDraft draft;
  FieldErrors errors;
  // True when the web address was made from the name (the slug field was
  // left empty), so the service may add "-2" to make it unique.
  bool slug_from_name = false;
};

// Parses and validates the create/edit form. Every field is checked: length,
// UTF-8 and line breaks (check_text), the category and reach against their
// lists, the phone number (is_phone_number), the link (is_web_url), a place
// for entries at the hospital, and at least one way to reach the service.
// The slug is derived from the name when left empty; whether it is free is
// checked by the service.
ResourceForm parse_resource_form(const http::Parameters& form);

// "Chaplaincy & Spiritual Care" -> "chaplaincy-spiritual-care". Only a-z,
// 0-9 and single hyphens; at most 60 characters; letters outside ASCII
// separate words. "resource" when fewer than 3 characters are left; reserved
// words get "-resource" appended.
std::string slug_from_name(std::string_view name);

// Returns why `slug` is not acceptable, or nullopt.
std::optional<std::string> slug_problem(std::string_view slug);

}  // namespace hearth::features::resources
