#include "features/conversations/conversation_store.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "features/groups/group_store.h"
#include "unit/features/groups/group_test_support.h"
#include "unit/storage/migrated_database.h"

namespace hearth::features::conversations {
namespace {

using groups::testing::add_person;
using groups::testing::sample_draft;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kDay = 24 * 60 * 60;

struct StoreFixture {
  hearth::testing::MigratedDatabase database;
  auth::PersonStore people{database.pool()};
  groups::GroupStore group_store{database.pool()};
  ConversationStore store{database.pool()};
  std::int64_t amy = add_person(people, "amy", "Amy Chen");
  std::int64_t ben = add_person(people, "ben", "Ben Okafor");
  std::int64_t cleo = add_person(people, "cleo", "Cleo Park");
  std::int64_t group =
      group_store.insert(sample_draft("Night owls", "night-owls"), groups::GroupStatus::kActive, amy, kNow);
  std::int64_t other_group =
      group_store.insert(sample_draft("Early birds", "early-birds"), groups::GroupStatus::kActive, ben, kNow);

  Thread thread(std::int64_t id) {
    auto found = store.find_thread(id);
    REQUIRE(found);
    return *found;
  }

  Post post(std::int64_t id) {
    auto found = store.find_post(id);
    REQUIRE(found);
    return *found;
  }

  std::vector<SearchHit> search(std::int64_t group_id, std::string_view text) {
    return store.search(group_id, groups::fts_query(text), 20);
  }

  std::vector<std::int64_t> found_posts(std::int64_t group_id, std::string_view text) {
    std::vector<std::int64_t> ids;
    for (const auto& hit : search(group_id, text)) ids.push_back(hit.post_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::vector<std::int64_t> listed_threads(std::int64_t group_id, std::int64_t viewer) {
    std::vector<std::int64_t> ids;
    for (const auto& row : store.threads(group_id, viewer, 1, 50).threads) ids.push_back(row.thread.id);
    return ids;
  }

  const ThreadRow& row_of(const ThreadPage& page, std::int64_t thread_id) {
    const auto found = std::find_if(page.threads.begin(), page.threads.end(),
                                    [&](const ThreadRow& row) { return row.thread.id == thread_id; });
    REQUIRE(found != page.threads.end());
    return *found;
  }

  std::int64_t count(std::string_view sql) {
    auto statement = database.connection().query(sql);
    REQUIRE(statement.step());
    return statement.column_int64(0);
  }
};

std::string joined(const std::vector<SearchHit::Part>& parts) {
  std::string text;
  for (const auto& part : parts) text += part.text;
  return text;
}

std::vector<std::string> matches_of(const std::vector<SearchHit::Part>& parts) {
  std::vector<std::string> matches;
  for (const auto& part : parts) {
    if (part.match) matches.push_back(part.text);
  }
  return matches;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

// ---- Threads and posts ----------------------------------------------------------

TEST_CASE("a new thread holds its opening post and counts it", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "After the code on 4 West", f.amy, Anonymity::kNamed,
                                             "I keep replaying it.", kNow);
  CHECK(created.thread_id > 0);
  CHECK(created.post_id > 0);

  const auto thread = f.thread(created.thread_id);
  CHECK(thread.group_id == f.group);
  CHECK(thread.title == "After the code on 4 West");
  CHECK_FALSE(thread.pinned);
  CHECK_FALSE(thread.locked);
  CHECK(thread.created_at == kNow);
  CHECK(thread.post_count == 1);
  CHECK(thread.last_post_id == created.post_id);
  CHECK(thread.last_activity_at == kNow);
  CHECK(f.store.opening_post_id(created.thread_id) == created.post_id);

  const auto post = f.post(created.post_id);
  CHECK(post.thread_id == created.thread_id);
  CHECK(post.group_id == f.group);
  CHECK(post.author_person_id == f.amy);
  CHECK(post.anonymity == Anonymity::kNamed);
  CHECK(post.body == "I keep replaying it.");
  CHECK(post.state == PostState::kVisible);
  CHECK(post.created_at == kNow);
  CHECK_FALSE(post.edited_at);

  CHECK_FALSE(f.store.find_thread(created.thread_id + 100));
  CHECK_FALSE(f.store.find_post(created.post_id + 100));
}

TEST_CASE("replies keep the thread's count, newest post and activity time", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "First.", kNow);
  const auto second =
      f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kNamed, "Second.", kNow + 60);
  auto thread = f.thread(created.thread_id);
  CHECK(thread.post_count == 2);
  CHECK(thread.last_post_id == second);
  CHECK(thread.last_activity_at == kNow + 60);
  CHECK(thread.created_at == kNow);

