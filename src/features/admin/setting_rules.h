#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/shared/form_validation.h"
#include "features/shared/site_settings.h"

// The site settings an administrator may change at /admin/settings: what each
// one is, how a submitted value is checked, and how a stored value applies
// over the config file's. Pure functions, no I/O.
namespace hearth::features::admin {

enum class SettingInput {
  kLine,       // one line of text
  kParagraph,  // a few lines of plain text
  kMarkdown,   // Markdown (the privacy notice)
  kColor,      // "#rrggbb", or empty for the built-in colours
  kPhone,      // a number for a tel: link: digits, spaces, + - ( ) .
  kChoice,     // one of `choices`
  kDays,       // a whole number of days: 0, or kMinimumRetentionDays to kMaximumRetentionDays
};

enum class Requirement { kOptional, kRequired };

struct SettingChoice {
  std::string_view value;  // as stored, e.g. "warn"
  std::string_view label;
};

// One setting. `key` is the config file key, which is also the key stored in
// the database and recorded in the audit log.
struct SettingDefinition {
  std::string_view key;    // "site.name"
  std::string_view field;  // the form field: "site_name"
  std::string_view label;
  std::string_view hint;
  SettingInput input = SettingInput::kLine;
  Requirement requirement = Requirement::kOptional;
  std::size_t maximum_length = 120;    // code points, for text inputs
  std::vector<SettingChoice> choices;  // kChoice only
};

constexpr int kMinimumRetentionDays = 7;
constexpr int kMaximumRetentionDays = 3650;

// Every editable setting, in the order the form shows them.
const std::vector<SettingDefinition>& setting_definitions();
// nullptr for an unknown key.
const SettingDefinition* find_setting(std::string_view key);

// The value of `definition` in `settings`, as the form shows it and the
// database stores it ("warn", "true", "30", "#0b6568"...).
std::string setting_value(const SiteSettings& settings, const SettingDefinition& definition);

// Checks a submitted value: valid UTF-8, no control characters (line breaks
// only in paragraphs and Markdown), length, allowed values, and for the
// accent colour WCAG AA contrast. Returns the normalised value (trimmed, \r\n
// as \n, colours in lower case) or adds a message for definition.field to
// `errors` and returns nullopt.
std::optional<std::string> check_setting(const SettingDefinition& definition, std::string_view submitted,
                                         FieldErrors& errors);

// Applies a value to `settings` if check_setting() accepts it; returns false
// and leaves `settings` unchanged otherwise (e.g. a value stored by an older
// version whose rules were looser). Does not render the privacy notice; see
// SettingsService.
bool apply_setting(SiteSettings& settings, const SettingDefinition& definition, std::string_view value);

// Colours.
struct Rgb {
  int red = 0;
  int green = 0;
  int blue = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};
// "#rrggbb" (either case); nullopt for anything else ("#abc", "teal", "").
std::optional<Rgb> parse_hex_color(std::string_view text);
std::string hex_color(Rgb color);  // "#rrggbb" in lower case
// The WCAG 2.1 contrast ratio of two colours, from 1 to 21.
double contrast_ratio(Rgb first, Rgb second);
// Why `accent` cannot be the accent colour (contrast below 4.5:1 against
// white button text, the page background or the tinted panels of the light
// colour scheme), in words for the administrator; nullopt if it passes.
std::optional<std::string> accent_contrast_problem(Rgb accent);
// The stylesheet served at /branding/theme.css for `accent` ("#rrggbb"):
// custom properties for the light colour scheme on screen only, so the dark
// scheme, forced colours and print keep their own. "" for an empty accent.
std::string theme_stylesheet(std::string_view accent);

// The uploaded logo.
constexpr std::size_t kMaximumLogoBytes = 200 * 1024;
enum class ImageType { kPng, kJpeg };
// The type announced by the file's first bytes (PNG or JPEG signature), not by
// its name or the browser; nullopt for anything else, including SVG.
std::optional<ImageType> sniff_image(std::string_view bytes);
std::string_view content_type(ImageType type);
std::optional<ImageType> image_type_from_content_type(std::string_view content_type);

// Standard base64 with padding (the logo is stored as text).
std::string base64_encode(std::string_view bytes);
// nullopt for malformed input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hearth::features::admin
