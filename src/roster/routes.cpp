// HTTP routes of the duty roster and the conduct records: parse and validate, call the
// service, answer JSON.
#include "roster/routes.hpp"

#include <cstdio>

#include "api/export.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "org/service.hpp"
#include "roster/json.hpp"
#include "roster/service.hpp"

namespace yingbin::roster {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;
constexpr int64_t kDayMs = 86'400'000;

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), std::move(reason)};
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

core::Result<int32_t> DateOf(const std::string& text, const char* field) {
  return core::ParseDate(text, field);
}

// ?name=YYYY-MM-DD, nullopt when absent or empty.
core::Result<std::optional<int32_t>> DateQuery(const http::Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (!v || v->empty()) return std::optional<int32_t>();
  auto d = core::ParseDate(*v, name);
  if (!d) return std::move(d).error();
  return std::optional<int32_t>(*d);
}

// "2026-11" -> 202611. Errors: validation.invalid on `field`.
core::Result<int32_t> ParseMonth(std::string_view text, const char* field) {
  auto bad = core::InvalidArgument(field, "validation.invalid");
  if (text.size() != 7 || text[4] != '-') return bad;
  int y = 0, m = 0;
  for (int i : {0, 1, 2, 3}) {
    if (text[i] < '0' || text[i] > '9') return bad;
    y = y * 10 + (text[i] - '0');
  }
  for (int i : {5, 6}) {
    if (text[i] < '0' || text[i] > '9') return bad;
    m = m * 10 + (text[i] - '0');
  }
  if (y < 1970 || y > 9999 || m < 1 || m > 12) return bad;
  return y * 100 + m;
}

// The site's calendar (for "today" and local times); kNotFound answered as an unknown
// site_id.
core::Result<core::BusinessCalendar> CalendarOf(const Context& ctx, int64_t site_id) {
  auto cal = org::SiteCalendar(ctx.db(), site_id);
  if (!cal && cal.error().code == core::ErrorCode::kNotFound)
    return core::InvalidArgument("site_id", "validation.unknown_reference");
  return cal;
}

core::Result<int32_t> TodayAt(const Context& ctx, int64_t site_id) {
  auto cal = CalendarOf(ctx, site_id);
  if (!cal) return std::move(cal).error();
  return core::LocalDate(*cal, ctx.now());
}

// ?month=YYYY-MM, default the current month at the site (or in UTC+8 without one).
core::Result<int32_t> MonthQuery(const Context& ctx, std::optional<int64_t> site_id) {
  auto v = ctx.req.QueryParam("month");
  if (v && !v->empty()) return ParseMonth(*v, "month");
  int32_t today = static_cast<int32_t>((ctx.now() + 8 * 3'600'000) / kDayMs);
  if (site_id) {
    auto t = TodayAt(ctx, *site_id);
    if (!t) return std::move(t).error();
    today = *t;
  }
  return MonthOf(today);
}

