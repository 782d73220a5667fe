#include "features/resources/resource_demo.h"

#include <catch2/catch.hpp>
#include <set>

#include "features/resources/resource_form.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::resources {
namespace {

constexpr std::int64_t kNow = 1'750'000'000;

// The form a coordinator would submit to write `draft` by hand.
http::Parameters as_form(const ResourceDraft& draft) {
  http::Parameters form;
  form.add("name", draft.name);
  form.add("slug", draft.slug);
  form.add("category", std::string(to_text(draft.category)));
  form.add("reach", std::string(to_text(draft.reach)));
  form.add("summary", draft.summary);
  form.add("details", draft.details);
  form.add("audience", draft.audience);
  form.add("phone", draft.phone);
  form.add("text_line", draft.text_line);
  form.add("hours", draft.hours);
  form.add("place", draft.place);
  form.add("url", draft.url);
  form.add("confidentiality", draft.confidentiality);
  return form;
}

}  // namespace

TEST_CASE("the demo directory covers every category and passes the form's own checks", "[resources][demo]") {
  hearth::testing::MigratedDatabase database;
  ResourceStore store(database.pool());
  seed_demo_resources(store, kNow);
  const auto entries = store.all();
  REQUIRE(entries.size() >= 15);

  std::set<Category> categories;
  int on_site = 0;
  for (const auto& entry : entries) {
    INFO(entry.name());
    CHECK(entry.is_active());
    categories.insert(entry.details.category);
    if (entry.details.reach == Reach::kOnSite) ++on_site;
    const auto form = parse_resource_form(as_form(entry.details));
    std::string problems;
    for (const auto& [field, message] : form.errors.entries()) problems += field + ": " + message + "\n";
    INFO(problems);
    CHECK(form.errors.empty());
  }
  CHECK(categories.size() == all_categories().size());
  CHECK(on_site >= 3);  // the help page lists them

  SECTION("seeding again adds nothing") {
    seed_demo_resources(store, kNow + 60);
    CHECK(store.all().size() == entries.size());
  }
  SECTION("nor does it seed over a directory that has only retired entries") {
    hearth::testing::MigratedDatabase other;
    ResourceStore other_store(other.pool());
    ResourceDraft draft;
    draft.name = "Old entry";
    draft.slug = "old-entry";
    draft.summary = "Something that closed down.";
    draft.audience = "Nobody now";
    draft.phone = "555-0100";
    const auto id = other_store.insert(draft, kNow);
    other_store.set_status(id, ResourceStatus::kRetired, kNow);
    seed_demo_resources(other_store, kNow);
    CHECK(other_store.all().size() == 1);
  }
}

}  // namespace hearth::features::resources
