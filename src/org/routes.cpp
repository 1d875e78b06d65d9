// HTTP routes of the org module: parse and validate, call the service, answer JSON.
#include "org/routes.hpp"

#include <charconv>
#include <cmath>

#include "core/time.hpp"
#include "org/json.hpp"
#include "org/service.hpp"

namespace yingbin::org {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr char kRead[] = "org.read";
constexpr char kWrite[] = "org.write";
constexpr int64_t kMaxId = INT64_MAX;

Response NoContentOr(const Context& ctx, const core::Status& s) {
  if (!s) return ErrorResponse(ctx, s.error());
  return Response::NoContent();
}

Write WriteOf(const Context& ctx, std::string reason) {
  return Write{ctx.principal, ctx.now(), std::move(reason)};
}


template <class T, class F>
Json Items(const std::vector<T>& items, F to_json) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

// --- sites ---

core::Result<Site> ReadSite(const Input& in) {
  Site s;
  auto name = in.String("name", 100);
  if (!name) return std::move(name).error();
  auto code = in.String("code", 20);
  if (!code) return std::move(code).error();
  auto tz = in.OptString("time_zone", 64);
  if (!tz) return std::move(tz).error();
  auto address = in.OptString("address", 500);
  if (!address) return std::move(address).error();
  auto directions = in.OptString("directions", 2000, /*multi_line=*/true);
  if (!directions) return std::move(directions).error();
  auto transport = in.OptString("transport", 2000, /*multi_line=*/true);
  if (!transport) return std::move(transport).error();
  s.name = *name;
  s.code = *code;
  if (!tz->empty()) s.time_zone = *tz;
  s.address = *address;
  s.directions = *directions;
  s.transport = *transport;
  if (in.Has("desk_hours")) {
    auto hours = ReadDeskHours(in.raw());
    if (!hours) return std::move(hours).error();
    s.desk_hours = *hours;
  } else {
    s.desk_hours = {{8 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60 + 30}};  // DESK-1
  }
  return s;
}

core::Result<SitePatch> ReadSitePatch(const Input& in) {
  SitePatch p;
  auto str = [&](const char* f, size_t max, bool required, bool multi,
                 std::optional<std::string>& out) -> core::Status {
    if (!in.Has(f)) return core::Ok();
    auto v = required ? in.String(f, max) : in.OptString(f, max, multi);
    if (!v) return std::move(v).error();
    out = *v;
    return core::Ok();
  };
  YB_RETURN_IF_ERROR(str("name", 100, true, false, p.name));
  YB_RETURN_IF_ERROR(str("code", 20, true, false, p.code));
  YB_RETURN_IF_ERROR(str("time_zone", 64, true, false, p.time_zone));
  YB_RETURN_IF_ERROR(str("address", 500, false, false, p.address));
  YB_RETURN_IF_ERROR(str("directions", 2000, false, true, p.directions));
  YB_RETURN_IF_ERROR(str("transport", 2000, false, true, p.transport));
  if (in.Has("desk_hours")) {
    auto hours = ReadDeskHours(in.raw());
    if (!hours) return std::move(hours).error();
    p.desk_hours = *hours;
  }
  return p;
}

// --- departments ---

core::Result<std::optional<std::string>> ReadCode(const Input& in) {
  auto v = in.OptString("code", 20);
  if (!v) return std::move(v).error();
  if (v->empty()) return std::optional<std::string>();
  return std::optional<std::string>(*v);
}

// --- staff ---

core::Result<std::string> ReadInitials(const Input& in) {
  auto v = in.OptString("name_initials", 20);
  if (!v) return v;
  for (auto& ch : *v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return v;
}

core::Status ReadStaffInto(const Input& in, bool patch, StaffPatch& p) {
  auto str = [&](const char* f, size_t max, std::optional<std::string>& out) -> core::Status {
    if (patch && !in.Has(f)) return core::Ok();
    auto v = in.OptString(f, max);
    if (!v) return std::move(v).error();
    out = *v;
    return core::Ok();
  };
  auto id = [&](const char* f, std::optional<std::optional<int64_t>>& out) -> core::Status {
    if (patch && !in.Has(f)) return core::Ok();
    auto v = in.OptInt(f, 1, kMaxId);
    if (!v) return std::move(v).error();
    out = *v;
    return core::Ok();
  };
  if (!patch || in.Has("name")) {
    auto v = in.String("name", 100);
    if (!v) return std::move(v).error();
    p.name = *v;
  }
  if (!patch || in.Has("name_initials")) {
    auto v = ReadInitials(in);
    if (!v) return std::move(v).error();
    p.name_initials = *v;
  }
  YB_RETURN_IF_ERROR(str("title", 100, p.title));
  YB_RETURN_IF_ERROR(str("extension", 20, p.extension));
  if (!patch || in.Has("phone")) {
    auto v = in.OptPhone("phone");
    if (!v) return std::move(v).error();
    p.phone = *v;
  }
  if (!patch || in.Has("email")) {
    auto v = in.OptEmail("email");
    if (!v) return std::move(v).error();
    p.email = *v;
  }
  YB_RETURN_IF_ERROR(id("department_id", p.department_id));
  YB_RETURN_IF_ERROR(id("site_id", p.site_id));
  YB_RETURN_IF_ERROR(id("user_id", p.user_id));
  if (!patch || in.Has("rank")) {
    auto v = in.OptInt("rank", kMinRank, kMaxRank);
    if (!v) return std::move(v).error();
    if (*v || !patch)
      p.rank = static_cast<int>(v->value_or(kDefaultRank));
    else
      return core::InvalidArgument("rank", "validation.required");
  }
  if (!patch || in.Has("active")) {
    auto v = in.OptBool("active", true);
    if (!v) return std::move(v).error();
    p.active = *v;
  }
  return core::Ok();
}

Staff StaffFromPatch(const StaffPatch& p) {
  Staff s;
  s.name = p.name.value_or("");
  s.name_initials = p.name_initials.value_or("");
  s.title = p.title.value_or("");
  s.phone = p.phone.value_or("");
  s.email = p.email.value_or("");
  s.extension = p.extension.value_or("");
  s.department_id = p.department_id.value_or(std::nullopt);
  s.site_id = p.site_id.value_or(std::nullopt);
  s.user_id = p.user_id.value_or(std::nullopt);
  s.rank = p.rank.value_or(kDefaultRank);
  s.active = p.active.value_or(true);
  return s;
}

// --- venues ---

core::Status ReadVenueInto(const Input& in, bool patch, VenuePatch& p) {
  if (!patch || in.Has("site_id")) {
    auto v = in.Int("site_id", 1, kMaxId);
    if (!v) return std::move(v).error();
    p.site_id = *v;
  }
  if (!patch || in.Has("name")) {
    auto v = in.String("name", 100);
    if (!v) return std::move(v).error();
    p.name = *v;
  }
  if (!patch || in.Has("kind")) {
    auto v = in.Enum("kind", kVenueKinds);
    if (!v) return std::move(v).error();
    p.kind = *v;
  }
  if (!patch || in.Has("capacity")) {
    auto v = in.OptInt("capacity", 0, 100000);
    if (!v) return std::move(v).error();
    p.capacity = v->value_or(0);
  }
  if (!patch || in.Has("equipment")) {
    auto v = in.StringList("equipment", 50, 50);
    if (!v) return std::move(v).error();
    p.equipment = *v;
  }
  if (!patch || in.Has("active")) {
    auto v = in.OptBool("active", true);
    if (!v) return std::move(v).error();
    p.active = *v;
  }
  return core::Ok();
}

// --- calendar ---

core::Result<int32_t> DateParam(const Context& ctx) {
  return core::ParseDate(ctx.req.PathParam("date"), "date");
}

// ?hours= as a decimal number of hours (1.5 = 90 minutes) -> whole minutes.
core::Result<int64_t> HoursQuery(const std::string& text) {
  double hours = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), hours);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(hours))
    return core::InvalidArgument("hours", "validation.invalid");
  if (hours < 0 || hours > 24 * 3660)
    return core::InvalidArgument("hours", "validation.out_of_range")
        .With("min", "0")
        .With("max", std::to_string(24 * 3660));
  return static_cast<int64_t>(std::llround(hours * 60));
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- sites ---
  r.Get("/api/v1/sites", kRead, [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(list, ListSites(ctx.db(), page.page_size, page.offset()));
    return api::Ok(api::PageJson(Items(list.first, SiteJson), list.second, page));
  });

  r.Get("/api/v1/sites/{id}", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(site, GetSite(ctx.db(), id));
    return api::Ok(SiteJson(site));
  });

  r.Post("/api/v1/sites", kWrite, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(site, ReadSite(in));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(created, CreateSite(ctx.db(), WriteOf(ctx, reason), site));
    return api::Created(SiteJson(created));
  });

  r.Patch("/api/v1/sites/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(patch, ReadSitePatch(in));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(site, UpdateSite(ctx.db(), WriteOf(ctx, reason), id, patch));
    return api::Ok(SiteJson(site));
  });

  r.Delete("/api/v1/sites/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, DeleteSite(ctx.db(), WriteOf(ctx, reason), id));
  });

  // --- business calendar ---
  r.Get("/api/v1/sites/{id}/calendar", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(year, api::IntQuery(ctx.req, "year", 1970, 9998));
    YB_READ(cal, GetCalendar(ctx.db(), id, static_cast<int>(year.value_or(0)), ctx.now()));
    return api::Ok(CalendarJson(cal));
  });

  r.Patch("/api/v1/sites/{id}/calendar", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    if (!in.Has("working_weekdays") || in.IsNull("working_weekdays"))
      return ErrorResponse(ctx, core::InvalidArgument("working_weekdays", "validation.required"));
    YB_READ(days, in.IntList("working_weekdays", 7));
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(cal, SetWorkingWeekdays(ctx.db(), WriteOf(ctx, reason), id,
                                    std::set<int>(days.begin(), days.end())));
    return api::Ok(CalendarJson(cal));
  });

  r.Put("/api/v1/sites/{id}/calendar/days/{date}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(date, DateParam(ctx));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(kind, in.Enum("kind", {"holiday", "workday"}));
    YB_READ(name, in.OptString("name", 100));
    YB_READ(reason, in.OptString("reason", 500, true));
    CalendarDay day{date, kind == "workday" ? core::DayKind::kWorkday : core::DayKind::kHoliday,
                    name};
    YB_READ(saved, PutCalendarDay(ctx.db(), WriteOf(ctx, reason), id, day));
    return api::Ok(CalendarDayJson(saved));
  });

  r.Delete("/api/v1/sites/{id}/calendar/days/{date}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(date, DateParam(ctx));
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, DeleteCalendarDay(ctx.db(), WriteOf(ctx, reason), id, date));
  });

  // The body is the iCalendar file itself; a reason may come as ?reason=.
  r.Post("/api/v1/sites/{id}/calendar/import", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    std::string reason = ctx.req.QueryParam("reason").value_or("");
    if (api::Utf8Length(reason) > 500)
      return ErrorResponse(
          ctx, core::InvalidArgument("reason", "validation.too_long").With("max", "500"));
    YB_READ(n, ImportCalendar(ctx.db(), WriteOf(ctx, reason), id, ctx.req.body));
    return api::Ok({{"imported", n}});
  });

  r.Get("/api/v1/sites/{id}/calendar/add", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    auto from_text = ctx.req.QueryParam("from");
    if (!from_text || from_text->empty())
      return ErrorResponse(ctx, core::InvalidArgument("from", "validation.required"));
    YB_READ(from, core::ParseIso(*from_text, "from"));
    YB_READ(days, api::IntQuery(ctx.req, "days", 0, 3650));
    auto hours_text = ctx.req.QueryParam("hours");
    const bool has_hours = hours_text && !hours_text->empty();
    if (days.has_value() == has_hours)  // exactly one of them
      return ErrorResponse(
          ctx, core::InvalidArgument(days ? "hours" : "days",
                                     days ? "validation.invalid" : "validation.required"));
    YB_READ(cal, SiteCalendar(ctx.db(), id));
    if (days) {
      YB_READ(at, core::AddWorkingDays(cal, from, static_cast<int>(*days)));
      return api::Ok({{"result", core::FormatIsoUtc(at)}});
    }
    YB_READ(minutes, HoursQuery(*hours_text));
    YB_READ(at, core::AddWorkingMinutes(cal, from, minutes));
    return api::Ok({{"result", core::FormatIsoUtc(at)}});
  });

  // --- departments ---
  r.Get("/api/v1/departments", kRead, [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(site_id, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(list, ListDepartments(ctx.db(), site_id, page.page_size, page.offset()));
    return api::Ok(api::PageJson(Items(list.first, DepartmentJson), list.second, page));
  });

  r.Get("/api/v1/departments/{id}", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(d, GetDepartment(ctx.db(), id));
    return api::Ok(DepartmentJson(d));
  });

  r.Post("/api/v1/departments", kWrite, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Department d;
    YB_READ(name, in.String("name", 100));
    YB_READ(code, ReadCode(in));
    YB_READ(parent_id, in.OptInt("parent_id", 1, kMaxId));
    YB_READ(site_id, in.OptInt("site_id", 1, kMaxId));
    YB_READ(head_staff_id, in.OptInt("head_staff_id", 1, kMaxId));
    YB_READ(reason, in.OptString("reason", 500, true));
    d.name = name;
    d.code = code;
    d.parent_id = parent_id;
    d.site_id = site_id;
    d.head_staff_id = head_staff_id;
    YB_READ(created, CreateDepartment(ctx.db(), WriteOf(ctx, reason), d));
    return api::Created(DepartmentJson(created));
  });

  r.Patch("/api/v1/departments/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    DepartmentPatch patch;
    if (in.Has("name")) {
      YB_READ(v, in.String("name", 100));
      patch.name = v;
    }
    if (in.Has("code")) {
      YB_READ(v, ReadCode(in));
      patch.code = v;
    }
    for (auto [field, target] :
         {std::pair{"parent_id", &patch.parent_id}, std::pair{"site_id", &patch.site_id},
          std::pair{"head_staff_id", &patch.head_staff_id}}) {
      if (!in.Has(field)) continue;
      YB_READ(v, in.OptInt(field, 1, kMaxId));
      *target = v;
    }
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(d, UpdateDepartment(ctx.db(), WriteOf(ctx, reason), id, patch));
    return api::Ok(DepartmentJson(d));
  });

  r.Delete("/api/v1/departments/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, DeleteDepartment(ctx.db(), WriteOf(ctx, reason), id));
  });

  // --- staff ---
  r.Get("/api/v1/staff", kRead, [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    StaffQuery q;
    q.q = ctx.req.QueryParam("q").value_or("");
    if (api::Utf8Length(q.q) > 100)
      return ErrorResponse(ctx,
                           core::InvalidArgument("q", "validation.too_long").With("max", "100"));
    YB_READ(department_id, api::IntQuery(ctx.req, "department_id", 1, kMaxId));
    YB_READ(site_id, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    q.department_id = department_id;
    q.site_id = site_id;
    YB_READ(list, ListStaff(ctx.db(), ctx.principal, q, page.page_size, page.offset()));
    return http::Response::Json(
        200, api::PageText(list.first, WriteStaff, list.second, page.page, page.page_size));
  });

  r.Get("/api/v1/staff/{id}", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(s, GetStaff(ctx.db(), ctx.principal, id));
    return api::Ok(StaffJson(s));
  });

  r.Post("/api/v1/staff", kWrite, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    StaffPatch p;
    if (auto s = ReadStaffInto(in, /*patch=*/false, p); !s) return ErrorResponse(ctx, s.error());
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(created, CreateStaff(ctx.db(), WriteOf(ctx, reason), StaffFromPatch(p)));
    return api::Created(StaffJson(created));
  });

  r.Patch("/api/v1/staff/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    StaffPatch p;
    if (auto s = ReadStaffInto(in, /*patch=*/true, p); !s) return ErrorResponse(ctx, s.error());
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(s, UpdateStaff(ctx.db(), WriteOf(ctx, reason), id, p));
    return api::Ok(StaffJson(s));
  });

  r.Delete("/api/v1/staff/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, DeleteStaff(ctx.db(), WriteOf(ctx, reason), id));
  });

  // --- venues ---
  r.Get("/api/v1/venues", kRead, [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    YB_READ(site_id, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(list, ListVenues(ctx.db(), site_id, page.page_size, page.offset()));
    return api::Ok(api::PageJson(Items(list.first, VenueJson), list.second, page));
  });

  r.Get("/api/v1/venues/{id}", kRead, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(v, GetVenue(ctx.db(), id));
    return api::Ok(VenueJson(v));
  });

  r.Post("/api/v1/venues", kWrite, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    VenuePatch p;
    if (auto s = ReadVenueInto(in, /*patch=*/false, p); !s) return ErrorResponse(ctx, s.error());
    YB_READ(reason, in.OptString("reason", 500, true));
    Venue v;
    v.site_id = *p.site_id;
    v.name = *p.name;
    v.kind = *p.kind;
    v.capacity = *p.capacity;
    v.equipment = *p.equipment;
    v.active = *p.active;
    YB_READ(created, CreateVenue(ctx.db(), WriteOf(ctx, reason), v));
    return api::Created(VenueJson(created));
  });

  r.Patch("/api/v1/venues/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    VenuePatch p;
    if (auto s = ReadVenueInto(in, /*patch=*/true, p); !s) return ErrorResponse(ctx, s.error());
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(v, UpdateVenue(ctx.db(), WriteOf(ctx, reason), id, p));
    return api::Ok(VenueJson(v));
  });

  r.Delete("/api/v1/venues/{id}", kWrite, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    return NoContentOr(ctx, DeleteVenue(ctx.db(), WriteOf(ctx, reason), id));
  });
}

}  // namespace yingbin::org
