#include "auth/service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "audit/audit.hpp"
#include "auth/json.hpp"
#include "auth/password.hpp"
#include "auth/permissions.hpp"
#include "auth/store.hpp"
#include "core/crypto.hpp"
#include "org/service.hpp"

namespace yingbin::auth {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr char kTokenPrefix[] = "ybt_";

std::string UserAudit(const User& u) { return UserJson(u).dump(); }
std::string RoleAudit(const Role& r) { return RoleJson(r).dump(); }

Status Audit(db::Connection& c, const Principal& actor, int64_t now, std::string action,
             std::string entity, int64_t id, std::string before, std::string after,
             std::string_view reason) {
  return audit::Record(c, actor, now,
                       audit::Change{std::move(action), std::move(entity), id, std::move(before),
                                     std::move(after), std::string(reason)});
}

bool ValidUsername(std::string_view u) {
  if (u.size() < 2 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '.' || ch == '_' || ch == '-' || ch == '@';
  });
}

bool ValidRoleCode(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(), [](unsigned char ch) {
    return std::islower(ch) || std::isdigit(ch) || ch == '_';
  });
}

Status ValidatePermissions(const std::vector<std::string>& perms,
                           std::string_view field = "permissions") {
  for (const auto& p : perms)
    if (!IsKnownPermission(p))
      return core::InvalidArgument(std::string(field), "validation.one_of").With("allowed", [] {
        std::string all;
        for (const auto& info : AllPermissions()) {
          if (!all.empty()) all += ", ";
          all += info.code;
        }
        return all;
      }());
  return core::Ok();
}

// The system principal used for start-up writes (seeding, first admin, CLI).
Principal SystemPrincipal() {
  Principal p;
  p.username = "system";
  p.display_name = "system";
  p.scope = DataScope::kAll;
  return p;
}

}  // namespace

AuthService::AuthService(db::Pool& pool, const core::Clock& clock, AuthOptions options)
    : pool_(pool), clock_(clock), options_(options) {}

bool AuthService::AllowLoginAttempt(std::string_view ip) {
  const int64_t minute = clock_.NowMs() / kMinute;
  std::lock_guard lock(limiter_mu_);
  if (attempts_.size() > 10000) {  // forget old windows rather than grow without bound
    for (auto it = attempts_.begin(); it != attempts_.end();)
      it = it->second.first < minute ? attempts_.erase(it) : std::next(it);
  }
  auto& [window, count] = attempts_[std::string(ip)];
  if (window != minute) {
    window = minute;
    count = 0;
  }
  return ++count <= options_.login_attempts_per_minute_per_ip;
}

Result<Principal> AuthService::PrincipalFor(db::Connection& c, const User& u,
                                            const std::vector<Role>& roles) {
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.display_name = u.display_name.empty() ? u.username : u.display_name;
  p.department_id = u.department_id;
  p.scope = DataScope::kDepartment;
  for (const auto& r : roles) {
    if (r.scope == DataScope::kAll) p.scope = DataScope::kAll;
    if (r.code == kSysadminRole) {
      for (const auto& info : AllPermissions()) p.permissions.emplace(info.code);
    }
    for (const auto& perm : r.permissions) p.permissions.insert(perm);
  }
  if (p.scope == DataScope::kDepartment && u.department_id) {
    auto subtree = org::DepartmentSubtree(c, *u.department_id);
    if (!subtree) return std::move(subtree).error();
    p.scope_department_ids = std::move(*subtree);
  }
  return p;
}

