// hearth_bench_seed: fills a fresh data directory with a hospital-sized
// database for the load benchmark (tests/bench/run.sh).
//
//   hearth_bench_seed --data-dir DIR [--people N] [--groups N] [--seed N]
//
// It writes DIR/hearth.db, migrated to the newest schema, through the real
// stores (PersonStore, GroupStore), so the rows look exactly like those the
// portal writes itself, search index included. Everything is deterministic
// for a given --seed. The people of the demo directory (amy.chen...) are added
// with their real directory ids, so `hearth demo --data-dir DIR` signs them in
// to the same rows, and each of them belongs to a few groups; since the
// database already has groups, `hearth demo` adds no sample content.
//
// It also writes DIR/bench-seed.txt (key=value lines) naming URLs worth
// measuring, e.g. a listed group's page.
//
// Speed: the seeding connection runs with synchronous=OFF and writes in a few
// large transactions (seconds for 50,000 people and 2,000 groups). The server
// later opens the file with its usual pragmas.
//
// Extending (issue 8): add a seed_<feature>() step below with its own size
// option, writing through that feature's store in one transaction.

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
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/demo_directory.h"
#include "auth/person_store.h"
#include "calendar/schedule.h"
#include "common/error.h"
#include "features/groups/group_form.h"
#include "features/groups/group_model.h"
#include "features/groups/group_store.h"
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
  std::uint64_t seed = 1;
};

constexpr std::string_view kUsage =
    "Usage: hearth_bench_seed --data-dir DIR [--people N] [--groups N] [--seed N]\n"
    "Creates DIR/hearth.db (DIR must not hold one yet) with N people (default 50000)\n"
    "and N peer groups (default 2000) for the load benchmark (tests/bench/run.sh).\n";

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

// ---- seeding ----------------------------------------------------------------

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
      demo_ids_.push_back(people_.upsert(person, staff, now_));
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
    }
    // Each demo person belongs to 2-5 active groups, so their home page shows
    // "My groups" as a real member's would.
    for (const auto person_id : demo_ids_) {
      const int how_many = between(2, 5);
      for (int i = 0; i < how_many && !active_group_ids_.empty(); ++i) {
        const auto group_id = active_group_ids_[static_cast<std::size_t>(
            between(0, static_cast<int>(active_group_ids_.size()) - 1))];
        add_membership(group_id, person_id, MembershipRole::kMember, MembershipStatus::kActive,
                       now_ - 86'400);
      }
    }
    transaction.commit();
  }

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
  std::string sample_group_slug_;
  int membership_count_ = 0;
  int group_count_ = 0;
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
  seeder.seed_people(options.people);
  const double people_seconds = seconds_since(started);
  seeder.seed_groups(options.groups);
  database.execute("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);");
  const double total_seconds = seconds_since(started);

  std::cout << fmt::format(
      "hearth_bench_seed: {} (schema v{}): {} people, {} groups, {} memberships in {:.2f} s "
      "(people {:.2f} s, groups {:.2f} s)\n",
      database_path.string(), report.to_version, seeder.person_count(), seeder.group_count(),
      seeder.membership_count(), total_seconds, people_seconds, total_seconds - people_seconds);

  std::ofstream info(options.data_directory / "bench-seed.txt");
  info << "people=" << seeder.person_count() << "\n"
       << "groups=" << seeder.group_count() << "\n"
       << "memberships=" << seeder.membership_count() << "\n"
       << "seconds=" << fmt::format("{:.2f}", total_seconds) << "\n"
       << "group_slug=" << seeder.sample_group_slug() << "\n";
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
