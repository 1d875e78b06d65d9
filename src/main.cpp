// yingbin — the reception management server and its administration commands.
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/app.hpp"

namespace {

using yingbin::app::Config;

// Options not given on the command line or in the config file fall back to YINGBIN_*
// environment variables: flags > config file > environment > defaults.
struct EnvFallback {
  CLI::Option* option;
  std::string env;
  std::function<void(const std::string&)> assign;
};

template <class T>
void Bind(CLI::App& app, std::vector<EnvFallback>& fallbacks, const std::string& flag, T& target,
          const std::string& env, const std::string& help) {
  CLI::Option* opt = app.add_option(flag, target, help + " [env " + env + "]");
  opt->capture_default_str();
  fallbacks.push_back({opt, env, [&target, flag](const std::string& value) {
                         if constexpr (std::is_same_v<T, std::string>) {
                           target = value;
                         } else if constexpr (std::is_same_v<T, bool>) {
                           target = value == "1" || value == "true" || value == "yes";
                         } else {
                           try {
                             target = static_cast<T>(std::stoll(value));
                           } catch (...) {
                             throw CLI::ValidationError(flag, "not a number: " + value);
                           }
                         }
                       }});
}

std::string ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Yingbin (迎宾) reception management server", "yingbin"};
  app.require_subcommand(1);
  app.fallthrough();  // subcommands accept the global options too: `yingbin serve --db ...`
  app.set_config("--config", "", "configuration file (key = value lines)");

  Config config;
  std::vector<EnvFallback> fb;
  Bind(app, fb, "--listen", config.listen, "YINGBIN_LISTEN", "address to listen on, HOST:PORT");
  Bind(app, fb, "--db", config.db, "YINGBIN_DB",
       "database URL: sqlite:PATH or postgresql://USER@HOST:PORT/DB");
  Bind(app, fb, "--web-root", config.web_root, "YINGBIN_WEB_ROOT", "directory of the built web app");
  Bind(app, fb, "--io-threads", config.io_threads, "YINGBIN_IO_THREADS", "network threads");
  Bind(app, fb, "--workers", config.workers, "YINGBIN_WORKERS", "request worker threads");
  Bind(app, fb, "--db-connections", config.db_connections, "YINGBIN_DB_CONNECTIONS",
       "database connections per node");
  Bind(app, fb, "--body-limit", config.body_limit, "YINGBIN_BODY_LIMIT", "request body limit, bytes");
  Bind(app, fb, "--log-level", config.log_level, "YINGBIN_LOG_LEVEL", "trace|debug|info|warn|error");
  Bind(app, fb, "--trust-proxy", config.trust_proxy, "YINGBIN_TRUST_PROXY",
       "take the client address from X-Forwarded-For");
  Bind(app, fb, "--secure-cookie", config.auth.secure_cookie, "YINGBIN_SECURE_COOKIE",
       "mark the session cookie Secure (when served over HTTPS)");
  Bind(app, fb, "--max-failed-logins", config.auth.max_failed_logins, "YINGBIN_MAX_FAILED_LOGINS",
       "failed sign-ins in a row that lock an account");
  Bind(app, fb, "--lock-minutes", config.auth.lock_minutes, "YINGBIN_LOCK_MINUTES",
       "how long a locked account stays locked");
  Bind(app, fb, "--session-idle-minutes", config.auth.session_idle_minutes,
       "YINGBIN_SESSION_IDLE_MINUTES", "idle time after which a session ends");
  Bind(app, fb, "--session-max-hours", config.auth.session_max_hours, "YINGBIN_SESSION_MAX_HOURS",
       "maximum life of a session");
  Bind(app, fb, "--session-cache-ms", config.auth.session_cache_ms, "YINGBIN_SESSION_CACHE_MS",
       "how long a session's account and roles are reused before being read again "
       "(changes on this node apply at once; 0 = read every request)");
  Bind(app, fb, "--login-rate", config.auth.login_attempts_per_minute_per_ip, "YINGBIN_LOGIN_RATE",
       "sign-in attempts per minute per client address");
  Bind(app, fb, "--min-password-length", config.auth.min_password_length,
       "YINGBIN_MIN_PASSWORD_LENGTH", "minimum password length");
  Bind(app, fb, "--key-file", config.key_file, "YINGBIN_KEY_FILE",
       "file with the field-encryption key (created at first start, mode 0600)");
  Bind(app, fb, "--smtp-url", config.notify.smtp_url, "YINGBIN_SMTP_URL",
       "SMTP server for e-mail, smtp://HOST:PORT or smtps://HOST:PORT (empty: no e-mail)");
  Bind(app, fb, "--smtp-from", config.notify.smtp_from, "YINGBIN_SMTP_FROM",
       "sender of e-mails, ADDRESS or \"NAME <ADDRESS>\"");
  Bind(app, fb, "--smtp-user", config.notify.smtp_user, "YINGBIN_SMTP_USER", "SMTP user name");
  Bind(app, fb, "--smtp-password", config.notify.smtp_password, "YINGBIN_SMTP_PASSWORD",
       "SMTP password");
  Bind(app, fb, "--notify-max-attempts", config.notify.max_attempts,
       "YINGBIN_NOTIFY_MAX_ATTEMPTS", "delivery attempts of an e-mail or webhook before it is dead");
  Bind(app, fb, "--notify-backoff-ms", config.notify.backoff_base_ms, "YINGBIN_NOTIFY_BACKOFF_MS",
       "wait after a failed delivery, doubled after each further failure (at most 1 h)");
  Bind(app, fb, "--notify-poll-ms", config.notify.poll_ms, "YINGBIN_NOTIFY_POLL_MS",
       "how often the outbox worker looks for due deliveries");
  Bind(app, fb, "--notify-gather-ms", config.notify.gather_ms, "YINGBIN_NOTIFY_GATHER_MS",
       "while deliveries keep coming, the shortest time between two outbox passes");
  Bind(app, fb, "--initial-admin-password", config.initial_admin_password,
       "YINGBIN_INITIAL_ADMIN_PASSWORD", "password of the first admin (only for an empty database)");
  Bind(app, fb, "--test-clock", config.test_clock, "YINGBIN_TEST_CLOCK",
       "tests only: POST /api/v1/test/clock moves the server's clock forward");