Result<LoginResult> AuthService::Login(std::string_view username, std::string_view password,
                                       std::string_view ip, std::string_view user_agent) {
  if (!AllowLoginAttempt(ip))
    return core::Error{core::ErrorCode::kRateLimited, "error.rate_limited", {}, {}, {}};
  const int64_t now = clock_.NowMs();

  // Read the user outside the write transaction: hashing takes ~100 ms and must not hold
  // the SQLite write lock.
  std::optional<User> user;
  {
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto u = store::FindUserByUsername(**lease, username);
    if (!u) return std::move(u).error();
    user = std::move(*u);
  }
  const core::Error bad_credentials =
      core::Unauthenticated("auth.bad_credentials");
  if (!user) {
    VerifyDummy(password);
    return bad_credentials;
  }
  if (user->locked_until && *user->locked_until > now) {
    int64_t minutes = (*user->locked_until - now + kMinute - 1) / kMinute;
    return core::Error{core::ErrorCode::kAccountLocked, "error.account_locked", {},
                       {{"minutes", std::to_string(minutes)}}, {}};
  }
  const bool password_ok = VerifyPassword(user->password_hash, password);

  auto result = pool_.Transaction<LoginResult>([&](db::Connection& c) -> Result<LoginResult> {
    // Re-read inside the transaction: a parallel failed attempt may have counted.
    auto fresh = store::FindUser(c, user->id);
    if (!fresh) return std::move(fresh).error();
    if (!*fresh) return bad_credentials;
    User& u = **fresh;
    if (!password_ok) {
      int64_t failed = u.failed_logins + 1;
      std::optional<int64_t> locked;
      if (failed >= options_.max_failed_logins) {
        locked = now + options_.lock_minutes * kMinute;
        failed = 0;
        YB_RETURN_IF_ERROR(Audit(c, SystemPrincipal(), now, "lock", "user", u.id, "", "",
                                 "too many failed sign-ins from " + std::string(ip)));
      }
      YB_RETURN_IF_ERROR(store::SetLoginFailures(c, u.id, failed, locked));
      // The failure count must persist although the login fails: commit, then answer.
      return LoginResult{};
    }
    if (u.disabled) return core::Unauthenticated("auth.user_disabled");
    if (u.failed_logins != 0 || u.locked_until)
      YB_RETURN_IF_ERROR(store::SetLoginFailures(c, u.id, 0, std::nullopt));
    auto roles = store::RolesOfUser(c, u.id);
    if (!roles) return std::move(roles).error();
    auto principal = PrincipalFor(c, u, *roles);
    if (!principal) return std::move(principal).error();

    Session s;
    s.user_id = u.id;
    s.csrf_token = core::RandomToken(24);
    s.created_at = now;
    s.expires_at = now + options_.session_idle_minutes * kMinute;
    s.ip = std::string(ip);
    s.user_agent = std::string(user_agent.substr(0, 300));
    std::string token = core::RandomToken(32);
    auto sid = store::InsertSession(c, s, core::Sha256Hex(token));
    if (!sid) return std::move(sid).error();
    principal->session_id = *sid;
    principal->csrf_token = s.csrf_token;
    YB_RETURN_IF_ERROR(Audit(c, *principal, now, "login", "user", u.id, "", "", ""));
    return LoginResult{std::move(token), std::move(*principal), std::move(u), std::move(*roles)};
  });
  if (result && !password_ok) return bad_credentials;
  return result;
}


Status AuthService::Logout(const Principal& p) {
  const ForgetSessionsOnExit forget{*this};
  if (p.session_id == 0) return core::Ok();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    YB_RETURN_IF_ERROR(store::RevokeSession(c, p.session_id, clock_.NowMs()));
    return Audit(c, p, clock_.NowMs(), "logout", "user", p.user_id, "", "", "");
  });
}

