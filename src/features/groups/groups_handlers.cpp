#include "features/groups/groups_handlers.h"

#include <fmt/format.h>

#include "calendar/schedule.h"
#include "common/error.h"
#include "common/text.h"
#include "features/groups/group_access.h"

namespace hearth::features::groups {
namespace {

constexpr int kPageSize = 20;

// Notices shown after a redirect. Only these fixed texts can appear: the URL
// carries a code, never text.
std::string_view notice_text(std::string_view code) {
  if (code == "created") return "Your group is ready. You are its facilitator.";
  if (code == "pending") return "Thanks! A wellness coordinator will review the group before it is listed.";
  if (code == "updated") return "The group's details are saved.";
  if (code == "joined") return "Welcome! You are now a member of this group.";
  if (code == "waitlisted")
    return "The group is full, so you are on its waiting list. You'll get the next place.";
  if (code == "requested")
    return "Your request has been sent to the facilitators. You'll see their answer here.";
  if (code == "left") return "You have left the group.";
  if (code == "withdrawn") return "Done. You are no longer waiting for this group.";
  if (code == "rules") return "Thank you for accepting the ground rules.";
  if (code == "declined") return "You declined the invitation.";
  if (code == "archived") return "The group is archived. Members can still see it; nobody can join.";
  if (code == "reviewed") return "The group has been reviewed.";
  return {};
}

std::int64_t person_id_field(const http::RequestContext& context) {
  const auto id = parse_id(context.request.form.value_or_empty("person_id"));
  if (!id) throw Error::bad_request("That form was missing who it is about. Please go back and try again.");
  return *id;
}

RulesAcceptance rules_field(const http::RequestContext& context) {
  return context.request.form.value_or_empty("accept_rules") == "1" ? RulesAcceptance::kAccepted
                                                                    : RulesAcceptance::kNotAccepted;
}

std::string group_path(const Group& group, std::string_view suffix = {}) {
  return "/groups/" + group.slug() + std::string(suffix);
}

constexpr std::array kAudiences = {AudienceKind::kAllStaff, AudienceKind::kProfessions,
                                   AudienceKind::kDepartments};
constexpr std::array kPolicies = {JoinPolicy::kOpen, JoinPolicy::kRequest, JoinPolicy::kInvitation};
constexpr std::array kVisibilities = {Visibility::kListed, Visibility::kHidden};
constexpr std::array kFormats = {MeetingFormat::kInPerson, MeetingFormat::kVirtual, MeetingFormat::kHybrid};

// Choices for a select or radio group: value (the stored text), label, and
// whether it is the selected one.
template <typename Enum, std::size_t N>
render::ViewList enum_options(const std::array<Enum, N>& values, std::optional<Enum> selected) {
  render::ViewList list;
  for (const auto value : values) {
    list.push(render::View()
                  .set("value", to_text(value))
                  .set("label", label(value))
                  .set("selected", selected && *selected == value));
  }
  return list;
}

// Monday to Sunday, with the value parse_weekday() accepts.
render::ViewList weekday_options(std::optional<calendar::Weekday> selected) {
  render::ViewList list;
  for (int day = 1; day <= 7; ++day) {
    const auto weekday = static_cast<calendar::Weekday>(day % 7);
    const auto name = calendar::weekday_name(weekday);
    list.push(render::View()
                  .set("value", text::to_lower_ascii(name))
                  .set("label", name)
                  .set("selected", selected && *selected == weekday));
  }
  return list;
}

render::ViewList tag_options(const std::vector<std::string>& checked) {
  render::ViewList list;
  for (const auto& tag : topic_tags()) {
    const bool is_checked = std::find(checked.begin(), checked.end(), tag.slug) != checked.end();
    list.push(render::View().set("value", tag.slug).set("label", tag.label).set("checked", is_checked));
  }
  return list;
}

// Adds the values a form template needs to show the draft again.
void add_draft(render::View& view, const GroupDraft& d) {
  view.set("name", d.name)
      .set("slug", d.slug)
      .set("focus", d.focus)
      .set("description", d.description)
      .set("audience_detail", d.audience_detail)
      .set("ground_rules", d.ground_rules)
      .set("location", d.location)
      .set("virtual_link", d.virtual_link)
      .set("members_see_member_list", d.members_see_member_list)
      .set("place_members_only", d.place_members_only)
      .set("capacity", d.capacity ? std::to_string(*d.capacity) : std::string())
      .set("interval", d.schedule.interval)
      .set("first_date", fmt::format("{:04}-{:02}-{:02}", d.schedule.first_date.year,
                                     d.schedule.first_date.month, d.schedule.first_date.day))
      .set("start_time", fmt::format("{:02}:{:02}", d.schedule.start_time.hour, d.schedule.start_time.minute))
      .set("duration_minutes", d.schedule.duration_minutes);
  std::string questions;
  for (const auto& question : d.vetting_questions) questions += question + "\n";
  view.set("vetting_questions", questions);

  view.set("audience_options", enum_options(kAudiences, std::optional(d.audience_kind)))
      .set("policy_options", enum_options(kPolicies, std::optional(d.join_policy)))
      .set("visibility_options", enum_options(kVisibilities, std::optional(d.visibility)))
      .set("format_options", enum_options(kFormats, std::optional(d.format)))
      .set("weekday_options", weekday_options(d.schedule.weekday))
      .set("tag_options", tag_options(d.tags))
      .set("weekly", d.schedule.recurrence == calendar::Recurrence::kWeekly)
      .set("monthly", d.schedule.recurrence == calendar::Recurrence::kMonthlyByWeekday);
  render::ViewList weeks;
  for (const auto& [value, name] : std::array<std::pair<int, std::string_view>, 5>{
           {{1, "First"}, {2, "Second"}, {3, "Third"}, {4, "Fourth"}, {-1, "Last"}}}) {
    weeks.push(render::View()
                   .set("value", std::to_string(value))
                   .set("label", name)
                   .set("selected", value == d.schedule.week_of_month));
  }
  view.set("week_options", std::move(weeks));
}

}  // namespace

GroupsHandlers::GroupsHandlers(const PageRenderer& pages, GroupService& service, const WritingCheck& writing,
                               const calendar::TimeZone& zone, const Clock& clock,
                               GroupSections group_sections)
    : pages_(pages),
      service_(service),
      writing_(writing),
      zone_(zone),
      clock_(clock),
      group_sections_(std::move(group_sections)),
      next_meetings_(zone, clock) {}

std::string GroupsHandlers::next_meeting_text(const Group& group) const {
  const auto next = next_meetings_.next(group);
  return next ? calendar::format_occurrence(*next) : std::string();
}

render::View GroupsHandlers::group_summary(const Group& group) const {
  const auto& d = group.details;
  render::View view;
  view.set("name", d.name)
      .set("url", group_path(group))
      .set("slug", group.slug())
      .set("focus", d.focus)
      .set("schedule", calendar::describe(d.schedule))
      .set("next_meeting", next_meeting_text(group))
      .set("format", label(d.format))
      .set("policy", label(d.join_policy))
      .set("audience", d.audience_kind == AudienceKind::kAllStaff
                           ? std::string(label(AudienceKind::kAllStaff))
                           : d.audience_detail)
      .set("full", group.is_full());
  view.set("size", d.capacity ? fmt::format("{} of {} places taken", group.active_members, *d.capacity)
                              : fmt::format("{} member{}", group.active_members,
                                            group.active_members == 1 ? "" : "s"));
  render::ViewList tags;
  for (const auto& tag : d.tags) tags.push(render::View().set("label", tag_label(tag).value_or(tag)));
  view.set("tags", std::move(tags));
  return view;
}

http::Response GroupsHandlers::index(const http::RequestContext& context) const {
  const auto& query = context.request.query;
  GroupSearch search;
  search.page_size = kPageSize;
  render::View view = pages_.layout(context, "Peer support groups", NavItem::kGroups);

  // Every filter is checked against its allowed values; anything else is
  // ignored rather than refused, so an old or edited link still shows groups.
  const auto q = query.value_or_empty("q");
  // 200 characters, as the search box allows (not bytes: a query in Arabic fills them at two bytes each).
  if (text::is_valid_utf8(q) && text::code_point_count(q) <= 200) search.text = std::string(text::trim(q));
  for (const auto tag : query.all("tag")) {
    if (tag_label(tag)) search.tags.emplace_back(tag);
  }
  search.audience = audience_kind_from_text(query.value_or_empty("audience"));
  search.format = meeting_format_from_text(query.value_or_empty("format"));
  search.weekday = calendar::parse_weekday(query.value_or_empty("day"));
  search.has_room = query.value_or_empty("room") == "1";
  search.page = page_number(query);

  const auto results = service_.store().search(search);
  render::ViewList groups;
  for (const auto& group : results.groups) groups.push(group_summary(group));
  const int pages = (results.total + kPageSize - 1) / kPageSize;
  view.set("q", search.text)
      .set("groups", std::move(groups))
      .set("total", results.total)
      .set("one_result", results.total == 1)
      .set("no_results", results.total == 0)
      .set("has_room", search.has_room)
      .set("searched", !search.text.empty() || !search.tags.empty() || search.audience || search.format ||
                           search.weekday || search.has_room)
      .set("can_start", access::can_start_group(context.viewer))
      .set("page", search.page)
      .set("pages", pages);

  // Links to the neighbouring pages keep every filter.
  std::string base = "/groups?";
  for (const auto& [name, value] : query.entries()) {
    if (name == "page") continue;
    std::string encoded;
    for (unsigned char c : value) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
        encoded += static_cast<char>(c);
      } else {
        encoded += fmt::format("%{:02X}", c);
      }
    }
    if (name == "q" || name == "tag" || name == "audience" || name == "format" || name == "day" ||
        name == "room") {
      base += name + "=" + encoded + "&";
    }
  }
  if (search.page > 1) view.set("previous_url", base + "page=" + std::to_string(search.page - 1));
  if (search.page < pages) view.set("next_url", base + "page=" + std::to_string(search.page + 1));

  view.set("format_options", enum_options(kFormats, search.format))
      .set("audience_options", enum_options(kAudiences, search.audience))
      .set("day_options", weekday_options(search.weekday))
      .set("tag_options", tag_options(search.tags));
  return pages_.page("groups/index", view);
}

