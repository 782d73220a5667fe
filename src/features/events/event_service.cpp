#include "features/events/event_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/crypto.h"
#include "common/error.h"
#include "features/events/event_access.h"
#include "markdown/markdown.h"

namespace hearth::features::events {
namespace {

using notifications::NotificationKind;

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
constexpr int kFeedPastDays = 30;  // feeds keep a month of past sessions
constexpr int kFeedRefreshMinutes = 60;
constexpr std::size_t kMaxFeedSessions = 2000;

Error moved_on(std::string message) {
  return {ErrorKind::kConflict, std::move(message), "events: state changed"};
}

const calendar::LocalDate kEndOfTime{calendar::kMaxEventYear, 12, 31};

// The last session date of a series that ends; nullopt for an open-ended one.
std::optional<calendar::LocalDate> last_date_of(const calendar::EventSeries& series) {
  if (series.frequency == calendar::SeriesFrequency::kOnce) return series.first_date;
  if (!series.until && !series.count) return std::nullopt;
  const auto bound = series.until ? calendar::add_days(*series.until, 1) : kEndOfTime;
  return calendar::last_occurrence_before(series, bound);
}

std::string host_of(const std::string& url) {
  auto rest = std::string_view(url);
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/:?#"));
  return rest.empty() ? std::string("hearth.invalid") : std::string(rest);
}

std::string trim_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool same_timing(const calendar::EventSeries& a, const calendar::EventSeries& b) {
  return a.day_kind == b.day_kind && a.start_time == b.start_time &&
         a.duration_minutes == b.duration_minutes && a.all_day_days == b.all_day_days;
}

bool matches(const AgendaFilter& filter, const Event& event) {
  if (filter.category && event.draft.category != *filter.category) return false;
  if (filter.audience && event.draft.audience != *filter.audience) return false;
  return true;
}

}  // namespace

EventService::EventService(EventStore& store, auth::PersonStore& people, const calendar::TimeZone& zone,
                           const Clock& clock, std::string public_url, notifications::Notifier& notifier)
    : store_(store),
      people_(people),
      zone_(zone),
      clock_(clock),
      public_url_(trim_trailing_slash(std::move(public_url))),
      uid_domain_(host_of(public_url_)),
      notifier_(notifier) {}

calendar::LocalDate EventService::today() const {
  return zone_.to_local(clock_.now_seconds()).date;
}

std::string EventService::department_of(const auth::Viewer& viewer) {
  if (!viewer.is_signed_in()) return {};
  const auto person = people_.find(viewer.person_id());
  return person ? person->department : std::string();
}

std::string EventService::link_of(std::int64_t id, std::optional<calendar::LocalDate> date) const {
  auto link = "/events/" + std::to_string(id);
  if (date) link += "/" + date_text(*date);
  return link;
}

EventView EventService::view_of(const auth::Viewer& viewer, EventForPerson item,
                                const std::string& department) {
  const access::Subject subject{viewer, item.event, item.relation, department};
  EventView view;
  view.may_edit = access::can_edit(subject);
  view.may_see_attendance = access::can_see_attendance(subject);
  view.relation = item.relation;
  view.event = std::move(item.event);
  return view;
}

EventView EventService::load(const auth::Viewer& viewer, std::int64_t id) {
  auto item = store_.find(id, viewer.person_id());
  if (!item) throw Error::not_found("events: no such event");
  const auto department = department_of(viewer);
  if (!access::can_view({viewer, item->event, item->relation, department}))
    throw Error::not_found("events: not visible to the viewer");
  return view_of(viewer, std::move(*item), department);
}

EventView EventService::require_editable(const auth::Viewer& viewer, std::int64_t id) {
  auto view = load(viewer, id);
  if (!view.may_edit) throw Error::forbidden("events: may not edit");
  return view;
}

std::vector<Session> EventService::sessions_of(const Event& event,
                                               const std::vector<OccurrenceChange>& changes,
                                               std::int64_t from_utc, std::int64_t to_utc,
                                               std::size_t limit) {
  std::vector<Session> sessions;
  const auto& series = event.draft.series;
  for (const auto& occurrence : calendar::occurrences_between(series, zone_, from_utc, to_utc, limit)) {
    Session session;
    session.occurrence = occurrence;
    session.date = occurrence.date;
    session.location = event.draft.location;
    session.cancelled = event.cancels(occurrence.date);
    const auto change = std::find_if(changes.begin(), changes.end(),
                                     [&](const OccurrenceChange& c) { return c.date == occurrence.date; });
    if (change != changes.end()) {
      if (change->cancelled) session.cancelled = true;
      if (series.day_kind == calendar::DayKind::kTimed && (change->start || change->duration_minutes)) {
        const auto start = change->start.value_or(series.start_time);
        const auto duration = change->duration_minutes.value_or(series.duration_minutes);
        session.occurrence.start_utc = zone_.to_utc(occurrence.date, start);
        session.occurrence.end_utc = session.occurrence.start_utc + static_cast<std::int64_t>(duration) * 60;
        session.occurrence.start = zone_.to_local(session.occurrence.start_utc);
        session.occurrence.end = zone_.to_local(session.occurrence.end_utc);
        session.changed = true;
      }
      if (change->location) {
        session.location = *change->location;
        session.changed = true;
      }
      session.note = change->note;
    }
    sessions.push_back(std::move(session));
  }
  return sessions;
}

std::optional<Session> EventService::session_on(const Event& event, const calendar::LocalDate& date) {
  const auto occurrence = calendar::occurrence_on(event.draft.series, zone_, date);
  if (!occurrence) return std::nullopt;
  std::vector<OccurrenceChange> changes;
  if (auto change = store_.change(event.id, date)) changes.push_back(std::move(*change));
  auto sessions = sessions_of(event, changes, occurrence->start_utc, occurrence->end_utc, 1);
  if (sessions.empty() || sessions.front().date != date) return std::nullopt;
  return std::move(sessions.front());
}

std::vector<Session> EventService::next_sessions(const Event& event, std::size_t limit) {
  const auto far = zone_.to_utc(kEndOfTime, calendar::LocalTime{});
  return sessions_of(event, store_.changes(event.id), clock_.now_seconds(), far, limit);
}

std::vector<AgendaItem> EventService::agenda(const auth::Viewer& viewer, const calendar::LocalDate& from,
                                             const calendar::LocalDate& to, const AgendaFilter& filter,
                                             std::size_t limit) {
  std::vector<AgendaItem> items;
  if (to < from || limit == 0) return items;
  const auto department = department_of(viewer);
  std::vector<EventForPerson> visible;
  for (auto& item : store_.overlapping(from, to, viewer.person_id(), EventStore::Cancelled::kInclude)) {
    if (!matches(filter, item.event)) continue;
    if (!access::can_view({viewer, item.event, item.relation, department})) continue;
    visible.push_back(std::move(item));
  }
  std::vector<std::int64_t> ids;
  for (const auto& item : visible) ids.push_back(item.event.id);
  auto changes = store_.changes_of(ids);
  const auto counts = store_.attendance_of(ids, calendar::add_days(from, -calendar::kMaxAllDayDays), to);
  std::map<std::pair<std::int64_t, std::string>, RsvpStatus> own;
  for (const auto& answer :
       store_.answers_of(viewer.person_id(), calendar::add_days(from, -calendar::kMaxAllDayDays))) {
    own[{answer.event_id, date_text(answer.date)}] = answer.status;
  }
  const auto from_utc = zone_.to_utc(from, calendar::LocalTime{});
  const auto to_utc = zone_.to_utc(calendar::add_days(to, 1), calendar::LocalTime{});
  for (auto& item : visible) {
    const auto event_view = view_of(viewer, item, department);
    bool shown_series_cancellation = false;
    for (auto& session : sessions_of(item.event, changes[item.event.id], from_utc, to_utc, limit)) {
      // A cancelled event or rest of a series shows once, not on every date.
      if (item.event.cancels(session.date)) {
        if (shown_series_cancellation) continue;
        shown_series_cancellation = true;
      }
      AgendaItem agenda_item;
      agenda_item.event = event_view;
      const auto key = std::make_pair(item.event.id, date_text(session.date));
      if (const auto found = own.find(key); found != own.end()) agenda_item.own = found->second;
      if (const auto found = counts.find(key); found != counts.end()) agenda_item.attendance = found->second;
      agenda_item.session = std::move(session);
      items.push_back(std::move(agenda_item));
    }
  }
  std::sort(items.begin(), items.end(), [](const AgendaItem& a, const AgendaItem& b) {
    if (a.session.occurrence.start_utc != b.session.occurrence.start_utc)
      return a.session.occurrence.start_utc < b.session.occurrence.start_utc;
    return a.event.event.id < b.event.event.id;
  });
  if (items.size() > limit) items.resize(limit);
  return items;
}

std::vector<AgendaItem> EventService::upcoming_for(const auth::Viewer& viewer, std::size_t limit) {
  std::vector<AgendaItem> items;
  if (!viewer.is_signed_in()) return items;
  const auto now = clock_.now_seconds();
  std::map<std::int64_t, std::optional<EventView>> events;
  for (const auto& answer :
       store_.answers_of(viewer.person_id(), calendar::add_days(today(), -calendar::kMaxAllDayDays))) {
    if (items.size() >= limit) break;
    auto& cached = events[answer.event_id];
    if (!cached) {
      try {
        cached = load(viewer, answer.event_id);
      } catch (const Error& error) {
        if (error.kind() != ErrorKind::kNotFound) throw;
        continue;
      }
    }
    auto session = session_on(cached->event, answer.date);
    if (!session || session->occurrence.end_utc <= now) continue;
    AgendaItem item;
    item.event = *cached;
    item.session = std::move(*session);
    item.own = answer.status;
    items.push_back(std::move(item));
  }
  std::sort(items.begin(), items.end(), [](const AgendaItem& a, const AgendaItem& b) {
    return a.session.occurrence.start_utc < b.session.occurrence.start_utc;
  });
  return items;
}

SessionForViewer EventService::session(const auth::Viewer& viewer, std::int64_t id,
                                       const calendar::LocalDate& date) {
  SessionForViewer result;
  result.event = load(viewer, id);
  auto session = session_on(result.event.event, date);
  if (!session) throw Error::not_found("events: no session that day");
  result.session = std::move(*session);
  result.own = store_.rsvp(id, date, viewer.person_id());
  result.attendance = store_.attendance(id, date);
  result.ended = result.session.occurrence.end_utc <= clock_.now_seconds();
  const auto department = department_of(viewer);
  const access::Subject subject{viewer, result.event.event, result.event.relation, department};
  result.may_answer = access::can_answer(subject) && !result.session.cancelled && !result.ended;
  result.may_see_link =
      access::can_see_link(subject, result.own ? result.own->status : RsvpStatus::kNotGoing);
  return result;
}

void EventService::validate_draft(const auth::Viewer& viewer, const EventDraft& draft) {
  if (const auto problem = calendar::validate(draft.series)) throw Error::bad_request(*problem);
  if (draft.audience == Audience::kGroup) {
    const auto groups = store_.groups_facilitated_by(viewer.person_id());
    const bool facilitates =
        draft.group_id && std::any_of(groups.begin(), groups.end(),
                                      [&](const auto& group) { return group.id == *draft.group_id; });
    if (!access::can_schedule_for_group(viewer,
                                        facilitates ? GroupRelation::kFacilitator : GroupRelation::kNone))
      throw Error::forbidden("events: not a facilitator of the group");
    return;
  }
  if (!access::can_post_site_events(viewer)) throw Error::forbidden("events: may not post site events");
  if (draft.audience == Audience::kDepartments && draft.departments.empty())
    throw Error::bad_request("Please choose at least one department.");
}

std::int64_t EventService::create(const auth::Viewer& viewer, const EventDraft& draft) {
  validate_draft(viewer, draft);
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto id = store_.insert(draft, crypto::random_token(18), viewer.person_id(),
                                last_date_of(draft.series), std::nullopt, clock_.now_seconds());
  transaction.commit();
  return id;
}

void EventService::promote_waiting(const Event& event, const calendar::LocalDate& date) {
  const bool limited = event.draft.rsvp == RsvpPolicy::kRequired && event.draft.capacity.has_value();
  while (true) {
    if (limited && store_.attendance(event.id, date).going >= *event.draft.capacity) return;
    const auto next = store_.first_waiting(event.id, date);
    if (!next) return;
    store_.save_rsvp(event.id, date, *next, RsvpStatus::kGoing, clock_.now_seconds());
    notifier_.notify(*next,
                     {NotificationKind::kEventPlaceOpened, link_of(event.id, date), event.draft.title});
  }
}

void EventService::reconcile_answers(const Event& before, const Event& after,
                                     const calendar::LocalDate& from) {
  const bool moved = !same_timing(before.draft.series, after.draft.series) ||
                     before.draft.location != after.draft.location ||
                     before.draft.virtual_link != after.draft.virtual_link;
  for (const auto& date : store_.answered_dates(after.id, from)) {
    const auto people = store_.people_answered(after.id, date, EventStore::Days::kOnlyThatDay);
    if (!calendar::occurrence_on(after.draft.series, zone_, date)) {
      // The new pattern has no session that day: it is gone for them.
      notifier_.notify_many(people,
                            {NotificationKind::kEventCancelled, link_of(after.id), after.draft.title});
      store_.delete_answers(after.id, date);
      continue;
    }
    if (moved) {
      notifier_.notify_many(people,
                            {NotificationKind::kEventChanged, link_of(after.id, date), after.draft.title});
    }
    promote_waiting(after, date);
  }
}

std::int64_t EventService::update(const auth::Viewer& viewer, std::int64_t id, const EventDraft& draft,
                                  EditScope scope, std::optional<calendar::LocalDate> from) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = require_editable(viewer, id);
  const Event& before = current.event;
  if (before.status == EventStatus::kCancelled)
    throw moved_on("This event is cancelled and can no longer be changed.");
  if ((draft.audience == Audience::kGroup) != (before.draft.audience == Audience::kGroup) ||
      (draft.audience == Audience::kGroup && draft.group_id != before.draft.group_id)) {
    throw Error::bad_request("A group meeting stays a meeting of its group; post a new event instead.");
  }
  validate_draft(viewer, draft);
  const auto now = clock_.now_seconds();
  const auto first = calendar::first_occurrence(before.draft.series);
  const bool split =
      scope == EditScope::kFromOccurrence && before.is_series() && from && first && *from > *first;
  if (!split) {
    store_.update(id, draft, last_date_of(draft.series), now);
    const auto after = store_.find(id, viewer.person_id());
    if (!after) throw Error::internal("events: updated event vanished");
    reconcile_answers(before, after->event, today());
    transaction.commit();
    return id;
  }
  if (!calendar::occurrence_on(before.draft.series, zone_, *from))
    throw Error::bad_request("That date is not a session of this event.");
  // End the old series before `from`, and continue it as a new event.
  const auto last_before = calendar::last_occurrence_before(before.draft.series, *from);
  EventDraft ended = before.draft;
  ended.series.until = last_before;
  ended.series.count.reset();
  store_.update(id, ended, last_before, now);
  EventDraft continued = draft;
  continued.series.first_date = *from;
  if (continued.series.count && before.draft.series.count &&
      *continued.series.count == *before.draft.series.count) {
    const int remaining =
        *before.draft.series.count - calendar::occurrences_before(before.draft.series, *from);
    continued.series.count = std::max(1, remaining);
  }
  if (const auto problem = calendar::validate(continued.series)) throw Error::bad_request(*problem);
  const auto new_id = store_.insert(continued, crypto::random_token(18),
                                    before.organiser_person_id.value_or(viewer.person_id()),
                                    last_date_of(continued.series), id, now);
  store_.move_answers(id, new_id, *from);
  database
      .query("UPDATE event_occurrence_change SET event_id = ? WHERE event_id = ? AND occurrence_date >= ?")
      .bind_all(new_id, id, date_text(*from))
      .run();
  const auto after = store_.find(new_id, viewer.person_id());
  if (!after) throw Error::internal("events: new event vanished");
  reconcile_answers(before, after->event, *from);
  transaction.commit();
  return new_id;
}

