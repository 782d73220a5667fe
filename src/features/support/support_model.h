#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::features::support {

enum class ForWhom { kSelf, kColleague };
enum class ContactChannel { kPhone, kPager, kEmail, kChat };
enum class Timing { kSoon, kToday, kThisWeek, kWindow };
enum class RequestStatus {
  kWaiting,  // nobody has taken it yet
  kClaimed,  // a supporter has taken it (contacted_at says whether they reached the person)
  kClosed,   // ended; identifying fields purged
};
enum class Outcome { kTalked, kReferredEap, kNoAnswer, kDeclined, kWithdrawn, kExpired };
enum class Department { kAnyDepartment, kOutsideMyDepartment };

// Stable text forms (stored, used in forms) and labels for people.
std::string_view to_text(ForWhom value);
std::string_view to_text(ContactChannel value);
std::string_view to_text(Timing value);
std::string_view to_text(RequestStatus value);
std::string_view to_text(Outcome value);
std::optional<ForWhom> for_whom_from_text(std::string_view text);
std::optional<ContactChannel> contact_channel_from_text(std::string_view text);
std::optional<Timing> timing_from_text(std::string_view text);
std::optional<RequestStatus> request_status_from_text(std::string_view text);
std::optional<Outcome> outcome_from_text(std::string_view text);
std::string_view label(ContactChannel value);
std::string_view label(Timing value);
std::string_view label(Outcome value);

// What the person fills in on /support/new, already validated.
struct RequestDraft {
  ForWhom for_whom = ForWhom::kSelf;
  std::string colleague_name;  // for a colleague only
  ContactChannel channel = ContactChannel::kPhone;
  std::string contact_detail;
  Timing timing = Timing::kSoon;
  std::string time_window;  // for kWindow only
  Department department = Department::kAnyDepartment;
  std::string context;  // optional, one line
};

struct SupportRequest {
  std::int64_t id = 0;
  std::optional<std::int64_t> requester_person_id;  // nullopt once purged
  RequestDraft draft;                               // identifying fields are "" once purged
  std::string department;  // the requester's, copied at creation for the outside-department check
  RequestStatus status = RequestStatus::kWaiting;
  std::optional<Outcome> outcome;
  std::optional<std::int64_t> claimed_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> claimed_at;
  std::optional<std::int64_t> contacted_at;
  std::optional<std::int64_t> closed_at;
  std::optional<std::int64_t> wait_seconds;

  bool is_open() const { return status != RequestStatus::kClosed; }
  bool is_claimed_by(std::int64_t person_id) const { return claimed_by && *claimed_by == person_id; }
  bool is_from(std::int64_t person_id) const {
    return requester_person_id && *requester_person_id == person_id;
  }
};

}  // namespace hearth::features::support
