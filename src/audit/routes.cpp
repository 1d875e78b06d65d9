#include "audit/routes.hpp"

#include <charconv>

#include "audit/audit.hpp"
#include "core/time.hpp"

namespace yingbin::audit {
namespace {

using api::Context;
using api::Json;

constexpr char kListSql[] =
    "SELECT seq, at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, "
    "reason, hash FROM audit_log WHERE ($1 = '' OR entity = $1) AND ($2 = 0 OR entity_id = $2) "
    "AND ($3 = 0 OR actor_id = $3) AND at >= $4 AND at < $5 ORDER BY seq DESC LIMIT $6 OFFSET $7";
constexpr char kCountSql[] =
    "SELECT COUNT(*) FROM audit_log WHERE ($1 = '' OR entity = $1) AND ($2 = 0 OR entity_id = $2) "
    "AND ($3 = 0 OR actor_id = $3) AND at >= $4 AND at < $5";

Json ParsedOrNull(const db::Rows& r, size_t i, size_t col) {
  if (r.IsNull(i, col)) return nullptr;
  Json j = Json::parse(r.Text(i, col), nullptr, false);
  return j.is_discarded() ? Json(r.Text(i, col)) : j;
}

core::Result<int64_t> IdFilter(const http::Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return int64_t{0};
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out <= 0)
    return core::InvalidArgument(name, "validation.type_integer");
  return out;
}

core::Result<int64_t> TimeFilter(const http::Request& req, const char* name, int64_t fallback) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return fallback;
  return core::ParseIso(*v, name);
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  r.Get("/api/v1/audit", "audit.read", [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(entity_id, IdFilter(ctx.req, "entity_id"));
    YB_READ(actor_id, IdFilter(ctx.req, "actor_id"));
    YB_READ(from, TimeFilter(ctx.req, "from", 0));
    YB_READ(to, TimeFilter(ctx.req, "to", INT64_MAX));
    const std::string entity = ctx.req.QueryParam("entity").value_or("");
    YB_READ(lease, ctx.db().Acquire());
    YB_READ(total, lease->Query(kCountSql, {entity, entity_id, actor_id, from, to}));
    YB_READ(rows, lease->Query(kListSql, {entity, entity_id, actor_id, from, to, page.page_size,
                                          page.offset()}));
    Json items = Json::array();
    for (size_t i = 0; i < rows.size(); ++i) {
      items.push_back({{"id", rows.Int(i, 0)},
                       {"seq", rows.Int(i, 0)},
                       {"at", core::FormatIsoUtc(rows.Int(i, 1))},
                       {"actor_id", rows.IsNull(i, 2) ? Json(nullptr) : Json(rows.Int(i, 2))},
                       {"actor_name", rows.Text(i, 3)},
                       {"action", rows.Text(i, 4)},
                       {"entity", rows.Text(i, 5)},
                       {"entity_id", rows.Int(i, 6)},
                       {"before", ParsedOrNull(rows, i, 7)},
                       {"after", ParsedOrNull(rows, i, 8)},
                       {"reason", rows.Text(i, 9)},
                       {"hash", rows.Text(i, 10)}});
    }
    return api::Ok(api::PageJson(items, total.Int(0, 0), page));
  });

  r.Get("/api/v1/audit/verify", "audit.read", [](Context& ctx) {
    YB_READ(result, Verify(ctx.db()));
    Json body = {{"ok", result.ok}, {"checked", result.checked}};
    if (result.first_bad_seq) body["first_bad_seq"] = *result.first_bad_seq;
    return api::Ok(body);
  });
}

}  // namespace yingbin::audit
