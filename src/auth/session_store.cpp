#include "auth/session_store.h"

#include "auth/role_text.h"
#include "common/crypto.h"

namespace hearth::auth {
namespace {
// 32 random bytes encode to 43 base64url characters.
constexpr std::size_t kTokenLength = 43;

bool looks_like_token(std::string_view token) {
  if (token.size() != kTokenLength) return false;
  for (char c : token) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}
}  // namespace

SessionStore::SessionStore(storage::ConnectionPool& pool, const Clock& clock, SessionPolicy policy)
    : pool_(pool), clock_(clock), policy_(policy) {}

bool SessionStore::is_expired(const Session& session, std::int64_t now) const {
  if (!session.person_id) return now - session.created_at >= policy_.anonymous_timeout_seconds;
  return now - session.last_seen_at >= policy_.idle_timeout_seconds ||
         now - session.created_at >= policy_.absolute_timeout_seconds;
}

std::optional<Session> SessionStore::find(std::string_view token) {
  if (!looks_like_token(token)) return std::nullopt;
  auto& database = pool_.connection();
  Session session;
  session.token_hash = crypto::sha256_hex(token);
  {
    auto statement = database.query(
        "SELECT s.person_id, p.display_name, s.roles, s.csrf_token, s.created_at, s.last_seen_at "
        "FROM session s LEFT JOIN person p ON p.id = s.person_id WHERE s.token_hash = ?1");
    statement.bind(1, session.token_hash);
    if (!statement.step()) return std::nullopt;
    session.person_id = statement.column_optional_int64(0);
    session.display_name = statement.column_text(1);
    session.roles = parse_role_list(statement.column_text(2));
    session.csrf_token = statement.column_text(3);
    session.created_at = statement.column_int64(4);
    session.last_seen_at = statement.column_int64(5);
  }
  const auto now = clock_.now_seconds();
  if (is_expired(session, now)) {
    auto remove_statement = database.query("DELETE FROM session WHERE token_hash = ?1");
    remove_statement.bind(1, session.token_hash).run();
    return std::nullopt;
  }
  if (session.person_id && now - session.last_seen_at >= policy_.touch_interval_seconds) {
    auto touch = database.query("UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1");
    touch.bind_all(session.token_hash, now).run();
    session.last_seen_at = now;
  }
  return session;
}

NewSession SessionStore::insert(std::optional<std::int64_t> person_id, std::string display_name,
                                const RoleSet& roles) {
  NewSession created;
  created.token = crypto::random_token(32);
  auto& session = created.session;
  session.token_hash = crypto::sha256_hex(created.token);
  session.person_id = person_id;
  session.display_name = std::move(display_name);
  session.roles = roles;
  session.csrf_token = crypto::random_token(32);
  session.created_at = session.last_seen_at = clock_.now_seconds();
  auto statement = pool_.connection().query(
      "INSERT INTO session (token_hash, person_id, roles, csrf_token, created_at, last_seen_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
  statement.bind_all(session.token_hash, person_id, role_list_text(roles), session.csrf_token,
                     session.created_at);
  statement.run();
  return created;
}

NewSession SessionStore::create_anonymous() {
  return insert(std::nullopt, {}, RoleSet{});
}

NewSession SessionStore::create_signed_in(std::int64_t person_id, std::string display_name,
                                          const RoleSet& roles) {
  return insert(person_id, std::move(display_name), roles);
}

void SessionStore::remove(std::string_view token) {
  if (!looks_like_token(token)) return;
  auto statement = pool_.connection().query("DELETE FROM session WHERE token_hash = ?1");
  statement.bind(1, crypto::sha256_hex(token)).run();
}

int SessionStore::purge_expired() {
  const auto now = clock_.now_seconds();
  auto& database = pool_.connection();
  auto statement = database.query(
      "DELETE FROM session WHERE (person_id IS NULL AND created_at <= ?1) "
      "OR (person_id IS NOT NULL AND (last_seen_at <= ?2 OR created_at <= ?3))");
  statement.bind_all(now - policy_.anonymous_timeout_seconds, now - policy_.idle_timeout_seconds,
                     now - policy_.absolute_timeout_seconds);
  statement.run();
  return database.changes();
}

}  // namespace hearth::auth
