#pragma once

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "app/application.h"
#include "app/config.h"
#include "common/clock.h"

namespace hearth::testing {

// The real Hearth server, in this process, on 127.0.0.1 and an ephemeral
// port, with a fresh data directory, a ManualClock (starting at the real
// time) and the given directory configuration. Stopped and its data
// directory removed on destruction.
class TestServer {
 public:
  explicit TestServer(auth::DirectoryConfig directory, const std::function<void(app::Config&)>& adjust = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  ManualClock& clock() { return clock_; }
  app::Application& application() { return *application_; }
  const std::filesystem::path& data_directory() const { return data_directory_; }

 private:
  ManualClock clock_;
  std::filesystem::path data_directory_;
  std::unique_ptr<app::Application> application_;
  std::thread thread_;
  int port_ = 0;
};

// A cpp-httplib client that keeps cookies like a browser and never follows
// redirects, so tests can look at each response.
class Browser {
 public:
  explicit Browser(int port);

  httplib::Result get(const std::string& path, const httplib::Headers& extra = {});
  httplib::Result post_form(const std::string& path, const httplib::Params& fields,
                            const httplib::Headers& extra = {});

  // GET /signin, then POST the form with its CSRF token. Returns the POST result.
  httplib::Result sign_in(const std::string& username, const std::string& password);

  // The csrf_token of the last page fetched that had one ("" if none).
  const std::string& csrf_token() const { return csrf_token_; }
  // The current session cookie value ("" if none).
  std::string session_cookie() const;
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  void clear_cookies() { cookies_.clear(); }

 private:
  httplib::Headers with_cookies(const httplib::Headers& extra) const;
  void remember(const httplib::Result& result);

  httplib::Client client_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_token_;
};

// Extracts the value of the first `name="csrf_token" value="..."` in a page.
std::string find_csrf_token(const std::string& html);

// Helpers shared by the integration tests.
//
// A new Browser on `port`, signed in as `username` of the sample directory
// (password "hearth-demo"), holding the signed-in CSRF token. REQUIREs that
// the sign-in succeeded.
std::unique_ptr<Browser> signed_in_browser(int port, const std::string& username);
// POSTs `fields` plus the browser's current CSRF token.
httplib::Result post(Browser& browser, const std::string& path, httplib::Params fields = {});
// True when there is a response and its body contains `text`.
bool contains(const httplib::Result& result, const std::string& text);
// The Location header, or "" (also when there is no response).
std::string location_of(const httplib::Result& result);

// What a command printed and how it ended.
struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string output;  // standard output and standard error together
};
// Runs `command` with /bin/sh and waits for it.
CommandResult shell(const std::string& command);
// Runs the hearth binary under test with `arguments` (a shell fragment, so
// quote paths) and `input` on its standard input.
CommandResult run_hearth(const std::string& arguments, const std::string& input = {});

// A number unique within this test process, for names that must not repeat.
int unique_number();
// Starts a peer group through /groups/new as `facilitator`: listed, open to
// join, all staff, weekly online, named `name`, with `changes` replacing or
// adding form fields (e.g. {"join_policy", "request"}). REQUIREs a 303;
// returns the group's path ("/groups/slug").
std::string create_group(Browser& facilitator, const std::string& name,
                         const std::map<std::string, std::string>& changes = {});
// Joins an open group, accepting its ground rules. REQUIREs a 303.
void join_group(Browser& member, const std::string& group);
// Starts a thread in `group` (its path) with `extra` form fields (e.g.
// anonymous); REQUIREs a 303 and returns the thread's path
// ("/groups/slug/threads/N").
std::string start_thread(Browser& author, const std::string& group, const std::string& title,
                         const std::string& body, httplib::Params extra = {});

}  // namespace hearth::testing
