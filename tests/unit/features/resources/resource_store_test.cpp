#include "features/resources/resource_store.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "unit/features/resources/resource_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::resources {
namespace {

using testing::sample_draft;

constexpr std::int64_t kNow = 1'750'000'000;

struct StoreFixture {
  hearth::testing::MigratedDatabase database;
  ResourceStore store{database.pool()};

  std::int64_t add(const std::string& name, Category category = Category::kEap,
                   Reach reach = Reach::kRemote) {
    std::string slug;
    for (char c : name)
      slug += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return store.insert(sample_draft(name, slug, category, reach), kNow);
  }

  std::vector<std::string> names(const ResourceSearch& search = {}) {
    std::vector<std::string> out;
    for (const auto& resource : store.search(search)) out.push_back(resource.name());
    return out;
  }
};

ResourceSearch text(std::string words) {
  ResourceSearch search;
  search.text = std::move(words);
  return search;
}

ResourceSearch in_category(Category category) {
  ResourceSearch search;
  search.category = category;
  return search;
}

void check_same_draft(const ResourceDraft& actual, const ResourceDraft& expected) {
  CHECK(actual.name == expected.name);
  CHECK(actual.slug == expected.slug);
  CHECK(actual.category == expected.category);
  CHECK(actual.reach == expected.reach);
  CHECK(actual.summary == expected.summary);
  CHECK(actual.details == expected.details);
  CHECK(actual.audience == expected.audience);
  CHECK(actual.phone == expected.phone);
  CHECK(actual.text_line == expected.text_line);
  CHECK(actual.hours == expected.hours);
  CHECK(actual.place == expected.place);
  CHECK(actual.url == expected.url);
  CHECK(actual.confidentiality == expected.confidentiality);
}

}  // namespace

// ---- Create, read, update -----------------------------------------------------

TEST_CASE("an entry inserted and found keeps every field", "[resources][store]") {
  StoreFixture fixture;
  auto draft =
      sample_draft("Chaplaincy — \"on call\" & 'quiet'", "chaplaincy", Category::kChaplaincy, Reach::kOnSite);
  draft.details = "Line one.\nLine two; DROP TABLE resource; --\n\nLine four 🌙";
  const auto id = fixture.store.insert(draft, kNow);

  const auto by_slug = fixture.store.find_by_slug("chaplaincy");
  REQUIRE(by_slug);
  CHECK(by_slug->id == id);
  check_same_draft(by_slug->details, draft);
  CHECK(by_slug->status == ResourceStatus::kActive);
  CHECK(by_slug->created_at == kNow);
  CHECK(by_slug->updated_at == kNow);

  const auto by_id = fixture.store.find(id);
  REQUIRE(by_id);
  check_same_draft(by_id->details, draft);
  CHECK(fixture.store.slug_exists("chaplaincy"));
  CHECK_FALSE(fixture.store.slug_exists("chaplain"));
  CHECK_FALSE(fixture.store.find(id + 1000));
  CHECK_FALSE(fixture.store.find_by_slug("nothing-here"));
}

TEST_CASE("updating an entry replaces its details and its search words", "[resources][store]") {
  StoreFixture fixture;
  const auto id = fixture.store.insert(sample_draft("Quiet room", "quiet-room"), kNow);
  auto changed = sample_draft("Mindfulness drop-in", "mindfulness", Category::kWellness, Reach::kOnSite);
  changed.summary = "Guided breathing you can join in scrubs";
  changed.phone = "";
  fixture.store.update(id, changed, kNow + 60);

  const auto found = fixture.store.find(id);
  REQUIRE(found);
  check_same_draft(found->details, changed);
  CHECK(found->created_at == kNow);
  CHECK(found->updated_at == kNow + 60);
  CHECK_FALSE(fixture.store.find_by_slug("quiet-room"));
  CHECK(fixture.names(text("scrubs")) == std::vector<std::string>{"Mindfulness drop-in"});
  CHECK(fixture.names(text("quiet")).empty());  // the old words left the index
  CHECK_THROWS_AS(fixture.store.update(id + 1000, changed, kNow), Error);
}

TEST_CASE("two entries can't share a web address", "[resources][store]") {
  StoreFixture fixture;
  fixture.store.insert(sample_draft("EAP", "eap"), kNow);
  CHECK_THROWS_AS(fixture.store.insert(sample_draft("Another EAP", "eap"), kNow), Error);
  CHECK(fixture.store.all().size() == 1);
  CHECK(fixture.names(text("another")).empty());  // the failed insert left no index row
}

// ---- Order --------------------------------------------------------------------

TEST_CASE("the directory is ordered by category, then by position within it", "[resources][store]") {
  StoreFixture fixture;
  fixture.add("Counselling", Category::kEap);
  fixture.add("Hospice line", Category::kGrief);
  fixture.add("Lifeline", Category::kCrisis);
  fixture.add("Legal advice", Category::kEap);
  fixture.add("Text line", Category::kCrisis);
  CHECK(fixture.names() ==
        std::vector<std::string>{"Lifeline", "Text line", "Counselling", "Legal advice", "Hospice line"});
  CHECK(fixture.store.all().size() == 5);
}

