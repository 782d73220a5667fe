#include "features/support/support_model.h"

#include "common/enum_text.h"

namespace hearth::features::support {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr enum_text::Table<ForWhom, 2> kForWhom = {
    {{ForWhom::kSelf, "self"}, {ForWhom::kColleague, "colleague"}}};
constexpr enum_text::Table<ContactChannel, 4> kChannels = {{{ContactChannel::kPhone, "phone"},
                                                            {ContactChannel::kPager, "pager"},
                                                            {ContactChannel::kEmail, "email"},
                                                            {ContactChannel::kChat, "chat"}}};
constexpr enum_text::Table<ContactChannel, 4> kChannelLabels = {{{ContactChannel::kPhone, "Phone"},
                                                                 {ContactChannel::kPager, "Pager"},
                                                                 {ContactChannel::kEmail, "E-mail"},
                                                                 {ContactChannel::kChat, "Chat message"}}};
constexpr enum_text::Table<Timing, 4> kTimings = {{{Timing::kSoon, "soon"},
                                                   {Timing::kToday, "today"},
                                                   {Timing::kThisWeek, "this_week"},
                                                   {Timing::kWindow, "window"}}};
constexpr enum_text::Table<Timing, 4> kTimingLabels = {{{Timing::kSoon, "As soon as possible"},
                                                        {Timing::kToday, "Some time today"},
                                                        {Timing::kThisWeek, "Some time this week"},
                                                        {Timing::kWindow, "At a time I give"}}};
constexpr enum_text::Table<RequestStatus, 3> kStatuses = {{{RequestStatus::kWaiting, "waiting"},
                                                           {RequestStatus::kClaimed, "claimed"},
                                                           {RequestStatus::kClosed, "closed"}}};
constexpr enum_text::Table<Outcome, 6> kOutcomes = {{{Outcome::kTalked, "talked"},
                                                     {Outcome::kReferredEap, "referred_eap"},
                                                     {Outcome::kNoAnswer, "no_answer"},
                                                     {Outcome::kDeclined, "declined"},
                                                     {Outcome::kWithdrawn, "withdrawn"},
                                                     {Outcome::kExpired, "expired"}}};
constexpr enum_text::Table<Outcome, 6> kOutcomeLabels = {{{Outcome::kTalked, "We talked"},
                                                          {Outcome::kReferredEap, "Referred to the EAP"},
                                                          {Outcome::kNoAnswer, "No answer"},
                                                          {Outcome::kDeclined, "They declined"},
                                                          {Outcome::kWithdrawn, "Withdrawn by the requester"},
                                                          {Outcome::kExpired, "Expired without contact"}}};

}  // namespace

std::string_view to_text(ForWhom value) {
  return text_of(kForWhom, value);
}
std::string_view to_text(ContactChannel value) {
  return text_of(kChannels, value);
}
std::string_view to_text(Timing value) {
  return text_of(kTimings, value);
}
std::string_view to_text(RequestStatus value) {
  return text_of(kStatuses, value);
}
std::string_view to_text(Outcome value) {
  return text_of(kOutcomes, value);
}
std::optional<ForWhom> for_whom_from_text(std::string_view text) {
  return value_of(kForWhom, text);
}
std::optional<ContactChannel> contact_channel_from_text(std::string_view text) {
  return value_of(kChannels, text);
}
std::optional<Timing> timing_from_text(std::string_view text) {
  return value_of(kTimings, text);
}
std::optional<RequestStatus> request_status_from_text(std::string_view text) {
  return value_of(kStatuses, text);
}
std::optional<Outcome> outcome_from_text(std::string_view text) {
  return value_of(kOutcomes, text);
}
std::string_view label(ContactChannel value) {
  return text_of(kChannelLabels, value);
}
std::string_view label(Timing value) {
  return text_of(kTimingLabels, value);
}
std::string_view label(Outcome value) {
  return text_of(kOutcomeLabels, value);
}

}  // namespace hearth::features::support
