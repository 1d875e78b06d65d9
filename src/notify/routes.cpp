// HTTP routes of the notify module: parse and validate, call the store or service, answer
// JSON. /events hands an http::EventStream to the hub (the server writes it).
#include "notify/routes.hpp"

#include <charconv>

#include "core/time.hpp"
#include "http/event_stream.hpp"
#include "notify/rules.hpp"
#include "notify/service.hpp"
#include "notify/store.hpp"

namespace yingbin::notify {
namespace {

using api::Context;
using api::ErrorResponse;
using api::Input;
using api::Json;
using http::Response;

constexpr char kAdmin[] = "notify.admin";
constexpr char kSecretMask[] = "********";
constexpr int64_t kMaxId = INT64_MAX;
constexpr int kMaxSites = 20;

Json OptTime(const std::optional<int64_t>& t) { return t ? Json(core::FormatIsoUtc(*t)) : Json(); }

Json NotificationJson(const Notification& n) {
  auto payload = Json::parse(n.payload_json, nullptr, false);
  return {{"id", n.id},
          {"topic", n.topic},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link},
          {"payload", payload.is_discarded() ? Json::object() : payload},
          {"created_at", core::FormatIsoUtc(n.created_at)},
          {"read_at", OptTime(n.read_at)}};
}

Json PreferencesJson(const Preferences& p) {
  return {{"inapp", p.inapp}, {"email", p.email}, {"muted_topics", p.muted_topics}};
}

Json WebhookJson(const Webhook& w) {
  return {{"id", w.id},
          {"name", w.name},
          {"url", w.url},
          {"format", w.format},
          {"topics", w.topics},
          {"active", w.active},
          {"secret", w.secret.empty() ? "" : kSecretMask},  // write-only
          {"created_at", core::FormatIsoUtc(w.created_at)},
          {"updated_at", core::FormatIsoUtc(w.updated_at)}};
}

Json OutboxJson(const OutboxRow& o) {
  return {{"id", o.id},
          {"channel", o.channel},
          {"recipient", o.recipient},
          {"topic", o.topic},
          {"subject", o.subject},
          {"status", o.status},
          {"attempts", o.attempts},
          {"last_error", o.last_error},
          {"next_attempt_at", core::FormatIsoUtc(o.next_attempt_at)},
          {"created_at", core::FormatIsoUtc(o.created_at)},
          {"sent_at", OptTime(o.sent_at)}};
}

Write WriteOf(const Context& ctx, std::string reason) {
  return Write{ctx.principal, ctx.now(), std::move(reason)};
}

// The "mine" routes belong to a user; API tokens have no inbox.
core::Result<int64_t> UserOf(const Context& ctx) {
  if (ctx.principal.user_id == 0) return core::Forbidden();
  return ctx.principal.user_id;
}

core::Result<std::string> ReadUrl(const Input& in) {
  auto url = in.String("url", 2000);
  if (!url) return url;
  if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
    return core::InvalidArgument("url", "validation.invalid");
  return url;
}

core::Result<std::string> ReadTopics(const Input& in) {
  auto t = in.OptString("topics", 500);
  if (!t) return t;
  auto list = SplitTopics(*t);
  return list.empty() ? std::string("*") : JoinTopics(list);
}

const std::vector<std::string_view> kFormats = {"generic", "wecom", "dingtalk", "feishu"};

// Every ?site=<id> (repeatable), as positive ids.
core::Result<std::vector<int64_t>> SiteParams(const http::Request& req) {
  std::vector<int64_t> out;
  std::string_view rest = req.query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) != "site") continue;
    std::string_view v = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    int64_t id = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
    if (ec != std::errc() || p != v.data() + v.size() || id < 1)
      return core::InvalidArgument("site", "validation.type_integer");
    out.push_back(id);
  }
  if (out.size() > kMaxSites)
    return core::InvalidArgument("site", "validation.out_of_range")
        .With("min", "0")
        .With("max", std::to_string(kMaxSites));
  return out;
}

}  // namespace