TEST_CASE("moving swaps an entry with its neighbour in the same category only", "[resources][store]") {
  StoreFixture fixture;
  const auto first = fixture.add("First", Category::kEap);
  fixture.add("Crisis between", Category::kCrisis);
  const auto second = fixture.add("Second", Category::kEap);
  const auto third = fixture.add("Third", Category::kEap);
  const auto eap = [&] { return fixture.names(in_category(Category::kEap)); };

  CHECK(fixture.store.move(third, Direction::kUp, kNow + 1));
  CHECK(eap() == std::vector<std::string>{"First", "Third", "Second"});
  CHECK(fixture.store.move(third, Direction::kUp, kNow + 2));
  CHECK(eap() == std::vector<std::string>{"Third", "First", "Second"});
  // Already first: nothing changes.
  CHECK_FALSE(fixture.store.move(third, Direction::kUp, kNow + 3));
  CHECK(eap() == std::vector<std::string>{"Third", "First", "Second"});
  CHECK(fixture.store.move(first, Direction::kDown, kNow + 4));
  CHECK(eap() == std::vector<std::string>{"Third", "Second", "First"});
  CHECK_FALSE(fixture.store.move(first, Direction::kDown, kNow + 5));
  CHECK(fixture.store.find(first)->updated_at == kNow + 4);
  // The crisis entry between them by position was never involved.
  CHECK(fixture.names(in_category(Category::kCrisis)) == std::vector<std::string>{"Crisis between"});
  CHECK_FALSE(fixture.store.move(second + 1000, Direction::kUp, kNow));

  // Positions stay unique after any number of swaps.
  std::set<std::int64_t> positions;
  for (const auto& resource : fixture.store.all()) positions.insert(resource.position);
  CHECK(positions.size() == 4);
}

TEST_CASE("moving skips retired entries and never moves a retired one", "[resources][store]") {
  StoreFixture fixture;
  const auto a = fixture.add("Alpha");
  const auto b = fixture.add("Bravo");
  const auto c = fixture.add("Charlie");
  fixture.store.set_status(b, ResourceStatus::kRetired, kNow);
  CHECK(fixture.store.move(c, Direction::kUp, kNow));
  CHECK(fixture.names() == std::vector<std::string>{"Charlie", "Alpha"});
  CHECK_FALSE(fixture.store.move(b, Direction::kUp, kNow));
  CHECK_FALSE(fixture.store.move(a, Direction::kDown, kNow));
}

TEST_CASE("an entry moved to another category goes to the end of it", "[resources][store]") {
  StoreFixture fixture;
  const auto moving = fixture.add("Moving", Category::kEap);
  fixture.add("Grief one", Category::kGrief);
  fixture.add("Grief two", Category::kGrief);
  fixture.store.update(moving, sample_draft("Moving", "moving", Category::kGrief), kNow);
  CHECK(fixture.names(in_category(Category::kGrief)) ==
        std::vector<std::string>{"Grief one", "Grief two", "Moving"});
  // Editing without changing the category keeps the place.
  const auto first = fixture.store.find_by_slug("grief-one");
  REQUIRE(first);
  fixture.store.update(first->id, sample_draft("Grief one, renamed", "grief-one", Category::kGrief), kNow);
  CHECK(fixture.names(in_category(Category::kGrief)) ==
        std::vector<std::string>{"Grief one, renamed", "Grief two", "Moving"});
}

// ---- Retire -------------------------------------------------------------------

TEST_CASE("retired entries leave the directory and its search but stay findable", "[resources][store]") {
  StoreFixture fixture;
  const auto id = fixture.add("Staff hardship fund", Category::kMoneyAndLegal);
  fixture.add("Legal advice", Category::kMoneyAndLegal);
  fixture.store.set_status(id, ResourceStatus::kRetired, kNow + 10);

  CHECK(fixture.names() == std::vector<std::string>{"Legal advice"});
  CHECK(fixture.names(text("hardship")).empty());
  const auto retired = fixture.store.find(id);
  REQUIRE(retired);
  CHECK(retired->status == ResourceStatus::kRetired);
  CHECK(retired->updated_at == kNow + 10);
  CHECK(fixture.store.all().size() == 2);  // the coordinators still see it

  fixture.store.set_status(id, ResourceStatus::kActive, kNow + 20);
  CHECK(fixture.names(text("hardship")) == std::vector<std::string>{"Staff hardship fund"});
}

// ---- Search and filters -------------------------------------------------------

