#pragma once

#include "calendar/time_zone.h"
#include "features/notifications/notification_service.h"
#include "features/shared/form_validation.h"
#include "features/shared/page_renderer.h"

namespace hearth::features::notifications {

// The notification centre and the notification settings (routes in
// src/app/routes.cpp). Every page is the viewer's own.
class NotificationsHandlers {
 public:
  NotificationsHandlers(const PageRenderer& pages, NotificationService& service,
                        const calendar::TimeZone& zone);

  http::Response index(const http::RequestContext& context) const;          // GET  /notifications
  http::Response open(const http::RequestContext& context) const;           // GET  /notifications/{id}
  http::Response mark_all_read(const http::RequestContext& context) const;  // POST /notifications/read
  http::Response settings_form(const http::RequestContext& context) const;  // GET  /notifications/settings
  http::Response save_settings(const http::RequestContext& context) const;  // POST /notifications/settings

 private:
  http::Response settings_page(const http::RequestContext& context, const Preferences& shown,
                               const FieldErrors& errors, int status) const;

  const PageRenderer& pages_;
  NotificationService& service_;
  const calendar::TimeZone& zone_;
};

}  // namespace hearth::features::notifications
