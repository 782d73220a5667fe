#include "features/groups/group_form.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/text.h"

namespace hearth::features::groups {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

// A complete, valid submission of the start-a-group form.
Fields valid_fields() {
  return {
      {"name", "Nurses with Chronic Illness"},
      {"slug", ""},
      {"focus", "Working shifts while living with a long-term condition"},
      {"description", "We meet to share what helps.\nEveryone is welcome to listen."},
      {"audience_kind", "professions"},
      {"audience_detail", "Nurses, Respiratory therapists"},
      {"ground_rules", std::string(default_ground_rules())},
      {"join_policy", "request"},
      {"vetting_questions", "Why would you like to join?\nWhich shifts do you usually work?"},
      {"visibility", "listed"},
      {"members_see_member_list", "1"},
      {"capacity", "12"},
      {"format", "hybrid"},
      {"location", "Room 4B, West Wing"},
      {"virtual_link", "https://meet.example.org/j/123"},
      {"place_members_only", "1"},
      {"recurrence", "weekly"},
      {"interval", "2"},
      {"week_of_month", ""},
      {"weekday", "tuesday"},
      {"first_date", "2026-03-03"},
      {"start_time", "19:00"},
      {"duration_minutes", "90"},
      {"tags", "chronic-illness"},
      {"tags", "burnout"},
  };
}

// `fields` with every value of `name` replaced by `value` (added if absent).
Fields with(Fields fields, const std::string& name, const std::string& value) {
  std::erase_if(fields, [&](const auto& entry) { return entry.first == name; });
  fields.emplace_back(name, value);
  return fields;
}

Fields without(Fields fields, const std::string& name) {
  std::erase_if(fields, [&](const auto& entry) { return entry.first == name; });
  return fields;
}

Fields with_tags(Fields fields, const std::vector<std::string>& tags) {
  fields = without(std::move(fields), "tags");
  for (const auto& tag : tags) fields.emplace_back("tags", tag);
  return fields;
}

GroupForm parse(const Fields& fields) {
  http::Parameters parameters;
  for (const auto& [name, value] : fields) parameters.add(name, value);
  return parse_group_form(parameters);
}

GroupForm parse_with(const std::string& name, const std::string& value) {
  return parse(with(valid_fields(), name, value));
}

std::string describe(const FieldErrors& errors) {
  std::string out;
  for (const auto& [field, message] : errors.entries()) out += "\n  " + field + ": " + message;
  return out;
}

// The form has exactly one problem, reported against `field`.
void require_only_error(const GroupForm& form, std::string_view field) {
  INFO("errors:" << describe(form.errors));
  CHECK_FALSE(form.errors.message_for(field).empty());
  for (const auto& entry : form.errors.entries()) CHECK(entry.first == field);
}

void require_no_errors(const GroupForm& form) {
  INFO("errors:" << describe(form.errors));
  CHECK(form.errors.empty());
}

}  // namespace

// ---- The whole form ----------------------------------------------------------

TEST_CASE("a complete valid group form yields the draft and no errors", "[groups][forms]") {
  const auto form = parse(valid_fields());
  require_no_errors(form);
  const auto& d = form.draft;
  CHECK(d.name == "Nurses with Chronic Illness");
  CHECK(d.slug == "nurses-with-chronic-illness");
  CHECK(d.focus == "Working shifts while living with a long-term condition");
  CHECK(d.description == "We meet to share what helps.\nEveryone is welcome to listen.");
  CHECK(d.audience_kind == AudienceKind::kProfessions);
  CHECK(d.audience_detail == "Nurses, Respiratory therapists");
  CHECK(d.ground_rules == default_ground_rules());
  CHECK(d.join_policy == JoinPolicy::kRequest);
  CHECK(d.vetting_questions ==
        std::vector<std::string>{"Why would you like to join?", "Which shifts do you usually work?"});
  CHECK(d.visibility == Visibility::kListed);
  CHECK(d.members_see_member_list);
  CHECK(d.capacity == 12);
  CHECK(d.format == MeetingFormat::kHybrid);
  CHECK(d.location == "Room 4B, West Wing");
  CHECK(d.virtual_link == "https://meet.example.org/j/123");
  CHECK(d.place_members_only);
  CHECK(d.schedule.recurrence == calendar::Recurrence::kWeekly);
  CHECK(d.schedule.interval == 2);
  CHECK(d.schedule.weekday == calendar::Weekday::kTuesday);
  CHECK(d.schedule.first_date == calendar::LocalDate{2026, 3, 3});
  CHECK(d.schedule.start_time == calendar::LocalTime{19, 0});
  CHECK(d.schedule.duration_minutes == 90);
  CHECK(d.tags == std::vector<std::string>{"chronic-illness", "burnout"});
}

