#pragma once

#include <memory>
#include <vector>

#include "app/config.h"
#include "auth/directory.h"
#include "common/clock.h"
#include "features/account/account_handlers.h"
#include "http/dispatcher.h"
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
  const http::Dispatcher& dispatcher() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// Opens (creating if needed) the database at config.database_path() and
// brings it to the newest schema. Used by Application and `hearth migrate`.
void prepare_database(const Config& config);

}  // namespace hearth::app
