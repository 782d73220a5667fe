#include "features/stats/stats_store.h"

namespace hearth::features::stats {

std::map<std::string, MonthlySupport> StatsStore::support_by_month(std::int64_t since) {
  auto& database = pool_.connection();
  std::map<std::string, MonthlySupport> months;
  {
    auto row = database.query(
        "SELECT strftime('%Y-%m', created_at, 'unixepoch'), COALESCE(outcome, 'open'), COUNT(*) "
        "FROM support_request WHERE created_at >= ? GROUP BY 1, 2");
    row.bind(1, since);
    while (row.step()) {
      auto& month = months[row.column_text(0)];
      const auto count = static_cast<int>(row.column_int64(2));
      month.requests += count;
      month.outcomes[row.column_text(1)] += count;
    }
  }
  auto row = database.query(
      "SELECT strftime('%Y-%m', created_at, 'unixepoch'), wait_seconds FROM support_request "
      "WHERE created_at >= ? AND wait_seconds IS NOT NULL");
  row.bind(1, since);
  while (row.step()) months[row.column_text(0)].waits.push_back(row.column_int64(1));
  return months;
}

Participation StatsStore::participation(std::int64_t since) {
  auto& database = pool_.connection();
  Participation result;
  {
    auto row = database.query(
        "SELECT (SELECT COUNT(*) FROM peer_group WHERE status = 'active'), "
        "(SELECT COUNT(DISTINCT m.person_id) FROM peer_group_membership m JOIN peer_group g ON g.id = "
        "m.group_id "
        " WHERE g.status = 'active' AND m.status = 'active')");
    if (row.step()) {
      result.active_groups = static_cast<int>(row.column_int64(0));
      result.people_in_groups = static_cast<int>(row.column_int64(1));
    }
  }
  auto row = database.query(
      "SELECT strftime('%Y-%m', created_at, 'unixepoch'), COUNT(*) FROM group_post WHERE created_at >= ? "
      "GROUP BY 1");
  row.bind(1, since);
  while (row.step()) result.posts_per_month[row.column_text(0)] = static_cast<int>(row.column_int64(1));
  auto views = database.query(
      "SELECT substr(day, 1, 7), page = 'help', SUM(count) FROM resource_view_count "
      "WHERE day >= strftime('%Y-%m-%d', ?, 'unixepoch') GROUP BY 1, 2");
  views.bind(1, since);
  while (views.step()) {
    auto& months = views.column_int64(1) != 0 ? result.help_views_per_month : result.resource_views_per_month;
    months[views.column_text(0)] = static_cast<int>(views.column_int64(2));
  }
  auto events = database.query(
      "SELECT substr(r.occurrence_date, 1, 7), COUNT(DISTINCT r.event_id || '/' || r.occurrence_date), "
      "COUNT(*) "
      "FROM event_rsvp r JOIN event e ON e.id = r.event_id "
      "WHERE e.audience != 'group' AND r.status = 'going' AND r.occurrence_date >= date(?, 'unixepoch') "
      "GROUP BY 1");
  events.bind(1, since);
  while (events.step()) {
    result.event_sessions_and_places_per_month[events.column_text(0)] = {
        static_cast<int>(events.column_int64(1)), static_cast<int>(events.column_int64(2))};
  }
  return result;
}

}  // namespace hearth::features::stats
