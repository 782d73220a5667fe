#include "features/shared/writing_check.h"

#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/embedded_file.h"
#include "render/template_set.h"
#include "render/view.h"

namespace hearth::features {
namespace {

constexpr std::string_view kClean =
    "Rough night on the unit, but the team pulled together and I'm proud of us.";
constexpr std::string_view kRecordNumber = "4482917";
// A sentence the PHI check flags (a medical record number), with markup around it.
constexpr std::string_view kFlagged =
    "<b>Can someone</b> double-check MRN 4482917 for me & tell me it's fine?";
constexpr std::string_view kCrisis = "I can't go on anymore. I want to kill myself.";
constexpr std::string_view kHyperbole = "This shift is killing me.";

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

WritingReview review_one(const WritingCheck& check, std::string_view text,
                         PhiConfirmation confirmation = PhiConfirmation::kNotConfirmed) {
  return check.review({{"body", "Your reply", text}}, confirmation);
}

std::string read_source(const std::string& relative) {
  std::ifstream file(std::filesystem::path(HEARTH_SOURCE_DIR) / relative, std::ios::binary);
  REQUIRE(file);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// The real warning partial, included by a one-line page.
render::TemplateSet warning_templates() {
  static const std::string partial = read_source("web/templates/layout/phi-warning.mustache");
  static const std::string page = "<form>{{> layout/phi-warning}}</form>";
  const std::vector<EmbeddedFile> files = {
      {"templates/layout/phi-warning.mustache", partial, "000000000000"},
      {"templates/form.mustache", page, "000000000000"},
  };
  return render::TemplateSet::from_embedded(files);
}

// As the form handlers do: the warning is set on the page only when something was found.
std::string render_warning(const WritingReview& review) {
  render::View view;
  if (review.phi_found) view.set("phi_warning", review.phi_warning);
  return warning_templates().render("form", view);
}

}  // namespace

TEST_CASE("clean text may be saved without a warning", "[writing]") {
  for (const auto policy : {PhiPolicy::kWarnAndConfirm, PhiPolicy::kBlock}) {
    const WritingCheck check(safety::PhiChecker(), policy);
    CHECK(check.policy() == policy);
    const auto review = review_one(check, kClean);
    CHECK(review.may_save);
    CHECK_FALSE(review.phi_found);
    CHECK_FALSE(review.crisis);
  }
}

TEST_CASE("in warn mode flagged text is saved only once the writer confirms", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kWarnAndConfirm);
  const auto unconfirmed = review_one(check, kFlagged);
  CHECK(unconfirmed.phi_found);
  CHECK_FALSE(unconfirmed.may_save);

  const auto confirmed = review_one(check, kFlagged, PhiConfirmation::kConfirmed);
  CHECK(confirmed.may_save);

  // Confirming clean text changes nothing.
  CHECK(review_one(check, kClean, PhiConfirmation::kConfirmed).may_save);
}

TEST_CASE("in block mode flagged text is never saved", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kBlock);
  for (const auto confirmation : {PhiConfirmation::kNotConfirmed, PhiConfirmation::kConfirmed}) {
    const auto review = review_one(check, kFlagged, confirmation);
    CHECK(review.phi_found);
    CHECK_FALSE(review.may_save);
  }
}

TEST_CASE("every field is checked", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kWarnAndConfirm);
  const auto review = check.review({{"title", "Title", "Nights"}, {"body", "Your reply", kFlagged}},
                                   PhiConfirmation::kNotConfirmed);
  CHECK(review.phi_found);
  CHECK_FALSE(review.may_save);
  const auto html = render_warning(review);
  CHECK(contains(html, "href=\"#body\""));
  CHECK(contains(html, "Your reply"));
  CHECK_FALSE(contains(html, "href=\"#title\""));

  const auto crisis = check.review({{"title", "Title", "Nights"}, {"body", "Your reply", kCrisis}},
                                   PhiConfirmation::kNotConfirmed);
  CHECK(crisis.crisis);
  CHECK(crisis.may_save);
}

TEST_CASE("the crisis flag is set for a crisis sentence, not for the job's hyperbole", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kWarnAndConfirm);
  const auto crisis = review_one(check, kCrisis);
  CHECK(crisis.crisis);
  // A crisis never stops the writing from being saved.
  CHECK(crisis.may_save);
  CHECK_FALSE(crisis.phi_found);

  const auto hyperbole = review_one(check, kHyperbole);
  CHECK_FALSE(hyperbole.crisis);
  CHECK(hyperbole.may_save);
  CHECK_FALSE(review_one(check, kClean).crisis);
}

TEST_CASE("the warning shows the flagged text marked and everything escaped", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kWarnAndConfirm);
  const auto html = render_warning(review_one(check, kFlagged));
  INFO(html);
  CHECK(contains(html, "class=\"phi-warning\""));
  CHECK(contains(html, "href=\"#body\""));
  CHECK(contains(html, "Your reply"));
  // The record number sits inside <mark>, with the kind as its title.
  static const std::regex marked(R"(<mark title="[^"<>]+">[^<]*4482917[^<]*</mark>)");
  CHECK(std::regex_search(html, marked));
  CHECK(contains(html, "(flagged: "));
  // The writer's markup is shown as text.
  CHECK(contains(html, "&lt;b&gt;Can someone&lt;/b&gt;"));
  CHECK(contains(html, "&amp; tell me"));
  CHECK_FALSE(contains(html, "<b>"));
  // The whole text is there, in order, around the mark.
  CHECK(html.find("double-check") < html.find(kRecordNumber));
  CHECK(html.find(kRecordNumber) < html.find("&amp; tell me"));
  // Each kind found is explained once, and the writer may confirm.
  CHECK(contains(html, "class=\"phi-kinds\""));
  CHECK(contains(html, "<li><strong>"));
  CHECK(contains(html, "name=\"phi_confirmed\""));
  CHECK_FALSE(contains(html, "{{"));
}

TEST_CASE("in block mode the warning asks for rephrasing and offers no confirmation", "[writing]") {
  const WritingCheck check(safety::PhiChecker(), PhiPolicy::kBlock);
  const auto html = render_warning(review_one(check, kFlagged));
  INFO(html);
  CHECK(contains(html, "class=\"phi-warning\""));
  CHECK(contains(html, "<mark"));
  CHECK(contains(html, "rephrase before it can be saved"));
  CHECK_FALSE(contains(html, "name=\"phi_confirmed\""));
  CHECK_FALSE(contains(html, "or confirm that they are not patient information"));
}

}  // namespace hearth::features
