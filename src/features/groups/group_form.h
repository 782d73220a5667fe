#pragma once

#include <map>
#include <string>
#include <string_view>

#include "features/groups/group_model.h"
#include "features/shared/form_validation.h"
#include "http/request.h"

namespace hearth::features::groups {

// The starting ground rules offered on the "start a group" form; the person
// edits them freely.
std::string_view default_ground_rules();

// A group form as submitted: the parsed draft (valid only when `errors` is
// empty) and the raw values to show again when it is not.
struct GroupForm {
  GroupDraft draft;
  FieldErrors errors;
};

// Parses and validates the start/edit form. Every field is checked (length,
// UTF-8, allowed values, dates and times); the slug is derived from the name
// when left empty. Uniqueness of the slug is checked by the service.
GroupForm parse_group_form(const http::Parameters& form);

// "Nurses with Chronic Illness!" -> "nurses-with-chronic-illness". Only
// a-z, 0-9 and single hyphens; at most 60 characters; "group" when nothing
// is left.
std::string slug_from_name(std::string_view name);

// Returns why `slug` is not acceptable, or nullopt.
std::optional<std::string> slug_problem(std::string_view slug);

}  // namespace hearth::features::groups
