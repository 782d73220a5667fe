#include "features/support/support_handlers.h"

#include <fmt/format.h>

#include <array>

#include "calendar/schedule.h"
#include "common/error.h"
#include "common/text.h"
#include "features/shared/form_validation.h"
#include "features/support/support_access.h"

namespace hearth::features::support {
namespace {

constexpr TextRule kColleagueRule{"Your colleague's name", 2, 100, LineBreaks::kNotAllowed};
constexpr TextRule kContactRule{"How to reach", 3, 200, LineBreaks::kNotAllowed};
constexpr TextRule kWindowRule{"The time", 3, 120, LineBreaks::kNotAllowed};
constexpr TextRule kContextRule{"Anything the supporter should know", 0, 300, LineBreaks::kNotAllowed};

constexpr std::array kChannels = {ContactChannel::kPhone, ContactChannel::kPager, ContactChannel::kEmail,
                                  ContactChannel::kChat};
constexpr std::array kTimings = {Timing::kSoon, Timing::kToday, Timing::kThisWeek, Timing::kWindow};
constexpr std::array kClosingOutcomes = {Outcome::kTalked, Outcome::kReferredEap, Outcome::kNoAnswer,
                                         Outcome::kDeclined};

std::string_view notice_text(std::string_view code) {
  if (code == "sent") return "Thank you. Your request is with the peer supporters.";
  if (code == "withdrawn") return "Your request is withdrawn and its details are deleted.";
  if (code == "claimed") return "You have taken this request. Please get in touch soon.";
  if (code == "released") return "The request is back in the queue for another supporter.";
  if (code == "contacted") return "Noted: you have been in touch.";
  if (code == "closed") return "The request is closed. Its details are deleted; only a count remains.";
  return {};
}

std::int64_t path_id(const http::RequestContext& context) {
  const auto id = parse_id(context.request.path_parameter("id"));
  if (!id) throw Error::not_found("support: malformed id");
  return *id;
}

std::string request_url(std::int64_t id, std::string_view suffix = {}) {
  return "/support/" + std::to_string(id) + std::string(suffix);
}

template <typename Enum, std::size_t N>
render::ViewList options(const std::array<Enum, N>& values, std::string_view chosen) {
  render::ViewList list;
  for (const auto value : values) {
    list.push(render::View()
                  .set("value", to_text(value))
                  .set("label", label(value))
                  .set("checked", chosen == to_text(value)));
  }
  return list;
}

}  // namespace

SupportHandlers::SupportHandlers(const PageRenderer& pages, SupportService& service,
                                 const WritingCheck& writing, CrisisNotices& crisis_notices,
                                 const calendar::TimeZone& zone)
    : pages_(pages), service_(service), writing_(writing), crisis_notices_(crisis_notices), zone_(zone) {}

std::string SupportHandlers::waited(std::int64_t since) const {
  const auto minutes = std::max<std::int64_t>(0, (service_.now() - since) / 60);
  if (minutes < 60) return fmt::format("{} min", minutes);
  if (minutes < 48 * 60) return fmt::format("{} h {} min", minutes / 60, minutes % 60);
  return fmt::format("{} days", minutes / (24 * 60));
}

render::View SupportHandlers::request_view(const SupportRequest& request) const {
  const auto& d = request.draft;
  render::View view;
  view.set("id", request.id)
      .set("url", request_url(request.id))
      .set("for_colleague", d.for_whom == ForWhom::kColleague)
      .set("colleague_name", d.colleague_name)
      .set("channel", label(d.channel))
      .set("contact_detail", d.contact_detail)
      .set("timing", label(d.timing))
      .set("time_window", d.time_window)
      .set("outside_department", d.department == Department::kOutsideMyDepartment)
      .set("context", d.context)
      .set("created", calendar::format_moment(zone_.to_local(request.created_at)))
      .set("waited", waited(request.created_at))
      .set("waiting", request.status == RequestStatus::kWaiting)
      .set("claimed", request.status == RequestStatus::kClaimed)
      .set("contacted", request.contacted_at.has_value())
      .set("overdue",
           request.status == RequestStatus::kWaiting &&
               service_.now() - request.created_at > service_.policy().response_target_minutes * 60);
  return view;
}

http::Response SupportHandlers::form_page(const http::RequestContext& context, const FieldErrors& errors,
                                          const WritingReview* review, int status) const {
  render::View view = pages_.layout(context, "Talk to a peer supporter", NavItem::kHelp);
  const auto& form = context.request.form;
  add_errors(view, errors);
  const auto for_whom = form.value_or_empty("for_whom");
  view.set("for_self", for_whom != "colleague")
      .set("for_colleague", for_whom == "colleague")
      .set("colleague_name", form.value_or_empty("colleague_name"))
      .set("colleague_checked", form.value_or_empty("colleague_checked") == "1")
      .set("channels", options(kChannels, form.get("channel").value_or("phone")))
      .set("contact_detail", form.value_or_empty("contact_detail"))
      .set("timings", options(kTimings, form.get("timing").value_or("soon")))
      .set("time_window", form.value_or_empty("time_window"))
      .set("outside_department", form.value_or_empty("outside_department") == "1")
      .set("context", form.value_or_empty("context"))
      .set("response_target", service_.policy().response_target_minutes);
  if (review) {
    if (review->phi_found) view.set("phi_warning", review->phi_warning);
  }
  return pages_.page("support/new", view, status);
}

http::Response SupportHandlers::new_form(const http::RequestContext& context) const {
  if (!access::can_ask(context.viewer)) throw Error::forbidden("support: may not ask");
  return form_page(context, {}, nullptr, 200);
}

http::Response SupportHandlers::create(const http::RequestContext& context) const {
  if (!access::can_ask(context.viewer)) throw Error::forbidden("support: may not ask");
  const auto& form = context.request.form;
  FieldErrors errors;
  RequestDraft draft;
  const auto for_whom = for_whom_from_text(form.value_or_empty("for_whom"));
  if (!for_whom) errors.add("for_whom-self", "Please say who the conversation is for.");
  draft.for_whom = for_whom.value_or(ForWhom::kSelf);
  if (draft.for_whom == ForWhom::kColleague) {
    if (auto name =
            check_text("colleague_name", form.value_or_empty("colleague_name"), kColleagueRule, errors)) {
      draft.colleague_name = std::move(*name);
    }
    if (form.value_or_empty("colleague_checked") != "1") {
      errors.add("colleague_checked",
                 "Please check with your colleague first, and tick the box to say they would like the call.");
    }
  }
  const auto channel = contact_channel_from_text(form.value_or_empty("channel"));
  if (!channel) errors.add("channel-phone", "Please choose how to get in touch.");
  draft.channel = channel.value_or(ContactChannel::kPhone);
  if (auto detail =
          check_text("contact_detail", form.value_or_empty("contact_detail"), kContactRule, errors)) {
    draft.contact_detail = std::move(*detail);
  }
  const auto timing = timing_from_text(form.value_or_empty("timing"));
  if (!timing) errors.add("timing-soon", "Please choose when suits.");
  draft.timing = timing.value_or(Timing::kSoon);
  if (draft.timing == Timing::kWindow) {
    if (auto window = check_text("time_window", form.value_or_empty("time_window"), kWindowRule, errors)) {
      draft.time_window = std::move(*window);
    }
  }
  draft.department = form.value_or_empty("outside_department") == "1" ? Department::kOutsideMyDepartment
                                                                      : Department::kAnyDepartment;
  if (auto note = check_text("context", form.value_or_empty("context"), kContextRule, errors)) {
    draft.context = std::move(*note);
  }
  if (!errors.empty()) return form_page(context, errors, nullptr, 400);

  const auto review = writing_.review(
      {{"colleague_name", "Your colleague's name", draft.colleague_name},
       {"contact_detail", "How to reach", draft.contact_detail, FieldPurpose::kContactDetails},
       {"time_window", "The time", draft.time_window},
       {"context", "Anything the supporter should know", draft.context}},
      phi_confirmation(context));
  if (!review.may_save) return form_page(context, {}, &review, 422);
  const auto id = service_.create(context.viewer, draft);
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(request_url(id, "?notice=sent"));
}

http::Response SupportHandlers::mine(const http::RequestContext& context) const {
  render::View view = pages_.layout(context, "Your requests for a peer supporter", NavItem::kHelp);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  render::ViewList requests;
  for (const auto& request : service_.mine(context.viewer)) requests.push(request_view(request));
  view.set("no_requests", requests.empty()).set("requests", std::move(requests));
  return pages_.page("support/mine", view);
}

http::Response SupportHandlers::show(const http::RequestContext& context) const {
  const auto id = path_id(context);
  render::View view = pages_.layout(context, "Request for a peer supporter", NavItem::kHelp);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  if (crisis_notices_.take(context.session_token)) view.set("crisis_card", crisis_card(*pages_.site()));
  // The requester's view first; supporters see the queue view of any open
  // request (details only if they took it). Anyone else: not found.
  try {
    const auto request = service_.own(context.viewer, id);
    view.set("request", request_view(request)).set("own", true);
    return pages_.page("support/show", view);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kNotFound || !access::can_work_queue(context.viewer)) throw;
  }
  const auto item = service_.for_supporter(context.viewer, id);
  auto request = request_view(item.request);
  request.set("claimed_by_viewer", item.claimed_by_viewer)
      .set("may_claim", item.may_claim)
      .set("same_department", item.same_department);
  render::ViewList outcomes;
  for (const auto outcome : kClosingOutcomes) {
    outcomes.push(render::View().set("value", to_text(outcome)).set("label", label(outcome)));
  }
  view.set("request", std::move(request)).set("supporter", true).set("outcomes", std::move(outcomes));
  return pages_.page("support/show", view);
}

