#pragma once

#include <vector>

#include "features/account/account_handlers.h"
#include "features/admin/admin_handlers.h"
#include "features/conversations/conversations_handlers.h"
#include "features/events/events_handlers.h"
#include "features/groups/groups_handlers.h"
#include "features/health/health_handlers.h"
#include "features/notifications/notifications_handlers.h"
#include "features/pages/pages_handlers.h"
#include "features/people/people_handlers.h"
#include "features/resources/resources_handlers.h"
#include "features/stats/stats_handlers.h"
#include "features/support/support_handlers.h"
#include "http/route.h"
#include "http/static_files.h"

namespace hearth::app {

// The handlers the route table points at. Owned by Application.
struct RouteTargets {
  const features::PagesHandlers& pages;
  const features::AccountHandlers& account;
  const features::HealthHandlers& health;
  const features::groups::GroupsHandlers& groups;
  const features::conversations::ConversationsHandlers& conversations;
  const features::support::SupportHandlers& support;
  const features::stats::StatsHandlers& stats;
  const features::resources::ResourcesHandlers& resources;
  const features::notifications::NotificationsHandlers& notifications;
  const features::events::EventsHandlers& events;
  const features::admin::AdminHandlers& admin;
  const features::people::PeopleHandlers& people;
  const http::StaticFiles& static_files;
};

// Every URL Hearth answers, in one table: method, pattern, who may call it,
// what it does with the session, and the handler.
std::vector<http::Route> route_table(const RouteTargets& targets);

}  // namespace hearth::app