TEST_CASE("the parsed schedule of a valid form is accepted by the calendar", "[groups][forms]") {
  for (const auto& fields :
       {valid_fields(), with(with(valid_fields(), "recurrence", "monthly"), "week_of_month", "-1")}) {
    const auto form = parse(fields);
    require_no_errors(form);
    CHECK(calendar::validate(form.draft.schedule) == std::nullopt);
  }
}

TEST_CASE("an empty form reports every required field and nothing else crashes", "[groups][forms]") {
  const auto form = parse({});
  for (const auto field :
       {"name", "focus", "audience_kind", "ground_rules", "join_policy", "visibility", "format", "location",
        "recurrence", "weekday", "first_date", "start_time", "duration_minutes"}) {
    INFO(field);
    CHECK_FALSE(form.errors.message_for(field).empty());
  }
  // Optional fields stay quiet.
  for (const auto field : {"description", "capacity", "tags", "vetting_questions", "audience_detail"}) {
    INFO(field);
    CHECK(form.errors.message_for(field).empty());
  }
}

TEST_CASE("checkboxes are on only when sent as 1", "[groups][forms]") {
  auto fields = without(without(valid_fields(), "members_see_member_list"), "place_members_only");
  auto form = parse(fields);
  require_no_errors(form);
  CHECK_FALSE(form.draft.members_see_member_list);
  CHECK_FALSE(form.draft.place_members_only);
  form = parse(with(with(fields, "members_see_member_list", "on"), "place_members_only", "true"));
  CHECK_FALSE(form.draft.members_see_member_list);
  CHECK_FALSE(form.draft.place_members_only);
}

// ---- Text fields ---------------------------------------------------------------

TEST_CASE("the name is required, 3 to 80 characters", "[groups][forms]") {
  require_only_error(parse(without(valid_fields(), "name")), "name");
  require_only_error(parse_with("name", "   "), "name");
  require_only_error(parse_with("name", "ab"), "name");
  require_only_error(parse_with("name", std::string(81, 'n')), "name");
  require_no_errors(parse_with("name", std::string(80, 'n')));
  require_no_errors(parse_with("name", repeat("é", 80)));
  CHECK(parse_with("name", "  Night owls  ").draft.name == "Night owls");
}

TEST_CASE("the focus is 10 to 160 characters", "[groups][forms]") {
  require_only_error(parse_with("focus", ""), "focus");
  require_only_error(parse_with("focus", std::string(9, 'f')), "focus");
  require_only_error(parse_with("focus", std::string(161, 'f')), "focus");
  require_no_errors(parse_with("focus", std::string(10, 'f')));
  require_no_errors(parse_with("focus", std::string(160, 'f')));
  require_no_errors(parse_with("focus", repeat("ü", 160)));
}

TEST_CASE("the description is optional, up to 4000 characters, with line breaks", "[groups][forms]") {
  require_no_errors(parse_with("description", ""));
  require_no_errors(parse_with("description", std::string(4000, 'd')));
  require_only_error(parse_with("description", std::string(4001, 'd')), "description");
  CHECK(parse_with("description", "one\r\ntwo").draft.description == "one\ntwo");
}

TEST_CASE("the ground rules are 20 to 4000 characters, with line breaks", "[groups][forms]") {
  require_only_error(parse_with("ground_rules", ""), "ground_rules");
  require_only_error(parse_with("ground_rules", std::string(19, 'r')), "ground_rules");
  require_only_error(parse_with("ground_rules", std::string(4001, 'r')), "ground_rules");
  require_no_errors(parse_with("ground_rules", std::string(20, 'r')));
  require_no_errors(parse_with("ground_rules", std::string(4000, 'r')));
  CHECK(parse_with("ground_rules", "Be kind to each other.\r\nListen.").draft.ground_rules ==
        "Be kind to each other.\nListen.");
}

