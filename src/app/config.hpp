#pragma once
// Server configuration. Sources, highest precedence first: command-line flags, the config
// file (--config, TOML/INI "key = value"), YINGBIN_* environment variables, defaults.
#include <cstddef>
#include <string>

#include "auth/model.hpp"
#include "notify/options.hpp"

namespace yingbin::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string db = "sqlite:data/yingbin.db";
  std::string web_root;  // empty: look for web/dist beside the binary or the working dir
  int io_threads = 1;
  // Request handlers block on the database. On SQLite concurrent writes share one commit
  // (group commit, db/pool.cpp), and a commit can only gather as many writes as there are
  // handlers waiting: many cheap threads make big groups, four would cap them at four.
  int workers = 64;
  int db_connections = 16;
  size_t body_limit = 1 << 20;
  std::string log_level = "info";
  bool trust_proxy = false;  // take the client address from X-Forwarded-For (behind nginx)
  auth::AuthOptions auth;
  // Used once, when the database has no users: the first admin's password (else generated).
  std::string initial_admin_password;
  // The key that encrypts phone and identity numbers (DATA-2), kept outside the database.
  // Empty: "yingbin.key" beside a SQLite database file, else data/yingbin.key.
  std::string key_file;
  notify::NotifyOptions notify;  // SMTP and outbox retries
  // Tests of timed rules against the running binary: registers POST /api/v1/test/clock,
  // which moves the server's clock forward and runs the tasks due by then. Never in
  // production (the route does not exist without it).
  bool test_clock = false;
};

}  // namespace yingbin::app