  const auto third =
      f.store.insert_post(f.thread(created.thread_id), f.cleo, Anonymity::kAnonymous, "Third.", kNow + 120);
  thread = f.thread(created.thread_id);
  CHECK(thread.post_count == 3);
  CHECK(thread.last_post_id == third);
  CHECK(thread.last_activity_at == kNow + 120);
  CHECK(f.post(third).anonymity == Anonymity::kAnonymous);
  CHECK(f.post(third).author_person_id == f.cleo);  // kept, never shown
  CHECK(f.store.post_count_all_states(created.thread_id) == 3);
  CHECK(f.store.opening_post_id(created.thread_id) == created.post_id);
}

TEST_CASE("post states: hidden keeps the text, removed and deleted empty it; counters follow visible posts",
          "[conversations][store]") {
  StoreFixture f;
  const auto created =
      f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "First words.", kNow);
  const auto reply =
      f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kNamed, "Second words.", kNow + 60);

  SECTION("hiding the newest post moves the thread back to the one before; showing it restores it") {
    f.store.set_post_state(reply, PostState::kHidden);
    CHECK(f.post(reply).state == PostState::kHidden);
    CHECK(f.post(reply).body == "Second words.");
    auto thread = f.thread(created.thread_id);
    CHECK(thread.post_count == 1);
    CHECK(thread.last_post_id == created.post_id);
    CHECK(thread.last_activity_at == kNow);

    f.store.set_post_state(reply, PostState::kVisible);
    CHECK(f.post(reply).state == PostState::kVisible);
    CHECK(f.post(reply).body == "Second words.");
    thread = f.thread(created.thread_id);
    CHECK(thread.post_count == 2);
    CHECK(thread.last_post_id == reply);
    CHECK(thread.last_activity_at == kNow + 60);
  }
  SECTION("a removed post loses its text") {
    f.store.set_post_state(reply, PostState::kRemoved);
    CHECK(f.post(reply).state == PostState::kRemoved);
    CHECK(f.post(reply).body.empty());
    CHECK(f.thread(created.thread_id).post_count == 1);
    CHECK(f.thread(created.thread_id).last_post_id == created.post_id);
  }
  SECTION("a deleted post loses its text") {
    f.store.set_post_state(reply, PostState::kDeleted);
    CHECK(f.post(reply).state == PostState::kDeleted);
    CHECK(f.post(reply).body.empty());
    CHECK(f.thread(created.thread_id).post_count == 1);
  }
  SECTION("a hidden post that is then removed loses its text too") {
    f.store.set_post_state(reply, PostState::kHidden);
    f.store.set_post_state(reply, PostState::kRemoved);
    CHECK(f.post(reply).body.empty());
  }
  SECTION("with no visible post left the thread counts none and falls back to its creation time") {
    f.store.set_post_state(reply, PostState::kDeleted);
    f.store.set_post_state(created.post_id, PostState::kRemoved);
    const auto thread = f.thread(created.thread_id);
    CHECK(thread.post_count == 0);
    CHECK(thread.last_post_id == 0);
    CHECK(thread.last_activity_at == kNow);
    // Every post is still listed, as a placeholder.
    CHECK(f.store.post_count_all_states(created.thread_id) == 2);
    const auto posts = f.store.posts(created.thread_id, 1, 20);
    REQUIRE(posts.size() == 2);
    CHECK(posts[0].post.state == PostState::kRemoved);
    CHECK(posts[1].post.state == PostState::kDeleted);
  }
}

TEST_CASE("update_post_body changes a visible post only and marks it edited", "[conversations][store]") {
  StoreFixture f;
  const auto created =
      f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "Frist draft.", kNow);
  f.store.update_post_body(created.post_id, "First draft.", kNow + 300);
  CHECK(f.post(created.post_id).body == "First draft.");
  CHECK(f.post(created.post_id).edited_at == kNow + 300);

  f.store.set_post_state(created.post_id, PostState::kHidden);
  f.store.update_post_body(created.post_id, "Changed while hidden.", kNow + 600);
  CHECK(f.post(created.post_id).body == "First draft.");
  CHECK(f.post(created.post_id).edited_at == kNow + 300);
}

