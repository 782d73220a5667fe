#include "app/application.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/routes.h"
#include "auth/gated_directory.h"
#include "auth/person_store.h"
#include "auth/session_store.h"
#include "auth/sign_in_service.h"
#include "auth/sign_in_throttle.h"
#include "auth/timed_directory.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "common/embedded_file.h"
#include "common/error.h"
#include "common/log.h"
#include "features/admin/admin_handlers.h"
#include "features/admin/admin_store.h"
#include "features/admin/directory_check.h"
#include "features/admin/settings_service.h"
#include "features/conversations/conversation_demo.h"
#include "features/conversations/conversation_service.h"
#include "features/conversations/conversation_store.h"
#include "features/conversations/conversations_handlers.h"
#include "features/events/event_demo.h"
#include "features/events/event_service.h"
#include "features/events/event_store.h"
#include "features/events/events_handlers.h"
#include "features/groups/group_demo.h"
#include "features/groups/group_service.h"
#include "features/groups/group_store.h"
#include "features/groups/groups_handlers.h"
#include "features/health/health_handlers.h"
#include "features/health/health_store.h"
#include "features/notifications/notification_service.h"
#include "features/notifications/notification_store.h"
#include "features/notifications/notifications_handlers.h"
#include "features/notifications/outbox_sender.h"
#include "features/notifications/outbox_store.h"
#include "features/pages/pages_handlers.h"
#include "features/people/people_handlers.h"
#include "features/people/people_service.h"
#include "features/people/person_data_store.h"
#include "features/resources/resource_demo.h"
#include "features/resources/resource_service.h"
#include "features/resources/resource_store.h"
#include "features/resources/resources_handlers.h"
#include "features/shared/page_renderer.h"
#include "features/shared/private_notice.h"
#include "features/shared/writing_check.h"
#include "features/stats/stats_handlers.h"
#include "features/stats/stats_store.h"
#include "features/support/support_handlers.h"
#include "features/support/support_service.h"
#include "features/support/support_store.h"
#include "http/redirect_server.h"
#include "http/server.h"
#include "http/static_files.h"
#include "mail/smtp_client.h"
#include "render/template_set.h"
#include "storage/migrations.h"

namespace hearth::app {
namespace {

constexpr auto kMaintenanceInterval = std::chrono::minutes(10);

void create_data_directory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::exists(directory, error)) return;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw Error::unavailable("Could not create the data directory " + directory.string() + ": " +
                             error.message());
  }
  // Only the service account may read the database and its snapshots.
  ::chmod(directory.c_str(), 0700);
}

render::TemplateSet load_templates(const Config& config) {
  return config.web_root.empty() ? render::TemplateSet::from_embedded(hearth_web_files())
                                 : render::TemplateSet::from_directory(config.web_root);
}

http::StaticFiles load_static_files(const Config& config) {
  return config.web_root.empty() ? http::StaticFiles(hearth_web_files()) : http::StaticFiles(config.web_root);
}

// The config file's site settings, which an administrator may override.
features::SiteSettings site_settings_from(const Config& config) {
  features::SiteSettings settings = config.site;
  settings.phi_policy = config.phi_policy;
  settings.groups_require_approval = config.groups_require_approval;
  return settings;
}

// Directory calls (sign-ins, readiness) that may run at once: half the worker
// threads, so a silent directory cannot starve the other pages (issue 8;
// tests/integration/robustness_test.cpp). A healthy directory answers within
// milliseconds, so a burst waits kDirectorySlotWait for a slot instead of failing.
int directory_call_limit(int threads) {
  return std::max(1, threads / 2);
}
constexpr std::chrono::milliseconds kDirectorySlotWait{250};

}  // namespace