http::Response GroupsHandlers::form_page(const http::RequestContext& context, const GroupDraft& draft,
                                         const FieldErrors& errors, std::string_view slug_being_edited,
                                         int status, const WritingReview* review) const {
  const bool editing = !slug_being_edited.empty();
  render::View view = pages_.layout(context, editing ? "Edit group" : "Start a group", NavItem::kGroups);
  add_draft(view, draft);
  add_errors(view, errors);
  view.set("editing", editing)
      .set("action",
           editing ? "/groups/" + std::string(slug_being_edited) + "/edit" : std::string("/groups/new"))
      .set("cancel_url", editing ? "/groups/" + std::string(slug_being_edited) : std::string("/groups"));
  if (review && review->phi_found) view.set("phi_warning", review->phi_warning);
  return pages_.page("groups/form", view, status);
}

http::Response GroupsHandlers::new_form(const http::RequestContext& context) const {
  if (!access::can_start_group(context.viewer)) throw Error::forbidden();
  GroupDraft draft;
  draft.ground_rules = std::string(default_ground_rules());
  draft.capacity = 10;
  draft.schedule.weekday = calendar::Weekday::kTuesday;
  draft.schedule.start_time = {18, 0};
  draft.schedule.duration_minutes = 60;
  const auto today = zone_.to_local(clock_.now_seconds());
  draft.schedule.first_date = today.date;
  return form_page(context, draft, {}, {}, 200);
}