TEST_CASE("every text field refuses invalid UTF-8 and control characters", "[groups][forms]") {
  // Each field with a base value that is otherwise valid for it.
  const std::vector<std::pair<std::string, std::string>> text_fields = {
      {"name", "Night owls"},
      {"focus", "Support for people on nights"},
      {"description", "About us"},
      {"audience_detail", "Nurses"},
      {"ground_rules", "Be kind and keep confidences."},
      {"vetting_questions", "Why join?"},
      {"location", "Room 4B"},
      {"virtual_link", "https://meet.example.org/j/123"},
  };
  const std::vector<std::string> bad_suffixes = {"\xFF", "\xC3",    "\xED\xA0\x80", std::string(1, '\0'),
                                                 "\x01", "\x1B[2J", "\x7F",         "\x08"};
  for (const auto& [field, base] : text_fields) {
    for (const auto& suffix : bad_suffixes) {
      INFO(field << " with a bad byte sequence of " << suffix.size() << " bytes: 0x" << std::hex
                 << static_cast<int>(static_cast<unsigned char>(suffix[0])));
      // In the middle, so trimming cannot remove it.
      const auto form = parse_with(field, base + suffix + "x");
      require_only_error(form, field);
    }
  }
}

TEST_CASE("one-line fields refuse line breaks", "[groups][forms]") {
  for (const std::string& field : std::vector<std::string>{"name", "focus", "audience_detail", "location"}) {
    for (const std::string& line_break : std::vector<std::string>{"\n", "\r\n", "\r"}) {
      INFO(field);
      require_only_error(parse_with(field, "Room 4" + line_break + "West Wing"), field);
    }
  }
}

// ---- The web address -------------------------------------------------------------

TEST_CASE("the slug is derived from the name when left empty", "[groups][forms]") {
  CHECK(parse_with("slug", "").draft.slug == "nurses-with-chronic-illness");
  CHECK(parse_with("slug", "   ").draft.slug == "nurses-with-chronic-illness");
  CHECK(parse(without(valid_fields(), "slug")).draft.slug == "nurses-with-chronic-illness");
}

TEST_CASE("a typed slug is trimmed and lower-cased", "[groups][forms]") {
  const auto form = parse_with("slug", "  Night-Shift-2  ");
  require_no_errors(form);
  CHECK(form.draft.slug == "night-shift-2");
}

TEST_CASE("bad slugs are refused against the slug field", "[groups][forms]") {
  for (const std::string& slug : std::vector<std::string>{"a",
                                                          "ab",
                                                          "-x-",
                                                          "-abc",
                                                          "abc-",
                                                          "x--y",
                                                          "new",
                                                          "NEW",
                                                          "search",
                                                          "mine",
                                                          std::string(61, 's'),
                                                          "ünï",
                                                          "night shift",
                                                          "night_shift",
                                                          "night.shift",
                                                          "../etc",
                                                          "%2e%2e",
                                                          "a/b",
                                                          "abc\xFF",
                                                          std::string("ab\0c", 4)}) {
    INFO("'" << slug << "'");
    require_only_error(parse_with("slug", slug), "slug");
  }
  require_no_errors(parse_with("slug", std::string(60, 's')));
  require_no_errors(parse_with("slug", "abc"));
  require_no_errors(parse_with("slug", "new-starters"));
}

TEST_CASE("slug_from_name keeps letters and digits and joins words with single hyphens", "[groups][forms]") {
  CHECK(slug_from_name("Nurses with Chronic Illness!") == "nurses-with-chronic-illness");
  CHECK(slug_from_name("  ICU -- Night   Shift 2  ") == "icu-night-shift-2");
  CHECK(slug_from_name("Parents of under-5s") == "parents-of-under-5s");
  CHECK(slug_from_name("") == "group");
  CHECK(slug_from_name("!!!") == "group");
}

