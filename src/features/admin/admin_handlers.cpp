#include "features/admin/admin_handlers.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "auth/roles.h"
#include "common/error.h"
#include "common/log.h"
#include "common/text.h"
#include "features/admin/admin_access.h"
#include "storage/audit_log.h"

namespace hearth::features::admin {
namespace {

constexpr std::string_view kSettingsUrl = "/admin/settings";
constexpr std::string_view kDirectoryUrl = "/admin/directory";
constexpr int kAuditPageSize = 50;
constexpr std::size_t kMaxFilterBytes = 100;

// The settings form, in sections.
struct SettingsSection {
  std::string_view id;
  std::string_view heading;
  std::vector<std::string_view> keys;
};

const std::vector<SettingsSection>& settings_sections() {
  static const std::vector<SettingsSection> sections = {
      {"look", "Name and look", {"site.name", "site.accent_color"}},
      {"help",
       "Crisis line and help",
       {"site.crisis_name", "site.crisis_phone", "site.crisis_text", "site.emergency_number", "site.eap_name",
        "site.eap_phone", "site.eap_hours", "site.onsite_help"}},
      {"privacy", "Privacy page", {"site.privacy_notice"}},
      {"rules", "Rules", {"safety.phi_mode", "groups.require_approval", "groups.default_retention_days"}},
  };
  return sections;
}

// Notices shown after a redirect: the URL carries a code, never text.
std::string_view notice_text(std::string_view code) {
  if (code == "saved") return "The settings are saved. Every page uses them from now on.";
  if (code == "reset") return "The setting follows the configuration file again.";
  if (code == "logo") return "The logo is saved.";
  if (code == "logo_removed") return "The logo is removed: the built-in icon is shown.";
  return {};
}

void require(bool allowed, std::string_view what) {
  if (!allowed) throw Error::forbidden(fmt::format("admin: {} needs the administrator role", what));
}

std::string_view input_name(SettingInput input) {
  switch (input) {
    case SettingInput::kLine: return "line";
    case SettingInput::kParagraph: return "paragraph";
    case SettingInput::kMarkdown: return "markdown";
    case SettingInput::kColor: return "color";
    case SettingInput::kPhone: return "phone";
    case SettingInput::kChoice: return "choice";
    case SettingInput::kDays: return "days";
  }
  return "line";
}

std::string choice_label(const SettingDefinition& definition, std::string_view value) {
  for (const auto& choice : definition.choices) {
    if (choice.value == value) return std::string(choice.label);
  }
  return std::string(value);
}

std::string local_time_text(const calendar::TimeZone& zone, std::int64_t at) {
  const auto local = zone.to_local(at);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", local.date.year, local.date.month, local.date.day,
                     local.time.hour, local.time.minute);
}

std::string_view outcome_text(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kPassed: return "passed";
    case StepOutcome::kFailed: return "failed";
    case StepOutcome::kSkipped: return "skipped";
  }
  return "";
}

render::ViewList text_list(const std::vector<std::string>& values) {
  render::ViewList list;
  for (const auto& value : values) list.push(render::View().set("text", value));
  return list;
}

render::ViewList role_list(const std::vector<std::string_view>& names) {
  render::ViewList list;
  for (const auto name : names) list.push(render::View().set("name", name));
  return list;
}

// The role mapping as configured, one row per role.
render::ViewList role_mapping(const auth::DirectoryConfig& config) {
  const std::array<std::pair<auth::Role, const std::vector<std::string>*>, 4> roles = {{
      {auth::Role::kStaff, &config.staff_groups},
      {auth::Role::kPeerSupporter, &config.peer_supporter_groups},
      {auth::Role::kCoordinator, &config.coordinator_groups},
      {auth::Role::kAdmin, &config.admin_groups},
  }};
  render::ViewList rows;
  for (const auto& [role, groups] : roles) {
    rows.push(render::View()
                  .set("role", auth::role_name(role))
                  .set("groups", text_list(*groups))
                  .set("everyone", role == auth::Role::kStaff && groups->empty()));
  }
  return rows;
}

std::string_view group_lookup_text(auth::GroupLookup lookup) {
  switch (lookup) {
    case auth::GroupLookup::kMemberOf: return "memberOf attribute of the person";
    case auth::GroupLookup::kSearch: return "search for groups with the person as member";
    case auth::GroupLookup::kAdInChain: return "Active Directory matching rule in chain";
  }
  return "";
}