void EventService::cancel(const auth::Viewer& viewer, std::int64_t id, EditScope scope,
                          std::optional<calendar::LocalDate> from) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = require_editable(viewer, id);
  const Event& event = current.event;
  if (event.status == EventStatus::kCancelled) return;  // already: nothing to do
  const auto now = clock_.now_seconds();
  const auto first = calendar::first_occurrence(event.draft.series);
  const bool rest_only =
      scope == EditScope::kFromOccurrence && event.is_series() && from && first && *from > *first;
  if (!rest_only) {
    store_.cancel(id, now);
    notifier_.notify_many(store_.people_answered(id, today(), EventStore::Days::kThatDayAndLater),
                          {NotificationKind::kEventCancelled, link_of(id), event.draft.title});
  } else {
    if (!calendar::occurrence_on(event.draft.series, zone_, *from))
      throw Error::bad_request("That date is not a session of this event.");
    store_.cancel_from(id, *from, now);
    notifier_.notify_many(store_.people_answered(id, *from, EventStore::Days::kThatDayAndLater),
                          {NotificationKind::kEventCancelled, link_of(id), event.draft.title});
  }
  transaction.commit();
}

void EventService::cancel_session(const auth::Viewer& viewer, std::int64_t id,
                                  const calendar::LocalDate& date, std::string note) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = require_editable(viewer, id);
  if (!current.event.is_series()) {
    cancel(viewer, id, EditScope::kWholeEvent, std::nullopt);
    transaction.commit();
    return;
  }
  const auto session = session_on(current.event, date);
  if (!session) throw Error::not_found("events: no session that day");
  if (session->cancelled) return;
  auto change = store_.change(id, date).value_or(OccurrenceChange{});
  change.date = date;
  change.cancelled = true;
  change.note = std::move(note);
  change.sequence += 1;
  change.updated_at = clock_.now_seconds();
  store_.save_change(id, change);
  notifier_.notify_many(store_.people_answered(id, date, EventStore::Days::kOnlyThatDay),
                        {NotificationKind::kEventCancelled, link_of(id, date), current.event.draft.title});
  transaction.commit();
}