TEST_CASE("search matches words as prefixes across the indexed fields", "[resources][store]") {
  StoreFixture fixture;
  auto chaplaincy = sample_draft("Chaplaincy", "chaplaincy", Category::kChaplaincy, Reach::kOnSite);
  chaplaincy.summary = "Chaplains of many faiths";
  chaplaincy.details = "Someone to sit with after a bereavement.";
  chaplaincy.place = "Interfaith chapel, level 1";
  fixture.store.insert(chaplaincy, kNow);
  auto legal = sample_draft("Legal consultations", "legal", Category::kMoneyAndLegal);
  legal.summary = "A free consultation with a lawyer";
  legal.details = "Debt, wills and landlords.";
  legal.audience = "Staff and their families";
  fixture.store.insert(legal, kNow);

  CHECK(fixture.names(text("chapl")) == std::vector<std::string>{"Chaplaincy"});              // name, prefix
  CHECK(fixture.names(text("bereave")) == std::vector<std::string>{"Chaplaincy"});            // details
  CHECK(fixture.names(text("interfaith")) == std::vector<std::string>{"Chaplaincy"});         // place
  CHECK(fixture.names(text("lawyer")) == std::vector<std::string>{"Legal consultations"});    // summary
  CHECK(fixture.names(text("families")) == std::vector<std::string>{"Legal consultations"});  // audience
  CHECK(fixture.names(text("spiritual")) == std::vector<std::string>{"Chaplaincy"});  // the category label
  CHECK(fixture.names(text("lawyer debt")) == std::vector<std::string>{"Legal consultations"});  // every word
  CHECK(fixture.names(text("lawyer chapel")).empty());
  CHECK(fixture.names(text("CHAPLAINS")) == std::vector<std::string>{"Chaplaincy"});  // any case
  CHECK(fixture.names(text("")).size() == 2);
  // FTS syntax in what people type is never an error.
  for (const auto* hostile : {"\"", "chap*", "NEAR(a b)", "a OR b", "-x", "(", "col:word", "'; DROP"}) {
    INFO(hostile);
    CHECK_NOTHROW(fixture.names(text(hostile)));
  }
}

TEST_CASE("category and reach filters combine with the words", "[resources][store]") {
  StoreFixture fixture;
  fixture.add("Lifeline", Category::kCrisis);
  fixture.add("Quiet room", Category::kQuietRooms, Reach::kOnSite);
  fixture.add("Occupational health", Category::kOccupationalHealth, Reach::kOnSite);
  fixture.add("Counselling", Category::kEap);

  CHECK(fixture.names(in_category(Category::kCrisis)) == std::vector<std::string>{"Lifeline"});
  CHECK(fixture.names(in_category(Category::kGrief)).empty());
  ResourceSearch on_site;
  on_site.reach = Reach::kOnSite;
  CHECK(fixture.names(on_site) == std::vector<std::string>{"Occupational health", "Quiet room"});
  on_site.category = Category::kQuietRooms;
  CHECK(fixture.names(on_site) == std::vector<std::string>{"Quiet room"});
  on_site.text = "lifeline";
  CHECK(fixture.names(on_site).empty());
}

// ---- Anonymous view counts ----------------------------------------------------

TEST_CASE("views are counted per day and page, with nothing else stored", "[resources][store][privacy]") {
  StoreFixture fixture;
  const auto id = fixture.add("Counselling");
  const auto other = fixture.add("Legal advice");
  for (int i = 0; i < 3; ++i) fixture.store.count_view("2026-03-01", ViewedPage::kHelp, 0);
  fixture.store.count_view("2026-03-01", ViewedPage::kEntry, id);
  fixture.store.count_view("2026-03-01", ViewedPage::kEntry, id);
  fixture.store.count_view("2026-03-01", ViewedPage::kEntry, other);
  fixture.store.count_view("2026-03-02", ViewedPage::kEntry, id);
  fixture.store.count_view("2026-03-02", ViewedPage::kDirectory, 0);
  // A resource id given for a page that is not an entry is not kept.
  fixture.store.count_view("2026-03-02", ViewedPage::kDirectory, id);

  const auto counts = fixture.store.view_counts("2026-03-01", "2026-03-02");
  REQUIRE(counts.size() == 5);
  const auto count_of = [&](std::string_view day, ViewedPage page, std::int64_t resource_id) {
    for (const auto& row : counts) {
      if (row.day == day && row.page == page && row.resource_id == resource_id) return row.count;
    }
    return -1;
  };
  CHECK(count_of("2026-03-01", ViewedPage::kHelp, 0) == 3);
  CHECK(count_of("2026-03-01", ViewedPage::kEntry, id) == 2);
  CHECK(count_of("2026-03-01", ViewedPage::kEntry, other) == 1);
  CHECK(count_of("2026-03-02", ViewedPage::kEntry, id) == 1);
  CHECK(count_of("2026-03-02", ViewedPage::kDirectory, 0) == 2);
  CHECK(fixture.store.view_counts("2026-03-02", "2026-03-02").size() == 2);
  CHECK(fixture.store.view_counts("2026-02-01", "2026-02-28").empty());

  // The table has exactly these columns: no person, session, address or time.
  auto columns =
      fixture.database.connection().prepare("SELECT name FROM pragma_table_info('resource_view_count')");
  std::set<std::string> names;
  while (columns.step()) names.insert(columns.column_text(0));
  CHECK(names == std::set<std::string>{"day", "page", "resource_id", "count"});
}

}  // namespace hearth::features::resources
