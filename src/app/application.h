#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "auth/directory.h"
#include "common/clock.h"
#include "features/account/account_handlers.h"
#include "http/dispatcher.h"
#include "storage/backup.h"
#include "storage/database.h"

namespace hearth::app {

// The process-wide SystemClock.
const Clock& system_clock();

// The whole server, wired together: database, directory, sessions, templates,
// route table, dispatcher and listener. Used by `hearth serve`, `hearth demo`
// and the integration tests (which run it in-process on port 0).
class Application {
 public:
  // Creates the data directory if needed, opens the database and migrates it
  // (with a snapshot of an existing database first), loads the templates and
  // static files, and builds the route table. Throws hearth::Error if any of
  // that fails; nothing is listening yet.
  // `clock` must outlive the application; tests pass a ManualClock to check
  // session expiry.
  Application(Config config, std::unique_ptr<auth::Directory> directory,
              std::vector<features::DemoAccountListing> demo_accounts = {},
              const Clock& clock = system_clock());
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  int bind();
  // Serves until stop() is called from another thread or a signal handler thread.
  void serve();
  // Stops serving, the background maintenance and the e-mail sender (a send
  // in progress is interrupted; its message stays in the outbox). Idempotent.
  void stop();
  // Wakes the e-mail outbox sender for a pass now, e.g. after a test moved
  // its ManualClock past a retry. Does nothing when e-mail is off.
  void send_mail_now();

  const Config& config() const;
  // Fills an empty database with the sample groups (and later the sample
  // events and resources) of `hearth demo`, authored by `people` from the
  // demo directory. Does nothing if there is content already.
  void seed_demo_content(const std::vector<auth::DirectoryPerson>& people);
  storage::ConnectionPool& database();
  // Handles a request without sockets (unit tests of handlers and pages).
  // After reload(), the reloaded one; valid until the next reload().
  const http::Dispatcher& dispatcher() const;

  // Applies a changed configuration without dropping a request (SIGHUP,
  // `systemctl reload`). Builds the request handling (templates, services,
  // route table, dispatcher) anew from `config` and `directory` beside the
  // running one, then swaps it in: requests in flight finish on the old one,
  // which is freed when the last of them ends. With HTTPS, handshakes from
  // then on present the certificate and key now in the configured files.
  // Settings that cannot change while running (the [server] listener and
  // limits, HTTPS on or off, storage.data_directory, [mail]; the maintenance
  // thread also keeps the start-up settings) keep their running values; the
  // keys among them whose value changed are returned, for a "needs a
  // restart" message. config() keeps returning the start-up configuration.
  // Kept across reloads: failed sign-in counts (under the new sign_in
  // policy), request and directory counters for /metrics, pending crisis
  // notices, and the e-mail sender's wake-ups.
  // Throws hearth::Error, changing nothing, when the new handling or the
  // certificate cannot be loaded. Call from one thread at a time (not
  // concurrently with dispatcher()); serving may go on meanwhile.
  std::vector<std::string> reload(Config config, std::unique_ptr<auth::Directory> directory);
  // For the systemd watchdog: true while the listener is serving and the
  // database answers a query. Thread-safe.
  bool is_healthy();

 private:
  struct Lasting;
  struct Parts;
  // <data directory>/hearth.lock, held for the application's life so that
  // `hearth restore` and `hearth migrate` refuse to run beside it. Taken
  // before the database is opened (declared before parts_).
  storage::DataDirectoryLock data_lock_;
  // Shared by parts_ and reloaded_ (see Lasting in application.cpp).
  std::shared_ptr<Lasting> lasting_;
  std::unique_ptr<Parts> parts_;
  // The handling built by the last reload(); null before the first.
  std::shared_ptr<Parts> reloaded_;
};

// Opens (creating if needed) the database at config.database_path() and
// brings it to the newest schema. Used by Application and `hearth migrate`.
void prepare_database(const Config& config);

// Creates the data directory if needed and takes its lock (see
// storage::DataDirectoryLock). Throws kConflict, naming the directory, when
// another process holds it. Used by Application and by the commands that
// must not run beside the server (restore, migrate).
storage::DataDirectoryLock lock_data_directory(const Config& config);

}  // namespace hearth::app
