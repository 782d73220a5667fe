#include "features/stats/stats_handlers.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "features/stats/small_counts.h"

namespace hearth::features::stats {
namespace {

constexpr std::int64_t kYear = 366 * 24 * 60 * 60;

// Outcomes in the order the table shows them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kOutcomeColumns = {{
    {"talked", "Talked"},
    {"referred_eap", "Referred to the EAP"},
    {"no_answer", "No answer"},
    {"declined", "Declined"},
    {"withdrawn", "Withdrawn"},
    {"expired", "Expired"},
    {"open", "Still open"},
}};

// The median of at least kSmallCount waits, in minutes; "" when too few.
std::string median_minutes(std::vector<std::int64_t> waits) {
  if (static_cast<int>(waits.size()) < kSmallCount) return "< 5 contacts";
  std::sort(waits.begin(), waits.end());
  const auto middle = waits.size() / 2;
  const auto median =
      waits.size() % 2 == 1 ? static_cast<double>(waits[middle]) : (waits[middle - 1] + waits[middle]) / 2.0;
  return fmt::format("{:.0f} min", median / 60.0);
}

}  // namespace

StatsHandlers::StatsHandlers(const PageRenderer& pages, StatsStore& store, const Clock& clock)
    : pages_(pages), store_(store), clock_(clock) {}

http::Response StatsHandlers::figures(const http::RequestContext& context) const {
  const auto since = clock_.now_seconds() - kYear;
  render::View view = pages_.layout(context, "Program figures", NavItem::kNone);

  render::ViewList headings;
  for (const auto& [key, label] : kOutcomeColumns) headings.push(render::View().set("label", label));
  view.set("outcome_headings", std::move(headings));

  const auto support = store_.support_by_month(since);
  std::vector<int> monthly_totals;
  render::ViewList months;
  for (const auto& [month, figures] : support) {
    std::vector<int> cells;
    for (const auto& [key, label] : kOutcomeColumns) {
      const auto found = figures.outcomes.find(std::string(key));
      cells.push_back(found == figures.outcomes.end() ? 0 : found->second);
    }
    const auto row = suppress(cells);
    render::ViewList shown_cells;
    for (const auto& cell : row.cells) shown_cells.push(render::View().set("value", shown(cell)));
    months.push(render::View()
                    .set("month", month)
                    .set("requests", shown(row.total))
                    .set("outcomes", std::move(shown_cells))
                    .set("median_wait", median_minutes(figures.waits)));
    monthly_totals.push_back(figures.requests);
  }
  view.set("no_requests", support.empty()).set("months", std::move(months));
  view.set("requests_in_year", shown(suppress(monthly_totals).total));

  const auto participation = store_.participation(since);
  view.set("active_groups", participation.active_groups)
      .set("people_in_groups", shown_count(participation.people_in_groups));
  std::vector<int> post_counts;
  render::ViewList posts;
  for (const auto& [month, count] : participation.posts_per_month) {
    post_counts.push_back(count);
    posts.push(render::View().set("month", month).set("count", shown_count(count)));
  }
  view.set("posts", std::move(posts)).set("no_posts", post_counts.empty());
  render::ViewList views;
  std::map<std::string, std::pair<int, int>> view_months;
  for (const auto& [month, count] : participation.help_views_per_month) view_months[month].first = count;
  for (const auto& [month, count] : participation.resource_views_per_month) view_months[month].second = count;
  for (const auto& [month, counts] : view_months) {
    views.push(render::View()
                   .set("month", month)
                   .set("help", shown_count(counts.first))
                   .set("resources", shown_count(counts.second)));
  }
  view.set("no_views", view_months.empty()).set("views", std::move(views));
  render::ViewList event_months;
  for (const auto& [month, counts] : participation.event_sessions_and_places_per_month) {
    event_months.push(render::View()
                          .set("month", month)
                          .set("sessions", shown_count(counts.first))
                          .set("places", shown_count(counts.second)));
  }
  view.set("no_event_months", participation.event_sessions_and_places_per_month.empty())
      .set("event_months", std::move(event_months));
  return pages_.page("admin/stats", view);
}

}  // namespace hearth::features::stats
