#pragma once

#include <string>

namespace hearth::features {

// Site-wide wording and numbers shown on every page (header link, help page).
struct SiteSettings {
  std::string name = "Hearth";
  std::string time_zone = "America/New_York";
  std::string crisis_name = "988 Suicide & Crisis Lifeline";
  std::string crisis_phone = "988";
  std::string crisis_text = "Text 988";
  std::string emergency_number = "911";
  std::string eap_name = "Employee Assistance Program";
  std::string eap_phone;
  std::string eap_hours;
  std::string onsite_help;
  // The neutral page that Quick exit leads to.
  std::string quick_exit_title = "Hospital intranet";
  std::string quick_exit_link_text = "Go to the hospital intranet";
  std::string quick_exit_link_url = "/exit";
};

}  // namespace hearth::features