std::optional<Principal> AuthService::CachedPrincipal(const std::string& token_hash, int64_t now) {
  if (options_.session_cache_ms <= 0) return std::nullopt;
  std::lock_guard lock(sessions_mu_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return std::nullopt;
  const CachedSession& s = it->second;
  // Stale, expired, or due for its once-a-minute slide: read the database.
  if (now - s.cached_at >= options_.session_cache_ms || now < s.cached_at ||
      s.expires_at <= now || now - s.last_seen_at >= kMinute ||
      s.department_tree != org::DepartmentTreeVersion()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return s.principal;
}

uint64_t AuthService::SessionGeneration() {
  std::lock_guard lock(sessions_mu_);
  return sessions_generation_;
}

void AuthService::RememberSession(const std::string& token_hash, uint64_t generation,
                                  CachedSession entry) {
  if (options_.session_cache_ms <= 0) return;
  // Bounded: sessions come and go; a full cache starts over rather than growing.
  constexpr size_t kMaxCachedSessions = 10000;
  std::lock_guard lock(sessions_mu_);
  if (generation != sessions_generation_) return;
  if (sessions_.size() >= kMaxCachedSessions) sessions_.clear();
  sessions_[token_hash] = std::move(entry);
}

void AuthService::ForgetSessions() {
  std::lock_guard lock(sessions_mu_);
  ++sessions_generation_;
  sessions_.clear();
}

Result<Principal> AuthService::AuthenticateSession(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 100) return core::Unauthenticated();
  const int64_t now = clock_.NowMs();
  const std::string token_hash = core::Sha256Hex(session_token);
  if (auto cached = CachedPrincipal(token_hash, now)) return std::move(*cached);
  const uint64_t generation = SessionGeneration();
  const uint64_t department_tree = org::DepartmentTreeVersion();
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  db::Connection& c = **lease;
  auto session = store::FindLiveSession(c, token_hash, now);
  if (!session) return std::move(session).error();
  if (!*session) return core::Unauthenticated();
  auto user = store::FindUser(c, (*session)->user_id);
  if (!user) return std::move(user).error();
  if (!*user || (*user)->disabled) return core::Unauthenticated();
  auto roles = store::RolesOfUser(c, (*user)->id);
  if (!roles) return std::move(roles).error();
  auto p = PrincipalFor(c, **user, *roles);
  if (!p) return p;
  p->session_id = (*session)->id;
  p->csrf_token = (*session)->csrf_token;
  // Slide the idle expiry, at most once a minute: every touch is an fsync on SQLite.
  CachedSession entry{*p, (*session)->last_seen_at, (*session)->expires_at, now, department_tree};
  if (now - (*session)->last_seen_at >= kMinute) {
    int64_t expires = std::min(now + options_.session_idle_minutes * kMinute,
                               (*session)->created_at + options_.session_max_hours * 60 * kMinute);
    YB_RETURN_IF_ERROR(store::TouchSession(c, (*session)->id, now, expires));
    entry.last_seen_at = now;
    entry.expires_at = expires;
  }
  RememberSession(token_hash, generation, std::move(entry));
  return p;
}

Result<Principal> AuthService::AuthenticateToken(std::string_view bearer_token) {
  if (bearer_token.rfind(kTokenPrefix, 0) != 0 || bearer_token.size() > 100)
    return core::Unauthenticated();
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  auto token = store::FindLiveToken(**lease, core::Sha256Hex(bearer_token));
  if (!token) return std::move(token).error();
  if (!*token) return core::Unauthenticated();
  const ApiToken& t = **token;
  Principal p;
  p.token_id = t.id;
  p.username = "token:" + t.name;
  p.display_name = t.name;
  p.scope = DataScope::kAll;
  p.site_id = t.site_id;
  for (const auto& s : t.scopes) p.permissions.insert(s);
  const int64_t now = clock_.NowMs();
  if (!t.last_used_at || now - *t.last_used_at >= kMinute)
    YB_RETURN_IF_ERROR(store::TouchToken(**lease, t.id, now));
  return p;
}

Result<std::pair<User, std::vector<Role>>> AuthService::Me(const Principal& p) {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  auto u = store::FindUser(**lease, p.user_id);
  if (!u) return std::move(u).error();
  if (!*u) return core::Unauthenticated();
  auto roles = store::RolesOfUser(**lease, p.user_id);
  if (!roles) return std::move(roles).error();
  return std::make_pair(std::move(**u), std::move(*roles));
}

Status AuthService::ChangePassword(const Principal& p, std::string_view old_password,
                                   std::string_view new_password) {
  const ForgetSessionsOnExit forget{*this};
  if (p.user_id == 0) return core::Forbidden();
  YB_RETURN_IF_ERROR(
      CheckPasswordStrength(new_password, "new_password", options_.min_password_length));
  std::optional<User> user;
  {
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto u = store::FindUser(**lease, p.user_id);
    if (!u) return std::move(u).error();
    user = std::move(*u);
  }
  if (!user) return core::Unauthenticated();
  if (!VerifyPassword(user->password_hash, old_password))
    return core::InvalidArgument("old_password", "auth.old_password_wrong");
  auto hash = HashPassword(new_password);
  if (!hash) return std::move(hash).error();
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    User u = *user;
    u.password_hash = *hash;
    u.must_change_password = false;
    YB_RETURN_IF_ERROR(store::UpdateUser(c, u, now));
    // Someone who knew the old password may hold another session: end them all but this one.
    YB_RETURN_IF_ERROR(store::RevokeUserSessions(c, u.id, p.session_id, now));
    return Audit(c, p, now, "password_change", "user", u.id, "", "", "");
  });
}

