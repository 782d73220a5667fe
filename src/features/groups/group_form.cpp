#include "features/groups/group_form.h"

#include <algorithm>
#include <array>

#include "common/text.h"

namespace hearth::features::groups {
namespace {

constexpr std::size_t kMaxSlugLength = 60;
constexpr std::size_t kMaxVettingQuestions = 5;
constexpr std::size_t kMaxTags = 6;
constexpr std::array kReservedSlugs = {std::string_view("new"), std::string_view("search"),
                                       std::string_view("mine")};

// The plain lower-case letter of each code point from U+00C0 to U+017F
// (accented letters of Latin-1 and Latin Extended-A). '.' marks the two
// symbols (multiplication and division signs); '*' a letter written with two
// plain letters, see plain_letters().
constexpr std::string_view kPlainLatin =
    "aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**"
    "rrrrrrssssssssttttttuuuuuu"
    "uuuuuuwwyyyzzzzzzs";

// The plain letters for a code point, or "" if it is not an accented Latin letter.
std::string_view plain_letters(char32_t code_point) {
  if (code_point < 0xC0 || code_point >= 0xC0 + kPlainLatin.size()) return "";
  switch (code_point) {
    case 0xC6:
    case 0xE6: return "ae";
    case 0xDE:
    case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132:
    case 0x133: return "ij";
    case 0x152:
    case 0x153: return "oe";
    default: break;
  }
  const auto letter = kPlainLatin.substr(code_point - 0xC0, 1);
  return letter == "." ? std::string_view() : letter;
}

}  // namespace

std::string_view default_ground_rules() {
  return "What's said in the group stays in the group.\n"
         "Talk about your own experience. Never share details that could identify a patient.\n"
         "Share the space: listen, and let everyone who wants to speak have a turn.\n"
         "We are peers, not therapists. If someone may be at serious risk, facilitators will follow the "
         "hospital's duty-to-report procedures and point to the EAP and crisis line.\n"
         "New members are added the way the group agreed, and everyone hears about it.";
}

std::string slug_from_name(std::string_view name) {
  std::string slug;
  bool pending_hyphen = false;
  // Appends letters (after a hyphen if a word ended before them); false once
  // they no longer fit, so that the slug never exceeds the limit.
  const auto append = [&](std::string_view letters) {
    const bool hyphen = pending_hyphen && !slug.empty();
    if (slug.size() + letters.size() + (hyphen ? 1 : 0) > kMaxSlugLength) return false;
    if (hyphen) slug += '-';
    pending_hyphen = false;
    slug += letters;
    return true;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (!append(std::string_view(&c, 1))) break;
    } else if (byte >= 0xC3 && byte <= 0xC5 && i + 1 < name.size() &&
               (static_cast<unsigned char>(name[i + 1]) & 0xC0U) == 0x80U) {
      // A two-byte character in U+00C0..U+017F: accented Latin letters keep
      // their plain letter ("Pères" -> "peres"); anything else separates words.
      const auto code_point =
          static_cast<char32_t>(((byte & 0x1FU) << 6U) | (static_cast<unsigned char>(name[i + 1]) & 0x3FU));
      ++i;
      if (const auto letters = plain_letters(code_point); letters.empty()) {
        pending_hyphen = true;
      } else if (!append(letters)) {
        break;
      }
    } else if (byte < 0x80 || (byte & 0xC0U) == 0xC0U) {
      // ASCII punctuation and the start of each other non-ASCII character separate words.
      pending_hyphen = true;
    }
  }
  if (slug.size() < 3) slug = slug.empty() ? "group" : slug + "-group";
  // "new", "search" and "mine" are pages of their own.
  if (std::find(kReservedSlugs.begin(), kReservedSlugs.end(), slug) != kReservedSlugs.end()) slug += "-group";
  return slug;
}

std::optional<std::string> slug_problem(std::string_view slug) {
  if (slug.size() < 3 || slug.size() > kMaxSlugLength) {
    return "The web address must be 3 to 60 characters.";
  }
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return "The web address may use only lower-case letters, digits and hyphens.";
    }
  }
  if (slug.front() == '-' || slug.back() == '-' || slug.find("--") != std::string_view::npos) {
    return "The web address can't start or end with a hyphen or have two in a row.";
  }
  if (std::find(kReservedSlugs.begin(), kReservedSlugs.end(), slug) != kReservedSlugs.end()) {
    return "That web address is reserved; please choose another.";
  }
  return std::nullopt;
}

