// Backups and restores with the `hearth` binary, the way IT runs them: a
// backup while a member keeps posting through the real server, restored into
// a new data directory and served again; the restore refusals (server running,
// not SQLite, damaged, not Hearth, too new) and migrate beside a running
// server; rotation in a backup folder as the systemd timer runs it.
#include "storage/backup.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "auth/ldap_directory.h"
#include "common/error.h"
#include "storage/database.h"
#include "support/slapd_fixture.h"
#include "support/test_server.h"

using hearth::testing::Browser;
using hearth::testing::contains;
using hearth::testing::LdapTransport;
using hearth::testing::location_of;
using hearth::testing::post;
using hearth::testing::run_hearth;
using hearth::testing::TestServer;
using hearth::testing::ThrowawaySlapd;

namespace {

namespace fs = std::filesystem;

fs::path fresh_directory(const std::string& name) {
  const auto path = fs::temp_directory_path() / (name + "-" + std::to_string(std::random_device{}()));
  fs::create_directories(path);
  return path;
}

// A configuration file whose [storage] points at `data_directory`, with the
// throwaway slapd as the directory (hearth migrate needs a complete one).
fs::path config_for(const fs::path& data_directory) {
  const auto& slapd = ThrowawaySlapd::shared();
  const auto folder = fresh_directory("hearth-backup-config");
  std::ofstream(folder / "bind-password") << slapd.bind_password() << "\n";
  const auto base = slapd.base_dn();
  std::ofstream(folder / "hearth.toml")
      << "[storage]\ndata_directory = \"" << data_directory.string() << "\"\n[directory]\nurls = [\""
      << slapd.ldap_url() << "\"]\nca_file = \"" << slapd.ca_file() << "\"\nbind_dn = \"" << slapd.bind_dn()
      << "\"\nbind_password_file = \"" << (folder / "bind-password").string()
      << "\"\nuser_base = \"ou=people," << base << "\"\ngroup_base = \"ou=groups," << base << "\"\n";
  return folder / "hearth.toml";
}

bool contains_text(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

TestServer& server() {
  static TestServer instance(ThrowawaySlapd::shared().config(LdapTransport::kStartTls));
  return instance;
}

fs::path live_data_directory() {
  return server().application().config().data_directory;
}

std::unique_ptr<Browser> signed_in(int port, const std::string& username) {
  return hearth::testing::signed_in_browser(port, username);
}

// A group made by Liam that Amy joins, and a thread in it; returns the thread's path.
std::string thread_for_amy(Browser& liam, Browser& amy) {
  const auto group = hearth::testing::create_group(
      liam, "Backup circle " + std::to_string(hearth::testing::unique_number()));
  hearth::testing::join_group(amy, group);
  return hearth::testing::start_thread(amy, group, "Night shift notes", "Opening words.");
}

std::int64_t thread_id_of(const std::string& path) {
  return std::stoll(path.substr(path.rfind('/') + 1));
}

// The reply texts stored for the thread in the database at `path`.
std::set<std::string> replies_in(const fs::path& path, std::int64_t thread_id) {
  auto database = hearth::storage::Database::open(path, hearth::storage::OpenMode::kReadOnly);
  auto rows = database.prepare("SELECT body FROM group_post WHERE thread_id = ?1 AND body LIKE 'Reply %'");
  rows.bind(1, thread_id);
  std::set<std::string> found;
  while (rows.step()) found.insert(rows.column_text(0));
  return found;
}

std::string reply_text(int number) {
  return "Reply " + std::to_string(number) + " from the break room";
}

unsigned file_mode(const fs::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777U;
}

std::string username_count(const fs::path& database_path) {
  auto database = hearth::storage::Database::open(database_path, hearth::storage::OpenMode::kReadOnly);
  auto rows = database.prepare("SELECT count(*) || ':' || COALESCE(max(id), 0) FROM group_post");
  REQUIRE(rows.step());
  return rows.column_text(0);
}

}  // namespace

TEST_CASE(
    "a backup made while a member keeps posting restores into a new server with every acknowledged post",
    "[server][backup]") {
  auto liam = signed_in(server().port(), "liam.obrien");
  auto amy = signed_in(server().port(), "amy.chen");
  const auto thread = thread_for_amy(*liam, *amy);

  // Amy posts replies one after another; the numbers the server acknowledged
  // (303) are recorded.
  std::mutex mutex;
  std::vector<int> acknowledged;  // guarded by mutex
  std::atomic<bool> stop{false};
  std::atomic<int> attempted{0};
  std::thread writer([&] {
    auto writer_amy = signed_in(server().port(), "amy.chen");
    writer_amy->get(thread);
    for (int number = 1; !stop; ++number) {
      attempted = number;
      const auto result = post(*writer_amy, thread + "/reply", {{"body", reply_text(number)}});
      if (result && result->status == 303) {
        std::lock_guard lock(mutex);
        acknowledged.push_back(number);
      }
    }
  });
  const auto acknowledged_count = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  const auto wait_for = [&](std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged_count() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return acknowledged_count() >= count;
  };
  if (!wait_for(10)) {
    stop = true;
    writer.join();
    FAIL("the replies were not acknowledged");
  }

  const auto config = config_for(live_data_directory());
  const auto backups = fresh_directory("hearth-backups");
  const auto file = backups / "during-writes.sqlite3";
  std::vector<int> before;
  {
    std::lock_guard lock(mutex);
    before = acknowledged;
  }
  const auto made = run_hearth("backup --config " + quoted(config) + " " + quoted(file));
  const int attempted_by_then = attempted;
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  CHECK(contains_text(made.output, "Backup written to"));
  // Keep writing a little after the backup, so that the copy is known to be older than the live database.
  const auto after_backup = acknowledged_count();
  wait_for(after_backup + 5);
  stop = true;
  writer.join();

  CHECK(file_mode(file) == 0600U);
  const auto thread_id = thread_id_of(thread);
  const auto in_backup = replies_in(file, thread_id);
  for (const int number : before) {
    INFO("reply " << number << " was acknowledged before the backup began");
    CHECK(in_backup.count(reply_text(number)) == 1);
  }
  for (const auto& text : in_backup) {
    const int number = std::stoi(text.substr(6));
    CHECK(number <= attempted_by_then);
  }
  CHECK(in_backup.size() < replies_in(server().application().config().database_path(), thread_id).size());
  {
    // One moment: the thread's post count (kept in the same transaction as
    // each post) agrees with its posts.
    auto database = hearth::storage::Database::open(file, hearth::storage::OpenMode::kReadOnly);
    auto counts = database.prepare(
        "SELECT t.post_count, (SELECT count(*) FROM group_post p WHERE p.thread_id = t.id AND p.state = "
        "'visible') FROM group_thread t WHERE t.id = ?1");
    counts.bind(1, thread_id);
    REQUIRE(counts.step());
    CHECK(counts.column_int64(0) == counts.column_int64(1));
    CHECK(counts.column_int64(0) == static_cast<std::int64_t>(in_backup.size()) + 1);
  }

  // Restore into a new data directory, then serve it.
  const auto restored_directory = fresh_directory("hearth-restored") / "data";
  const auto restored_config = config_for(restored_directory);
  const auto restored = run_hearth("restore --config " + quoted(restored_config) + " " + quoted(file));
  INFO(restored.output);
  REQUIRE(restored.exit_code == 0);
  CHECK(replies_in(restored_directory / "hearth.db", thread_id) == in_backup);
  {
    TestServer again(ThrowawaySlapd::shared().config(LdapTransport::kStartTls),
                     [&](hearth::app::Config& c) { c.data_directory = restored_directory; });
    auto amy_again = signed_in(again.port(), "amy.chen");
    const auto page = amy_again->get(thread + "?page=1");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page, "Night shift notes"));
    CHECK(contains(page, reply_text(before.front())));
  }
  fs::remove_all(restored_directory.parent_path());
  fs::remove_all(backups);
}

