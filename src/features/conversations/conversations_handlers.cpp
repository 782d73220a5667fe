#include "features/conversations/conversations_handlers.h"

#include "calendar/schedule.h"
#include "common/error.h"
#include "common/text.h"
#include "features/conversations/conversation_access.h"
#include "features/conversations/conversation_paths.h"
#include "markdown/markdown.h"

namespace hearth::features::conversations {
namespace {

constexpr int kThreadsPerPage = 20;
constexpr int kPostsPerPage = 50;
constexpr int kSearchResults = 30;
constexpr int kThreadsOnGroupPage = 3;

constexpr TextRule kTitleRule{"The title", 3, 150, LineBreaks::kNotAllowed};
constexpr TextRule kBodyRule{"Your post", 1, 10000, LineBreaks::kAllowed};
constexpr TextRule kReplyRule{"Your reply", 1, 10000, LineBreaks::kAllowed};
constexpr TextRule kReportNoteRule{"What you'd like the facilitators to know", 0, 1000, LineBreaks::kAllowed};
constexpr TextRule kResourceTitleRule{"The title", 3, 150, LineBreaks::kNotAllowed};
constexpr TextRule kResourceWhyRule{"Why it helped", 0, 500, LineBreaks::kAllowed};
constexpr TextRule kSearchRule{"Search", 0, 200, LineBreaks::kNotAllowed};

// Notices shown after a redirect: the URL carries a code, never text.
std::string_view notice_text(std::string_view code) {
  if (code == "reported") return "Thank you. The facilitators will look at the post.";
  if (code == "already_reported")
    return "You have already reported this post. The facilitators will look at it.";
  if (code == "deleted") return "Your post is deleted.";
  if (code == "edited") return "Your post is updated.";
  if (code == "hidden") return "The post is hidden. Members see a placeholder.";
  if (code == "shown") return "The post is shown again.";
  if (code == "removed") return "The post is removed. Members see a placeholder.";
  if (code == "pinned") return "The thread is pinned to the top.";
  if (code == "unpinned") return "The thread is no longer pinned.";
  if (code == "locked") return "The thread is locked: no new replies.";
  if (code == "unlocked") return "The thread is open for replies again.";
  if (code == "shared") return "Thank you for sharing. The resource is on the group's page.";
  if (code == "resource_removed") return "The resource is removed.";
  if (code == "settings") return "The conversation settings are saved.";
  if (code == "dismissed") return "The report is closed.";
  if (code == "escalated") return "The report is sent to the wellness coordinators.";
  if (code == "warned") return "The author will see your reminder next time they visit the group.";
  if (code == "author_removed") return "The author is removed from the group and the post is hidden.";
  if (code == "closed") return "The report is closed.";
  return {};
}

Anonymity anonymity_field(const http::RequestContext& context) {
  return context.request.form.value_or_empty("anonymous") == "1" ? Anonymity::kAnonymous : Anonymity::kNamed;
}

std::string with_notice(std::string url, std::string_view code, std::string_view fragment = {}) {
  url += "?notice=";
  url += code;
  url += fragment;
  return url;
}

render::TrustedHtml rendered(std::string_view markdown_text) {
  return render::TrustedHtml::from_sanitizer(markdown::render_html(markdown_text));
}

// Members who have not accepted changed ground rules are sent to the group
// page to accept them; anyone else who may not write gets a 403.
void require_writer(const groups::access::Subject& subject) {
  if (access::can_write(subject)) return;
  if (groups::access::must_accept_rules(subject)) {
    throw Error(ErrorKind::kForbidden,
                "Please accept the group's updated ground rules first, on the group's page.",
                "conversation: rules not accepted");
  }
  throw Error(ErrorKind::kForbidden, "This group is archived: its conversation can be read but not added to.",
              "conversation: not writable");
}

void add_pagination(render::View& view, const std::string& base, int page, int total, int per_page) {
  const int pages = std::max(1, (total + per_page - 1) / per_page);
  view.set("page", page).set("pages", pages).set("paginated", pages > 1);
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  if (page > 1) view.set("previous_url", base + separator + "page=" + std::to_string(page - 1));
  if (page < pages) view.set("next_url", base + separator + "page=" + std::to_string(page + 1));
}

}  // namespace

struct ConversationsHandlers::ThreadForm {
  std::string title;
  std::string body;
  Anonymity anonymity = Anonymity::kNamed;
};

ConversationsHandlers::ConversationsHandlers(const PageRenderer& pages, ConversationService& service,
                                             const WritingCheck& writing, CrisisNotices& crisis_notices,
                                             const calendar::TimeZone& zone)
    : pages_(pages), service_(service), writing_(writing), crisis_notices_(crisis_notices), zone_(zone) {}

std::string ConversationsHandlers::moment(std::int64_t utc) const {
  return calendar::format_moment(zone_.to_local(utc));
}

render::View ConversationsHandlers::conversation_layout(const http::RequestContext& context,
                                                        const ConversationContext& group,
                                                        std::string_view title) const {
  render::View view = pages_.layout(context, title, NavItem::kGroups);
  const auto& g = group.group();
  view.set("group_name", g.name())
      .set("group_url", group_url(g))
      .set("threads_url", group_url(g, "/threads"))
      .set("flash", notice_text(context.request.query.value_or_empty("notice")));
  render::ViewList warnings;
  for (const auto& warning : service_.warnings(context.viewer, group)) {
    warnings.push(
        render::View()
            .set("message", warning.message)
            .set("when", moment(warning.created_at))
            .set("dismiss_url", group_url(g, "/warnings/" + std::to_string(warning.id) + "/dismiss")));
  }
  view.set("has_warnings", !warnings.empty()).set("warnings", std::move(warnings));
  if (crisis_notices_.take(context.session_token)) view.set("crisis_card", crisis_card(*pages_.site()));
  return view;
}

render::View ConversationsHandlers::post_view(const http::RequestContext& context,
                                              const ConversationContext& group, const Thread& thread,
                                              const PostRow& row) const {
  const auto& post = row.post;
  const auto subject = group.subject(context.viewer);
  const bool moderator = access::can_moderate(subject);
  const std::string base = group_url(group.group(), "/posts/" + std::to_string(post.id));
  render::View view;
  view.set("id", post.id)
      .set("anchor", "post-" + std::to_string(post.id))
      .set("when", moment(post.created_at))
      .set("edited", post.edited_at.has_value() && post.is_visible())
      .set("anonymous", post.is_anonymous())
      .set("own", post.is_by(context.viewer.person_id()))
      .set("author_name", row.author_name)
      .set("author_gone", !post.is_anonymous() && row.author_name.empty())
      .set("visible", post.is_visible())
      .set("hidden", post.state == PostState::kHidden)
      .set("removed", post.state == PostState::kRemoved)
      .set("deleted", post.state == PostState::kDeleted)
      .set("can_edit", access::can_edit_post(subject, thread, post))
      .set("can_delete", access::can_delete_post(subject, post))
      .set("can_report", access::can_report_post(subject, post))
      .set("can_moderate", moderator)
      .set("edit_url", base + "/edit")
      .set("delete_url", base + "/delete")
      .set("report_url", base + "/report")
      .set("moderate_url", base + "/moderate");
  if (moderator && row.open_reports > 0) view.set("open_reports", row.open_reports);
  // Hidden text stays readable to the facilitators, who may show it again.
  if (post.is_visible() || (post.state == PostState::kHidden && moderator)) {
    view.set("body_html", rendered(post.body));
  }
  return view;
}

http::Response ConversationsHandlers::threads(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto& g = group.group();
  const auto subject = group.subject(context.viewer);
  render::View view = conversation_layout(context, group, "Conversation – " + g.name());
  view.set("can_start", access::can_start_thread(subject))
      .set("must_accept_rules", groups::access::must_accept_rules(subject))
      .set("can_moderate", access::can_moderate(subject))
      .set("new_thread_url", group_url(g, "/threads/new"))
      .set("moderation_url", group_url(g, "/moderation"));
  if (access::can_moderate(subject)) {
    if (const int open = service_.store().open_report_count(g.id); open > 0) view.set("open_reports", open);
  }

  FieldErrors errors;
  const auto query = check_text("q", context.request.query.value_or_empty("q"), kSearchRule, errors);
  if (query && !query->empty()) {
    render::ViewList hits;
    for (const auto& hit : service_.search(group, *query, kSearchResults)) {
      render::ViewList parts;
      for (const auto& part : hit.snippet)
        parts.push(render::View().set("text", part.text).set("match", part.match));
      hits.push(render::View()
                    .set("title", hit.thread_title)
                    .set("url", thread_url(g, hit.thread_id) + "#post-" + std::to_string(hit.post_id))
                    .set("parts", std::move(parts)));
    }
    view.set("searched", true).set("q", *query).set("hit_count", static_cast<int>(hits.size()));
    view.set("no_hits", hits.empty()).set("hits", std::move(hits));
    return pages_.page("groups/threads/index", view);
  }
  if (!errors.empty()) view.set("search_error", errors.message_for("q"));

  const int page = page_number(context.request.query);
  const auto listing = service_.threads(context.viewer, group, page, kThreadsPerPage);
  render::ViewList threads;
  for (const auto& row : listing.threads) {
    const auto& t = row.thread;
    threads.push(render::View()
                     .set("title", t.title)
                     .set("url", thread_url(g, t.id))
                     .set("pinned", t.pinned)
                     .set("locked", t.locked)
                     .set("unread", row.unread)
                     .set("anonymous", row.starter_anonymous)
                     .set("starter_name", row.starter_name)
                     .set("posts", t.post_count)
                     .set("one_post", t.post_count == 1)
                     .set("last_activity", moment(t.last_activity_at)));
  }
  view.set("no_threads", listing.total == 0).set("threads", std::move(threads));
  add_pagination(view, group_url(g, "/threads"), page, listing.total, kThreadsPerPage);
  return pages_.page("groups/threads/index", view);
}

http::Response ConversationsHandlers::thread_form_page(const http::RequestContext& context,
                                                       const ConversationContext& group,
                                                       const ThreadForm& form, const FieldErrors& errors,
                                                       const WritingReview* review, int status) const {
  render::View view = conversation_layout(context, group, "Start a thread – " + group.group().name());
  add_errors(view, errors);
  view.set("title", form.title)
      .set("body", form.body)
      .set("anonymous", form.anonymity == Anonymity::kAnonymous)
      .set("may_post_anonymously",
           access::can_post_anonymously(group.subject(context.viewer), group.settings))
      .set("action", group_url(group.group(), "/threads/new"));
  if (review) {
    if (review->phi_found) view.set("phi_warning", review->phi_warning);
    if (review->crisis) view.set("crisis_card", crisis_card(*pages_.site()));
  }
  return pages_.page("groups/threads/new", view, status);
}

http::Response ConversationsHandlers::new_thread_form(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  require_writer(group.subject(context.viewer));
  return thread_form_page(context, group, {}, {}, nullptr, 200);
}

http::Response ConversationsHandlers::create_thread(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  require_writer(group.subject(context.viewer));
  const auto& form = context.request.form;
  ThreadForm typed{std::string(form.value_or_empty("title")), std::string(form.value_or_empty("body")),
                   anonymity_field(context)};
  FieldErrors errors;
  const auto title = check_text("title", typed.title, kTitleRule, errors);
  const auto body = check_text("body", typed.body, kBodyRule, errors);
  if (!errors.empty()) return thread_form_page(context, group, typed, errors, nullptr, 400);
  typed.title = *title;
  typed.body = *body;
  const auto review =
      writing_.review({{"title", "Title", *title}, {"body", "Your post", *body}}, phi_confirmation(context));
  if (!review.may_save) return thread_form_page(context, group, typed, {}, &review, 422);
  const auto created = service_.start_thread(context.viewer, group, *title, *body, typed.anonymity);
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(thread_url(group.group(), created.thread_id));
}

http::Response ConversationsHandlers::thread_page(const http::RequestContext& context,
                                                  const ConversationContext& group, std::int64_t thread_id,
                                                  int page, const FieldErrors& errors,
                                                  const WritingReview* review, int status) const {
  const auto loaded = service_.thread(context.viewer, group, thread_id, page, kPostsPerPage);
  const auto& t = loaded.thread;
  const auto& g = group.group();
  const auto subject = group.subject(context.viewer);
  render::View view = conversation_layout(context, group, t.title + " – " + g.name());
  render::ViewList posts;
  for (const auto& row : loaded.posts) posts.push(post_view(context, group, t, row));
  const auto url = thread_url(g, t.id);
  view.set("title", t.title)
      .set("pinned", t.pinned)
      .set("locked", t.locked)
      .set("posts", std::move(posts))
      .set("url", url)
      .set("reply_url", url + "/reply")
      .set("moderate_url", url + "/moderate")
      .set("can_reply", access::can_reply(subject, t))
      .set("can_moderate", access::can_moderate(subject))
      .set("may_post_anonymously", access::can_post_anonymously(subject, group.settings))
      .set("body", context.request.form.value_or_empty("body"))
      .set("anonymous", anonymity_field(context) == Anonymity::kAnonymous);
  add_errors(view, errors);
  add_pagination(view, url, page, loaded.total_posts, kPostsPerPage);
  if (review) {
    if (review->phi_found) view.set("phi_warning", review->phi_warning);
    if (review->crisis) view.set("crisis_card", crisis_card(*pages_.site()));
  }
  return pages_.page("groups/threads/show", view, status);
}

http::Response ConversationsHandlers::thread(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  return thread_page(context, group, path_id(context), page_number(context.request.query), {}, nullptr, 200);
}

http::Response ConversationsHandlers::reply(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  require_writer(group.subject(context.viewer));
  const auto thread_id = path_id(context);
  FieldErrors errors;
  const auto body = check_text("body", context.request.form.value_or_empty("body"), kReplyRule, errors);
  const auto last_page = [&] {
    return std::max(1,
                    (service_.store().post_count_all_states(thread_id) + kPostsPerPage - 1) / kPostsPerPage);
  };
  if (!errors.empty()) return thread_page(context, group, thread_id, last_page(), errors, nullptr, 400);
  const auto review = writing_.review({{"body", "Your reply", *body}}, phi_confirmation(context));
  if (!review.may_save) return thread_page(context, group, thread_id, last_page(), {}, &review, 422);
  const auto post_id = service_.reply(context.viewer, group, thread_id, *body, anonymity_field(context));
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(thread_url(group.group(), thread_id) + "?page=" +
                                  std::to_string(last_page()) + "#post-" + std::to_string(post_id));
}

http::Response ConversationsHandlers::edit_page(const http::RequestContext& context,
                                                const ConversationContext& group, const Post& post,
                                                const FieldErrors& errors, const WritingReview* review,
                                                int status) const {
  const auto thread = service_.thread_of(group, post.thread_id);
  const bool opening = service_.store().opening_post_id(thread.id) == post.id;
  render::View view = conversation_layout(context, group, "Edit your post – " + group.group().name());
  const auto& form = context.request.form;
  const bool submitted = context.request.method == http::Method::kPost;
  add_errors(view, errors);
  view.set("thread_title", thread.title)
      .set("thread_url", thread_url(group.group(), thread.id))
      .set("action", group_url(group.group(), "/posts/" + std::to_string(post.id) + "/edit"))
      .set("opening", opening)
      .set("title", submitted ? std::string(form.value_or_empty("title")) : thread.title)
      .set("body", submitted ? std::string(form.value_or_empty("body")) : post.body)
      .set("anonymous", post.is_anonymous());
  if (review) {
    if (review->phi_found) view.set("phi_warning", review->phi_warning);
    if (review->crisis) view.set("crisis_card", crisis_card(*pages_.site()));
  }
  return pages_.page("groups/posts/edit", view, status);
}

http::Response ConversationsHandlers::edit_post_form(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto post = service_.post_of(group, path_id(context));
  const auto thread = service_.thread_of(group, post.thread_id);
  if (!access::can_edit_post(group.subject(context.viewer), thread, post)) {
    throw Error::forbidden("conversation: may not edit post");
  }
  return edit_page(context, group, post, {}, nullptr, 200);
}

http::Response ConversationsHandlers::edit_post(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto post = service_.post_of(group, path_id(context));
  const auto thread = service_.thread_of(group, post.thread_id);
  if (!access::can_edit_post(group.subject(context.viewer), thread, post)) {
    throw Error::forbidden("conversation: may not edit post");
  }
  const bool opening = service_.store().opening_post_id(thread.id) == post.id;
  FieldErrors errors;
  std::optional<std::string> title;
  if (opening) title = check_text("title", context.request.form.value_or_empty("title"), kTitleRule, errors);
  const auto body = check_text("body", context.request.form.value_or_empty("body"), kBodyRule, errors);
  if (!errors.empty()) return edit_page(context, group, post, errors, nullptr, 400);
  const auto review = opening ? writing_.review({{"title", "Title", *title}, {"body", "Your post", *body}},
                                                phi_confirmation(context))
                              : writing_.review({{"body", "Your post", *body}}, phi_confirmation(context));
  if (!review.may_save) return edit_page(context, group, post, {}, &review, 422);
  service_.edit_post(context.viewer, group, post.id, *body,
                     title ? std::optional<std::string_view>(*title) : std::nullopt);
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(
      with_notice(thread_url(group.group(), thread.id), "edited", "#post-" + std::to_string(post.id)));
}

http::Response ConversationsHandlers::delete_post(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto post = service_.post_of(group, path_id(context));
  service_.delete_post(context.viewer, group, post.id);
  return http::Response::redirect(with_notice(thread_url(group.group(), post.thread_id), "deleted"));
}

http::Response ConversationsHandlers::report_page(const http::RequestContext& context,
                                                  const ConversationContext& group, const Post& post,
                                                  const FieldErrors& errors, int status) const {
  const auto thread = service_.thread_of(group, post.thread_id);
  render::View view = conversation_layout(context, group, "Report a post – " + group.group().name());
  add_errors(view, errors);
  const auto chosen = context.request.form.value_or_empty("reason");
  render::ViewList reasons;
  for (const auto reason : {ReportReason::kPatientInformation, ReportReason::kUnkind, ReportReason::kSafety,
                            ReportReason::kSpam, ReportReason::kOther}) {
    reasons.push(render::View()
                     .set("value", to_text(reason))
                     .set("label", label(reason))
                     .set("checked", chosen == to_text(reason)));
  }
  view.set("reasons", std::move(reasons))
      .set("note", context.request.form.value_or_empty("note"))
      .set("thread_title", thread.title)
      .set("thread_url", thread_url(group.group(), thread.id) + "#post-" + std::to_string(post.id))
      .set("action", group_url(group.group(), "/posts/" + std::to_string(post.id) + "/report"))
      .set("body_html", rendered(post.body));
  return pages_.page("groups/posts/report", view, status);
}

http::Response ConversationsHandlers::report_form(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto post = service_.post_of(group, path_id(context));
  if (!access::can_report_post(group.subject(context.viewer), post)) {
    throw Error::forbidden("conversation: may not report");
  }
  return report_page(context, group, post, {}, 200);
}

http::Response ConversationsHandlers::report(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto post = service_.post_of(group, path_id(context));
  if (!access::can_report_post(group.subject(context.viewer), post)) {
    throw Error::forbidden("conversation: may not report");
  }
  FieldErrors errors;
  const auto reason = report_reason_from_text(context.request.form.value_or_empty("reason"));
  if (!reason)
    errors.add("reason-" + std::string(to_text(ReportReason::kPatientInformation)),
               "Please choose a reason.");
  const auto note = check_text("note", context.request.form.value_or_empty("note"), kReportNoteRule, errors);
  if (!errors.empty()) return report_page(context, group, post, errors, 400);
  const bool recorded = service_.report_post(context.viewer, group, post.id, *reason, *note);
  return http::Response::redirect(with_notice(thread_url(group.group(), post.thread_id),
                                              recorded ? "reported" : "already_reported",
                                              "#post-" + std::to_string(post.id)));
}

http::Response ConversationsHandlers::resource_page(const http::RequestContext& context,
                                                    const ConversationContext& group,
                                                    const FieldErrors& errors, const WritingReview* review,
                                                    int status) const {
  render::View view = conversation_layout(context, group, "Share a resource – " + group.group().name());
  const auto& form = context.request.form;
  add_errors(view, errors);
  view.set("title", form.value_or_empty("title"))
      .set("link", form.value_or_empty("url"))
      .set("why", form.value_or_empty("why"))
      .set("anonymous", anonymity_field(context) == Anonymity::kAnonymous)
      .set("may_post_anonymously",
           access::can_post_anonymously(group.subject(context.viewer), group.settings))
      .set("action", group_url(group.group(), "/resources/new"));
  if (review && review->phi_found) view.set("phi_warning", review->phi_warning);
  return pages_.page("groups/resources/new", view, status);
}

http::Response ConversationsHandlers::new_resource_form(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  require_writer(group.subject(context.viewer));
  return resource_page(context, group, {}, nullptr, 200);
}

http::Response ConversationsHandlers::share_resource(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  require_writer(group.subject(context.viewer));
  const auto& form = context.request.form;
  FieldErrors errors;
  const auto title = check_text("title", form.value_or_empty("title"), kResourceTitleRule, errors);
  const auto url = std::string(text::trim(form.value_or_empty("url")));
  if (!is_web_url(url))
    errors.add("url", "Please give the full web address, starting with https:// or http://.");
  const auto why = check_text("why", form.value_or_empty("why"), kResourceWhyRule, errors);
  if (!errors.empty()) return resource_page(context, group, errors, nullptr, 400);
  const auto review = writing_.review({{"title", "Title", *title}, {"why", "Why it helped", *why}},
                                      phi_confirmation(context));
  if (!review.may_save) return resource_page(context, group, {}, &review, 422);
  SharedResource resource;
  resource.anonymity = anonymity_field(context);
  resource.title = *title;
  resource.url = url;
  resource.why = *why;
  service_.share_resource(context.viewer, group, std::move(resource));
  return http::Response::redirect(with_notice(group_url(group.group()), "shared", "#resources-heading"));
}

http::Response ConversationsHandlers::remove_resource(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  service_.remove_resource(context.viewer, group, path_id(context));
  return http::Response::redirect(
      with_notice(group_url(group.group()), "resource_removed", "#resources-heading"));
}

http::Response ConversationsHandlers::dismiss_warning(const http::RequestContext& context) const {
  const auto group = service_.load(context.viewer, context.request.path_parameter("slug"));
  service_.dismiss_warning(context.viewer, group, path_id(context));
  return http::Response::redirect(group_url(group.group(), "/threads"));
}

void ConversationsHandlers::add_group_sections(const http::RequestContext& context,
                                               const groups::GroupForViewer& loaded,
                                               render::View& view) const {
  const groups::access::Subject subject{context.viewer, loaded.group, loaded.membership};
  if (!access::can_read(subject)) return;
  const ConversationContext group{loaded, service_.store().settings(loaded.group.id)};
  const auto& g = loaded.group;
  render::View conversation;
  const auto listing = service_.threads(context.viewer, group, 1, kThreadsOnGroupPage);
  render::ViewList threads;
  for (const auto& row : listing.threads) {
    threads.push(render::View()
                     .set("title", row.thread.title)
                     .set("url", thread_url(g, row.thread.id))
                     .set("pinned", row.thread.pinned)
                     .set("unread", row.unread)
                     .set("last_activity", moment(row.thread.last_activity_at)));
  }
  conversation.set("threads_url", group_url(g, "/threads"))
      .set("no_threads", listing.total == 0)
      .set("threads", std::move(threads))
      .set("can_start", access::can_start_thread(subject))
      .set("new_thread_url", group_url(g, "/threads/new"))
      .set("allows_anonymous", group.settings.allow_anonymous);
  if (group.settings.retention_days) conversation.set("retention_days", *group.settings.retention_days);
  if (access::can_moderate(subject)) {
    conversation.set("can_moderate", true).set("moderation_url", group_url(g, "/moderation"));
    if (const int open = service_.store().open_report_count(g.id); open > 0)
      conversation.set("open_reports", open);
  }
  view.set("conversation", std::move(conversation));

  render::ViewList resources;
  for (const auto& row : service_.resources(group)) {
    const auto& r = row.resource;
    resources.push(render::View()
                       .set("title", r.title)
                       .set("url", r.url)
                       .set("why", r.why)
                       .set("anonymous", r.anonymity == Anonymity::kAnonymous)
                       .set("author_name", row.author_name)
                       .set("when", moment(r.created_at))
                       .set("can_remove", access::can_remove_resource(subject, r))
                       .set("remove_url", group_url(g, "/resources/" + std::to_string(r.id) + "/delete")));
  }
  view.set("shared_resources", render::View()
                                   .set("items", std::move(resources))
                                   .set("can_share", access::can_share_resource(subject))
                                   .set("share_url", group_url(g, "/resources/new")));
}

}  // namespace hearth::features::conversations
