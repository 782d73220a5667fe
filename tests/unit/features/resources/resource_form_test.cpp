#include "features/resources/resource_form.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

namespace hearth::features::resources {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

// A complete, valid submission of the add-a-resource form.
Fields valid_fields() {
  return {
      {"name", "Chaplaincy & Spiritual Care"},
      {"slug", ""},
      {"category", "chaplaincy"},
      {"reach", "on_site"},
      {"summary", "Chaplains of many faiths, and none, for staff as well as patients."},
      {"details", "A quiet word or a prayer.\r\nSomeone to sit with after a death."},
      {"audience", "All hospital staff"},
      {"phone", "555-0110"},
      {"text_line", ""},
      {"hours", "24/7"},
      {"place", "Interfaith chapel, main building, level 1"},
      {"url", "https://intranet.example.org/chaplaincy"},
      {"confidentiality", "Chaplains keep what you tell them confidential."},
  };
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
  std::erase_if(fields, [&](const auto& entry) { return entry.first == name; });
  fields.emplace_back(name, value);
  return fields;
}

ResourceForm parse(const Fields& fields) {
  http::Parameters parameters;
  for (const auto& [name, value] : fields) parameters.add(name, value);
  return parse_resource_form(parameters);
}

ResourceForm parse_with(const std::string& name, const std::string& value) {
  return parse(with(valid_fields(), name, value));
}

std::string describe(const FieldErrors& errors) {
  std::string out;
  for (const auto& [field, message] : errors.entries()) out += "\n  " + field + ": " + message;
  return out;
}

// The form has exactly one problem, reported against `field`.
void require_only_error(const ResourceForm& form, std::string_view field) {
  INFO("errors:" << describe(form.errors));
  CHECK_FALSE(form.errors.message_for(field).empty());
  for (const auto& entry : form.errors.entries()) CHECK(entry.first == field);
}

void require_no_errors(const ResourceForm& form) {
  INFO("errors:" << describe(form.errors));
  CHECK(form.errors.empty());
}

}  // namespace

TEST_CASE("a complete valid resource form yields the draft and no errors", "[resources][forms]") {
  const auto form = parse(valid_fields());
  require_no_errors(form);
  const auto& d = form.draft;
  CHECK(d.name == "Chaplaincy & Spiritual Care");
  CHECK(d.slug == "chaplaincy-spiritual-care");
  CHECK(form.slug_from_name);
  CHECK(d.category == Category::kChaplaincy);
  CHECK(d.reach == Reach::kOnSite);
  CHECK(d.summary == "Chaplains of many faiths, and none, for staff as well as patients.");
  CHECK(d.details == "A quiet word or a prayer.\nSomeone to sit with after a death.");
  CHECK(d.audience == "All hospital staff");
  CHECK(d.phone == "555-0110");
  CHECK(d.text_line.empty());
  CHECK(d.hours == "24/7");
  CHECK(d.place == "Interfaith chapel, main building, level 1");
  CHECK(d.url == "https://intranet.example.org/chaplaincy");
  CHECK(d.confidentiality == "Chaplains keep what you tell them confidential.");
}

TEST_CASE("texts are trimmed and a typed web address is kept, lower-cased", "[resources][forms]") {
  auto fields = with(valid_fields(), "name", "   Quiet room   ");
  fields = with(fields, "slug", "Quiet-Room-2");
  const auto form = parse(fields);
  require_no_errors(form);
  CHECK(form.draft.name == "Quiet room");
  CHECK(form.draft.slug == "quiet-room-2");
  CHECK_FALSE(form.slug_from_name);
}