// A filter value from the query string; anything malformed is ignored. Its
// length is counted in characters, as the filter box (maxlength) counts it.
std::string filter_value(const http::Parameters& query, std::string_view name) {
  const auto value = text::trim(query.value_or_empty(name));
  if (!text::is_valid_utf8(value) || text::code_point_count(value) > kMaxFilterBytes ||
      text::has_control_characters(value)) {
    return {};
  }
  return std::string(value);
}

}  // namespace

AdminHandlers::AdminHandlers(const PageRenderer& pages, SettingsService& settings,
                             const DirectoryCheck& directory, const auth::DirectoryConfig& directory_config,
                             AdminStore& store, const calendar::TimeZone& zone, const Clock& clock)
    : pages_(pages),
      settings_(settings),
      directory_(directory),
      directory_config_(directory_config),
      store_(store),
      zone_(zone),
      clock_(clock) {}

http::Response AdminHandlers::index(const http::RequestContext& context) const {
  const auto& viewer = context.viewer;
  if (!access::can_open_admin_index(viewer)) throw Error::forbidden("admin: no administration pages");
  const bool administrator = auth::access::can_administer(viewer);
  const bool coordinator = auth::access::is_coordinator(viewer);
  auto view = pages_.layout(context, "Administration", NavItem::kNone);
  view.set("is_administrator", administrator).set("is_coordinator", coordinator);
  return pages_.page("admin/index", view);
}

http::Response AdminHandlers::settings_page(const http::RequestContext& context,
                                            const http::Parameters* submitted, const FieldErrors& errors,
                                            int status) const {
  auto view = pages_.layout(context, "Site settings", NavItem::kNone);
  const auto states = settings_.states();
  render::ViewList sections;
  render::ViewList overridden;
  for (const auto& section : settings_sections()) {
    render::ViewList fields;
    for (const auto key : section.keys) {
      const auto state = std::find_if(states.begin(), states.end(),
                                      [key](const SettingState& s) { return s.definition->key == key; });
      if (state == states.end()) continue;
      const auto& definition = *state->definition;
      const std::string value =
          submitted != nullptr ? std::string(submitted->value_or_empty(definition.field)) : state->value;
      render::ViewList options;
      for (const auto& choice : definition.choices) {
        options.push(render::View()
                         .set("value", choice.value)
                         .set("label", choice.label)
                         .set("option_id", fmt::format("{}-{}", definition.field, choice.value))
                         .set("selected", choice.value == value));
      }
      const auto error = errors.message_for(definition.field);
      const std::string file_value = definition.input == SettingInput::kChoice
                                         ? choice_label(definition, state->file_value)
                                         : state->file_value;
      fields.push(render::View()
                      .set("field", definition.field)
                      .set("key", definition.key)
                      .set("label", definition.label)
                      .set("hint", definition.hint)
                      .set("value", value)
                      .set("maxlength", static_cast<std::int64_t>(definition.maximum_length))
                      .set("is_" + std::string(input_name(definition.input)), true)
                      .set("options", std::move(options))
                      .set("error", error)
                      .set("overridden", state->overridden));
      if (state->overridden) {
        overridden.push(render::View()
                            .set("key", definition.key)
                            .set("label", definition.label)
                            .set("file_value", file_value.empty() ? std::string("(empty)") : file_value)
                            .set("reset_url", fmt::format("{}/reset/{}", kSettingsUrl, definition.key)));
      }
    }
    sections.push(render::View()
                      .set("section_id", section.id)
                      .set("heading", section.heading)
                      .set("fields", std::move(fields)));
  }
  add_errors(view, errors);
  const auto site = pages_.site();
  view.set("sections", std::move(sections))
      .set("has_overrides", !overridden.empty())
      .set("overrides", std::move(overridden))
      .set("has_logo", !site->logo_version.empty())
      .set("current_logo_url", "/branding/logo?v=" + site->logo_version)
      .set("logo_error", errors.message_for("logo"))
      .set("max_logo_kb", static_cast<std::int64_t>(kMaximumLogoBytes / 1024))
      .set("flash", notice_text(context.request.query.value_or_empty("notice")));
  return pages_.page("admin/settings", view, status);
}

http::Response AdminHandlers::settings_form(const http::RequestContext& context) const {
  require(access::can_change_settings(context.viewer), "settings");
  return settings_page(context, nullptr, {}, 200);
}