TEST_CASE("slug_from_name turns accented Latin letters into their plain letters", "[groups][forms]") {
  // Splitting "Pères" into "p-res" would be a poor web address.
  CHECK(slug_from_name("Pères de nuit") == "peres-de-nuit");
  CHECK(slug_from_name("Équipe Soignante") == "equipe-soignante");
  CHECK(slug_from_name("Straße") == "strasse");
  CHECK(slug_from_name("Ünï café") == "uni-cafe");
  CHECK(slug_problem(slug_from_name("Pères de nuit")) == std::nullopt);
}

TEST_CASE("slug_from_name pads very short names to a valid length", "[groups][forms]") {
  for (const std::string& name : std::vector<std::string>{"A", "ab", "Z!", "7"}) {
    const auto slug = slug_from_name(name);
    INFO(name << " -> " << slug);
    CHECK(slug.size() >= 3);
    CHECK(slug_problem(slug) == std::nullopt);
    CHECK(slug.starts_with(text::to_lower_ascii(name.substr(0, 1))));
  }
}

TEST_CASE("slug_from_name never produces a reserved web address", "[groups][forms]") {
  for (const std::string& name : std::vector<std::string>{"New", "new", "Search", "MINE", " new! "}) {
    const auto slug = slug_from_name(name);
    INFO(name << " -> " << slug);
    CHECK(slug_problem(slug) == std::nullopt);
  }
}

TEST_CASE("slug_from_name truncates long names to at most 60 characters with no trailing hyphen",
          "[groups][forms]") {
  const auto long_slug = slug_from_name(repeat("Support ", 25));  // 200 characters
  CHECK(long_slug.size() <= 60);
  CHECK(long_slug.back() != '-');
  CHECK(long_slug.starts_with("support-support-"));
  CHECK(slug_problem(long_slug) == std::nullopt);
  CHECK(slug_from_name(std::string(200, 'a')) == std::string(60, 'a'));

  // Every position of a word break near the limit.
  for (std::size_t first = 1; first <= 70; ++first) {
    const auto name = std::string(first, 'a') + " " + std::string(10, 'b');
    const auto slug = slug_from_name(name);
    INFO(first << " letters, then a space -> " << slug << " (" << slug.size() << ")");
    CHECK(slug.size() <= 60);
    CHECK(slug_problem(slug) == std::nullopt);
  }
}

TEST_CASE("slug_from_name gives a valid slug for hostile and unusual names", "[groups][forms]") {
  const std::vector<std::string> names = {
      "",
      " ",
      "-",
      "---",
      "a-",
      "-a-",
      "🔥🔥🔥",
      "Burnout 🔥 circle",
      "🧑‍⚕️ Nurses",
      "مجموعة الدعم",
      "Support \u202Egnirts\u202C group",
      "שלום group",
      "Медсёстры",
      "日本語のグループ",
      std::string("nul\0byte", 8),
      std::string(3, '\0'),
      "../../etc/passwd",
      "..",
      "%2e%2e%2f",
      "<script>alert(1)</script>",
      "'; DROP TABLE peer_group; --",
      "\xFF\xFE\xFD",
      "abc\xC3",
      "\xC3\xA9\xC3",
      "new",
      "search",
      "mine",
      "NEW ",
      repeat("é", 200),
      repeat("a-", 100),
      repeat("ab ", 100),
      repeat("x", 59) + " y",
      repeat("x", 58) + " yz",
      "\t\r\n",
      "Ω≈ç√∫",
      "ǅemal",
      "İstanbul",
  };
  for (const auto& name : names) {
    const auto slug = slug_from_name(name);
    INFO("name of " << name.size() << " bytes -> '" << slug << "'");
    CHECK(slug_problem(slug) == std::nullopt);
  }
}

// ---- Audience, join policy, capacity -----------------------------------------------