TEST_CASE("threads are listed pinned first, then by newest activity", "[conversations][store]") {
  StoreFixture f;
  const auto oldest = f.store.insert_thread(f.group, "Oldest", f.amy, Anonymity::kNamed, "a", kNow).thread_id;
  const auto middle =
      f.store.insert_thread(f.group, "Middle", f.amy, Anonymity::kNamed, "b", kNow + 10).thread_id;
  const auto newest =
      f.store.insert_thread(f.group, "Newest", f.amy, Anonymity::kNamed, "c", kNow + 20).thread_id;
  f.store.insert_thread(f.other_group, "Elsewhere", f.ben, Anonymity::kNamed, "d", kNow + 30);

  CHECK(f.listed_threads(f.group, f.amy) == std::vector<std::int64_t>{newest, middle, oldest});

  // A reply brings a thread to the top.
  f.store.insert_post(f.thread(oldest), f.ben, Anonymity::kNamed, "reply", kNow + 40);
  CHECK(f.listed_threads(f.group, f.amy) == std::vector<std::int64_t>{oldest, newest, middle});

  // A pinned thread comes first whatever its activity.
  f.store.set_thread_flags(middle, true, false);
  CHECK(f.listed_threads(f.group, f.amy) == std::vector<std::int64_t>{middle, oldest, newest});
  CHECK(f.thread(middle).pinned);
  CHECK_FALSE(f.thread(middle).locked);

  f.store.set_thread_flags(middle, false, true);
  CHECK_FALSE(f.thread(middle).pinned);
  CHECK(f.thread(middle).locked);
  CHECK(f.listed_threads(f.group, f.amy) == std::vector<std::int64_t>{oldest, newest, middle});

  // Pages of two.
  const auto first_page = f.store.threads(f.group, f.amy, 1, 2);
  CHECK(first_page.total == 3);
  REQUIRE(first_page.threads.size() == 2);
  CHECK(first_page.threads[0].thread.id == oldest);
  CHECK(first_page.threads[1].thread.id == newest);
  const auto second_page = f.store.threads(f.group, f.amy, 2, 2);
  CHECK(second_page.total == 3);
  REQUIRE(second_page.threads.size() == 1);
  CHECK(second_page.threads[0].thread.id == middle);

  CHECK(f.store.threads(f.other_group, f.amy, 1, 20).total == 1);
}

TEST_CASE("unread flags are per viewer and follow mark_read", "[conversations][store]") {
  StoreFixture f;
  const auto first = f.store.insert_thread(f.group, "First", f.amy, Anonymity::kNamed, "a", kNow).thread_id;
  const auto second =
      f.store.insert_thread(f.group, "Second", f.amy, Anonymity::kNamed, "b", kNow + 1).thread_id;

  auto page = f.store.threads(f.group, f.ben, 1, 20);
  CHECK(f.row_of(page, first).unread);
  CHECK(f.row_of(page, second).unread);

  f.store.mark_read(f.ben, f.thread(first));
  page = f.store.threads(f.group, f.ben, 1, 20);
  CHECK_FALSE(f.row_of(page, first).unread);
  CHECK(f.row_of(page, second).unread);
  // Someone else's reading changes nothing for Cleo.
  page = f.store.threads(f.group, f.cleo, 1, 20);
  CHECK(f.row_of(page, first).unread);

  // A new reply is unread again for Ben.
  const auto before_reply = f.thread(first);
  f.store.insert_post(f.thread(first), f.cleo, Anonymity::kNamed, "c", kNow + 2);
  page = f.store.threads(f.group, f.ben, 1, 20);
  CHECK(f.row_of(page, first).unread);

  f.store.mark_read(f.ben, f.thread(first));
  CHECK_FALSE(f.row_of(f.store.threads(f.group, f.ben, 1, 20), first).unread);
  // Marking an older view of the thread as read never moves the marker back.
  f.store.mark_read(f.ben, before_reply);
  CHECK_FALSE(f.row_of(f.store.threads(f.group, f.ben, 1, 20), first).unread);
}

TEST_CASE("a thread's starter is named only for a named opening post", "[conversations][store]") {
  StoreFixture f;
  const auto anonymous =
      f.store.insert_thread(f.group, "Anonymous start", f.amy, Anonymity::kAnonymous, "a", kNow).thread_id;
  const auto named =
      f.store.insert_thread(f.group, "Named start", f.amy, Anonymity::kNamed, "b", kNow + 1).thread_id;
  // Replies do not change who started a thread.
  f.store.insert_post(f.thread(anonymous), f.ben, Anonymity::kNamed, "named reply", kNow + 2);
  f.store.insert_post(f.thread(named), f.ben, Anonymity::kAnonymous, "anonymous reply", kNow + 3);

  const auto page = f.store.threads(f.group, f.cleo, 1, 20);
  const auto& anonymous_row = f.row_of(page, anonymous);
  CHECK(anonymous_row.starter_name.empty());
  CHECK(anonymous_row.starter_anonymous);
  const auto& named_row = f.row_of(page, named);
  CHECK(named_row.starter_name == "Amy Chen");
  CHECK_FALSE(named_row.starter_anonymous);
}

