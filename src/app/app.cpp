#include "app/app.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/dispatch.hpp"
#include "audit/audit.hpp"
#include "audit/routes.hpp"
#include "auth/routes.hpp"
#include "auth/service.hpp"
#include "calls/routes.hpp"
#include "calls/retention.hpp"
#include "calls/service.hpp"
#include "complaints/retention.hpp"
#include "complaints/routes.hpp"
#include "complaints/search.hpp"
#include "complaints/service.hpp"
#include "conferences/retention.hpp"
#include "conferences/routes.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/embedded_files.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "http/server.hpp"
#include "core/field_crypto.hpp"
#include "mail/routes.hpp"
#include "mail/service.hpp"
#include "meetings/routes.hpp"
#include "meetings/service.hpp"
#include "notify/notify.hpp"
#include "notify/routes.hpp"
#include "notify/live.hpp"
#include "notify/live_listener.hpp"
#include "notify/worker.hpp"
#include "org/routes.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "receptions/documents.hpp"
#include "receptions/execution.hpp"
#include "receptions/routes.hpp"
#include "receptions/service.hpp"
#include "roster/routes.hpp"
#include "roster/service.hpp"
#include "tasks/routes.hpp"
#include "tasks/scheduler.hpp"
#include "visitors/routes.hpp"
#include "org/retention.hpp"
#include "visitors/retention.hpp"
#include "visitors/search_upgrade.hpp"
#include "visitors/service.hpp"

namespace yingbin::app {
namespace {

// Log lines are JSON objects written by their callers; the pattern adds nothing.
void InitLogging(const std::string& level) {
  auto logger = spdlog::stdout_logger_mt("yingbin");
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

void Fail(const std::string& what, const core::Error& e) {
  std::cerr << "yingbin: " << what << ": " << core::ErrorCodeName(e.code) << " " << e.key
            << (e.detail.empty() ? "" : " (" + e.detail + ")") << "\n";
}

core::Result<std::shared_ptr<db::Pool>> OpenDatabase(const Config& config) {
  if (config.db.rfind("sqlite:", 0) == 0 && config.db != "sqlite::memory:") {
    std::filesystem::path file(config.db.substr(7));
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  }
  db::PoolOptions options;
  options.url = config.db;
  options.max_connections = config.db_connections;
  auto pool = db::Pool::Open(options);
  if (!pool) return pool;
  auto applied = db::Migrate(**pool);
  if (!applied) return std::move(applied).error();
  return pool;
}

std::string FindWebRoot(const Config& config) {
  if (!config.web_root.empty()) return config.web_root;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / ".." / "web" / "dist");
    candidates.push_back(exe.parent_path() / ".." / "share" / "yingbin" / "web");
  }
  candidates.push_back(std::filesystem::current_path() / "web" / "dist");
  for (const auto& c : candidates)
    if (std::filesystem::exists(c / "index.html", ec))
      return std::filesystem::weakly_canonical(c, ec).string();
  return {};
}

bool ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    *port = static_cast<uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host->empty();
}

std::string KeyFile(const Config& config) {
  if (!config.key_file.empty()) return config.key_file;
  if (config.db.rfind("sqlite:", 0) == 0 && config.db != "sqlite::memory:") {
    std::filesystem::path file(config.db.substr(7));
    return (file.parent_path() / "yingbin.key").string();
  }
  return "data/yingbin.key";
}

// Everything a running server holds, built in dependency order.
struct Services {
  ~Services() { notify::SetLiveHub(nullptr); }  // the hub goes with us
  core::AdjustableClock clock;  // the system clock; tests may move it (--test-clock)
  std::shared_ptr<db::Pool> pool;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<core::FieldCipher> cipher;
  std::unique_ptr<tasks::Scheduler> scheduler;
  notify::Hub hub;  // open event streams; outlives the server
  std::unique_ptr<notify::Worker> notifier;  // the outbox worker (DATA-6)
  std::unique_ptr<notify::LiveListener> live;  // PostgreSQL: other nodes' live events
  api::Env env;
  api::Registry registry;
};