Result<std::vector<Session>> AuthService::Sessions(const Principal& p) {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListLiveSessions(**lease, p.user_id, clock_.NowMs());
}

Status AuthService::RevokeSession(const Principal& p, int64_t session_id) {
  const ForgetSessionsOnExit forget{*this};
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    auto sessions = store::ListLiveSessions(c, p.user_id, now);
    if (!sessions) return std::move(sessions).error();
    bool own = std::any_of(sessions->begin(), sessions->end(),
                           [&](const Session& s) { return s.id == session_id; });
    if (!own) return core::NotFound();  // another user's session is none of this user's business
    YB_RETURN_IF_ERROR(store::RevokeSession(c, session_id, now));
    return Audit(c, p, now, "revoke", "session", session_id, "", "", "");
  });
}

Result<std::pair<std::vector<User>, int64_t>> AuthService::ListUsers(const Principal& p,
                                                                     std::string_view q,
                                                                     int64_t limit,
                                                                     int64_t offset) {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  const std::vector<int64_t>* scope =
      p.scope == DataScope::kAll ? nullptr : &p.scope_department_ids;
  return store::ListUsers(**lease, q, scope, limit, offset);
}

Result<User> AuthService::GetUser(const Principal& p, int64_t id) {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  auto u = store::FindUser(**lease, id);
  if (!u) return std::move(u).error();
  if (!*u) return core::NotFound();
  if (p.scope != DataScope::kAll && (!(*u)->department_id || !p.InScope((*u)->department_id)))
    return core::NotFound();
  return std::move(**u);
}

Status AuthService::ValidateRoleIds(db::Connection& c, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) {
    auto r = store::FindRole(c, id);
    if (!r) return std::move(r).error();
    if (!*r) return core::InvalidArgument("role_ids", "validation.unknown_reference");
  }
  return core::Ok();
}

Result<User> AuthService::CreateUser(const Principal& p, const UserInput& in,
                                     std::string_view reason) {
  if (!ValidUsername(in.username)) return core::InvalidArgument("username", "validation.invalid");
  YB_RETURN_IF_ERROR(CheckPasswordStrength(in.password, "password", options_.min_password_length));
  auto hash = HashPassword(in.password);
  if (!hash) return std::move(hash).error();
  const int64_t now = clock_.NowMs();
  return pool_.Transaction<User>([&](db::Connection& c) -> Result<User> {
    YB_RETURN_IF_ERROR(ValidateRoleIds(c, in.role_ids));
    if (in.department_id) {
      auto subtree = org::DepartmentSubtree(c, *in.department_id);
      if (!subtree) return std::move(subtree).error();
      if (subtree->empty()) return core::InvalidArgument("department_id", "validation.unknown_reference");
    }
    User u;
    u.username = in.username;
    u.display_name = in.display_name;
    u.password_hash = *hash;
    u.department_id = in.department_id;
    u.staff_id = in.staff_id;
    u.disabled = in.disabled;
    u.must_change_password = p.user_id != 0;  // an admin-set password is temporary
    u.created_at = now;
    auto id = store::InsertUser(c, u, now);
    if (!id) {
      core::Error e = std::move(id).error();
      if (e.code == core::ErrorCode::kConflict && e.key == "error.duplicate") {
        e.field = "username";
        e.args = {{"value", in.username}};
      }
      return e;
    }
    u.id = *id;
    YB_RETURN_IF_ERROR(store::SetUserRoles(c, u.id, in.role_ids));
    u.role_ids = in.role_ids;
    std::sort(u.role_ids.begin(), u.role_ids.end());
    YB_RETURN_IF_ERROR(Audit(c, p, now, "create", "user", u.id, "", UserAudit(u), reason));
    return u;
  });
}