void EventService::change_session(const auth::Viewer& viewer, std::int64_t id,
                                  const calendar::LocalDate& date, const SessionChange& requested) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = require_editable(viewer, id);
  if (!current.event.is_series())
    throw Error::bad_request("This event happens once: edit the event itself instead.");
  const auto session = session_on(current.event, date);
  if (!session) throw Error::not_found("events: no session that day");
  if (session->cancelled) throw moved_on("This session is cancelled.");
  auto change = store_.change(id, date).value_or(OccurrenceChange{});
  change.date = date;
  change.start = requested.start;
  change.duration_minutes = requested.duration_minutes;
  change.location = requested.location;
  change.note = requested.note;
  change.sequence += 1;
  change.updated_at = clock_.now_seconds();
  store_.save_change(id, change);
  notifier_.notify_many(store_.people_answered(id, date, EventStore::Days::kOnlyThatDay),
                        {NotificationKind::kEventChanged, link_of(id, date), current.event.draft.title});
  transaction.commit();
}

RsvpStatus EventService::answer(const auth::Viewer& viewer, std::int64_t id, const calendar::LocalDate& date,
                                Answer answer) {
  auto& database = store_.connection();
  storage::Transaction transaction(database);
  const auto current = load(viewer, id);
  const auto& event = current.event;
  const auto department = department_of(viewer);
  if (!access::can_answer({viewer, event, current.relation, department}))
    throw moved_on("This event is cancelled.");
  const auto session = session_on(event, date);
  if (!session) throw Error::not_found("events: no session that day");
  if (session->cancelled) throw moved_on("This session is cancelled.");
  if (session->occurrence.end_utc <= clock_.now_seconds()) throw moved_on("This session is over.");
  const auto existing = store_.rsvp(id, date, viewer.person_id());
  const auto now = clock_.now_seconds();
  RsvpStatus result = RsvpStatus::kNotGoing;
  if (answer == Answer::kGoing) {
    if (existing && existing->status != RsvpStatus::kNotGoing) {
      result = existing->status;  // asked twice: keep the place in the queue
    } else {
      result = RsvpStatus::kGoing;
      if (event.draft.rsvp == RsvpPolicy::kRequired && event.draft.capacity &&
          store_.attendance(id, date).going >= *event.draft.capacity) {
        result = RsvpStatus::kWaiting;
      }
      store_.save_rsvp(id, date, viewer.person_id(), result, now);
    }
  } else {
    const bool freed_a_place = existing && existing->status == RsvpStatus::kGoing;
    store_.save_rsvp(id, date, viewer.person_id(), RsvpStatus::kNotGoing, now);
    if (freed_a_place) promote_waiting(event, date);
  }
  transaction.commit();
  return result;
}

