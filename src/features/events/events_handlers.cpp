#include "features/events/events_handlers.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "calendar/event_series.h"
#include "common/error.h"
#include "common/text.h"
#include "features/events/event_access.h"
#include "markdown/markdown.h"

namespace hearth::features::events {
namespace {

constexpr int kAgendaDays = 28;
constexpr std::size_t kAgendaLimit = 300;
constexpr std::size_t kMonthLimit = 600;
constexpr std::size_t kEventPageSessions = 10;
constexpr std::size_t kHomeEvents = 5;
constexpr TextRule kNoteRule{"Note", 0, 300, LineBreaks::kNotAllowed};
constexpr TextRule kPlaceRule{"Place", 0, 200, LineBreaks::kNotAllowed};

constexpr std::array<std::string_view, 12> kMonthNames = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};

std::string_view notice_text(std::string_view code) {
  if (code == "created") return "The event is posted.";
  if (code == "saved") return "Your changes are saved.";
  if (code == "going") return "You're going. It's in your calendar feed if you have one.";
  if (code == "waiting")
    return "The event is full: you're on the waiting list. We'll tell you if a place opens up.";
  if (code == "not_going") return "Thanks for letting us know.";
  if (code == "cancelled") return "Cancelled. Everyone who said they were coming has been told.";
  if (code == "changed") return "This session is changed. Everyone who said they were coming has been told.";
  if (code == "feed_revoked") return "Your calendar feed is switched off. The old address no longer works.";
  if (code == "feed_saved") return "Your calendar feed setting is saved.";
  return {};
}

std::int64_t path_id(const http::RequestContext& context) {
  const auto id = parse_id(context.request.path_parameter("id"));
  if (!id) throw Error::not_found("events: malformed id");
  return *id;
}

calendar::LocalDate path_date(const http::RequestContext& context) {
  const auto date = parse_date_text(context.request.path_parameter("date"));
  if (!date) throw Error::not_found("events: malformed date");
  return *date;
}

std::string event_url(std::int64_t id, std::string_view suffix = {}) {
  return "/events/" + std::to_string(id) + std::string(suffix);
}

std::string session_url(std::int64_t id, const calendar::LocalDate& date, std::string_view suffix = {}) {
  return event_url(id, "/" + date_text(date) + std::string(suffix));
}

std::string clock_text(const calendar::LocalTime& time) {
  const int hour = time.hour % 12 == 0 ? 12 : time.hour % 12;
  return fmt::format("{}:{:02d} {}", hour, time.minute, time.hour < 12 ? "am" : "pm");
}

// "1 place left", "12 places left".
std::string places_text(int places) {
  return fmt::format("{} place{} left.", places, places == 1 ? "" : "s");
}

std::string join_departments(const std::vector<std::string>& departments) {
  std::string out;
  for (const auto& department : departments) {
    if (!out.empty()) out += ", ";
    out += department;
  }
  return out;
}

std::string hhmm(const calendar::LocalTime& time) {
  return fmt::format("{:02d}:{:02d}", time.hour, time.minute);
}

std::string day_text(const calendar::LocalDate& date) {
  return fmt::format("{} {} {} {}", calendar::weekday_name(calendar::weekday_of(date)), date.day,
                     kMonthNames[static_cast<std::size_t>(date.month - 1)], date.year);
}

// "12:00 pm – 12:30 pm" or "All day".
std::string time_text(const Session& session, const calendar::EventSeries& series) {
  if (series.day_kind == calendar::DayKind::kAllDay) {
    return series.all_day_days == 1 ? std::string("All day")
                                    : fmt::format("All day, {} days", series.all_day_days);
  }
  return clock_text(session.occurrence.start.time) + " \u2013 " + clock_text(session.occurrence.end.time);
}

std::optional<calendar::LocalDate> query_date(const http::Parameters& query, std::string_view name) {
  const auto text = query.get(name);
  if (!text) return std::nullopt;
  const auto date = parse_date_text(*text);
  if (!date || date->year < calendar::kMinEventYear || date->year > calendar::kMaxEventYear)
    throw Error::bad_request("Please give the date as YYYY-MM-DD.");
  return date;
}

// A CSV field: quoted, and starting with a quote mark when a spreadsheet
// would otherwise read it as a formula.
std::string csv_field(std::string_view value) {
  std::string out = "\"";
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    out += '\'';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

http::Response calendar_response(std::string body, std::string_view file_name) {
  auto response = http::Response::text(std::move(body));
  response.content_type = "text/calendar; charset=utf-8";
  response.headers.emplace("Content-Disposition", fmt::format("inline; filename=\"{}\"", file_name));
  return response;
}

}  // namespace

EventsHandlers::EventsHandlers(const PageRenderer& pages, EventService& service, const WritingCheck& writing,
                               CrisisNotices& crisis_notices)
    : pages_(pages), service_(service), writing_(writing), crisis_notices_(crisis_notices) {}

FormChoices EventsHandlers::choices_for(const auth::Viewer& viewer) const {
  FormChoices choices;
  choices.may_post_site_events = access::can_post_site_events(viewer);
  if (choices.may_post_site_events) choices.departments = service_.departments();
  choices.groups = service_.schedulable_groups(viewer);
  return choices;
}

render::View EventsHandlers::event_summary(const EventView& view) const {
  const auto& event = view.event;
  const auto& d = event.draft;
  render::View summary;
  summary.set("id", event.id)
      .set("url", event_url(event.id))
      .set("title", d.title)
      .set("category", label(d.category))
      .set("category_value", to_text(d.category))
      .set("when", calendar::describe(d.series))
      .set("series", event.is_series())
      .set("location", d.location)
      .set("has_virtual_link", !d.virtual_link.empty())
      .set("organiser_contact", d.organiser_contact)
      .set("cancelled", event.status == EventStatus::kCancelled)
      .set("group_meeting", d.audience == Audience::kGroup)
      .set("group_name", event.group_name)
      .set("group_url", event.group_slug.empty() ? std::string() : "/groups/" + event.group_slug)
      .set("for_departments", d.audience == Audience::kDepartments)
      .set("departments", join_departments(d.departments))
      .set("rsvp_required", d.rsvp == RsvpPolicy::kRequired)
      .set("capacity", d.capacity ? std::to_string(*d.capacity) : std::string())
      .set("may_edit", view.may_edit)
      .set("ics_url", event_url(event.id, ".ics"));
  if (event.cancelled_from && event.status == EventStatus::kScheduled)
    summary.set("cancelled_from", day_text(*event.cancelled_from));
  return summary;
}

render::View EventsHandlers::session_view(const EventView& event, const Session& session) const {
  render::View view;
  view.set("date", date_text(session.date))
      .set("day", day_text(session.occurrence.start.date))
      .set("time", time_text(session, event.event.draft.series))
      .set("location", session.location)
      .set("note", session.note)
      .set("cancelled", session.cancelled)
      .set("changed", session.changed)
      .set("url", session_url(event.event.id, session.date));
  return view;
}

// --- Listings ---------------------------------------------------------------

http::Response EventsHandlers::agenda(const http::RequestContext& context) const {
  const auto& query = context.request.query;
  AgendaFilter filter;
  const auto category_text = query.value_or_empty("category");
  if (!category_text.empty()) {
    filter.category = category_from_text(category_text);
    if (!filter.category) throw Error::bad_request("Please choose a category from the list.");
  }
  const auto audience_text = query.value_or_empty("audience");
  if (!audience_text.empty()) {
    filter.audience = audience_from_text(audience_text);
    if (!filter.audience) throw Error::bad_request("Please choose who the events are for from the list.");
  }
  const auto today = service_.today();
  const auto from = query_date(query, "from").value_or(today);
  const auto to = calendar::add_days(from, kAgendaDays - 1);
  const auto items = service_.agenda(context.viewer, from, to, filter, kAgendaLimit);

  render::View view = pages_.layout(context, "Events", NavItem::kEvents);
  view.set("flash", notice_text(query.value_or_empty("notice")));
  render::ViewList days;
  std::string current_day;
  render::ViewList day_items;
  const auto flush = [&] {
    if (current_day.empty()) return;
    days.push(render::View().set("day", current_day).set("items", std::move(day_items)));
    day_items = render::ViewList();
  };
  for (const auto& item : items) {
    const auto day = day_text(item.session.occurrence.start.date);
    if (day != current_day) {
      flush();
      current_day = day;
    }
    auto entry = session_view(item.event, item.session);
    const auto& d = item.event.event.draft;
    entry.set("title", d.title)
        .set("category", label(d.category))
        .set("group_name", item.event.event.group_name)
        .set("going", item.own == RsvpStatus::kGoing)
        .set("waiting", item.own == RsvpStatus::kWaiting)
        .set("full", d.rsvp == RsvpPolicy::kRequired && d.capacity && item.attendance.going >= *d.capacity)
        .set("series_cancelled", item.event.event.cancels(item.session.date) && item.event.event.is_series());
    day_items.push(std::move(entry));
  }
  flush();
  render::ViewList categories;
  for (const auto category : {Category::kMindfulness, Category::kMovement, Category::kEducation,
                              Category::kRounds, Category::kDebrief, Category::kSocial, Category::kOther}) {
    categories.push(render::View()
                        .set("value", to_text(category))
                        .set("label", label(category))
                        .set("selected", filter.category == category));
  }
  render::ViewList audiences;
  for (const auto& [value, text] :
       {std::pair{Audience::kAllStaff, "All staff"}, std::pair{Audience::kDepartments, "My department"},
        std::pair{Audience::kGroup, "My groups' meetings"}}) {
    audiences.push(render::View()
                       .set("value", to_text(value))
                       .set("label", text)
                       .set("selected", filter.audience == value));
  }
  std::string filter_query;
  if (filter.category) filter_query += "&category=" + std::string(to_text(*filter.category));
  if (filter.audience) filter_query += "&audience=" + std::string(to_text(*filter.audience));
  view.set("days", std::move(days))
      .set("no_events", items.empty())
      .set("range", fmt::format("{} to {}", day_text(from), day_text(to)))
      .set("from", date_text(from))
      .set("categories", std::move(categories))
      .set("audiences", std::move(audiences))
      .set("later_url", "/events?from=" + date_text(calendar::add_days(to, 1)) + filter_query)
      .set("earlier_url",
           from > today
               ? "/events?from=" + date_text(std::max(today, calendar::add_days(from, -kAgendaDays))) +
                     filter_query
               : std::string())
      .set("month_url", fmt::format("/events/month?month={:04d}-{:02d}", from.year, from.month))
      .set("may_post", access::can_post_site_events(context.viewer) ||
                           !service_.schedulable_groups(context.viewer).empty());
  return pages_.page("events/index", view);
}

http::Response EventsHandlers::month(const http::RequestContext& context) const {
  const auto today = service_.today();
  int year = today.year;
  int month = today.month;
  if (const auto text = context.request.query.get("month")) {
    const auto date = text->size() == 7 ? parse_date_text(std::string(*text) + "-01") : std::nullopt;
    if (!date || date->year < calendar::kMinEventYear || date->year >= calendar::kMaxEventYear)
      throw Error::bad_request("Please give the month as YYYY-MM, e.g. 2026-12.");
    year = date->year;
    month = date->month;
  }
  const calendar::LocalDate first{year, month, 1};
  const calendar::LocalDate next_month =
      month == 12 ? calendar::LocalDate{year + 1, 1, 1} : calendar::LocalDate{year, month + 1, 1};
  const auto last = calendar::add_days(next_month, -1);
  const auto items = service_.agenda(context.viewer, first, last, {}, kMonthLimit);
  std::map<std::string, render::ViewList> by_day;
  for (const auto& item : items) {
    auto entry = session_view(item.event, item.session);
    entry.set("title", item.event.event.draft.title)
        .set("going", item.own == RsvpStatus::kGoing)
        .set("short_time", item.event.event.draft.series.day_kind == calendar::DayKind::kAllDay
                               ? std::string("All day")
                               : clock_text(item.session.occurrence.start.time));
    by_day[date_text(item.session.occurrence.start.date)].push(std::move(entry));
  }
  // Weeks start on Monday; cells outside the month are empty.
  const int lead = (static_cast<int>(calendar::weekday_of(first)) + 6) % 7;
  render::ViewList weeks;
  render::ViewList cells;
  int column = 0;
  for (int i = 0; i < lead; ++i, ++column) cells.push(render::View().set("empty", true));
  for (auto day = first; day <= last; day = calendar::add_days(day, 1)) {
    const auto key = date_text(day);
    auto found = by_day.find(key);
    render::View cell;
    cell.set("number", day.day)
        .set("label", day_text(day))
        .set("today", day == today)
        .set("has_events", found != by_day.end());
    if (found != by_day.end()) cell.set("events", std::move(found->second));
    cells.push(std::move(cell));
    if (++column == 7) {
      weeks.push(render::View().set("cells", std::move(cells)));
      cells = render::ViewList();
      column = 0;
    }
  }
  if (column > 0) {
    for (; column < 7; ++column) cells.push(render::View().set("empty", true));
    weeks.push(render::View().set("cells", std::move(cells)));
  }
  const auto previous = calendar::add_days(first, -1);
  const auto title = fmt::format("{} {}", kMonthNames[static_cast<std::size_t>(month - 1)], year);
  render::View view = pages_.layout(context, "Events in " + title, NavItem::kEvents);
  view.set("month_title", title)
      .set("weeks", std::move(weeks))
      .set("no_events", items.empty())
      .set("previous_url", fmt::format("/events/month?month={:04d}-{:02d}", previous.year, previous.month))
      .set("next_url", fmt::format("/events/month?month={:04d}-{:02d}", next_month.year, next_month.month))
      .set("agenda_url", "/events?from=" + date_text(std::max(first, today)));
  return pages_.page("events/month", view);
}

// --- Posting and editing ------------------------------------------------------

http::Response EventsHandlers::form_page(const http::RequestContext& context, render::View form,
                                         const FieldErrors& errors, const WritingReview* review,
                                         std::optional<std::int64_t> id, int status) const {
  render::View view = pages_.layout(context, id ? "Edit event" : "Post an event", NavItem::kEvents);
  add_errors(view, errors);
  view.set("form", std::move(form));
  if (id) {
    view.set("editing", true).set("action", event_url(*id, "/edit")).set("cancel_url", event_url(*id));
  } else {
    view.set("action", "/events/new").set("cancel_url", "/events");
  }
  const auto& query = context.request.query;
  const auto& posted = context.request.form;
  const auto from = posted.get("from").value_or(query.value_or_empty("from"));
  if (!from.empty())
    view.set("from", from).set("from_label", parse_date_text(from) ? day_text(*parse_date_text(from)) : "");
  const auto scope = posted.value_or_empty("scope");
  view.set("scope_from", scope == "from").set("scope_whole", scope != "from");
  if (review && review->phi_found) view.set("phi_warning", review->phi_warning);
  return pages_.page("events/form", view, status);
}

http::Response EventsHandlers::new_form(const http::RequestContext& context) const {
  const auto choices = choices_for(context.viewer);
  if (!choices.may_post_site_events && choices.groups.empty())
    throw Error::forbidden("events: may not post events");
  EventDraft draft;
  draft.series.first_date = calendar::add_days(service_.today(), 7);
  draft.series.start_time = calendar::LocalTime{12, 0};
  draft.series.duration_minutes = 30;
  draft.audience = choices.may_post_site_events ? Audience::kAllStaff : Audience::kGroup;
  const auto group = context.request.query.value_or_empty("group");
  if (!group.empty()) draft.audience = Audience::kGroup;
  return form_page(context, form_view(draft, choices, group), {}, nullptr, std::nullopt, 200);
}

http::Response EventsHandlers::create(const http::RequestContext& context) const {
  const auto choices = choices_for(context.viewer);
  if (!choices.may_post_site_events && choices.groups.empty())
    throw Error::forbidden("events: may not post events");
  FieldErrors errors;
  const auto draft = parse_event_form(context.request.form, choices, errors);
  if (!draft)
    return form_page(context, posted_form_view(context.request.form, choices), errors, nullptr, std::nullopt,
                     400);
  const auto review = writing_.review(
      {{"title", "Title", draft->title},
       {"description", "Description", draft->description},
       {"location", "Place", draft->location},
       {"organiser_contact", "Organiser contact", draft->organiser_contact, FieldPurpose::kContactDetails}},
      phi_confirmation(context));
  if (!review.may_save)
    return form_page(context, posted_form_view(context.request.form, choices), {}, &review, std::nullopt,
                     422);
  const auto id = service_.create(context.viewer, *draft);
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(event_url(id, "?notice=created"));
}

http::Response EventsHandlers::edit_form(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto view = service_.load(context.viewer, id);
  if (!view.may_edit) throw Error::forbidden("events: may not edit");
  if (view.event.status == EventStatus::kCancelled)
    throw Error(ErrorKind::kConflict, "This event is cancelled and can no longer be changed.",
                "events: cancelled");
  query_date(context.request.query, "from");  // refuses a malformed date early
  return form_page(context, form_view(view.event.draft, choices_for(context.viewer), view.event.group_slug),
                   {}, nullptr, id, 200);
}

http::Response EventsHandlers::update(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto current = service_.load(context.viewer, id);
  if (!current.may_edit) throw Error::forbidden("events: may not edit");
  const auto choices = choices_for(context.viewer);
  const auto& form = context.request.form;
  FieldErrors errors;
  const auto draft = parse_event_form(form, choices, errors);
  if (!draft) return form_page(context, posted_form_view(form, choices), errors, nullptr, id, 400);
  const auto review = writing_.review(
      {{"title", "Title", draft->title},
       {"description", "Description", draft->description},
       {"location", "Place", draft->location},
       {"organiser_contact", "Organiser contact", draft->organiser_contact, FieldPurpose::kContactDetails}},
      phi_confirmation(context));
  if (!review.may_save) return form_page(context, posted_form_view(form, choices), {}, &review, id, 422);
  const auto scope =
      form.value_or_empty("scope") == "from" ? EditScope::kFromOccurrence : EditScope::kWholeEvent;
  std::optional<calendar::LocalDate> from;
  if (scope == EditScope::kFromOccurrence) {
    from = parse_date_text(form.value_or_empty("from"));
    if (!from) throw Error::bad_request("Please choose the session the changes start from.");
  }
  const auto saved_id = service_.update(context.viewer, id, *draft, scope, from);
  if (review.crisis) crisis_notices_.remember(context.session_token);
  return http::Response::redirect(event_url(saved_id, "?notice=saved"));
}

http::Response EventsHandlers::cancel(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto& form = context.request.form;
  const auto scope =
      form.value_or_empty("scope") == "from" ? EditScope::kFromOccurrence : EditScope::kWholeEvent;
  std::optional<calendar::LocalDate> from;
  if (scope == EditScope::kFromOccurrence) {
    from = parse_date_text(form.value_or_empty("from"));
    if (!from) throw Error::bad_request("Please choose the first session to cancel.");
  }
  service_.cancel(context.viewer, id, scope, from);
  return http::Response::redirect(event_url(id, "?notice=cancelled"));
}

// --- One event, one session -----------------------------------------------------

http::Response EventsHandlers::show(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto view = service_.load(context.viewer, id);
  const auto notice = notice_text(context.request.query.value_or_empty("notice"));
  if (!view.event.is_series()) return session_page(context, id, view.event.draft.series.first_date, notice);
  render::View page = pages_.layout(context, view.event.draft.title, NavItem::kEvents);
  page.set("flash", notice);
  if (crisis_notices_.take(context.session_token)) page.set("crisis_card", crisis_card(*pages_.site()));
  page.set("event", event_summary(view))
      .set("description_html",
           render::TrustedHtml::from_sanitizer(markdown::render_html(view.event.draft.description)));
  render::ViewList sessions;
  render::ViewList cancel_choices;
  for (const auto& session : service_.next_sessions(view.event, kEventPageSessions)) {
    sessions.push(session_view(view, session));
    if (!session.cancelled) {
      cancel_choices.push(
          render::View().set("value", date_text(session.date)).set("label", day_text(session.date)));
    }
  }
  page.set("has_sessions", !sessions.empty())
      .set("sessions", std::move(sessions))
      .set("cancel_choices", std::move(cancel_choices));
  return pages_.page("events/show", page);
}

http::Response EventsHandlers::session(const http::RequestContext& context) const {
  return session_page(context, path_id(context), path_date(context),
                      notice_text(context.request.query.value_or_empty("notice")));
}

http::Response EventsHandlers::session_page(const http::RequestContext& context, std::int64_t id,
                                            const calendar::LocalDate& date, std::string_view notice) const {
  const auto found = service_.session(context.viewer, id, date);
  const auto& event = found.event.event;
  const auto& d = event.draft;
  render::View page = pages_.layout(context, d.title, NavItem::kEvents);
  page.set("flash", notice);
  if (crisis_notices_.take(context.session_token)) page.set("crisis_card", crisis_card(*pages_.site()));
  auto session = session_view(found.event, found.session);
  const auto own = found.own ? found.own->status : RsvpStatus::kNotGoing;
  const bool limited = d.rsvp == RsvpPolicy::kRequired && d.capacity.has_value();
  session.set("ended", found.ended)
      .set("may_answer", found.may_answer)
      .set("going", own == RsvpStatus::kGoing)
      .set("waiting", own == RsvpStatus::kWaiting)
      .set("answered_not_going", found.own && own == RsvpStatus::kNotGoing)
      .set("limited", limited)
      .set("full", limited && found.attendance.going >= *d.capacity)
      .set("places_left",
           limited ? places_text(std::max(0, *d.capacity - found.attendance.going)) : std::string())
      .set("answer_url", session_url(id, date, "/rsvp"));
  if (found.may_see_link && !d.virtual_link.empty()) session.set("virtual_link", d.virtual_link);
  if (!found.may_see_link && !d.virtual_link.empty()) session.set("link_for_going", true);
  page.set("event", event_summary(found.event))
      .set("session", std::move(session))
      .set("description_html", render::TrustedHtml::from_sanitizer(markdown::render_html(d.description)));
  if (found.event.may_see_attendance) {
    render::ViewList going;
    render::ViewList waiting;
    for (const auto& attendee : service_.attendees(context.viewer, id, date)) {
      auto row = render::View()
                     .set("name", attendee.display_name)
                     .set("username", attendee.username)
                     .set("department", attendee.department);
      (attendee.status == RsvpStatus::kGoing ? going : waiting).push(std::move(row));
    }
    page.set("attendance",
             render::View()
                 .set("going_count", found.attendance.going)
                 .set("waiting_count", found.attendance.waiting)
                 .set("going", std::move(going))
                 .set("waiting", std::move(waiting))
                 .set("csv_url", session_url(id, date, "/attendance.csv"))
                 .set("change_url", session_url(id, date, "/change"))
                 .set("cancel_url", session_url(id, date, "/cancel"))
                 .set("edit_url", event_url(id, "/edit?from=" + date_text(date)))
                 .set("may_change", event.is_series() && !found.session.cancelled && !found.ended)
                 .set("may_cancel", !found.session.cancelled && !found.ended));
  }
  return pages_.page("events/session", page);
}

http::Response EventsHandlers::answer(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto date = path_date(context);
  const auto text = context.request.form.value_or_empty("answer");
  Answer answer;
  if (text == "going") {
    answer = Answer::kGoing;
  } else if (text == "not_going") {
    answer = Answer::kNotGoing;
  } else {
    throw Error::bad_request("Please say whether you are going.");
  }
  const auto status = service_.answer(context.viewer, id, date, answer);
  return http::Response::redirect(session_url(id, date, "?notice=" + std::string(to_text(status))));
}

http::Response EventsHandlers::change_form(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto date = path_date(context);
  const auto found = service_.session(context.viewer, id, date);
  if (!found.event.may_edit) throw Error::forbidden("events: may not edit");
  render::View page = pages_.layout(context, "Change one session", NavItem::kEvents);
  const auto& form = context.request.form;
  const bool posted = context.request.method == http::Method::kPost;
  page.set("event", event_summary(found.event))
      .set("session", session_view(found.event, found.session))
      .set("action", session_url(id, date, "/change"))
      .set("timed", found.event.event.draft.series.day_kind == calendar::DayKind::kTimed)
      .set("start",
           posted ? std::string(form.value_or_empty("start")) : hhmm(found.session.occurrence.start.time))
      .set("end", posted ? std::string(form.value_or_empty("end")) : hhmm(found.session.occurrence.end.time))
      .set("location", posted ? std::string(form.value_or_empty("location")) : found.session.location)
      .set("note", posted ? std::string(form.value_or_empty("note")) : found.session.note);
  return pages_.page("events/change", page);
}

http::Response EventsHandlers::change(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto date = path_date(context);
  const auto found = service_.session(context.viewer, id, date);
  if (!found.event.may_edit) throw Error::forbidden("events: may not edit");
  const auto& form = context.request.form;
  const auto& series = found.event.event.draft.series;
  FieldErrors errors;
  SessionChange change;
  if (series.day_kind == calendar::DayKind::kTimed) {
    const auto start = calendar::parse_time(form.value_or_empty("start"));
    const auto end = calendar::parse_time(form.value_or_empty("end"));
    if (!start) errors.add("start", "Please give the start time as HH:MM, e.g. 12:00.");
    if (!end) errors.add("end", "Please give the end time as HH:MM, e.g. 12:30.");
    if (start && end) {
      int minutes = (end->hour * 60 + end->minute) - (start->hour * 60 + start->minute);
      if (minutes <= 0) minutes += 24 * 60;
      if (minutes < calendar::kMinEventMinutes)
        errors.add("end", "The end must be at least 5 minutes after the start.");
      if (*start != series.start_time || minutes != series.duration_minutes) {
        change.start = *start;
        change.duration_minutes = minutes;
      }
    }
  }
  const auto location = check_text("location", form.value_or_empty("location"), kPlaceRule, errors);
  if (location && *location != found.event.event.draft.location) change.location = *location;
  if (auto note = check_text("note", form.value_or_empty("note"), kNoteRule, errors)) change.note = *note;
  if (!errors.empty()) {
    render::View page = pages_.layout(context, "Change one session", NavItem::kEvents);
    add_errors(page, errors);
    page.set("event", event_summary(found.event))
        .set("session", session_view(found.event, found.session))
        .set("action", session_url(id, date, "/change"))
        .set("timed", series.day_kind == calendar::DayKind::kTimed)
        .set("start", form.value_or_empty("start"))
        .set("end", form.value_or_empty("end"))
        .set("location", form.value_or_empty("location"))
        .set("note", form.value_or_empty("note"));
    return pages_.page("events/change", page, 400);
  }
  const auto review =
      writing_.review({{"location", "Place", change.location.value_or("")}, {"note", "Note", change.note}},
                      phi_confirmation(context));
  if (!review.may_save) {
    render::View page = pages_.layout(context, "Change one session", NavItem::kEvents);
    page.set("event", event_summary(found.event))
        .set("session", session_view(found.event, found.session))
        .set("action", session_url(id, date, "/change"))
        .set("timed", series.day_kind == calendar::DayKind::kTimed)
        .set("start", form.value_or_empty("start"))
        .set("end", form.value_or_empty("end"))
        .set("location", form.value_or_empty("location"))
        .set("note", form.value_or_empty("note"))
        .set("phi_warning", review.phi_warning);
    return pages_.page("events/change", page, 422);
  }
  service_.change_session(context.viewer, id, date, change);
  return http::Response::redirect(session_url(id, date, "?notice=changed"));
}

http::Response EventsHandlers::cancel_session(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto date = path_date(context);
  FieldErrors errors;
  auto note = check_text("note", context.request.form.value_or_empty("note"), kNoteRule, errors);
  if (!note) throw Error::bad_request(std::string(errors.message_for("note")));
  const auto review = writing_.review({{"note", "Note", *note}}, PhiConfirmation::kNotConfirmed);
  if (review.phi_found) {
    throw Error::bad_request(
        "The note may identify a patient. Please cancel again with a note about the session only, or none.");
  }
  service_.cancel_session(context.viewer, id, date, std::move(*note));
  return http::Response::redirect(session_url(id, date, "?notice=cancelled"));
}

http::Response EventsHandlers::attendance_csv(const http::RequestContext& context) const {
  const auto id = path_id(context);
  const auto date = path_date(context);
  const auto attendees = service_.attendees(context.viewer, id, date);
  std::string csv = "Name,Username,Department,Status\r\n";
  for (const auto& attendee : attendees) {
    csv += csv_field(attendee.display_name) + "," + csv_field(attendee.username) + "," +
           csv_field(attendee.department) + "," +
           csv_field(attendee.status == RsvpStatus::kGoing ? "going" : "waiting list") + "\r\n";
  }
  auto response = http::Response::text(std::move(csv));
  response.content_type = "text/csv; charset=utf-8";
  response.headers.emplace("Content-Disposition",
                           fmt::format("attachment; filename=\"attendance-{}-{}.csv\"", id, date_text(date)));
  return response;
}

// --- Calendar files and feeds ------------------------------------------------

http::Response EventsHandlers::event_file(const http::RequestContext& context) const {
  const auto id = path_id(context);
  return calendar_response(service_.event_file(context.viewer, id), fmt::format("event-{}.ics", id));
}

http::Response EventsHandlers::personal_feed(const http::RequestContext& context) const {
  auto feed = service_.personal_feed(context.request.path_parameter("token"));
  if (!feed) throw Error::not_found("events: unknown feed token");
  return calendar_response(std::move(*feed), "hearth.ics");
}

http::Response EventsHandlers::public_feed(const http::RequestContext&) const {
  return calendar_response(service_.public_feed(), "hearth-all-staff.ics");
}

// --- The account page --------------------------------------------------------

http::Response EventsHandlers::account_page(const http::RequestContext& context,
                                            std::string_view new_feed_url, std::string_view notice,
                                            int status) const {
  render::View page = pages_.layout(context, "Your account", NavItem::kAccount);
  page.set("flash", notice);
  const auto state = service_.feed_state(context.viewer);
  render::ViewList discretions;
  for (const auto discretion : {Discretion::kGroupMeetings, Discretion::kEverything, Discretion::kNothing}) {
    discretions.push(render::View()
                         .set("value", to_text(discretion))
                         .set("label", label(discretion))
                         .set("checked", state.discretion == discretion));
  }
  const auto& zone = service_.zone();
  page.set("name", context.viewer.display_name())
      .set("has_feed", state.exists)
      .set("discretions", std::move(discretions))
      .set("new_feed_url", new_feed_url)
      .set("public_feed_url", service_.public_url() + "/calendar/all-staff.ics");
  if (state.exists) page.set("feed_created", day_text(zone.to_local(state.created_at).date));
  if (state.last_used_day) page.set("feed_last_used", day_text(zone.to_local(*state.last_used_day).date));
  return pages_.page("me/index", page, status);
}

http::Response EventsHandlers::account(const http::RequestContext& context) const {
  return account_page(context, {}, notice_text(context.request.query.value_or_empty("notice")), 200);
}

http::Response EventsHandlers::feed_settings(const http::RequestContext& context) const {
  const auto& form = context.request.form;
  const auto action = form.value_or_empty("action");
  const auto discretion = discretion_from_text(form.get("discretion").value_or("group_meetings"));
  if (!discretion) throw Error::bad_request("Please choose how titles appear in your calendar.");
  if (action == "renew") {
    // Shown once, in this response only: never in a URL, a log or a redirect.
    const auto token = service_.renew_feed(context.viewer, *discretion);
    auto response = account_page(context, service_.public_url() + "/calendar/" + token + ".ics", {}, 200);
    return response;
  }
  if (action == "revoke") {
    service_.revoke_feed(context.viewer);
    return http::Response::redirect("/me?notice=feed_revoked");
  }
  if (action == "discretion") {
    service_.set_feed_discretion(context.viewer, *discretion);
    return http::Response::redirect("/me?notice=feed_saved");
  }
  throw Error::bad_request("Please choose what to do with your calendar feed.");
}

void EventsHandlers::add_home_sections(const http::RequestContext& context, render::View& view) const {
  if (!auth::access::is_staff(context.viewer)) return;
  render::ViewList mine;
  for (const auto& item : service_.upcoming_for(context.viewer, kHomeEvents)) {
    auto entry = session_view(item.event, item.session);
    entry.set("title", item.event.event.draft.title).set("waiting", item.own == RsvpStatus::kWaiting);
    mine.push(std::move(entry));
  }
  view.set("events_home", true).set("has_my_events", !mine.empty()).set("my_events", std::move(mine));
}

}  // namespace hearth::features::events