http::Response SupportHandlers::withdraw(const http::RequestContext& context) const {
  service_.withdraw(context.viewer, path_id(context));
  return http::Response::redirect("/support?notice=withdrawn");
}

http::Response SupportHandlers::queue(const http::RequestContext& context) const {
  render::View view = pages_.layout(context, "Peer-support queue", NavItem::kNone);
  view.set("flash", notice_text(context.request.query.value_or_empty("notice")));
  render::ViewList waiting;
  render::ViewList mine;
  int taken_by_others = 0;
  for (const auto& item : service_.queue(context.viewer)) {
    auto request = request_view(item.request);
    request.set("claimed_by_viewer", item.claimed_by_viewer)
        .set("may_claim", item.may_claim)
        .set("same_department", item.same_department);
    if (item.claimed_by_viewer) {
      mine.push(std::move(request));
    } else if (item.request.status == RequestStatus::kWaiting) {
      waiting.push(std::move(request));
    } else {
      ++taken_by_others;
    }
  }
  view.set("no_waiting", waiting.empty())
      .set("waiting", std::move(waiting))
      .set("has_mine", !mine.empty())
      .set("mine", std::move(mine))
      .set("taken_by_others", taken_by_others > 0 ? std::to_string(taken_by_others) : std::string())
      .set("response_target", service_.policy().response_target_minutes);
  return pages_.page("support/queue", view);
}

