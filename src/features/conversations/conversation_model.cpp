#include "features/conversations/conversation_model.h"

#include "common/enum_text.h"

namespace hearth::features::conversations {
namespace {

using enum_text::text_of;
using enum_text::value_of;

constexpr std::array<std::pair<PostState, std::string_view>, 4> kPostStates = {{
    {PostState::kVisible, "visible"},
    {PostState::kHidden, "hidden"},
    {PostState::kRemoved, "removed"},
    {PostState::kDeleted, "deleted"},
}};
constexpr std::array<std::pair<ReportReason, std::string_view>, 5> kReasons = {{
    {ReportReason::kPatientInformation, "patient_information"},
    {ReportReason::kUnkind, "unkind"},
    {ReportReason::kSafety, "safety"},
    {ReportReason::kSpam, "spam"},
    {ReportReason::kOther, "other"},
}};
constexpr std::array<std::pair<ReportReason, std::string_view>, 5> kReasonLabels = {{
    {ReportReason::kPatientInformation, "It shares patient information"},
    {ReportReason::kUnkind, "It is unkind, disrespectful or breaks the ground rules"},
    {ReportReason::kSafety, "I'm worried about someone's safety"},
    {ReportReason::kSpam, "It is advertising or spam"},
    {ReportReason::kOther, "Something else"},
}};
constexpr std::array<std::pair<ReportStatus, std::string_view>, 3> kStatuses = {{
    {ReportStatus::kOpen, "open"},
    {ReportStatus::kEscalated, "escalated"},
    {ReportStatus::kClosed, "closed"},
}};
constexpr std::array<std::pair<ReportStatus, std::string_view>, 3> kStatusLabels = {{
    {ReportStatus::kOpen, "Waiting for the facilitators"},
    {ReportStatus::kEscalated, "Sent to the wellness coordinators"},
    {ReportStatus::kClosed, "Closed"},
}};

}  // namespace

std::string_view to_text(PostState value) {
  return text_of(kPostStates, value);
}
std::string_view to_text(ReportReason value) {
  return text_of(kReasons, value);
}
std::string_view to_text(ReportStatus value) {
  return text_of(kStatuses, value);
}
std::optional<PostState> post_state_from_text(std::string_view text) {
  return value_of(kPostStates, text);
}
std::optional<ReportReason> report_reason_from_text(std::string_view text) {
  return value_of(kReasons, text);
}
std::optional<ReportStatus> report_status_from_text(std::string_view text) {
  return value_of(kStatuses, text);
}
std::string_view label(ReportReason value) {
  return text_of(kReasonLabels, value);
}
std::string_view label(ReportStatus value) {
  return text_of(kStatusLabels, value);
}

}  // namespace hearth::features::conversations