std::vector<Attendee> EventService::attendees(const auth::Viewer& viewer, std::int64_t id,
                                              const calendar::LocalDate& date) {
  const auto view = load(viewer, id);
  if (!view.may_see_attendance) throw Error::forbidden("events: may not see attendance");
  if (!calendar::occurrence_on(view.event.draft.series, zone_, date))
    throw Error::not_found("events: no session that day");
  return store_.attendees(id, date);
}

std::vector<std::string> EventService::departments() {
  return store_.known_departments();
}

std::vector<FacilitatedGroup> EventService::schedulable_groups(const auth::Viewer& viewer) {
  if (!auth::access::is_staff(viewer)) return {};
  return store_.groups_facilitated_by(viewer.person_id());
}

std::optional<FacilitatedGroup> EventService::group_by_slug(std::string_view slug) {
  return store_.group_by_slug(slug);
}

// --- Calendar files -------------------------------------------------------

calendar::IcsEvent EventService::ics_single(const Event& event, const Session& session, bool discreet,
                                            int sequence) const {
  calendar::IcsEvent ics;
  const auto url = public_url_ + link_of(event.id, session.date);
  ics.uid = event.uid + "-" + date_text(session.date) + "@" + uid_domain_;
  ics.sequence = sequence;
  ics.summary = discreet ? std::string(kDiscreetTitle) : event.draft.title;
  ics.description = discreet ? "Details in Hearth: " + url : markdown::plain_text(event.draft.description);
  if (!discreet && !session.note.empty()) ics.description = session.note + "\n\n" + ics.description;
  if (!discreet) ics.description += "\n\n" + url;
  ics.location = discreet ? std::string() : session.location;
  ics.url = url;
  if (!discreet) ics.categories.emplace_back(label(event.draft.category));
  ics.status = session.cancelled ? calendar::IcsStatus::kCancelled : calendar::IcsStatus::kConfirmed;
  auto& s = ics.series;
  s = calendar::EventSeries{};
  s.first_date = session.date;
  s.day_kind = event.draft.series.day_kind;
  s.all_day_days = event.draft.series.all_day_days;
  s.start_time = session.occurrence.start.time;
  s.duration_minutes = static_cast<int>((session.occurrence.end_utc - session.occurrence.start_utc) / 60);
  if (s.day_kind == calendar::DayKind::kAllDay) s.duration_minutes = 60;
  ics.created_utc = event.created_at;
  ics.last_modified_utc = event.updated_at;
  return ics;
}