TEST_CASE("audience detail is required for professions and departments and dropped for all staff",
          "[groups][forms]") {
  for (const std::string& kind : std::vector<std::string>{"professions", "departments"}) {
    INFO(kind);
    auto fields = with(valid_fields(), "audience_kind", kind);
    require_only_error(parse(with(fields, "audience_detail", "")), "audience_detail");
    require_only_error(parse(with(fields, "audience_detail", "ab")), "audience_detail");
    require_only_error(parse(with(fields, "audience_detail", std::string(201, 'x'))), "audience_detail");
    require_no_errors(parse(with(fields, "audience_detail", "ICU")));
  }
  const auto all_staff = parse(with(valid_fields(), "audience_kind", "all_staff"));
  require_no_errors(all_staff);
  CHECK(all_staff.draft.audience_kind == AudienceKind::kAllStaff);
  CHECK(all_staff.draft.audience_detail.empty());
  require_only_error(parse_with("audience_kind", "everyone"), "audience_kind");
  require_only_error(parse_with("audience_kind", ""), "audience_kind");
}

TEST_CASE("request groups need 1 to 5 questions of at most 200 characters", "[groups][forms]") {
  require_only_error(parse_with("vetting_questions", ""), "vetting_questions");
  require_only_error(parse_with("vetting_questions", " \n \r\n "), "vetting_questions");
  require_only_error(parse_with("vetting_questions", "1?\n2?\n3?\n4?\n5?\n6?"), "vetting_questions");
  require_only_error(parse_with("vetting_questions", std::string(201, 'q')), "vetting_questions");

  const auto five =
      parse_with("vetting_questions", "One?\r\n\r\n  Two?  \nThree?\n" + std::string(200, 'q') + "\nFive?");
  require_no_errors(five);
  CHECK(five.draft.vetting_questions ==
        std::vector<std::string>{"One?", "Two?", "Three?", std::string(200, 'q'), "Five?"});
  const auto accented = parse_with("vetting_questions", repeat("é", 200));
  require_no_errors(accented);
}

TEST_CASE("questions are dropped for open and invitation-only groups", "[groups][forms]") {
  for (const std::string& policy : std::vector<std::string>{"open", "invitation"}) {
    INFO(policy);
    const auto form = parse_with("join_policy", policy);
    require_no_errors(form);
    CHECK(form.draft.vetting_questions.empty());
    CHECK(form.draft.join_policy == (policy == "open" ? JoinPolicy::kOpen : JoinPolicy::kInvitation));
    // And none are needed.
    require_no_errors(parse(with(with(valid_fields(), "join_policy", policy), "vetting_questions", "")));
  }
  require_only_error(parse_with("join_policy", "anyone"), "join_policy");
  require_only_error(parse_with("join_policy", ""), "join_policy");
}

TEST_CASE("visibility must be listed or hidden", "[groups][forms]") {
  CHECK(parse_with("visibility", "hidden").draft.visibility == Visibility::kHidden);
  require_only_error(parse_with("visibility", "secret"), "visibility");
  require_only_error(parse_with("visibility", ""), "visibility");
}

TEST_CASE("capacity is optional, from 2 to 200", "[groups][forms]") {
  for (const std::string& empty : std::vector<std::string>{"", "  "}) {
    const auto form = parse_with("capacity", empty);
    require_no_errors(form);
    CHECK_FALSE(form.draft.capacity);
  }
  CHECK(parse(without(valid_fields(), "capacity")).draft.capacity == std::nullopt);
  for (const std::string& bad :
       std::vector<std::string>{"1", "0", "-3", "201", "abc", "12abc", "1.5", "1e2", "99999999999"}) {
    INFO(bad);
    require_only_error(parse_with("capacity", bad), "capacity");
  }
  CHECK(parse_with("capacity", "2").draft.capacity == 2);
  CHECK(parse_with("capacity", "200").draft.capacity == 200);
}

// ---- Where ---------------------------------------------------------------------

TEST_CASE("in-person groups need a place and drop any link", "[groups][forms]") {
  const auto fields = with(valid_fields(), "format", "in_person");
  require_only_error(parse(with(fields, "location", "")), "location");
  require_only_error(parse(with(fields, "location", "4B")), "location");
  const auto form = parse(with(fields, "virtual_link", "javascript:alert(1)"));
  require_no_errors(form);
  CHECK(form.draft.format == MeetingFormat::kInPerson);
  CHECK(form.draft.location == "Room 4B, West Wing");
  CHECK(form.draft.virtual_link.empty());
}

