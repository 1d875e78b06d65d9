#include "org/retention.hpp"

#include <mutex>

#include "audit/audit.hpp"
#include "core/time.hpp"
#include "org/settings.hpp"

namespace yingbin::org {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
// The approval's subject: one purge request open at a time.
constexpr char kSubject[] = "personal_data";

std::mutex& PartsMutex() {
  static std::mutex mu;
  return mu;
}

std::vector<RetentionPart>& Parts() {
  static std::vector<RetentionPart> parts;
  return parts;
}

std::vector<RetentionPart> CopyParts() {
  std::lock_guard lock(PartsMutex());
  return Parts();
}

// Counts every part with the cutoff `cutoff_of` gives it.
core::Result<RetentionPreview> CountAll(
    db::Connection& c,
    const std::function<core::Result<RetentionCount>(const RetentionPart&)>& cutoff_of) {
  RetentionPreview out;
  for (const RetentionPart& part : CopyParts()) {
    auto entry = cutoff_of(part);
    if (!entry) return std::move(entry).error();
    auto n = part.count(c, entry->cutoff_ms);
    if (!n) return std::move(n).error();
    entry->count = *n;
    out.parts.push_back(std::move(*entry));
  }
  return out;
}

// Destroys every part's expired data as of the cutoffs fixed at the request; answers the
// counts. `cutoffs` maps part keys to cutoffs; `fallback` serves parts it does not name
// (requests made before a part existed, and those of older versions with one cutoff).
core::Result<nlohmann::json> Purge(db::Connection& tx, const auth::Principal& approver, int64_t now,
                                   const nlohmann::json& cutoffs, int64_t fallback,
                                   const std::string& reason) {
  auto counts = CountAll(tx, [&](const RetentionPart& part) -> core::Result<RetentionCount> {
    RetentionCount r;
    r.key = part.key;
    auto it = cutoffs.find(part.key);
    r.cutoff_ms = it != cutoffs.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
    return r;
  });
  if (!counts) return std::move(counts).error();
  const bool sqlite = tx.dialect() == db::Dialect::kSqlite;
  // Overwritten and deleted cells are zeroed in the database file, so the erased data is
  // not left readable in free pages (SQLite; PostgreSQL's VACUUM reclaims dead tuples).
  if (sqlite) YB_RETURN_IF_ERROR(tx.ExecScript("PRAGMA secure_delete = ON"));
  core::Status status = core::Ok();
  const std::vector<RetentionPart> parts = CopyParts();
  for (size_t i = 0; i < parts.size() && status.ok(); ++i)
    status = parts[i].purge(tx, counts->parts[i].cutoff_ms, now);
  if (sqlite) {
    auto off = tx.ExecScript("PRAGMA secure_delete = OFF");
    if (status.ok() && !off.ok()) status = off;
  }
  if (!status.ok()) return status.error();
  nlohmann::json done = RetentionJson(*counts);
  YB_RETURN_IF_ERROR(
      audit::Record(tx, approver, now, {"purge", "personal_data", 0, "", done.dump(), reason}));
  return done;
}

}  // namespace

std::function<core::Result<int64_t>(db::Connection& c, int64_t cutoff)> CountRowsWhere(
    const char* table, const char* where) {
  return [table, where](db::Connection& c, int64_t cutoff) -> core::Result<int64_t> {
    auto rows = c.Query(std::string("SELECT COUNT(*) FROM ") + table + " WHERE " + where,
                        {db::Value(cutoff)});
    if (!rows) return std::move(rows).error();
    return rows->Int(0, 0);
  };
}

void RegisterRetentionPart(RetentionPart part) {
  std::lock_guard lock(PartsMutex());
  for (RetentionPart& p : Parts()) {
    if (p.key == part.key) {
      p = std::move(part);
      return;
    }
  }
  Parts().push_back(std::move(part));
}

int64_t RetentionPreview::Total() const {
  int64_t n = 0;
  for (const auto& p : parts) n += p.count;
  return n;
}

int64_t RetentionPreview::CountOf(const std::string& key) const {
  for (const auto& p : parts)
    if (p.key == key) return p.count;
  return 0;
}

core::Result<RetentionPreview> PreviewRetention(db::Connection& c, int64_t now) {
  return CountAll(c, [&](const RetentionPart& part) -> core::Result<RetentionCount> {
    auto days = GetSetting(c, part.setting);
    if (!days) return std::move(days).error();
    RetentionCount r;
    r.key = part.key;
    r.retention_days = *days;
    r.cutoff_ms = now - *days * kDayMs;
    return r;
  });
}

core::Result<Approval> RequestPurge(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                    const std::string& reason) {
  return pool.Transaction<Approval>([&](db::Connection& tx) -> core::Result<Approval> {
    auto r = PreviewRetention(tx, now);
    if (!r) return std::move(r).error();
    if (r->Total() == 0) return core::Conflict("retention.nothing_expired");
    // The cutoffs are fixed now: the approver destroys exactly what the request counted
    // (plus nothing newer), however late they approve.
    nlohmann::json cutoffs = nlohmann::json::object();
    for (const auto& p : r->parts) cutoffs[p.key] = p.cutoff_ms;
    return RequestApproval(tx, actor, now, "retention_purge", kSubject, {{"cutoffs", cutoffs}},
                           RetentionJson(*r), reason);
  });
}

void RegisterRetentionApprovals() {
  RegisterApprovalKind(
      "retention_purge",
      [](db::Connection& tx, const auth::Principal& approver, int64_t now,
         const Approval& a) -> core::Result<nlohmann::json> {
        const nlohmann::json& p = a.payload;
        // Requests of earlier versions carry one cutoff for everything.
        const bool legacy = p.contains("cutoff_ms") && p["cutoff_ms"].is_number_integer();
        if (!legacy && !(p.contains("cutoffs") && p["cutoffs"].is_object()))
          return core::Internal("malformed purge approval");
        // A part that did not exist when the request was made destroys nothing (cutoff 0).
        const int64_t fallback = legacy ? p["cutoff_ms"].get<int64_t>() : 0;
        const nlohmann::json cutoffs = legacy ? nlohmann::json::object() : p["cutoffs"];
        return Purge(tx, approver, now, cutoffs, fallback, a.reason);
      });
}

nlohmann::json RetentionJson(const RetentionPreview& r) {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : r.parts) {
    parts.push_back({{"key", p.key},
                     {"retention_days", p.retention_days},
                     {"cutoff", core::FormatIsoUtc(p.cutoff_ms)},
                     {"count", p.count}});
    out[p.key] = p.count;
  }
  out["parts"] = std::move(parts);
  out["total"] = r.Total();
  return out;
}

}  // namespace yingbin::org
