#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/conversations/conversation_model.h"
#include "storage/database.h"

namespace hearth::features::conversations {

// A thread as listed for one viewer.
struct ThreadRow {
  Thread thread;
  std::string starter_name;  // "" when the opening post is anonymous or its author is gone
  bool starter_anonymous = false;
  bool unread = false;  // the viewer has not seen the newest visible post
};

struct ThreadPage {
  std::vector<ThreadRow> threads;
  int total = 0;
};

// A search hit: the thread, and a snippet of the post split into plain and
// matching parts (to be escaped and marked up by the template).
struct SearchHit {
  std::int64_t thread_id = 0;
  std::int64_t post_id = 0;
  std::string thread_title;
  struct Part {
    std::string text;
    bool match = false;
  };
  std::vector<Part> snippet;
};

// The new thread's id and its opening post's id.
struct NewThread {
  std::int64_t thread_id = 0;
  std::int64_t post_id = 0;
};

// SQL for threads, posts, the post search index, shared resources, reports,
// warnings and per-group settings. Every method uses the calling thread's
// connection; methods that write several tables (a post, its thread's
// counters and the search index) do it in one transaction, nested in the
// caller's when there is one. "Not found" is nullopt; a broken database
// throws hearth::Error.
//
// Anonymous posts: queries that return names return "" for them, so an
// anonymous author's name never leaves this class; only author_for_reveal()
// answers who wrote one.
class ConversationStore {
 public:
  explicit ConversationStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  ConversationSettings settings(std::int64_t group_id);
  void save_settings(std::int64_t group_id, const ConversationSettings& settings, std::int64_t now);
  // (group id, retention days) for every group with a retention period: its
  // own, or `default_days` when it set none (0: such groups keep their posts).
  std::vector<std::pair<std::int64_t, int>> retention_periods(int default_days = 0);

  NewThread insert_thread(std::int64_t group_id, std::string_view title, std::int64_t author_person_id,
                          Anonymity anonymity, std::string_view body, std::int64_t now);
  std::optional<Thread> find_thread(std::int64_t thread_id);
  // Pinned threads first, then by newest activity.
  ThreadPage threads(std::int64_t group_id, std::int64_t viewer_person_id, int page, int page_size);
  void set_thread_flags(std::int64_t thread_id, bool pinned, bool locked);
  void set_thread_title(std::int64_t thread_id, std::string_view title);
  // The id of the thread's opening post (0 if it has none left).
  std::int64_t opening_post_id(std::int64_t thread_id);

  std::int64_t insert_post(const Thread& thread, std::int64_t author_person_id, Anonymity anonymity,
                           std::string_view body, std::int64_t now);
  std::optional<Post> find_post(std::int64_t post_id);
  // Posts of a thread in order, every state (the template shows placeholders).
  std::vector<PostRow> posts(std::int64_t thread_id, int page, int page_size);
  int post_count_all_states(std::int64_t thread_id);
  // Replaces a visible post's text and marks it edited.
  void update_post_body(std::int64_t post_id, std::string_view body, std::int64_t now);
  // Moves a post to `state`; removed and deleted posts lose their text.
  void set_post_state(std::int64_t post_id, PostState state);
  // The author of a post, whatever its anonymity: (person id, display name).
  // For the coordinator's audited reveal only.
  std::optional<std::pair<std::int64_t, std::string>> author_for_reveal(std::int64_t post_id);

  // Records that `person_id` has seen the thread up to its newest post.
  void mark_read(std::int64_t person_id, const Thread& thread);
  // The people who follow a thread: those who started it or posted in it
  // (named or anonymously, any post state) and are still active members of
  // its group, except `except_person_id`.
  std::vector<std::int64_t> thread_followers(std::int64_t thread_id, std::int64_t except_person_id);

  // Visible posts of the group matching `query` (an FTS5 query from
  // groups::fts_query), best first.
  std::vector<SearchHit> search(std::int64_t group_id, std::string_view query, int limit);

  std::int64_t insert_resource(const SharedResource& resource);
  std::optional<SharedResource> find_resource(std::int64_t resource_id);
  std::vector<SharedResourceRow> resources(std::int64_t group_id);
  void delete_resource(std::int64_t resource_id);

  // Returns nullopt when this person already has an open report on the post.
  std::optional<std::int64_t> insert_report(const Post& post, std::int64_t reporter_person_id,
                                            ReportReason reason, std::string_view note, std::int64_t now);
  std::optional<Report> find_report(std::int64_t report_id);
  std::optional<ReportRow> find_report_row(std::int64_t report_id);
  // The group's reports with these statuses, oldest first.
  std::vector<ReportRow> group_reports(std::int64_t group_id, ReportStatus status);
  // Reports escalated to the coordinators, from every group, oldest first.
  std::vector<ReportRow> escalated_reports();
  void set_report_status(std::int64_t report_id, ReportStatus status, std::int64_t now);
  // Closes every open or escalated report of a post (it was hidden or removed).
  void close_reports_of_post(std::int64_t post_id, std::int64_t now);
  int open_report_count(std::int64_t group_id);

  void insert_warning(std::int64_t group_id, std::int64_t person_id, std::string_view message,
                      std::int64_t now);
  std::vector<Warning> open_warnings(std::int64_t group_id, std::int64_t person_id);
  // Not an error when the warning is not this person's in this group, or is
  // already dismissed.
  void dismiss_warning(std::int64_t group_id, std::int64_t warning_id, std::int64_t person_id,
                       std::int64_t now);

  // Deletes the group's posts created before `cutoff` (with their reports and
  // search entries) and threads left without posts. Returns posts deleted.
  int purge_posts_before(std::int64_t group_id, std::int64_t cutoff);

 private:
  // Brings a thread's post_count, last_post_id and last_activity_at in line
  // with its visible posts.
  void refresh_thread(storage::Database& database, std::int64_t thread_id);
  void index_post(storage::Database& database, std::int64_t post_id);
  void unindex_post(storage::Database& database, std::int64_t post_id);

  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::conversations
