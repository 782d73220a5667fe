#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::features::resources {

// What kind of help an entry is. The order of the enumerators is the order of
// the directory's sections: crisis lines first.
enum class Category {
  kCrisis,
  kEap,
  kCounselling,
  kPeerSupport,
  kChaplaincy,
  kGrief,
  kOccupationalHealth,
  kQuietRooms,
  kWellness,
  kMoneyAndLegal,
  kHelplines,
};

// Where the help is: at the hospital (listed under "on-site options" on the
// help page) or by phone and online.
enum class Reach { kOnSite, kRemote };

// Retired entries leave the public pages but stay in the database (their view
// counts keep a name) and can be restored.
enum class ResourceStatus { kActive, kRetired };

// The pages whose daily views are counted.
enum class ViewedPage {
  kDirectory,  // /resources and its printable list
  kEntry,      // /resources/{slug}, counted per entry
  kHelp,       // /help
};

// Stable text forms (stored, used in forms and URLs) and labels for people.
// from_text returns nullopt for unknown text.
std::string_view to_text(Category value);
std::string_view to_text(Reach value);
std::string_view to_text(ResourceStatus value);
std::string_view to_text(ViewedPage value);
std::optional<Category> category_from_text(std::string_view text);
std::optional<Reach> reach_from_text(std::string_view text);
std::optional<ResourceStatus> resource_status_from_text(std::string_view text);
std::optional<ViewedPage> viewed_page_from_text(std::string_view text);
std::string_view label(Category value);
std::string_view label(Reach value);

// Every category, in directory order.
const std::vector<Category>& all_categories();

// Everything a coordinator writes about an entry.
struct ResourceDraft {
  std::string name;
  std::string slug;
  Category category = Category::kEap;
  Reach reach = Reach::kRemote;
  std::string summary;          // what it offers, one line
  std::string details;          // more about what it offers; line breaks kept
  std::string audience;         // who can use it
  std::string phone;            // as shown ("1-800-555-0100 ext. 2"); "" for none
  std::string text_line;        // how to reach it by text message; "" for none
  std::string hours;            // "24/7", "Mon–Fri 8:00–18:00"
  std::string place;            // where at the hospital
  std::string url;              // an http(s) link; "" for none
  std::string confidentiality;  // what stays private, in plain words
};

struct Resource {
  std::int64_t id = 0;
  ResourceDraft details;
  ResourceStatus status = ResourceStatus::kActive;
  std::int64_t position = 0;  // order within the category, lower first
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  const std::string& slug() const { return details.slug; }
  const std::string& name() const { return details.name; }
  bool is_active() const { return status == ResourceStatus::kActive; }
};

// One row of the anonymous daily view counts.
struct ViewCount {
  std::string day;  // YYYY-MM-DD in the hospital's time zone
  ViewedPage page = ViewedPage::kDirectory;
  std::int64_t resource_id = 0;  // the entry for kEntry, 0 otherwise
  int count = 0;
};

// True for a phone number as people write it: an optional leading "+", then
// 3 to 15 digits with spaces, hyphens, dots or parentheses between them, and
// optionally an extension (" ext. 4357", " x4357", 1 to 6 digits). At most 40
// characters; no letters otherwise (vanity numbers such as 1-800-TALK are not
// accepted: people can't dial them from every phone).
bool is_phone_number(std::string_view phone);

// The href for a phone number accepted by is_phone_number():
// "1-800-555-0100 ext. 2" -> "tel:18005550100,2" (the comma is a pause, after
// which phones dial the extension). "" for anything else.
std::string tel_uri(std::string_view phone);

}  // namespace hearth::features::resources