TEST_CASE("posts are listed in order with the author's name for named posts only", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "one", kNow);
  const auto anonymous =
      f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kAnonymous, "two", kNow + 1);
  const auto named =
      f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kNamed, "three", kNow + 2);
  REQUIRE(f.store.insert_report(f.post(anonymous), f.cleo, ReportReason::kUnkind, "", kNow + 3));
  REQUIRE(f.store.insert_report(f.post(anonymous), f.amy, ReportReason::kSpam, "", kNow + 4));

  const auto posts = f.store.posts(created.thread_id, 1, 20);
  REQUIRE(posts.size() == 3);
  CHECK(posts[0].post.id == created.post_id);
  CHECK(posts[0].author_name == "Amy Chen");
  CHECK(posts[0].open_reports == 0);
  CHECK(posts[1].post.id == anonymous);
  CHECK(posts[1].author_name.empty());
  CHECK(posts[1].post.is_anonymous());
  CHECK(posts[1].open_reports == 2);
  CHECK(posts[2].post.id == named);
  CHECK(posts[2].author_name == "Ben Okafor");

  const auto second_page = f.store.posts(created.thread_id, 2, 2);
  REQUIRE(second_page.size() == 1);
  CHECK(second_page[0].post.id == named);
}

TEST_CASE("set_thread_title renames a thread", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handovre", f.amy, Anonymity::kNamed, "one", kNow);
  f.store.set_thread_title(created.thread_id, "Handover");
  CHECK(f.thread(created.thread_id).title == "Handover");
}

// ---- Search -----------------------------------------------------------------------

TEST_CASE("search finds visible posts of the group, with the matching words marked",
          "[conversations][store]") {
  StoreFixture f;
  const auto created =
      f.store.insert_thread(f.group, "Nights", f.amy, Anonymity::kNamed,
                            "Is anyone else feeling the **burnout** after three nights?", kNow);
  const auto reply = f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kAnonymous,
                                         "Burnout is real; I take a walk after every shift.", kNow + 1);
  const auto unrelated = f.store.insert_post(f.thread(created.thread_id), f.cleo, Anonymity::kNamed,
                                             "Coffee helps me.", kNow + 2);
  const auto elsewhere = f.store.insert_thread(f.other_group, "Also nights", f.ben, Anonymity::kNamed,
                                               "My burnout story.", kNow);

  CHECK(f.found_posts(f.group, "burnout") == std::vector<std::int64_t>{created.post_id, reply});
  CHECK(f.found_posts(f.other_group, "burnout") == std::vector<std::int64_t>{elsewhere.post_id});
  CHECK(f.found_posts(f.group, "coffee") == std::vector<std::int64_t>{unrelated});
  CHECK(f.found_posts(f.group, "tea").empty());
  CHECK(f.store.search(f.group, "", 20).empty());

  const auto hits = f.search(f.group, "walk");
  REQUIRE(hits.size() == 1);
  const auto& hit = hits.front();
  CHECK(hit.post_id == reply);
  CHECK(hit.thread_id == created.thread_id);
  CHECK(hit.thread_title == "Nights");
  CHECK(matches_of(hit.snippet) == std::vector<std::string>{"walk"});
  CHECK(joined(hit.snippet).find("I take a walk after every shift") != std::string::npos);
  for (const auto& part : hit.snippet) {
    CHECK(part.text.find('\x01') == std::string::npos);
    CHECK(part.text.find('\x02') == std::string::npos);
  }

  // The Markdown is searched as plain text.
  const auto opening_hits = f.search(f.group, "feeling burnout");
  REQUIRE(opening_hits.size() == 1);
  CHECK(opening_hits.front().post_id == created.post_id);
  CHECK(joined(opening_hits.front().snippet).find("**") == std::string::npos);
  const auto marked = matches_of(opening_hits.front().snippet);
  REQUIRE(marked.size() == 2);
  CHECK(lower(marked[0]) == "feeling");
  CHECK(lower(marked[1]) == "burnout");
}

