#include "features/events/event_form.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "calendar/civil.h"
#include "calendar/event_series.h"

namespace hearth::features::events {
namespace {

constexpr TextRule kTitleRule{"Title", 3, 120, LineBreaks::kNotAllowed};
constexpr TextRule kDescriptionRule{"Description", 0, 5000, LineBreaks::kAllowed};
constexpr TextRule kLocationRule{"Place", 0, 200, LineBreaks::kNotAllowed};
constexpr TextRule kContactRule{"Organiser contact", 0, 200, LineBreaks::kNotAllowed};
constexpr std::size_t kMaxLinkLength = 500;

constexpr std::array kCategories = {Category::kMindfulness, Category::kMovement, Category::kEducation,
                                    Category::kRounds,      Category::kDebrief,  Category::kSocial,
                                    Category::kOther};

// Monday first, as people read a week.
constexpr std::array kWeekOrder = {calendar::Weekday::kMonday,    calendar::Weekday::kTuesday,
                                   calendar::Weekday::kWednesday, calendar::Weekday::kThursday,
                                   calendar::Weekday::kFriday,    calendar::Weekday::kSaturday,
                                   calendar::Weekday::kSunday};

struct Choice {
  std::string_view value;
  std::string_view label;
};
constexpr std::array<Choice, 4> kRepeats = {
    {{"once", "Does not repeat"},
     {"weekly", "Weekly"},
     {"monthly_weekday", "Monthly on a weekday (e.g. the second Tuesday)"},
     {"monthly_day", "Monthly on a date (e.g. the 15th)"}}};
constexpr std::array<Choice, 3> kEnds = {
    {{"never", "Keeps going"}, {"until", "Until a date"}, {"count", "After a number of sessions"}}};
constexpr std::array<Choice, 6> kWeeksOfMonth = {
    {{"1", "first"}, {"2", "second"}, {"3", "third"}, {"4", "fourth"}, {"5", "fifth"}, {"-1", "last"}}};
constexpr std::array<Choice, 3> kAudiences = {{{"all_staff", "All staff"},
                                               {"departments", "Some departments"},
                                               {"group", "Members of a group I facilitate"}}};
constexpr std::array<Choice, 2> kLinkVisibilities = {
    {{"everyone", "Everyone who can see the event"}, {"going", "Only people who said they are going"}}};

std::string time_text(const calendar::LocalTime& time) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", time.hour, time.minute);
  return buffer;
}

std::string weekday_code(calendar::Weekday day) {
  return weekday_codes({day});
}

template <std::size_t N>
render::ViewList choice_list(const std::array<Choice, N>& choices, std::string_view chosen) {
  render::ViewList list;
  for (const auto& choice : choices) {
    list.push(render::View()
                  .set("value", choice.value)
                  .set("label", choice.label)
                  .set("selected", choice.value == chosen));
  }
  return list;
}

render::ViewList category_list(std::string_view chosen) {
  render::ViewList list;
  for (const auto category : kCategories) {
    list.push(render::View()
                  .set("value", to_text(category))
                  .set("label", label(category))
                  .set("selected", to_text(category) == chosen));
  }
  return list;
}

render::ViewList weekday_list(const std::vector<std::string_view>& chosen) {
  render::ViewList list;
  for (const auto day : kWeekOrder) {
    const auto code = weekday_code(day);
    list.push(render::View()
                  .set("value", code)
                  .set("label", calendar::weekday_name(day))
                  .set("checked", std::find(chosen.begin(), chosen.end(), code) != chosen.end()));
  }
  return list;
}

render::ViewList month_weekday_list(std::string_view chosen) {
  render::ViewList list;
  for (const auto day : kWeekOrder) {
    const auto code = weekday_code(day);
    list.push(render::View()
                  .set("value", code)
                  .set("label", calendar::weekday_name(day))
                  .set("selected", code == chosen));
  }
  return list;
}

render::ViewList department_list(const FormChoices& choices, const std::vector<std::string_view>& chosen) {
  render::ViewList list;
  int index = 0;
  for (const auto& department : choices.departments) {
    list.push(render::View()
                  .set("value", department)
                  .set("index", ++index)
                  .set("checked", std::find(chosen.begin(), chosen.end(), department) != chosen.end()));
  }
  return list;
}

render::ViewList group_list(const FormChoices& choices, std::string_view chosen) {
  render::ViewList list;
  for (const auto& group : choices.groups) {
    list.push(render::View()
                  .set("value", group.slug)
                  .set("label", group.name)
                  .set("selected", group.slug == chosen));
  }
  return list;
}

// The shared part of both form views, from field texts.
struct FieldTexts {
  std::string title, description, category, date, start, end, days, repeat, interval;
  std::vector<std::string_view> weekdays;
  std::string week_of_month, month_weekday, day_of_month, ends, until, count;
  std::string location, virtual_link, link_visibility, audience;
  std::vector<std::string_view> departments;
  std::string group, capacity, organiser_contact;
  bool all_day = false;
  bool rsvp_required = false;
};

render::View build_view(const FieldTexts& f, const FormChoices& choices) {
  render::View view;
  render::ViewList audiences;
  for (const auto& choice : kAudiences) {
    if (choice.value == "group" && choices.groups.empty()) continue;
    if (choice.value != "group" && !choices.may_post_site_events) continue;
    audiences.push(render::View()
                       .set("value", choice.value)
                       .set("label", choice.label)
                       .set("checked", choice.value == f.audience));
  }
  view.set("title", f.title)
      .set("description", f.description)
      .set("categories", category_list(f.category))
      .set("date", f.date)
      .set("all_day", f.all_day)
      .set("start", f.start)
      .set("end", f.end)
      .set("days", f.days)
      .set("repeats", choice_list(kRepeats, f.repeat))
      .set("interval", f.interval)
      .set("weekdays", weekday_list(f.weekdays))
      .set("weeks_of_month", choice_list(kWeeksOfMonth, f.week_of_month))
      .set("month_weekdays", month_weekday_list(f.month_weekday))
      .set("day_of_month", f.day_of_month)
      .set("ends", choice_list(kEnds, f.ends))
      .set("until", f.until)
      .set("count", f.count)
      .set("location", f.location)
      .set("virtual_link", f.virtual_link)
      .set("link_visibilities", choice_list(kLinkVisibilities, f.link_visibility))
      .set("audiences", std::move(audiences))
      .set("departments", department_list(choices, f.departments))
      .set("has_departments", !choices.departments.empty() && choices.may_post_site_events)
      .set("groups", group_list(choices, f.group))
      .set("has_groups", !choices.groups.empty())
      .set("capacity", f.capacity)
      .set("rsvp_required", f.rsvp_required)
      .set("organiser_contact", f.organiser_contact);
  return view;
}

std::optional<calendar::Weekday> weekday_from_code(std::string_view code) {
  const auto days = parse_weekday_codes(code);
  if (!days || days->size() != 1) return std::nullopt;
  return days->front();
}

}  // namespace