TEST_CASE("each field is checked and reported against itself", "[resources][forms]") {
  SECTION("required texts") {
    for (const auto* field : {"name", "summary", "audience"}) {
      INFO(field);
      require_only_error(parse_with(field, "   "), field);
    }
  }
  SECTION("lengths") {
    require_only_error(parse_with("name", repeat("a", 121)), "name");
    require_only_error(parse_with("summary", "Too short"), "summary");
    require_only_error(parse_with("summary", repeat("b", 201)), "summary");
    require_only_error(parse_with("details", repeat("c", 4001)), "details");
    require_only_error(parse_with("audience", repeat("d", 301)), "audience");
    require_only_error(parse_with("text_line", repeat("e", 101)), "text_line");
    require_only_error(parse_with("hours", repeat("f", 101)), "hours");
    require_only_error(parse_with("place", repeat("g", 201)), "place");
    require_only_error(parse_with("confidentiality", repeat("h", 501)), "confidentiality");
    // Code points, not bytes: 120 two-byte letters fit.
    require_no_errors(parse_with("name", repeat("é", 120)));
  }
  SECTION("one-line fields refuse line breaks; longer texts keep them") {
    for (const auto* field : {"name", "summary", "audience", "phone", "text_line", "hours", "place"}) {
      INFO(field);
      require_only_error(parse_with(field, "one\ntwo 555"), field);
    }
    require_no_errors(parse_with("confidentiality", "One.\nTwo."));
  }
  SECTION("invalid UTF-8 and control characters") {
    require_only_error(parse_with("name",
                                  "Chapl\xff"
                                  "aincy"),
                       "name");
    require_only_error(parse_with("details", std::string("Bell\x07 here")), "details");
  }
  SECTION("choices must be on their lists") {
    require_only_error(parse_with("category", "spa"), "category");
    require_only_error(parse_with("category", ""), "category");
    require_only_error(parse_with("reach", "moon"), "reach");
  }
  SECTION("web address of the entry") {
    require_only_error(parse_with("slug", "no spaces"), "slug");
    require_only_error(parse_with("slug", "-edge"), "slug");
    require_only_error(parse_with("slug", "a--b"), "slug");
    require_only_error(parse_with("slug", "ab"), "slug");
    require_only_error(parse_with("slug", "print"), "slug");  // /resources/print is a page
    require_only_error(parse_with("slug", repeat("x", 61)), "slug");
  }
  SECTION("links must be http or https") {
    for (const auto* bad : {"javascript:alert(1)", "ftp://example.org", "example.org", "https://a b.org",
                            "https://example.org/\"onmouseover"}) {
      INFO(bad);
      require_only_error(parse_with("url", bad), "url");
    }
    require_no_errors(parse_with("url", "http://intranet/eap"));
    require_no_errors(parse_with("url", ""));
  }
  SECTION("places are needed for services at the hospital only") {
    require_only_error(parse_with("place", ""), "place");
    auto remote = with(valid_fields(), "reach", "remote");
    require_no_errors(parse(with(remote, "place", "")));
  }
}

TEST_CASE("phone numbers are checked for their shape", "[resources][forms]") {
  for (const auto* good :
       {"988", "555-0110", "1-800-555-0100", "+1 (800) 555-0100", "800.555.0100", "555-0100 ext. 4357",
        "555-0100 ext 12", "555-0100 x4357", "555-0100 X 7", "4357"}) {
    INFO(good);
    CHECK(is_phone_number(good));
    require_no_errors(parse_with("phone", good));
  }
  for (const auto* bad :
       {"", "12", "1-800-TALK", "call me", "555-0100x12", "555-0100 ext.", "555-0100 ext 1234567", "+",
        "++1 555 0100", "555--0100 -", "1234567890123456", "555-0100 -", "555-0100; DROP", "tel:988"}) {
    INFO(bad);
    CHECK_FALSE(is_phone_number(bad));
  }
  require_only_error(parse_with("phone", "1-800-TALK"), "phone");
  require_only_error(parse_with("phone", repeat("5", 41)), "phone");
}

TEST_CASE("phone numbers become tel: links with the extension after a pause", "[resources][forms]") {
  CHECK(tel_uri("988") == "tel:988");
  CHECK(tel_uri("1-800-555-0100") == "tel:18005550100");
  CHECK(tel_uri("+1 (800) 555-0100") == "tel:+18005550100");
  CHECK(tel_uri("555-0100 ext. 4357") == "tel:5550100,4357");
  CHECK(tel_uri("not a number").empty());
}

TEST_CASE("an entry needs at least one way to reach it", "[resources][forms]") {
  auto fields = with(valid_fields(), "reach", "remote");
  for (const auto* field : {"phone", "text_line", "place", "url"}) fields = with(fields, field, "");
  require_only_error(parse(fields), "phone");
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"phone", "988"},
                                                        {"text_line", "Text 988"},
                                                        {"place", "Level 2"},
                                                        {"url", "https://988lifeline.org"}}) {
    INFO(field);
    require_no_errors(parse(with(fields, field, value)));
  }
}

TEST_CASE("web addresses made from names", "[resources][forms]") {
  CHECK(slug_from_name("Chaplaincy & Spiritual Care") == "chaplaincy-spiritual-care");
  CHECK(slug_from_name("  988 Suicide & Crisis Lifeline ") == "988-suicide-crisis-lifeline");
  CHECK(slug_from_name("Women's and children's wing") == "women-s-and-children-s-wing");
  CHECK(slug_from_name("Père Noël") == "p-re-no-l");
  CHECK(slug_from_name("??") == "resource");
  CHECK(slug_from_name("EA") == "resource");
  CHECK(slug_from_name("Print") == "print-resource");
  const auto long_slug = slug_from_name(repeat("word ", 40));
  CHECK(long_slug.size() <= 60);
  CHECK_FALSE(slug_problem(long_slug));
  CHECK(long_slug.back() != '-');
  for (const auto* name : {"Quiet room", "A", "Ünïcode only ✓", "print", "new", "---"}) {
    INFO(name);
    CHECK_FALSE(slug_problem(slug_from_name(name)));
  }
}

}  // namespace hearth::features::resources