storage::DataDirectoryLock lock_data_directory(const Config& config) {
  create_data_directory(config.data_directory);
  auto lock = storage::DataDirectoryLock::try_acquire(config.data_directory);
  if (!lock) {
    throw Error(ErrorKind::kConflict,
                "Another Hearth process is using the data directory " + config.data_directory.string() +
                    " (it holds " + std::string(storage::kLockFileName) +
                    "): a running server, or a restore or migration in progress. Stop it first.");
  }
  return std::move(*lock);
}

void prepare_database(const Config& config) {
  create_data_directory(config.data_directory);
  auto database = storage::Database::open(config.database_path(), storage::OpenMode::kReadWriteCreate);
  const auto migrations = storage::embedded_migrations();
  const auto report =
      storage::migrate(database, migrations, storage::SnapshotPolicy::kSnapshotBeforeMigrating);
  if (report.from_version != report.to_version) {
    log::info("storage: database {} migrated from schema v{} to v{}", config.database_path().string(),
              report.from_version, report.to_version);
  }
}

// What lives as long as the process and is shared by the request handling
// built at start-up and by every reload(), so that a reload forgets neither
// failed sign-in attempts nor counters nor a pending crisis notice, and
// notifications made by reloaded handling still wake the e-mail sender.
struct Application::Lasting {
  Lasting(const Clock& clock, const Config& config)
      : throttle(clock, config.sign_in), crisis_notices(clock) {}

  auth::SignInThrottle throttle;
  http::DirectoryMetrics directory_metrics;
  features::CrisisNotices crisis_notices;
  // The first dispatcher's counters, carried into each reloaded one. Written
  // only while handling is built (the constructor, reload(): one thread).
  std::shared_ptr<http::RequestMetrics> request_metrics;

  // Wakes the outbox sender, if e-mail is on and the sender runs.
  void wake_mail() {
    std::lock_guard lock(mail_mutex);
    if (mail_sender != nullptr) mail_sender->wake();
  }
  void set_mail_sender(features::notifications::OutboxSender* sender) {
    std::lock_guard lock(mail_mutex);
    mail_sender = sender;
  }

 private:
  std::mutex mail_mutex;
  features::notifications::OutboxSender* mail_sender = nullptr;  // guarded by mail_mutex; owned by Parts
};

// Members are declared in dependency order: each refers only to those above it.
struct Application::Parts {
  Config config;
  const Clock& clock;
  std::shared_ptr<Lasting> lasting;
  http::DirectoryMetrics& directory_metrics;
  std::unique_ptr<auth::Directory> directory;  // timed into directory_metrics
  storage::ConnectionPool pool;
  // The site settings in force (the file's, with an administrator's changes
  // on top): every page and rule below reads them per request.
  features::SiteSettingsSource site_settings;
  features::admin::AdminStore admin_store;
  features::admin::SettingsService settings_service;
  auth::PersonStore people;
  auth::SessionStore sessions;
  auth::SignInThrottle& throttle;
  auth::SignInService sign_in;
  features::admin::DirectoryCheck directory_check;
  render::TemplateSet templates;
  http::StaticFiles static_files;
  features::PageRenderer pages;
  calendar::TimeZone zone;
  features::notifications::NotificationStore notification_store;
  features::notifications::OutboxStore outbox_store;
  features::notifications::NotificationService notification_service;
  features::notifications::NotificationsHandlers notifications_handlers;
  features::groups::GroupStore group_store;
  features::groups::GroupService group_service;
  features::WritingCheck writing_check;
  features::groups::GroupsHandlers groups_handlers;
  features::CrisisNotices& crisis_notices;
  features::conversations::ConversationStore conversation_store;
  features::conversations::ConversationService conversation_service;
  features::conversations::ConversationsHandlers conversations_handlers;
  features::support::SupportStore support_store;
  features::support::SupportService support_service;
  features::support::SupportHandlers support_handlers;
  features::events::EventStore event_store;
  features::events::EventService event_service;
  features::events::EventsHandlers events_handlers;
  features::stats::StatsStore stats_store;
  features::stats::StatsHandlers stats_handlers;
  features::resources::ResourceStore resource_store;
  features::resources::ResourceService resource_service;
  features::resources::ResourcesHandlers resources_handlers;
  features::PagesHandlers pages_handlers;
  features::AccountHandlers account_handlers;
  features::admin::AdminHandlers admin_handlers;
  features::people::PersonDataStore person_data_store;
  features::people::PeopleService people_service;
  features::people::PeopleHandlers people_handlers;
  features::HealthStore health_store;
  features::HealthHandlers health_handlers;
  http::Dispatcher dispatcher;
  http::HttpServer server;