TEST_CASE("search follows post states, edits and titles", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handover anxiety", f.amy, Anonymity::kNamed,
                                             "My stomach turns before every report.", kNow);
  const auto reply = f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kNamed,
                                         "Mine too, especially on weekends.", kNow + 1);

  SECTION("hidden posts leave the index and come back when shown") {
    f.store.set_post_state(reply, PostState::kHidden);
    CHECK(f.found_posts(f.group, "weekends").empty());
    f.store.set_post_state(reply, PostState::kVisible);
    CHECK(f.found_posts(f.group, "weekends") == std::vector<std::int64_t>{reply});
  }
  SECTION("removed and deleted posts leave the index") {
    f.store.set_post_state(reply, PostState::kRemoved);
    CHECK(f.found_posts(f.group, "weekends").empty());
    f.store.set_post_state(created.post_id, PostState::kDeleted);
    CHECK(f.found_posts(f.group, "stomach").empty());
  }
  SECTION("an edit replaces the indexed text") {
    f.store.update_post_body(reply, "Mine too, especially on holidays.", kNow + 5);
    CHECK(f.found_posts(f.group, "weekends").empty());
    CHECK(f.found_posts(f.group, "holidays") == std::vector<std::int64_t>{reply});
  }
  SECTION("the title is found through the opening post, not through replies") {
    CHECK(f.found_posts(f.group, "anxiety") == std::vector<std::int64_t>{created.post_id});
    CHECK(f.found_posts(f.group, "handover") == std::vector<std::int64_t>{created.post_id});
  }
  SECTION("a new title replaces the old one in the index") {
    f.store.set_thread_title(created.thread_id, "Shift change dread");
    CHECK(f.found_posts(f.group, "anxiety").empty());
    CHECK(f.found_posts(f.group, "dread") == std::vector<std::int64_t>{created.post_id});
    const auto hits = f.search(f.group, "dread");
    REQUIRE(hits.size() == 1);
    CHECK(hits.front().thread_title == "Shift change dread");
  }
  SECTION("an edit of the opening post keeps its title searchable") {
    f.store.update_post_body(created.post_id, "Better now.", kNow + 5);
    CHECK(f.found_posts(f.group, "anxiety") == std::vector<std::int64_t>{created.post_id});
  }
  SECTION("purged posts leave the index") {
    CHECK(f.store.purge_posts_before(f.group, kNow + 1) == 1);
    CHECK(f.found_posts(f.group, "stomach").empty());
    CHECK(f.found_posts(f.group, "weekends") == std::vector<std::int64_t>{reply});
  }
}

// ---- Shared resources ------------------------------------------------------------

TEST_CASE("shared resources are added, listed newest first and deleted", "[conversations][store]") {
  StoreFixture f;
  SharedResource named;
  named.group_id = f.group;
  named.author_person_id = f.amy;
  named.title = "Box breathing";
  named.url = "https://example.org/breathing";
  named.why = "Four counts in, four out.";
  named.created_at = kNow;
  const auto named_id = f.store.insert_resource(named);

  SharedResource anonymous = named;
  anonymous.author_person_id = f.ben;
  anonymous.anonymity = Anonymity::kAnonymous;
  anonymous.title = "Sleep after nights";
  anonymous.url = "https://example.org/sleep";
  anonymous.why = "";
  anonymous.created_at = kNow + 10;
  const auto anonymous_id = f.store.insert_resource(anonymous);

  SharedResource elsewhere = named;
  elsewhere.group_id = f.other_group;
  f.store.insert_resource(elsewhere);

  const auto found = f.store.find_resource(named_id);
  REQUIRE(found);
  CHECK(found->group_id == f.group);
  CHECK(found->author_person_id == f.amy);
  CHECK(found->anonymity == Anonymity::kNamed);
  CHECK(found->title == "Box breathing");
  CHECK(found->url == "https://example.org/breathing");
  CHECK(found->why == "Four counts in, four out.");
  CHECK(found->created_at == kNow);

  auto list = f.store.resources(f.group);
  REQUIRE(list.size() == 2);
  CHECK(list[0].resource.id == anonymous_id);
  CHECK(list[0].author_name.empty());
  CHECK(list[0].resource.anonymity == Anonymity::kAnonymous);
  CHECK(list[1].resource.id == named_id);
  CHECK(list[1].author_name == "Amy Chen");

  f.store.delete_resource(anonymous_id);
  CHECK_FALSE(f.store.find_resource(anonymous_id));
  list = f.store.resources(f.group);
  REQUIRE(list.size() == 1);
  CHECK(list[0].resource.id == named_id);
  CHECK(f.store.resources(f.other_group).size() == 1);
}

// ---- Reports ---------------------------------------------------------------------------