http::Response SupportHandlers::claim(const http::RequestContext& context) const {
  const auto id = path_id(context);
  service_.claim(context.viewer, id);
  return http::Response::redirect(request_url(id, "?notice=claimed"));
}

http::Response SupportHandlers::release(const http::RequestContext& context) const {
  service_.release(context.viewer, path_id(context));
  return http::Response::redirect("/support/queue?notice=released");
}

http::Response SupportHandlers::contacted(const http::RequestContext& context) const {
  const auto id = path_id(context);
  service_.mark_contacted(context.viewer, id);
  return http::Response::redirect(request_url(id, "?notice=contacted"));
}

http::Response SupportHandlers::close(const http::RequestContext& context) const {
  const auto outcome = outcome_from_text(context.request.form.value_or_empty("outcome"));
  if (!outcome) throw Error::bad_request("Please choose how the conversation went.");
  service_.close(context.viewer, path_id(context), *outcome);
  return http::Response::redirect("/support/queue?notice=closed");
}

void SupportHandlers::add_home_sections(const http::RequestContext& context, render::View& view) const {
  if (access::can_work_queue(context.viewer)) {
    int waiting = 0;
    for (const auto& item : service_.queue(context.viewer)) {
      if (item.request.status == RequestStatus::kWaiting) ++waiting;
    }
    view.set("support_tools", render::View().set("has_waiting", waiting > 0).set("waiting", waiting));
  }
  if (!service_.mine(context.viewer).empty()) view.set("has_support_requests", true);
}

}  // namespace hearth::features::support