core::Result<ShiftInput> ReadShift(const Input& in, bool with_site) {
  ShiftInput s;
  if (with_site) {
    auto site = in.Int("site_id", 1, kMaxId);
    if (!site) return std::move(site).error();
    s.site_id = *site;
  }
  auto staff = in.Int("staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto date = in.String("date", 10);
  if (!date) return std::move(date).error();
  auto day = DateOf(*date, "date");
  if (!day) return std::move(day).error();
  auto start = in.String("start", 5);
  if (!start) return std::move(start).error();
  auto start_min = core::ParseTimeOfDay(*start, "start");
  if (!start_min) return std::move(start_min).error();
  auto end = in.String("end", 5);
  if (!end) return std::move(end).error();
  auto end_min = core::ParseTimeOfDay(*end, "end", /*allow_24=*/true);
  if (!end_min) return std::move(end_min).error();
  auto kind = in.Has("kind") && !in.IsNull("kind") ? in.Enum("kind", {"desk", "lunch"})
                                                   : core::Result<std::string>("desk");
  if (!kind) return std::move(kind).error();
  auto note = in.OptString("note", 200);
  if (!note) return std::move(note).error();
  s.staff_id = *staff;
  s.day = *day;
  s.start = *start_min;
  s.end = *end_min;
  s.kind = ParseShiftKind(*kind).value_or(ShiftKind::kDesk);
  s.note = *note;
  return s;
}

// An absence: from_date [start] .. to_date [end] in the zone of `site_id` (the page's site),
// else the staff member's site, else the default zone.
core::Result<AbsenceInput> ReadAbsence(const Context& ctx, const Input& in) {
  AbsenceInput a;
  auto staff = in.Int("staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto kind = in.Enum("kind", {"leave", "sick", "business", "other"});
  if (!kind) return std::move(kind).error();
  auto from_text = in.String("from_date", 10);
  if (!from_text) return std::move(from_text).error();
  auto from = DateOf(*from_text, "from_date");
  if (!from) return std::move(from).error();
  int32_t to = *from;
  if (in.Has("to_date") && !in.IsNull("to_date")) {
    auto to_text = in.String("to_date", 10);
    if (!to_text) return std::move(to_text).error();
    auto d = DateOf(*to_text, "to_date");
    if (!d) return std::move(d).error();
    to = *d;
  }
  if (to < *from) return core::InvalidArgument("to_date", "validation.period_order");
  if (to - *from > 366)
    return core::InvalidArgument("to_date", "roster.too_long").With("max", "366");
  auto start_text = in.OptString("start", 5);
  if (!start_text) return std::move(start_text).error();
  auto end_text = in.OptString("end", 5);
  if (!end_text) return std::move(end_text).error();
  int start = 0, end = 24 * 60;
  if (!start_text->empty()) {
    auto m = core::ParseTimeOfDay(*start_text, "start");
    if (!m) return std::move(m).error();
    start = *m;
  }
  if (!end_text->empty()) {
    auto m = core::ParseTimeOfDay(*end_text, "end", /*allow_24=*/true);
    if (!m) return std::move(m).error();
    end = *m;
  }
  if (to == *from && end <= start) return core::InvalidArgument("end", "validation.period_order");
  auto cover = in.OptInt("cover_staff_id", 1, kMaxId);
  if (!cover) return std::move(cover).error();
  auto note = in.OptString("note", 500, true);
  if (!note) return std::move(note).error();
  auto site = in.OptInt("site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  core::BusinessCalendar cal;  // the default zone
  std::optional<int64_t> zone_site = *site;
  if (!zone_site) {
    auto staff_rec = org::GetStaff(ctx.db(), ctx.principal, *staff);
    if (staff_rec) zone_site = staff_rec->site_id;
  }
  if (zone_site) {
    auto c = CalendarOf(ctx, *zone_site);
    if (!c) return std::move(c).error();
    cal = std::move(*c);
  }
  auto start_at = core::LocalTimeToUtc(cal, *from, start);
  if (!start_at) return std::move(start_at).error();
  auto end_at = core::LocalTimeToUtc(cal, to, end);
  if (!end_at) return std::move(end_at).error();
  a.staff_id = *staff;
  a.kind = *kind;
  a.start_at = *start_at;
  a.end_at = *end_at;
  a.cover_staff_id = *cover;
  a.note = *note;
  return a;
}

core::Result<ViolationInput> ReadViolation(const Input& in) {
  ViolationInput v;
  auto staff = in.Int("staff_id", 1, kMaxId);
  if (!staff) return std::move(staff).error();
  auto site = in.OptInt("site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  auto date = in.String("date", 10);
  if (!date) return std::move(date).error();
  auto day = DateOf(*date, "date");
  if (!day) return std::move(day).error();
  auto kind = in.Enum("kind", {"absent_from_post", "late", "appearance", "etiquette", "phone",
                               "registration", "desk_order", "other"});
  if (!kind) return std::move(kind).error();
  auto details = in.String("details", 500);
  if (!details) return std::move(details).error();
  auto severity = in.Enum("severity", {"minor", "serious"});
  if (!severity) return std::move(severity).error();
  auto fine = in.OptInt("fine_fen", 0, 100'000'000);
  if (!fine) return std::move(fine).error();
  v.staff_id = *staff;
  v.site_id = *site;
  v.day = *day;
  v.kind = *kind;
  v.details = *details;
  v.severity = ParseSeverity(*severity).value_or(Severity::kMinor);
  v.fine_fen = *fine;
  return v;
}

// The window of a list query: ?from=&to= (days, inclusive) as instants at the site, by
// default the last 7 days to the end of today.
struct Window {
  int64_t from_ms = 0, to_ms = 0;
};
core::Result<Window> ReadWindow(const Context& ctx, int64_t site_id) {
  auto cal = CalendarOf(ctx, site_id);
  if (!cal) return std::move(cal).error();
  auto today = core::LocalDate(*cal, ctx.now());
  if (!today) return std::move(today).error();
  auto from = DateQuery(ctx.req, "from");
  if (!from) return std::move(from).error();
  auto to = DateQuery(ctx.req, "to");
  if (!to) return std::move(to).error();
  const int32_t f = from->value_or(*today - 6), t = to->value_or(*today);
  if (t < f) return core::InvalidArgument("to", "validation.period_order");
  if (t - f > 366) return core::InvalidArgument("to", "roster.too_long").With("max", "366");
  auto a = core::LocalTimeToUtc(*cal, f, 0);
  if (!a) return std::move(a).error();
  auto b = core::LocalTimeToUtc(*cal, t + 1, 0);
  if (!b) return std::move(b).error();
  return Window{*a, *b};
}

const char* StatusLabel(MonthStatus s) {
  switch (s) {
    case MonthStatus::kClear:
      return "无违规";
    case MonthStatus::kRecorded:
      return "有记录";
    case MonthStatus::kDereliction:
      return "失职（公开批评）";
    case MonthStatus::kFailed:
      return "当月考评不合格（罚款、培训）";
    case MonthStatus::kReassign:
      return "培训后仍无改进（建议调岗）";
  }
  return "";
}

std::string Yuan(int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return buf;
}

// DESK-2: the monthly report of a site for a spreadsheet.
core::Result<api::Table> ReportTable(Context& ctx, std::string* name) {
  auto site = api::IntQuery(ctx.req, "site_id", 1, kMaxId);
  if (!site) return std::move(site).error();
  if (!*site) return core::InvalidArgument("site_id", "validation.required");
  auto month = MonthQuery(ctx, *site);
  if (!month) return std::move(month).error();
  auto report = MonthReport(ctx.db(), ctx.principal, **site, *month);
  if (!report) return std::move(report).error();
  *name = "conduct-" + MonthText(*month);
  api::Table t;
  t.header = {"月份", "姓名", "违规次数", "其中严重", "考评结果", "罚款（元）", "培训日期", "备注"};
  for (const auto& m : *report)
    t.rows.push_back(
        {MonthText(m.month), m.clerk.name, std::to_string(m.eval.count),
         std::to_string(m.eval.serious), StatusLabel(m.eval.status), Yuan(m.eval.fine_fen),
         m.note.training_on ? core::FormatDate(*m.note.training_on) : "", m.note.note});
  t.numeric_columns = {2, 3};
  return t;
}

Response ShiftAnswer(const Context& ctx, const core::Result<Shift>& s, int status = 200) {
  if (!s) return ErrorResponse(ctx, s.error());
  ctx.Kick();
  return api::JsonResponse(status, ShiftJson(*s));
}
Response AbsenceAnswer(const Context& ctx, const core::Result<Absence>& a, int status = 200) {
  if (!a) return ErrorResponse(ctx, a.error());
  ctx.Kick();
  return api::JsonResponse(status, AbsenceJson(*a));
}
Response HandoverAnswer(const Context& ctx, const core::Result<Handover>& h, int status = 200) {
  if (!h) return ErrorResponse(ctx, h.error());
  ctx.Kick();
  return api::JsonResponse(status, HandoverJson(*h));
}
Response ViolationAnswer(const Context& ctx, const core::Result<Violation>& v, int status = 200) {
  if (!v) return ErrorResponse(ctx, v.error());
  ctx.Kick();
  return api::JsonResponse(status, ViolationJson(*v));
}
Response Deleted(const Context& ctx, const core::Status& st) {
  if (!st) return ErrorResponse(ctx, st.error());
  ctx.Kick();
  return Response::NoContent();
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- the roster (DESK-1) ---
  r.Get("/api/v1/roster", "roster.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(from, DateQuery(ctx.req, "from"));
    YB_READ(days, api::IntQuery(ctx.req, "days", 1, 31));
    int32_t first = 0;
    if (from) {
      first = *from;
    } else {
      YB_READ(today, TodayAt(ctx, *site));
      first = MondayOf(today);
    }
    YB_READ(view, GetRoster(ctx.db(), ctx.principal, *site, first,
                            static_cast<int32_t>(days.value_or(7)), ctx.now()));
    return api::Ok(RosterJson(view));
  });

  r.Get("/api/v1/roster/now", "roster.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(cal, CalendarOf(ctx, *site));  // an unknown site is a bad site_id, not a 404
    (void)cal;
    YB_READ(n, Now(ctx.db(), ctx.principal, *site, ctx.now()));
    return api::Ok(DutyNowJson(n));
  });

  // Every signed-in user has their own roster (a clerk's shifts); no permission.
  r.Get("/api/v1/roster/mine", api::kSignedIn, [](Context& ctx) {
    YB_READ(days, api::IntQuery(ctx.req, "days", 1, 62));
    YB_READ(m, Mine(ctx.db(), ctx.principal, ctx.now(), static_cast<int32_t>(days.value_or(14))));
    return api::Ok(MyRosterJson(m));
  });

  r.Get("/api/v1/roster/clerks", "roster.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(list, Clerks(ctx.db(), *site));
    Json items = Json::array();
    for (const auto& k : list) items.push_back(ClerkJson(k));
    return api::Ok({{"items", items}});
  });

  r.Post("/api/v1/roster/shifts", "roster.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(s, ReadShift(in, /*with_site=*/true));
    YB_READ(reason, ReadReason(in));
    return ShiftAnswer(ctx, CreateShift(CtxOf(ctx, reason), s), 201);
  });
  r.Put("/api/v1/roster/shifts/{id}", "roster.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(s, ReadShift(in, /*with_site=*/false));
    YB_READ(reason, ReadReason(in));
    return ShiftAnswer(ctx, UpdateShift(CtxOf(ctx, reason), id, s));
  });
  r.Delete("/api/v1/roster/shifts/{id}", "roster.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Deleted(ctx, DeleteShift(CtxOf(ctx, reason), id));
  });

  // "Copy last week": `week` is the Monday of the week to fill; `source_week` defaults to
  // the week before it.
  r.Post("/api/v1/roster/copy-week", "roster.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(site, in.Int("site_id", 1, kMaxId));
    YB_READ(week_text, in.String("week", 10));
    YB_READ(week, DateOf(week_text, "week"));
    int32_t source = week - 7;
    if (in.Has("source_week") && !in.IsNull("source_week")) {
      YB_READ(source_text, in.String("source_week", 10));
      YB_READ(s, DateOf(source_text, "source_week"));
      source = s;
    }
    YB_READ(replace, in.OptBool("replace", false));
    YB_READ(reason, ReadReason(in));
    YB_READ(result, CopyWeek(CtxOf(ctx, reason), site, source, week, replace));
    ctx.Kick();
    Json skipped = Json::array();
    for (int32_t d : result.skipped_days) skipped.push_back(core::FormatDate(d));
    return api::Ok({{"copied", result.copied},
                    {"replaced", result.replaced},
                    {"skipped_days", skipped},
                    {"week", core::FormatDate(week)},
                    {"source_week", core::FormatDate(source)}});
  });

  r.Get("/api/v1/roster/absences", "roster.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(staff, api::IntQuery(ctx.req, "staff_id", 1, kMaxId));
    YB_READ(w, ReadWindow(ctx, *site));
    YB_READ(list, ListAbsences(ctx.db(), ctx.principal, w.from_ms, w.to_ms, staff));
    Json items = Json::array();
    for (const auto& a : list) items.push_back(AbsenceJson(a));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/roster/absences", "roster.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(a, ReadAbsence(ctx, in));
    YB_READ(reason, ReadReason(in));
    return AbsenceAnswer(ctx, CreateAbsence(CtxOf(ctx, reason), a), 201);
  });
  r.Put("/api/v1/roster/absences/{id}", "roster.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(a, ReadAbsence(ctx, in));
    YB_READ(reason, ReadReason(in));
    return AbsenceAnswer(ctx, UpdateAbsence(CtxOf(ctx, reason), id, a));
  });
  r.Delete("/api/v1/roster/absences/{id}", "roster.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Deleted(ctx, DeleteAbsence(CtxOf(ctx, reason), id));
  });

  // --- hand-over (DESK-1) ---
  r.Get("/api/v1/roster/handovers", "roster.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(w, ReadWindow(ctx, *site));
    YB_READ(list, ListHandovers(ctx.db(), ctx.principal, *site, w.from_ms, w.to_ms));
    Json items = Json::array();
    for (const auto& h : list) items.push_back(HandoverJson(h));
    return api::Ok({{"items", items}});
  });
  r.Post("/api/v1/roster/handovers", "roster.read", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(site, in.Int("site_id", 1, kMaxId));
    YB_READ(from, in.OptInt("from_staff_id", 1, kMaxId));
    YB_READ(to, in.Int("to_staff_id", 1, kMaxId));
    YB_READ(reason, in.String("reason", 200));
    return HandoverAnswer(ctx, HandOver(CtxOf(ctx, reason), site, from, to, reason), 201);
  });
  // The colleague confirms; the clerk who left (or the colleague, or a planner) ends it.
  r.Post("/api/v1/roster/handovers/{id}/confirm", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    return HandoverAnswer(ctx, ConfirmHandover(CtxOf(ctx), id));
  });
  r.Post("/api/v1/roster/handovers/{id}/end", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return HandoverAnswer(ctx, EndHandover(CtxOf(ctx, reason), id));
  });

  r.Get("/api/v1/roster/sites/{id}/settings", "roster.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(s, GetSiteSettings(ctx.db(), id));
    return api::Ok(SiteSettingsJson(s));
  });
  r.Put("/api/v1/roster/sites/{id}/settings", "roster.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(user, in.OptInt("warn_user_id", 1, kMaxId));
    YB_READ(reason, ReadReason(in));
    YB_READ(s, PutSiteSettings(CtxOf(ctx, reason), id, user));
    return api::Ok(SiteSettingsJson(s));
  });

  // --- conduct (DESK-2) ---
  r.Get("/api/v1/conduct/violations", "conduct.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(staff, api::IntQuery(ctx.req, "staff_id", 1, kMaxId));
    YB_READ(month, MonthQuery(ctx, site));
    ViolationQuery q;
    q.site_id = site;
    q.staff_id = staff;
    q.from = FirstDayOfMonth(month);
    q.to = LastDayOfMonth(month);
    YB_READ(list, ListViolations(ctx.db(), ctx.principal, q));
    Json items = Json::array();
    for (const auto& v : list) items.push_back(ViolationJson(v));
    return api::Ok({{"items", items}, {"month", MonthText(month)}});
  });
  r.Post("/api/v1/conduct/violations", "conduct.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(v, ReadViolation(in));
    YB_READ(reason, ReadReason(in));
    return ViolationAnswer(ctx, CreateViolation(CtxOf(ctx, reason), v), 201);
  });
  r.Put("/api/v1/conduct/violations/{id}", "conduct.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(v, ReadViolation(in));
    YB_READ(reason, ReadReason(in));
    return ViolationAnswer(ctx, UpdateViolation(CtxOf(ctx, reason), id, v));
  });
  r.Delete("/api/v1/conduct/violations/{id}", "conduct.write", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return Deleted(ctx, DeleteViolation(CtxOf(ctx, reason), id));
  });
  // The clerk's own appeal (or the supervisor's record of it); the service checks who.
  r.Post("/api/v1/conduct/violations/{id}/appeal", api::kSignedIn, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(text, Input(body).OptString("appeal", 1000, /*multi_line=*/true));
    return ViolationAnswer(ctx, Appeal(CtxOf(ctx), id, text));
  });

  r.Get("/api/v1/conduct/report", "conduct.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(month, MonthQuery(ctx, site));
    YB_READ(report, MonthReport(ctx.db(), ctx.principal, *site, month));
    Json items = Json::array();
    for (const auto& m : report) items.push_back(ClerkMonthJson(m, /*with_violations=*/true));
    auto lease = ctx.db().Acquire();
    if (!lease) return ErrorResponse(ctx, lease.error());
    YB_READ(rules, CurrentConductRules(**lease));
    return api::Ok({{"items", items},
                    {"month", MonthText(month)},
                    {"rules",
                     {{"dereliction_count", rules.dereliction_count},
                      {"fine_min_fen", rules.fine_min_fen},
                      {"fine_max_fen", rules.fine_max_fen},
                      {"after_training_months", rules.after_training_months}}}});
  });
  r.Get("/api/v1/conduct/report.csv", "conduct.read", [](Context& ctx) {
    std::string name;
    YB_READ(table, ReportTable(ctx, &name));
    return api::CsvResponse(table, name + ".csv");
  });
  r.Get("/api/v1/conduct/report.xlsx", "conduct.read", [](Context& ctx) {
    std::string name;
    YB_READ(table, ReportTable(ctx, &name));
    YB_READ(bytes, api::ToXlsx(table, "前台考评"));
    return api::XlsxResponse(std::move(bytes), name + ".xlsx");
  });

  r.Put("/api/v1/conduct/months", "conduct.write", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(staff, in.Int("staff_id", 1, kMaxId));
    YB_READ(month_text, in.String("month", 7));
    YB_READ(month, ParseMonth(month_text, "month"));
    YB_READ(note, in.OptString("note", 1000, /*multi_line=*/true));
    std::optional<int32_t> training;
    if (in.Has("training_on") && !in.IsNull("training_on")) {
      YB_READ(text, in.OptString("training_on", 10));
      if (!text.empty()) {
        YB_READ(d, DateOf(text, "training_on"));
        training = d;
      }
    }
    YB_READ(reason, ReadReason(in));
    YB_READ(m, PutMonthNote(CtxOf(ctx, reason), staff, month, note, training));
    return api::Ok(ClerkMonthJson(m, /*with_violations=*/true));
  });

  // "My records": every signed-in user sees their own months; no permission.
  r.Get("/api/v1/conduct/mine", api::kSignedIn, [](Context& ctx) {
    YB_READ(month, MonthQuery(ctx, std::nullopt));
    YB_READ(list, MyConduct(ctx.db(), ctx.principal, month));
    Json items = Json::array();
    for (const auto& m : list) items.push_back(ClerkMonthJson(m, /*with_violations=*/true));
    return api::Ok({{"items", items}, {"month", MonthText(month)}});
  });
}

}  // namespace yingbin::roster