Result<User> AuthService::UpdateUser(const Principal& p, int64_t id, const UserPatch& patch,
                                     std::string_view reason) {
  const ForgetSessionsOnExit forget{*this};
  std::optional<std::string> new_hash;
  if (patch.password) {
    YB_RETURN_IF_ERROR(
        CheckPasswordStrength(*patch.password, "password", options_.min_password_length));
    auto h = HashPassword(*patch.password);
    if (!h) return std::move(h).error();
    new_hash = std::move(*h);
  }
  const int64_t now = clock_.NowMs();
  return pool_.Transaction<User>([&](db::Connection& c) -> Result<User> {
    auto found = store::FindUser(c, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    const User before = **found;
    User u = before;
    if (patch.display_name) u.display_name = *patch.display_name;
    if (patch.department_id) {
      u.department_id = *patch.department_id;
      if (u.department_id) {
        auto subtree = org::DepartmentSubtree(c, *u.department_id);
        if (!subtree) return std::move(subtree).error();
        if (subtree->empty()) return core::InvalidArgument("department_id", "validation.unknown_reference");
      }
    }
    if (patch.staff_id) u.staff_id = *patch.staff_id;
    if (patch.disabled) u.disabled = *patch.disabled;
    if (new_hash) {
      u.password_hash = *new_hash;
      u.must_change_password = true;
    }
    if (patch.role_ids) {
      YB_RETURN_IF_ERROR(ValidateRoleIds(c, *patch.role_ids));
      u.role_ids = *patch.role_ids;
      std::sort(u.role_ids.begin(), u.role_ids.end());
    }
    YB_RETURN_IF_ERROR(store::UpdateUser(c, u, now));
    if (patch.role_ids) YB_RETURN_IF_ERROR(store::SetUserRoles(c, u.id, u.role_ids));
    // Never leave the system without an enabled administrator.
    auto admins = store::CountActiveSysadmins(c, std::nullopt);
    if (!admins) return std::move(admins).error();
    if (*admins == 0) return core::Conflict("auth.last_admin");
    if (u.disabled || new_hash) YB_RETURN_IF_ERROR(store::RevokeUserSessions(c, u.id, 0, now));
    YB_RETURN_IF_ERROR(Audit(c, p, now, "update", "user", u.id, UserAudit(before), UserAudit(u),
                             reason));
    return u;
  });
}

Status AuthService::UnlockUser(const Principal& p, int64_t id, std::string_view reason) {
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = store::FindUser(c, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    YB_RETURN_IF_ERROR(store::SetLoginFailures(c, id, 0, std::nullopt));
    return Audit(c, p, now, "unlock", "user", id, "", "", reason);
  });
}

Result<std::vector<Role>> AuthService::ListRoles() {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListRoles(**lease);
}

