// The moderation half of ConversationsHandlers: the facilitators' page for a
// group and the coordinators' page for escalated reports.
#include "common/error.h"
#include "common/text.h"
#include "features/conversations/conversation_access.h"
#include "features/conversations/conversation_paths.h"
#include "features/conversations/conversations_handlers.h"
#include "markdown/markdown.h"

namespace hearth::features::conversations {
namespace {

constexpr TextRule kWarningRule{"Your reminder", 1, 1000, LineBreaks::kAllowed};
constexpr TextRule kRevealReasonRule{"The reason", 10, 1000, LineBreaks::kAllowed};

Error unknown_action() {
  return Error::bad_request("That form asked for an action we don't know. Please go back and try again.");
}

// Where a moderation form sends the facilitator back to: the moderation page
// or the thread. Only these two, never a URL from the form.
enum class ReturnTo { kThread, kModeration };
ReturnTo return_to(const http::RequestContext& context) {
  return context.request.form.value_or_empty("return_to") == "moderation" ? ReturnTo::kModeration
                                                                          : ReturnTo::kThread;
}

}  // namespace

render::View ConversationsHandlers::report_view(const ReportRow& row) const {
  const auto& post = row.post.post;
  render::View view;
  view.set("id", row.report.id)
      .set("reason", label(row.report.reason))
      .set("note", row.report.note)
      .set("when", moment(row.report.created_at))
      .set("thread_title", row.thread_title)
      .set("thread_url", "/groups/" + row.group_slug + "/threads/" + std::to_string(post.thread_id) +
                             "#post-" + std::to_string(post.id))
      .set("group_name", row.group_name)
      .set("post_id", post.id)
      .set("anonymous", post.is_anonymous())
      .set("author_name", row.post.author_name)
      .set("post_visible", post.is_visible())
      .set("post_hidden", post.state == PostState::kHidden)
      .set("post_gone", post.state == PostState::kRemoved || post.state == PostState::kDeleted)
      .set("post_when", moment(post.created_at));
  if (post.is_visible() || post.state == PostState::kHidden) {
    view.set("body_html", render::TrustedHtml::from_sanitizer(markdown::render_html(post.body)));
  }
  return view;
}

http::Response ConversationsHandlers::moderation_page(const http::RequestContext& context,
                                                      const ConversationContext& group,
                                                      const FieldErrors& errors, int status) const {
  const auto& g = group.group();
  const auto subject = group.subject(context.viewer);
  render::View view = conversation_layout(context, group, "Moderation – " + g.name());
  add_errors(view, errors);
  render::ViewList reports;
  for (const auto& row : service_.open_reports(group)) {
    auto item = report_view(row);
    const auto& post = row.post.post;
    item.set("action_url", group_url(g, "/moderation/reports/" + std::to_string(row.report.id)))
        .set("moderate_url", group_url(g, "/posts/" + std::to_string(post.id) + "/moderate"))
        .set("can_remove_author", access::can_remove_author(subject, post))
        .set("can_warn", post.author_person_id.has_value());
    reports.push(std::move(item));
  }
  view.set("no_reports", reports.empty()).set("reports", std::move(reports));
  const auto& form = context.request.form;
  const bool submitted = context.request.method == http::Method::kPost && !errors.empty();
  view.set("settings_url", group_url(g, "/moderation/settings"))
      .set("allow_anonymous",
           submitted ? form.value_or_empty("allow_anonymous") == "1" : group.settings.allow_anonymous)
      .set("retention_days",
           submitted ? std::string(form.value_or_empty("retention_days"))
                     : (group.settings.retention_days ? std::to_string(*group.settings.retention_days) : ""));
  return pages_.page("groups/moderation/index", view, status);
}

http::Response ConversationsHandlers::moderation(const http::RequestContext& context) const {
  const auto group = service_.load_for_moderation(context.viewer, context.request.path_parameter("slug"));
  return moderation_page(context, group, {}, 200);
}

http::Response ConversationsHandlers::handle_report(const http::RequestContext& context) const {
  const auto group = service_.load_for_moderation(context.viewer, context.request.path_parameter("slug"));
  const auto action_text = context.request.form.value_or_empty("action");
  std::optional<ReportAction> action;
  std::string_view notice;
  if (action_text == "dismiss") action = ReportAction::kDismiss, notice = "dismissed";
  if (action_text == "escalate") action = ReportAction::kEscalate, notice = "escalated";
  if (action_text == "warn") action = ReportAction::kWarnAuthor, notice = "warned";
  if (action_text == "remove_author") action = ReportAction::kRemoveAuthor, notice = "author_removed";
  if (!action) throw unknown_action();
  std::string message;
  if (*action == ReportAction::kWarnAuthor) {
    FieldErrors errors;
    const auto report_id = path_id(context);
    const auto checked = check_text("message-" + std::to_string(report_id),
                                    context.request.form.value_or_empty("message"), kWarningRule, errors);
    if (!checked) return moderation_page(context, group, errors, 400);
    message = *checked;
  }
  service_.handle_report(context.viewer, group, path_id(context), *action, message);
  return http::Response::redirect(group_url(group.group(), "/moderation?notice=" + std::string(notice)));
}

http::Response ConversationsHandlers::save_settings(const http::RequestContext& context) const {
  const auto group = service_.load_for_moderation(context.viewer, context.request.path_parameter("slug"));
  const auto& form = context.request.form;
  ConversationSettings settings;
  settings.allow_anonymous = form.value_or_empty("allow_anonymous") == "1";
  FieldErrors errors;
  const auto days_text = text::trim(form.value_or_empty("retention_days"));
  if (!days_text.empty()) {
    const auto days = check_integer("retention_days", days_text, "The number of days", 7, 3650, errors);
    if (!days) return moderation_page(context, group, errors, 400);
    settings.retention_days = *days;
  }
  service_.save_settings(context.viewer, group, settings);
  return http::Response::redirect(group_url(group.group(), "/moderation?notice=settings"));
}

http::Response ConversationsHandlers::moderate_post(const http::RequestContext& context) const {
  const auto group = service_.load_for_moderation(context.viewer, context.request.path_parameter("slug"));
  const auto action_text = context.request.form.value_or_empty("action");
  std::optional<PostModeration> action;
  std::string_view notice;
  if (action_text == "hide") action = PostModeration::kHide, notice = "hidden";
  if (action_text == "show") action = PostModeration::kShow, notice = "shown";
  if (action_text == "remove") action = PostModeration::kRemove, notice = "removed";
  if (!action) throw unknown_action();
  const auto post = service_.post_of(group, path_id(context));
  service_.moderate_post(context.viewer, group, post.id, *action);
  if (return_to(context) == ReturnTo::kModeration) {
    return http::Response::redirect(group_url(group.group(), "/moderation?notice=" + std::string(notice)));
  }
  return http::Response::redirect(group_url(group.group(), "/threads/" + std::to_string(post.thread_id) +
                                                               "?notice=" + std::string(notice) + "#post-" +
                                                               std::to_string(post.id)));
}

http::Response ConversationsHandlers::moderate_thread(const http::RequestContext& context) const {
  const auto group = service_.load_for_moderation(context.viewer, context.request.path_parameter("slug"));
  const auto action_text = context.request.form.value_or_empty("action");
  std::optional<ThreadModeration> action;
  std::string_view notice;
  if (action_text == "pin") action = ThreadModeration::kPin, notice = "pinned";
  if (action_text == "unpin") action = ThreadModeration::kUnpin, notice = "unpinned";
  if (action_text == "lock") action = ThreadModeration::kLock, notice = "locked";
  if (action_text == "unlock") action = ThreadModeration::kUnlock, notice = "unlocked";
  if (!action) throw unknown_action();
  const auto thread_id = path_id(context);
  service_.moderate_thread(context.viewer, group, thread_id, *action);
  return http::Response::redirect(
      group_url(group.group(), "/threads/" + std::to_string(thread_id) + "?notice=" + std::string(notice)));
}

http::Response ConversationsHandlers::escalations(const http::RequestContext& context) const {
  render::View view = pages_.layout(context, "Reports sent to coordinators", NavItem::kNone);
  const auto code = context.request.query.value_or_empty("notice");
  if (code == "closed") view.set("flash", "The report is closed.");
  if (code == "hidden") view.set("flash", "The post is hidden and the report closed.");
  if (code == "removed") view.set("flash", "The post is removed and the report closed.");
  render::ViewList reports;
  for (const auto& row : service_.escalated_reports(context.viewer)) {
    auto item = report_view(row);
    item.set("action_url", "/admin/reports/" + std::to_string(row.report.id))
        .set("reveal_url", "/admin/reports/" + std::to_string(row.report.id) + "/reveal");
    reports.push(std::move(item));
  }
  view.set("no_reports", reports.empty()).set("reports", std::move(reports));
  return pages_.page("admin/reports/index", view);
}

http::Response ConversationsHandlers::handle_escalation(const http::RequestContext& context) const {
  const auto action_text = context.request.form.value_or_empty("action");
  std::optional<EscalationAction> action;
  std::string_view notice;
  if (action_text == "hide") action = EscalationAction::kHidePost, notice = "hidden";
  if (action_text == "remove") action = EscalationAction::kRemovePost, notice = "removed";
  if (action_text == "close") action = EscalationAction::kClose, notice = "closed";
  if (!action) throw unknown_action();
  service_.handle_escalation(context.viewer, path_id(context), *action);
  return http::Response::redirect("/admin/reports?notice=" + std::string(notice));
}

http::Response ConversationsHandlers::reveal_page(const http::RequestContext& context, const ReportRow& row,
                                                  const FieldErrors& errors, std::string_view revealed_name,
                                                  int status) const {
  render::View view = pages_.layout(context, "Reveal the author of an anonymous post", NavItem::kNone);
  add_errors(view, errors);
  view.set("report", report_view(row))
      .set("action", "/admin/reports/" + std::to_string(row.report.id) + "/reveal")
      .set("reason", context.request.form.value_or_empty("reason"))
      .set("revealed_name", revealed_name);
  return pages_.page("admin/reports/reveal", view, status);
}

http::Response ConversationsHandlers::reveal_form(const http::RequestContext& context) const {
  const auto row = service_.escalated_report(context.viewer, path_id(context));
  if (!access::can_reveal_author(context.viewer, row.report, row.post.post)) {
    throw Error::forbidden("moderation: not an anonymous post");
  }
  return reveal_page(context, row, {}, {}, 200);
}

http::Response ConversationsHandlers::reveal(const http::RequestContext& context) const {
  const auto row = service_.escalated_report(context.viewer, path_id(context));
  FieldErrors errors;
  const auto reason =
      check_text("reason", context.request.form.value_or_empty("reason"), kRevealReasonRule, errors);
  if (!reason) return reveal_page(context, row, errors, {}, 400);
  const auto name = service_.reveal_author(context.viewer, row.report.id, *reason);
  return reveal_page(context, row, {}, name, 200);
}

void ConversationsHandlers::add_home_sections(const http::RequestContext& context, render::View& view) const {
  if (!access::can_handle_escalations(context.viewer)) return;
  const auto waiting = service_.escalated_reports(context.viewer).size();
  view.set("coordinator_tools",
           render::View().set("reports_waiting", waiting > 0).set("report_count", static_cast<int>(waiting)));
}

}  // namespace hearth::features::conversations
