#include "features/shared/writing_check.h"

#include <set>

#include "features/shared/site_settings_source.h"

namespace hearth::features {

PhiConfirmation phi_confirmation(const http::RequestContext& context) {
  return context.request.form.value_or_empty("phi_confirmed") == "1" ? PhiConfirmation::kConfirmed
                                                                     : PhiConfirmation::kNotConfirmed;
}

WritingCheck::WritingCheck(safety::PhiChecker checker, PhiPolicy policy)
    : checker_(std::move(checker)), fixed_policy_(policy) {}

WritingCheck::WritingCheck(safety::PhiChecker checker, const SiteSettingsSource& site)
    : checker_(std::move(checker)), site_(&site) {}

PhiPolicy WritingCheck::policy() const {
  return site_ != nullptr ? site_->current()->phi_policy : fixed_policy_;
}

WritingReview WritingCheck::review(std::span<const WrittenField> fields, PhiConfirmation confirmation) const {
  WritingReview review;
  render::ViewList flagged_fields;
  std::set<safety::PhiKind> kinds;
  for (const auto& field : fields) {
    if (safety::crisis_check(field.text) == safety::CrisisSignal::kPossibleCrisis) review.crisis = true;
    auto findings = checker_.check(field.text);
    if (field.purpose == FieldPurpose::kContactDetails) {
      std::erase_if(findings, [](const safety::PhiFinding& finding) {
        return finding.kind == safety::PhiKind::kPhoneNumber ||
               finding.kind == safety::PhiKind::kEmailAddress;
      });
    }
    if (findings.empty()) continue;
    // The field's text, cut into plain and flagged parts for <mark>.
    render::ViewList parts;
    std::size_t position = 0;
    for (const auto& finding : findings) {
      if (finding.begin > position) {
        parts.push(render::View().set("text", field.text.substr(position, finding.begin - position)));
      }
      parts.push(render::View()
                     .set("text", field.text.substr(finding.begin, finding.end - finding.begin))
                     .set("flagged", true)
                     .set("kind", safety::label(finding.kind)));
      position = finding.end;
      kinds.insert(finding.kind);
    }
    if (position < field.text.size()) parts.push(render::View().set("text", field.text.substr(position)));
    flagged_fields.push(render::View()
                            .set("name", field.name)
                            .set("label", field.label)
                            .set("count", static_cast<int>(findings.size()))
                            .set("parts", std::move(parts)));
  }
  if (kinds.empty()) return review;

  review.phi_found = true;
  const bool may_confirm = policy() == PhiPolicy::kWarnAndConfirm;
  review.may_save = may_confirm && confirmation == PhiConfirmation::kConfirmed;
  render::ViewList explanations;
  for (const auto kind : kinds) {
    explanations.push(
        render::View().set("label", safety::label(kind)).set("explanation", safety::explanation(kind)));
  }
  review.phi_warning.set("fields", std::move(flagged_fields))
      .set("kinds", std::move(explanations))
      .set("may_confirm", may_confirm);
  return review;
}

}  // namespace hearth::features
