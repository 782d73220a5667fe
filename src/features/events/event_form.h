#pragma once

#include <optional>
#include <string>
#include <vector>

#include "features/events/event_model.h"
#include "features/events/event_store.h"
#include "features/shared/form_validation.h"
#include "http/request.h"
#include "render/view.h"

// The event form: field names, parsing with server-side checks, and the
// values a template shows (the posted values again after an error).
namespace hearth::features::events {

inline constexpr int kMaxCapacity = 10000;

// What the form needs to offer and check choices.
struct FormChoices {
  std::vector<std::string> departments;  // known from the directory
  std::vector<FacilitatedGroup> groups;  // groups the viewer may schedule meetings for
  bool may_post_site_events = false;     // coordinators
};

// Parses a posted event form. Every field is checked (lengths, UTF-8,
// allowed values, dates, the repeat pattern through calendar::validate);
// problems go into `errors` per field and the result is then nullopt.
// group_id is set from the "group" slug when it is one of choices.groups.
std::optional<EventDraft> parse_event_form(const http::Parameters& form, const FormChoices& choices,
                                           FieldErrors& errors);

// The template values for a form showing `draft` (an existing event) ...
render::View form_view(const EventDraft& draft, const FormChoices& choices, std::string_view group_slug);
// ... or the values just posted (after an error), which may not parse.
render::View posted_form_view(const http::Parameters& form, const FormChoices& choices);

}  // namespace hearth::features::events