std::vector<calendar::IcsEvent> EventService::ics_events(const Event& event,
                                                         const std::vector<OccurrenceChange>& changes,
                                                         bool discreet) const {
  std::vector<calendar::IcsEvent> result;
  calendar::IcsEvent master;
  const auto url = public_url_ + link_of(event.id);
  master.uid = event.uid + "@" + uid_domain_;
  master.sequence = event.sequence;
  master.summary = discreet ? std::string(kDiscreetTitle) : event.draft.title;
  if (discreet) {
    master.description = "Details in Hearth: " + url;
  } else {
    master.description = markdown::plain_text(event.draft.description);
    if (!event.draft.organiser_contact.empty())
      master.description += "\n\nOrganiser: " + event.draft.organiser_contact;
    master.description += "\n\n" + url;
    master.location = event.draft.location;
    master.categories.emplace_back(label(event.draft.category));
  }
  master.url = url;
  master.status = event.status == EventStatus::kCancelled ? calendar::IcsStatus::kCancelled
                                                          : calendar::IcsStatus::kConfirmed;
  master.series = event.draft.series;
  master.created_utc = event.created_at;
  master.last_modified_utc = event.updated_at;
  if (event.cancelled_from && event.status == EventStatus::kScheduled) {
    const auto last = calendar::last_occurrence_before(event.draft.series, *event.cancelled_from);
    if (!last) {
      master.status = calendar::IcsStatus::kCancelled;
    } else {
      master.series.until = last;
      master.series.count.reset();
    }
  }
  std::vector<calendar::IcsEvent> overrides;
  if (event.is_series()) {
    for (const auto& change : changes) {
      if (event.cancels(change.date)) continue;
      if (change.cancelled) {
        master.excluded_dates.push_back(change.date);
        continue;
      }
      if (!change.start && !change.duration_minutes && !change.location && change.note.empty()) continue;
      calendar::IcsEvent moved = master;
      moved.excluded_dates.clear();
      moved.recurrence_date = change.date;
      moved.sequence = event.sequence + change.sequence;
      moved.series = calendar::EventSeries{};
      moved.series.first_date = change.date;
      moved.series.day_kind = event.draft.series.day_kind;
      moved.series.all_day_days = event.draft.series.all_day_days;
      moved.series.start_time = change.start.value_or(event.draft.series.start_time);
      moved.series.duration_minutes = change.duration_minutes.value_or(event.draft.series.duration_minutes);
      if (!discreet) {
        if (change.location) moved.location = *change.location;
        if (!change.note.empty()) moved.description = change.note + "\n\n" + moved.description;
      }
      moved.last_modified_utc = change.updated_at;
      overrides.push_back(std::move(moved));
    }
  }
  result.push_back(std::move(master));
  for (auto& moved : overrides) result.push_back(std::move(moved));
  return result;
}

