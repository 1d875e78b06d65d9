// HTTP routes of the meeting service: parse and validate, call the service, answer JSON
// (or iCalendar text for the invitation and the feed).
#include "meetings/routes.hpp"

#include "api/rate_limit.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "meetings/json.hpp"
#include "meetings/rules.hpp"
#include "meetings/service.hpp"
#include "org/settings.hpp"
#include "tasks/model.hpp"

namespace yingbin::meetings {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr int64_t kMaxId = INT64_MAX;

Ctx CtxOf(const Context& ctx, std::string reason = {}) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), std::move(reason)};
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

core::Result<int64_t> TimeField(const Input& in, const char* field) {
  auto text = in.String(field, 40);
  if (!text) return std::move(text).error();
  return core::ParseIso(*text, field);
}

core::Result<std::vector<ServiceItem>> ReadServices(const Json& body) {
  std::vector<ServiceItem> out;
  auto it = body.find("services");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return core::InvalidArgument("services", "validation.type_array");
  if (it->size() > 20)
    return core::InvalidArgument("services", "validation.out_of_range")
        .With("min", "0")
        .With("max", "20");
  for (const auto& e : *it) {
    if (!e.is_object()) return core::InvalidArgument("services", "validation.type_object");
    Input in(e);
    auto item = in.String("item", 20);
    if (!item) return core::InvalidArgument("services", "validation.required");
    auto qty = in.OptInt("quantity", 1, 999);
    if (!qty)
      return core::InvalidArgument("services", "validation.out_of_range")
          .With("min", "1")
          .With("max", "999");
    auto note = in.OptString("note", 100);
    if (!note) return core::InvalidArgument("services", note.error().key).With("max", "100");
    out.push_back({*item, qty->value_or(1), *note});
  }
  return out;
}

