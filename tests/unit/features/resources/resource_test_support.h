#pragma once

#include <string>

#include "features/resources/resource_model.h"

// Shared setup for the resource store and service tests.
namespace hearth::features::resources::testing {

// A valid entry reached by phone, with every optional text filled.
inline ResourceDraft sample_draft(const std::string& name, const std::string& slug,
                                  Category category = Category::kEap, Reach reach = Reach::kRemote) {
  ResourceDraft draft;
  draft.name = name;
  draft.slug = slug;
  draft.category = category;
  draft.reach = reach;
  draft.summary = "Free short-term counselling with a licensed counsellor.";
  draft.details = "Up to six sessions per issue.\nCall to be matched with a counsellor.";
  draft.audience = "All staff and the people they live with.";
  draft.phone = "1-800-555-0100 ext. 2";
  draft.text_line = "Text HOME to 741741";
  draft.hours = "24/7";
  draft.place = reach == Reach::kOnSite ? "Staff Health building, level 3" : "";
  draft.url = "https://eap.example.org/counselling";
  draft.confidentiality = "Your manager is not told that you called.";
  return draft;
}

}  // namespace hearth::features::resources::testing