void RegisterRoutes(api::Registry& r, Hub& hub) {
  // --- live events (Server-Sent Events) ---
  r.Get("/api/v1/events", api::kSignedIn, [&hub](Context& ctx) {
    YB_READ(sites, SiteParams(ctx.req));
    // A site's desk stream: the visitor desk and the phone desk (TEL) listen to it.
    if (!sites.empty() && !ctx.principal.Can("visits.read") && !ctx.principal.Can("visits.write") &&
        !ctx.principal.Can("calls.read"))
      return ErrorResponse(ctx, core::Forbidden());
    std::vector<std::string> keys;
    if (ctx.principal.user_id != 0) keys.push_back("user:" + std::to_string(ctx.principal.user_id));
    for (int64_t site : sites) keys.push_back("site:" + std::to_string(site));
    auto stream = std::make_shared<http::EventStream>();
    // retry: how long a browser's EventSource waits before reconnecting after a drop.
    stream->Push("retry: 3000\n" +
                 http::EventStream::Format("ready", Json{{"subscriptions", keys}}.dump()));
    hub.Subscribe(keys, stream);
    Response res;
    res.content_type = "text/event-stream; charset=utf-8";
    res.stream = std::move(stream);
    return res;
  });

  // --- my notifications ---
  r.Get("/api/v1/notifications", api::kSignedIn, [](Context& ctx) {
    YB_READ(user, UserOf(ctx));
    YB_READ(page, api::ReadPage(ctx.req));
    const bool unread = ctx.req.QueryParam("unread").value_or("") == "1";
    YB_READ(conn, ctx.db().Acquire());
    YB_READ(list, store::ListNotifications(*conn, user, unread, page.page_size, page.offset()));
    YB_READ(unread_count, store::CountUnread(*conn, user));
    Json items = Json::array();
    for (const auto& n : list.first) items.push_back(NotificationJson(n));
    Json out = api::PageJson(std::move(items), list.second, page);
    out["unread"] = unread_count;
    return api::Ok(out);
  });

  r.Post("/api/v1/notifications/{id}/read", api::kSignedIn, [](Context& ctx) {
    YB_READ(user, UserOf(ctx));
    YB_READ(id, ctx.IdParam());
    auto st = ctx.db().TransactionVoid(
        [&](db::Connection& c) { return store::MarkRead(c, user, id, ctx.now()); });
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  r.Post("/api/v1/notifications/read-all", api::kSignedIn, [](Context& ctx) {
    YB_READ(user, UserOf(ctx));
    YB_READ(n, ctx.db().Transaction<int64_t>(
                   [&](db::Connection& c) { return store::MarkAllRead(c, user, ctx.now()); }));
    return api::Ok({{"updated", n}});
  });

  // --- my preferences ---
  r.Get("/api/v1/notify/preferences", api::kSignedIn, [](Context& ctx) {
    YB_READ(user, UserOf(ctx));
    YB_READ(conn, ctx.db().Acquire());
    YB_READ(p, store::GetPreferences(*conn, user));
    return api::Ok(PreferencesJson(p));
  });

  r.Put("/api/v1/notify/preferences", api::kSignedIn, [](Context& ctx) {
    YB_READ(user, UserOf(ctx));
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Preferences p;
    YB_READ(inapp, in.OptBool("inapp", true));
    YB_READ(email, in.OptBool("email", true));
    YB_READ(muted, in.StringList("muted_topics", 50, 100));
    p.inapp = inapp;
    p.email = email;
    for (const auto& m : muted)
      for (auto& t : SplitTopics(m)) p.muted_topics.push_back(std::move(t));
    p.updated_at = ctx.now();
    auto st = ctx.db().TransactionVoid(
        [&](db::Connection& c) { return store::PutPreferences(c, user, p); });
    if (!st) return ErrorResponse(ctx, st.error());
    return api::Ok(PreferencesJson(p));
  });

  // --- webhooks (admin) ---
  r.Get("/api/v1/webhooks", kAdmin, [](Context& ctx) {
    YB_READ(conn, ctx.db().Acquire());
    YB_READ(list, store::ListWebhooks(*conn, false));
    Json items = Json::array();
    for (const auto& w : list) items.push_back(WebhookJson(w));
    return api::Ok({{"items", items}, {"total", list.size()}});
  });

  r.Get("/api/v1/webhooks/{id}", kAdmin, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(conn, ctx.db().Acquire());
    YB_READ(w, store::GetWebhook(*conn, id));
    return api::Ok(WebhookJson(w));
  });

  r.Post("/api/v1/webhooks", kAdmin, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Webhook w;
    YB_READ(name, in.String("name", 100));
    YB_READ(url, ReadUrl(in));
    YB_READ(format, in.Has("format") ? in.Enum("format", kFormats)
                                     : core::Result<std::string>(std::string("generic")));
    YB_READ(secret, in.OptString("secret", 200));
    YB_READ(topics, ReadTopics(in));
    YB_READ(active, in.OptBool("active", true));
    YB_READ(reason, in.OptString("reason", 500, true));
    w.name = name;
    w.url = url;
    w.format = format;
    w.secret = secret;
    w.topics = topics;
    w.active = active;
    YB_READ(created, CreateWebhook(ctx.db(), WriteOf(ctx, reason), w));
    return api::Created(WebhookJson(created));
  });

  r.Patch("/api/v1/webhooks/{id}", kAdmin, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    WebhookPatch p;
    if (in.Has("name")) {
      YB_READ(v, in.String("name", 100));
      p.name = v;
    }
    if (in.Has("url")) {
      YB_READ(v, ReadUrl(in));
      p.url = v;
    }
    if (in.Has("format")) {
      YB_READ(v, in.Enum("format", kFormats));
      p.format = v;
    }
    if (in.Has("secret")) {
      YB_READ(v, in.OptString("secret", 200));
      if (v != kSecretMask) p.secret = v;  // the masked value sent back unchanged
    }
    if (in.Has("topics")) {
      YB_READ(v, ReadTopics(in));
      p.topics = v;
    }
    if (in.Has("active")) {
      YB_READ(v, in.Bool("active"));
      p.active = v;
    }
    YB_READ(reason, in.OptString("reason", 500, true));
    YB_READ(w, UpdateWebhook(ctx.db(), WriteOf(ctx, reason), id, p));
    return api::Ok(WebhookJson(w));
  });

  r.Delete("/api/v1/webhooks/{id}", kAdmin, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    auto st = DeleteWebhook(ctx.db(), WriteOf(ctx, reason), id);
    if (!st) return ErrorResponse(ctx, st.error());
    return Response::NoContent();
  });

  r.Post("/api/v1/webhooks/{id}/test", kAdmin, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(outbox_id, TestWebhook(ctx.db(), WriteOf(ctx, ""), id));
    Kick();
    return api::JsonResponse(202, {{"outbox_id", outbox_id}});
  });

  // --- outbox (admin) ---
  r.Get("/api/v1/outbox", kAdmin, [](Context& ctx) {
    YB_READ(page, api::ReadPage(ctx.req));
    std::string status = ctx.req.QueryParam("status").value_or("");
    std::string channel = ctx.req.QueryParam("channel").value_or("");
    if (!status.empty() && status != "pending" && status != "sending" && status != "sent" &&
        status != "dead")
      return ErrorResponse(ctx, core::InvalidArgument("status", "validation.invalid"));
    if (!channel.empty() && channel != kChannelLive && channel != kChannelInapp &&
        channel != kChannelEmail && channel != kChannelWebhook)
      return ErrorResponse(ctx, core::InvalidArgument("channel", "validation.invalid"));
    YB_READ(conn, ctx.db().Acquire());
    YB_READ(list, store::ListOutbox(*conn, status, channel, page.page_size, page.offset()));
    Json items = Json::array();
    for (const auto& o : list.first) items.push_back(OutboxJson(o));
    return api::Ok(api::PageJson(std::move(items), list.second, page));
  });

  r.Post("/api/v1/outbox/{id}/retry", kAdmin, [](Context& ctx) {
    YB_READ(id, ctx.IdParam());
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(reason, Input(body).OptString("reason", 500, true));
    YB_READ(row, RetryOutbox(ctx.db(), WriteOf(ctx, reason), id));
    Kick();
    return api::Ok(OutboxJson(row));
  });

  // A test message through the real channels (checking SMTP, a user's bell, a desk stream).
  r.Post("/api/v1/notify/test", kAdmin, [](Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    Input in(body);
    Message m;
    YB_READ(subject, in.OptString("subject", 200));
    YB_READ(text, in.OptString("body", 2000, true));
    YB_READ(qr_text, in.OptString("qr_text", 500));
    YB_READ(emails, in.StringList("emails", 20, 254));
    YB_READ(user_ids, in.IntList("user_ids", 20));
    YB_READ(site_ids, in.IntList("live_site_ids", 20));
    YB_READ(webhooks, in.OptBool("webhooks", false));
    for (const auto& e : emails)
      if (e.find('@') == std::string::npos || e.find_first_of(" <>\r\n") != std::string::npos)
        return ErrorResponse(ctx, core::InvalidArgument("emails", "validation.email"));
    m.subject = subject.empty() ? "迎宾测试消息 / Yingbin test message" : subject;
    m.body =
        text.empty() ? "这是一条来自迎宾的测试消息。\nThis is a test message from Yingbin." : text;
    m.qr_text = qr_text;
    m.emails = emails;
    m.user_ids = user_ids;
    m.live_site_ids = site_ids;
    m.webhooks = webhooks;
    m.payload_json = Json{{"by", ctx.principal.username}}.dump();
    YB_READ(n, SendTest(ctx.db(), ctx.now(), m));
    Kick();
    return api::JsonResponse(202, {{"deliveries", n}});
  });
}

}  // namespace yingbin::notify
