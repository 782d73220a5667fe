#include "render/template_set.h"

#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "render/view.h"

namespace hearth::render {
namespace {

constexpr std::string_view kHostile = "<script>alert(1)</script>\"'&";
constexpr std::string_view kHostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&apos;&amp;";

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// A template set made from `templates` (name -> source), as if they were
// embedded web files under templates/.
TemplateSet from_sources(const std::map<std::string, std::string>& templates) {
  std::deque<std::string> storage;  // EmbeddedFile holds views: keep the text at stable addresses
  std::vector<EmbeddedFile> files;
  for (const auto& [name, source] : templates) {
    storage.push_back("templates/" + name + ".mustache");
    const std::string& path = storage.back();
    storage.push_back(source);
    files.push_back({path, storage.back(), "000000000000"});
  }
  return TemplateSet::from_embedded(files);
}

// Loads `templates` and returns the log detail of the error it must raise.
std::string load_error(const std::map<std::string, std::string>& templates) {
  try {
    from_sources(templates);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kInternal);
    return error.log_detail();
  }
  FAIL("the template set should not load");
  return {};
}

// The source of every embedded template, by name ("home/signed_in").
std::map<std::string, std::string> embedded_sources() {
  std::map<std::string, std::string> sources;
  for (const auto& file : hearth_web_files()) {
    if (!file.path.starts_with("templates/") || !file.path.ends_with(".mustache")) continue;
    auto name = file.path.substr(10);
    name.remove_suffix(9);
    sources.emplace(std::string(name), std::string(file.content));
  }
  return sources;
}

std::string expand_partials(const std::string& source, const std::map<std::string, std::string>& sources) {
  static const std::regex partial(R"(\{\{>\s*([a-z_/]+)\s*\}\})");
  std::string out;
  std::sregex_iterator it(source.begin(), source.end(), partial);
  std::size_t position = 0;
  for (; it != std::sregex_iterator(); ++it) {
    out += source.substr(position, static_cast<std::size_t>(it->position()) - position);
    out += expand_partials(sources.at((*it)[1].str()), sources);
    position = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + source.substr(position);
}

struct TemplateTags {
  std::set<std::string> all_names;        // every name used in any tag
  std::set<std::string> shown_variables;  // {{name}} not inside any {{^inverted}} section
};

TemplateTags scan_tags(const std::string& source) {
  static const std::regex tag(R"(\{\{\s*([#^/!]?)\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\})");
  TemplateTags tags;
  std::vector<std::pair<std::string, bool>> open_sections;  // name, inverted
  for (std::sregex_iterator it(source.begin(), source.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string kind = (*it)[1].str();
    const std::string name = (*it)[2].str();
    if (kind == "!") continue;
    tags.all_names.insert(name);
    if (kind == "#" || kind == "^") {
      open_sections.emplace_back(name, kind == "^");
    } else if (kind == "/") {
      if (!open_sections.empty()) open_sections.pop_back();
    } else {
      const bool hidden = std::any_of(open_sections.begin(), open_sections.end(),
                                      [](const auto& section) { return section.second; });
      if (!hidden) tags.shown_variables.insert(name);
    }
  }
  return tags;
}

// A view with every layout value that features::PageRenderer::base() sets.
View layout_view() {
  View view;
  view.set("lang", "en")
      .set("site_name", "Riverside Wellbeing")
      .set("page_title", "Test page")
      .set("stylesheet_url", "/static/css/hearth.css?v=0123456789ab")
      .set("script_url", "/static/js/hearth.js?v=0123456789ab")
      .set("icon_url", "/static/img/hearth.svg?v=0123456789ab")
      .set("signed_in", true)
      .set("viewer_name", "Amy Chen")
      .set("csrf_token", "csrf-token-value")
      .set("help_url", "/help")
      .set("privacy_url", "/privacy")
      .set("crisis_name", "988 Suicide & Crisis Lifeline")
      .set("crisis_phone", "988")
      .set("current_home", false)
      .set("current_help", true)
      .set("current_privacy", false)
      .set("current_signin", false);
  return view;
}

// layout_view() plus the values each page template reads.
View page_view() {
  View view = layout_view();
  ViewList roles;
  roles.push(View().set("name", "Peer supporter"));
  ViewList accounts;
  accounts.push(View()
                    .set("username", "amy.chen")
                    .set("display_name", "Amy Chen")
                    .set("password", "hearth-demo")
                    .set("description", "Registered Nurse, ICU: staff"));
  view.set("status_code", 404)
      .set("error_title", "Page not found")
      .set("error_message", "We couldn't find that page.")
      .set("reference_id", "ref-123")
      .set("neutral_title", "Hospital intranet")
      .set("neutral_link_text", "Go to the hospital intranet")
      .set("neutral_link_url", "https://intranet.example/")
      .set("crisis_text", "Text 988")
      .set("emergency_number", "911")
      .set("eap_name", "Employee Assistance Program")
      .set("eap_phone", "1-800-555-0100")
      .set("eap_hours", "24/7")
      .set("onsite_help", "Chaplaincy is on level 2.")
      .set("support_request_url", "/support/new")
      .set("viewer_department", "ICU")
      .set("viewer_roles", std::move(roles))
      .set("idle_timeout_minutes", 30)
      .set("absolute_timeout_hours", 12)
      .set("username", "amy.chen")
      .set("form_error", "That username and password didn't work.")
      .set("directory_unavailable", false)
      .set("demo", true)
      .set("demo_accounts", std::move(accounts))
      .set("flash", "Saved.");
  return view;
}

}  // namespace

TEST_CASE("the embedded templates load and list their page names", "[render]") {
  const auto templates = TemplateSet::from_embedded(hearth_web_files());
  const auto names = templates.names();
  REQUIRE_FALSE(names.empty());
  CHECK(templates.contains("home/signed_out"));
  CHECK(templates.contains("errors/error"));
  CHECK(templates.contains("signin/form"));
  CHECK(templates.contains("exit/page"));
  for (const auto& name : names) {
    INFO(name);
    CHECK_FALSE(name.starts_with("layout/"));  // partials are not pages
    CHECK_FALSE(name.ends_with(".mustache"));
  }
  CHECK_FALSE(templates.contains("layout/head"));
  CHECK_THROWS_AS(templates.render("layout/head", View()), Error);
  CHECK_THROWS_AS(templates.render("no/such/page", View()), Error);
}

TEST_CASE("every template renders completely with the layout and page values", "[render]") {
  const auto templates = TemplateSet::from_embedded(hearth_web_files());
  const View view = page_view();
  for (const auto& name : templates.names()) {
    INFO(name);
    const std::string html = templates.render(name, view);
    CHECK_FALSE(contains(html, "{{"));
    CHECK_FALSE(contains(html, "}}"));
    CHECK(html.starts_with("<!doctype html>"));
    CHECK(contains(html, "</html>"));
    CHECK(contains(html, "<title>"));
  }
}

TEST_CASE("every variable a template shows reaches the output", "[render]") {
  // Each name gets a distinct marker; every {{name}} outside an inverted
  // section must print its marker, so a misspelt key in a template or a
  // broken partial shows up here.
  const auto sources = embedded_sources();
  const auto templates = TemplateSet::from_embedded(hearth_web_files());
  for (const auto& name : templates.names()) {
    INFO(name);
    const std::string expanded = expand_partials(sources.at(name), sources);
    const TemplateTags tags = scan_tags(expanded);
    View view;
    for (const auto& key : tags.all_names) view.set(key, "marker-" + key);
    const std::string html = templates.render(name, view);
    CHECK_FALSE(contains(html, "{{"));
    for (const auto& variable : tags.shown_variables) {
      INFO("variable " << variable);
      CHECK(contains(html, "marker-" + variable));
    }
  }
}

TEST_CASE("the layout shows the crisis line and help link on every page", "[render]") {
  const auto templates = TemplateSet::from_embedded(hearth_web_files());
  const View view = page_view();
  for (const auto& name : templates.names()) {
    if (name == "exit/page") continue;  // the neutral page must not look like Hearth
    INFO(name);
    const std::string html = templates.render(name, view);
    CHECK(contains(html, "Get help now"));
    CHECK(contains(html, "tel:988"));
    CHECK(contains(html, "href=\"/exit\""));
  }
}

TEST_CASE("values are HTML-escaped in text and attributes", "[render]") {
  const auto templates = TemplateSet::from_embedded(hearth_web_files());
  View view = page_view();
  view.set("username", kHostile)
      .set("viewer_name", kHostile)
      .set("form_error", kHostile)
      .set("site_name", kHostile)
      .set("csrf_token", kHostile);
  const std::string html = templates.render("signin/form", view);
  CHECK_FALSE(contains(html, "<script>alert"));
  CHECK_FALSE(contains(html, kHostile));
  CHECK_FALSE(contains(html, "value=\"<"));
  CHECK(contains(html, std::string("value=\"") + std::string(kHostileEscaped) + "\""));
  CHECK(contains(html, kHostileEscaped));

  SECTION("in a synthetic template, every place a value can go") {
    const auto synthetic =
        from_sources({{"page/test", "<p title=\"{{x}}\">{{x}}</p>{{#list}}<i>{{x}}</i>{{/list}}"}});
    View values;
    ViewList list;
    list.push(View().set("x", kHostile));
    values.set("x", kHostile).set("list", std::move(list));
    const std::string out = synthetic.render("page/test", values);
    CHECK(out == "<p title=\"" + std::string(kHostileEscaped) + "\">" + std::string(kHostileEscaped) +
                     "</p><i>" + std::string(kHostileEscaped) + "</i>");
  }
}

TEST_CASE("unescaped output is refused when templates load", "[render]") {
  SECTION("triple mustache") {
    const auto detail = load_error({{"page/ok", "<p>{{x}}</p>"}, {"page/triple", "<p>{{{x}}}</p>"}});
    CHECK(contains(detail, "page/triple"));
    CHECK_FALSE(contains(detail, "page/ok"));
  }
  SECTION("ampersand") {
    CHECK(contains(load_error({{"page/amp", "<p>{{&x}}</p>"}}), "page/amp"));
  }
  SECTION("ampersand after a space") {
    CHECK(contains(load_error({{"page/spaced", "<p>{{ &x }}</p>"}}), "page/spaced"));
  }
  SECTION("changed delimiters") {
    CHECK(contains(load_error({{"page/delimiters", "{{=<% %>=}}<p><%&x%></p>"}}), "page/delimiters"));
  }
  SECTION("inside a partial that nobody uses") {
    CHECK(contains(load_error({{"page/ok", "<p>{{x}}</p>"}, {"layout/evil", "{{{x}}}"}}), "layout/evil"));
  }
  SECTION("every bad file is named at once") {
    const auto detail =
        load_error({{"page/one", "{{{x}}}"}, {"page/two", "{{&y}}"}, {"page/three", "{{#open}}"}});
    CHECK(contains(detail, "page/one"));
    CHECK(contains(detail, "page/two"));
    CHECK(contains(detail, "page/three"));
  }
}

TEST_CASE("templates that do not parse or name unknown partials are refused", "[render]") {
  CHECK(contains(load_error({{"page/unclosed", "{{#a}}never closed"}}), "page/unclosed"));
  CHECK(contains(load_error({{"page/mismatched", "{{#a}}x{{/b}}"}}), "page/mismatched"));
  CHECK(contains(load_error({{"page/unopened", "x{{/a}}"}}), "page/unopened"));
  CHECK(contains(load_error({{"page/unterminated", "{{name"}}), "page/unterminated"));
  const auto unknown = load_error({{"page/partial", "{{> layout/nope}}"}});
  CHECK(contains(unknown, "page/partial"));
  CHECK(contains(unknown, "layout/nope"));
  // Partials come from layout/ only.
  CHECK(contains(load_error({{"page/a", "{{> page/b}}"}, {"page/b", "b"}}), "page/a"));
  // A partial that includes itself does not hang.
  CHECK(contains(load_error({{"page/a", "{{> layout/loop}}"}, {"layout/loop", "{{> layout/loop}}"}}),
                 "page/a"));
}

TEST_CASE("partials are expanded when the set loads", "[render]") {
  const auto templates = from_sources(
      {{"layout/head", "<h1>{{title}}</h1>"}, {"page/body", "{{> layout/head}}<p>{{text}}</p>"}});
  View view;
  view.set("title", "Title").set("text", "Body");
  CHECK(templates.render("page/body", view) == "<h1>Title</h1><p>Body</p>");
  CHECK(templates.names() == std::vector<std::string>{"page/body"});
}

TEST_CASE("an empty text counts as absent in sections", "[render]") {
  const auto templates = from_sources({{"page/flag", "{{#key}}yes{{/key}}{{^key}}no{{/key}}[{{key}}]"}});
  View empty;
  empty.set("key", "");
  CHECK(templates.render("page/flag", empty) == "no[]");
  CHECK(templates.render("page/flag", View()) == "no[]");
  View filled;
  filled.set("key", "v");
  CHECK(templates.render("page/flag", filled) == "yes[v]");
  View yes;
  yes.set("key", true);
  CHECK(templates.render("page/flag", yes) == "yes[]");
  View no;
  no.set("key", false);
  CHECK(templates.render("page/flag", no) == "no[]");
  View zero;
  zero.set("key", 0);  // numbers are text: zero is a value, not "false"
  CHECK(templates.render("page/flag", zero) == "yes[0]");
}

TEST_CASE("lists render once per item and empty lists count as absent", "[render]") {
  const auto templates =
      from_sources({{"page/list", "{{#items}}<li>{{name}}</li>{{/items}}{{^items}}none{{/items}}"}});
  View view;
  ViewList items;
  for (const auto* name : {"one", "two", "three"}) items.push(View().set("name", name));
  CHECK(items.size() == 3);
  view.set("items", std::move(items));
  CHECK(templates.render("page/list", view) == "<li>one</li><li>two</li><li>three</li>");
  View empty;
  empty.set("items", ViewList());
  CHECK(templates.render("page/list", empty) == "none");
}

TEST_CASE("lists nested in list items, and values set twice, render as last set", "[render]") {
  // View::set and ViewList move their values in rather than copying them;
  // the page must be the same as with copies.
  const auto templates = from_sources(
      {{"page/nested",
        "{{#groups}}{{name}}:{{#tags}}[{{label}}]{{/tags}}{{^tags}}-{{/tags}};{{/groups}}{{title}}"}});
  View view;
  view.set("title", "old");
  ViewList groups;
  for (const auto* name : {"a", "b", "c"}) {
    View group;
    group.set("name", "stale").set("name", name);
    ViewList tags;
    if (std::string_view(name) != "b") {
      for (const auto* label : {"x", "y"}) tags.push(View().set("label", label));
    }
    group.set("tags", std::move(tags));
    groups.push(std::move(group));
  }
  view.set("groups", std::move(groups)).set("title", "new");
  CHECK(templates.render("page/nested", view) == "a:[x][y];b:-;c:[x][y];new");
  View copy = view;
  CHECK(templates.render("page/nested", copy) == "a:[x][y];b:-;c:[x][y];new");
}

TEST_CASE("a copied view is independent of the original", "[render]") {
  const auto templates = from_sources({{"page/v", "{{a}}"}});
  View original;
  original.set("a", "first");
  View copy = original;
  copy.set("a", "second");
  CHECK(templates.render("page/v", original) == "first");
  CHECK(templates.render("page/v", copy) == "second");
}

TEST_CASE("templates on disk load and contain no inline script, style or unescaped output", "[render]") {
  const std::filesystem::path root = std::filesystem::path(HEARTH_SOURCE_DIR) / "web" / "templates";
  REQUIRE(std::filesystem::is_directory(root));
  const std::regex event_handler(R"(<[^>]*\son[a-z]+\s*=)", std::regex::icase);
  const std::regex inline_script(R"(<script(\s[^>]*)?>)", std::regex::icase);
  const std::regex script_with_source(R"(<script\s[^>]*\bsrc\s*=)", std::regex::icase);
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    ++checked;
    std::ifstream stream(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << stream.rdbuf();
    const std::string text = content.str();
    INFO(entry.path().string());
    CHECK_FALSE(contains(text, "{{{"));
    CHECK_FALSE(contains(text, "{{&"));
    CHECK_FALSE(contains(text, "{{="));
    CHECK_FALSE(contains(text, " style="));
    CHECK_FALSE(contains(text, "<style"));
    CHECK_FALSE(std::regex_search(text, event_handler));
    CHECK_FALSE(contains(text, "javascript:"));
    for (std::sregex_iterator it(text.begin(), text.end(), inline_script); it != std::sregex_iterator();
         ++it) {
      INFO("script tag " << it->str());
      CHECK(std::regex_search(it->str(), script_with_source));
    }
  }
  CHECK(checked > 0);
  CHECK_NOTHROW(TemplateSet::from_directory(std::filesystem::path(HEARTH_SOURCE_DIR) / "web"));
}

}  // namespace hearth::render
