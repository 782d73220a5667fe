#include "features/admin/setting_rules.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

namespace hearth::features::admin {
namespace {

const SettingDefinition& setting(std::string_view key) {
  const auto* definition = find_setting(key);
  REQUIRE(definition != nullptr);
  return *definition;
}

// The normalised value, or the error message prefixed with "error: ".
std::string checked(std::string_view key, std::string_view submitted) {
  FieldErrors errors;
  const auto value = check_setting(setting(key), submitted, errors);
  if (value) {
    CHECK(errors.empty());
    return *value;
  }
  REQUIRE(errors.entries().size() == 1);
  CHECK(errors.entries().front().first == setting(key).field);
  return "error: " + errors.entries().front().second;
}

bool refused(std::string_view key, std::string_view submitted) {
  return checked(key, submitted).starts_with("error: ");
}

}  // namespace

TEST_CASE("every setting has a unique key and form field, and its file value passes its own rules",
          "[admin][settings]") {
  const SiteSettings defaults;
  std::set<std::string_view> keys;
  std::set<std::string_view> fields;
  for (const auto& definition : setting_definitions()) {
    INFO(definition.key);
    CHECK(keys.insert(definition.key).second);
    CHECK(fields.insert(definition.field).second);
    CHECK(find_setting(definition.key) == &definition);
    // The built-in defaults are valid, and applying a value reads back the same.
    const auto value = setting_value(defaults, definition);
    FieldErrors errors;
    CHECK(check_setting(definition, value, errors) == value);
    SiteSettings copy;
    CHECK(apply_setting(copy, definition, value));
    CHECK(setting_value(copy, definition) == value);
  }
  CHECK(find_setting("site.time_zone") == nullptr);  // not editable in the browser
  CHECK(find_setting("directory.bind_password_file") == nullptr);
}

TEST_CASE("text settings: trimmed, valid UTF-8, no control characters, within their length",
          "[admin][settings]") {
  CHECK(checked("site.name", "  Riverside Wellbeing  ") == "Riverside Wellbeing");
  CHECK(checked("site.name", "Caf\xc3\xa9 Hearth") == "Caf\xc3\xa9 Hearth");
  CHECK(checked("site.name", "") == "error: Enter site name.");
  CHECK(refused("site.name", "Bad \xff UTF-8"));
  CHECK(refused("site.name", "Line\nbreak"));
  CHECK(refused("site.name", std::string("nul\0byte", 8)));
  CHECK(refused("site.name", std::string(61, 'a')));
  CHECK_FALSE(refused("site.name", std::string(60, 'a')));
  // Lengths count code points, not bytes: 60 e-acutes are 120 bytes.
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "\xc3\xa9";
  CHECK_FALSE(refused("site.name", accents));

  // Paragraphs and the Markdown notice keep their line breaks (CRLF becomes LF).
  CHECK(checked("site.onsite_help", "Chaplaincy: level 2.\r\nQuiet room: level 4.") ==
        "Chaplaincy: level 2.\nQuiet room: level 4.");
  CHECK(checked("site.privacy_notice", "# Notice\n\nRecords are kept **seven years**.") ==
        "# Notice\n\nRecords are kept **seven years**.");
  CHECK(refused("site.privacy_notice", std::string(10001, 'x')));
  CHECK(checked("site.crisis_text", "") == "");  // optional
}

TEST_CASE("phone numbers: digits and + - ( ) . only, so they make a working tel: link", "[admin][settings]") {
  CHECK(checked("site.crisis_phone", "988") == "988");
  CHECK(checked("site.eap_phone", "+1 (800) 555-0100") == "+1 (800) 555-0100");
  CHECK(checked("site.eap_phone", "") == "");  // optional
  CHECK(refused("site.crisis_phone", ""));     // required
  CHECK(refused("site.crisis_phone", "988\"><script>"));
  CHECK(refused("site.emergency_number", "call 911"));
  CHECK(refused("site.emergency_number", "+-"));  // no digit
}

TEST_CASE("choices and numbers accept only their allowed values", "[admin][settings]") {
  CHECK(checked("safety.phi_mode", "block") == "block");
  CHECK(checked("safety.phi_mode", "warn") == "warn");
  CHECK(refused("safety.phi_mode", "off"));
  CHECK(refused("safety.phi_mode", ""));
  CHECK(checked("groups.require_approval", "true") == "true");
  CHECK(refused("groups.require_approval", "yes"));

  CHECK(checked("groups.default_retention_days", "0") == "0");
  CHECK(checked("groups.default_retention_days", " 30 ") == "30");
  CHECK(checked("groups.default_retention_days", "3650") == "3650");
  CHECK(refused("groups.default_retention_days", "6"));
  CHECK(refused("groups.default_retention_days", "3651"));
  CHECK(refused("groups.default_retention_days", "-1"));
  CHECK(refused("groups.default_retention_days", "thirty"));

  SiteSettings settings;
  CHECK(apply_setting(settings, setting("safety.phi_mode"), "block"));
  CHECK(settings.phi_policy == PhiPolicy::kBlock);
  CHECK(apply_setting(settings, setting("groups.require_approval"), "true"));
  CHECK(settings.groups_require_approval);
  CHECK(apply_setting(settings, setting("groups.default_retention_days"), "90"));
  CHECK(settings.default_retention_days == 90);
  // A stored value that does not pass leaves the setting as it was.
  CHECK_FALSE(apply_setting(settings, setting("groups.default_retention_days"), "2"));
  CHECK(settings.default_retention_days == 90);
}

TEST_CASE("colours parse as #rrggbb only", "[admin][colour]") {
  CHECK(parse_hex_color("#0B6568") == Rgb{0x0b, 0x65, 0x68});
  CHECK(hex_color({0x0b, 0x65, 0x68}) == "#0b6568");
  CHECK_FALSE(parse_hex_color("#abc"));
  CHECK_FALSE(parse_hex_color("0b6568"));
  CHECK_FALSE(parse_hex_color("#0b656g"));
  CHECK_FALSE(parse_hex_color("#0b65680"));
  CHECK_FALSE(parse_hex_color("teal"));
  CHECK_FALSE(parse_hex_color(""));
}

TEST_CASE("contrast ratios follow WCAG 2.1", "[admin][colour]") {
  CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
  CHECK(contrast_ratio({255, 255, 255}, {0, 0, 0}) == Approx(21.0));
  CHECK(contrast_ratio({10, 20, 30}, {10, 20, 30}) == Approx(1.0));
  // Grey #767676 on white is the well-known lightest grey that passes AA.
  CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) == Approx(4.54).margin(0.01));
  CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) == Approx(4.48).margin(0.01));
}

