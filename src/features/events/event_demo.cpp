#include "features/events/event_demo.h"

#include <optional>
#include <string>

#include "common/crypto.h"
#include "features/groups/group_form.h"

namespace hearth::features::events {
namespace {

using calendar::LocalDate;
using calendar::LocalTime;
using calendar::Weekday;

// The first `weekday` after `today`.
LocalDate next(const LocalDate& today, Weekday weekday) {
  for (int days = 1; days <= 7; ++days) {
    const auto date = calendar::add_days(today, days);
    if (calendar::weekday_of(date) == weekday) return date;
  }
  return today;
}

EventDraft timed(std::string title, Category category, const LocalDate& date, LocalTime start, int minutes) {
  EventDraft draft;
  draft.title = std::move(title);
  draft.category = category;
  draft.series.first_date = date;
  draft.series.start_time = start;
  draft.series.duration_minutes = minutes;
  return draft;
}

std::optional<LocalDate> last_date(const calendar::EventSeries& series) {
  if (series.frequency == calendar::SeriesFrequency::kOnce) return series.first_date;
  if (!series.until && !series.count) return std::nullopt;
  return calendar::last_occurrence_before(series, LocalDate{calendar::kMaxEventYear, 12, 31});
}

}  // namespace

void seed_demo_events(EventStore& store, groups::GroupStore& groups, auth::PersonStore& people,
                      const std::vector<auth::DirectoryPerson>& demo_people, const calendar::TimeZone& zone,
                      std::int64_t now) {
  auto& database = store.connection();
  {
    auto existing = database.query("SELECT 1 FROM event LIMIT 1");
    if (existing.step()) return;
  }
  const auto person_id = [&](const char* username) -> std::optional<std::int64_t> {
    const auto person = people.find_by_username(username);
    if (!person) return std::nullopt;
    return person->id;
  };
  const auto coordinator = person_id("dana.lee");
  if (demo_people.empty() || !coordinator) return;
  storage::Transaction transaction(database);
  const auto today = zone.to_local(now).date;
  const auto add = [&](const EventDraft& draft, std::optional<std::int64_t> organiser) {
    if (calendar::validate(draft.series)) return std::int64_t{0};
    return store.insert(draft, crypto::random_token(18), organiser, last_date(draft.series), std::nullopt,
                        now);
  };
  const auto answer = [&](std::int64_t event, const LocalDate& date, const char* username,
                          RsvpStatus status) {
    if (const auto id = person_id(username); id && event != 0) store.save_rsvp(event, date, *id, status, now);
  };

  // Weekly mindfulness, with history and one cancelled session.
  auto mindful = timed("Mindful Moments", Category::kMindfulness,
                       calendar::add_days(next(today, Weekday::kWednesday), -21), LocalTime{12, 0}, 30);
  mindful.series.frequency = calendar::SeriesFrequency::kWeekly;
  mindful.series.weekdays = {Weekday::kWednesday};
  mindful.description =
      "Thirty minutes of guided breathing and a short body scan, led by the chaplaincy team.\n\n"
      "Come as you are, in scrubs or not; leave when your bleep goes. No experience needed.";
  mindful.location = "Chapel quiet room, level 1";
  mindful.virtual_link = "https://video.hospital.example/mindful-moments";
  mindful.organiser_contact = "Chaplaincy, ext. 4100";
  const auto mindful_id = add(mindful, coordinator);
  const auto next_wednesday = next(today, Weekday::kWednesday);
  answer(mindful_id, next_wednesday, "amy.chen", RsvpStatus::kGoing);
  if (mindful_id != 0) {
    OccurrenceChange closed;
    closed.date = calendar::add_days(next_wednesday, 7);
    closed.cancelled = true;
    closed.note = "The chapel is closed for maintenance this week.";
    closed.sequence = 1;
    closed.updated_at = now;
    store.save_change(mindful_id, closed);
  }

  // Monthly Schwartz Rounds on the second Thursday.
  auto rounds = timed("Schwartz Rounds", Category::kRounds, LocalDate{today.year, today.month, 1},
                      LocalTime{13, 0}, 60);
  rounds.series.frequency = calendar::SeriesFrequency::kMonthlyByWeekday;
  rounds.series.weekday = Weekday::kThursday;
  rounds.series.week_of_month = 2;
  rounds.description =
      "A monthly forum where staff from every role reflect on the emotional side of caring for patients.\n\n"
      "A panel shares a story for 15 minutes; then the floor is open. Nothing is recorded. "
      "Lunch is provided, so please say if you are coming.";
  rounds.location = "Education centre, lecture theatre";
  rounds.rsvp = RsvpPolicy::kRequired;
  rounds.capacity = 120;
  rounds.organiser_contact = "Wellbeing team, ext. 4410";
  add(rounds, coordinator);

  // A small weekly class that is full, with a waiting list.
  auto yoga = timed("Lunchtime chair yoga", Category::kMovement, next(today, Weekday::kMonday),
                    LocalTime{12, 15}, 30);
  yoga.series.frequency = calendar::SeriesFrequency::kWeekly;
  yoga.series.weekdays = {Weekday::kMonday};
  yoga.series.count = 12;
  yoga.description =
      "Gentle stretches you can do in a chair, in uniform. Six weeks of basics, then six more.";
  yoga.location = "Physiotherapy gym, level 2";
  yoga.rsvp = RsvpPolicy::kRequired;
  yoga.capacity = 4;
  yoga.organiser_contact = "Occupational health, ext. 4300";
  const auto yoga_id = add(yoga, coordinator);
  const auto first_class = yoga.series.first_date;
  for (const char* username : {"amy.chen", "ben.okafor", "tomas.berg", "priya.shah"})
    answer(yoga_id, first_class, username, RsvpStatus::kGoing);
  for (const char* username : {"noor.haddad", "jozef.wisniewski"})
    answer(yoga_id, first_class, username, RsvpStatus::kWaiting);

  // A workshop for two departments.
  auto workshop = timed("Resilience workshop: sleeping well after night shifts", Category::kEducation,
                        calendar::add_days(today, 10), LocalTime{14, 0}, 90);
  workshop.description =
      "Practical ways to protect your sleep when you work nights: light, food, naps and getting back to "
      "days.";
  workshop.location = "Education centre, room 3";
  workshop.audience = Audience::kDepartments;
  workshop.departments = {"Emergency Department", "ICU"};
  workshop.rsvp = RsvpPolicy::kRequired;
  workshop.capacity = 25;
  workshop.organiser_contact = "Wellbeing team, ext. 4410";
  add(workshop, coordinator);

  auto tea =
      timed("Winter tea and cake", Category::kSocial, calendar::add_days(today, 16), LocalTime{15, 0}, 90);
  tea.description =
      "Drop in for a hot drink and a slice of cake between shifts. Night staff: there is a second table at 3 "
      "am.";
  tea.location = "Staff restaurant, ground floor";
  add(tea, coordinator);

  // A cancelled one-off, kept with its cancelled state.
  auto debrief = timed("Team debrief after a hard week", Category::kDebrief, calendar::add_days(today, 3),
                       LocalTime{8, 0}, 45);
  debrief.description = "A facilitated debrief for the emergency department.";
  debrief.location = "Emergency department seminar room";
  debrief.audience = Audience::kDepartments;
  debrief.departments = {"Emergency Department"};
  const auto debrief_id = add(debrief, coordinator);
  if (debrief_id != 0) store.cancel(debrief_id, now);

  // A sample group's weekly online meeting, for its members only.
  if (const auto group = groups.find_by_slug(groups::slug_from_name("Nurses with chronic illness"))) {
    auto meeting = timed("Nurses with chronic illness: online meeting", Category::kOther,
                         next(today, Weekday::kTuesday), LocalTime{19, 0}, 60);
    meeting.series.frequency = calendar::SeriesFrequency::kWeekly;
    meeting.series.weekdays = {Weekday::kTuesday};
    meeting.description = "Our weekly meeting. Cameras optional.";
    meeting.virtual_link = "https://video.hospital.example/chronic-illness";
    meeting.link_visibility = LinkVisibility::kGoing;
    meeting.audience = Audience::kGroup;
    meeting.group_id = group->id;
    add(meeting, person_id("liam.obrien"));
  }
  transaction.commit();
}

}  // namespace hearth::features::events