// --test-clock: POST /api/v1/test/clock {"advance_minutes": N} moves the clock forward
// and runs every task due by then before answering, so a test of a timed rule reads its
// effects at once.
void RegisterTestClock(Services& s) {
  s.registry.Post("/api/v1/test/clock", "settings.write", [&s](api::Context& ctx) {
    YB_READ(body, api::ParseObject(ctx.req));
    YB_READ(minutes, api::Input(body).Int("advance_minutes", 0, 366 * 24 * 60));
    s.clock.Advance(minutes * 60'000);
    int64_t fired = 0;
    for (int pass = 0; pass < 100; ++pass) {
      YB_READ(n, s.scheduler->RunOnce(s.clock.NowMs()));
      fired += n;
      if (n == 0) break;
    }
    notify::Kick();
    return api::Ok({{"now", core::FormatIsoUtc(s.clock.NowMs())},
                    {"offset_ms", s.clock.offset_ms()},
                    {"fired", fired}});
  });
}

void RegisterAll(Services& s) {
  s.registry.Get("/api/v1/health", api::kPublic,
                 [](api::Context&) { return http::Response::Json(200, R"({"status":"ok"})"); });
  s.registry.Get("/api/openapi.json", api::kPublic, [](api::Context&) {
    auto doc = core::FindEmbeddedFile("src/api/openapi.json");
    return http::Response::Json(200, std::string(doc.value_or("{}")));
  });
  auth::RegisterRoutes(s.registry, *s.auth);
  org::RegisterRoutes(s.registry);
  org::RegisterSettingsRoutes(s.registry);
  org::RegisterApprovalRoutes(s.registry);
  org::RegisterRetentionRoutes(s.registry);
  audit::RegisterRoutes(s.registry);
  tasks::RegisterRoutes(s.registry);
  visitors::RegisterRoutes(s.registry);
  calls::RegisterRoutes(s.registry);
  mail::RegisterRoutes(s.registry);
  roster::RegisterRoutes(s.registry);
  meetings::RegisterRoutes(s.registry);
  complaints::RegisterRoutes(s.registry);
  receptions::RegisterRoutes(s.registry);
  conferences::RegisterRoutes(s.registry);
  notify::RegisterRoutes(s.registry, s.hub);
}

core::Result<std::unique_ptr<Services>> Build(const Config& config) {
  core::InitCrypto();  // idempotent; the field cipher needs it
  auto s = std::make_unique<Services>();
  auto pool = OpenDatabase(config);
  if (!pool) return std::move(pool).error();
  s->pool = *pool;
  s->auth = std::make_unique<auth::AuthService>(*s->pool, s->clock, config.auth);
  s->env.db = s->pool.get();
  s->env.clock = &s->clock;
  if (config.db == "sqlite::memory:") {
    s->cipher = std::make_unique<core::FieldCipher>(core::FieldCipher::FromKey(std::string(32, '\0')));
  } else {
    auto cipher = core::FieldCipher::LoadOrCreateKey(KeyFile(config));
    if (!cipher) return std::move(cipher).error();
    s->cipher = std::make_unique<core::FieldCipher>(std::move(*cipher));
  }
  s->env.cipher = s->cipher.get();
  s->scheduler = std::make_unique<tasks::Scheduler>(*s->pool, s->clock);
  visitors::RegisterTaskHandlers(*s->scheduler);
  calls::RegisterTaskHandlers(*s->scheduler);
  mail::RegisterTaskHandlers(*s->scheduler);
  roster::RegisterTaskHandlers(*s->scheduler);
  meetings::RegisterTaskHandlers(*s->scheduler);
  complaints::RegisterTaskHandlers(*s->scheduler);
  receptions::RegisterTaskHandlers(*s->scheduler);
  // DATA-5: what an approved two-person change does.
  org::RegisterSettingApprovals();
  org::RegisterRetentionApprovals();
  visitors::RegisterRetentionParts();
  receptions::RegisterRetention();
  complaints::RegisterRetention();
  calls::RegisterRetention();
  conferences::RegisterRetention();
  receptions::RegisterFeedSource();
  tasks::Scheduler* scheduler = s->scheduler.get();
  s->env.kick = [scheduler] {
    scheduler->Kick();
    notify::Kick();
  };
  s->notifier = std::make_unique<notify::Worker>(*s->pool, s->clock, config.notify);
  notify::SetLiveHub(&s->hub);
  if (s->pool->dialect() == db::Dialect::kPostgres)
    s->live = std::make_unique<notify::LiveListener>(config.db, s->hub);
  RegisterAll(*s);
  if (config.test_clock) RegisterTestClock(*s);
  return s;
}

}  // namespace