http::Response AdminHandlers::save_settings(const http::RequestContext& context) const {
  require(access::can_change_settings(context.viewer), "settings");
  const auto errors = settings_.save(context.viewer, context.request.form);
  if (!errors.empty()) return settings_page(context, &context.request.form, errors, 400);
  return http::Response::redirect(std::string(kSettingsUrl) + "?notice=saved");
}

http::Response AdminHandlers::reset_setting(const http::RequestContext& context) const {
  require(access::can_change_settings(context.viewer), "settings");
  settings_.reset(context.viewer, context.request.path_parameter("key"));
  return http::Response::redirect(std::string(kSettingsUrl) + "?notice=reset");
}

http::Response AdminHandlers::upload_logo(const http::RequestContext& context) const {
  require(access::can_change_settings(context.viewer), "settings");
  std::string_view bytes;
  for (const auto& file : context.request.files) {
    if (file.field == "logo") bytes = file.content;
  }
  const auto errors = settings_.upload_logo(context.viewer, bytes);
  if (!errors.empty()) return settings_page(context, nullptr, errors, 400);
  return http::Response::redirect(std::string(kSettingsUrl) + "?notice=logo");
}

http::Response AdminHandlers::remove_logo(const http::RequestContext& context) const {
  require(access::can_change_settings(context.viewer), "settings");
  settings_.remove_logo(context.viewer);
  return http::Response::redirect(std::string(kSettingsUrl) + "?notice=logo_removed");
}

http::Response AdminHandlers::directory_page(const http::RequestContext& context,
                                             const TestSignInReport* report, std::string_view tested_username,
                                             int status) const {
  auto view = pages_.layout(context, "Directory", NavItem::kNone);
  const auto& config = directory_config_;
  render::ViewList servers;
  for (const auto& server : directory_.server_status()) {
    servers.push(render::View()
                     .set("url", server.url)
                     .set("transport", server.transport)
                     .set("reachable", server.reachable)
                     .set("latency_ms", static_cast<std::int64_t>(server.latency.count())));
  }
  view.set("servers", std::move(servers))
      .set("demo", config.urls.empty())
      .set("user_base", config.user_base)
      .set("user_filter", config.user_filter)
      .set("group_base", config.group_base)
      .set("group_lookup", group_lookup_text(config.group_lookup))
      .set("nesting_depth", config.group_nesting_depth)
      .set("bind_dn", config.bind_dn)
      .set("ca_file", config.ca_file)
      .set("required_group", config.required_group)
      .set("role_mapping", role_mapping(config))
      .set("tested_username", tested_username);
  if (report != nullptr) {
    render::ViewList steps;
    for (const auto& step : report->steps) {
      steps.push(render::View()
                     .set("name", step.name)
                     .set("outcome", outcome_text(step.outcome))
                     .set("passed", step.outcome == StepOutcome::kPassed)
                     .set("failed", step.outcome == StepOutcome::kFailed)
                     .set("detail", step.detail));
    }
    render::ViewList groups;
    for (const auto& group : report->groups) {
      groups.push(render::View()
                      .set("dn", group.dn)
                      .set("roles", role_list(group.roles))
                      .set("no_roles", group.roles.empty()));
    }
    view.set("tested", true)
        .set("would_sign_in", report->would_sign_in)
        .set("steps", std::move(steps))
        .set("trace", text_list(report->trace))
        .set("has_groups", !report->groups.empty())
        .set("groups", std::move(groups))
        .set("roles", role_list(report->roles));
  }
  return pages_.page("admin/directory", view, status);
}

http::Response AdminHandlers::directory(const http::RequestContext& context) const {
  require(access::can_check_directory(context.viewer), "the directory page");
  return directory_page(context, nullptr, {}, 200);
}

http::Response AdminHandlers::test_sign_in(const http::RequestContext& context) const {
  require(access::can_check_directory(context.viewer), "a test sign-in");
  const auto& form = context.request.form;
  const auto username = form.value_or_empty("username");
  const auto report =
      directory_.test_sign_in(username, form.value_or_empty("password"), context.request.remote_address);
  // Trying someone's password is a privileged action: who tried which name,
  // and the outcome; never the password.
  const std::string shown_name = text::is_valid_utf8(username) && username.size() <= kMaxFilterBytes
                                     ? std::string(text::trim(username))
                                     : std::string("(malformed)");
  storage::AuditLog::record(store_.connection(),
                            {0, clock_.now_seconds(), context.viewer.person_id(), "directory.test_sign_in",
                             "username", shown_name, report.would_sign_in ? "would sign in" : "refused"});
  return directory_page(context, &report, shown_name, 200);
}