Result<Role> AuthService::CreateRole(const Principal& p, const Role& in, std::string_view reason) {
  if (!ValidRoleCode(in.code)) return core::InvalidArgument("code", "validation.invalid");
  YB_RETURN_IF_ERROR(ValidatePermissions(in.permissions));
  const int64_t now = clock_.NowMs();
  return pool_.Transaction<Role>([&](db::Connection& c) -> Result<Role> {
    Role r = in;
    r.builtin = false;
    auto id = store::InsertRole(c, r, now);
    if (!id) {
      core::Error e = std::move(id).error();
      if (e.code == core::ErrorCode::kConflict && e.key == "error.duplicate") {
        e.field = "code";
        e.args = {{"value", in.code}};
      }
      return e;
    }
    r.id = *id;
    YB_RETURN_IF_ERROR(Audit(c, p, now, "create", "role", r.id, "", RoleAudit(r), reason));
    return r;
  });
}

Result<Role> AuthService::UpdateRole(const Principal& p, int64_t id, const RolePatch& patch,
                                     std::string_view reason) {
  const ForgetSessionsOnExit forget{*this};
  if (patch.permissions) YB_RETURN_IF_ERROR(ValidatePermissions(*patch.permissions));
  const int64_t now = clock_.NowMs();
  return pool_.Transaction<Role>([&](db::Connection& c) -> Result<Role> {
    auto found = store::FindRole(c, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    const Role before = **found;
    if (before.builtin && ((patch.name && *patch.name != before.name) ||
                           before.code == kSysadminRole))
      return core::Conflict("auth.builtin_role");
    Role r = before;
    if (patch.name) r.name = *patch.name;
    if (patch.scope) r.scope = *patch.scope;
    if (patch.permissions) r.permissions = *patch.permissions;
    YB_RETURN_IF_ERROR(store::UpdateRole(c, r, now));
    YB_RETURN_IF_ERROR(Audit(c, p, now, "update", "role", r.id, RoleAudit(before), RoleAudit(r), reason));
    return r;
  });
}

Status AuthService::DeleteRole(const Principal& p, int64_t id, std::string_view reason) {
  const ForgetSessionsOnExit forget{*this};
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = store::FindRole(c, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    if ((*found)->builtin) return core::Conflict("auth.builtin_role");
    YB_RETURN_IF_ERROR(store::DeleteRole(c, id));  // FK from user_roles: in use -> kConflict
    return Audit(c, p, now, "delete", "role", id, RoleAudit(**found), "", reason);
  });
}

Result<std::vector<ApiToken>> AuthService::ListTokens() {
  auto lease = pool_.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListLiveTokens(**lease);
}

Result<AuthService::NewToken> AuthService::CreateToken(const Principal& p, const ApiToken& in,
                                                       std::string_view reason) {
  std::vector<std::string> scopes = in.scopes;
  YB_RETURN_IF_ERROR(ValidatePermissions(scopes, "scopes"));
  // A token never holds more than its creator (least privilege).
  for (const auto& s : scopes)
    if (!p.Can(s)) return core::Forbidden("auth.token_scope");
  const int64_t now = clock_.NowMs();
  return pool_.Transaction<NewToken>([&](db::Connection& c) -> Result<NewToken> {
    NewToken out;
    out.secret = kTokenPrefix + core::RandomToken(32);
    out.token = in;
    out.token.prefix = out.secret.substr(0, 10);
    out.token.created_by = p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
    out.token.created_at = now;
    auto id = store::InsertToken(c, out.token, core::Sha256Hex(out.secret));
    if (!id) return std::move(id).error();
    out.token.id = *id;
    YB_RETURN_IF_ERROR(
        Audit(c, p, now, "create", "api_token", *id, "", TokenJson(out.token).dump(), reason));
    return out;
  });
}

Status AuthService::RevokeToken(const Principal& p, int64_t id, std::string_view reason) {
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    auto found = store::FindToken(c, id);
    if (!found) return std::move(found).error();
    if (!*found) return core::NotFound();
    YB_RETURN_IF_ERROR(store::RevokeToken(c, id, now));
    return Audit(c, p, now, "delete", "api_token", id, TokenJson(**found).dump(), "", reason);
  });
}