  std::mutex maintenance_mutex;
  std::condition_variable maintenance_wake;
  bool stopping = false;  // guarded by maintenance_mutex
  std::thread maintenance;

  // E-mail, when [mail] is on: started by start_mail(), stopped by Application::stop().
  std::unique_ptr<mail::SmtpClient> smtp;
  std::unique_ptr<features::notifications::OutboxDelivery> outbox_delivery;
  std::unique_ptr<features::notifications::OutboxSender> outbox_sender;

  // The plain-HTTP redirect listener (server.redirect_http_port): made by
  // Application's constructor, run on its own thread by serve().
  std::unique_ptr<http::RedirectServer> redirect;
  std::thread redirect_thread;

  Parts(Config loaded, std::unique_ptr<auth::Directory> chosen_directory,
        std::vector<features::DemoAccountListing> demo_accounts, const Clock& chosen_clock,
        std::shared_ptr<Lasting> shared)
      : config(std::move(loaded)),
        clock(chosen_clock),
        lasting(std::move(shared)),
        directory_metrics(lasting->directory_metrics),
        directory(std::make_unique<auth::TimedDirectory>(
            std::make_unique<auth::GatedDirectory>(
                std::move(chosen_directory), directory_call_limit(config.server.threads), kDirectorySlotWait),
            [this](auth::DirectoryCall call, auth::DirectoryOutcome outcome,
                   std::chrono::nanoseconds elapsed) { directory_metrics.record(call, outcome, elapsed); })),
        pool((prepare_database(config), config.database_path())),
        site_settings(site_settings_from(config)),
        admin_store(pool),
        settings_service(admin_store, site_settings, site_settings_from(config), clock),
        people(pool),
        sessions(pool, clock, config.session),
        throttle(lasting->throttle),
        sign_in(*directory, config.directory, people, sessions, throttle, clock),
        directory_check(*directory, config.directory, throttle),
        templates(load_templates(config)),
        static_files(load_static_files(config)),
        pages(templates, static_files, site_settings,
              [this](const auth::Viewer& viewer) { return notification_service.unread_count(viewer); }),
        zone(load_zone(config.site.time_zone)),
        notification_store(pool),
        outbox_store(pool),
        notification_service(notification_store, outbox_store, clock, config.mail, site_settings,
                             config.public_url, zone, [this] { lasting->wake_mail(); }),
        notifications_handlers(pages, notification_service, zone),
        group_store(pool),
        group_service(group_store, people, clock, features::groups::GroupService::ApprovalRule([this] {
                        return site_settings.current()->groups_require_approval
                                   ? features::groups::NewGroupApproval::kRequired
                                   : features::groups::NewGroupApproval::kNotRequired;
                      }),
                      notification_service),
        writing_check(safety::PhiChecker(config.phi_checker), site_settings),
        groups_handlers(
            pages, group_service, writing_check, zone, clock,
            [this](const http::RequestContext& context, const features::groups::GroupForViewer& group,
                   render::View& view) { conversations_handlers.add_group_sections(context, group, view); }),
        crisis_notices(lasting->crisis_notices),
        conversation_store(pool),
        conversation_service(conversation_store, group_service, clock, notification_service),
        conversations_handlers(pages, conversation_service, writing_check, crisis_notices, zone),
        support_store(pool),
        support_service(support_store, people, clock,
                        {config.support_response_target_minutes, config.support_expire_after_days},
                        notification_service),
        support_handlers(pages, support_service, writing_check, crisis_notices, zone),
        event_store(pool),
        event_service(event_store, people, zone, clock, config.public_url, notification_service),
        events_handlers(pages, event_service, writing_check, crisis_notices),
        stats_store(pool),
        stats_handlers(pages, stats_store, clock),
        resource_store(pool),
        resource_service(resource_store, zone, clock),
        resources_handlers(pages, resource_service, writing_check),
        pages_handlers(pages, people, config.session,
                       [this](const http::RequestContext& context, render::View& view) {
                         groups_handlers.add_home_sections(context, view);
                         conversations_handlers.add_home_sections(context, view);
                         support_handlers.add_home_sections(context, view);
                         events_handlers.add_home_sections(context, view);
                       }),
        account_handlers(pages, sign_in, sessions, std::move(demo_accounts)),
        admin_handlers(pages, settings_service, directory_check, config.directory, admin_store, zone, clock),
        person_data_store(pool),
        people_service(person_data_store, people, clock),
        people_handlers(pages, people_service),
        health_store(pool),
        health_handlers(health_store, *directory, clock, config.metrics,
                        {[this](http::MetricsWriter& out) { dispatcher.metrics().write(out); },
                         [this](http::MetricsWriter& out) { directory_metrics.write(out); }, HEARTH_VERSION,
                         config.session}),
        dispatcher(
            http::Router(route_table({pages_handlers, account_handlers, health_handlers, groups_handlers,
                                      conversations_handlers, support_handlers, stats_handlers,
                                      resources_handlers, notifications_handlers, events_handlers,
                                      admin_handlers, people_handlers, static_files})),
            sessions, [this](const http::ErrorPage& page) { return pages.error_page(page); },
            http::DispatcherOptions{config.uses_tls(), origin_of(config.public_url),
                                    http::TrustedProxies(http::AddressList(config.trusted_proxies)),
                                    config.server.work_slots,
                                    storage::ConnectionPool::release_thread_connections},
            lasting->request_metrics),
        server(dispatcher, config.server) {
    if (!lasting->request_metrics) lasting->request_metrics = dispatcher.shared_metrics();
  }

