#include "features/resources/resources_handlers.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "common/error.h"
#include "common/text.h"
#include "features/resources/resource_access.h"

namespace hearth::features::resources {
namespace {

constexpr std::string_view kSupportRequestUrl = "/support/new";
constexpr std::string_view kAdminUrl = "/admin/resources";
// As many as the search box allows (its maxlength), not bytes.
constexpr std::size_t kMaxQueryCharacters = 200;
constexpr int kFigureDays = 30;
// Smaller counts are shown as "fewer than 5", as every aggregate figure is.
constexpr int kSmallestShownCount = 5;

// Notices shown after a redirect: the URL carries a code, never text.
std::string_view notice_text(std::string_view code) {
  if (code == "created") return "The entry is in the directory.";
  if (code == "updated") return "The entry is saved.";
  if (code == "retired") return "The entry is retired: it no longer appears on the public pages.";
  if (code == "restored") return "The entry is back in the directory.";
  if (code == "moved") return "The order is saved.";
  if (code == "unmoved") return "That entry is already at the end of its category.";
  return {};
}

std::string entry_url(const Resource& resource) {
  return "/resources/" + resource.slug();
}

std::string admin_url(std::int64_t id, std::string_view suffix) {
  return fmt::format("{}/{}{}", kAdminUrl, id, suffix);
}

// The {id} of an admin route; anything but a positive number is a 404.
std::int64_t path_id(const http::RequestContext& context) {
  const auto id = parse_id(context.request.path_parameter("id"));
  if (!id) throw Error::not_found("resources: malformed id");
  return *id;
}

std::string shown_count(int count) {
  return count < kSmallestShownCount ? std::string("fewer than 5") : std::to_string(count);
}

// What the templates show of an entry (layout/resource-facts and the cards).
render::View entry_view(const Resource& resource) {
  const auto& d = resource.details;
  render::View view;
  view.set("id", resource.id)
      .set("anchor", "resource-" + std::to_string(resource.id))
      .set("name", d.name)
      .set("url", entry_url(resource))
      .set("category", label(d.category))
      .set("reach", label(d.reach))
      .set("summary", d.summary)
      .set("details", d.details)
      .set("audience", d.audience)
      .set("phone", d.phone)
      .set("tel", tel_uri(d.phone))
      .set("text_line", d.text_line)
      .set("hours", d.hours)
      .set("place", d.place)
      .set("link", d.url)
      .set("confidentiality", d.confidentiality);
  return view;
}

// Entries under one heading per category, in directory order.
render::ViewList sections_of(const std::vector<Resource>& resources) {
  render::ViewList sections;
  std::size_t i = 0;
  while (i < resources.size()) {
    const auto category = resources[i].details.category;
    render::ViewList entries;
    for (; i < resources.size() && resources[i].details.category == category; ++i) {
      entries.push(entry_view(resources[i]));
    }
    sections.push(render::View()
                      .set("heading", label(category))
                      .set("heading_id", "category-" + std::string(to_text(category)))
                      .set("entries", std::move(entries)));
  }
  return sections;
}

template <typename Enum>
render::ViewList enum_options(const std::vector<Enum>& values, std::optional<Enum> selected) {
  render::ViewList list;
  for (const auto value : values) {
    list.push(render::View()
                  .set("value", to_text(value))
                  .set("label", label(value))
                  .set("selected", selected && *selected == value));
  }
  return list;
}

const std::vector<Reach>& all_reaches() {
  static const std::vector<Reach> reaches = {Reach::kOnSite, Reach::kRemote};
  return reaches;
}

// "?q=...&category=..." for links that keep the directory's filters; "" when
// nothing filters.
std::string filter_query(const ResourceSearch& search) {
  std::string query;
  const auto add = [&query](std::string_view name, std::string_view value) {
    query += query.empty() ? '?' : '&';
    query += name;
    query += '=';
    for (unsigned char c : value) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        query += static_cast<char>(c);
      } else {
        query += fmt::format("%{:02X}", c);
      }
    }
  };
  if (!search.text.empty()) add("q", search.text);
  if (search.category) add("category", to_text(*search.category));
  if (search.reach) add("reach", to_text(*search.reach));
  return query;
}