TEST_CASE("an accent colour with less than 4.5:1 contrast is refused, and the message says why",
          "[admin][colour]") {
  CHECK_FALSE(accent_contrast_problem({0x0b, 0x65, 0x68}));  // the built-in teal
  CHECK_FALSE(accent_contrast_problem({0x1d, 0x4e, 0xd8}));  // a dark blue
  CHECK(checked("site.accent_color", "#1D4ED8") == "#1d4ed8");
  CHECK(checked("site.accent_color", "") == "");  // the built-in colours

  // Light enough for white text to fail.
  const auto light = checked("site.accent_color", "#7fb3d5");
  CHECK(light.starts_with("error: "));
  CHECK(light.find("white button text") != std::string::npos);
  CHECK(light.find("4.5:1") != std::string::npos);
  // #767676 passes on white but not on the warmer page background.
  const auto grey = accent_contrast_problem({0x76, 0x76, 0x76});
  REQUIRE(grey);
  CHECK(grey->find("page background") != std::string::npos);
  // The ratio is rounded down: a near miss never reads as 4.5.
  CHECK(grey->find("4.5:1 with") == std::string::npos);

  CHECK(checked("site.accent_color", "teal") ==
        "error: Enter the accent colour as # and six hex digits, for example #0b6568.");
}

TEST_CASE("the theme stylesheet sets the accent for the light scheme on screen only", "[admin][colour]") {
  const auto css = theme_stylesheet("#1d4ed8");
  CHECK(css.find("@media screen and (prefers-color-scheme: light)") != std::string::npos);
  CHECK(css.find("--accent: #1d4ed8;") != std::string::npos);
  CHECK(css.find("--accent-strong: #") != std::string::npos);
  CHECK(css.find("--accent-tint: #") != std::string::npos);
  CHECK(theme_stylesheet("").empty());
  CHECK(theme_stylesheet("red;}body{display:none").empty());
}

TEST_CASE("a logo is accepted by its first bytes: PNG and JPEG only", "[admin][logo]") {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::string jpeg("\xff\xd8\xff\xe0\0\x10JFIF", 10);
  CHECK(sniff_image(png) == ImageType::kPng);
  CHECK(sniff_image(jpeg) == ImageType::kJpeg);
  CHECK_FALSE(sniff_image("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));
  CHECK_FALSE(sniff_image("GIF89a"));
  CHECK_FALSE(sniff_image(""));
  CHECK_FALSE(sniff_image(png.substr(0, 7)));  // a truncated signature
  CHECK(content_type(ImageType::kPng) == "image/png");
  CHECK(content_type(ImageType::kJpeg) == "image/jpeg");
  CHECK(image_type_from_content_type("image/jpeg") == ImageType::kJpeg);
  CHECK_FALSE(image_type_from_content_type("image/svg+xml"));
}

TEST_CASE("base64 round-trips any bytes and refuses malformed text", "[admin][logo]") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    INFO(length);
    CHECK(base64_decode(base64_encode(bytes.substr(0, length))) == bytes.substr(0, length));
  }
  CHECK_FALSE(base64_decode("Zg="));       // not a multiple of 4
  CHECK_FALSE(base64_decode("Z==="));      // too much padding
  CHECK_FALSE(base64_decode("Zg==Zg=="));  // padding in the middle
  CHECK_FALSE(base64_decode("Zm9*"));      // not in the alphabet
}

}  // namespace hearth::features::admin