std::optional<EventDraft> parse_event_form(const http::Parameters& form, const FormChoices& choices,
                                           FieldErrors& errors) {
  EventDraft draft;
  if (auto title = check_text("title", form.value_or_empty("title"), kTitleRule, errors))
    draft.title = *title;
  if (auto text = check_text("description", form.value_or_empty("description"), kDescriptionRule, errors))
    draft.description = *text;
  const auto category = category_from_text(form.value_or_empty("category"));
  if (!category) errors.add("category", "Please choose a category.");
  draft.category = category.value_or(Category::kOther);

  auto& s = draft.series;
  const auto date = calendar::parse_date(form.value_or_empty("date"));
  if (!date || date->year < calendar::kMinEventYear || date->year > calendar::kMaxEventYear) {
    errors.add("date", "Please give the date as YYYY-MM-DD, e.g. 2026-12-02.");
  }
  s.first_date = date.value_or(calendar::LocalDate{2000, 1, 1});
  const bool all_day = form.value_or_empty("all_day") == "1";
  if (all_day) {
    s.day_kind = calendar::DayKind::kAllDay;
    const auto days_text = form.value_or_empty("days");
    if (days_text.empty()) {
      s.all_day_days = 1;
    } else if (const auto days =
                   check_integer("days", days_text, "Number of days", 1, calendar::kMaxAllDayDays, errors)) {
      s.all_day_days = *days;
    }
  } else {
    const auto start = calendar::parse_time(form.value_or_empty("start"));
    const auto end = calendar::parse_time(form.value_or_empty("end"));
    if (!start) errors.add("start", "Please give the start time as HH:MM, e.g. 12:00.");
    if (!end) errors.add("end", "Please give the end time as HH:MM, e.g. 12:30.");
    if (start && end) {
      s.start_time = *start;
      int minutes = (end->hour * 60 + end->minute) - (start->hour * 60 + start->minute);
      if (minutes <= 0) minutes += 24 * 60;  // ends after midnight
      if (minutes < calendar::kMinEventMinutes) {
        errors.add("end", "The end must be at least 5 minutes after the start.");
      }
      s.duration_minutes = minutes;
    }
  }

  const auto repeat = form.value_or_empty("repeat");
  if (repeat.empty() || repeat == "once") {
    s.frequency = calendar::SeriesFrequency::kOnce;
  } else if (repeat == "weekly") {
    s.frequency = calendar::SeriesFrequency::kWeekly;
    for (const auto code : form.all("weekday")) {
      const auto day = weekday_from_code(code);
      if (!day) {
        errors.add("weekday-MO", "Please choose weekdays from the list.");
        break;
      }
      if (std::find(s.weekdays.begin(), s.weekdays.end(), *day) == s.weekdays.end())
        s.weekdays.push_back(*day);
    }
    if (s.weekdays.empty() && date) s.weekdays.push_back(calendar::weekday_of(*date));
  } else if (repeat == "monthly_weekday") {
    s.frequency = calendar::SeriesFrequency::kMonthlyByWeekday;
    const auto week_text = form.value_or_empty("week_of_month");
    const auto day_text = form.value_or_empty("month_weekday");
    if (week_text.empty() && date) {
      s.week_of_month = (date->day - 1) / 7 + 1;
    } else if (week_text == "-1") {
      s.week_of_month = calendar::kLastWeekOfMonthEvent;
    } else if (const auto week =
                   check_integer("week_of_month", week_text, "Week of the month", 1, 5, errors)) {
      s.week_of_month = *week;
    }
    if (day_text.empty() && date) {
      s.weekday = calendar::weekday_of(*date);
    } else if (const auto day = weekday_from_code(day_text)) {
      s.weekday = *day;
    } else {
      errors.add("month_weekday", "Please choose a weekday from the list.");
    }
  } else if (repeat == "monthly_day") {
    s.frequency = calendar::SeriesFrequency::kMonthlyByDayOfMonth;
    const auto day_text = form.value_or_empty("day_of_month");
    if (day_text.empty() && date) {
      s.day_of_month = date->day;
    } else if (const auto day = check_integer("day_of_month", day_text, "Day of the month", 1, 31, errors)) {
      s.day_of_month = *day;
    }
  } else {
    errors.add("repeat", "Please choose how the event repeats.");
  }
  if (s.frequency != calendar::SeriesFrequency::kOnce) {
    const auto interval_text = form.value_or_empty("interval");
    if (!interval_text.empty()) {
      if (const auto interval =
              check_integer("interval", interval_text, "Every", 1, calendar::kMaxSeriesInterval, errors)) {
        s.interval = *interval;
      }
    }
    const auto ends = form.value_or_empty("ends");
    if (ends == "until") {
      const auto until = calendar::parse_date(form.value_or_empty("until"));
      if (!until) {
        errors.add("until", "Please give the last date as YYYY-MM-DD.");
      } else {
        s.until = until;
      }
    } else if (ends == "count") {
      if (const auto count = check_integer("count", form.value_or_empty("count"), "Number of sessions", 1,
                                           calendar::kMaxSeriesCount, errors)) {
        s.count = *count;
      }
    } else if (!ends.empty() && ends != "never") {
      errors.add("ends", "Please choose when the series ends.");
    }
  }
  if (errors.empty()) {
    if (const auto problem = calendar::validate(s)) errors.add("repeat", *problem);
  }

  if (auto place = check_text("location", form.value_or_empty("location"), kLocationRule, errors))
    draft.location = *place;
  const auto link = form.value_or_empty("virtual_link");
  if (!link.empty()) {
    if (link.size() > kMaxLinkLength || !is_web_url(link)) {
      errors.add("virtual_link", "Please give the video link as a full web address starting with https://.");
    } else {
      draft.virtual_link = std::string(link);
    }
  }
  const auto link_visibility = link_visibility_from_text(form.get("link_visibility").value_or("everyone"));
  if (!link_visibility) errors.add("link_visibility", "Please choose who sees the link.");
  draft.link_visibility = link_visibility.value_or(LinkVisibility::kEveryone);

  const auto audience = audience_from_text(form.value_or_empty("audience"));
  if (!audience) {
    errors.add("audience-all_staff", "Please choose who the event is for.");
  } else if (*audience == Audience::kGroup) {
    const auto slug = form.value_or_empty("group");
    const auto group = std::find_if(choices.groups.begin(), choices.groups.end(),
                                    [&](const FacilitatedGroup& g) { return g.slug == slug; });
    if (group == choices.groups.end()) {
      errors.add("group", "Please choose one of the groups you facilitate.");
    } else {
      draft.group_id = group->id;
    }
  } else if (!choices.may_post_site_events) {
    errors.add("audience-all_staff", "Only wellness coordinators post events for all staff or departments.");
  } else if (*audience == Audience::kDepartments) {
    for (const auto name : form.all("department")) {
      if (std::find(choices.departments.begin(), choices.departments.end(), name) ==
          choices.departments.end()) {
        errors.add("department-1", "Please choose departments from the list.");
        break;
      }
      if (std::find(draft.departments.begin(), draft.departments.end(), name) == draft.departments.end())
        draft.departments.emplace_back(name);
    }
    if (draft.departments.empty() && errors.message_for("department-1").empty())
      errors.add("department-1", "Please choose at least one department.");
  }
  draft.audience = audience.value_or(Audience::kAllStaff);

  draft.rsvp = form.value_or_empty("rsvp_required") == "1" ? RsvpPolicy::kRequired : RsvpPolicy::kOptional;
  const auto capacity_text = form.value_or_empty("capacity");
  if (!capacity_text.empty()) {
    if (const auto capacity = check_integer("capacity", capacity_text, "Places", 1, kMaxCapacity, errors)) {
      if (draft.rsvp != RsvpPolicy::kRequired) {
        errors.add(
            "capacity",
            "A limit on places needs people to answer: tick \u201cPeople must say they are coming\u201d.");
      } else {
        draft.capacity = *capacity;
      }
    }
  }
  if (auto contact =
          check_text("organiser_contact", form.value_or_empty("organiser_contact"), kContactRule, errors))
    draft.organiser_contact = *contact;
  if (draft.location.empty() && draft.virtual_link.empty() && errors.message_for("location").empty() &&
      errors.message_for("virtual_link").empty()) {
    errors.add("location", "Please say where the event is: a room, or a video link, or both.");
  }
  if (!errors.empty()) return std::nullopt;
  return draft;
}

