// The event form: every field checked server-side, the repeat pattern built
// from the fields, and the values shown again after an error.
#include "features/events/event_form.h"

#include <catch2/catch.hpp>

namespace hearth::features::events {
namespace {

http::Parameters valid_form() {
  http::Parameters form;
  form.add("title", "Mindful Moments");
  form.add("category", "mindfulness");
  form.add("date", "2026-12-02");
  form.add("start", "12:00");
  form.add("end", "12:30");
  form.add("repeat", "once");
  form.add("location", "Chapel quiet room");
  form.add("audience", "all_staff");
  return form;
}

http::Parameters with(http::Parameters form, const std::string& name, const std::string& value) {
  http::Parameters result;
  for (const auto& [key, old] : form.entries()) {
    if (key != name) result.add(key, old);
  }
  result.add(name, value);
  return result;
}

FormChoices coordinator_choices() {
  FormChoices choices;
  choices.may_post_site_events = true;
  choices.departments = {"Emergency Department", "ICU"};
  choices.groups = {{5, "night-owls", "Night owls"}};
  return choices;
}

}  // namespace

TEST_CASE("a valid one-off event parses", "[events][form]") {
  FieldErrors errors;
  const auto draft = parse_event_form(valid_form(), coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(errors.empty());
  CHECK(draft->title == "Mindful Moments");
  CHECK(draft->category == Category::kMindfulness);
  CHECK(draft->series.frequency == calendar::SeriesFrequency::kOnce);
  CHECK(draft->series.first_date == calendar::LocalDate{2026, 12, 2});
  CHECK(draft->series.start_time == calendar::LocalTime{12, 0});
  CHECK(draft->series.duration_minutes == 30);
  CHECK(draft->rsvp == RsvpPolicy::kOptional);
  CHECK_FALSE(draft->capacity.has_value());
}

TEST_CASE("repeat patterns come from the fields, with defaults from the date", "[events][form]") {
  FieldErrors errors;
  auto form = with(valid_form(), "repeat", "weekly");
  form.add("weekday", "MO");
  form.add("weekday", "TH");
  form = with(form, "interval", "2");
  form = with(form, "ends", "count");
  form = with(form, "count", "10");
  auto draft = parse_event_form(form, coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->series.frequency == calendar::SeriesFrequency::kWeekly);
  CHECK(draft->series.weekdays ==
        std::vector<calendar::Weekday>{calendar::Weekday::kMonday, calendar::Weekday::kThursday});
  CHECK(draft->series.interval == 2);
  CHECK(draft->series.count == 10);

  // Monthly on a weekday without choices: the date's (2 December 2026 is the first Wednesday).
  draft = parse_event_form(with(valid_form(), "repeat", "monthly_weekday"), coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->series.weekday == calendar::Weekday::kWednesday);
  CHECK(draft->series.week_of_month == 1);
  auto last = with(with(valid_form(), "repeat", "monthly_weekday"), "week_of_month", "-1");
  draft = parse_event_form(with(last, "month_weekday", "FR"), coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->series.week_of_month == calendar::kLastWeekOfMonthEvent);
  CHECK(draft->series.weekday == calendar::Weekday::kFriday);

  draft = parse_event_form(with(valid_form(), "repeat", "monthly_day"), coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->series.day_of_month == 2);

  // An end time before the start runs past midnight.
  draft = parse_event_form(with(with(valid_form(), "start", "23:00"), "end", "00:30"), coordinator_choices(),
                           errors);
  REQUIRE(draft.has_value());
  CHECK(draft->series.duration_minutes == 90);
}

TEST_CASE("each bad field gets its own message", "[events][form]") {
  struct Case {
    std::string field, value, error_field;
  };
  const std::vector<Case> cases = {
      {"title", "", "title"},
      {"title", std::string(121, 'x'), "title"},
      {"title", std::string("a\xc3"), "title"},
      {"category", "karaoke", "category"},
      {"date", "2026-02-30", "date"},
      {"date", "1999-12-31", "date"},
      {"start", "7pm", "start"},
      {"end", "12:02", "end"},
      {"repeat", "yearly", "repeat"},
      {"virtual_link", "javascript:alert(1)", "virtual_link"},
      {"virtual_link", "https://exa mple.org", "virtual_link"},
      {"audience", "everyone", "audience-all_staff"},
      {"capacity", "5", "capacity"},  // without "people must say"
      {"organiser_contact", std::string(201, 'x'), "organiser_contact"},
      {"location", "", "location"},  // and no video link
  };
  for (const auto& c : cases) {
    CAPTURE(c.field, c.value);
    FieldErrors errors;
    CHECK_FALSE(
        parse_event_form(with(valid_form(), c.field, c.value), coordinator_choices(), errors).has_value());
    CHECK_FALSE(errors.message_for(c.error_field).empty());
  }
}

TEST_CASE("audiences: departments from the list, groups the viewer facilitates", "[events][form]") {
  FieldErrors errors;
  auto form = with(valid_form(), "audience", "departments");
  CHECK_FALSE(parse_event_form(form, coordinator_choices(), errors).has_value());
  CHECK_FALSE(errors.message_for("department-1").empty());

  errors = {};
  form.add("department", "ICU");
  form.add("department", "ICU");
  auto draft = parse_event_form(form, coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->departments == std::vector<std::string>{"ICU"});

  errors = {};
  form.add("department", "Made-up ward");
  CHECK_FALSE(parse_event_form(form, coordinator_choices(), errors).has_value());

  errors = {};
  auto meeting = with(with(valid_form(), "audience", "group"), "group", "night-owls");
  draft = parse_event_form(meeting, coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->group_id == 5);
  errors = {};
  CHECK_FALSE(
      parse_event_form(with(meeting, "group", "someone-elses"), coordinator_choices(), errors).has_value());
  CHECK_FALSE(errors.message_for("group").empty());

  // A facilitator who is not a coordinator may post only group meetings.
  FormChoices facilitator;
  facilitator.groups = {{5, "night-owls", "Night owls"}};
  errors = {};
  CHECK_FALSE(parse_event_form(valid_form(), facilitator, errors).has_value());
  CHECK_FALSE(errors.message_for("audience-all_staff").empty());
  errors = {};
  CHECK(parse_event_form(meeting, facilitator, errors).has_value());
}

TEST_CASE("places need answers", "[events][form]") {
  FieldErrors errors;
  auto form = with(with(valid_form(), "rsvp_required", "1"), "capacity", "12");
  const auto draft = parse_event_form(form, coordinator_choices(), errors);
  REQUIRE(draft.has_value());
  CHECK(draft->rsvp == RsvpPolicy::kRequired);
  CHECK(draft->capacity == 12);
  errors = {};
  CHECK_FALSE(parse_event_form(with(form, "capacity", "0"), coordinator_choices(), errors).has_value());
  CHECK_FALSE(errors.message_for("capacity").empty());
}

}  // namespace hearth::features::events