std::string EventService::event_file(const auth::Viewer& viewer, std::int64_t id) {
  const auto view = load(viewer, id);
  const auto feed = store_.feed_of(viewer.person_id());
  const auto discretion = feed ? feed->discretion : Discretion::kGroupMeetings;
  const bool discreet = discretion == Discretion::kEverything ||
                        (discretion == Discretion::kGroupMeetings && access::is_group_meeting(view.event));
  calendar::IcsCalendar calendar;
  calendar.events = ics_events(view.event, store_.changes(id), discreet);
  return calendar::write_ics(calendar, zone_, clock_.now_seconds());
}

std::optional<std::string> EventService::personal_feed(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const auto feed = store_.feed_by_token_hash(crypto::sha256_hex(token));
  if (!feed) return std::nullopt;
  const auto person_id = feed->person_id;
  const auto since = calendar::add_days(today(), -kFeedPastDays);
  calendar::IcsCalendar calendar;
  calendar.name = "Hearth";
  calendar.refresh_minutes = kFeedRefreshMinutes;
  std::set<std::int64_t> whole_events;
  for (const auto& item : store_.group_meetings_of(person_id, since)) {
    const bool discreet = feed->discretion != Discretion::kNothing;
    for (auto& ics : ics_events(item.event, store_.changes(item.event.id), discreet))
      calendar.events.push_back(std::move(ics));
    whole_events.insert(item.event.id);
  }
  std::map<std::int64_t, std::optional<EventForPerson>> events;
  for (const auto& answer : store_.answers_of(person_id, since)) {
    if (answer.status != RsvpStatus::kGoing || whole_events.count(answer.event_id) != 0) continue;
    if (calendar.events.size() >= kMaxFeedSessions) break;
    auto cached = events.find(answer.event_id);
    if (cached == events.end())
      cached = events.emplace(answer.event_id, store_.find(answer.event_id, person_id)).first;
    if (!cached->second) continue;
    const Event& event = cached->second->event;
    const bool discreet = feed->discretion == Discretion::kEverything ||
                          (feed->discretion == Discretion::kGroupMeetings && access::is_group_meeting(event));
    if (!event.is_series()) {
      for (auto& ics : ics_events(event, {}, discreet)) calendar.events.push_back(std::move(ics));
      whole_events.insert(event.id);
      continue;
    }
    const auto session = session_on(event, answer.date);
    if (!session) continue;
    const int sequence = event.sequence + [&] {
      const auto change = store_.change(event.id, answer.date);
      return change ? change->sequence : 0;
    }();
    calendar.events.push_back(ics_single(event, *session, discreet, sequence));
  }
  store_.touch_feed(person_id, clock_.now_seconds() - clock_.now_seconds() % kSecondsPerDay);
  return calendar::write_ics(calendar, zone_, clock_.now_seconds());
}

