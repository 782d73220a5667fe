#pragma once

#include <filesystem>
#include <string>

#include "features/notifications/notification_model.h"
#include "mail/smtp_client.h"

namespace hearth::features::notifications {

enum class MailDelivery {
  kOff,  // no e-mail at all: notifications are in-app only and the settings page says so
  kOn,   // e-mail through the relay in `smtp`
};

// The [mail] section of the configuration.
struct MailSettings {
  MailDelivery delivery = MailDelivery::kOff;
  mail::SmtpOptions smtp;               // smtp.password is read from password_file by the config loader
  std::filesystem::path password_file;  // empty: no AUTH
  std::string from_address;             // envelope and From address, e.g. "hearth@hospital.example"
  int max_attempts = 24;                // failed attempts before a message is given up
  EmailFrequency default_email = EmailFrequency::kImmediately;  // for people who have not chosen
  int digest_hour = 7;  // local hour (site.time_zone) after which the daily digest goes out
};

}  // namespace hearth::features::notifications