// The draft as typed, to show a form again: texts exactly as sent, choices
// only when they are on their lists.
ResourceDraft typed_draft(const http::Parameters& form, const ResourceDraft& parsed) {
  ResourceDraft draft = parsed;
  const auto field = [&form](std::string_view name) { return std::string(form.value_or_empty(name)); };
  draft.name = field("name");
  draft.slug = field("slug");
  draft.summary = field("summary");
  draft.details = field("details");
  draft.audience = field("audience");
  draft.phone = field("phone");
  draft.text_line = field("text_line");
  draft.hours = field("hours");
  draft.place = field("place");
  draft.url = field("url");
  draft.confidentiality = field("confidentiality");
  return draft;
}

}  // namespace

ResourcesHandlers::ResourcesHandlers(const PageRenderer& pages, ResourceService& service,
                                     const WritingCheck& writing)
    : pages_(pages), service_(service), writing_(writing) {}

http::Response ResourcesHandlers::help(const http::RequestContext& context) const {
  const auto site = pages_.site();
  auto view = pages_.layout(context, "Get help now", NavItem::kHelp);
  view.set("crisis_text", site->crisis_text)
      .set("emergency_number", site->emergency_number)
      .set("eap_name", site->eap_name)
      .set("eap_phone", site->eap_phone)
      .set("eap_hours", site->eap_hours)
      .set("onsite_help", site->onsite_help)
      .set("support_request_url", kSupportRequestUrl);
  render::ViewList crisis_lines;
  render::ViewList eap;
  render::ViewList here;
  // One read of the directory, in its order, for all three lists.
  for (const auto& resource : service_.directory({})) {
    // The site's own crisis line is already at the top of the page.
    if (resource.details.category == Category::kCrisis && resource.name() != site->crisis_name) {
      crisis_lines.push(entry_view(resource));
    }
    if (resource.details.category == Category::kEap) eap.push(entry_view(resource));
    if (resource.details.reach == Reach::kOnSite) here.push(entry_view(resource));
  }
  view.set("has_crisis_lines", !crisis_lines.empty())
      .set("crisis_lines", std::move(crisis_lines))
      .set("has_eap_entries", !eap.empty())
      .set("eap_entries", std::move(eap))
      .set("has_on_site", !here.empty() || !site->onsite_help.empty())
      .set("on_site", std::move(here));
  auto response = pages_.page("help/page", view);
  service_.count_view(ViewedPage::kHelp);
  return response;
}

ResourceSearch ResourcesHandlers::search_from(const http::RequestContext& context) const {
  const auto& query = context.request.query;
  ResourceSearch search;
  const auto q = query.value_or_empty("q");
  if (text::is_valid_utf8(q) && text::code_point_count(q) <= kMaxQueryCharacters) {
    search.text = std::string(text::trim(q));
  }
  search.category = category_from_text(query.value_or_empty("category"));
  search.reach = reach_from_text(query.value_or_empty("reach"));
  return search;
}

http::Response ResourcesHandlers::listing(const http::RequestContext& context, std::string_view template_name,
                                          std::string_view title) const {
  const auto search = search_from(context);
  const auto results = service_.directory(search);
  auto view = pages_.layout(context, title, NavItem::kResources);
  const auto count = static_cast<int>(results.size());
  view.set("q", search.text)
      .set("emergency_number", pages_.site()->emergency_number)
      .set("sections", sections_of(results))
      .set("total", count)
      .set("one_result", count == 1)
      .set("no_results", count == 0)
      .set("searched", !search.text.empty() || search.category || search.reach)
      .set("category_options", enum_options(all_categories(), search.category))
      .set("reach_options", enum_options(all_reaches(), search.reach))
      .set("print_url", "/resources/print" + filter_query(search))
      .set("directory_url", "/resources" + filter_query(search));
  if (search.category) view.set("filter_category", label(*search.category));
  if (search.reach) view.set("filter_reach", label(*search.reach));
  auto response = pages_.page(template_name, view);
  service_.count_view(ViewedPage::kDirectory);
  return response;
}