GroupForm parse_group_form(const http::Parameters& form) {
  GroupForm result;
  auto& d = result.draft;
  auto& errors = result.errors;
  const auto field = [&form](std::string_view name) { return form.value_or_empty(name); };

  if (auto name = check_text("name", field("name"), {"Name", 3, 80}, errors)) d.name = *name;
  if (auto focus = check_text("focus", field("focus"), {"Focus", 10, 160}, errors)) d.focus = *focus;
  if (auto description = check_text("description", field("description"),
                                    {"Description", 0, 4000, LineBreaks::kAllowed}, errors)) {
    d.description = *description;
  }

  const auto typed_slug = text::trim(field("slug"));
  d.slug = typed_slug.empty() ? slug_from_name(d.name) : text::to_lower_ascii(typed_slug);
  if (auto problem = slug_problem(d.slug)) errors.add("slug", *problem);

  if (auto kind = audience_kind_from_text(field("audience_kind"))) {
    d.audience_kind = *kind;
  } else {
    errors.add("audience_kind", "Choose who the group is for.");
  }
  const bool needs_detail = d.audience_kind != AudienceKind::kAllStaff;
  if (auto detail = check_text("audience_detail", field("audience_detail"),
                               {"Who it is for", needs_detail ? std::size_t{3} : 0, 200}, errors)) {
    d.audience_detail = needs_detail ? *detail : std::string();
  }

  if (auto rules = check_text("ground_rules", field("ground_rules"),
                              {"Ground rules", 20, 4000, LineBreaks::kAllowed}, errors)) {
    d.ground_rules = *rules;
  }

  if (auto policy = join_policy_from_text(field("join_policy"))) {
    d.join_policy = *policy;
  } else {
    errors.add("join_policy", "Choose how new members join.");
  }
  if (auto questions =
          check_text("vetting_questions", field("vetting_questions"),
                     {"Questions for people asking to join", 0, 1200, LineBreaks::kAllowed}, errors)) {
    std::string_view rest = *questions;
    while (!rest.empty()) {
      const auto newline = rest.find('\n');
      const auto line = text::trim(rest.substr(0, newline));
      if (!line.empty()) d.vetting_questions.emplace_back(line);
      if (newline == std::string_view::npos) break;
      rest.remove_prefix(newline + 1);
    }
    if (d.vetting_questions.size() > kMaxVettingQuestions) {
      errors.add("vetting_questions", "Ask at most 5 questions, one per line.");
    } else if (std::any_of(d.vetting_questions.begin(), d.vetting_questions.end(),
                           [](const std::string& q) { return text::code_point_count(q) > 200; })) {
      errors.add("vetting_questions", "Each question must be 200 characters or fewer.");
    } else if (d.join_policy == JoinPolicy::kRequest && d.vetting_questions.empty()) {
      errors.add("vetting_questions", "Groups that join by request ask at least one question.");
    }
    if (d.join_policy != JoinPolicy::kRequest) d.vetting_questions.clear();
  }

  if (auto visibility = visibility_from_text(field("visibility"))) {
    d.visibility = *visibility;
  } else {
    errors.add("visibility", "Choose whether the group is listed.");
  }
  d.members_see_member_list = field("members_see_member_list") == "1";

  if (const auto capacity = text::trim(field("capacity")); !capacity.empty()) {
    d.capacity = check_integer("capacity", capacity, "The size limit", 2, 200, errors);
  }

  if (auto format = meeting_format_from_text(field("format"))) {
    d.format = *format;
  } else {
    errors.add("format", "Choose how the group meets.");
  }
  const bool meets_in_person = d.format != MeetingFormat::kVirtual;
  const bool meets_online = d.format != MeetingFormat::kInPerson;
  if (auto location = check_text("location", field("location"),
                                 {"Place", meets_in_person ? std::size_t{3} : 0, 200}, errors)) {
    d.location = meets_in_person ? *location : std::string();
  }
  const auto link = text::trim(field("virtual_link"));
  if (meets_online) {
    if (!is_https_url(link)) {
      errors.add("virtual_link", "Enter the meeting link, starting with https://.");
    } else {
      d.virtual_link = std::string(link);
    }
  }
  d.place_members_only = field("place_members_only") == "1";

  auto& schedule = d.schedule;
  const auto recurrence = field("recurrence");
  if (recurrence == "weekly") {
    schedule.recurrence = calendar::Recurrence::kWeekly;
    if (auto interval = check_integer("interval", field("interval"), "The number of weeks", 1, 8, errors)) {
      schedule.interval = *interval;
    }
  } else if (recurrence == "monthly") {
    schedule.recurrence = calendar::Recurrence::kMonthlyByWeekday;
    schedule.interval = 1;
    const auto week = field("week_of_month");
    if (week == "1" || week == "2" || week == "3" || week == "4" || week == "-1") {
      schedule.week_of_month = std::stoi(std::string(week));
    } else {
      errors.add("week_of_month", "Choose which week of the month.");
    }
  } else {
    errors.add("recurrence", "Choose how often the group meets.");
  }
  if (auto weekday = calendar::parse_weekday(field("weekday"))) {
    schedule.weekday = *weekday;
  } else {
    errors.add("weekday", "Choose the meeting day.");
  }
  if (auto date = calendar::parse_date(text::trim(field("first_date"))); !date) {
    errors.add("first_date", "Enter the first meeting date as YYYY-MM-DD.");
  } else if (date->year < calendar::kMinYear || date->year > calendar::kMaxYear) {
    // calendar::validate() refuses these, and no meetings would ever be shown.
    errors.add("first_date", "The first meeting must be between " + std::to_string(calendar::kMinYear) +
                                 " and " + std::to_string(calendar::kMaxYear) + ".");
  } else {
    schedule.first_date = *date;
  }
  if (auto time = calendar::parse_time(text::trim(field("start_time")))) {
    schedule.start_time = *time;
  } else {
    errors.add("start_time", "Enter the start time as HH:MM, for example 19:00.");
  }
  if (auto duration = check_integer("duration_minutes", field("duration_minutes"), "The length in minutes",
                                    15, 480, errors)) {
    schedule.duration_minutes = *duration;
  }

  for (const auto tag : form.all("tags")) {
    if (!tag_label(tag)) {
      errors.add("tags", "Choose topics from the list.");
      break;
    }
    if (std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end()) d.tags.emplace_back(tag);
  }
  if (d.tags.size() > kMaxTags) errors.add("tags", "Choose at most 6 topics.");
  return result;
}

}  // namespace hearth::features::groups