  static calendar::TimeZone load_zone(const std::string& name) {
    auto zone = calendar::TimeZone::load(name);
    if (!zone) throw Error::unavailable("Unknown time zone " + name + " (site.time_zone).");
    return *zone;
  }

  static std::string origin_of(const std::string& url) {
    // "https://host:port/path" -> "https://host:port"
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return {};
    const auto path_start = url.find('/', scheme_end + 3);
    return url.substr(0, path_start);
  }

  // Starts the outbox sender when e-mail is on. Messages left in the outbox
  // by an earlier run go out in its first pass.
  void start_mail() {
    if (config.mail.delivery == features::notifications::MailDelivery::kOff) return;
    if (config.mail.smtp.tls == mail::TlsRequirement::kNone) {
      log::warn("mail: mail.require_tls is off: e-mail and the SMTP password cross the network unencrypted");
    }
    smtp = std::make_unique<mail::SmtpClient>(config.mail.smtp);
    outbox_delivery = std::make_unique<features::notifications::OutboxDelivery>(
        outbox_store, *smtp, clock,
        features::notifications::RetryPolicy{.max_attempts = config.mail.max_attempts},
        features::notifications::MailSender{config.site.name, config.mail.from_address});
    outbox_sender = std::make_unique<features::notifications::OutboxSender>(
        *outbox_delivery, outbox_store, clock, [this] { notification_service.queue_due_digests(); });
    lasting->set_mail_sender(outbox_sender.get());
  }