http::Response ResourcesHandlers::directory(const http::RequestContext& context) const {
  return listing(context, "resources/index", "Resources");
}

http::Response ResourcesHandlers::print(const http::RequestContext& context) const {
  return listing(context, "resources/print", "Resources: printable list");
}

http::Response ResourcesHandlers::show(const http::RequestContext& context) const {
  const auto resource = service_.load(context.viewer, context.request.path_parameter("slug"));
  auto view = pages_.layout(context, resource.name(), NavItem::kResources);
  view.set("entry", entry_view(resource))
      .set("category_url", "/resources?category=" + std::string(to_text(resource.details.category)));
  auto response = pages_.page("resources/show", view);
  service_.count_view(ViewedPage::kEntry, resource.id);
  return response;
}

http::Response ResourcesHandlers::admin_index(const http::RequestContext& context) const {
  if (!access::can_manage_directory(context.viewer)) throw Error::forbidden();
  const auto entries = service_.all_entries(context.viewer);
  const auto figures = service_.view_figures(context.viewer, kFigureDays);
  // Active entries of each category, to know which are first and last.
  std::map<Category, std::vector<std::int64_t>> active_ids;
  for (const auto& resource : entries) {
    if (resource.is_active()) active_ids[resource.details.category].push_back(resource.id);
  }
  render::ViewList sections;
  render::ViewList retired;
  std::size_t i = 0;
  while (i < entries.size()) {
    const auto category = entries[i].details.category;
    render::ViewList items;
    for (; i < entries.size() && entries[i].details.category == category; ++i) {
      const auto& resource = entries[i];
      auto item = entry_view(resource);
      const auto views = figures.entries.find(resource.id);
      item.set("views", shown_count(views == figures.entries.end() ? 0 : views->second))
          .set("edit_url", admin_url(resource.id, "/edit"))
          .set("move_url", admin_url(resource.id, "/move"))
          .set("retire_url", admin_url(resource.id, "/retire"))
          .set("restore_url", admin_url(resource.id, "/restore"));
      if (!resource.is_active()) {
        retired.push(std::move(item.set("category", label(category))));
        continue;
      }
      const auto& ids = active_ids[category];
      item.set("can_move_up", ids.front() != resource.id).set("can_move_down", ids.back() != resource.id);
      items.push(std::move(item));
    }
    if (!items.empty()) {
      sections.push(render::View()
                        .set("heading", label(category))
                        .set("heading_id", "category-" + std::string(to_text(category)))
                        .set("entries", std::move(items)));
    }
  }
  auto view = pages_.layout(context, "Resource directory", NavItem::kResources);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")))
      .set("sections", std::move(sections))
      .set("has_active", !active_ids.empty())
      .set("has_retired", !retired.empty())
      .set("retired", std::move(retired))
      .set("figure_days", kFigureDays)
      .set("first_day", figures.first_day)
      .set("last_day", figures.last_day)
      .set("directory_views", shown_count(figures.directory))
      .set("help_views", shown_count(figures.help));
  return pages_.page("admin/resources/index", view);
}

http::Response ResourcesHandlers::form_page(const http::RequestContext& context, const ResourceDraft& draft,
                                            const FieldErrors& errors, std::optional<std::int64_t> editing_id,
                                            int status, const WritingReview* review) const {
  auto view = pages_.layout(context, editing_id ? "Edit resource" : "Add a resource", NavItem::kResources);
  add_errors(view, errors);
  view.set("editing", editing_id.has_value())
      .set("action", editing_id ? admin_url(*editing_id, "/edit") : std::string(kAdminUrl) + "/new")
      .set("cancel_url", kAdminUrl)
      .set("name", draft.name)
      .set("slug", draft.slug)
      .set("summary", draft.summary)
      .set("details", draft.details)
      .set("audience", draft.audience)
      .set("phone", draft.phone)
      .set("text_line", draft.text_line)
      .set("hours", draft.hours)
      .set("place", draft.place)
      .set("link", draft.url)
      .set("confidentiality", draft.confidentiality)
      .set("category_options", enum_options(all_categories(), std::optional(draft.category)))
      .set("reach_options", enum_options(all_reaches(), std::optional(draft.reach)));
  if (review && review->phi_found) view.set("phi_warning", review->phi_warning);
  return pages_.page("admin/resources/form", view, status);
}

