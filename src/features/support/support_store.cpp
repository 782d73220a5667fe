#include "features/support/support_store.h"

#include "common/error.h"

namespace hearth::features::support {
namespace {

constexpr std::string_view kColumns =
    "id, requester_person_id, for_whom, colleague_name, contact_channel, contact_detail, timing, "
    "time_window, "
    "outside_department, department, context, status, outcome, claimed_by, created_at, claimed_at, "
    "contacted_at, closed_at, wait_seconds";

SupportRequest read_request(const storage::Statement& row) {
  SupportRequest request;
  request.id = row.column_int64(0);
  request.requester_person_id = row.column_optional_int64(1);
  const auto for_whom = for_whom_from_text(row.column_text(2));
  const auto channel = contact_channel_from_text(row.column_text(4));
  const auto timing = timing_from_text(row.column_text(6));
  const auto status = request_status_from_text(row.column_text(11));
  if (!for_whom || !channel || !timing || !status)
    throw Error::internal("support_request has an unknown value");
  request.draft.for_whom = *for_whom;
  request.draft.colleague_name = row.column_text(3);
  request.draft.channel = *channel;
  request.draft.contact_detail = row.column_text(5);
  request.draft.timing = *timing;
  request.draft.time_window = row.column_text(7);
  request.draft.department =
      row.column_int64(8) != 0 ? Department::kOutsideMyDepartment : Department::kAnyDepartment;
  request.department = row.column_text(9);
  request.draft.context = row.column_text(10);
  request.status = *status;
  if (const auto outcome = row.column_optional_text(12)) request.outcome = outcome_from_text(*outcome);
  request.claimed_by = row.column_optional_int64(13);
  request.created_at = row.column_int64(14);
  request.claimed_at = row.column_optional_int64(15);
  request.contacted_at = row.column_optional_int64(16);
  request.closed_at = row.column_optional_int64(17);
  request.wait_seconds = row.column_optional_int64(18);
  return request;
}

std::vector<SupportRequest> read_all(storage::Statement& row) {
  std::vector<SupportRequest> requests;
  while (row.step()) requests.push_back(read_request(row));
  return requests;
}

}  // namespace

std::int64_t SupportStore::insert(const RequestDraft& draft, std::int64_t requester_person_id,
                                  std::string_view department, std::int64_t now) {
  auto& database = connection();
  database
      .query(
          "INSERT INTO support_request (requester_person_id, for_whom, colleague_name, contact_channel, "
          "contact_detail, timing, time_window, outside_department, department, context, status, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?)")
      .bind_all(requester_person_id, to_text(draft.for_whom), draft.colleague_name, to_text(draft.channel),
                draft.contact_detail, to_text(draft.timing), draft.time_window,
                draft.department == Department::kOutsideMyDepartment ? 1 : 0, department, draft.context, now)
      .run();
  return database.last_insert_id();
}

std::optional<SupportRequest> SupportStore::find(std::int64_t id) {
  auto row = connection().query("SELECT " + std::string(kColumns) + " FROM support_request WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return read_request(row);
}

std::vector<SupportRequest> SupportStore::open_requests() {
  auto row = connection().query(
      "SELECT " + std::string(kColumns) +
      " FROM support_request WHERE status IN ('waiting', 'claimed') ORDER BY created_at, id");
  return read_all(row);
}

std::vector<SupportRequest> SupportStore::requests_of(std::int64_t person_id) {
  auto row = connection().query(
      "SELECT " + std::string(kColumns) +
      " FROM support_request WHERE requester_person_id = ? ORDER BY created_at DESC, id DESC");
  row.bind(1, person_id);
  return read_all(row);
}

void SupportStore::claim(std::int64_t id, std::int64_t supporter_person_id, std::int64_t now) {
  connection()
      .query("UPDATE support_request SET status = 'claimed', claimed_by = ?, claimed_at = ? WHERE id = ?")
      .bind_all(supporter_person_id, now, id)
      .run();
}

void SupportStore::release(std::int64_t id) {
  connection()
      .query(
          "UPDATE support_request SET status = 'waiting', claimed_by = NULL, claimed_at = NULL WHERE id = ?")
      .bind(1, id)
      .run();
}

void SupportStore::mark_contacted(std::int64_t id, std::int64_t now) {
  connection()
      .query(
          "UPDATE support_request SET contacted_at = ?1, wait_seconds = ?1 - created_at "
          "WHERE id = ?2 AND contacted_at IS NULL")
      .bind_all(now, id)
      .run();
}

void SupportStore::close_and_purge(std::int64_t id, Outcome outcome) {
  connection()
      .query(
          "UPDATE support_request SET status = 'closed', outcome = ?1, requester_person_id = NULL, "
          "colleague_name = '', contact_detail = '', time_window = '', department = '', context = '', "
          "claimed_by = NULL, created_at = created_at - (created_at % 86400), claimed_at = NULL, "
          "contacted_at = NULL, closed_at = NULL WHERE id = ?2")
      .bind_all(to_text(outcome), id)
      .run();
}

std::vector<std::int64_t> SupportStore::open_created_before(std::int64_t cutoff) {
  auto row = connection().query(
      "SELECT id FROM support_request WHERE status IN ('waiting', 'claimed') AND created_at < ?");
  row.bind(1, cutoff);
  std::vector<std::int64_t> ids;
  while (row.step()) ids.push_back(row.column_int64(0));
  return ids;
}

}  // namespace hearth::features::support
