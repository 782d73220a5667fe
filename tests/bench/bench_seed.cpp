// hearth_bench_seed: fills a fresh data directory with a hospital-sized
// database for the load benchmark (tests/bench/run.sh).
//
//   hearth_bench_seed --data-dir DIR [--people N] [--groups N] [--posts N]
//                     [--events N] [--resources N] [--requests N] [--seed N]
//
// It writes DIR/hearth.db, migrated to the newest schema, through the real
// stores (PersonStore, GroupStore, ConversationStore, EventStore,
// ResourceStore, SupportStore), so the rows look exactly like those the
// portal writes itself, search indexes included. Everything is deterministic
// for a given --seed. The people of the demo directory (amy.chen...) are added
// with their real directory ids, so `hearth demo --data-dir DIR` signs them in
// to the same rows, and each of them belongs to a few groups; since the
// database already has groups, `hearth demo` adds no sample content.
//
// It also writes DIR/bench-seed.txt (key=value lines) naming URLs worth
// measuring: a listed group's page, a thread of amy.chen's with 50 replies, a
// thread and event sessions for the write mix, and the secret token of
// amy.chen's personal calendar feed (/calendar/TOKEN.ics).
//
// Speed: the seeding connection runs with synchronous=OFF and writes in large
// transactions (one per batch of rows; well under a minute for the defaults on
// two cores, most of it the 500,000 posts and their search index). The server
// later opens the file with its usual pragmas.
//
// Extending: add a seed_<feature>() step below with its own size option,
// writing through that feature's store in batched transactions.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/demo_directory.h"
#include "auth/person_store.h"
#include "calendar/event_series.h"
#include "calendar/schedule.h"
#include "calendar/time_zone.h"
#include "common/crypto.h"
#include "common/error.h"
#include "features/conversations/conversation_store.h"
#include "features/events/event_store.h"
#include "features/groups/group_form.h"
#include "features/groups/group_model.h"
#include "features/groups/group_store.h"
#include "features/resources/resource_form.h"
#include "features/resources/resource_store.h"
#include "features/support/support_store.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace {

using hearth::features::groups::AudienceKind;
using hearth::features::groups::GroupDraft;
using hearth::features::groups::GroupStatus;
using hearth::features::groups::GroupStore;
using hearth::features::groups::JoinPolicy;
using hearth::features::groups::MeetingFormat;
using hearth::features::groups::Membership;
using hearth::features::groups::MembershipRole;
using hearth::features::groups::MembershipStatus;
using hearth::features::groups::Visibility;

struct Options {
  std::filesystem::path data_directory;
  int people = 50'000;
  int groups = 2'000;
  int posts = 500'000;
  int events = 5'000;
  int resources = 500;
  int requests = 20'000;
  std::uint64_t seed = 1;
};

constexpr std::string_view kUsage =
    "Usage: hearth_bench_seed --data-dir DIR [--people N] [--groups N] [--posts N] [--events N]\n"
    "                         [--resources N] [--requests N] [--seed N]\n"
    "Creates DIR/hearth.db (DIR must not hold one yet) for the load benchmark\n"
    "(tests/bench/run.sh) with N people (default 50000), N peer groups (2000), N posts\n"
    "in group threads (500000), N events (5000) with RSVPs, N resource directory\n"
    "entries (500) and N peer-support requests (20000, most of them closed).\n";

// The zone occurrence dates are computed in: the server's default site.time_zone.
constexpr std::string_view kTimeZone = "America/New_York";
// The demo directory account the benchmark signs in as.
constexpr std::string_view kBenchUser = "amy.chen";

std::optional<std::int64_t> parse_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Returns nullopt (after printing why) when the arguments are unusable.
std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (name == "-h" || name == "--help") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "hearth_bench_seed: " << name << " needs a value\n" << kUsage;
      return std::nullopt;
    }
    const std::string_view value = argv[++i];
    if (name == "--data-dir") {
      options.data_directory = value;
      continue;
    }
    const auto number = parse_number(value);
    if (name == "--people" && number && *number >= 1 && *number <= 10'000'000) {
      options.people = static_cast<int>(*number);
    } else if (name == "--groups" && number && *number >= 1 && *number <= 1'000'000) {
      options.groups = static_cast<int>(*number);
    } else if (name == "--posts" && number && *number >= 0 && *number <= 100'000'000) {
      options.posts = static_cast<int>(*number);
    } else if (name == "--events" && number && *number >= 0 && *number <= 1'000'000) {
      options.events = static_cast<int>(*number);
    } else if (name == "--resources" && number && *number >= 0 && *number <= 100'000) {
      options.resources = static_cast<int>(*number);
    } else if (name == "--requests" && number && *number >= 0 && *number <= 10'000'000) {
      options.requests = static_cast<int>(*number);
    } else if (name == "--seed" && number && *number >= 0) {
      options.seed = static_cast<std::uint64_t>(*number);
    } else {
      std::cerr << "hearth_bench_seed: bad option " << name << " " << value << "\n" << kUsage;
      return std::nullopt;
    }
  }
  if (options.data_directory.empty()) {
    std::cerr << "hearth_bench_seed: --data-dir is required\n" << kUsage;
    return std::nullopt;
  }
  return options;
}

// ---- word lists -------------------------------------------------------------

constexpr std::array kFirstNames = {
    "Aisha", "Ben",    "Carmen", "Daniel", "Elena", "Farah", "George", "Hana",    "Ivan", "Jia",
    "Kwame", "Laura",  "Mateo",  "Nadia",  "Oscar", "Priya", "Quinn",  "Rosa",    "Sam",  "Tariq",
    "Uma",   "Viktor", "Wen",    "Ximena", "Yusuf", "Zoe",   "Grace",  "Hiroshi", "Ines", "Jozef",
};
constexpr std::array kLastNames = {
    "Adeyemi", "Brown",     "Chen",     "Dubois", "Evans",  "Fischer",  "Garcia",  "Haddad",
    "Ivanova", "Jensen",    "Kowalski", "Lopez",  "Murphy", "Nguyen",   "O'Brien", "Patel",
    "Quispe",  "Rossi",     "Silva",    "Tanaka", "Usman",  "Van Dijk", "Wang",    "Xu",
    "Yilmaz",  "Zielinski", "Okafor",   "Berg",   "Shah",   "Novak",
};
constexpr std::array kDepartments = {
    "Emergency Department", "ICU",          "Oncology",         "Maternity", "Paediatrics",
    "Cardiology",           "Theatres",     "Radiology",        "Pharmacy",  "Neurology",
    "Renal Unit",           "Orthopaedics", "General Medicine", "Pathology", "Estates",
    "Patient Transport",    "Finance",      "Outpatients",
};
constexpr std::array kTitles = {
    "Registered Nurse",
    "Staff Nurse",
    "Charge Nurse",
    "Resident Physician",
    "Consultant",
    "Physiotherapist",
    "Pharmacist",
    "Radiographer",
    "Porter",
    "Ward Clerk",
    "Healthcare Assistant",
    "Midwife",
    "Occupational Therapist",
    "Biomedical Scientist",
    "Paramedic",
    "Respiratory Therapist",
    "Chaplain",
    "Medical Secretary",
};