  void run_maintenance() {
    std::unique_lock lock(maintenance_mutex);
    while (!stopping) {
      lock.unlock();
      try {
        const int purged = sessions.purge_expired();
        if (purged > 0) log::info("maintenance: removed {} expired sessions", purged);
      } catch (const std::exception& error) {
        log::error("maintenance: session purge failed: {}", error.what());
      }
      try {
        const int expired = support_service.expire_stale();
        if (expired > 0) log::info("maintenance: ended {} support requests past their time", expired);
      } catch (const std::exception& error) {
        log::error("maintenance: support request expiry failed: {}", error.what());
      }
      try {
        const int purged = notification_service.purge_expired();
        if (purged > 0) log::info("maintenance: deleted {} old notifications and sent e-mails", purged);
      } catch (const std::exception& error) {
        log::error("maintenance: notification purge failed: {}", error.what());
      }
      // Runs at start-up (the first pass of this loop) and then on schedule.
      try {
        const int purged =
            conversation_service.purge_expired_posts(site_settings.current()->default_retention_days);
        if (purged > 0)
          log::info("maintenance: deleted {} posts past their group's retention period", purged);
      } catch (const std::exception& error) {
        log::error("maintenance: post retention purge failed: {}", error.what());
      }
      lock.lock();
      maintenance_wake.wait_for(lock, kMaintenanceInterval, [this] { return stopping; });
    }
  }
};

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

Application::Application(Config config, std::unique_ptr<auth::Directory> directory,
                         std::vector<features::DemoAccountListing> demo_accounts, const Clock& clock)
    : data_lock_(lock_data_directory(config)),
      lasting_(std::make_shared<Lasting>(clock, config)),
      parts_(std::make_unique<Parts>(std::move(config), std::move(directory), std::move(demo_accounts), clock,
                                     lasting_)) {
  parts_->start_mail();
  const auto& server = parts_->config.server;
  if (parts_->config.redirect_http_port != 0 && !server.tls_certificate_file.empty()) {
    parts_->redirect =
        std::make_unique<http::RedirectServer>(server.listen_address, parts_->config.redirect_http_port,
                                               Parts::origin_of(parts_->config.public_url));
  }
  parts_->maintenance = std::thread([parts = parts_.get()] { parts->run_maintenance(); });
}

Application::~Application() {
  stop();
}

int Application::bind() {
  const int port = parts_->server.bind();
  if (parts_->redirect) parts_->redirect->bind();
  return port;
}

void Application::serve() {
  if (parts_->redirect && !parts_->redirect_thread.joinable()) {
    parts_->redirect_thread = std::thread([redirect = parts_->redirect.get()] { redirect->serve(); });
  }
  parts_->server.serve();
}

void Application::stop() {
  if (!parts_) return;
  parts_->server.stop();
  if (parts_->redirect) parts_->redirect->stop();
  if (parts_->redirect_thread.joinable()) parts_->redirect_thread.join();
  {
    std::lock_guard lock(parts_->maintenance_mutex);
    parts_->stopping = true;
  }
  parts_->maintenance_wake.notify_all();
  if (parts_->maintenance.joinable()) parts_->maintenance.join();
  if (parts_->outbox_sender) {
    lasting_->set_mail_sender(nullptr);
    parts_->outbox_sender->stop();
  }
}

void Application::send_mail_now() {
  lasting_->wake_mail();
}

const Config& Application::config() const {
  return parts_->config;
}

void Application::seed_demo_content(const std::vector<auth::DirectoryPerson>& people) {
  features::groups::seed_demo_groups(parts_->group_store, parts_->people, people,
                                     parts_->clock.now_seconds());
  features::conversations::seed_demo_conversations(parts_->conversation_store, parts_->group_store,
                                                   parts_->people, parts_->clock.now_seconds());
  features::resources::seed_demo_resources(parts_->resource_store, parts_->clock.now_seconds());
  features::events::seed_demo_events(parts_->event_store, parts_->group_store, parts_->people, people,
                                     parts_->zone, parts_->clock.now_seconds());
}

