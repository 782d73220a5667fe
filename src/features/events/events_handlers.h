#pragma once

#include "features/events/event_form.h"
#include "features/events/event_service.h"
#include "features/shared/page_renderer.h"
#include "features/shared/private_notice.h"
#include "features/shared/writing_check.h"

namespace hearth::features::events {

// Event pages, RSVPs, calendar files and feeds, and the account page that
// holds the feed settings (routes in src/app/routes.cpp).
class EventsHandlers {
 public:
  EventsHandlers(const PageRenderer& pages, EventService& service, const WritingCheck& writing,
                 CrisisNotices& crisis_notices);

  http::Response agenda(const http::RequestContext& context) const;       // GET  /events
  http::Response month(const http::RequestContext& context) const;        // GET  /events/month
  http::Response new_form(const http::RequestContext& context) const;     // GET  /events/new
  http::Response create(const http::RequestContext& context) const;       // POST /events/new
  http::Response show(const http::RequestContext& context) const;         // GET  /events/{id}
  http::Response edit_form(const http::RequestContext& context) const;    // GET  /events/{id}/edit
  http::Response update(const http::RequestContext& context) const;       // POST /events/{id}/edit
  http::Response cancel(const http::RequestContext& context) const;       // POST /events/{id}/cancel
  http::Response event_file(const http::RequestContext& context) const;   // GET  /events/{id}.ics
  http::Response session(const http::RequestContext& context) const;      // GET  /events/{id}/{date}
  http::Response answer(const http::RequestContext& context) const;       // POST /events/{id}/{date}/rsvp
  http::Response change_form(const http::RequestContext& context) const;  // GET  /events/{id}/{date}/change
  http::Response change(const http::RequestContext& context) const;       // POST /events/{id}/{date}/change
  http::Response cancel_session(
      const http::RequestContext& context) const;  // POST /events/{id}/{date}/cancel
  http::Response attendance_csv(
      const http::RequestContext& context) const;  // GET  /events/{id}/{date}/attendance.csv
  http::Response personal_feed(const http::RequestContext& context) const;  // GET  /calendar/{token}.ics
  http::Response public_feed(const http::RequestContext& context) const;    // GET  /calendar/all-staff.ics
  http::Response account(const http::RequestContext& context) const;        // GET  /me
  http::Response feed_settings(const http::RequestContext& context) const;  // POST /me/calendar

  // On the signed-in home page: the viewer's next events.
  void add_home_sections(const http::RequestContext& context, render::View& view) const;

 private:
  FormChoices choices_for(const auth::Viewer& viewer) const;
  http::Response form_page(const http::RequestContext& context, render::View form, const FieldErrors& errors,
                           const WritingReview* review, std::optional<std::int64_t> id, int status) const;
  http::Response session_page(const http::RequestContext& context, std::int64_t id,
                              const calendar::LocalDate& date, std::string_view notice) const;
  http::Response account_page(const http::RequestContext& context, std::string_view new_feed_url,
                              std::string_view notice, int status) const;
  render::View event_summary(const EventView& view) const;
  render::View session_view(const EventView& event, const Session& session) const;

  const PageRenderer& pages_;
  EventService& service_;
  const WritingCheck& writing_;
  CrisisNotices& crisis_notices_;
};

}  // namespace hearth::features::events
