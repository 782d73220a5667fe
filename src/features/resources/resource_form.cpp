#include "features/resources/resource_form.h"

#include <algorithm>
#include <array>

#include "common/text.h"

namespace hearth::features::resources {
namespace {

constexpr std::size_t kMaxSlugLength = 60;
// Paths of their own under /resources/.
constexpr std::array kReservedSlugs = {std::string_view("new"), std::string_view("print"),
                                       std::string_view("search")};

constexpr TextRule kNameRule{"Name", 3, 120};
constexpr TextRule kSummaryRule{"What it offers", 10, 200};
constexpr TextRule kDetailsRule{"More about it", 0, 4000, LineBreaks::kAllowed};
constexpr TextRule kAudienceRule{"Who can use it", 3, 300};
constexpr TextRule kPhoneRule{"Phone", 0, 40};
constexpr TextRule kTextLineRule{"Text line", 0, 100};
constexpr TextRule kHoursRule{"Hours", 0, 100};
constexpr TextRule kConfidentialityRule{"Confidentiality", 0, 500, LineBreaks::kAllowed};

bool is_reserved(std::string_view slug) {
  return std::find(kReservedSlugs.begin(), kReservedSlugs.end(), slug) != kReservedSlugs.end();
}

}  // namespace

std::string slug_from_name(std::string_view name) {
  std::string slug;
  bool pending_hyphen = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      const bool hyphen = pending_hyphen && !slug.empty();
      if (slug.size() + (hyphen ? 2 : 1) > kMaxSlugLength) break;
      if (hyphen) slug += '-';
      slug += c;
      pending_hyphen = false;
    } else {
      pending_hyphen = true;
    }
  }
  if (slug.size() < 3) return "resource";
  if (is_reserved(slug)) slug += "-resource";
  return slug;
}

std::optional<std::string> slug_problem(std::string_view slug) {
  if (slug.size() < 3 || slug.size() > kMaxSlugLength) return "The page address must be 3 to 60 characters.";
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "The page address may use only lower-case letters, digits and hyphens.";
    }
  }
  if (slug.front() == '-' || slug.back() == '-' || slug.find("--") != std::string_view::npos) {
    return "The page address can't start or end with a hyphen or have two in a row.";
  }
  if (is_reserved(slug)) return "That page address is reserved; please choose another.";
  return std::nullopt;
}

ResourceForm parse_resource_form(const http::Parameters& form) {
  ResourceForm result;
  auto& d = result.draft;
  auto& errors = result.errors;
  const auto field = [&form](std::string_view name) { return form.value_or_empty(name); };
  // Keeps a checked value; an invalid one has already added its message.
  const auto take = [&](std::string_view name, const TextRule& rule, std::string& target) {
    if (auto value = check_text(name, field(name), rule, errors)) target = std::move(*value);
  };

  take("name", kNameRule, d.name);
  const auto typed_slug = text::trim(field("slug"));
  result.slug_from_name = typed_slug.empty();
  d.slug = result.slug_from_name ? slug_from_name(d.name) : text::to_lower_ascii(typed_slug);
  if (auto problem = slug_problem(d.slug)) errors.add("slug", *problem);

  if (auto category = category_from_text(field("category"))) {
    d.category = *category;
  } else {
    errors.add("category", "Choose a category.");
  }
  if (auto reach = reach_from_text(field("reach"))) {
    d.reach = *reach;
  } else {
    errors.add("reach", "Choose whether it is at the hospital or by phone and online.");
  }

  take("summary", kSummaryRule, d.summary);
  take("details", kDetailsRule, d.details);
  take("audience", kAudienceRule, d.audience);

  if (auto phone = check_text("phone", field("phone"), kPhoneRule, errors)) {
    if (!phone->empty() && !is_phone_number(*phone)) {
      errors.add(
          "phone",
          "Enter the phone number with digits only, for example 1-800-555-0100 or 555-0100 ext. 4357.");
    } else {
      d.phone = std::move(*phone);
    }
  }
  take("text_line", kTextLineRule, d.text_line);
  take("hours", kHoursRule, d.hours);
  const bool on_site = d.reach == Reach::kOnSite;
  take("place", {"Place", on_site ? std::size_t{3} : 0, 200}, d.place);

  const auto url = text::trim(field("url"));
  if (!url.empty() && !is_web_url(url)) {
    errors.add("url", "Enter the website's full address, starting with https:// or http://.");
  } else {
    d.url = std::string(url);
  }
  take("confidentiality", kConfidentialityRule, d.confidentiality);

  // Only when the contact fields are otherwise valid, so one problem is
  // reported once.
  if (errors.message_for("phone").empty() && errors.message_for("text_line").empty() &&
      errors.message_for("url").empty() && errors.message_for("place").empty() && d.phone.empty() &&
      d.text_line.empty() && d.url.empty() && d.place.empty()) {
    errors.add("phone",
               "Give at least one way to reach it: a phone number, a text line, a place or a website.");
  }
  return result;
}

}  // namespace hearth::features::resources