storage::ConnectionPool& Application::database() {
  return parts_->pool;
}

const http::Dispatcher& Application::dispatcher() const {
  return reloaded_ ? reloaded_->dispatcher : parts_->dispatcher;
}

namespace {

// The keys among those reload() cannot apply whose value differs.
std::vector<std::string> restart_only_changes(const Config& running, const Config& loaded) {
  std::vector<std::string> keys;
  const auto note = [&keys](bool changed, const char* key) {
    if (changed) keys.emplace_back(key);
  };
  const auto& a = running.server;
  const auto& b = loaded.server;
  note(a.listen_address != b.listen_address, "server.listen_address");
  note(a.port != b.port, "server.port");
  note(a.threads != b.threads, "server.threads");
  note(a.keep_alive_max_requests != b.keep_alive_max_requests, "server.keep_alive_max_requests");
  note(a.keep_alive_timeout_seconds != b.keep_alive_timeout_seconds, "server.keep_alive_timeout_seconds");
  note(a.read_timeout_seconds != b.read_timeout_seconds, "server.read_timeout_seconds");
  note(a.write_timeout_seconds != b.write_timeout_seconds, "server.write_timeout_seconds");
  note(a.max_body_bytes != b.max_body_bytes, "server.max_body_bytes");
  note(a.tls_certificate_file.empty() != b.tls_certificate_file.empty(),
       "server.tls_certificate_file (HTTPS on or off)");
  note(running.data_directory != loaded.data_directory, "storage.data_directory");
  const auto& m = running.mail;
  const auto& n = loaded.mail;
  note(m.delivery != n.delivery || m.smtp.url != n.smtp.url || m.smtp.username != n.smtp.username ||
           m.smtp.password != n.smtp.password || m.smtp.tls != n.smtp.tls ||
           m.smtp.ca_file != n.smtp.ca_file || m.from_address != n.from_address ||
           m.max_attempts != n.max_attempts || m.default_email != n.default_email ||
           m.digest_hour != n.digest_hour,
       "mail.*");
  return keys;
}

}  // namespace

std::vector<std::string> Application::reload(Config config, std::unique_ptr<auth::Directory> directory) {
  const Config& running = parts_->config;
  auto restart_only = restart_only_changes(running, config);
  // What cannot change live keeps its running value, so the new handling
  // agrees with the listener, the database and the e-mail sender in use.
  const bool https =
      !running.server.tls_certificate_file.empty() && !config.server.tls_certificate_file.empty();
  Config effective = std::move(config);
  const auto certificate_file = effective.server.tls_certificate_file;
  const auto private_key_file = effective.server.tls_private_key_file;
  effective.server = running.server;
  if (https) {
    effective.server.tls_certificate_file = certificate_file;
    effective.server.tls_private_key_file = private_key_file;
  }
  effective.data_directory = running.data_directory;
  effective.mail = running.mail;

  // Either may throw; nothing has changed yet.
  auto fresh = std::make_shared<Parts>(std::move(effective), std::move(directory),
                                       std::vector<features::DemoAccountListing>{}, parts_->clock, lasting_);
  if (https) parts_->server.reload_certificate(certificate_file, private_key_file);
  lasting_->throttle.set_policy(fresh->config.sign_in);
  parts_->server.use_dispatcher(std::shared_ptr<const http::Dispatcher>(fresh, &fresh->dispatcher));
  reloaded_ = std::move(fresh);
  return restart_only;
}

bool Application::is_healthy() {
  if (!parts_->server.is_running()) return false;
  try {
    auto statement = parts_->pool.connection().query("SELECT count(*) FROM sqlite_schema");
    return statement.step();
  } catch (const std::exception& error) {
    log::error("health: database check failed: {}", error.what());
    return false;
  }
}

}  // namespace hearth::app