std::string EventService::public_feed() {
  calendar::IcsCalendar calendar;
  calendar.name = "Hearth: events for all staff";
  calendar.refresh_minutes = kFeedRefreshMinutes;
  const auto events = store_.all_staff_since(calendar::add_days(today(), -kFeedPastDays));
  std::vector<std::int64_t> ids;
  for (const auto& event : events) ids.push_back(event.id);
  auto changes = store_.changes_of(ids);
  for (const auto& event : events) {
    for (auto& ics : ics_events(event, changes[event.id], false)) calendar.events.push_back(std::move(ics));
  }
  return calendar::write_ics(calendar, zone_, clock_.now_seconds());
}

FeedState EventService::feed_state(const auth::Viewer& viewer) {
  FeedState state;
  if (const auto feed = store_.feed_of(viewer.person_id())) {
    state.exists = true;
    state.discretion = feed->discretion;
    state.created_at = feed->created_at;
    state.last_used_day = feed->last_used_day;
  }
  return state;
}

std::string EventService::renew_feed(const auth::Viewer& viewer, Discretion discretion) {
  if (!auth::access::is_staff(viewer)) throw Error::forbidden("events: feeds are for staff");
  auto token = crypto::random_token(32);
  store_.save_feed(viewer.person_id(), crypto::sha256_hex(token), discretion, clock_.now_seconds());
  return token;
}

void EventService::set_feed_discretion(const auth::Viewer& viewer, Discretion discretion) {
  if (!store_.feed_of(viewer.person_id())) throw moved_on("You have no calendar feed yet.");
  store_.set_feed_discretion(viewer.person_id(), discretion);
}

void EventService::revoke_feed(const auth::Viewer& viewer) {
  store_.delete_feed(viewer.person_id());
}

}  // namespace hearth::features::events
