#include "features/admin/setting_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "common/text.h"

namespace hearth::features::admin {
namespace {

// WCAG 2.1 AA for normal text.
constexpr double kMinimumContrast = 4.5;
// The light colour scheme of web/static/css/hearth.css.
constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kPageBackground{0xf6, 0xf2, 0xec};  // --bg
constexpr Rgb kBlack{0, 0, 0};
constexpr double kStrongShare = 0.8;  // --accent-strong: the accent with 20% black
constexpr double kTintShare = 0.1;    // --accent-tint: 10% accent on white

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

Rgb mix(Rgb color, Rgb other, double share_of_color) {
  const auto channel = [share_of_color](int a, int b) {
    return static_cast<int>(std::lround(a * share_of_color + b * (1.0 - share_of_color)));
  };
  return {channel(color.red, other.red), channel(color.green, other.green), channel(color.blue, other.blue)};
}

double linear_channel(int value) {
  const double c = value / 255.0;
  return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double relative_luminance(Rgb color) {
  return 0.2126 * linear_channel(color.red) + 0.7152 * linear_channel(color.green) +
         0.0722 * linear_channel(color.blue);
}

// "4.4:1": rounded down, so a ratio just under the limit never reads as 4.5.
std::string ratio_text(double ratio) {
  return fmt::format("{:.1f}:1", std::floor(ratio * 10.0) / 10.0);
}

bool is_phone_text(std::string_view value) {
  bool has_digit = false;
  for (const char c : value) {
    if (c >= '0' && c <= '9') {
      has_digit = true;
      continue;
    }
    if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.') return false;
  }
  return has_digit;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view bool_text(bool value) {
  return value ? "true" : "false";
}

}  // namespace

const std::vector<SettingDefinition>& setting_definitions() {
  using enum SettingInput;
  static const std::vector<SettingDefinition> definitions = {
      {"site.name",
       "site_name",
       "Site name",
       "Shown in the header, page titles and e-mails.",
       kLine,
       Requirement::kRequired,
       60,
       {}},
      {"site.accent_color",
       "accent_color",
       "Accent colour",
       "Six-digit hex colour such as #0b6568 for links and buttons in the light colour scheme. It must have "
       "a "
       "contrast of at least 4.5:1 with white text and with the page background (WCAG AA). Leave empty for "
       "the built-in teal.",
       kColor,
       Requirement::kOptional,
       7,
       {}},
      {"site.crisis_name",
       "crisis_name",
       "Crisis line",
       "Shown on every page next to its number.",
       kLine,
       Requirement::kRequired,
       120,
       {}},
      {"site.crisis_phone",
       "crisis_phone",
       "Crisis line phone number",
       "Digits, spaces and + - ( ) . only: it becomes a link that dials.",
       kPhone,
       Requirement::kRequired,
       40,
       {}},
      {"site.crisis_text",
       "crisis_text",
       "Crisis text line",
       "For example “Text 988”. Leave empty to hide.",
       kLine,
       Requirement::kOptional,
       120,
       {}},
      {"site.emergency_number",
       "emergency_number",
       "Emergency number",
       "For immediate danger, e.g. 911.",
       kPhone,
       Requirement::kRequired,
       20,
       {}},
      {"site.eap_name",
       "eap_name",
       "Employee Assistance Program name",
       "",
       kLine,
       Requirement::kRequired,
       120,
       {}},
      {"site.eap_phone",
       "eap_phone",
       "EAP phone number",
       "Leave empty if the EAP has no phone line.",
       kPhone,
       Requirement::kOptional,
       40,
       {}},
      {"site.eap_hours",
       "eap_hours",
       "EAP hours",
       "When the EAP answers, e.g. “24/7”.",
       kLine,
       Requirement::kOptional,
       120,
       {}},
      {"site.onsite_help",
       "onsite_help",
       "On-site help",
       "One paragraph on the Get help now page: chaplaincy, quiet rooms, occupational health.",
       kParagraph,
       Requirement::kOptional,
       1000,
       {}},
      {"site.privacy_notice",
       "privacy_notice",
       "The hospital's privacy notice",
       "Shown on the Privacy page below what Hearth itself says. Markdown: blank lines between paragraphs, "
       "**bold**, lists and links.",
       kMarkdown,
       Requirement::kOptional,
       10000,
       {}},
      {"safety.phi_mode",
       "phi_mode",
       "When the patient-information check finds something",
       "",
       kChoice,
       Requirement::kRequired,
       0,
       {{"warn", "Warn: show it, and let the writer confirm it is not patient information"},
        {"block", "Block: the writer must rephrase before it is saved"}}},
      {"groups.require_approval",
       "require_approval",
       "New peer groups",
       "",
       kChoice,
       Requirement::kRequired,
       0,
       {{"false", "Are listed as soon as they are started"},
        {"true", "Wait for a wellness coordinator's approval before they are listed"}}},
      {"groups.default_retention_days",
       "default_retention_days",
       "Default retention of group posts (days)",
       "Posts in groups that set no retention period of their own are deleted after this many days: 0 keeps "
       "them until they are deleted, otherwise 7 to 3650. Lowering it deletes older posts at the next "
       "maintenance run (within ten minutes).",
       kDays,
       Requirement::kRequired,
       0,
       {}},
  };
  return definitions;
}

const SettingDefinition* find_setting(std::string_view key) {
  const auto& all = setting_definitions();
  const auto found =
      std::find_if(all.begin(), all.end(), [key](const SettingDefinition& d) { return d.key == key; });
  return found == all.end() ? nullptr : &*found;
}

std::string setting_value(const SiteSettings& s, const SettingDefinition& definition) {
  const auto key = definition.key;
  if (key == "site.name") return s.name;
  if (key == "site.accent_color") return s.accent_color;
  if (key == "site.crisis_name") return s.crisis_name;
  if (key == "site.crisis_phone") return s.crisis_phone;
  if (key == "site.crisis_text") return s.crisis_text;
  if (key == "site.emergency_number") return s.emergency_number;
  if (key == "site.eap_name") return s.eap_name;
  if (key == "site.eap_phone") return s.eap_phone;
  if (key == "site.eap_hours") return s.eap_hours;
  if (key == "site.onsite_help") return s.onsite_help;
  if (key == "site.privacy_notice") return s.privacy_notice;
  if (key == "safety.phi_mode") return s.phi_policy == PhiPolicy::kBlock ? "block" : "warn";
  if (key == "groups.require_approval") return std::string(bool_text(s.groups_require_approval));
  if (key == "groups.default_retention_days") return std::to_string(s.default_retention_days);
  return {};
}

std::optional<std::string> check_setting(const SettingDefinition& definition, std::string_view submitted,
                                         FieldErrors& errors) {
  const std::string field(definition.field);
  const bool multi_line =
      definition.input == SettingInput::kParagraph || definition.input == SettingInput::kMarkdown;
  const TextRule rule{definition.label, definition.requirement == Requirement::kRequired ? std::size_t{1} : 0,
                      definition.input == SettingInput::kChoice || definition.input == SettingInput::kDays
                          ? std::size_t{20}
                          : definition.maximum_length,
                      multi_line ? LineBreaks::kAllowed : LineBreaks::kNotAllowed};
  auto value = check_text(field, submitted, rule, errors);
  if (!value) return std::nullopt;

  switch (definition.input) {
    case SettingInput::kLine:
    case SettingInput::kParagraph:
    case SettingInput::kMarkdown: return value;
    case SettingInput::kPhone:
      if (!value->empty() && !is_phone_text(*value)) {
        errors.add(field, fmt::format("{} may contain only digits, spaces and + - ( ) .", definition.label));
        return std::nullopt;
      }
      return value;
    case SettingInput::kColor: {
      if (value->empty()) return value;
      const auto color = parse_hex_color(*value);
      if (!color) {
        errors.add(field, "Enter the accent colour as # and six hex digits, for example #0b6568.");
        return std::nullopt;
      }
      if (auto problem = accent_contrast_problem(*color)) {
        errors.add(field, *problem);
        return std::nullopt;
      }
      return hex_color(*color);
    }
    case SettingInput::kChoice: {
      const bool known =
          std::any_of(definition.choices.begin(), definition.choices.end(),
                      [&value](const SettingChoice& choice) { return choice.value == *value; });
      if (!known) {
        errors.add(field, fmt::format("Choose one of the options for “{}”.", definition.label));
        return std::nullopt;
      }
      return value;
    }
    case SettingInput::kDays: {
      const auto days = check_integer(field, *value, definition.label, 0, kMaximumRetentionDays, errors);
      if (!days) return std::nullopt;
      if (*days != 0 && *days < kMinimumRetentionDays) {
        errors.add(field, fmt::format("{} must be 0 (keep posts) or at least {}.", definition.label,
                                      kMinimumRetentionDays));
        return std::nullopt;
      }
      return std::to_string(*days);
    }
  }
  return std::nullopt;
}

bool apply_setting(SiteSettings& s, const SettingDefinition& definition, std::string_view value) {
  FieldErrors ignored;
  const auto checked = check_setting(definition, value, ignored);
  if (!checked) return false;
  const auto key = definition.key;
  const std::string& v = *checked;
  if (key == "site.name") s.name = v;
  if (key == "site.accent_color") s.accent_color = v;
  if (key == "site.crisis_name") s.crisis_name = v;
  if (key == "site.crisis_phone") s.crisis_phone = v;
  if (key == "site.crisis_text") s.crisis_text = v;
  if (key == "site.emergency_number") s.emergency_number = v;
  if (key == "site.eap_name") s.eap_name = v;
  if (key == "site.eap_phone") s.eap_phone = v;
  if (key == "site.eap_hours") s.eap_hours = v;
  if (key == "site.onsite_help") s.onsite_help = v;
  if (key == "site.privacy_notice") s.privacy_notice = v;
  if (key == "safety.phi_mode") s.phi_policy = v == "block" ? PhiPolicy::kBlock : PhiPolicy::kWarnAndConfirm;
  if (key == "groups.require_approval") s.groups_require_approval = v == "true";
  if (key == "groups.default_retention_days") s.default_retention_days = std::stoi(v);
  return true;
}

std::optional<Rgb> parse_hex_color(std::string_view text) {
  if (text.size() != 7 || text.front() != '#') return std::nullopt;
  std::array<int, 6> digits{};
  for (std::size_t i = 0; i < digits.size(); ++i) {
    digits[i] = hex_digit(text[i + 1]);
    if (digits[i] < 0) return std::nullopt;
  }
  return Rgb{digits[0] * 16 + digits[1], digits[2] * 16 + digits[3], digits[4] * 16 + digits[5]};
}

std::string hex_color(Rgb color) {
  return fmt::format("#{:02x}{:02x}{:02x}", color.red, color.green, color.blue);
}

double contrast_ratio(Rgb first, Rgb second) {
  const double a = relative_luminance(first);
  const double b = relative_luminance(second);
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

std::optional<std::string> accent_contrast_problem(Rgb accent) {
  const std::array<std::pair<Rgb, std::string_view>, 3> backgrounds = {{
      {kWhite, "white button text"},
      {kPageBackground, "the page background"},
      {mix(accent, kWhite, kTintShare), "the tinted panels made from it"},
  }};
  for (const auto& [other, what] : backgrounds) {
    const double ratio = contrast_ratio(accent, other);
    if (ratio < kMinimumContrast) {
      return fmt::format(
          "The accent colour {} has a contrast of only {} with {}; WCAG AA needs at least 4.5:1. Choose a "
          "darker colour.",
          hex_color(accent), ratio_text(ratio), what);
    }
  }
  return std::nullopt;
}

std::string theme_stylesheet(std::string_view accent) {
  const auto color = parse_hex_color(accent);
  if (!color) return {};
  return fmt::format(
      "/* The accent colour chosen at /admin/settings, for the light colour scheme on screen. */\n"
      "@media screen and (prefers-color-scheme: light) {{\n"
      "  :root {{\n"
      "    --accent: {};\n"
      "    --accent-strong: {};\n"
      "    --accent-tint: {};\n"
      "    --on-accent: #ffffff;\n"
      "  }}\n"
      "}}\n",
      hex_color(*color), hex_color(mix(*color, kBlack, kStrongShare)),
      hex_color(mix(*color, kWhite, kTintShare)));
}

std::optional<ImageType> sniff_image(std::string_view bytes) {
  constexpr std::string_view kPngSignature("\x89PNG\r\n\x1a\n", 8);
  constexpr std::string_view kJpegSignature("\xff\xd8\xff", 3);
  if (bytes.starts_with(kPngSignature)) return ImageType::kPng;
  if (bytes.starts_with(kJpegSignature)) return ImageType::kJpeg;
  return std::nullopt;
}

std::string_view content_type(ImageType type) {
  return type == ImageType::kPng ? "image/png" : "image/jpeg";
}

std::optional<ImageType> image_type_from_content_type(std::string_view content_type) {
  if (content_type == "image/png") return ImageType::kPng;
  if (content_type == "image/jpeg") return ImageType::kJpeg;
  return std::nullopt;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  const auto rest = bytes.size() - i;
  if (rest == 1) {
    const auto n = static_cast<unsigned char>(bytes[i]) << 16;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const auto n =
        (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    unsigned n = 0;
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      unsigned value = 0;
      if (c == '=') {
        // Padding only at the very end, and at most two.
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        ++padding;
      } else {
        if (padding > 0) return std::nullopt;
        const auto position = kBase64Alphabet.find(c);
        if (position == std::string_view::npos) return std::nullopt;
        value = static_cast<unsigned>(position);
      }
      n = (n << 6) | value;
    }
    out += static_cast<char>((n >> 16) & 0xff);
    if (padding < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(n & 0xff);
  }
  return out;
}

}  // namespace hearth::features::admin
