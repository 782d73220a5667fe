#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/person_store.h"
#include "auth/viewer.h"
#include "calendar/ics_writer.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "features/events/event_store.h"
#include "features/notifications/notifier.h"

namespace hearth::features::events {

// An event as one viewer may see it, with what they may do.
struct EventView {
  Event event;
  GroupRelation relation = GroupRelation::kNone;
  bool may_edit = false;
  bool may_see_attendance = false;
};

// One session in a listing, with the viewer's answer.
struct AgendaItem {
  EventView event;
  Session session;
  std::optional<RsvpStatus> own;  // the viewer's answer, if any
  Attendance attendance;          // counts; filled for everyone (places left), names never
};

struct AgendaFilter {
  std::optional<Category> category;
  std::optional<Audience> audience;
};

// One session of one event for one viewer.
struct SessionForViewer {
  EventView event;
  Session session;
  std::optional<Rsvp> own;
  Attendance attendance;
  bool ended = false;       // the session is over
  bool may_answer = false;  // open for answers now
  bool may_see_link = false;
};

enum class Answer { kGoing, kNotGoing };

// What an edit applies to.
enum class EditScope {
  kWholeEvent,      // the event, or every session of the series
  kFromOccurrence,  // this session of a series and every later one (the series is split)
};

// A change to one session of a series.
struct SessionChange {
  std::optional<calendar::LocalTime> start;  // nullopt: as the series
  std::optional<int> duration_minutes;
  std::optional<std::string> location;  // nullopt: as the series
  std::string note;
};

struct FeedState {
  bool exists = false;
  Discretion discretion = Discretion::kGroupMeetings;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_day;
};

// The rules of events (permissions in event_access.h): posting and editing,
// recurring sessions and their changes, answers with capacity and a waiting
// list, cancellations, and the calendar files and feeds.
//
// Capacity: every answer that can take or free a place runs in one IMMEDIATE
// transaction with the count it depends on, so concurrent answers never put
// more people on the going list than the capacity, and a freed place goes to
// the person waiting longest in the same transaction (who is notified).
//
// Errors are hearth::Error with a message for the person: kNotFound for
// events the viewer may not see, kForbidden for actions they may not take,
// kConflict when the state moved on (cancelled, over), kBadRequest for a
// date that is not a session of the event. Thread-safe.
class EventService {
 public:
  // `public_url` ("https://hearth.example.org") makes links and UIDs in
  // calendar files; its host names the UIDs.
  EventService(EventStore& store, auth::PersonStore& people, const calendar::TimeZone& zone,
               const Clock& clock, std::string public_url,
               notifications::Notifier& notifier = notifications::no_notifier());

  // Sessions between two local dates (inclusive) that the viewer may see,
  // chronological, at most `limit`.
  std::vector<AgendaItem> agenda(const auth::Viewer& viewer, const calendar::LocalDate& from,
                                 const calendar::LocalDate& to, const AgendaFilter& filter,
                                 std::size_t limit);
  // The viewer's upcoming sessions they are going to or waiting for.
  std::vector<AgendaItem> upcoming_for(const auth::Viewer& viewer, std::size_t limit);

  EventView load(const auth::Viewer& viewer, std::int64_t id);
  // The next sessions of an event (cancelled ones included), at most `limit`.
  std::vector<Session> next_sessions(const Event& event, std::size_t limit);
  SessionForViewer session(const auth::Viewer& viewer, std::int64_t id, const calendar::LocalDate& date);

  // Creating: coordinators for site events; facilitators for their group's
  // meetings (draft.group_id). Returns the new id.
  std::int64_t create(const auth::Viewer& viewer, const EventDraft& draft);
  // Returns the id of the event that now holds the edited sessions (a new
  // one when a series is split at `from`).
  std::int64_t update(const auth::Viewer& viewer, std::int64_t id, const EventDraft& draft, EditScope scope,
                      std::optional<calendar::LocalDate> from);
  void cancel(const auth::Viewer& viewer, std::int64_t id, EditScope scope,
              std::optional<calendar::LocalDate> from);
  void cancel_session(const auth::Viewer& viewer, std::int64_t id, const calendar::LocalDate& date,
                      std::string note);
  void change_session(const auth::Viewer& viewer, std::int64_t id, const calendar::LocalDate& date,
                      const SessionChange& change);

  // Returns the viewer's status after answering (kWaiting when full).
  RsvpStatus answer(const auth::Viewer& viewer, std::int64_t id, const calendar::LocalDate& date,
                    Answer answer);
  std::vector<Attendee> attendees(const auth::Viewer& viewer, std::int64_t id,
                                  const calendar::LocalDate& date);

  // Departments known from the directory, and the viewer's groups they may
  // schedule meetings for (for the form).
  std::vector<std::string> departments();
  std::vector<FacilitatedGroup> schedulable_groups(const auth::Viewer& viewer);
  std::optional<FacilitatedGroup> group_by_slug(std::string_view slug);

  // Calendar files. Group meetings follow the viewer's feed setting for
  // discreet titles (on by default).
  std::string event_file(const auth::Viewer& viewer, std::int64_t id);
  // The personal feed for `token`, or nullopt if no feed has that token.
  std::optional<std::string> personal_feed(std::string_view token);
  std::string public_feed();

  FeedState feed_state(const auth::Viewer& viewer);
  // Makes a new feed token (replacing any earlier one, which stops working)
  // and returns it; only its hash is stored.
  std::string renew_feed(const auth::Viewer& viewer, Discretion discretion);
  void set_feed_discretion(const auth::Viewer& viewer, Discretion discretion);
  void revoke_feed(const auth::Viewer& viewer);

  const calendar::TimeZone& zone() const { return zone_; }
  const std::string& public_url() const { return public_url_; }
  std::int64_t now() const { return clock_.now_seconds(); }
  calendar::LocalDate today() const;

 private:
  // `department` is department_of(viewer), looked up once by the caller (not once per event).
  EventView view_of(const auth::Viewer& viewer, EventForPerson item, const std::string& department);
  std::string department_of(const auth::Viewer& viewer);
  EventView require_editable(const auth::Viewer& viewer, std::int64_t id);
  std::vector<Session> sessions_of(const Event& event, const std::vector<OccurrenceChange>& changes,
                                   std::int64_t from_utc, std::int64_t to_utc, std::size_t limit);
  std::optional<Session> session_on(const Event& event, const calendar::LocalDate& date);
  void validate_draft(const auth::Viewer& viewer, const EventDraft& draft);
  void promote_waiting(const Event& event, const calendar::LocalDate& date);
  void reconcile_answers(const Event& before, const Event& after, const calendar::LocalDate& from);
  std::string link_of(std::int64_t id, std::optional<calendar::LocalDate> date = std::nullopt) const;
  std::vector<calendar::IcsEvent> ics_events(const Event& event, const std::vector<OccurrenceChange>& changes,
                                             bool discreet) const;
  calendar::IcsEvent ics_single(const Event& event, const Session& session, bool discreet,
                                int sequence) const;

  EventStore& store_;
  auth::PersonStore& people_;
  const calendar::TimeZone& zone_;
  const Clock& clock_;
  std::string public_url_;
  std::string uid_domain_;
  notifications::Notifier& notifier_;
};

}  // namespace hearth::features::events