// Who a group is for ("Night shift nurses"): a setting and a profession.
constexpr std::array kSettings = {
    "Night shift", "ICU",    "ER",      "Oncology", "Paediatric", "Maternity", "Theatre",
    "Weekend",     "Agency", "New",     "Senior",   "Community",  "Renal",     "Cardiac",
    "Outpatient",  "Rehab",  "Hospice", "Ward 7",   "Float pool", "Returning",
};
constexpr std::array kProfessions = {
    "nurses", "physicians", "residents",   "porters",   "therapists", "midwives", "paramedics",
    "clerks", "techs",      "pharmacists", "chaplains", "carers",     "parents",  "staff",
};
constexpr std::array kKinds = {"circle", "group",  "debrief",  "network",    "cafe",
                               "rounds", "huddle", "check-in", "peer group", "support group"};

// Words tied to each topic tag, used in names and focus lines, so that a
// search for a topic finds the groups tagged with it (as real ones would).
struct Topic {
  std::string_view tag;
  std::vector<std::string_view> words;
  std::string_view phrase;  // "For ... dealing with {phrase}."
};

const std::vector<Topic>& topics() {
  static const std::vector<Topic> kTopics = {
      {"burnout", {"stress", "burnout", "exhaustion"}, "a long run of hard shifts"},
      {"grief", {"grief", "loss", "bereavement"}, "the death of a patient, colleague or relative"},
      {"chronic-illness", {"chronic illness", "long COVID", "chronic pain"}, "a long-term condition"},
      {"parenting", {"parents", "new parents", "childcare"}, "shifts and small children"},
      {"moral-distress", {"moral distress", "ethics", "hard choices"}, "decisions that did not sit right"},
      {"new-graduates", {"first year", "new starters", "preceptee"}, "the first year on the wards"},
      {"recovery", {"recovery", "sobriety", "sober"}, "recovery from substance use"},
      {"second-victim", {"adverse event", "incident", "second victim"}, "a serious incident"},
      {"night-shift", {"nights", "night shift", "sleep"}, "nights and broken sleep"},
      {"neurodiversity", {"ADHD", "autism", "dyslexia"}, "ADHD, autism or dyslexia"},
      {"caregivers", {"carers", "ageing parents", "family care"}, "caring for family at home"},
      {"mindfulness", {"mindfulness", "breathing", "calm"}, "a restless mind"},
      {"lgbtq", {"LGBTQ+", "pride", "queer"}, "being LGBTQ+ at work"},
      {"international-staff", {"international", "overseas", "visa"}, "settling into a new country"},
  };
  return kTopics;
}

constexpr std::array kDescriptions = {
    "Peer support from colleagues who understand the job. What is said here stays here.",
    "We start with a short check-in, then talk about whatever the group brings. No advice unless asked.",
    "A confidential space to share what helps, swap tips and support each other between shifts.",
    "Drop in when you can; nobody minds if you arrive late from a handover or leave early for a bleep.",
    "Facilitated by trained peer supporters. Tea and biscuits provided for those in the room.",
    "Sometimes we talk, sometimes we just sit together. Come and listen if you don't want to speak.",
    "Support for staff across every role and grade: porters, clerks, nurses, doctors and therapists.",
    "",
};
constexpr std::array kVettingQuestions = {
    "What would you like from the group?",
    "Is there anything the facilitators should know to make it safe for you?",
    "How did you hear about the group?",
    "Would you prefer to meet a facilitator one-to-one first?",
};
constexpr std::array kPlaces = {
    "Wellbeing hub, room 2", "Chapel quiet room",    "Education centre, room 4", "Staff lounge, level 3",
    "Boardroom B",           "Library seminar room", "Family room, Maternity",   "Outpatients meeting room",
};

// Threads and posts: what colleagues write to each other (no patient details).
constexpr std::array kThreadTitles = {
    "How do you switch off after a night shift?",
    "Coming back after sick leave",
    "That week on the ward",
    "Sleep tips that actually work",
    "Saying no to extra shifts",
    "Talking to family about work",
    "First month on the unit",
    "When a debrief isn't enough",
    "Small wins this week",
    "Books and podcasts that helped",
    "Childcare around rotas",
    "Feeling guilty about taking breaks",
    "Check-in thread",
    "After the incident review",
    "Walking group before day shifts?",
    "What got you through this winter",
};
constexpr std::array kSentences = {
    "Thanks for starting this, it helps to know I'm not the only one.",
    "I had a rough run of nights and this group kept me going.",
    "What worked for me was a short walk outside before driving home.",
    "Blackout blinds and a fixed wind-down routine made a real difference.",
    "I spoke to my manager about the rota and it went better than I feared.",
    "Some days I just need to hear that it's normal to feel flat after a long week.",
    "The breathing exercise from the last meeting has stuck with me.",
    "I'm trying to **protect one day off a week**, no matter what.",
    "Has anyone tried the EAP counselling line? I'm thinking about calling.",
    "Sending good thoughts to everyone working this weekend.",
    "It took me months to stop replaying shifts in my head; talking about it helped.",
    "I keep a notebook by the bed and write down whatever is looping, then leave it there.",
    "Our team started a five-minute check-in at handover and people actually use it.",
    "Be kind to yourself: you did the best you could with what you had.",
    "I'll bring biscuits to the next meeting if anyone is around.",
    "Honestly, just reading this thread on my break made me feel better.",
};

