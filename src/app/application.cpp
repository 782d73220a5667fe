#include "app/application.h"

#include <sys/stat.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/routes.h"
#include "auth/person_store.h"
#include "auth/session_store.h"
#include "auth/sign_in_service.h"
#include "auth/sign_in_throttle.h"
#include "calendar/time_zone.h"
#include "common/clock.h"
#include "common/embedded_file.h"
#include "common/error.h"
#include "common/log.h"
#include "features/conversations/conversation_demo.h"
#include "features/conversations/conversation_service.h"
#include "features/conversations/conversation_store.h"
#include "features/conversations/conversations_handlers.h"
#include "features/groups/group_demo.h"
#include "features/groups/group_service.h"
#include "features/groups/group_store.h"
#include "features/groups/groups_handlers.h"
#include "features/health/health_handlers.h"
#include "features/notifications/notification_service.h"
#include "features/notifications/notification_store.h"
#include "features/notifications/notifications_handlers.h"
#include "features/notifications/outbox_sender.h"
#include "features/notifications/outbox_store.h"
#include "features/pages/pages_handlers.h"
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

}  // namespace

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

// Members are declared in dependency order: each refers only to those above it.
struct Application::Parts {
  Config config;
  const Clock& clock;
  std::unique_ptr<auth::Directory> directory;
  storage::ConnectionPool pool;
  auth::PersonStore people;
  auth::SessionStore sessions;
  auth::SignInThrottle throttle;
  auth::SignInService sign_in;
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
  features::CrisisNotices crisis_notices;
  features::conversations::ConversationStore conversation_store;
  features::conversations::ConversationService conversation_service;
  features::conversations::ConversationsHandlers conversations_handlers;
  features::support::SupportStore support_store;
  features::support::SupportService support_service;
  features::support::SupportHandlers support_handlers;
  features::stats::StatsStore stats_store;
  features::stats::StatsHandlers stats_handlers;
  features::resources::ResourceStore resource_store;
  features::resources::ResourceService resource_service;
  features::resources::ResourcesHandlers resources_handlers;
  features::PagesHandlers pages_handlers;
  features::AccountHandlers account_handlers;
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

  Parts(Config loaded, std::unique_ptr<auth::Directory> chosen_directory,
        std::vector<features::DemoAccountListing> demo_accounts, const Clock& chosen_clock)
      : config(std::move(loaded)),
        clock(chosen_clock),
        directory(std::move(chosen_directory)),
        pool((prepare_database(config), config.database_path())),
        people(pool),
        sessions(pool, clock, config.session),
        throttle(clock, config.sign_in),
        sign_in(*directory, config.directory, people, sessions, throttle, clock),
        templates(load_templates(config)),
        static_files(load_static_files(config)),
        pages(templates, static_files, config.site,
              [this](const auth::Viewer& viewer) { return notification_service.unread_count(viewer); }),
        zone(load_zone(config.site.time_zone)),
        notification_store(pool),
        outbox_store(pool),
        notification_service(notification_store, outbox_store, clock, config.mail, config.site,
                             config.public_url, zone,
                             [this] {
                               if (outbox_sender) outbox_sender->wake();
                             }),
        notifications_handlers(pages, notification_service, zone),
        group_store(pool),
        group_service(group_store, people, clock,
                      config.groups_require_approval ? features::groups::NewGroupApproval::kRequired
                                                     : features::groups::NewGroupApproval::kNotRequired,
                      notification_service),
        writing_check(safety::PhiChecker(config.phi_checker), config.phi_policy),
        groups_handlers(
            pages, group_service, writing_check, zone, clock,
            [this](const http::RequestContext& context, const features::groups::GroupForViewer& group,
                   render::View& view) { conversations_handlers.add_group_sections(context, group, view); }),
        crisis_notices(clock),
        conversation_store(pool),
        conversation_service(conversation_store, group_service, clock, notification_service),
        conversations_handlers(pages, conversation_service, writing_check, crisis_notices, zone),
        support_store(pool),
        support_service(support_store, people, clock,
                        {config.support_response_target_minutes, config.support_expire_after_days},
                        notification_service),
        support_handlers(pages, support_service, writing_check, crisis_notices, zone),
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
                       }),
        account_handlers(pages, sign_in, sessions, std::move(demo_accounts)),
        health_handlers(pool),
        dispatcher(
            http::Router(route_table({pages_handlers, account_handlers, health_handlers, groups_handlers,
                                      conversations_handlers, support_handlers, stats_handlers,
                                      resources_handlers, notifications_handlers, static_files})),
            sessions, [this](const http::ErrorPage& page) { return pages.error_page(page); },
            http::DispatcherOptions{config.uses_tls(), origin_of(config.public_url)}),
        server(dispatcher, config.server) {}

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
        const int purged = conversation_service.purge_expired_posts();
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
    : parts_(
          std::make_unique<Parts>(std::move(config), std::move(directory), std::move(demo_accounts), clock)) {
  parts_->start_mail();
  parts_->maintenance = std::thread([parts = parts_.get()] { parts->run_maintenance(); });
}

Application::~Application() {
  stop();
}

int Application::bind() {
  return parts_->server.bind();
}

void Application::serve() {
  parts_->server.serve();
}

void Application::stop() {
  if (!parts_) return;
  parts_->server.stop();
  {
    std::lock_guard lock(parts_->maintenance_mutex);
    parts_->stopping = true;
  }
  parts_->maintenance_wake.notify_all();
  if (parts_->maintenance.joinable()) parts_->maintenance.join();
  if (parts_->outbox_sender) parts_->outbox_sender->stop();
}

void Application::send_mail_now() {
  if (parts_->outbox_sender) parts_->outbox_sender->wake();
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
}

storage::ConnectionPool& Application::database() {
  return parts_->pool;
}

const http::Dispatcher& Application::dispatcher() const {
  return parts_->dispatcher;
}

}  // namespace hearth::app
