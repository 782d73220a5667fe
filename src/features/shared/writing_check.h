#pragma once

#include <initializer_list>
#include <span>
#include <string_view>

#include "http/route.h"
#include "render/view.h"
#include "safety/crisis_check.h"
#include "safety/phi_check.h"

namespace hearth::features {

class SiteSettingsSource;

// What the site does when the PHI check finds something (config safety.phi_mode).
enum class PhiPolicy {
  kWarnAndConfirm,  // show what was found; the writer may confirm it is not patient information
  kBlock,           // show what was found; the writer must rephrase
};

// Whether the writer ticked "This is not patient information" on the form.
enum class PhiConfirmation { kNotConfirmed, kConfirmed };

// The form field that carries PhiConfirmation ("phi_confirmed" = "1").
PhiConfirmation phi_confirmation(const http::RequestContext& context);

// What a field is expected to hold, so the PHI check does not flag it for
// doing its job.
enum class FieldPurpose {
  kFreeText,
  kContactDetails,  // "how to reach me": staff phone numbers and e-mail addresses are expected
};

// One text field of a form, already validated (length, UTF-8).
struct WrittenField {
  std::string_view name;   // the form field, e.g. "body"
  std::string_view label;  // "Your reply", shown in the warning
  std::string_view text;
  FieldPurpose purpose = FieldPurpose::kFreeText;
};

// The outcome of reviewing a form's text before saving it.
struct WritingReview {
  // Save the text: nothing found, or found and confirmed where the policy allows.
  bool may_save = true;
  // Show the form again with `phi_warning` (set on the page view under that key).
  bool phi_found = false;
  render::View phi_warning;
  // The writer may be in crisis: after saving, show them (only them) the crisis
  // card. Never log, store or count this.
  bool crisis = false;
};

// The PHI check and the crisis check for every form where staff write text,
// turned into what the form template shows (layout/phi-warning and
// layout/crisis-card). The findings are used to build the warning and then
// dropped: they are never logged or stored. Thread-safe.
class WritingCheck {
 public:
  // A fixed policy.
  WritingCheck(safety::PhiChecker checker, PhiPolicy policy);
  // The policy in force in `site` at each review (an administrator may change
  // it); `site` must outlive this object.
  WritingCheck(safety::PhiChecker checker, const SiteSettingsSource& site);

  WritingReview review(std::span<const WrittenField> fields, PhiConfirmation confirmation) const;
  WritingReview review(std::initializer_list<WrittenField> fields, PhiConfirmation confirmation) const {
    return review(std::span<const WrittenField>(fields.begin(), fields.size()), confirmation);
  }

  PhiPolicy policy() const;

 private:
  safety::PhiChecker checker_;
  PhiPolicy fixed_policy_ = PhiPolicy::kWarnAndConfirm;
  const SiteSettingsSource* site_ = nullptr;  // when set, wins over fixed_policy_
};

}  // namespace hearth::features