Status AuthService::EnsureBuiltinRoles() {
  const int64_t now = clock_.NowMs();
  return pool_.TransactionVoid([&](db::Connection& c) -> Status {
    for (const auto& b : BuiltinRoles()) {
      auto found = store::FindRoleByCode(c, b.code);
      if (!found) return std::move(found).error();
      std::vector<std::string> perms;
      if (b.code == kSysadminRole) {
        for (const auto& info : AllPermissions()) perms.emplace_back(info.code);
      } else {
        for (auto perm : b.permissions) perms.emplace_back(perm);
      }
      if (!*found) {
        Role r{0, std::string(b.code), std::string(b.name), true, b.scope, perms};
        auto id = store::InsertRole(c, r, now);
        if (!id) return std::move(id).error();
        r.id = *id;
        YB_RETURN_IF_ERROR(Audit(c, SystemPrincipal(), now, "create", "role", r.id, "",
                                 RoleAudit(r), "built-in role"));
      } else if (b.code == kSysadminRole && (*found)->permissions != perms) {
        Role r = **found;
        r.permissions = perms;
        YB_RETURN_IF_ERROR(store::UpdateRole(c, r, now));
        YB_RETURN_IF_ERROR(Audit(c, SystemPrincipal(), now, "update", "role", r.id,
                                 RoleAudit(**found), RoleAudit(r), "new permissions"));
      } else if (b.code != kSysadminRole) {
        // A default this installation has never been granted (a newer version added it):
        // grant it once. Defaults granted before and removed by an admin stay removed.
        auto granted = store::DefaultGrants(c, b.code);
        if (!granted) return std::move(granted).error();
        Role r = **found;
        bool changed = false;
        for (const auto& p : perms) {
          if (std::find(granted->begin(), granted->end(), p) != granted->end()) continue;
          if (std::find(r.permissions.begin(), r.permissions.end(), p) == r.permissions.end()) {
            r.permissions.push_back(p);
            changed = true;
          }
        }
        if (changed) {
          YB_RETURN_IF_ERROR(store::UpdateRole(c, r, now));
          YB_RETURN_IF_ERROR(Audit(c, SystemPrincipal(), now, "update", "role", r.id,
                                   RoleAudit(**found), RoleAudit(r), "new default permissions"));
        }
      }
      for (const auto& p : perms) YB_RETURN_IF_ERROR(store::RecordDefaultGrant(c, b.code, p));
    }
    return core::Ok();
  });
}

Result<std::optional<std::string>> AuthService::EnsureFirstAdmin(
    std::optional<std::string> password) {
  {
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto n = store::CountUsers(**lease);
    if (!n) return std::move(n).error();
    if (*n > 0) return std::optional<std::string>();
  }
  std::string pw = password.value_or(GeneratePassword());
  auto u = AddUserCli("admin", kSysadminRole, pw);
  if (!u) {
    // Another node created it first.
    if (u.error().code == core::ErrorCode::kConflict) return std::optional<std::string>();
    return std::move(u).error();
  }
  if (!password) {
    // A generated password was printed to the console (and maybe a log): temporary.
    auto st = pool_.TransactionVoid([&](db::Connection& c) -> Status {
      auto found = store::FindUser(c, u->id);
      if (!found) return std::move(found).error();
      if (!*found) return core::NotFound();
      (*found)->must_change_password = true;
      return store::UpdateUser(c, **found, clock_.NowMs());
    });
    if (!st) return std::move(st).error();
  }
  return std::optional<std::string>(pw);
}

Result<User> AuthService::AddUserCli(std::string_view username, std::string_view role_code,
                                     std::string_view password) {
  std::optional<Role> role;
  {
    auto lease = pool_.Acquire();
    if (!lease) return std::move(lease).error();
    auto r = store::FindRoleByCode(**lease, role_code);
    if (!r) return std::move(r).error();
    role = std::move(*r);
  }
  if (!role) return core::InvalidArgument("role", "validation.unknown_reference");
  UserInput in;
  in.username = std::string(username);
  in.display_name = std::string(username);
  in.password = std::string(password);
  in.role_ids = {role->id};
  return CreateUser(SystemPrincipal(), in, "command line");
}

}  // namespace yingbin::auth