int Serve(const Config& config) {
  InitLogging(config.log_level);
  if (!core::InitCrypto()) {
    std::cerr << "yingbin: libsodium failed to initialise\n";
    return 1;
  }
  std::string host;
  uint16_t port = 0;
  if (!ParseListen(config.listen, &host, &port)) {
    std::cerr << "yingbin: --listen must be HOST:PORT, got \"" << config.listen << "\"\n";
    return 2;
  }
  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto built = Build(config);
  if (!built) {
    Fail("cannot open the database", built.error());
    return 1;
  }
  Services& s = **built;
  if (auto st = s.auth->EnsureBuiltinRoles(); !st) {
    Fail("cannot seed roles", st.error());
    return 1;
  }
  if (auto st = org::EnsureDefaultSite(*s.pool, s.clock.NowMs()); !st) {
    Fail("cannot create the default site", st.error());
    return 1;
  }
  if (auto st = calls::PrepareSearch(*s.pool); !st) {
    Fail("cannot prepare the knowledge search", st.error());
    return 1;
  }
  if (auto n = visitors::UpgradeSearchDocuments(*s.pool); !n) {
    Fail("cannot rebuild the search index", n.error());
    return 1;
  } else if (*n > 0) {
    std::cerr << "yingbin: rebuilt the search documents of " << *n << " visits and visitors\n";
  }
  if (auto n = complaints::UpgradeCustomerSearch(*s.pool); !n) {
    Fail("cannot build the complaint customers' search index", n.error());
    return 1;
  } else if (*n > 0) {
    std::cerr << "yingbin: built the search documents of " << *n << " complaint customers\n";
  }
  auto first = s.auth->EnsureFirstAdmin(
      config.initial_admin_password.empty() ? std::nullopt
                                            : std::optional<std::string>(config.initial_admin_password));
  if (!first) {
    Fail("cannot create the first admin", first.error());
    return 1;
  }

  api::Dispatcher dispatcher(s.registry, *s.auth, s.env);
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.workers;
  options.body_limit = config.body_limit;
  options.static_root = FindWebRoot(config);
  options.trust_forwarded_for = config.trust_proxy;
  http::Server server(options, [&dispatcher](http::Request& req) { return dispatcher.Handle(req); });
  if (!server.Start()) return 1;
  s.scheduler->Start();
  if (s.live) s.live->Start();
  s.notifier->Start();

  std::cout << "Yingbin " << YINGBIN_VERSION << " listening on http://" << host << ":"
            << server.port() << "/ (database " << config.db << ")\n";
  if (options.static_root.empty())
    std::cout << "  no web app found (build web/ first); serving the API only\n";
  if (*first) {
    std::cout << "\n  First administrator account created:\n"
              << "    username: admin\n"
              << "    password: " << **first << "\n"
              << "  Sign in and change it under 我的账户 → 修改密码 (My account → Change password).\n\n";
  }
  std::cout.flush();

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info(R"({{"event":"shutdown","signal":{}}})", sig);
  server.Stop();
  s.scheduler->Stop();
  s.notifier->Stop();
  if (s.live) s.live->Stop();
  spdlog::info("{}", R"({"event":"stopped"})");
  spdlog::shutdown();
  return 0;
}

int Migrate(const Config& config) {
  auto pool = OpenDatabase(config);
  if (!pool) {
    Fail("migration failed", pool.error());
    return 1;
  }
  std::cout << "database is up to date\n";
  return 0;
}

int UserAdd(const Config& config, const std::string& username, const std::string& role,
            const std::string& password) {
  core::InitCrypto();
  core::SystemClock clock;
  auto pool = OpenDatabase(config);
  if (!pool) {
    Fail("cannot open the database", pool.error());
    return 1;
  }
  auth::AuthService auth(**pool, clock, config.auth);
  if (auto st = auth.EnsureBuiltinRoles(); !st) {
    Fail("cannot seed roles", st.error());
    return 1;
  }
  auto user = auth.AddUserCli(username, role, password);
  if (!user) {
    std::cerr << "yingbin: cannot add user: "
              << core::Localize(core::Lang::kEn, user.error().key, user.error().args,
                                user.error().field)
              << "\n";
    return 1;
  }
  std::cout << "user \"" << user->username << "\" created with id " << user->id << "\n";
  return 0;
}

int Backup(const Config& config, const std::string& path) {
  auto st = db::BackupSqlite(config.db, path);
  if (!st) {
    Fail("backup failed", st.error());
    return 1;
  }
  std::cout << "backup written to " << path << "\n";
  return 0;
}

int AuditVerify(const Config& config) {
  auto pool = OpenDatabase(config);
  if (!pool) {
    Fail("cannot open the database", pool.error());
    return 1;
  }
  auto result = audit::Verify(**pool);
  if (!result) {
    Fail("verification failed", result.error());
    return 1;
  }
  if (result->ok) {
    std::cout << "audit chain intact: " << result->checked << " entries verified\n";
    return 0;
  }
  std::cout << "audit chain BROKEN at entry " << result->first_bad_seq.value_or(0) << " ("
            << result->checked << " entries verified before it)\n";
  return 1;
}

int PrintRoutes(const Config& config) {
  Config c = config;
  c.db = "sqlite::memory:";
  c.test_clock = false;  // the documented routes only (the OpenAPI check compares them)
  auto built = Build(c);
  if (!built) {
    Fail("cannot build routes", built.error());
    return 1;
  }
  for (const auto& r : (*built)->registry.routes())
    std::cout << R"({"method":")" << http::MethodName(r.method) << R"(","path":")" << r.path
              << R"(","permission":")" << r.permission << "\"}\n";
  return 0;
}

}  // namespace yingbin::app
