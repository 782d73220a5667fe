#include "features/conversations/conversation_demo.h"

#include <vector>

#include "features/groups/group_form.h"
#include "storage/database.h"

namespace hearth::features::conversations {
namespace {

constexpr std::int64_t kHour = 60 * 60;
constexpr std::int64_t kDay = 24 * kHour;

struct DemoPost {
  const char* author;  // username in the sample directory
  Anonymity anonymity;
  std::int64_t age;  // seconds before now
  const char* body;
};

struct DemoThread {
  const char* group;  // group name, as seeded by seed_demo_groups
  const char* title;
  bool pinned;
  std::vector<DemoPost> posts;  // the first opens the thread
};

std::vector<DemoThread> demo_threads() {
  constexpr auto kNamed = Anonymity::kNamed;
  constexpr auto kAnonymous = Anonymity::kAnonymous;
  return {
      {"Nurses with chronic illness",
       "Next meeting: pacing yourself on a run of 12s",
       true,
       {{"liam.obrien", kNamed, 6 * kDay,
         "Hi all, for **Tuesday's** meeting let's talk about pacing across three 12-hour shifts in a row.\n\n"
         "Bring one thing that helps you and one thing you'd like to try. Cameras optional, as always."}}},
      {"Nurses with chronic illness",
       "Morning stiffness on a 7 a.m. shift",
       false,
       {{"amy.chen", kNamed, 4 * kDay,
         "As an ER nurse with RA, how do you manage morning stiffness before a 7 a.m. shift? I'm up at 5 and "
         "my hands still don't want to work by handover."},
        {"liam.obrien", kNamed, 4 * kDay - 3 * kHour,
         "A warm shower first thing and paraffin gloves while the coffee brews have made a real difference "
         "for me. Also: setting the alarm 20 minutes earlier so I'm not rushing stiff joints."},
        {"amy.chen", kNamed, 3 * kDay,
         "Thank you, trying the gloves this week. I found this on joint protection at work, it helped: "
         "https://www.versusarthritis.org/about-arthritis/living-with-arthritis/"}}},
      {"Nurses with chronic illness",
       "Telling my manager?",
       false,
       {{"amy.chen", kAnonymous, 2 * kDay,
         "I haven't told my manager about my diagnosis yet. Part of me worries it will change how I'm "
         "scheduled. Has anyone been through this, and what did you wish you'd known?"},
        {"liam.obrien", kNamed, 2 * kDay - 5 * kHour,
         "You don't have to decide this alone or quickly. Occupational health can talk you through "
         "adjustments *before* anything goes to your manager, and that conversation is confidential."}}},
      {"Clinicians with ADHD",
       "What helps you finish charting before the end of shift?",
       false,
       {{"noor.haddad", kNamed, 5 * kDay,
         "Share one charting trick that works for you. Mine: I chart the moment I leave a room, even if it's "
         "just two lines, and fill the rest in at the hour."},
        {"dana.lee", kNamed, 5 * kDay - 2 * kHour,
         "Body doubling! A colleague and I sit together for the last 30 minutes and just chart. "
         "No talking needed."}}},
      {"Parents on night shift",
       "Sleep after nights with small kids at home",
       false,
       {{"tomas.berg", kNamed, 3 * kDay,
         "How are people getting enough sleep after a night shift when the kids are home on weekends? "
         "Blackout blinds and earplugs only go so far."},
        {"priya.shah", kNamed, 3 * kDay - 6 * kHour,
         "We swap: my partner takes the kids out until 1 pm on my post-night days, and I do the same for "
         "their early starts. Writing it on the family calendar stopped the arguments."}}},
  };
}

struct DemoResource {
  const char* group;
  const char* author;
  Anonymity anonymity;
  const char* title;
  const char* url;
  const char* why;
};

std::vector<DemoResource> demo_resources() {
  return {
      {"Nurses with chronic illness", "liam.obrien", Anonymity::kNamed,
       "Job Accommodation Network: A-Z of conditions", "https://askjan.org/a-to-z.cfm",
       "Practical ideas for workplace adjustments, condition by condition. Good to read before talking to "
       "occupational health."},
      {"Nurses with chronic illness", "amy.chen", Anonymity::kAnonymous, "Spoon theory, explained",
       "https://en.wikipedia.org/wiki/Spoon_theory", "It gave me words to explain fatigue to my family."},
      {"Clinicians with ADHD", "dana.lee", Anonymity::kNamed, "Focusmate (virtual body doubling)",
       "https://www.focusmate.com/", "What got me through my last round of mandatory training modules."},
  };
}

}  // namespace

void seed_demo_conversations(ConversationStore& store, groups::GroupStore& groups, auth::PersonStore& people,
                             std::int64_t now) {
  auto& database = store.connection();
  {
    auto existing = database.query("SELECT 1 FROM group_thread LIMIT 1");
    if (existing.step()) return;
  }
  storage::Transaction transaction(database);
  const auto group_id = [&](const char* name) -> std::optional<std::int64_t> {
    const auto group = groups.find_by_slug(groups::slug_from_name(name));
    if (!group) return std::nullopt;
    return group->id;
  };
  const auto person_id = [&](const char* username) -> std::optional<std::int64_t> {
    const auto person = people.find_by_username(username);
    if (!person) return std::nullopt;
    return person->id;
  };

  if (const auto id = group_id("Nurses with chronic illness")) {
    store.save_settings(*id, {.allow_anonymous = true, .retention_days = std::nullopt}, now);
  }
  for (const auto& demo : demo_threads()) {
    const auto group = group_id(demo.group);
    if (!group || demo.posts.empty()) continue;
    const auto& opening = demo.posts.front();
    const auto author = person_id(opening.author);
    if (!author) continue;
    const auto created =
        store.insert_thread(*group, demo.title, *author, opening.anonymity, opening.body, now - opening.age);
    auto thread = store.find_thread(created.thread_id);
    if (!thread) continue;
    for (std::size_t i = 1; i < demo.posts.size(); ++i) {
      const auto& reply = demo.posts[i];
      if (const auto replier = person_id(reply.author)) {
        store.insert_post(*thread, *replier, reply.anonymity, reply.body, now - reply.age);
      }
    }
    if (demo.pinned) store.set_thread_flags(thread->id, true, false);
  }
  for (const auto& demo : demo_resources()) {
    const auto group = group_id(demo.group);
    const auto author = person_id(demo.author);
    if (!group || !author) continue;
    SharedResource resource;
    resource.group_id = *group;
    resource.author_person_id = *author;
    resource.anonymity = demo.anonymity;
    resource.title = demo.title;
    resource.url = demo.url;
    resource.why = demo.why;
    resource.created_at = now - 2 * kDay;
    store.insert_resource(resource);
  }
  transaction.commit();
}

}  // namespace hearth::features::conversations