TEST_CASE("one open report per person and post; a new one after it is closed", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "one", kNow);
  const auto post = f.post(created.post_id);

  const auto first = f.store.insert_report(post, f.ben, ReportReason::kUnkind, "Harsh.", kNow + 1);
  REQUIRE(first);
  CHECK_FALSE(f.store.insert_report(post, f.ben, ReportReason::kSpam, "Again.", kNow + 2));
  const auto by_cleo = f.store.insert_report(post, f.cleo, ReportReason::kSafety, "", kNow + 3);
  REQUIRE(by_cleo);
  CHECK(*by_cleo != *first);
  CHECK(f.store.open_report_count(f.group) == 2);

  const auto report = f.store.find_report(*first);
  REQUIRE(report);
  CHECK(report->post_id == post.id);
  CHECK(report->group_id == f.group);
  CHECK(report->reason == ReportReason::kUnkind);
  CHECK(report->note == "Harsh.");
  CHECK(report->status == ReportStatus::kOpen);
  CHECK(report->created_at == kNow + 1);

  // Escalated is still open for this rule.
  f.store.set_report_status(*first, ReportStatus::kEscalated, kNow + 4);
  CHECK_FALSE(f.store.insert_report(post, f.ben, ReportReason::kSpam, "", kNow + 5));
  CHECK(f.store.open_report_count(f.group) == 1);

  f.store.set_report_status(*first, ReportStatus::kClosed, kNow + 6);
  CHECK(f.store.find_report(*first)->status == ReportStatus::kClosed);
  const auto again = f.store.insert_report(post, f.ben, ReportReason::kSpam, "Still.", kNow + 7);
  REQUIRE(again);
  CHECK(*again != *first);
  CHECK_FALSE(f.store.find_report(*again + 100));
}

TEST_CASE("group and escalated report lists carry the post, thread and group", "[conversations][store]") {
  StoreFixture f;
  const auto named =
      f.store.insert_thread(f.group, "Named thread", f.amy, Anonymity::kNamed, "named text", kNow);
  const auto anonymous = f.store.insert_thread(f.group, "Anonymous thread", f.amy, Anonymity::kAnonymous,
                                               "anonymous text", kNow);
  const auto elsewhere =
      f.store.insert_thread(f.other_group, "Elsewhere", f.ben, Anonymity::kNamed, "other text", kNow);

  const auto second =
      *f.store.insert_report(f.post(anonymous.post_id), f.ben, ReportReason::kSafety, "", kNow + 2);
  const auto first =
      *f.store.insert_report(f.post(named.post_id), f.ben, ReportReason::kUnkind, "", kNow + 1);
  const auto other =
      *f.store.insert_report(f.post(elsewhere.post_id), f.amy, ReportReason::kSpam, "", kNow + 3);

  auto open = f.store.group_reports(f.group, ReportStatus::kOpen);
  REQUIRE(open.size() == 2);
  CHECK(open[0].report.id == first);  // oldest first
  CHECK(open[0].post.post.id == named.post_id);
  CHECK(open[0].post.post.body == "named text");
  CHECK(open[0].post.author_name == "Amy Chen");
  CHECK(open[0].thread_title == "Named thread");
  CHECK(open[0].group_slug == "night-owls");
  CHECK(open[0].group_name == "Night owls");
  CHECK(open[1].report.id == second);
  CHECK(open[1].post.author_name.empty());
  CHECK(open[1].post.post.is_anonymous());
  CHECK(f.store.group_reports(f.group, ReportStatus::kEscalated).empty());

  f.store.set_report_status(second, ReportStatus::kEscalated, kNow + 4);
  f.store.set_report_status(other, ReportStatus::kEscalated, kNow + 5);
  open = f.store.group_reports(f.group, ReportStatus::kOpen);
  REQUIRE(open.size() == 1);
  CHECK(open[0].report.id == first);
  const auto escalated = f.store.escalated_reports();
  REQUIRE(escalated.size() == 2);  // from every group
  CHECK(escalated[0].report.id == second);
  CHECK(escalated[0].post.author_name.empty());
  CHECK(escalated[0].group_slug == "night-owls");
  CHECK(escalated[1].report.id == other);
  CHECK(escalated[1].group_slug == "early-birds");
  CHECK(escalated[1].post.author_name == "Ben Okafor");

  const auto row = f.store.find_report_row(second);
  REQUIRE(row);
  CHECK(row->report.status == ReportStatus::kEscalated);
  CHECK(row->thread_title == "Anonymous thread");
  CHECK(row->post.author_name.empty());
  CHECK_FALSE(f.store.find_report_row(other + 100));
}

