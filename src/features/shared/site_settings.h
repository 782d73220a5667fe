#pragma once

#include <string>

#include "features/shared/writing_check.h"

namespace hearth::features {

// Site-wide wording, numbers and rules shown or applied on every page. Loaded
// from the config file; an administrator may override the values marked
// "editable" at /admin/settings (features/admin), and pages read them through
// a SiteSettingsSource so that changes apply without a restart.
struct SiteSettings {
  std::string name = "Hearth";  // editable
  std::string time_zone = "America/New_York";
  std::string crisis_name = "988 Suicide & Crisis Lifeline";  // editable
  std::string crisis_phone = "988";                           // editable
  std::string crisis_text = "Text 988";                       // editable
  std::string emergency_number = "911";                       // editable
  std::string eap_name = "Employee Assistance Program";       // editable
  std::string eap_phone;                                      // editable
  std::string eap_hours;                                      // editable
  std::string onsite_help;                                    // editable
  // The neutral page that Quick exit leads to.
  std::string quick_exit_title = "Hospital intranet";
  std::string quick_exit_link_text = "Go to the hospital intranet";
  std::string quick_exit_link_url = "/exit";

  // Editable. "#rrggbb" (lower case) replacing the teal of the light colour
  // scheme, or "" for the built-in colours. Served by /branding/theme.css.
  std::string accent_color;
  // Editable. The hospital's own words on /privacy, as Markdown ("" for none),
  // and that text rendered by markdown::render_html (a sanitiser), so pages
  // never render it per request.
  std::string privacy_notice;
  std::string privacy_notice_html;
  // Editable. What the PHI check does (config safety.phi_mode).
  PhiPolicy phi_policy = PhiPolicy::kWarnAndConfirm;
  // Editable. New groups wait for a coordinator's approval (config groups.require_approval).
  bool groups_require_approval = false;
  // Editable. Posts in groups that set no retention period of their own are
  // deleted after this many days; 0 keeps them until deleted.
  int default_retention_days = 0;
  // A short digest of the uploaded logo, used in its URL; "" when there is
  // none (the built-in icon is shown).
  std::string logo_version;
};

}  // namespace hearth::features
