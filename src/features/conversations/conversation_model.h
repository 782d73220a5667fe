#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::features::conversations {

// What became of a post. Only visible posts show their text; the others
// leave a placeholder in the thread.
enum class PostState {
  kVisible,
  kHidden,   // by a facilitator or coordinator; can be shown again
  kRemoved,  // by a facilitator or coordinator; the text is gone
  kDeleted,  // by its author; the text is gone
};

enum class Anonymity { kNamed, kAnonymous };

enum class ReportReason { kPatientInformation, kUnkind, kSafety, kSpam, kOther };
enum class ReportStatus {
  kOpen,       // waiting for the group's facilitators
  kEscalated,  // sent on to the wellness coordinators
  kClosed,
};

// Stable text forms (stored, used in forms) and labels for people. from_text
// returns nullopt for unknown text.
std::string_view to_text(PostState value);
std::string_view to_text(ReportReason value);
std::string_view to_text(ReportStatus value);
std::optional<PostState> post_state_from_text(std::string_view text);
std::optional<ReportReason> report_reason_from_text(std::string_view text);
std::optional<ReportStatus> report_status_from_text(std::string_view text);
std::string_view label(ReportReason value);
std::string_view label(ReportStatus value);

// Per-group conversation settings, chosen by the facilitators.
struct ConversationSettings {
  bool allow_anonymous = false;
  std::optional<int> retention_days;  // nullopt: posts are kept until deleted
};

struct Thread {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string title;
  bool pinned = false;
  bool locked = false;
  std::int64_t created_at = 0;
  std::int64_t last_post_id = 0;
  std::int64_t last_activity_at = 0;
  int post_count = 0;  // visible posts
};

struct Post {
  std::int64_t id = 0;
  std::int64_t thread_id = 0;
  std::int64_t group_id = 0;
  // Kept for anonymous posts too (see the migration); never shown for them.
  std::optional<std::int64_t> author_person_id;
  Anonymity anonymity = Anonymity::kNamed;
  std::string body;  // Markdown; "" unless visible or hidden
  PostState state = PostState::kVisible;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> edited_at;

  bool is_anonymous() const { return anonymity == Anonymity::kAnonymous; }
  bool is_visible() const { return state == PostState::kVisible; }
  bool is_by(std::int64_t person_id) const { return author_person_id && *author_person_id == person_id; }
};

// A post as listed in a thread: the author's display name is filled only for
// named posts ("" for anonymous ones and for people no longer in Hearth).
struct PostRow {
  Post post;
  std::string author_name;
  int open_reports = 0;
};

struct SharedResource {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::optional<std::int64_t> author_person_id;
  Anonymity anonymity = Anonymity::kNamed;
  std::string title;
  std::string url;
  std::string why;
  std::int64_t created_at = 0;
};

struct SharedResourceRow {
  SharedResource resource;
  std::string author_name;  // "" for anonymous ones
};

struct Report {
  std::int64_t id = 0;
  std::int64_t post_id = 0;
  std::int64_t group_id = 0;
  ReportReason reason = ReportReason::kOther;
  std::string note;
  ReportStatus status = ReportStatus::kOpen;
  std::int64_t created_at = 0;
};

// A report with the post it is about, for the moderation pages.
struct ReportRow {
  Report report;
  PostRow post;
  std::string thread_title;
  std::string group_slug;
  std::string group_name;
};

struct Warning {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string message;
  std::int64_t created_at = 0;
};

}  // namespace hearth::features::conversations