WritingReview GroupsHandlers::review_group_text(const http::RequestContext& context,
                                                const GroupDraft& draft) const {
  // The meeting place is left out: "Education centre, room 2" is where the
  // group meets, not a patient's room.
  return writing_.review({{"name", "Group name", draft.name},
                          {"focus", "Focus", draft.focus},
                          {"description", "About the group", draft.description},
                          {"audience_detail", "Who it is for", draft.audience_detail},
                          {"ground_rules", "Ground rules", draft.ground_rules}},
                         phi_confirmation(context));
}

http::Response GroupsHandlers::create(const http::RequestContext& context) const {
  auto form = parse_group_form(context.request.form);
  const auto draft = form.draft;
  if (form.errors.empty()) {
    const auto review = review_group_text(context, draft);
    if (!review.may_save) return form_page(context, draft, {}, {}, 422, &review);
  }
  auto saved = service_.create(context.viewer, std::move(form));
  if (!saved.group) return form_page(context, draft, saved.errors, {}, 400);
  return http::Response::redirect(group_path(*saved.group) + "?notice=" +
                                  (saved.group->status == GroupStatus::kPending ? "pending" : "created"));
}

http::Response GroupsHandlers::show(const http::RequestContext& context) const {
  const auto loaded = service_.load(context.viewer, context.request.path_parameter("slug"));
  const auto& group = loaded.group;
  const auto& d = group.details;
  const access::Subject subject{context.viewer, group, loaded.membership};

  render::View view = pages_.layout(context, d.name, NavItem::kGroups);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  view.set("group", group_summary(group));
  view.set("name", d.name)
      .set("description", d.description)
      .set("ground_rules", d.ground_rules)
      .set("audience_detail", d.audience_detail)
      .set("pending", group.status == GroupStatus::kPending)
      .set("returned", group.status == GroupStatus::kReturned)
      .set("archived", group.status == GroupStatus::kArchived)
      .set("review_note", group.review_note)
      .set("hidden", d.visibility == Visibility::kHidden);
  const bool can_see_place = access::can_see_place(subject);
  view.set("can_see_place", can_see_place);
  if (can_see_place) view.set("location", d.location).set("virtual_link", d.virtual_link);
  view.set("in_person", d.format != MeetingFormat::kVirtual)
      .set("online", d.format != MeetingFormat::kInPerson);
  render::ViewList facilitators;
  for (const auto& name : service_.store().facilitator_names(group.id)) {
    facilitators.push(render::View().set("name", name));
  }
  view.set("facilitators", std::move(facilitators));

  view.set("is_member", access::is_member(subject))
      .set("is_facilitator", access::is_facilitator(subject))
      .set("can_manage", access::can_manage(subject))
      .set("can_see_members", access::can_see_member_list(subject))
      .set("can_join", access::can_ask_to_join(subject))
      .set("joins_by_request", d.join_policy == JoinPolicy::kRequest)
      .set("invitation_only", d.join_policy == JoinPolicy::kInvitation && !loaded.membership)
      .set("is_full", group.is_full())
      .set("requested", access::has_status(subject, MembershipStatus::kRequested))
      .set("invited", access::has_status(subject, MembershipStatus::kInvited))
      .set("waitlisted", access::has_status(subject, MembershipStatus::kWaitlisted))
      .set("declined", access::has_status(subject, MembershipStatus::kDeclined))
      .set("decision_message", loaded.membership ? loaded.membership->decision_message : std::string())
      .set("must_accept_rules", access::must_accept_rules(subject))
      .set("can_leave", access::can_leave(subject))
      .set("url", group_path(group));
  if (group_sections_) group_sections_(context, loaded, view);
  return pages_.page("groups/show", view);
}