core::Result<std::vector<Attendee>> ReadAttendees(const Json& body) {
  std::vector<Attendee> out;
  auto it = body.find("attendees");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return core::InvalidArgument("attendees", "validation.type_array");
  if (it->size() > 500)
    return core::InvalidArgument("attendees", "validation.out_of_range")
        .With("min", "0")
        .With("max", "500");
  for (const auto& e : *it) {
    if (!e.is_object()) return core::InvalidArgument("attendees", "validation.type_object");
    Input in(e);
    Attendee a;
    auto staff = in.OptInt("staff_id", 1, kMaxId);
    if (!staff) return core::InvalidArgument("attendees", "validation.unknown_reference");
    a.staff_id = *staff;
    auto name = in.OptString("name", 100);
    if (!name) return core::InvalidArgument("attendees", name.error().key).With("max", "100");
    a.name = *name;
    auto email = in.OptEmail("email");
    if (!email) return core::InvalidArgument("attendees", "validation.email");
    a.email = *email;
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<std::optional<Recurrence>> ReadRecurrence(const Json& body) {
  auto it = body.find("recurrence");
  if (it == body.end() || it->is_null()) return std::optional<Recurrence>();
  if (!it->is_object()) return core::InvalidArgument("recurrence", "validation.type_object");
  const Json& o = *it;
  Recurrence r;
  auto f = o.find("freq");
  if (f == o.end() || !f->is_string())
    return core::InvalidArgument("recurrence.freq", "validation.required");
  r.freq = f->get<std::string>();
  if (auto i = o.find("interval"); i != o.end() && !i->is_null()) {
    if (!i->is_number_integer())
      return core::InvalidArgument("recurrence.interval", "validation.type_integer");
    r.interval = i->get<int64_t>();
  }
  if (auto w = o.find("weekdays"); w != o.end() && !w->is_null()) {
    if (!w->is_array())
      return core::InvalidArgument("recurrence.weekdays", "validation.type_array");
    for (const auto& d : *w) {
      if (!d.is_number_integer())
        return core::InvalidArgument("recurrence.weekdays", "validation.type_integer");
      const int64_t v = d.get<int64_t>();
      if (v < 1 || v > 7)
        return core::InvalidArgument("recurrence.weekdays", "validation.out_of_range")
            .With("min", "1")
            .With("max", "7");
      r.weekdays.push_back(static_cast<int>(v));
    }
  }
  if (auto u = o.find("until"); u != o.end() && !u->is_null()) {
    if (!u->is_string()) return core::InvalidArgument("recurrence.until", "validation.date");
    auto d = core::ParseDate(u->get<std::string>(), "recurrence.until");
    if (!d) return std::move(d).error();
    r.until_date = *d;
  }
  if (auto n = o.find("count"); n != o.end() && !n->is_null()) {
    if (!n->is_number_integer())
      return core::InvalidArgument("recurrence.count", "validation.type_integer");
    r.count = n->get<int64_t>();
  }
  return std::optional<Recurrence>(std::move(r));
}

core::Result<std::optional<int64_t>> OptIntField(const Input& in, const char* field) {
  return in.OptInt(field, 1, kMaxId);
}

Json WarningsJson(const std::vector<Warning>& w) {
  Json out = Json::array();
  for (const auto& x : w)
    out.push_back({{"code", x.code}, {"capacity", x.capacity}, {"attendees", x.attendees}});
  return out;
}

Json ResultJson(const BookingResult& r, bool may_change) {
  Json j = MeetingJson(r.meeting);
  j["may_change"] = may_change;
  j["warnings"] = WarningsJson(r.warnings);
  Json occ = Json::array();
  for (const auto& o : r.occurrences) occ.push_back(BlockJson(o));
  j["occurrences"] = occ;
  return j;
}

Response Answer(Context& ctx, const core::Result<BookingResult>& r, int status) {
  if (!r) return ErrorResponse(ctx, r.error());
  ctx.Kick();
  return api::JsonResponse(status, ResultJson(*r, true));
}

Response MeetingAnswer(Context& ctx, const core::Result<Meeting>& m) {
  if (!m) return ErrorResponse(ctx, m.error());
  ctx.Kick();
  return api::Ok(MeetingJson(*m));
}

api::Json TaskJson(const RunSheetItem& item) {
  const tasks::Task& t = item.task;
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? Json(core::FormatIsoUtc(*v)) : Json(nullptr);
  };
  auto payload = Json::parse(t.payload_json, nullptr, false);
  Json ac =
      payload.is_object() && payload.contains("ac_celsius") ? payload["ac_celsius"] : Json(nullptr);
  return {{"id", t.id},
          {"kind", t.kind},
          {"ac_celsius", ac},
          {"title", t.title},
          {"due_at", core::FormatIsoUtc(t.due_at)},
          {"escalate_at", opt(t.escalate_at)},
          {"status", tasks::StatusName(t.status)},
          {"fired", t.fired_at.has_value()},
          {"completed_at", opt(t.completed_at)},
          {"owner_user_id", t.owner_user_id ? Json(*t.owner_user_id) : Json(nullptr)},
          {"missed", item.missed},
          {"meeting", BlockJson(item.meeting)},
          {"venue_name", item.meeting.venue_name},
          {"services", ServicesJson(item.meeting.services)}};
}

Response IcsResponse(std::string text, const std::string& filename) {
  Response r = Response::Text(200, std::move(text), "text/calendar; charset=utf-8");
  r.SetHeader("Content-Disposition", "inline; filename=\"" + filename + "\"");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

void RegisterRoutes(api::Registry& r) {
  // --- rooms (MTG-4) ---
  r.Get("/api/v1/meetings/rooms", "meetings.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    YB_READ(rooms, Rooms(ctx.db(), *site));
    Json items = Json::array();
    for (const auto& room : rooms) items.push_back(RoomJson(room));
    return api::Ok({{"items", items}});
  });

  r.Put("/api/v1/meetings/rooms/{id}", "meetings.admin", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(needs, in.Bool("needs_approval"));
    YB_READ(setup, in.OptInt("setup_minutes", 0, 240));
    YB_READ(cleanup, in.OptInt("cleanup_minutes", 0, 240));
    YB_READ(reason, ReadReason(in));
    RoomRules rules;
    rules.needs_approval = needs;
    rules.setup_minutes = setup;
    rules.cleanup_minutes = cleanup;
    YB_READ(room, PutRoom(CtxOf(ctx, reason), id, rules));
    return api::Ok(RoomJson(room));
  });

  // --- the day/week calendar of a site ---
  r.Get("/api/v1/meetings/calendar", "meetings.read", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    auto from_text = ctx.req.QueryParam("from");
    auto to_text = ctx.req.QueryParam("to");
    if (!from_text || from_text->empty())
      return ErrorResponse(ctx, core::InvalidArgument("from", "validation.required"));
    if (!to_text || to_text->empty())
      return ErrorResponse(ctx, core::InvalidArgument("to", "validation.required"));
    YB_READ(from, core::ParseIso(*from_text, "from"));
    YB_READ(to, core::ParseIso(*to_text, "to"));
    YB_READ(view, SiteCalendarView(ctx.db(), *site, from, to));
    // Written straight to text: a week of 50 busy rooms is thousands of blocks.
    api::JsonWriter w;
    w.BeginObject();
    w.Key("site_id").Int(*site);
    w.Key("time_zone").String(view.time_zone);
    w.Key("from").String(core::FormatIsoUtc(from));
    w.Key("to").String(core::FormatIsoUtc(to));
    w.Key("rooms").BeginArray();
    for (const auto& room : view.rooms) WriteRoom(w, room);
    w.EndArray();
    w.Key("bookings").BeginArray();
    for (const auto& m : view.bookings) WriteBlock(w, m);
    w.EndArray();
    w.EndObject();
    return Response::Json(200, std::move(w).Take());
  });

  // --- booking ---
  r.Post("/api/v1/meetings", "meetings.book", [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    BookingInput b;
    YB_READ(venue, in.Int("venue_id", 1, kMaxId));
    YB_READ(subject, in.String("subject", 100));
    YB_READ(category, in.OptString("category", 1));
    YB_READ(start, TimeField(in, "start_at"));
    YB_READ(end, TimeField(in, "end_at"));
    YB_READ(organizer, OptIntField(in, "organizer_staff_id"));
    YB_READ(clerk, OptIntField(in, "clerk_user_id"));
    YB_READ(count, in.OptInt("attendee_count", 0, 10000));
    YB_READ(services, ReadServices(body));
    YB_READ(attendees, ReadAttendees(body));
    YB_READ(bring, in.OptString("bring", 500, true));
    YB_READ(notes, in.OptString("notes", 500, true));
    YB_READ(recurrence, ReadRecurrence(body));
    YB_READ(reason, ReadReason(in));
    b.venue_id = venue;
    b.title = subject;
    b.category = category;
    b.start_at = start;
    b.end_at = end;
    b.organizer_staff_id = organizer;
    b.clerk_user_id = clerk;
    b.attendee_count = count;
    b.services = std::move(services);
    b.attendees = std::move(attendees);
    b.bring = bring;
    b.notes = notes;
    b.recurrence = std::move(recurrence);
    return Answer(ctx, Book(CtxOf(ctx, reason), b), 201);
  });

  r.Get("/api/v1/meetings/approvals", "meetings.approve", [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    YB_READ(list, Pending(ctx.db(), site));
    Json items = Json::array();
    for (const auto& m : list) items.push_back(MeetingJson(m));
    return api::Ok({{"items", items}});
  });

  // MTG-3: the clerk's checklist for a day (their own tasks; the desk's for meetings.admin).
  r.Get("/api/v1/meetings/runsheet", api::kSignedIn, [](Context& ctx) {
    YB_READ(site, api::IntQuery(ctx.req, "site_id", 1, kMaxId));
    if (!site) return ErrorResponse(ctx, core::InvalidArgument("site_id", "validation.required"));
    std::optional<int32_t> date;
    if (auto d = ctx.req.QueryParam("date"); d && !d->empty()) {
      YB_READ(day, core::ParseDate(*d, "date"));
      date = day;
    }
    YB_READ(sheet, RunSheetOf(ctx.db(), ctx.principal, *site, date, ctx.now()));
    Json items = Json::array();
    for (const auto& item : sheet.items) items.push_back(TaskJson(item));
    return api::Ok({{"date", core::FormatDate(sheet.date)},
                    {"time_zone", sheet.time_zone},
                    {"now", core::FormatIsoUtc(ctx.now())},
                    {"items", items}});
  });

  r.Get("/api/v1/meetings/{id}", "meetings.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(m, Get(ctx.db(), id));
    YB_READ(may, MayChange(ctx.db(), ctx.principal, m));
    Json j = MeetingJson(m);
    j["may_change"] = may;
    return api::Ok(j);
  });

  r.Patch("/api/v1/meetings/{id}", "meetings.book", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    MeetingPatch p;
    if (in.Has("venue_id")) {
      YB_READ(v, in.Int("venue_id", 1, kMaxId));
      p.venue_id = v;
    }
    if (in.Has("start_at")) {
      YB_READ(v, TimeField(in, "start_at"));
      p.start_at = v;
    }
    if (in.Has("end_at")) {
      YB_READ(v, TimeField(in, "end_at"));
      p.end_at = v;
    }
    if (in.Has("subject")) {
      YB_READ(v, in.String("subject", 100));
      p.title = v;
    }
    if (in.Has("category")) {
      YB_READ(v, in.OptString("category", 1));
      p.category = v;
    }
    if (in.Has("bring")) {
      YB_READ(v, in.OptString("bring", 500, true));
      p.bring = v;
    }
    if (in.Has("notes")) {
      YB_READ(v, in.OptString("notes", 500, true));
      p.notes = v;
    }
    if (in.Has("organizer_staff_id")) {
      YB_READ(v, OptIntField(in, "organizer_staff_id"));
      p.organizer_staff_id = v;
    }
    if (in.Has("clerk_user_id")) {
      YB_READ(v, OptIntField(in, "clerk_user_id"));
      p.clerk_user_id = v;
    }
    if (in.Has("attendee_count")) {
      YB_READ(v, in.OptInt("attendee_count", 0, 10000));
      p.attendee_count = v;
    }
    if (in.Has("services")) {
      YB_READ(v, ReadServices(body));
      p.services = std::move(v);
    }
    if (in.Has("attendees")) {
      YB_READ(v, ReadAttendees(body));
      p.attendees = std::move(v);
    }
    YB_READ(reason, ReadReason(in));
    return Answer(ctx, Update(CtxOf(ctx, reason), id, p), 200);
  });

  r.Post("/api/v1/meetings/{id}/cancel", "meetings.book", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    YB_READ(scope, in.Has("scope") ? in.Enum("scope", {"one", "series"})
                                   : core::Result<std::string>(std::string("one")));
    YB_READ(reason, ReadReason(in));
    return MeetingAnswer(ctx, Cancel(CtxOf(ctx, reason), id, scope == "series"));
  });

  r.Post("/api/v1/meetings/{id}/approve", "meetings.approve", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return MeetingAnswer(ctx, Decide(CtxOf(ctx, reason), id, true));
  });

  r.Post("/api/v1/meetings/{id}/reject", "meetings.approve", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, ReadReason(Input(body)));
    return MeetingAnswer(ctx, Decide(CtxOf(ctx, reason), id, false));
  });

  // MTG-2: the invitation as a file (what the e-mails carry).
  r.Get("/api/v1/meetings/{id}/invitation.ics", "meetings.read", [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(text, InvitationIcs(ctx.db(), id, ctx.now()));
    return IcsResponse(std::move(text), "meeting-" + std::to_string(id) + ".ics");
  });

  // --- the per-user calendar feed ---
  // Public: calendar apps cannot sign in; the secret token in the URL is the credential.
  r.Get("/api/v1/calendar/feed/{token}", api::kPublic, [](Context& ctx) {
    // Per client address: a brake on guessing tokens (setting calendar.feed_per_minute).
    static api::RateLimiter limiter;
    auto limit = org::GetSetting(ctx.db(), "calendar.feed_per_minute");
    if (!limiter.Allow(ctx.req.remote_ip, ctx.now(), limit ? *limit : 60))
      return api::ErrorResponse(ctx, core::Error{core::ErrorCode::kRateLimited,
                                                 "error.rate_limited", "", {}, ""});
    std::string token(ctx.req.PathParam("token"));
    if (token.size() > 4 && token.compare(token.size() - 4, 4, ".ics") == 0)
      token.resize(token.size() - 4);
    YB_READ(text, Feed(ctx.db(), token, ctx.now()));
    return IcsResponse(std::move(text), "yingbin.ics");
  });

  r.Get("/api/v1/calendar/feed-token", api::kSignedIn, [](Context& ctx) {
    YB_READ(at, FeedTokenCreatedAt(ctx.db(), ctx.principal.user_id));
    return api::Ok({{"active", at.has_value()},
                    {"created_at", at ? Json(core::FormatIsoUtc(*at)) : Json(nullptr)}});
  });

  r.Post("/api/v1/calendar/feed-token", api::kSignedIn, [](Context& ctx) {
    YB_READ(token, RotateFeedToken(CtxOf(ctx)));
    const std::string path = "/api/v1/calendar/feed/" + token + ".ics";
    return api::Created({{"token", token},
                         {"path", path},
                         {"active", true},
                         {"created_at", core::FormatIsoUtc(ctx.now())}});
  });

  r.Delete("/api/v1/calendar/feed-token", api::kSignedIn, [](Context& ctx) {
    auto st = DeleteFeedToken(CtxOf(ctx));
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });
}

}  // namespace yingbin::meetings
