#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/events/event_model.h"
#include "storage/database.h"

namespace hearth::features::events {

// An event with what one person is to its group.
struct EventForPerson {
  Event event;
  GroupRelation relation = GroupRelation::kNone;
};

// Someone coming to an occurrence, for the organisers' list.
struct Attendee {
  std::string display_name;
  std::string username;
  std::string department;
  RsvpStatus status = RsvpStatus::kGoing;
  std::int64_t position = 0;
};

// One of a person's answers, for "My events" and their calendar feed.
struct PersonRsvp {
  std::int64_t event_id = 0;
  calendar::LocalDate date;
  RsvpStatus status = RsvpStatus::kGoing;
};

// A group the person facilitates (the choice of group for a new meeting).
struct FacilitatedGroup {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
};

struct FeedRecord {
  std::int64_t person_id = 0;
  Discretion discretion = Discretion::kGroupMeetings;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> last_used_day;
};

// SQL for events, occurrence changes, RSVPs and calendar feeds. Every method
// uses the calling thread's connection; "not found" is nullopt. Methods that
// write several tables do so in one transaction (a savepoint inside the
// caller's). Callers that need a read-check-write sequence to be atomic
// (capacity, promotion) wrap it in a storage::Transaction on connection().
class EventStore {
 public:
  explicit EventStore(storage::ConnectionPool& pool) : pool_(pool) {}

  storage::Database& connection() { return pool_.connection(); }

  // `last_date` is the last occurrence of a series that ends (nullopt for an
  // open-ended one); listings use it to skip events that are over.
  std::int64_t insert(const EventDraft& draft, std::string_view uid, std::optional<std::int64_t> organiser,
                      std::optional<calendar::LocalDate> last_date,
                      std::optional<std::int64_t> continues_event_id, std::int64_t now);
  // Replaces the draft and bumps the sequence.
  void update(std::int64_t id, const EventDraft& draft, std::optional<calendar::LocalDate> last_date,
              std::int64_t now);
  // Whole event cancelled; bumps the sequence.
  void cancel(std::int64_t id, std::int64_t now);
  // Occurrences on or after `from` cancelled; bumps the sequence.
  void cancel_from(std::int64_t id, const calendar::LocalDate& from, std::int64_t now);

  // `person_id` 0 means nobody (relation kNone).
  std::optional<EventForPerson> find(std::int64_t id, std::int64_t person_id);
  // Events with an occurrence that may fall in [from, to] (local dates),
  // not cancelled as a whole unless `include_cancelled`, with the person's
  // relation to their groups. Group meetings are returned only for groups
  // the person is an active member of. Ordered by id.
  enum class Cancelled { kExclude, kInclude };
  std::vector<EventForPerson> overlapping(const calendar::LocalDate& from, const calendar::LocalDate& to,
                                          std::int64_t person_id, Cancelled cancelled);
  // All-staff events that are not over before `from` (the public feed).
  std::vector<Event> all_staff_since(const calendar::LocalDate& from);
  // Group meetings of the groups the person is an active member of, not over before `from`.
  std::vector<EventForPerson> group_meetings_of(std::int64_t person_id, const calendar::LocalDate& from);

  std::vector<OccurrenceChange> changes(std::int64_t event_id);
  // Changes of the given events, by event id.
  std::map<std::int64_t, std::vector<OccurrenceChange>> changes_of(
      const std::vector<std::int64_t>& event_ids);
  std::optional<OccurrenceChange> change(std::int64_t event_id, const calendar::LocalDate& date);
  // Inserts or replaces the change for (event, change.date).
  void save_change(std::int64_t event_id, const OccurrenceChange& change);

  std::optional<Rsvp> rsvp(std::int64_t event_id, const calendar::LocalDate& date, std::int64_t person_id);
  // Inserts or replaces; a new answer of going or waiting goes to the end of
  // the queue (a new position), a change to not going keeps its position.
  void save_rsvp(std::int64_t event_id, const calendar::LocalDate& date, std::int64_t person_id,
                 RsvpStatus status, std::int64_t now);
  Attendance attendance(std::int64_t event_id, const calendar::LocalDate& date);
  // Counts for several occurrences at once: key is (event id, date text).
  std::map<std::pair<std::int64_t, std::string>, Attendance> attendance_of(
      const std::vector<std::int64_t>& event_ids, const calendar::LocalDate& from,
      const calendar::LocalDate& to);
  // The person waiting longest for the occurrence, if anyone.
  std::optional<std::int64_t> first_waiting(std::int64_t event_id, const calendar::LocalDate& date);
  // Going and waiting people, in queue order, with names.
  std::vector<Attendee> attendees(std::int64_t event_id, const calendar::LocalDate& date);
  // People going or waiting for occurrences of the event on or after `from`
  // (or only on `from` with `only_that_day`).
  enum class Days { kOnlyThatDay, kThatDayAndLater };
  std::vector<std::int64_t> people_answered(std::int64_t event_id, const calendar::LocalDate& from,
                                            Days days);
  // Occurrence dates on or after `from` that have going or waiting answers.
  std::vector<calendar::LocalDate> answered_dates(std::int64_t event_id, const calendar::LocalDate& from);
  // Moves the answers of occurrences on or after `from` to another event
  // (a series split at `from`).
  void move_answers(std::int64_t from_event_id, std::int64_t to_event_id, const calendar::LocalDate& from);
  // Deletes the answers for one occurrence.
  void delete_answers(std::int64_t event_id, const calendar::LocalDate& date);
  // The person's going/waiting answers for occurrences on or after `from`, by date.
  std::vector<PersonRsvp> answers_of(std::int64_t person_id, const calendar::LocalDate& from);

  std::vector<std::string> known_departments();
  std::vector<FacilitatedGroup> groups_facilitated_by(std::int64_t person_id);
  std::optional<FacilitatedGroup> group_by_slug(std::string_view slug);

  std::optional<FeedRecord> feed_of(std::int64_t person_id);
  std::optional<FeedRecord> feed_by_token_hash(std::string_view token_hash);
  void save_feed(std::int64_t person_id, std::string_view token_hash, Discretion discretion,
                 std::int64_t now);
  void set_feed_discretion(std::int64_t person_id, Discretion discretion);
  void delete_feed(std::int64_t person_id);
  // Records the day (midnight UTC) the feed was fetched; writes only when it changed.
  void touch_feed(std::int64_t person_id, std::int64_t day);

 private:
  storage::ConnectionPool& pool_;
};

}  // namespace hearth::features::events