http::Response GroupsHandlers::join_page(const http::RequestContext& context, const GroupForViewer& loaded,
                                         JoinProblem problem, int status, const WritingReview* review) const {
  const std::string_view error =
      problem == JoinProblem::kAnswers ? "Please answer each question (up to 1,000 characters)."
      : problem == JoinProblem::kRules ? "Please read the ground rules and tick the box to accept them."
                                       : "";
  const auto& group = loaded.group;
  render::View view = pages_.layout(context, "Join " + group.name(), NavItem::kGroups);
  const bool invited = loaded.membership && loaded.membership->status == MembershipStatus::kInvited;
  view.set("name", group.name())
      .set("url", group_path(group))
      .set("ground_rules", group.details.ground_rules)
      .set("invited", invited)
      .set("action", group_path(group, invited ? "/invitation" : "/join"))
      .set("form_error", error)
      .set("answers_error", problem == JoinProblem::kAnswers)
      .set("is_full", group.is_full());
  render::ViewList questions;
  if (!invited && group.details.join_policy == JoinPolicy::kRequest) {
    int index = 0;
    for (const auto& question : group.details.vetting_questions) {
      const auto typed = context.request.form.value_or_empty("answer_" + std::to_string(index));
      questions.push(render::View()
                         .set("question", question)
                         .set("field", "answer_" + std::to_string(index))
                         .set("answer", typed));
      ++index;
    }
  }
  view.set("has_questions", !questions.empty());
  view.set("questions", std::move(questions));
  if (review && review->phi_found) view.set("phi_warning", review->phi_warning);
  return pages_.page("groups/join", view, status);
}