TEST_CASE("virtual groups need an https link and drop any place", "[groups][forms]") {
  const auto fields = with(valid_fields(), "format", "virtual");
  for (const std::string& link : std::vector<std::string>{
           "", "http://meet.example.org/j/1", "javascript:alert(1)", "https://a b", "https://",
           "ftp://meet.example.org", "meet.example.org", "https://a\"><script>"}) {
    INFO("'" << link << "'");
    require_only_error(parse(with(fields, "virtual_link", link)), "virtual_link");
  }
  const auto form =
      parse(with(with(fields, "virtual_link", "  https://meet.example.org/j/9  "), "location", ""));
  require_no_errors(form);
  CHECK(form.draft.virtual_link == "https://meet.example.org/j/9");
  CHECK(form.draft.location.empty());
  CHECK(parse(fields).draft.location.empty());
}

TEST_CASE("hybrid groups need both a place and an https link", "[groups][forms]") {
  const auto fields = with(valid_fields(), "format", "hybrid");
  require_only_error(parse(with(fields, "location", "")), "location");
  require_only_error(parse(with(fields, "virtual_link", "")), "virtual_link");
  require_only_error(parse(with(fields, "virtual_link", "http://meet.example.org")), "virtual_link");
  require_no_errors(parse(fields));
  require_only_error(parse_with("format", "zoom"), "format");
}

// ---- When ------------------------------------------------------------------------

TEST_CASE("weekly meetings repeat every 1 to 8 weeks", "[groups][forms]") {
  for (const std::string& interval : std::vector<std::string>{"1", "8"}) {
    const auto form = parse_with("interval", interval);
    require_no_errors(form);
    CHECK(form.draft.schedule.interval == std::stoi(interval));
  }
  for (const std::string& interval : std::vector<std::string>{"0", "9", "-1", "x", "", "2weeks"}) {
    INFO(interval);
    require_only_error(parse_with("interval", interval), "interval");
  }
}

TEST_CASE("monthly meetings fall in week 1 to 4 or the last week", "[groups][forms]") {
  const auto monthly = with(valid_fields(), "recurrence", "monthly");
  for (const std::string& week : std::vector<std::string>{"1", "2", "3", "4", "-1"}) {
    const auto form = parse(with(monthly, "week_of_month", week));
    require_no_errors(form);
    CHECK(form.draft.schedule.recurrence == calendar::Recurrence::kMonthlyByWeekday);
    CHECK(form.draft.schedule.week_of_month == std::stoi(week));
    CHECK(form.draft.schedule.interval == 1);
  }
  for (const std::string& week : std::vector<std::string>{"0", "5", "x", "", "-2", "last"}) {
    INFO("'" << week << "'");
    require_only_error(parse(with(monthly, "week_of_month", week)), "week_of_month");
  }
  // The weekly interval is not asked for.
  require_no_errors(parse(with(with(monthly, "week_of_month", "2"), "interval", "abc")));
  require_only_error(parse_with("recurrence", "daily"), "recurrence");
  require_only_error(parse_with("recurrence", ""), "recurrence");
}

TEST_CASE("the meeting day is an English weekday name", "[groups][forms]") {
  CHECK(parse_with("weekday", "Tue").draft.schedule.weekday == calendar::Weekday::kTuesday);
  CHECK(parse_with("weekday", "SUNDAY").draft.schedule.weekday == calendar::Weekday::kSunday);
  CHECK(parse_with("weekday", "saturday").draft.schedule.weekday == calendar::Weekday::kSaturday);
  for (const std::string& day : std::vector<std::string>{"", "funday", "2", "Tues", "dimanche"}) {
    INFO(day);
    require_only_error(parse_with("weekday", day), "weekday");
  }
}