TEST_CASE("close_reports_of_post closes its open and escalated reports only", "[conversations][store]") {
  StoreFixture f;
  const auto created = f.store.insert_thread(f.group, "Handover", f.amy, Anonymity::kNamed, "one", kNow);
  const auto reply =
      f.store.insert_post(f.thread(created.thread_id), f.amy, Anonymity::kNamed, "two", kNow + 1);
  const auto open =
      *f.store.insert_report(f.post(created.post_id), f.ben, ReportReason::kUnkind, "", kNow + 2);
  const auto escalated =
      *f.store.insert_report(f.post(created.post_id), f.cleo, ReportReason::kSafety, "", kNow + 3);
  f.store.set_report_status(escalated, ReportStatus::kEscalated, kNow + 4);
  const auto other_post = *f.store.insert_report(f.post(reply), f.ben, ReportReason::kSpam, "", kNow + 5);

  f.store.close_reports_of_post(created.post_id, kNow + 10);
  CHECK(f.store.find_report(open)->status == ReportStatus::kClosed);
  CHECK(f.store.find_report(escalated)->status == ReportStatus::kClosed);
  CHECK(f.store.find_report(other_post)->status == ReportStatus::kOpen);
  CHECK(f.store.escalated_reports().empty());
  CHECK(f.store.open_report_count(f.group) == 1);
}

// ---- Warnings ----------------------------------------------------------------------------

TEST_CASE("warnings are shown to their person until that person dismisses them", "[conversations][store]") {
  StoreFixture f;
  f.store.insert_warning(f.group, f.ben, "Please keep to the ground rules.", kNow);
  f.store.insert_warning(f.group, f.ben, "A second reminder.", kNow + 1);
  f.store.insert_warning(f.other_group, f.ben, "In another group.", kNow + 2);
  f.store.insert_warning(f.group, f.cleo, "For Cleo.", kNow + 3);

  auto warnings = f.store.open_warnings(f.group, f.ben);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].message == "Please keep to the ground rules.");
  CHECK(warnings[0].group_id == f.group);
  CHECK(warnings[0].created_at == kNow);
  CHECK(warnings[1].message == "A second reminder.");
  CHECK(f.store.open_warnings(f.group, f.amy).empty());

  // Someone else cannot dismiss Ben's warning, nor can Ben from another group's page.
  f.store.dismiss_warning(f.group, warnings[0].id, f.cleo, kNow + 10);
  f.store.dismiss_warning(f.other_group, warnings[0].id, f.ben, kNow + 10);
  CHECK(f.store.open_warnings(f.group, f.ben).size() == 2);

  f.store.dismiss_warning(f.group, warnings[0].id, f.ben, kNow + 10);
  warnings = f.store.open_warnings(f.group, f.ben);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message == "A second reminder.");
  // Dismissing again is not an error.
  CHECK_NOTHROW(f.store.dismiss_warning(f.group, warnings[0].id, f.ben, kNow + 11));
  CHECK_NOTHROW(f.store.dismiss_warning(f.group, warnings[0].id, f.ben, kNow + 12));
  CHECK(f.store.open_warnings(f.group, f.ben).empty());
  CHECK(f.store.open_warnings(f.other_group, f.ben).size() == 1);
  CHECK(f.store.open_warnings(f.group, f.cleo).size() == 1);
}

// ---- Retention --------------------------------------------------------------------------

TEST_CASE("purge_posts_before deletes old posts, their reports and empty threads", "[conversations][store]") {
  StoreFixture f;
  const auto cutoff = kNow + 100 * kDay;
  // All old: the thread goes.
  const auto old_thread =
      f.store.insert_thread(f.group, "Old thread", f.amy, Anonymity::kNamed, "ancient one", kNow);
  const auto old_reply =
      f.store.insert_post(f.thread(old_thread.thread_id), f.ben, Anonymity::kNamed, "ancient two", kNow + 1);
  // Old opening, new reply: the thread stays with one post.
  const auto mixed =
      f.store.insert_thread(f.group, "Mixed thread", f.amy, Anonymity::kNamed, "ancient three", kNow);
  const auto new_reply =
      f.store.insert_post(f.thread(mixed.thread_id), f.ben, Anonymity::kNamed, "recent four", cutoff + 1);
  // Exactly at the cutoff: kept.
  const auto recent =
      f.store.insert_thread(f.group, "Recent thread", f.amy, Anonymity::kNamed, "recent five", cutoff);
  // Another group's old posts are not touched.
  const auto elsewhere =
      f.store.insert_thread(f.other_group, "Elsewhere", f.ben, Anonymity::kNamed, "ancient six", kNow);

  const auto old_report =
      *f.store.insert_report(f.post(old_reply), f.cleo, ReportReason::kUnkind, "", kNow + 2);
  const auto kept_report =
      *f.store.insert_report(f.post(new_reply), f.cleo, ReportReason::kUnkind, "", cutoff + 2);
  f.store.mark_read(f.cleo, f.thread(old_thread.thread_id));

  CHECK(f.store.purge_posts_before(f.group, cutoff) == 3);

  CHECK_FALSE(f.store.find_post(old_thread.post_id));
  CHECK_FALSE(f.store.find_post(old_reply));
  CHECK_FALSE(f.store.find_post(mixed.post_id));
  CHECK(f.store.find_post(new_reply));
  CHECK(f.store.find_post(recent.post_id));
  CHECK(f.store.find_post(elsewhere.post_id));

  CHECK_FALSE(f.store.find_thread(old_thread.thread_id));
  const auto mixed_thread = f.thread(mixed.thread_id);
  CHECK(mixed_thread.post_count == 1);
  CHECK(mixed_thread.last_post_id == new_reply);
  CHECK(mixed_thread.last_activity_at == cutoff + 1);
  CHECK(f.store.opening_post_id(mixed.thread_id) == new_reply);
  CHECK(f.thread(recent.thread_id).post_count == 1);
  CHECK(f.thread(elsewhere.thread_id).post_count == 1);

  CHECK_FALSE(f.store.find_report(old_report));
  CHECK(f.store.find_report(kept_report));
  CHECK(f.count("SELECT COUNT(*) FROM group_post_report") == 1);
  CHECK(f.count("SELECT COUNT(*) FROM group_thread_read") == 0);

  CHECK(f.found_posts(f.group, "ancient").empty());
  CHECK(f.found_posts(f.group, "recent") == std::vector<std::int64_t>{new_reply, recent.post_id});
  CHECK(f.found_posts(f.other_group, "ancient") == std::vector<std::int64_t>{elsewhere.post_id});
  CHECK(f.count("SELECT COUNT(*) FROM group_post_search") == 3);

  CHECK(f.listed_threads(f.group, f.amy) == std::vector<std::int64_t>{mixed.thread_id, recent.thread_id});
  CHECK(f.store.purge_posts_before(f.group, cutoff) == 0);
}

