#include "audit/audit.hpp"

#include <string>

#include "core/crypto.hpp"

namespace yingbin::audit {
namespace {

// The canonical text a row's hash covers. Fields are separated by U+001F (unit separator),
// which validated input can never contain, so no two different rows share a text.
std::string Canonical(const std::string& prev_hash, int64_t seq, int64_t at,
                      const std::string& actor_id, const std::string& actor_name,
                      const std::string& action, const std::string& entity, int64_t entity_id,
                      const std::string& before, const std::string& after,
                      const std::string& reason) {
  const char sep = '\x1f';
  std::string s;
  s.reserve(prev_hash.size() + before.size() + after.size() + reason.size() + 128);
  s += prev_hash; s += sep;
  s += std::to_string(seq); s += sep;
  s += std::to_string(at); s += sep;
  s += actor_id; s += sep;
  s += actor_name; s += sep;
  s += action; s += sep;
  s += entity; s += sep;
  s += std::to_string(entity_id); s += sep;
  s += before; s += sep;
  s += after; s += sep;
  s += reason;
  return s;
}

db::Value OptText(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

}  // namespace

core::Status Record(db::Connection& tx, const auth::Principal& actor, int64_t at_ms,
                    const Change& change) {
  // On PostgreSQL, taking the head row's lock first serialises appends, so the chain never
  // forks. A SQLite write transaction holds the database's write lock from BEGIN IMMEDIATE:
  // reading the head is enough, and the one UPDATE below moves it (an UPDATE ... RETURNING
  // there costs a temporary b-tree for the returned row).
  const bool sqlite = tx.dialect() == db::Dialect::kSqlite;
  auto head = sqlite ? tx.Query("SELECT seq + 1, hash FROM audit_head WHERE id = 1")
                     : tx.Query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  if (!head) return std::move(head).error();
  if (head->empty()) return core::Internal("audit_head row missing");
  const int64_t seq = head->Int(0, 0);
  const std::string prev = head->Text(0, 1);
  const std::string actor_id = actor.user_id ? std::to_string(actor.user_id) : "";
  const std::string actor_name =
      actor.token_id ? "token:" + actor.display_name : actor.ActorName();
  const std::string hash =
      core::Sha256Hex(Canonical(prev, seq, at_ms, actor_id, actor_name, change.action,
                                change.entity, change.entity_id, change.before_json,
                                change.after_json, change.reason));
  auto ins = tx.Exec(
      "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, "
      "before_json, after_json, reason, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      {seq, at_ms, actor.user_id ? db::Value(actor.user_id) : db::Null(), actor_name,
       change.action, change.entity, change.entity_id, OptText(change.before_json),
       OptText(change.after_json), change.reason, prev, hash});
  if (!ins) return std::move(ins).error();
  auto upd = tx.Exec("UPDATE audit_head SET seq = $2, hash = $1 WHERE id = 1", {hash, seq});
  if (!upd) return std::move(upd).error();
  return core::Ok();
}

core::Result<VerifyResult> Verify(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& c = **lease;
  VerifyResult result;
  std::string prev;
  int64_t expected_seq = 1;
  // Walk in pages so that a long chain never has to fit in memory at once.
  const int64_t kPage = 2000;
  for (int64_t after = 0;;) {
    auto rows = c.Query(
        "SELECT seq, at, actor_id, actor_name, action, entity, entity_id, before_json, "
        "after_json, reason, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        {after, kPage});
    if (!rows) return std::move(rows).error();
    for (size_t i = 0; i < rows->size(); ++i) {
      const db::Rows& r = *rows;
      const int64_t seq = r.Int(i, 0);
      const std::string actor_id = r.IsNull(i, 2) ? "" : std::to_string(r.Int(i, 2));
      const std::string expected =
          core::Sha256Hex(Canonical(prev, seq, r.Int(i, 1), actor_id, r.Text(i, 3), r.Text(i, 4),
                                    r.Text(i, 5), r.Int(i, 6), r.Text(i, 7), r.Text(i, 8),
                                    r.Text(i, 9)));
      if (seq != expected_seq || r.Text(i, 10) != prev || r.Text(i, 11) != expected) {
        result.ok = false;
        result.first_bad_seq = seq != expected_seq ? expected_seq : seq;
        return result;
      }
      prev = r.Text(i, 11);
      ++expected_seq;
      ++result.checked;
      after = seq;
    }
    if (rows->size() < static_cast<size_t>(kPage)) break;
  }
  // Rows deleted from the end leave the head ahead of the log.
  auto head = c.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return std::move(head).error();
  if (head->empty() || head->Int(0, 0) != result.checked || head->Text(0, 1) != prev) {
    result.ok = false;
    result.first_bad_seq = result.checked + 1;
  }
  return result;
}

}  // namespace yingbin::audit