http::Response AdminHandlers::audit(const http::RequestContext& context) const {
  require(access::can_read_audit_log(context.viewer), "the audit log");
  const auto& query = context.request.query;
  AuditFilter filter;
  filter.action = filter_value(query, "action");
  filter.actor_username = filter_value(query, "actor");
  const auto from_text = filter_value(query, "from");
  const auto until_text = filter_value(query, "until");
  FieldErrors errors;
  if (!from_text.empty()) {
    if (const auto date = calendar::parse_date(from_text)) {
      filter.from = zone_.to_utc(*date, {0, 0});
    } else {
      errors.add("from", "Enter the first day as a date, for example 2026-03-01.");
    }
  }
  if (!until_text.empty()) {
    if (const auto date = calendar::parse_date(until_text)) {
      filter.until = zone_.to_utc(*date, {23, 59}) + 60;  // the whole of that day
    } else {
      errors.add("until", "Enter the last day as a date, for example 2026-03-31.");
    }
  }
  const int page = page_number(query);
  const auto entries = store_.audit_entries(filter, page, kAuditPageSize);

  auto view = pages_.layout(context, "Audit log", NavItem::kNone);
  render::ViewList actions;
  for (const auto& action : store_.audit_actions()) {
    actions.push(render::View().set("value", action).set("selected", action == filter.action));
  }
  render::ViewList rows;
  for (const auto& row : entries.rows) {
    rows.push(render::View()
                  .set("when", local_time_text(zone_, row.at))
                  .set("actor_name", row.actor_display_name)
                  .set("actor_username", row.actor_username)
                  .set("action", row.action)
                  .set("object_type", row.object_type)
                  .set("object_id", row.object_id)
                  .set("detail", row.detail));
  }
  // Page links keep the filters; values are re-encoded by the browser from the form.
  const auto page_url = [&](int target) {
    std::string url = fmt::format("/admin/audit?page={}", target);
    const auto add = [&url](std::string_view name, const std::string& value) {
      if (value.empty()) return;
      url += fmt::format("&{}=", name);
      for (const unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
          url += static_cast<char>(c);
        } else {
          url += fmt::format("%{:02X}", c);
        }
      }
    };
    add("action", filter.action);
    add("actor", filter.actor_username);
    add("from", from_text);
    add("until", until_text);
    return url;
  };
  add_errors(view, errors);
  view.set("actions", std::move(actions))
      .set("actor", filter.actor_username)
      .set("from", from_text)
      .set("until", until_text)
      .set("time_zone", zone_.name())
      .set("entries", std::move(rows))
      .set("has_entries", !entries.rows.empty())
      .set("page", page)
      .set("has_previous", page > 1)
      .set("previous_url", page > 1 ? page_url(page - 1) : std::string())
      .set("has_next", entries.has_more)
      .set("next_url", entries.has_more ? page_url(page + 1) : std::string());
  return pages_.page("admin/audit", view, errors.empty() ? 200 : 400);
}

http::Response AdminHandlers::theme(const http::RequestContext& context) const {
  const auto site = pages_.site();
  const auto css = theme_stylesheet(site->accent_color);
  if (css.empty()) throw Error::not_found("branding: no accent colour");
  http::Response response;
  response.content_type = "text/css; charset=utf-8";
  response.body = css;
  // The URL carries the colour (?v=), so a changed colour is a new URL.
  const bool versioned =
      context.request.query.value_or_empty("v") == std::string_view(site->accent_color).substr(1);
  response.caching = versioned ? http::Caching::kImmutable : http::Caching::kRevalidate;
  return response;
}

http::Response AdminHandlers::logo(const http::RequestContext& context) const {
  const auto stored = settings_.logo();
  if (!stored) throw Error::not_found("branding: no logo");
  http::Response response;
  response.content_type = stored->content_type;
  response.body = stored->bytes;
  response.caching = context.request.query.value_or_empty("v") == stored->digest ? http::Caching::kImmutable
                                                                                 : http::Caching::kRevalidate;
  return response;
}

}  // namespace hearth::features::admin