render::View form_view(const EventDraft& draft, const FormChoices& choices, std::string_view group_slug) {
  const auto& s = draft.series;
  FieldTexts f;
  f.title = draft.title;
  f.description = draft.description;
  f.category = to_text(draft.category);
  f.date = date_text(s.first_date);
  f.all_day = s.day_kind == calendar::DayKind::kAllDay;
  f.start = time_text(s.start_time);
  const int end_minutes = (s.start_time.hour * 60 + s.start_time.minute + s.duration_minutes) % (24 * 60);
  f.end = time_text(calendar::LocalTime{end_minutes / 60, end_minutes % 60});
  f.days = std::to_string(s.all_day_days);
  switch (s.frequency) {
    case calendar::SeriesFrequency::kOnce: f.repeat = "once"; break;
    case calendar::SeriesFrequency::kWeekly: f.repeat = "weekly"; break;
    case calendar::SeriesFrequency::kMonthlyByWeekday: f.repeat = "monthly_weekday"; break;
    case calendar::SeriesFrequency::kMonthlyByDayOfMonth: f.repeat = "monthly_day"; break;
  }
  f.interval = std::to_string(s.interval);
  std::vector<std::string> codes;
  for (const auto day : s.weekdays) codes.push_back(weekday_code(day));
  for (const auto& code : codes) f.weekdays.push_back(code);
  f.week_of_month = std::to_string(s.week_of_month);
  f.month_weekday = weekday_code(s.weekday);
  f.day_of_month = std::to_string(s.day_of_month);
  f.ends = s.until ? "until" : s.count ? "count" : "never";
  f.until = s.until ? date_text(*s.until) : std::string();
  f.count = s.count ? std::to_string(*s.count) : std::string();
  f.location = draft.location;
  f.virtual_link = draft.virtual_link;
  f.link_visibility = to_text(draft.link_visibility);
  f.audience = to_text(draft.audience);
  for (const auto& department : draft.departments) f.departments.push_back(department);
  f.group = group_slug;
  f.capacity = draft.capacity ? std::to_string(*draft.capacity) : std::string();
  f.rsvp_required = draft.rsvp == RsvpPolicy::kRequired;
  f.organiser_contact = draft.organiser_contact;
  return build_view(f, choices);
}

render::View posted_form_view(const http::Parameters& form, const FormChoices& choices) {
  FieldTexts f;
  const auto text = [&](std::string_view name) { return std::string(form.value_or_empty(name)); };
  f.title = text("title");
  f.description = text("description");
  f.category = text("category");
  f.date = text("date");
  f.all_day = form.value_or_empty("all_day") == "1";
  f.start = text("start");
  f.end = text("end");
  f.days = text("days");
  f.repeat = text("repeat");
  f.interval = text("interval");
  f.weekdays = form.all("weekday");
  f.week_of_month = text("week_of_month");
  f.month_weekday = text("month_weekday");
  f.day_of_month = text("day_of_month");
  f.ends = text("ends");
  f.until = text("until");
  f.count = text("count");
  f.location = text("location");
  f.virtual_link = text("virtual_link");
  f.link_visibility = text("link_visibility");
  f.audience = text("audience");
  f.departments = form.all("department");
  f.group = text("group");
  f.capacity = text("capacity");
  f.rsvp_required = form.value_or_empty("rsvp_required") == "1";
  f.organiser_contact = text("organiser_contact");
  return build_view(f, choices);
}

}  // namespace hearth::features::events
