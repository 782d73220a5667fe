#include "features/resources/resource_model.h"

#include "common/enum_text.h"

namespace hearth::features::resources {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr enum_text::Table<Category, 11> kCategories = {{
    {Category::kCrisis, "crisis"},
    {Category::kEap, "eap"},
    {Category::kCounselling, "counselling"},
    {Category::kPeerSupport, "peer_support"},
    {Category::kChaplaincy, "chaplaincy"},
    {Category::kGrief, "grief"},
    {Category::kOccupationalHealth, "occupational_health"},
    {Category::kQuietRooms, "quiet_rooms"},
    {Category::kWellness, "wellness"},
    {Category::kMoneyAndLegal, "money_legal"},
    {Category::kHelplines, "helplines"},
}};
constexpr enum_text::Table<Category, 11> kCategoryLabels = {{
    {Category::kCrisis, "Crisis lines"},
    {Category::kEap, "Employee Assistance Program (EAP)"},
    {Category::kCounselling, "Counselling and mental health"},
    {Category::kPeerSupport, "Peer support"},
    {Category::kChaplaincy, "Chaplaincy and spiritual care"},
    {Category::kGrief, "Grief and loss"},
    {Category::kOccupationalHealth, "Occupational health"},
    {Category::kQuietRooms, "Quiet rooms"},
    {Category::kWellness, "Wellness programs"},
    {Category::kMoneyAndLegal, "Money and legal help"},
    {Category::kHelplines, "Professional helplines"},
}};
constexpr enum_text::Table<Reach, 2> kReaches = {{
    {Reach::kOnSite, "on_site"},
    {Reach::kRemote, "remote"},
}};
constexpr enum_text::Table<Reach, 2> kReachLabels = {{
    {Reach::kOnSite, "At the hospital"},
    {Reach::kRemote, "By phone or online"},
}};
constexpr enum_text::Table<ResourceStatus, 2> kStatuses = {{
    {ResourceStatus::kActive, "active"},
    {ResourceStatus::kRetired, "retired"},
}};
constexpr enum_text::Table<ViewedPage, 3> kPages = {{
    {ViewedPage::kDirectory, "directory"},
    {ViewedPage::kEntry, "resource"},
    {ViewedPage::kHelp, "help"},
}};

constexpr std::size_t kMaxPhoneLength = 40;
constexpr int kMinPhoneDigits = 3;
constexpr int kMaxPhoneDigits = 15;
constexpr std::size_t kMaxExtensionDigits = 6;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A phone number split into its dialable parts; `valid` is false when the
// text is not a phone number as is_phone_number() describes it.
struct PhoneParts {
  bool valid = false;
  bool international = false;  // a leading "+"
  std::string digits;
  std::string extension;
};

PhoneParts parse_phone(std::string_view phone) {
  PhoneParts parts;
  if (phone.empty() || phone.size() > kMaxPhoneLength) return parts;
  std::size_t i = 0;
  if (phone[0] == '+') {
    parts.international = true;
    ++i;
  }
  if (i >= phone.size() || !(is_digit(phone[i]) || phone[i] == '(')) return parts;
  // The number: digits and the separators people write between them.
  std::size_t last_digit = std::string_view::npos;
  for (; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c)) {
      parts.digits += c;
      last_digit = i;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      break;
    }
  }
  if (last_digit == std::string_view::npos) return parts;
  const auto digit_count = static_cast<int>(parts.digits.size());
  if (digit_count < kMinPhoneDigits || digit_count > kMaxPhoneDigits) return parts;
  // Only spaces may separate the last digit from an extension.
  for (std::size_t j = last_digit + 1; j < i; ++j) {
    if (phone[j] != ' ') return parts;
  }
  if (i == phone.size()) {
    parts.valid = true;
    return parts;
  }
  // The extension: "ext", "ext." or "x", then the digits.
  if (i == last_digit + 1) return parts;  // "555x12": an extension follows a space
  std::string_view rest = phone.substr(i);
  if (rest.size() >= 3 && lower(rest[0]) == 'e' && lower(rest[1]) == 'x' && lower(rest[2]) == 't') {
    rest.remove_prefix(3);
    if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  } else if (lower(rest.front()) == 'x') {
    rest.remove_prefix(1);
  } else {
    return parts;
  }
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest.size() > kMaxExtensionDigits) return parts;
  for (char c : rest) {
    if (!is_digit(c)) return parts;
  }
  parts.extension = std::string(rest);
  parts.valid = true;
  return parts;
}

}  // namespace

std::string_view to_text(Category value) {
  return text_of(kCategories, value);
}
std::string_view to_text(Reach value) {
  return text_of(kReaches, value);
}
std::string_view to_text(ResourceStatus value) {
  return text_of(kStatuses, value);
}
std::string_view to_text(ViewedPage value) {
  return text_of(kPages, value);
}
std::optional<Category> category_from_text(std::string_view text) {
  return value_of(kCategories, text);
}
std::optional<Reach> reach_from_text(std::string_view text) {
  return value_of(kReaches, text);
}
std::optional<ResourceStatus> resource_status_from_text(std::string_view text) {
  return value_of(kStatuses, text);
}
std::optional<ViewedPage> viewed_page_from_text(std::string_view text) {
  return value_of(kPages, text);
}
std::string_view label(Category value) {
  return text_of(kCategoryLabels, value);
}
std::string_view label(Reach value) {
  return text_of(kReachLabels, value);
}

const std::vector<Category>& all_categories() {
  static const std::vector<Category> categories = [] {
    std::vector<Category> list;
    for (const auto& [category, text] : kCategories) list.push_back(category);
    return list;
  }();
  return categories;
}

bool is_phone_number(std::string_view phone) {
  return parse_phone(phone).valid;
}

std::string tel_uri(std::string_view phone) {
  const auto parts = parse_phone(phone);
  if (!parts.valid) return {};
  std::string uri = "tel:";
  if (parts.international) uri += '+';
  uri += parts.digits;
  if (!parts.extension.empty()) uri += "," + parts.extension;
  return uri;
}

}  // namespace hearth::features::resources