TEST_CASE("restore refuses while the server runs, and refuses bad files with exit code 2",
          "[server][backup]") {
  signed_in(server().port(), "amy.chen");  // the live database has a person
  const auto live_config = config_for(live_data_directory());
  const auto folder = fresh_directory("hearth-restore-refusals");
  const auto good = folder / "good.sqlite3";
  REQUIRE(run_hearth("backup --config " + quoted(live_config) + " " + quoted(good)).exit_code == 0);
  const auto live_before = username_count(server().application().config().database_path());

  SECTION("the server holds the data directory lock") {
    const auto refused = run_hearth("restore --config " + quoted(live_config) + " " + quoted(good));
    INFO(refused.output);
    CHECK(refused.exit_code == 1);
    CHECK(contains_text(refused.output, "Hearth is running"));
    CHECK(contains_text(refused.output, "Nothing was changed"));
    const auto migrate = run_hearth("migrate --config " + quoted(live_config));
    INFO(migrate.output);
    CHECK(migrate.exit_code == 1);
    CHECK(contains_text(migrate.output, "Another Hearth process is using the data directory"));
    // A second server on the same data directory does not start either.
    auto config = server().application().config();
    CHECK_THROWS_AS(
        hearth::app::Application(config, std::make_unique<hearth::auth::LdapDirectory>(config.directory)),
        hearth::Error);
    // The running server is unharmed.
    CHECK(signed_in(server().port(), "amy.chen")->get("/groups")->status == 200);
  }

  SECTION("files that are not Hearth backups") {
    const auto stopped = fresh_directory("hearth-restore-target") / "data";
    const auto stopped_config = config_for(stopped);
    REQUIRE(run_hearth("restore --config " + quoted(stopped_config) + " " + quoted(good)).exit_code == 0);
    const auto stopped_before = username_count(stopped / "hearth.db");

    std::ofstream(folder / "notes.txt") << "Dear IT, this is a text file.\n";
    {
      auto other = hearth::storage::Database::open(folder / "other.sqlite3");
      other.execute("CREATE TABLE recipes (name TEXT); PRAGMA user_version = 2;");
    }
    fs::copy_file(good, folder / "newer.sqlite3");
    {
      auto newer = hearth::storage::Database::open(folder / "newer.sqlite3");
      newer.set_user_version(newer.user_version() + 1);
    }
    fs::copy_file(good, folder / "damaged.sqlite3");
    {
      std::fstream damaged(folder / "damaged.sqlite3", std::ios::in | std::ios::out | std::ios::binary);
      damaged.seekp(4096);
      const std::string junk(8192, '\xFF');
      damaged.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"notes.txt", "is not a SQLite database"},       {"other.sqlite3", "not a Hearth database"},
        {"newer.sqlite3", "was made by a newer Hearth"}, {"damaged.sqlite3", "is damaged"},
        {"missing.sqlite3", "does not exist"},
    };
    for (const auto& [name, message] : cases) {
      const auto refused =
          run_hearth("restore --config " + quoted(stopped_config) + " " + quoted(folder / name));
      INFO(name << ": " << refused.output);
      CHECK(refused.exit_code == 2);
      CHECK(contains_text(refused.output, message));
      CHECK(contains_text(refused.output, "Nothing was changed"));
      CHECK(username_count(stopped / "hearth.db") == stopped_before);
    }
    fs::remove_all(stopped.parent_path());
  }
  CHECK(username_count(server().application().config().database_path()) >= live_before);
  fs::remove_all(folder);
}

TEST_CASE("the backup timer's command writes dated backups and keeps the newest --keep", "[server][backup]") {
  const auto config = config_for(live_data_directory());
  const auto folder = fresh_directory("hearth-backup-folder") / "backups";  // created by the command
  std::ofstream(folder.parent_path() / "unrelated.txt") << "x";
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i) {
    const auto result =
        run_hearth("backup --config " + quoted(config) + " --to-directory " + quoted(folder) + " --keep 2");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    made.push_back(result.output);
  }
  CHECK(contains_text(made[2], "Removed the old backup"));
  std::vector<fs::path> left;
  for (const auto& entry : fs::directory_iterator(folder)) left.push_back(entry.path());
  REQUIRE(left.size() == 2);
  for (const auto& path : left) {
    INFO(path.string());
    CHECK(hearth::storage::is_backup_file_name(path.filename().string()));
    CHECK(file_mode(path) == 0600U);
  }
  CHECK(file_mode(folder) == 0700U);
  CHECK(run_hearth("backup --config " + quoted(config)).exit_code == 2);  // neither FILE nor --to-directory
  CHECK(run_hearth("backup --config " + quoted(config) + " " + quoted(left[0])).exit_code == 2);  // exists
  fs::remove_all(folder.parent_path());
}