  auto* serve = app.add_subcommand("serve", "run the HTTP server");
  auto* migrate = app.add_subcommand("migrate", "apply database migrations");
  auto* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user; the password is read from stdin");
  std::string username, role;
  bool password_stdin = false;
  user_add->add_option("--username", username, "user name")->required();
  user_add->add_option("--role", role, "built-in or custom role code, e.g. sysadmin")->required();
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input")
      ->required();
  auto* backup = app.add_subcommand("backup", "online backup of the SQLite database");
  std::string backup_to;
  backup->add_option("--to", backup_to, "target file")->required();
  auto* version = app.add_subcommand("version", "print the version");
  auto* audit = app.add_subcommand("audit", "audit trail tools");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "verify the audit hash chain");
  auto* routes = app.add_subcommand("routes", "print every API route (JSON lines)");

  try {
    app.parse(argc, argv);
    for (const auto& f : fb) {
      if (f.option->count() > 0) continue;
      if (const char* v = std::getenv(f.env.c_str()); v != nullptr && *v != '\0') f.assign(v);
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*version) {
    std::cout << "yingbin " << YINGBIN_VERSION << "\n";
    return 0;
  }
  if (*serve) return yingbin::app::Serve(config);
  if (*migrate) return yingbin::app::Migrate(config);
  if (*user_add) return yingbin::app::UserAdd(config, username, role, ReadPasswordFromStdin());
  if (*backup) return yingbin::app::Backup(config, backup_to);
  if (*audit_verify) return yingbin::app::AuditVerify(config);
  if (*routes) return yingbin::app::PrintRoutes(config);
  return 0;
}