TEST_CASE("the first date is a real YYYY-MM-DD date the calendar accepts", "[groups][forms]") {
  CHECK(parse_with("first_date", "2028-02-29").draft.schedule.first_date == calendar::LocalDate{2028, 2, 29});
  CHECK(parse_with("first_date", " 2026-01-05 ").draft.schedule.first_date ==
        calendar::LocalDate{2026, 1, 5});
  for (const std::string& date :
       std::vector<std::string>{"2026-02-30", "2026-13-01", "26-1-1", "2026-1-5", "", "tomorrow",
                                "2025-02-29", "2026/03/03", "0001-01-01", "9999-12-31"}) {
    INFO(date);
    require_only_error(parse_with("first_date", date), "first_date");
  }
}

TEST_CASE("the start time is HH:MM on a 24-hour clock", "[groups][forms]") {
  CHECK(parse_with("start_time", "7:05").draft.schedule.start_time == calendar::LocalTime{7, 5});
  CHECK(parse_with("start_time", "00:00").draft.schedule.start_time == calendar::LocalTime{0, 0});
  CHECK(parse_with("start_time", "23:59").draft.schedule.start_time == calendar::LocalTime{23, 59});
  for (const std::string& time :
       std::vector<std::string>{"24:00", "7pm", "07:60", "", "19:00:00", "1900", "-1:00"}) {
    INFO(time);
    require_only_error(parse_with("start_time", time), "start_time");
  }
}

TEST_CASE("meetings last 15 to 480 minutes", "[groups][forms]") {
  CHECK(parse_with("duration_minutes", "15").draft.schedule.duration_minutes == 15);
  CHECK(parse_with("duration_minutes", "480").draft.schedule.duration_minutes == 480);
  for (const std::string& minutes : std::vector<std::string>{"14", "481", "0", "", "1h", "60.5"}) {
    INFO(minutes);
    require_only_error(parse_with("duration_minutes", minutes), "duration_minutes");
  }
}

// ---- Tags --------------------------------------------------------------------------

TEST_CASE("tags come from the list only, duplicates collapse, at most 6", "[groups][forms]") {
  const auto none = parse(with_tags(valid_fields(), {}));
  require_no_errors(none);
  CHECK(none.draft.tags.empty());

  const auto duplicates = parse(with_tags(valid_fields(), {"grief", "burnout", "grief", "grief"}));
  require_no_errors(duplicates);
  CHECK(duplicates.draft.tags == std::vector<std::string>{"grief", "burnout"});

  for (const std::string& bad : std::vector<std::string>{"made-up", "", "Grief", "grief ", "burnout,grief",
                                                         "\"", std::string("grief\0", 6)}) {
    INFO("'" << bad << "'");
    require_only_error(parse(with_tags(valid_fields(), {"grief", bad})), "tags");
  }

  std::vector<std::string> six, seven;
  for (const auto& tag : topic_tags()) {
    if (six.size() < 6) six.emplace_back(tag.slug);
    if (seven.size() < 7) seven.emplace_back(tag.slug);
  }
  require_no_errors(parse(with_tags(valid_fields(), six)));
  require_only_error(parse(with_tags(valid_fields(), seven)), "tags");
  // Six distinct tags sent with repeats are still six.
  auto repeated = six;
  repeated.insert(repeated.end(), six.begin(), six.end());
  const auto form = parse(with_tags(valid_fields(), repeated));
  require_no_errors(form);
  CHECK(form.draft.tags == six);
}

TEST_CASE("every error message names a field of the form", "[groups][forms]") {
  const std::set<std::string> known = {"name",         "slug",          "focus",
                                       "description",  "audience_kind", "audience_detail",
                                       "ground_rules", "join_policy",   "vetting_questions",
                                       "visibility",   "capacity",      "format",
                                       "location",     "virtual_link",  "recurrence",
                                       "interval",     "week_of_month", "weekday",
                                       "first_date",   "start_time",    "duration_minutes",
                                       "tags"};
  Fields hostile;
  for (const auto& field : known) hostile.emplace_back(field, "\xFF<script>\n");
  hostile.emplace_back("tags", "nope");
  const auto form = parse(hostile);
  CHECK_FALSE(form.errors.empty());
  for (const auto& [field, message] : form.errors.entries()) {
    INFO(field << ": " << message);
    CHECK(known.count(field) == 1);
    CHECK_FALSE(message.empty());
    CHECK(form.errors.message_for(field) != "");
  }
}

}  // namespace hearth::features::groups