http::Response GroupsHandlers::join_form(const http::RequestContext& context) const {
  const auto loaded = service_.load(context.viewer, context.request.path_parameter("slug"));
  const access::Subject subject{context.viewer, loaded.group, loaded.membership};
  if (!access::can_ask_to_join(subject) && !access::can_answer_invitation(subject)) {
    return http::Response::redirect(group_path(loaded.group));
  }
  return join_page(context, loaded, JoinProblem::kNone, 200);
}

http::Response GroupsHandlers::join(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  const auto loaded = service_.load(context.viewer, slug);
  std::vector<std::string> answers;
  FieldErrors errors;
  for (std::size_t i = 0; i < loaded.group.details.vetting_questions.size(); ++i) {
    const auto field = "answer_" + std::to_string(i);
    auto answer = check_text(field, context.request.form.value_or_empty(field),
                             {"Your answer", 1, 1000, LineBreaks::kAllowed}, errors);
    answers.push_back(answer.value_or(""));
  }
  if (loaded.group.details.join_policy == JoinPolicy::kRequest && !errors.empty()) {
    return join_page(context, loaded, JoinProblem::kAnswers, 400);
  }
  if (rules_field(context) != RulesAcceptance::kAccepted) {
    return join_page(context, loaded, JoinProblem::kRules, 400);
  }
  if (loaded.group.details.join_policy == JoinPolicy::kRequest) {
    // The facilitators read the answers: they pass the PHI check like any text.
    std::vector<std::string> names;
    std::vector<WrittenField> fields;
    for (std::size_t i = 0; i < answers.size(); ++i) names.push_back("answer_" + std::to_string(i));
    for (std::size_t i = 0; i < answers.size(); ++i) {
      fields.push_back({names[i], loaded.group.details.vetting_questions[i], answers[i]});
    }
    const auto review = writing_.review(fields, phi_confirmation(context));
    if (!review.may_save) return join_page(context, loaded, JoinProblem::kNone, 422, &review);
  }
  const auto outcome = service_.join(context.viewer, slug, RulesAcceptance::kAccepted, answers);
  const char* notice = outcome == JoinOutcome::kJoined       ? "joined"
                       : outcome == JoinOutcome::kWaitlisted ? "waitlisted"
                                                             : "requested";
  return http::Response::redirect(group_path(loaded.group) + "?notice=" + notice);
}

http::Response GroupsHandlers::invitation(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  const auto loaded = service_.load(context.viewer, slug);
  if (context.request.form.value_or_empty("decision") == "decline") {
    service_.decline_invitation(context.viewer, slug);
    return http::Response::redirect("/groups?notice=declined");
  }
  if (rules_field(context) != RulesAcceptance::kAccepted) {
    return join_page(context, loaded, JoinProblem::kRules, 400);
  }
  const auto outcome = service_.accept_invitation(context.viewer, slug, RulesAcceptance::kAccepted);
  return http::Response::redirect(group_path(loaded.group) +
                                  "?notice=" + (outcome == JoinOutcome::kJoined ? "joined" : "waitlisted"));
}

http::Response GroupsHandlers::accept_rules(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  if (rules_field(context) != RulesAcceptance::kAccepted) {
    throw Error::bad_request("Please tick the box to accept the ground rules.");
  }
  service_.accept_rules(context.viewer, slug);
  return http::Response::redirect("/groups/" + std::string(slug) + "?notice=rules");
}

http::Response GroupsHandlers::leave(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  const auto loaded = service_.load(context.viewer, slug);
  const bool was_member = loaded.membership && loaded.membership->is_active();
  service_.leave(context.viewer, slug);
  // A hidden group disappears for someone who left it.
  if (loaded.group.details.visibility == Visibility::kHidden)
    return http::Response::redirect("/groups?notice=left");
  return http::Response::redirect(group_path(loaded.group) +
                                  "?notice=" + (was_member ? "left" : "withdrawn"));
}