// Events: titles per category, and where they happen.
constexpr std::array kEventTitles = {
    "Mindful Moments",
    "Lunchtime chair yoga",
    "Schwartz Rounds",
    "Resilience workshop",
    "Team debrief",
    "Winter tea and cake",
    "Sleep and shift work talk",
    "Walking club",
    "Financial wellbeing clinic",
    "Compassion fatigue session",
    "Breathing space",
    "Pilates for back care",
    "New starters' welcome",
    "Coffee with the chaplains",
    "Reflective practice group",
};
constexpr std::array kEventCategories = {
    hearth::features::events::Category::kMindfulness, hearth::features::events::Category::kMovement,
    hearth::features::events::Category::kRounds,      hearth::features::events::Category::kEducation,
    hearth::features::events::Category::kDebrief,     hearth::features::events::Category::kSocial,
    hearth::features::events::Category::kEducation,   hearth::features::events::Category::kMovement,
    hearth::features::events::Category::kOther,       hearth::features::events::Category::kEducation,
    hearth::features::events::Category::kMindfulness, hearth::features::events::Category::kMovement,
    hearth::features::events::Category::kSocial,      hearth::features::events::Category::kOther,
    hearth::features::events::Category::kDebrief,
};
static_assert(kEventTitles.size() == kEventCategories.size());
constexpr std::array kEventPlaces = {
    "Education centre, lecture theatre", "Chapel quiet room, level 1", "Physiotherapy gym, level 2",
    "Staff restaurant, ground floor",    "Wellbeing hub, room 2",      "Education centre, room 3",
    "Emergency department seminar room", "Garden courtyard",
};

// Resource directory entries: a kind of help per category.
constexpr std::array kResourceKinds = {
    "Crisis line",
    "EAP service",
    "Counselling service",
    "Peer support team",
    "Chaplaincy contact",
    "Bereavement service",
    "Occupational health clinic",
    "Quiet room",
    "Wellness programme",
    "Money advice service",
    "Helpline",
};
constexpr std::array kResourceAreas = {
    "North site",         "South site",    "Community hospital", "Children's hospital",
    "Mental health unit", "Cancer centre", "Day surgery unit",   "Rehabilitation centre",
};

// ---- seeding ----------------------------------------------------------------

using hearth::calendar::LocalDate;
using hearth::features::conversations::Anonymity;
using hearth::features::conversations::ConversationStore;
using hearth::features::events::EventDraft;
using hearth::features::events::EventStore;
using hearth::features::events::RsvpStatus;

// What the seeding made, for the summary and DIR/bench-seed.txt.
struct SeedReport {
  int threads = 0;
  int posts = 0;
  int events = 0;
  int rsvps = 0;
  int resources = 0;
  int requests = 0;
  int open_requests = 0;
  int bench_user_sessions = 0;          // sessions amy.chen is going to (or waiting for)
  std::string long_thread_path;         // /groups/SLUG/threads/ID: opening post and 50 replies
  std::string reply_thread_path;        // a thread of the same group, for the write mix's replies
  std::vector<std::string> rsvp_paths;  // /events/ID/DATE: upcoming sessions for the write mix's RSVPs
  std::string feed_token;               // amy.chen's personal calendar feed
};

// The seeding connection's transaction, committed and reopened every `size`
// rows so that no transaction (or the WAL) grows with a whole table. Rolls
// back the open batch when destroyed without finish().
class Batches {
 public:
  Batches(hearth::storage::Database& database, int size) : database_(database), size_(size) {
    transaction_.emplace(database_);
  }
  void count(int rows = 1) {
    rows_ += rows;
    if (rows_ < size_) return;
    transaction_->commit();
    transaction_.emplace(database_);
    rows_ = 0;
  }
  void finish() {
    transaction_->commit();
    transaction_.reset();
  }

 private:
  hearth::storage::Database& database_;
  int size_;
  int rows_ = 0;
  std::optional<hearth::storage::Transaction> transaction_;
};

class Seeder {
 public:
  Seeder(hearth::storage::ConnectionPool& pool, std::uint64_t seed)
      : pool_(pool), people_(pool), groups_(pool), random_(seed), now_(std::time(nullptr)) {}