TEST_CASE("after a purge a thread's title is found through its new opening post", "[conversations][store]") {
  StoreFixture f;
  const auto cutoff = kNow + 100 * kDay;
  const auto created =
      f.store.insert_thread(f.group, "Handover anxiety", f.amy, Anonymity::kNamed, "old text", kNow);
  const auto reply =
      f.store.insert_post(f.thread(created.thread_id), f.ben, Anonymity::kNamed, "newer text", cutoff + 1);
  REQUIRE(f.found_posts(f.group, "anxiety") == std::vector<std::int64_t>{created.post_id});

  CHECK(f.store.purge_posts_before(f.group, cutoff) == 1);
  // The thread is still listed under its title, and its opening post is now the reply...
  CHECK(f.thread(created.thread_id).title == "Handover anxiety");
  CHECK(f.store.opening_post_id(created.thread_id) == reply);
  // ...so the title is searchable through it, as it would be after a rename.
  CHECK(f.found_posts(f.group, "anxiety") == std::vector<std::int64_t>{reply});
  f.store.set_thread_title(created.thread_id, "Handover anxiety");
  CHECK(f.found_posts(f.group, "anxiety") == std::vector<std::int64_t>{reply});
}

// ---- Settings ---------------------------------------------------------------------------

TEST_CASE("conversation settings default, round trip and list retention periods", "[conversations][store]") {
  StoreFixture f;
  auto settings = f.store.settings(f.group);
  CHECK_FALSE(settings.allow_anonymous);
  CHECK_FALSE(settings.retention_days);
  CHECK(f.store.retention_periods().empty());

  f.store.save_settings(f.group, {true, 30}, kNow);
  settings = f.store.settings(f.group);
  CHECK(settings.allow_anonymous);
  CHECK(settings.retention_days == 30);
  CHECK_FALSE(f.store.settings(f.other_group).allow_anonymous);

  f.store.save_settings(f.other_group, {false, std::nullopt}, kNow);
  CHECK(f.store.retention_periods() == std::vector<std::pair<std::int64_t, int>>{{f.group, 30}});

  f.store.save_settings(f.group, {false, 365}, kNow + 1);
  settings = f.store.settings(f.group);
  CHECK_FALSE(settings.allow_anonymous);
  CHECK(settings.retention_days == 365);
  f.store.save_settings(f.other_group, {true, 7}, kNow + 2);
  auto periods = f.store.retention_periods();
  std::sort(periods.begin(), periods.end());
  CHECK(periods == std::vector<std::pair<std::int64_t, int>>{{f.group, 365}, {f.other_group, 7}});

  f.store.save_settings(f.group, {true, std::nullopt}, kNow + 3);
  CHECK_FALSE(f.store.settings(f.group).retention_days);
  CHECK(f.store.retention_periods() == std::vector<std::pair<std::int64_t, int>>{{f.other_group, 7}});
}

}  // namespace hearth::features::conversations