http::Response GroupsHandlers::edit_form(const http::RequestContext& context) const {
  const auto loaded = service_.load(context.viewer, context.request.path_parameter("slug"));
  if (!access::can_manage({context.viewer, loaded.group, loaded.membership})) throw Error::forbidden();
  return form_page(context, loaded.group.details, {}, loaded.group.slug(), 200);
}

http::Response GroupsHandlers::update(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  auto form = parse_group_form(context.request.form);
  const auto draft = form.draft;
  if (form.errors.empty()) {
    const auto review = review_group_text(context, draft);
    if (!review.may_save) return form_page(context, draft, {}, slug, 422, &review);
  }
  auto saved = service_.update(context.viewer, slug, std::move(form));
  if (!saved.group) return form_page(context, draft, saved.errors, slug, 400);
  return http::Response::redirect(group_path(*saved.group) + "?notice=updated");
}

http::Response GroupsHandlers::members_page(const http::RequestContext& context, const GroupForViewer& loaded,
                                            std::string_view notice, std::string_view error,
                                            int status) const {
  const access::Subject subject{context.viewer, loaded.group, loaded.membership};
  if (!access::can_see_member_list(subject)) throw Error::forbidden("member list of " + loaded.group.slug());
  const bool manage = access::can_manage(subject);
  render::View view = pages_.layout(context, "Members of " + loaded.group.name(), NavItem::kGroups);
  view.set("name", loaded.group.name())
      .set("url", group_path(loaded.group))
      .set("can_manage", manage)
      .set("flash", notice)
      .set("form_error", error);
  render::ViewList active, requests, waiting, invited;
  for (const auto& row : service_.store().members(loaded.group.id)) {
    const auto& m = row.membership;
    render::View item;
    item.set("name", row.display_name)
        .set("person_id", std::to_string(m.person_id))
        .set("facilitator", m.role == MembershipRole::kFacilitator)
        .set("is_viewer", m.person_id == context.viewer.person_id());
    switch (m.status) {
      case MembershipStatus::kActive: active.push(std::move(item)); break;
      case MembershipStatus::kRequested:
        if (manage) requests.push(std::move(item.set("answers", m.answers)));
        break;
      case MembershipStatus::kWaitlisted:
        if (manage) waiting.push(std::move(item));
        break;
      case MembershipStatus::kInvited:
        if (manage) invited.push(std::move(item));
        break;
      case MembershipStatus::kDeclined: break;
    }
  }
  view.set("has_requests", !requests.empty())
      .set("has_waiting", !waiting.empty())
      .set("has_invited", !invited.empty());
  view.set("members", std::move(active))
      .set("requests", std::move(requests))
      .set("waiting", std::move(waiting))
      .set("invited", std::move(invited));
  return pages_.page("groups/members", view, status);
}

http::Response GroupsHandlers::members(const http::RequestContext& context) const {
  const auto loaded = service_.load(context.viewer, context.request.path_parameter("slug"));
  return members_page(context, loaded, {}, {}, 200);
}

http::Response GroupsHandlers::decide(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  const auto person_id = person_id_field(context);
  FieldErrors errors;
  const auto message = check_text("message", context.request.form.value_or_empty("message"),
                                  {"Message", 0, 500, LineBreaks::kAllowed}, errors);
  if (!message) {
    return members_page(context, service_.load(context.viewer, slug), {}, errors.entries().front().second,
                        400);
  }
  const auto decision = context.request.form.value_or_empty("decision");
  if (decision != "approve" && decision != "decline") throw Error::bad_request("Choose approve or decline.");
  const auto outcome = service_.decide_request(
      context.viewer, slug, person_id,
      decision == "approve" ? RequestDecision::kApprove : RequestDecision::kDecline, *message);
  const std::string_view notice = decision == "decline" ? "The request was declined."
                                  : outcome == JoinOutcome::kWaitlisted
                                      ? "Approved. The group is full, so they are "
                                        "on the waiting list."
                                      : "Approved. They are now a member.";
  return members_page(context, service_.load(context.viewer, slug), notice, {}, 200);
}

