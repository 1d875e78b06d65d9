#pragma once
// Plain records of the auth module.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"

namespace yingbin::auth {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  std::optional<int64_t> department_id;
  std::optional<int64_t> staff_id;
  bool disabled = false;
  bool must_change_password = false;
  int64_t failed_logins = 0;
  std::optional<int64_t> locked_until;
  int64_t created_at = 0;
  std::vector<int64_t> role_ids;
};

struct Role {
  int64_t id = 0;
  std::string code;
  std::string name;
  bool builtin = false;
  DataScope scope = DataScope::kDepartment;
  std::vector<std::string> permissions;
};

struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  std::string ip;
  std::string user_agent;
};

struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string kind;  // "integration" | "kiosk"
  std::string prefix;
  std::vector<std::string> scopes;
  std::optional<int64_t> site_id;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
};

// Settings of the auth module (config file / flags / YINGBIN_* env).
struct AuthOptions {
  int max_failed_logins = 5;        // failures in a row before the account locks
  int lock_minutes = 15;            // how long it stays locked
  int session_idle_minutes = 720;   // a session unused this long expires
  int session_max_hours = 24 * 7;   // and none lives longer than this
  int login_attempts_per_minute_per_ip = 30;
  // How long a session's account, roles and scope are reused before they are read again.
  // Changes made through this node (logout, revocation, users, roles) take effect at once;
  // on another node within this time. 0 reads them on every request.
  int session_cache_ms = 1000;
  int min_password_length = 8;
  bool secure_cookie = false;       // add "Secure" to the cookie (set when served over HTTPS)
};

}  // namespace yingbin::auth