WritingReview ResourcesHandlers::review_text(const http::RequestContext& context,
                                             const ResourceDraft& draft) const {
  // Left out: the phone number and web address (checked for their format)
  // and the place ("Level 2, room 2.114" is where the service is, not a
  // patient's room). The text line names the service's own number.
  return writing_.review({{"name", "Name", draft.name},
                          {"summary", "What it offers", draft.summary},
                          {"details", "More about it", draft.details},
                          {"audience", "Who can use it", draft.audience},
                          {"text_line", "Text line", draft.text_line, FieldPurpose::kContactDetails},
                          {"hours", "Hours", draft.hours},
                          {"confidentiality", "Confidentiality", draft.confidentiality}},
                         phi_confirmation(context));
}

http::Response ResourcesHandlers::new_form(const http::RequestContext& context) const {
  if (!access::can_manage_directory(context.viewer)) throw Error::forbidden();
  return form_page(context, ResourceDraft{}, {}, std::nullopt, 200);
}

http::Response ResourcesHandlers::create(const http::RequestContext& context) const {
  if (!access::can_manage_directory(context.viewer)) throw Error::forbidden();
  auto form = parse_resource_form(context.request.form);
  const auto shown = typed_draft(context.request.form, form.draft);
  if (form.errors.empty()) {
    const auto review = review_text(context, form.draft);
    if (!review.may_save) return form_page(context, shown, {}, std::nullopt, 422, &review);
  }
  auto saved = service_.create(context.viewer, std::move(form));
  if (!saved.resource) return form_page(context, shown, saved.errors, std::nullopt, 400);
  return http::Response::redirect(std::string(kAdminUrl) + "?notice=created#resource-" +
                                  std::to_string(saved.resource->id));
}

http::Response ResourcesHandlers::edit_form(const http::RequestContext& context) const {
  const auto resource = service_.load_for_change(context.viewer, path_id(context));
  return form_page(context, resource.details, {}, resource.id, 200);
}

http::Response ResourcesHandlers::update(const http::RequestContext& context) const {
  const auto id = path_id(context);
  service_.load_for_change(context.viewer, id);  // 403 / 404 before anything else
  auto form = parse_resource_form(context.request.form);
  const auto shown = typed_draft(context.request.form, form.draft);
  if (form.errors.empty()) {
    const auto review = review_text(context, form.draft);
    if (!review.may_save) return form_page(context, shown, {}, id, 422, &review);
  }
  auto saved = service_.update(context.viewer, id, std::move(form));
  if (!saved.resource) return form_page(context, shown, saved.errors, id, 400);
  return http::Response::redirect(std::string(kAdminUrl) + "?notice=updated#resource-" + std::to_string(id));
}

http::Response ResourcesHandlers::move(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto direction = context.request.form.value_or_empty("direction");
  if (direction != "up" && direction != "down")
    throw Error::bad_request("Choose to move the entry up or down.");
  const bool moved = service_.move(context.viewer, id, direction == "up" ? Direction::kUp : Direction::kDown);
  return http::Response::redirect(std::string(kAdminUrl) + "?notice=" + (moved ? "moved" : "unmoved") +
                                  "#resource-" + std::to_string(id));
}

http::Response ResourcesHandlers::retire(const http::RequestContext& context) const {
  const auto id = path_id(context);
  service_.retire(context.viewer, id);
  return http::Response::redirect(std::string(kAdminUrl) + "?notice=retired#resource-" + std::to_string(id));
}

http::Response ResourcesHandlers::restore(const http::RequestContext& context) const {
  const auto id = path_id(context);
  service_.restore(context.viewer, id);
  return http::Response::redirect(std::string(kAdminUrl) + "?notice=restored#resource-" + std::to_string(id));
}

}  // namespace hearth::features::resources