http::Response GroupsHandlers::invite(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  FieldErrors errors;
  const auto username =
      check_text("username", context.request.form.value_or_empty("username"), {"Username", 1, 256}, errors);
  if (!username)
    return members_page(context, service_.load(context.viewer, slug), {}, "Enter a username.", 400);
  switch (service_.invite(context.viewer, slug, *username)) {
    case GroupService::InviteOutcome::kInvited:
      return members_page(context, service_.load(context.viewer, slug), "Invitation sent.", {}, 200);
    case GroupService::InviteOutcome::kAlreadyRelated:
      return members_page(context, service_.load(context.viewer, slug), {},
                          "That person is already a member, invited, waiting or asking to join.", 409);
    case GroupService::InviteOutcome::kUnknownPerson: break;
  }
  return members_page(context, service_.load(context.viewer, slug), {},
                      "Nobody with that username has signed in to Hearth yet. Ask them to sign in once, then "
                      "invite them again.",
                      404);
}

http::Response GroupsHandlers::remove(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  service_.remove_member(context.viewer, slug, person_id_field(context));
  return members_page(context, service_.load(context.viewer, slug), "Removed from the group.", {}, 200);
}

http::Response GroupsHandlers::make_facilitator(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  service_.make_facilitator(context.viewer, slug, person_id_field(context));
  return members_page(context, service_.load(context.viewer, slug), "They are now a facilitator too.", {},
                      200);
}

http::Response GroupsHandlers::archive(const http::RequestContext& context) const {
  const auto slug = context.request.path_parameter("slug");
  service_.archive(context.viewer, slug);
  return http::Response::redirect("/groups/" + std::string(slug) + "?notice=archived");
}

http::Response GroupsHandlers::review_list(const http::RequestContext& context) const {
  if (!access::can_review_groups(context.viewer)) throw Error::forbidden();
  render::View view = pages_.layout(context, "Groups waiting for review", NavItem::kNone);
  render::ViewList pending;
  for (const auto& group : service_.store().with_status(GroupStatus::kPending)) {
    auto item = group_summary(group);
    item.set("slug", group.slug()).set("ground_rules", group.details.ground_rules);
    pending.push(std::move(item));
  }
  view.set("has_pending", !pending.empty());
  view.set("pending", std::move(pending));
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  return pages_.page("admin/groups", view);
}

http::Response GroupsHandlers::review(const http::RequestContext& context) const {
  FieldErrors errors;
  const auto note = check_text("note", context.request.form.value_or_empty("note"),
                               {"Note", 0, 1000, LineBreaks::kAllowed}, errors);
  if (!note) throw Error::bad_request(errors.entries().front().second);
  const auto decision = context.request.form.value_or_empty("decision");
  if (decision != "approve" && decision != "return") throw Error::bad_request("Choose approve or send back.");
  if (decision == "return" && note->empty()) {
    throw Error::bad_request("Please add a note saying what the facilitator should change.");
  }
  service_.review(context.viewer, context.request.path_parameter("slug"),
                  decision == "approve" ? ReviewDecision::kApprove : ReviewDecision::kReturn, *note);
  return http::Response::redirect("/admin/groups?notice=reviewed");
}

void GroupsHandlers::add_home_sections(const http::RequestContext& context, render::View& view) const {
  render::ViewList mine;
  for (const auto& [group, membership] : service_.store().groups_of(context.viewer.person_id())) {
    auto item = group_summary(group);
    item.set("status", membership.status == MembershipStatus::kActive       ? ""
                       : membership.status == MembershipStatus::kRequested  ? "Request pending"
                       : membership.status == MembershipStatus::kInvited    ? "You're invited"
                       : membership.status == MembershipStatus::kWaitlisted ? "On the waiting list"
                                                                            : "");
    if (membership.is_facilitator()) {
      const int requests = service_.store().count_with_status(group.id, MembershipStatus::kRequested);
      if (requests > 0) {
        item.set("requests", fmt::format("{} request{} to review", requests, requests == 1 ? "" : "s"));
        item.set("members_url", group_path(group, "/members"));
      }
    }
    mine.push(std::move(item));
  }
  view.set("has_my_groups", !mine.empty());
  view.set("my_groups", std::move(mine));
  render::ViewList suggestions;
  for (const auto& group : service_.store().suggestions_for(context.viewer.person_id(), 3)) {
    suggestions.push(group_summary(group));
  }
  view.set("has_suggestions", !suggestions.empty());
  view.set("suggestions", std::move(suggestions));
}

}  // namespace hearth::features::groups
