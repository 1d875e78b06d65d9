#pragma once
// Accounts and access (DATA-2 least privilege): login with lockout and rate limit,
// sessions, password change, users, roles → permissions, data scope, API tokens.
// Every method that changes data writes its audit row in the same transaction.
// Thread-safe: one instance serves all worker threads.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auth/model.hpp"
#include "auth/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/db.hpp"

namespace yingbin::auth {

using core::Result;
using core::Status;

struct UserInput {
  std::string username;
  std::string display_name;
  std::string password;  // required on create; on update set only to reset it
  std::optional<int64_t> department_id;
  std::optional<int64_t> staff_id;
  std::vector<int64_t> role_ids;
  bool disabled = false;
};

// Which fields an update carries (PATCH semantics).
struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::optional<int64_t>> department_id;
  std::optional<std::optional<int64_t>> staff_id;
  std::optional<std::vector<int64_t>> role_ids;
  std::optional<bool> disabled;
  std::optional<std::string> password;  // admin reset: user must change it at next login
};

struct RolePatch {
  std::optional<std::string> name;
  std::optional<DataScope> scope;
  std::optional<std::vector<std::string>> permissions;
};

struct LoginResult {
  std::string session_token;  // the cookie value; only its hash is stored
  Principal principal;
  User user;
  std::vector<Role> roles;
};

class AuthService {
 public:
  AuthService(db::Pool& pool, const core::Clock& clock, AuthOptions options);

  const AuthOptions& options() const { return options_; }

  // Errors: kRateLimited (too many attempts from `ip`), kAccountLocked (with {minutes}),
  // kUnauthenticated auth.bad_credentials (unknown user, wrong password: the same answer
  // and about the same time), kUnauthenticated auth.user_disabled.
  Result<LoginResult> Login(std::string_view username, std::string_view password,
                            std::string_view ip, std::string_view user_agent);
  Status Logout(const Principal& p);

  // The principal of a session cookie value / a bearer token; kUnauthenticated if none.
  // A session is slid forward (idle timeout) at most once a minute to spare writes.
  Result<Principal> AuthenticateSession(std::string_view session_token);
  Result<Principal> AuthenticateToken(std::string_view bearer_token);

  // The signed-in user with roles, for /auth/me.
  Result<std::pair<User, std::vector<Role>>> Me(const Principal& p);
  Status ChangePassword(const Principal& p, std::string_view old_password,
                        std::string_view new_password);
  Result<std::vector<Session>> Sessions(const Principal& p);
  Status RevokeSession(const Principal& p, int64_t session_id);

  Result<std::pair<std::vector<User>, int64_t>> ListUsers(const Principal& p, std::string_view q,
                                                          int64_t limit, int64_t offset);
  Result<User> GetUser(const Principal& p, int64_t id);
  Result<User> CreateUser(const Principal& p, const UserInput& in, std::string_view reason);
  Result<User> UpdateUser(const Principal& p, int64_t id, const UserPatch& patch,
                          std::string_view reason);
  Status UnlockUser(const Principal& p, int64_t id, std::string_view reason);

  Result<std::vector<Role>> ListRoles();
  Result<Role> CreateRole(const Principal& p, const Role& in, std::string_view reason);
  Result<Role> UpdateRole(const Principal& p, int64_t id, const RolePatch& patch,
                          std::string_view reason);
  Status DeleteRole(const Principal& p, int64_t id, std::string_view reason);

  struct NewToken {
    ApiToken token;
    std::string secret;  // shown once
  };
  Result<std::vector<ApiToken>> ListTokens();
  Result<NewToken> CreateToken(const Principal& p, const ApiToken& in, std::string_view reason);
  Status RevokeToken(const Principal& p, int64_t id, std::string_view reason);

  // Start-up: seeds missing built-in roles and keeps sysadmin holding every permission.
  Status EnsureBuiltinRoles();
  // Start-up: when there are no users, creates "admin" (sysadmin) with `password` or a
  // generated one, and returns the password; nullopt when users already exist.
  Result<std::optional<std::string>> EnsureFirstAdmin(std::optional<std::string> password);
  // CLI `user add`: creates a user with one role by code.
  Result<User> AddUserCli(std::string_view username, std::string_view role_code,
                          std::string_view password);

 private:
  // Signed-in sessions seen lately, by token hash, so that a request does not read the
  // session, the account and its roles again (options_.session_cache_ms). Every change to
  // sessions, accounts or roles made here empties it; the generation tells a request that
  // read the database before such a change not to store what it read.
  struct CachedSession {
    Principal principal;
    int64_t last_seen_at = 0, expires_at = 0, cached_at = 0;
    uint64_t department_tree = 0;  // org::DepartmentTreeVersion() when read
  };
  std::optional<Principal> CachedPrincipal(const std::string& token_hash, int64_t now);
  void RememberSession(const std::string& token_hash, uint64_t generation, CachedSession entry);
  uint64_t SessionGeneration();
  void ForgetSessions();
  // Empties the cache when the change it guards has been made (on leaving the method).
  struct ForgetSessionsOnExit {
    AuthService& auth;
    ~ForgetSessionsOnExit() { auth.ForgetSessions(); }
  };

  Result<Principal> PrincipalFor(db::Connection& c, const User& u, const std::vector<Role>& roles);
  bool AllowLoginAttempt(std::string_view ip);
  Status ValidateRoleIds(db::Connection& c, const std::vector<int64_t>& ids);

  db::Pool& pool_;
  const core::Clock& clock_;
  AuthOptions options_;

  std::mutex limiter_mu_;
  // ip -> (window start minute, attempts in it)
  std::map<std::string, std::pair<int64_t, int>, std::less<>> attempts_;

  std::mutex sessions_mu_;
  uint64_t sessions_generation_ = 0;
  std::unordered_map<std::string, CachedSession> sessions_;
};

}  // namespace yingbin::auth