  // Inserts `count` people (bench.user.00001...) and the demo directory's people.
  void seed_people(int count) {
    auto& database = pool_.connection();
    hearth::storage::Transaction transaction(database);
    hearth::auth::RoleSet staff;
    staff.insert(hearth::auth::Role::kStaff);
    person_ids_.reserve(static_cast<std::size_t>(count));
    for (int i = 1; i <= count; ++i) {
      hearth::auth::DirectoryPerson person;
      person.username = fmt::format("bench.user.{:05}", i);
      person.stable_id = fmt::format("00000000-be4c-4000-8000-{:012}", i);
      person.dn = fmt::format("uid={},ou=people,dc=bench,dc=example", person.username);
      person.display_name = fmt::format("{} {}", pick(kFirstNames), pick(kLastNames));
      person.mail = person.username + "@bench.example";
      person.department = pick(kDepartments);
      person.title = pick(kTitles);
      person_ids_.push_back(people_.upsert(person, staff, now_ - between(0, 400) * 86'400));
    }
    // The demo accounts sign in with these directory ids (same row on sign-in).
    const auto demo = hearth::auth::DemoDirectory::make_sample();
    for (const auto& person : demo->people()) {
      const auto id = people_.upsert(person, staff, now_);
      demo_ids_.push_back(id);
      if (person.username == kBenchUser) bench_user_id_ = id;
      if (person.username == "ben.okafor" || person.username == "carmen.diaz") supporter_ids_.push_back(id);
      if (person.username == "dana.lee") coordinator_id_ = id;
    }
    if (bench_user_id_ == 0 || supporter_ids_.empty() || coordinator_id_ == 0) {
      throw std::logic_error("the demo directory lacks amy.chen, ben.okafor, carmen.diaz or dana.lee");
    }
    transaction.commit();
  }

  // Inserts `count` groups, each with a facilitator and 3-15 other people.
  void seed_groups(int count) {
    auto& database = pool_.connection();
    hearth::storage::Transaction transaction(database);
    std::set<std::string> slugs;
    for (int number = 1; number <= count; ++number) {
      const auto& topic =
          topics()[static_cast<std::size_t>(between(0, static_cast<int>(topics().size()) - 1))];
      GroupDraft draft = make_draft(topic, number);
      while (!slugs.insert(draft.slug).second) draft.slug += "-x";

      const int status_roll = between(1, 100);
      const GroupStatus status = status_roll <= 3   ? GroupStatus::kPending
                                 : status_roll <= 5 ? GroupStatus::kArchived
                                                    : GroupStatus::kActive;

      // Members: one facilitator (the creator), then 3-15 others, all distinct.
      const int others = between(3, 15);
      std::vector<std::int64_t> chosen;
      while (static_cast<int>(chosen.size()) < others + 1) {
        const auto id =
            person_ids_[static_cast<std::size_t>(between(0, static_cast<int>(person_ids_.size()) - 1))];
        if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) chosen.push_back(id);
      }
      const int active = others + 1;  // facilitator included
      const int capacity_roll = between(1, 100);
      const bool full = capacity_roll <= 12;
      if (capacity_roll <= 40) {
        draft.capacity = full ? active : std::min(200, active + between(2, 15));
      }

      const auto created_at = now_ - between(1, 365) * 86'400 - between(0, 86'399);
      const auto group_id = groups_.insert(draft, status, chosen.front(), created_at);
      ++group_count_;
      for (std::size_t i = 0; i < chosen.size(); ++i) {
        add_membership(group_id, chosen[i], i == 0 ? MembershipRole::kFacilitator : MembershipRole::kMember,
                       MembershipStatus::kActive, created_at + static_cast<std::int64_t>(i) * 3'600);
      }
      // Some people waiting: on the list of a full group, or asking to join.
      if (full) add_pending(group_id, MembershipStatus::kWaitlisted, between(0, 3), created_at, chosen);
      if (draft.join_policy == JoinPolicy::kRequest) {
        add_pending(group_id, MembershipStatus::kRequested, between(0, 2), created_at, chosen);
      }
      if (draft.join_policy == JoinPolicy::kInvitation) {
        add_pending(group_id, MembershipStatus::kInvited, between(0, 2), created_at, chosen);
      }
      if (status == GroupStatus::kActive && draft.visibility == Visibility::kListed &&
          draft.join_policy == JoinPolicy::kOpen && sample_group_slug_.empty()) {
        sample_group_slug_ = draft.slug;
      }
      if (status == GroupStatus::kActive) active_group_ids_.push_back(group_id);
      group_slugs_[group_id] = draft.slug;
    }
    // Each demo person belongs to 2-5 active groups, so their home page shows
    // "My groups" as a real member's would.
    for (const auto person_id : demo_ids_) {
      const int how_many = between(2, 5);
      for (int i = 0; i < how_many && !active_group_ids_.empty(); ++i) {
        const auto group_id = active_group_ids_[static_cast<std::size_t>(
            between(0, static_cast<int>(active_group_ids_.size()) - 1))];
        const auto& members = members_[group_id];
        if (std::find(members.begin(), members.end(), person_id) != members.end()) continue;
        add_membership(group_id, person_id, MembershipRole::kMember, MembershipStatus::kActive,
                       now_ - 86'400);
        if (person_id == bench_user_id_) bench_user_groups_.push_back(group_id);
      }
    }
    transaction.commit();
  }

  // Inserts `count` posts in threads of active groups: first a thread in one of
  // amy.chen's groups with an opening post and 50 replies, and a short one in
  // the same group for the write mix; then threads of 1-19 posts by the
  // groups' members over the past year. Some groups allow anonymous posts.
  void seed_posts(int count) {
    if (count <= 0) return;
    if (bench_user_groups_.empty()) throw std::logic_error("amy.chen belongs to no group");
    ConversationStore store(pool_);
    Batches batch(pool_.connection(), 20'000);
    for (const auto group_id : active_group_ids_) {
      if (between(1, 100) > 10) continue;
      hearth::features::conversations::ConversationSettings settings;
      settings.allow_anonymous = true;
      store.save_settings(group_id, settings, now_);
      anonymous_groups_.insert(group_id);
    }
    const auto home_group = bench_user_groups_.front();
    if (count >= 54) {
      const auto long_thread = add_thread(store, home_group, 51, now_ - 4 * 86'400, 3'600, batch);
      report_.long_thread_path = thread_path(home_group, long_thread);
      const auto reply_thread = add_thread(store, home_group, 3, now_ - 86'400, 1'800, batch);
      report_.reply_thread_path = thread_path(home_group, reply_thread);
    }
    while (report_.posts < count) {
      const auto group_id = pick_id(active_group_ids_);
      const int posts = std::min(count - report_.posts, between(1, 19));
      add_thread(store, group_id, posts, now_ - between(1, 365) * 86'400 - between(0, 86'399),
                 between(10, 720) * 60, batch);
    }
    batch.finish();
  }

  // Inserts `count` events: a weekly meeting for each of amy.chen's groups,
  // some other groups' meetings (6%), weekly (4%) and monthly (2%) all-staff
  // series, and one-offs spread over six months either side of today, some
  // for a department or two, some cancelled; RSVPs for a few sessions of each
  // (some full, with a waiting list); a few changed or cancelled sessions of
  // series; amy.chen going to about 30 upcoming sessions, and her personal
  // calendar feed.
  void seed_events(int count) {
    if (count <= 0) return;
    const auto zone = hearth::calendar::TimeZone::load(kTimeZone);
    if (!zone) throw std::logic_error("no time zone " + std::string(kTimeZone));
    EventStore store(pool_);
    Batches batch(pool_.connection(), 5'000);
    const auto today = zone->to_local(now_).date;
    const auto window_start = zone->to_utc(hearth::calendar::add_days(today, -14), {});
    const auto window_end = zone->to_utc(hearth::calendar::add_days(today, 42), {});
    // Upcoming one-off all-staff sessions that are not cancelled: (event, date, takes RSVPs).
    struct Upcoming {
      std::int64_t event_id;
      LocalDate date;
      bool required;
    };
    std::vector<Upcoming> upcoming;

    for (int number = 1; number <= count; ++number) {
      EventDraft draft = event_draft(number);
      const int roll = between(1, 100);
      std::optional<std::int64_t> organiser = coordinator_id_;
      const auto own_groups = static_cast<int>(bench_user_groups_.size());
      if (number <= own_groups || roll <= 6) {
        const auto group_id = number <= own_groups ? bench_user_groups_[static_cast<std::size_t>(number - 1)]
                                                   : pick_id(active_group_ids_);
        make_group_meeting(draft, group_id, today);
        organiser = members_.at(group_id).front();
      } else if (roll <= 10) {
        make_weekly(draft, today);
      } else if (roll <= 12) {
        make_monthly(draft, today);
      } else {
        draft.series.first_date = hearth::calendar::add_days(today, between(-182, 182));
      }
      if (const auto problem = hearth::calendar::validate(draft.series)) {
        throw std::logic_error("bench_seed made an invalid event: " + *problem);
      }
      const auto created_at = now_ - between(1, 60) * 86'400;
      const auto uid = fmt::format("bench-{:05}-{:012x}", number, random_() & 0xffff'ffff'ffffULL);
      const auto id = store.insert(draft, uid, organiser, last_date(draft.series), std::nullopt, created_at);
      ++report_.events;
      batch.count();

      const bool once = draft.series.frequency == hearth::calendar::SeriesFrequency::kOnce;
      if (once && between(1, 100) <= 3) {
        store.cancel(id, created_at + 86'400);
        continue;
      }
      std::vector<LocalDate> dates;
      if (once) {
        dates.push_back(draft.series.first_date);
      } else {
        for (const auto& occurrence :
             hearth::calendar::occurrences_between(draft.series, *zone, window_start, window_end, 3)) {
          dates.push_back(occurrence.date);
        }
      }
      for (const auto& date : dates) add_answers(store, id, draft, date, batch);
      if (!once && !dates.empty() && between(1, 100) <= 25) add_change(store, id, draft, dates.back());
      if (once && draft.audience == hearth::features::events::Audience::kAllStaff &&
          draft.series.first_date > today &&
          draft.series.first_date <= hearth::calendar::add_days(today, 90)) {
        upcoming.push_back(
            {id, draft.series.first_date, draft.rsvp == hearth::features::events::RsvpPolicy::kRequired});
      }
    }

    // amy.chen goes to about 30 upcoming sessions (waiting where they are full).
    std::shuffle(upcoming.begin(), upcoming.end(), random_);
    std::size_t next = 0;
    for (; next < upcoming.size() && report_.bench_user_sessions < 30; ++next) {
      const auto& session = upcoming[next];
      const auto event = store.find(session.event_id, bench_user_id_);
      const auto capacity = event ? event->event.draft.capacity : std::nullopt;
      const bool full =
          session.required && capacity && store.attendance(session.event_id, session.date).going >= *capacity;
      store.save_rsvp(session.event_id, session.date, bench_user_id_,
                      full ? RsvpStatus::kWaiting : RsvpStatus::kGoing, now_ - between(1, 14) * 86'400);
      ++report_.rsvps;
      ++report_.bench_user_sessions;
    }
    // The write mix answers going / not going for sessions without a capacity.
    for (; next < upcoming.size() && report_.rsvp_paths.size() < 16; ++next) {
      if (upcoming[next].required) continue;
      report_.rsvp_paths.push_back(fmt::format("/events/{}/{}", upcoming[next].event_id,
                                               hearth::features::events::date_text(upcoming[next].date)));
    }

    // amy.chen's personal calendar feed, with a token the benchmark knows.
    report_.feed_token = fmt::format("{:016x}{:016x}{:016x}", random_(), random_(), random_());
    store.save_feed(bench_user_id_, hearth::crypto::sha256_hex(report_.feed_token),
                    hearth::features::events::Discretion::kGroupMeetings, now_ - 30 * 86'400);
    batch.finish();
  }

  // Inserts `count` resource directory entries, spread over the categories,
  // half of them on site; one in twenty retired.
  void seed_resources(int count) {
    if (count <= 0) return;
    namespace resources = hearth::features::resources;
    resources::ResourceStore store(pool_);
    Batches batch(pool_.connection(), 1'000);
    const auto& categories = resources::all_categories();
    constexpr std::array kHours = {"24/7", "Mon–Fri 8:00–18:00", "Weekdays 9:00–17:00, Saturdays 10:00–14:00",
                                   "Mon–Fri 7:00–19:00"};
    for (int number = 1; number <= count; ++number) {
      const auto index = static_cast<std::size_t>(number - 1) % categories.size();
      const auto area = pick(kResourceAreas);
      resources::ResourceDraft draft;
      draft.category = categories[index];
      draft.name = fmt::format("{}, {} {}", kResourceKinds[index], area, number);
      draft.slug = resources::slug_from_name(draft.name);
      draft.reach = between(1, 100) <= 50 ? resources::Reach::kOnSite : resources::Reach::kRemote;
      draft.summary =
          fmt::format("Confidential help for staff at the {}, from people who know hospital work.", area);
      draft.details =
          "Open to every role and grade, including agency and bank staff.\n"
          "No referral needed: call, send a text or drop in.";
      draft.audience = "All hospital staff and the people they live with.";
      draft.phone = fmt::format("1-800-555-{:04}", number % 10'000);
      draft.hours = pick(kHours);
      if (draft.reach == resources::Reach::kOnSite)
        draft.place = fmt::format("{}, level {}", area, between(0, 5));
      draft.url = fmt::format("https://wellbeing.hospital.example/resources/{}", number);
      draft.confidentiality = "Confidential. Your manager is not told that you asked for help.";
      const auto created_at = now_ - between(1, 730) * 86'400;
      const auto id = store.insert(draft, created_at);
      if (between(1, 100) <= 5)
        store.set_status(id, resources::ResourceStatus::kRetired, created_at + 86'400);
      ++report_.resources;
      batch.count();
    }
    batch.finish();
  }

  // Inserts `count` peer-support requests over the past two years: the newest
  // 1% still open (waiting, or claimed by ben.okafor or carmen.diaz), the rest
  // claimed, mostly contacted, and closed (purged as the portal does), or
  // expired without anyone claiming them.
  void seed_requests(int count) {
    if (count <= 0) return;
    namespace support = hearth::features::support;
    support::SupportStore store(pool_);
    Batches batch(pool_.connection(), 5'000);
    const int open = std::max(1, count / 100);
    for (int number = 0; number < count; ++number) {
      const bool is_open = number >= count - open;
      support::RequestDraft draft;
      draft.for_whom = between(1, 100) <= 85 ? support::ForWhom::kSelf : support::ForWhom::kColleague;
      if (draft.for_whom == support::ForWhom::kColleague) {
        draft.colleague_name = fmt::format("{} {}", pick(kFirstNames), pick(kLastNames));
      }
      draft.channel = static_cast<support::ContactChannel>(between(0, 3));
      draft.contact_detail = draft.channel == support::ContactChannel::kPager
                                 ? fmt::format("Bleep {}", between(1000, 9999))
                                 : fmt::format("07700 900{:03}", between(0, 999));
      draft.timing = static_cast<support::Timing>(between(0, 3));
      if (draft.timing == support::Timing::kWindow) draft.time_window = "After 6 pm on weekdays";
      draft.department = between(1, 100) <= 40 ? support::Department::kOutsideMyDepartment
                                               : support::Department::kAnyDepartment;
      if (between(1, 100) <= 30) draft.context = "After a difficult shift";
      const auto created_at = is_open ? now_ - between(10, 3 * 24 * 60) * 60
                                      : now_ - between(3, 730) * 86'400 - between(0, 86'399);
      const auto id = store.insert(draft, pick_id(person_ids_), pick(kDepartments), created_at);
      const auto supporter = pick_id(supporter_ids_);
      if (is_open) {
        ++report_.open_requests;
        if (between(1, 100) <= 30) store.claim(id, supporter, created_at + between(5, 60) * 60);
      } else if (between(1, 100) <= 5) {
        store.close_and_purge(id, support::Outcome::kExpired);
      } else {
        store.claim(id, supporter, created_at + between(5, 120) * 60);
        const bool reached = between(1, 100) <= 85;
        if (reached) store.mark_contacted(id, created_at + between(30, 24 * 60) * 60);
        constexpr std::array kReached = {support::Outcome::kTalked, support::Outcome::kTalked,
                                         support::Outcome::kReferredEap, support::Outcome::kDeclined,
                                         support::Outcome::kWithdrawn};
        store.close_and_purge(id, reached ? pick_value(kReached) : support::Outcome::kNoAnswer);
      }
      ++report_.requests;
      batch.count();
    }
    batch.finish();
  }

  const SeedReport& report() const { return report_; }
  int membership_count() const { return membership_count_; }
  int group_count() const { return group_count_; }
  int person_count() const { return static_cast<int>(person_ids_.size() + demo_ids_.size()); }
  const std::string& sample_group_slug() const { return sample_group_slug_; }

 private:
  int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  template <typename List>
  std::string pick(const List& list) {
    return std::string(list[static_cast<std::size_t>(between(0, static_cast<int>(std::size(list)) - 1))]);
  }

  template <typename List>
  typename List::value_type pick_value(const List& list) {
    return list[static_cast<std::size_t>(between(0, static_cast<int>(std::size(list)) - 1))];
  }

  std::int64_t pick_id(const std::vector<std::int64_t>& ids) { return pick_value(ids); }

  std::string thread_path(std::int64_t group_id, std::int64_t thread_id) const {
    return fmt::format("/groups/{}/threads/{}", group_slugs_.at(group_id), thread_id);
  }

  // One to three sentences, sometimes in two paragraphs.
  std::string post_body() {
    std::string body = pick(kSentences);
    const int more = between(0, 2);
    for (int i = 0; i < more; ++i) {
      body += between(1, 4) == 1 ? "\n\n" : " ";
      body += pick(kSentences);
    }
    return body;
  }

  // A thread of `posts` posts by members of the group, the first at `start`,
  // then one about every `gap` seconds (never after now). Returns its id.
  std::int64_t add_thread(ConversationStore& store, std::int64_t group_id, int posts, std::int64_t start,
                          int gap, Batches& batch) {
    const auto& members = members_.at(group_id);
    const bool anonymous_allowed = anonymous_groups_.count(group_id) != 0;
    const auto anonymity = [&] {
      return anonymous_allowed && between(1, 4) == 1 ? Anonymity::kAnonymous : Anonymity::kNamed;
    };
    const auto created =
        store.insert_thread(group_id, pick(kThreadTitles), pick_id(members), anonymity(), post_body(), start);
    hearth::features::conversations::Thread thread;
    thread.id = created.thread_id;
    thread.group_id = group_id;
    for (int i = 1; i < posts; ++i) {
      const auto at = std::min(now_, start + static_cast<std::int64_t>(i) * gap + between(0, gap / 2));
      store.insert_post(thread, pick_id(members), anonymity(), post_body(), at);
    }
    ++report_.threads;
    report_.posts += posts;
    batch.count(posts);
    return thread.id;
  }

  // Title, category, time, place, audience and RSVP policy of an event.
  EventDraft event_draft(int number) {
    namespace events = hearth::features::events;
    EventDraft draft;
    const auto which = static_cast<std::size_t>(between(0, static_cast<int>(kEventTitles.size()) - 1));
    draft.title = kEventTitles[which];
    draft.category = kEventCategories[which];
    draft.description =
        "Open to staff of every role. Come as you are, in scrubs or not; leave when your bleep goes.\n\n"
        "No experience needed.";
    draft.series.start_time = {between(7, 19), between(0, 3) * 15};
    draft.series.duration_minutes = between(2, 8) * 15;
    if (between(1, 100) <= 75) draft.location = pick(kEventPlaces);
    if (draft.location.empty() || between(1, 100) <= 30) {
      draft.virtual_link = fmt::format("https://video.hospital.example/bench-event-{}", number);
    }
    if (between(1, 100) <= 15) {
      draft.audience = events::Audience::kDepartments;
      draft.departments.push_back(pick(kDepartments));
      if (between(1, 2) == 1) {
        auto second = pick(kDepartments);
        if (second != draft.departments.front()) draft.departments.push_back(std::move(second));
      }
    }
    if (between(1, 100) <= 35) {
      draft.rsvp = events::RsvpPolicy::kRequired;
      draft.capacity = between(8, 40);
    }
    draft.organiser_contact = "Wellbeing team, ext. 4410";
    return draft;
  }

  // A group's weekly meeting for members, started up to three months ago;
  // most go on with no end date.
  void make_group_meeting(EventDraft& draft, std::int64_t group_id, const LocalDate& today) {
    namespace events = hearth::features::events;
    draft.title = "Group meeting";
    draft.category = events::Category::kOther;
    draft.audience = events::Audience::kGroup;
    draft.departments.clear();
    draft.group_id = group_id;
    draft.rsvp = events::RsvpPolicy::kOptional;
    draft.capacity.reset();
    if (!draft.virtual_link.empty()) draft.link_visibility = events::LinkVisibility::kGoing;
    auto& series = draft.series;
    series.frequency = hearth::calendar::SeriesFrequency::kWeekly;
    series.weekdays = {static_cast<hearth::calendar::Weekday>(between(1, 5))};
    series.interval = between(1, 100) <= 80 ? 1 : 2;
    series.first_date = hearth::calendar::add_days(today, -between(0, 90));
    if (between(1, 100) <= 40) series.count = between(8, 26);
  }

  void make_weekly(EventDraft& draft, const LocalDate& today) {
    auto& series = draft.series;
    series.frequency = hearth::calendar::SeriesFrequency::kWeekly;
    series.weekdays = {static_cast<hearth::calendar::Weekday>(between(1, 5))};
    if (between(1, 100) <= 30) {
      const auto second = static_cast<hearth::calendar::Weekday>(between(1, 5));
      if (second != series.weekdays.front()) series.weekdays.push_back(second);
    }
    series.interval = between(1, 100) <= 80 ? 1 : 2;
    series.first_date = hearth::calendar::add_days(today, between(-150, 60));
    if (between(1, 100) <= 80) series.count = between(4, 16);
  }

  void make_monthly(EventDraft& draft, const LocalDate& today) {
    auto& series = draft.series;
    series.frequency = hearth::calendar::SeriesFrequency::kMonthlyByWeekday;
    series.weekday = static_cast<hearth::calendar::Weekday>(between(1, 5));
    series.week_of_month = between(1, 4);
    series.first_date = hearth::calendar::add_days(today, between(-150, 60));
    if (between(1, 100) <= 80) series.count = between(3, 12);
  }

  // The last occurrence of a series that ends (what EventStore::insert wants).
  static std::optional<LocalDate> last_date(const hearth::calendar::EventSeries& series) {
    if (series.frequency == hearth::calendar::SeriesFrequency::kOnce) return series.first_date;
    if (!series.until && !series.count) return std::nullopt;
    return hearth::calendar::last_occurrence_before(series,
                                                    LocalDate{hearth::calendar::kMaxEventYear, 12, 31});
  }

  // Answers for one session: up to 20 people for events without a capacity;
  // for the others, fewer than the capacity, or (one in five) full with a
  // waiting list. Group meetings get answers from members only. amy.chen's
  // own answers are made separately.
  void add_answers(EventStore& store, std::int64_t event_id, const EventDraft& draft, const LocalDate& date,
                   Batches& batch) {
    const auto capacity = draft.capacity;
    int wanted = 0;
    if (capacity) {
      wanted = between(1, 100) <= 20 ? *capacity + between(1, 6) : between(0, *capacity - 1);
    } else {
      wanted = between(0, 20);
    }
    const std::vector<std::int64_t>* members = draft.group_id ? &members_.at(*draft.group_id) : nullptr;
    if (members) wanted = std::min(wanted, static_cast<int>(members->size()) - 1);
    std::vector<std::int64_t> chosen;
    for (int attempts = 0; static_cast<int>(chosen.size()) < wanted && attempts < wanted * 4; ++attempts) {
      const auto id = members ? pick_id(*members) : pick_id(person_ids_);
      if (id == bench_user_id_ || std::find(chosen.begin(), chosen.end(), id) != chosen.end()) continue;
      chosen.push_back(id);
    }
    int going = 0;
    for (const auto person_id : chosen) {
      const bool waiting = capacity && going >= *capacity;
      store.save_rsvp(event_id, date, person_id, waiting ? RsvpStatus::kWaiting : RsvpStatus::kGoing,
                      now_ - between(1, 30) * 86'400);
      if (!waiting) ++going;
      ++report_.rsvps;
    }
    batch.count(static_cast<int>(chosen.size()));
  }

  // One session of a series cancelled or moved an hour later, with a note.
  void add_change(EventStore& store, std::int64_t event_id, const EventDraft& draft, const LocalDate& date) {
    hearth::features::events::OccurrenceChange change;
    change.date = date;
    if (between(1, 2) == 1) {
      change.cancelled = true;
      change.note = "Cancelled this week: the room is needed for training.";
    } else {
      const auto& start = draft.series.start_time;
      change.start = hearth::calendar::LocalTime{std::min(22, start.hour + 1), start.minute};
      change.note = "An hour later this week.";
    }
    change.sequence = 1;
    change.updated_at = now_ - between(1, 7) * 86'400;
    store.save_change(event_id, change);
  }

  static std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
  }

  GroupDraft make_draft(const Topic& topic, int number) {
    GroupDraft draft;
    const auto setting = pick(kSettings);
    const auto profession = pick(kProfessions);
    const auto word = pick(topic.words);
    const auto kind = pick(kKinds);
    switch (between(0, 2)) {
      case 0: draft.name = fmt::format("{} {} {} {} {}", setting, profession, word, kind, number); break;
      case 1:
        draft.name = fmt::format("{} {} for {} {} {}", capitalised(word), kind, setting, profession, number);
        break;
      default: draft.name = fmt::format("{} {} {} {}", capitalised(word), kind, number, setting); break;
    }
    draft.slug = hearth::features::groups::slug_from_name(draft.name);
    draft.focus = fmt::format("For {} {} dealing with {}.", setting, profession, topic.phrase);
    draft.description = pick(kDescriptions);

    const int audience_roll = between(1, 100);
    if (audience_roll <= 60) {
      draft.audience_kind = AudienceKind::kAllStaff;
    } else if (audience_roll <= 85) {
      draft.audience_kind = AudienceKind::kProfessions;
      draft.audience_detail = capitalised(profession);
    } else {
      draft.audience_kind = AudienceKind::kDepartments;
      draft.audience_detail = pick(kDepartments);
    }
    draft.ground_rules = std::string(hearth::features::groups::default_ground_rules());

    const int policy_roll = between(1, 100);
    draft.join_policy = policy_roll <= 60   ? JoinPolicy::kOpen
                        : policy_roll <= 90 ? JoinPolicy::kRequest
                                            : JoinPolicy::kInvitation;
    if (draft.join_policy == JoinPolicy::kRequest) {
      const int questions = between(1, 2);
      for (int i = 0; i < questions; ++i) draft.vetting_questions.push_back(pick(kVettingQuestions));
    }
    draft.visibility = between(1, 100) <= 5 ? Visibility::kHidden : Visibility::kListed;
    draft.members_see_member_list = between(1, 100) <= 30;

    const int format_roll = between(1, 100);
    draft.format = format_roll <= 45   ? MeetingFormat::kInPerson
                   : format_roll <= 75 ? MeetingFormat::kVirtual
                                       : MeetingFormat::kHybrid;
    if (draft.format != MeetingFormat::kVirtual) draft.location = pick(kPlaces);
    if (draft.format != MeetingFormat::kInPerson) {
      draft.virtual_link = fmt::format("https://meet.example.org/bench-{}", number);
    }
    draft.place_members_only = between(1, 100) <= 80;

    auto& schedule = draft.schedule;
    if (between(1, 100) <= 75) {
      schedule.recurrence = hearth::calendar::Recurrence::kWeekly;
      schedule.interval = between(1, 100) <= 80 ? 1 : between(2, 4);
    } else {
      schedule.recurrence = hearth::calendar::Recurrence::kMonthlyByWeekday;
      schedule.week_of_month = between(0, 4);
      if (schedule.week_of_month == 0) schedule.week_of_month = hearth::calendar::kLastWeekOfMonth;
    }
    // Weekdays more often than weekends.
    schedule.weekday =
        static_cast<hearth::calendar::Weekday>(between(1, 10) <= 8 ? between(1, 5) : (between(0, 1) * 6));
    schedule.first_date = {2025, between(1, 12), between(1, 28)};
    schedule.start_time = {between(7, 20), between(0, 3) * 15};
    schedule.duration_minutes = between(2, 8) * 15;
    if (const auto problem = hearth::calendar::validate(schedule)) {
      throw std::logic_error("bench_seed made an invalid schedule: " + *problem);
    }

    // The topic's own tag first, then up to two more.
    draft.tags.emplace_back(topic.tag);
    const int extra = between(0, 2);
    const auto& all_tags = hearth::features::groups::topic_tags();
    for (int i = 0; i < extra; ++i) {
      const std::string tag(
          all_tags[static_cast<std::size_t>(between(0, static_cast<int>(all_tags.size()) - 1))].slug);
      if (std::find(draft.tags.begin(), draft.tags.end(), tag) == draft.tags.end()) draft.tags.push_back(tag);
    }
    return draft;
  }

  void add_membership(std::int64_t group_id, std::int64_t person_id, MembershipRole role,
                      MembershipStatus status, std::int64_t created_at) {
    Membership membership;
    membership.group_id = group_id;
    membership.person_id = person_id;
    membership.role = role;
    membership.status = status;
    membership.accepted_rules_version = status == MembershipStatus::kActive ? 1 : 0;
    if (status == MembershipStatus::kRequested) membership.answers = "I'd like to listen for a while first.";
    membership.created_at = created_at;
    groups_.save_membership(membership, created_at);
    ++membership_count_;
    if (status == MembershipStatus::kActive) members_[group_id].push_back(person_id);
  }

  // Adds `count` people not yet in the group with `status`.
  void add_pending(std::int64_t group_id, MembershipStatus status, int count, std::int64_t created_at,
                   std::vector<std::int64_t>& taken) {
    for (int added = 0; added < count;) {
      const auto id =
          person_ids_[static_cast<std::size_t>(between(0, static_cast<int>(person_ids_.size()) - 1))];
      if (std::find(taken.begin(), taken.end(), id) != taken.end()) continue;
      taken.push_back(id);
      add_membership(group_id, id, MembershipRole::kMember, status, created_at + 86'400 + added * 600);
      ++added;
    }
  }

  hearth::storage::ConnectionPool& pool_;
  hearth::auth::PersonStore people_;
  GroupStore groups_;
  std::mt19937_64 random_;
  std::int64_t now_;
  std::vector<std::int64_t> person_ids_;
  std::vector<std::int64_t> demo_ids_;
  std::vector<std::int64_t> active_group_ids_;
  std::map<std::int64_t, std::vector<std::int64_t>> members_;  // active members, facilitator first
  std::map<std::int64_t, std::string> group_slugs_;
  std::int64_t bench_user_id_ = 0;
  std::int64_t coordinator_id_ = 0;
  std::vector<std::int64_t> supporter_ids_;
  std::vector<std::int64_t> bench_user_groups_;
  std::set<std::int64_t> anonymous_groups_;
  std::string sample_group_slug_;
  int membership_count_ = 0;
  int group_count_ = 0;
  SeedReport report_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run(const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto database_path = options.data_directory / "hearth.db";
  if (std::filesystem::exists(database_path)) {
    std::cerr << "hearth_bench_seed: " << database_path.string()
              << " exists already; give an empty or new --data-dir\n";
    return 1;
  }
  std::filesystem::create_directories(options.data_directory);

  hearth::storage::ConnectionPool pool(database_path);
  {
    // Database::open makes a new file; the pool then opens it read-write.
    auto created =
        hearth::storage::Database::open(database_path, hearth::storage::OpenMode::kReadWriteCreate);
  }
  auto& database = pool.connection();
  // This connection only: a crash while seeding just means seeding again.
  database.execute("PRAGMA synchronous=OFF");
  const auto migrations = hearth::storage::embedded_migrations();
  const auto report =
      hearth::storage::migrate(database, migrations, hearth::storage::SnapshotPolicy::kNoSnapshot);

  Seeder seeder(pool, options.seed);
  std::vector<std::pair<std::string, double>> steps;
  auto step_started = std::chrono::steady_clock::now();
  const auto timed = [&](const char* name, auto&& seed_step) {
    seed_step();
    steps.emplace_back(name, seconds_since(step_started));
    step_started = std::chrono::steady_clock::now();
  };
  timed("people", [&] { seeder.seed_people(options.people); });
  timed("groups", [&] { seeder.seed_groups(options.groups); });
  timed("posts", [&] { seeder.seed_posts(options.posts); });
  timed("events", [&] { seeder.seed_events(options.events); });
  timed("resources", [&] { seeder.seed_resources(options.resources); });
  timed("requests", [&] { seeder.seed_requests(options.requests); });
  timed("optimize", [&] { database.execute("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);"); });
  const double total_seconds = seconds_since(started);

  const auto& made = seeder.report();
  std::string timings;
  for (const auto& [name, seconds] : steps)
    timings += fmt::format("{}{} {:.1f} s", timings.empty() ? "" : ", ", name, seconds);
  std::cout << fmt::format(
      "hearth_bench_seed: {} (schema v{}): {} people, {} groups, {} memberships, {} posts in {} threads, "
      "{} events with {} RSVPs, {} resources, {} support requests ({} open) in {:.1f} s ({})\n",
      database_path.string(), report.to_version, seeder.person_count(), seeder.group_count(),
      seeder.membership_count(), made.posts, made.threads, made.events, made.rsvps, made.resources,
      made.requests, made.open_requests, total_seconds, timings);

  std::string rsvp_paths;
  for (const auto& path : made.rsvp_paths) rsvp_paths += (rsvp_paths.empty() ? "" : ",") + path;
  std::ofstream info(options.data_directory / "bench-seed.txt");
  info << "people=" << seeder.person_count() << "\n"
       << "groups=" << seeder.group_count() << "\n"
       << "memberships=" << seeder.membership_count() << "\n"
       << "threads=" << made.threads << "\n"
       << "posts=" << made.posts << "\n"
       << "events=" << made.events << "\n"
       << "rsvps=" << made.rsvps << "\n"
       << "resources=" << made.resources << "\n"
       << "requests=" << made.requests << "\n"
       << "open_requests=" << made.open_requests << "\n"
       << "bench_user_sessions=" << made.bench_user_sessions << "\n"
       << "seconds=" << fmt::format("{:.1f}", total_seconds) << "\n"
       << "group_slug=" << seeder.sample_group_slug() << "\n"
       << "long_thread_path=" << made.long_thread_path << "\n"
       << "reply_thread_path=" << made.reply_thread_path << "\n"
       << "rsvp_paths=" << rsvp_paths << "\n"
       << "feed_token=" << made.feed_token << "\n";
  if (!info) {
    std::cerr << "hearth_bench_seed: could not write bench-seed.txt\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse_options(argc, argv);
  if (!options) return 2;
  try {
    return run(*options);
  } catch (const hearth::Error& error) {
    std::cerr << "hearth_bench_seed: " << error.user_message() << " " << error.log_detail() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "hearth_bench_seed: " << error.what() << "\n";
  }
  return 1;
}
