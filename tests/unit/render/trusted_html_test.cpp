#include <catch2/catch.hpp>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "common/embedded_file.h"
#include "render/template_set.h"
#include "render/view.h"

namespace hearth::render {
namespace {

constexpr std::string_view kMarkup = "<p>Hello <em>there</em> &amp; welcome</p>";
constexpr std::string_view kMarkupEscaped =
    "&lt;p&gt;Hello &lt;em&gt;there&lt;/em&gt; &amp;amp; welcome&lt;/p&gt;";

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

std::string render_one(std::string_view source, const View& view) {
  return from_sources({{"page", std::string(source)}}).render("page", view);
}

}  // namespace

TEST_CASE("trusted HTML is printed as is with a plain {{name}}", "[render]") {
  View view;
  view.set("body_html", TrustedHtml::from_sanitizer(std::string(kMarkup)));
  CHECK(render_one("<div>{{body_html}}</div>", view) == "<div>" + std::string(kMarkup) + "</div>");
}

TEST_CASE("an ordinary string with the same content is escaped", "[render]") {
  View view;
  view.set("body_html", kMarkup);
  const auto html = render_one("<div>{{body_html}}</div>", view);
  CHECK(html == "<div>" + std::string(kMarkupEscaped) + "</div>");
  CHECK_FALSE(contains(html, "<em>"));
}

TEST_CASE("a string that imitates the trusted marker is still escaped", "[render]") {
  for (const std::string& forged : {
           std::string("\x01hearth-html-") + std::string(kMarkup),
           std::string("\x01hearth-html-0123456789abcdef0123456789abcdef\x02") + std::string(kMarkup),
           std::string("\x01hearth-html-\x02") + std::string(kMarkup),
       }) {
    View view;
    view.set("text", forged);
    const auto html = render_one("<div>{{text}}</div>", view);
    INFO(html);
    CHECK(contains(html, kMarkupEscaped));
    CHECK_FALSE(contains(html, "<em>"));
    CHECK_FALSE(contains(html, "<p>"));
  }
}

TEST_CASE("trusted and ordinary values keep their treatment side by side, in sections and lists",
          "[render]") {
  ViewList items;
  items.push(
      View().set("html", TrustedHtml::from_sanitizer("<strong>one</strong>")).set("text", "<i>two</i>"));
  View view;
  view.set("items", std::move(items))
      .set("post",
           View().set("body_html", TrustedHtml::from_sanitizer("<em>three</em>")).set("name", "<u>four</u>"));
  const auto html =
      render_one("{{#items}}{{html}}|{{text}}{{/items}}/{{#post}}{{body_html}}|{{name}}{{/post}}", view);
  CHECK(html == "<strong>one</strong>|&lt;i&gt;two&lt;/i&gt;/<em>three</em>|&lt;u&gt;four&lt;/u&gt;");
}

TEST_CASE("empty trusted HTML counts as absent", "[render]") {
  View view;
  view.set("body_html", TrustedHtml::from_sanitizer(""));
  CHECK(render_one("{{#body_html}}shown{{/body_html}}{{^body_html}}absent{{/body_html}}[{{body_html}}]",
                   view) == "absent[]");
}

TEST_CASE("trusted HTML is printed as is from a partial too", "[render]") {
  View view;
  view.set("body_html", TrustedHtml::from_sanitizer("<em>x</em>")).set("title", "<em>y</em>");
  const auto templates =
      from_sources({{"layout/body", "{{body_html}} {{title}}"}, {"page", "<main>{{> layout/body}}</main>"}});
  CHECK(templates.render("page", view) == "<main><em>x</em> &lt;em&gt;y&lt;/em&gt;</main>");
}

}  // namespace hearth::render
