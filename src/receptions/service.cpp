#include "receptions/service.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "audit/audit.hpp"
#include "core/calendar.hpp"
#include "core/time.hpp"
#include "db/counters.hpp"
#include "db/sql.hpp"
#include "meetings/service.hpp"
#include "notify/notify.hpp"
#include "org/directory.hpp"
#include "org/service.hpp"
#include "org/settings.hpp"
#include "org/site_time.hpp"
#include "receptions/execution.hpp"
#include "receptions/internal.hpp"
#include "receptions/json.hpp"
#include "receptions/store.hpp"

namespace yingbin::receptions {
namespace {

using api::Json;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// --- settings (every number of a rule is one) ---

struct Cfg {
  int64_t equal_band = 1, warn_count = 3, warn_days = 30, base_guests = 2;
  int64_t require_backup = 1, max_days = 31;
  OfficialLimits official;
};

Result<Cfg> LoadCfg(db::Connection& c) {
  Cfg cfg;
  struct Item {
    const char* key;
    int64_t* out;
  } items[] = {{"receptions.level_equal_band", &cfg.equal_band},
               {"receptions.high_level_warn_count", &cfg.warn_count},
               {"receptions.high_level_warn_days", &cfg.warn_days},
               {"receptions.extra_guest_base", &cfg.base_guests},
               {"receptions.require_backup", &cfg.require_backup},
               {"receptions.max_days", &cfg.max_days},
               {"receptions.official_working_meals", &cfg.official.working_meals},
               {"receptions.official_small_group", &cfg.official.small_group},
               {"receptions.official_small_group_hosts", &cfg.official.small_group_hosts},
               {"receptions.official_hosts_ratio", &cfg.official.hosts_ratio}};
  for (auto& it : items) {
    auto v = org::GetSetting(c, it.key);
    if (!v) return std::move(v).error();
    *it.out = *v;
  }
  return cfg;
}

core::Error UnknownReference(std::string field) {
  return core::InvalidArgument(std::move(field), "validation.unknown_reference");
}

core::Error OneOf(std::string field, const std::vector<std::string_view>& allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return core::InvalidArgument(std::move(field), "validation.one_of").With("allowed", list);
}

bool In(const std::vector<std::string_view>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Result<Reception> Required(Result<std::optional<Reception>> r) {
  if (!r) return std::move(r).error();
  if (!*r) return core::NotFound();
  return std::move(**r);
}

std::optional<int64_t> ActorId(const auth::Principal& p) {
  return p.user_id ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

// In the data scope of `p`, or routed to `p` by name (a rule may name an approver of
// another department).
bool Visible(const auth::Principal& p, const Reception& r) {
  if (p.InScope(r.department_id)) return true;
  return p.user_id != 0 && r.route.approver_user_id && *r.route.approver_user_id == p.user_id;
}

Status CheckScope(const auth::Principal& p, const Reception& r) {
  if (!Visible(p, r)) return core::Forbidden("error.out_of_scope");
  return core::Ok();
}

// --- sensitive guest fields (GEN-2, DATA-2) ---

bool SeesSensitive(const auth::Principal& p) {
  return p.Can("receptions.plan") || p.Can("sensitive.reveal");
}

void Encrypt(const core::FieldCipher& cipher, Guest& g) {
  g.ethnicity = cipher.Encrypt(g.ethnicity, "reception_guest.ethnicity");
  g.religion = cipher.Encrypt(g.religion, "reception_guest.religion");
  g.health = cipher.Encrypt(g.health, "reception_guest.health");
}

Status Decrypt(const core::FieldCipher& cipher, Guest& g) {
  for (auto [value, field] : {std::pair{&g.ethnicity, "reception_guest.ethnicity"},
                              std::pair{&g.religion, "reception_guest.religion"},
                              std::pair{&g.health, "reception_guest.health"}}) {
    auto clear = cipher.Decrypt(*value, field);
    if (!clear) return std::move(clear).error();
    *value = std::move(*clear);
  }
  return core::Ok();
}

// Decrypted for those who may see them, otherwise blanked and marked hidden.
Status Present(const Ctx& c, std::vector<Guest>& guests) {
  const bool sees = SeesSensitive(c.actor);
  for (auto& g : guests) {
    if (sees) {
      YB_RETURN_IF_ERROR(Decrypt(c.cipher, g));
    } else {
      g.ethnicity.clear();
      g.religion.clear();
      g.health.clear();
      g.sensitive_hidden = true;
    }
  }
  return core::Ok();
}

// --- audit ---

Status Audit(db::Connection& tx, const Ctx& c, const char* action, const char* entity, int64_t id,
             const Json& before, const Json& after) {
  return audit::Record(tx, c.actor, c.now,
                       {action, entity, id, before.is_null() ? "" : before.dump(),
                        after.is_null() ? "" : after.dump(), c.reason});
}

// The head as the audit trail compares it (without what every write bumps).
Json HeadJson(const Reception& r) {
  Json j = ReceptionBriefJson(r);
  j.erase("version");
  j.erase("updated_at");
  j.erase("guest_count");
  j.erase("created_by_name");
  return j;
}

// --- validation ---

std::string Indexed(const std::string& prefix, size_t i, const char* field) {
  return prefix + "[" + std::to_string(i) + "]." + field;
}

// The head of a plan after a create or a patch (GEN-3, PLAN-5, PLAN-11).
Status CheckHead(db::Connection& tx, const Reception& r, const Cfg& cfg) {
  if (r.title.empty()) return core::InvalidArgument("name", "validation.required");
  if (r.visiting_unit.empty()) return core::InvalidArgument("visiting_unit", "validation.required");
  YB_RETURN_IF_ERROR(org::CheckSiteReference(tx, r.site_id));
  if (!In(Intents(), r.intent)) return OneOf("intent", Intents());
  if (r.rule_set != "company" && r.rule_set != "official")
    return OneOf("rule_set", {"company", "official"});
  auto grade = store::FindGrade(tx, r.grade_code);
  if (!grade) return std::move(grade).error();
  if (!*grade || !(*grade)->active)
    return core::InvalidArgument("grade_code", "receptions.unknown_grade")
        .With("code", r.grade_code);
  if (r.end_date < r.start_date)
    return core::InvalidArgument("end_date", "receptions.end_before_start");
  if (r.end_date - r.start_date + 1 > cfg.max_days)
    return core::InvalidArgument("end_date", "receptions.too_long")
        .With("max", std::to_string(cfg.max_days));
  if (r.host_staff_id) {
    auto s = org::FindStaffBrief(tx, *r.host_staff_id);
    if (!s) return std::move(s).error();
    if (!*s || !(*s)->active) return UnknownReference("host_staff_id");
  }
  if (r.department_id) {
    auto d = org::FindDepartmentBrief(tx, *r.department_id);
    if (!d) return std::move(d).error();
    if (!*d) return UnknownReference("department_id");
  }
  if (!r.level_override.empty() && !ParseLevel(r.level_override))
    return OneOf("level_override", {"high", "equal", "low"});
  if (!r.level_override.empty() && r.level_override_reason.empty())
    return core::InvalidArgument("level_override_reason", "validation.required");
  return core::Ok();
}

// GEN-2 / PLAN-10: one guest; `prefix` names it in errors ("guests[2]." or "").
Status CheckGuest(Guest& g, const std::string& prefix) {
  if (g.name.empty()) return core::InvalidArgument(prefix + "name", "validation.required");
  if (g.gender != "" && g.gender != "male" && g.gender != "female")
    return OneOf(prefix + "gender", {"male", "female"});
  std::vector<std::string> taboos;
  for (const auto& t : g.taboos) {
    if (!In(TabooTags(), t)) return OneOf(prefix + "taboos", TabooTags());
    if (std::find(taboos.begin(), taboos.end(), t) == taboos.end()) taboos.push_back(t);
  }
  g.taboos = std::move(taboos);
  for (auto [t, field] : {std::pair{&g.arrival_transport, "arrival_transport"},
                          std::pair{&g.departure_transport, "departure_transport"}})
    if (!t->empty() && !In(Transports(), *t)) return OneOf(prefix + field, Transports());
  if (g.arrival_at && g.departure_at && *g.departure_at < *g.arrival_at)
    return core::InvalidArgument(prefix + "departure_at", "receptions.departure_before_arrival");
  return core::Ok();
}

Status CheckStaffRef(db::Connection& tx, int64_t staff_id, const std::string& field) {
  auto s = org::FindStaffBrief(tx, staff_id);
  if (!s) return std::move(s).error();
  if (!*s || !(*s)->active) return UnknownReference(field);
  return core::Ok();
}

// PLAN-3: an itinerary item of plan `r`; fills its instants from the site's time zone.
Status CheckItem(db::Connection& tx, const Reception& r, Item& it) {
  if (!In(ItemKinds(), it.kind)) return OneOf("kind", ItemKinds());
  if (it.activity.empty()) return core::InvalidArgument("activity", "validation.required");
  if (it.day < r.start_date || it.day > r.end_date)
    return core::InvalidArgument("day", "receptions.day_outside")
        .With("from", core::FormatDate(r.start_date))
        .With("to", core::FormatDate(r.end_date));
  if (it.end_min <= it.start_min)
    return core::InvalidArgument("end", "receptions.end_before_start");
  if (it.kind == "meal") {
    if (!In(MealTypes(), it.meal_type)) return OneOf("meal_type", MealTypes());
  } else {
    it.meal_type.clear();
    it.diners_guests.reset();
    it.diners_hosts = 0;
    it.menu.clear();
  }
  if (it.kind != "lodging") it.rooms = it.nights = 0;
  if (it.venue_id) {
    auto v = store::FindVenue(tx, *it.venue_id);
    if (!v) return std::move(v).error();
    if (!*v || !(*v)->active) return UnknownReference("venue_id");
    if ((*v)->site_id != r.site_id)
      return core::InvalidArgument("venue_id", "receptions.venue_other_site");
  }
  std::vector<int64_t> staff;
  for (int64_t s : it.staff_ids) {
    if (std::find(staff.begin(), staff.end(), s) != staff.end()) continue;
    YB_RETURN_IF_ERROR(CheckStaffRef(tx, s, "staff_ids"));
    staff.push_back(s);
  }
  it.staff_ids = std::move(staff);
  auto cal = org::SiteCalendar(tx, r.site_id);
  if (!cal) return std::move(cal).error();
  auto from = core::LocalTimeToUtc(*cal, it.day, it.start_min);
  if (!from) return std::move(from).error();
  auto to = core::LocalTimeToUtc(*cal, it.day, it.end_min);
  if (!to) return std::move(to).error();
  it.start_at = *from;
  it.end_at = *to;
  it.reception_id = r.id;
  return core::Ok();
}

// --- what a plan's computed parts are ---

struct Derived {
  std::optional<CostStandard> standard;
  std::optional<StandardLine> line;
  Budget budget;
};

Result<Derived> Derive(db::Connection& tx, Reception& r, const Cfg& cfg) {
  Derived d;
  // GEN-4: the level from the main host's rank and the chief guest's.
  std::optional<int64_t> host_rank;
  if (r.host_staff_id) {
    auto s = org::FindStaffBrief(tx, *r.host_staff_id);
    if (!s) return std::move(s).error();
    if (*s) host_rank = (*s)->rank;
  }
  const Guest* chief = ChiefGuest(r.guests);
  auto level = ComputeLevel(host_rank, chief ? chief->rank : std::nullopt, cfg.equal_band);
  r.level = level ? LevelName(*level) : "";
  // PLAN-5 / PLAN-11: the cost standard version in force on the visit's first day.
  auto standard = store::StandardInForce(
      tx, r.rule_set, r.rule_set == "official" ? r.jurisdiction : "", r.start_date);
  if (!standard) return std::move(standard).error();
  d.standard = std::move(*standard);
  r.cost_standard_id = d.standard ? std::optional<int64_t>(d.standard->id) : std::nullopt;
  if (d.standard)
    for (const auto& l : d.standard->lines)
      if (l.grade_code == r.grade_code) d.line = l;
  BudgetInput in;
  in.standard = d.line;
  in.guest_count = static_cast<int64_t>(r.guests.size());
  in.base_guests = cfg.base_guests;
  in.items = r.items;
  in.lines = r.budget_lines;
  in.approvals = r.cap_approvals;
  d.budget = ComputeBudget(in);
  r.total_fen = d.budget.total_fen;
  return d;
}

Status ReloadParts(db::Connection& tx, Reception& r) {
  auto fresh = Required(store::FindReception(tx, r.id));
  if (!fresh) return std::move(fresh).error();
  r.guests = std::move(fresh->guests);
  r.items = std::move(fresh->items);
  r.staff = std::move(fresh->staff);
  r.contingencies = std::move(fresh->contingencies);
  r.budget_lines = std::move(fresh->budget_lines);
  r.cap_approvals = std::move(fresh->cap_approvals);
  r.decisions = std::move(fresh->decisions);
  r.guest_count = static_cast<int64_t>(r.guests.size());
  return core::Ok();
}

std::vector<Violation> Violations(const Reception& r, const Derived& d, const Cfg& cfg) {
  auto v = CheckComplete(r, d.line.has_value(), cfg.require_backup != 0);
  if (r.rule_set == "official") {
    auto o = CheckOfficial(
        r, d.standard ? d.standard->designated_hotels : std::vector<std::string>{}, cfg.official);
    v.insert(v.end(), o.begin(), o.end());
  }
  return v;
}

core::Error ErrorOf(const Violation& v) {
  core::Error e = core::InvalidArgument(v.field, v.key);
  e.args = v.args;
  return e;
}

// --- approvers (PLAN-4) ---

Result<bool> MayDecide(db::Connection& c, const auth::Principal& p, const Reception& r) {
  if (r.status != State::kSubmitted) return false;
  if (p.Can("receptions.approve")) return true;
  if (p.user_id == 0) return false;
  if (r.route.approver_user_id && *r.route.approver_user_id == p.user_id) return true;
  if (r.route.approver_role.empty() || !p.Can("receptions.read")) return false;
  auto has = store::UserHasRole(c, p.user_id, r.route.approver_role);
  if (!has) return std::move(has).error();
  if (!*has) return false;
  // A department head decides the plans of their own department.
  if (p.scope == auth::DataScope::kDepartment) return r.department_id && p.InScope(r.department_id);
  return true;
}

// Who is told that a plan waits for them: the routed user, or the routed role's members
// (a department-scoped role: those whose department holds the plan's), else every holder
// of receptions.approve.
Result<std::vector<int64_t>> Deciders(db::Connection& tx, const Reception& r) {
  std::vector<int64_t> out;
  if (r.route.approver_user_id) {
    out.push_back(*r.route.approver_user_id);
  } else if (!r.route.approver_role.empty()) {
    auto users = store::UsersWithRole(tx, r.route.approver_role);
    if (!users) return std::move(users).error();
    for (const auto& u : *users) {
      if (u.department_scope) {
        if (!r.department_id || !u.department_id) continue;
        auto below = store::DepartmentAndBelow(tx, *u.department_id);
        if (!below) return std::move(below).error();
        if (std::find(below->begin(), below->end(), *r.department_id) == below->end()) continue;
      }
      out.push_back(u.user_id);
    }
  }
  if (out.empty()) {
    auto all = store::UsersWithPermission(tx, "receptions.approve");
    if (!all) return std::move(all).error();
    out = std::move(*all);
  }
  return out;
}

Status Tell(db::Connection& tx, int64_t now, const Reception& r, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  if (users.empty()) return core::Ok();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = "/receptions/" + std::to_string(r.id);
  m.payload_json =
      Json({{"reception_id", r.id}, {"number", r.number}, {"status", StateName(r.status)}}).dump();
  m.user_ids = std::move(users);
  m.webhooks = false;
  return notify::Send(tx, now, m);
}

std::string OneLine(const Reception& r) {
  return r.number + "，" + r.visiting_unit + "，" + core::FormatDate(r.start_date) + " 至 " +
         core::FormatDate(r.end_date) + "，预算 " + FormatYuan(r.total_fen) + " 元";
}

Status TellDeciders(db::Connection& tx, int64_t now, const Reception& r, bool again) {
  auto users = Deciders(tx, r);
  if (!users) return std::move(users).error();
  return Tell(tx, now, r, std::move(*users), "reception.approval_requested",
              std::string(again ? "接待方案变更后待重新审批：" : "接待方案待审批：") + r.title,
              OneLine(r) + (r.route.label.empty() ? "" : "\n审批规则：" + r.route.label));
}

Result<std::vector<int64_t>> Owners(db::Connection& tx, const Reception& r) {
  std::vector<int64_t> out;
  if (r.created_by) out.push_back(*r.created_by);
  if (r.host_staff_id) {
    auto s = org::FindStaffBrief(tx, *r.host_staff_id);
    if (!s) return std::move(s).error();
    if (*s && (*s)->user_id) out.push_back(*(*s)->user_id);
  }
  return out;
}

Result<std::optional<Route>> RouteFor(db::Connection& tx, const Reception& r) {
  auto rules = store::ListRules(tx);
  if (!rules) return std::move(rules).error();
  auto rule = MatchRule(*rules, r.total_fen, r.grade_code, r.foreign);
  if (!rule) return std::optional<Route>();
  return std::optional<Route>(
      Route{rule->id, rule->label, rule->approver_role, rule->approver_user_id});
}

Status Record(db::Connection& tx, const Ctx& c, const Reception& r, const std::string& action,
              Json detail = Json::object()) {
  Decision d;
  d.action = action;
  d.actor_user_id = ActorId(c.actor);
  d.at = c.now;
  d.reason = c.reason;
  d.total_fen = r.total_fen;
  d.detail_json = detail.dump();
  return store::InsertDecision(tx, r.id, d);
}

// --- rooms held through the meeting service (PLAN-3, MTG-4) ---

constexpr char kHoldSource[] = "reception";

RoomHold HoldOf(const meetings::Meeting& m) {
  RoomHold h;
  h.item_id = m.source.item_id;
  h.venue_id = m.venue_id;
  h.start_at = m.start_at;
  h.end_at = m.end_at;
  h.title = m.title;
  h.organizer_staff_id = m.organizer_staff_id;
  h.attendee_count = m.attendee_count;
  h.number = m.source.number;
  h.plan_title = m.source.title;
  return h;
}

// Whether item `id` of `before` had this venue at this time (a plan saved before its rooms
// were booked through the meeting service).
bool UnchangedItem(const Reception& before, const RoomHold& h) {
  for (const auto& it : before.items)
    if (it.id == h.item_id)
      return it.venue_id == h.venue_id && it.start_at == h.start_at && it.end_at == h.end_at;
  return false;
}

// PLAN-3: the plan's rooms follow its items in the same transaction: created, moved,
// released. A room taken by someone else refuses the change (409 receptions.venue_taken on
// venue_id, naming the booking in the way) and the caller's transaction rolls back, so
// nothing changes. An item that did not change and has no hold yet (saved before V017) whose
// room is taken stays shown as a conflict instead of refusing unrelated changes.
Status SyncRooms(db::Connection& tx, const Ctx& c, const Reception& before, const Reception& r) {
  auto held = meetings::HeldBy(tx, kHoldSource, r.id);
  if (!held) return std::move(held).error();
  std::vector<HeldRoom> have;
  for (const auto& m : *held) have.push_back({m.id, HoldOf(m)});
  const HoldChanges changes = DiffHolds(WantedHolds(r), have);
  const meetings::TxCtx mc{c.actor, c.now, c.reason};
  for (int64_t id : changes.release) YB_RETURN_IF_ERROR(meetings::ReleaseRoom(tx, mc, id));
  for (const auto& [want, meeting_id] : changes.put) {
    meetings::Hold h;
    h.source = {kHoldSource, r.id, want.item_id, want.number, want.plan_title};
    h.venue_id = want.venue_id;
    h.start_at = want.start_at;
    h.end_at = want.end_at;
    h.title = want.title;
    h.organizer_staff_id = want.organizer_staff_id;
    h.attendee_count = want.attendee_count;
    auto got = meetings::HoldRoom(tx, mc, h, meeting_id);
    if (got) continue;
    const core::Error& e = got.error();
    if (e.key != "meetings.room_taken") return std::move(got).error();
    if (!meeting_id && UnchangedItem(before, want)) continue;
    core::Error taken = core::Conflict("receptions.venue_taken", "venue_id");
    taken.args = e.args;
    return taken;
  }
  return core::Ok();
}

// After every change: the parts read again, the computed columns brought up to date, an
// approved plan that grew sent back for approval (PLAN-4), the head written and audited.
Status Settle(db::Connection& tx, const Ctx& c, const Reception& before, Reception& r,
              const Cfg& cfg) {
  YB_RETURN_IF_ERROR(ReloadParts(tx, r));
  auto d = Derive(tx, r, cfg);
  if (!d) return std::move(d).error();
  bool reopened = false;
  if (r.status == State::kApproved && r.approved_total_fen &&
      NeedsReapproval(*r.approved_total_fen, d->budget)) {
    // PLAN-4: re-approval only when the plan grows.
    r.status = State::kSubmitted;
    r.submitted_by = ActorId(c.actor);
    r.submitted_at = c.now;
    r.decided_by.reset();
    r.decided_at.reset();
    reopened = true;
  }
  if (r.status == State::kSubmitted) {
    // The approver follows the plan's scale as it is now.
    auto route = RouteFor(tx, r);
    if (!route) return std::move(route).error();
    if (*route) r.route = **route;
  }
  YB_RETURN_IF_ERROR(SyncRooms(tx, c, before, r));
  r.version = before.version + 1;
  r.updated_at = c.now;
  YB_RETURN_IF_ERROR(store::UpdateReception(tx, r));
  if (HeadJson(before) != HeadJson(r))
    YB_RETURN_IF_ERROR(Audit(tx, c, "update", "reception", r.id, HeadJson(before), HeadJson(r)));
  // PLAN-6: a change during the visit moves or cancels its tasks and tells everyone
  // affected (also when it calls the visit off).
  if (before.status == State::kInProgress)
    YB_RETURN_IF_ERROR(AfterChangeInProgress(tx, c, before, r));
  if (reopened) {
    YB_RETURN_IF_ERROR(Record(tx, c, r, "reopen",
                              {{"approved_total_fen", *before.approved_total_fen},
                               {"total_fen", r.total_fen},
                               {"needing_approval", d->budget.needing_approval}}));
    YB_RETURN_IF_ERROR(TellDeciders(tx, c.now, r, true));
  }
  return core::Ok();
}

using Change = std::function<Status(db::Connection&, Reception&, const Cfg&)>;

// A change of an open plan by a planner, in one transaction with its recomputation.
Status Mutate(const Ctx& c, int64_t id, std::optional<int64_t> expected_version,
              const Change& change) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    auto found = Required(store::FindReception(tx, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(CheckScope(c.actor, *found));
    // PLAN-8: the archive is read-only. PLAN-6: a visit in progress still changes (its
    // tasks follow); a completed or cancelled one does not.
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
    if (!IsOpen(found->status) && found->status != State::kInProgress)
      return core::Conflict("receptions.not_editable", "status");
    if (expected_version && *expected_version != found->version)
      return core::Conflict("receptions.stale", "version");
    Reception r = *found;
    YB_RETURN_IF_ERROR(change(tx, r, *cfg));
    return Settle(tx, c, *found, r, *cfg);
  });
}

void Apply(Reception& r, const ReceptionPatch& p) {
  if (p.site_id) r.site_id = *p.site_id;
  if (p.title) r.title = *p.title;
  if (p.visiting_unit) r.visiting_unit = *p.visiting_unit;
  if (p.purpose) r.purpose = *p.purpose;
  if (p.intent) r.intent = *p.intent;
  if (p.foreign) r.foreign = *p.foreign;
  if (p.grade_code) r.grade_code = *p.grade_code;
  if (p.rule_set) r.rule_set = *p.rule_set;
  if (p.jurisdiction) r.jurisdiction = *p.jurisdiction;
  if (p.letter_no) r.letter_no = *p.letter_no;
  if (p.letter_date) r.letter_date = *p.letter_date;
  if (p.policy) r.policy = *p.policy;
  if (p.host_staff_id) r.host_staff_id = *p.host_staff_id;
  if (p.department_id) r.department_id = *p.department_id;
  if (p.level_override) r.level_override = *p.level_override;
  if (p.level_override_reason) r.level_override_reason = *p.level_override_reason;
  if (r.level_override.empty()) r.level_override_reason.clear();
  if (p.start_date) r.start_date = *p.start_date;
  if (p.end_date) r.end_date = *p.end_date;
  if (p.unit_contact) r.unit_contact = *p.unit_contact;
  if (p.unit_contact_phone) r.unit_contact_phone = *p.unit_contact_phone;
  if (p.preparation) r.preparation = *p.preparation;
  if (p.notes) r.notes = *p.notes;
}

// The handling department: the one given, else the main host's.
Status DefaultDepartment(db::Connection& tx, Reception& r, bool department_given) {
  if (department_given || r.department_id || !r.host_staff_id) return core::Ok();
  auto s = org::FindStaffBrief(tx, *r.host_staff_id);
  if (!s) return std::move(s).error();
  if (*s) r.department_id = (*s)->department_id;
  return core::Ok();
}

// Only one chief guest: flagging one unflags the others.
Status OnlyChief(db::Connection& tx, int64_t reception_id, int64_t chief_id, int64_t now) {
  return db::ToStatus(tx.Exec(
      "UPDATE reception_guests SET is_chief = 0, updated_at = $3 WHERE reception_id = $1 AND "
      "id <> $2 AND is_chief = 1",
      {reception_id, chief_id, now}));
}

}  // namespace

// ---------------------------------------------------------------- the request

Result<int64_t> Create(const Ctx& c, const ReceptionPatch& in,
                       const std::vector<Guest>& guests_in) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  std::vector<Guest> guests = guests_in;
  int chiefs = 0;
  for (size_t i = 0; i < guests.size(); ++i) {
    YB_RETURN_IF_ERROR(CheckGuest(guests[i], Indexed("guests", i, "")));
    if (guests[i].is_chief) ++chiefs;
  }
  if (chiefs > 1) return core::InvalidArgument("guests", "receptions.one_chief");
  return c.pool.Transaction<int64_t>([&](db::Connection& tx) -> Result<int64_t> {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    Reception r;
    Apply(r, in);
    if (!in.site_id) {
      // One site in most installations: the first.
      auto first = db::FirstId(tx.Query("SELECT MIN(id) FROM sites"));
      if (!first) return std::move(first).error();
      r.site_id = first->value_or(0);
    }
    if (!in.grade_code) return core::InvalidArgument("grade_code", "validation.required");
    if (!in.start_date) return core::InvalidArgument("start_date", "validation.required");
    if (!in.end_date) return core::InvalidArgument("end_date", "validation.required");
    YB_RETURN_IF_ERROR(CheckHead(tx, r, *cfg));
    YB_RETURN_IF_ERROR(DefaultDepartment(tx, r, in.department_id.has_value()));
    auto cal = org::SiteCalendar(tx, r.site_id);
    if (!cal) return std::move(cal).error();
    auto day = org::SiteDay(*cal, c.now);
    if (!day) return std::move(day).error();
    auto seq = db::NextCounter(tx, "reception:" + std::to_string(*day));
    if (!seq) return std::move(seq).error();
    char number[32];
    std::snprintf(number, sizeof number, "JD%08d-%04lld", *day, static_cast<long long>(*seq));
    r.number = number;
    r.status = State::kDraft;
    r.created_by = ActorId(c.actor);
    r.created_at = r.updated_at = c.now;
    auto id = store::InsertReception(tx, r);
    if (!id) return std::move(id).error();
    r.id = *id;
    Json guest_audit = Json::array();
    for (size_t i = 0; i < guests.size(); ++i) {
      Guest g = guests[i];
      g.reception_id = r.id;
      g.sort = static_cast<int64_t>(i + 1);
      guest_audit.push_back(GuestAuditJson(g));
      Encrypt(c.cipher, g);
      auto gid = store::InsertGuest(tx, g, c.now);
      if (!gid) return std::move(gid).error();
    }
    const Reception before = r;
    YB_RETURN_IF_ERROR(Settle(tx, c, before, r, *cfg));
    Json after = HeadJson(r);
    after["guests"] = guest_audit;
    YB_RETURN_IF_ERROR(Audit(tx, c, "create", "reception", r.id, nullptr, after));
    return r.id;
  });
}

Status Update(const Ctx& c, int64_t id, const ReceptionPatch& p) {
  return Mutate(c, id, p.version, [&](db::Connection& tx, Reception& r, const Cfg& cfg) -> Status {
    const std::optional<int64_t> old_host = r.host_staff_id;
    Apply(r, p);
    YB_RETURN_IF_ERROR(CheckHead(tx, r, cfg));
    // A new main host brings their department unless one is named.
    if (r.host_staff_id != old_host && !p.department_id) r.department_id.reset();
    return DefaultDepartment(tx, r, p.department_id.has_value());
  });
}

Result<int64_t> AddGuest(const Ctx& c, int64_t id, const Guest& in) {
  Guest g = in;
  YB_RETURN_IF_ERROR(CheckGuest(g, ""));
  int64_t new_id = 0;
  YB_RETURN_IF_ERROR(
      Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
        g.reception_id = r.id;
        int64_t sort = 0;
        for (const auto& x : r.guests) sort = std::max(sort, x.sort);
        g.sort = sort + 1;
        const Json audit_json = GuestAuditJson(g);
        Encrypt(c.cipher, g);
        auto gid = store::InsertGuest(tx, g, c.now);
        if (!gid) return std::move(gid).error();
        new_id = *gid;
        if (g.is_chief) YB_RETURN_IF_ERROR(OnlyChief(tx, r.id, new_id, c.now));
        return Audit(tx, c, "create", "reception_guest", new_id, nullptr, audit_json);
      }));
  return new_id;
}

Status PutGuest(const Ctx& c, int64_t id, int64_t guest_id, const Guest& in) {
  Guest g = in;
  YB_RETURN_IF_ERROR(CheckGuest(g, ""));
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    auto old = std::find_if(r.guests.begin(), r.guests.end(),
                            [&](const Guest& x) { return x.id == guest_id; });
    if (old == r.guests.end()) return core::NotFound();
    Guest before = *old;
    YB_RETURN_IF_ERROR(Decrypt(c.cipher, before));
    g.id = guest_id;
    g.reception_id = r.id;
    g.sort = old->sort;
    const Json after_json = GuestAuditJson(g);
    Encrypt(c.cipher, g);
    YB_RETURN_IF_ERROR(store::UpdateGuest(tx, g, c.now));
    if (g.is_chief) YB_RETURN_IF_ERROR(OnlyChief(tx, r.id, guest_id, c.now));
    return Audit(tx, c, "update", "reception_guest", guest_id, GuestAuditJson(before), after_json);
  });
}

Status DeleteGuest(const Ctx& c, int64_t id, int64_t guest_id) {
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    auto old = std::find_if(r.guests.begin(), r.guests.end(),
                            [&](const Guest& x) { return x.id == guest_id; });
    if (old == r.guests.end()) return core::NotFound();
    Guest before = *old;
    YB_RETURN_IF_ERROR(Decrypt(c.cipher, before));
    YB_RETURN_IF_ERROR(store::DeleteGuest(tx, r.id, guest_id));
    return Audit(tx, c, "delete", "reception_guest", guest_id, GuestAuditJson(before), nullptr);
  });
}

// ---------------------------------------------------------------- the plan

Result<int64_t> AddItem(const Ctx& c, int64_t id, const Item& in) {
  int64_t new_id = 0;
  YB_RETURN_IF_ERROR(
      Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
        Item it = in;
        YB_RETURN_IF_ERROR(CheckItem(tx, r, it));
        auto iid = store::InsertItem(tx, it, c.now);
        if (!iid) return std::move(iid).error();
        new_id = it.id = *iid;
        return Audit(tx, c, "create", "reception_item", new_id, nullptr, ItemJson(it, {}));
      }));
  return new_id;
}

Status PutItem(const Ctx& c, int64_t id, int64_t item_id, const Item& in) {
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    auto old = std::find_if(r.items.begin(), r.items.end(),
                            [&](const Item& x) { return x.id == item_id; });
    if (old == r.items.end()) return core::NotFound();
    Item it = in;
    it.id = item_id;
    YB_RETURN_IF_ERROR(CheckItem(tx, r, it));
    YB_RETURN_IF_ERROR(store::UpdateItem(tx, it, c.now));
    // A meal that is no longer a lunch or dinner has no cap to approve.
    if (it.kind != "meal" || it.meal_type == "other")
      YB_RETURN_IF_ERROR(store::DeleteCapApproval(tx, r.id, "meal:" + std::to_string(item_id)));
    return Audit(tx, c, "update", "reception_item", item_id, ItemJson(*old, {}), ItemJson(it, {}));
  });
}

Status DeleteItem(const Ctx& c, int64_t id, int64_t item_id) {
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    auto old = std::find_if(r.items.begin(), r.items.end(),
                            [&](const Item& x) { return x.id == item_id; });
    if (old == r.items.end()) return core::NotFound();
    YB_RETURN_IF_ERROR(store::DeleteItem(tx, r.id, item_id));
    YB_RETURN_IF_ERROR(store::DeleteCapApproval(tx, r.id, "meal:" + std::to_string(item_id)));
    return Audit(tx, c, "delete", "reception_item", item_id, ItemJson(*old, {}), nullptr);
  });
}

Status PutStaff(const Ctx& c, int64_t id, const std::vector<StaffRole>& staff) {
  for (size_t i = 0; i < staff.size(); ++i) {
    if (!In(StaffRoles(), staff[i].role)) return OneOf(Indexed("staff", i, "role"), StaffRoles());
    if (staff[i].staff_b_id && *staff[i].staff_b_id == staff[i].staff_a_id)
      return core::InvalidArgument(Indexed("staff", i, "staff_b_id"), "receptions.backup_same");
  }
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    for (size_t i = 0; i < staff.size(); ++i) {
      YB_RETURN_IF_ERROR(CheckStaffRef(tx, staff[i].staff_a_id, Indexed("staff", i, "staff_a_id")));
      if (staff[i].staff_b_id)
        YB_RETURN_IF_ERROR(
            CheckStaffRef(tx, *staff[i].staff_b_id, Indexed("staff", i, "staff_b_id")));
    }
    YB_RETURN_IF_ERROR(store::ReplaceStaff(tx, r.id, staff));
    auto after = store::Staff(tx, r.id);
    if (!after) return std::move(after).error();
    return Audit(tx, c, "update", "reception_staff", r.id, StaffJson(r.staff), StaffJson(*after));
  });
}

Status PutContingencies(const Ctx& c, int64_t id, const std::vector<Contingency>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!In(ContingencyKinds(), list[i].kind))
      return OneOf(Indexed("contingencies", i, "kind"), ContingencyKinds());
    if (list[i].description.empty())
      return core::InvalidArgument(Indexed("contingencies", i, "description"),
                                   "validation.required");
  }
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i].owner_staff_id)
        YB_RETURN_IF_ERROR(CheckStaffRef(tx, *list[i].owner_staff_id,
                                         Indexed("contingencies", i, "owner_staff_id")));
    YB_RETURN_IF_ERROR(store::ReplaceContingencies(tx, r.id, list));
    auto after = store::Contingencies(tx, r.id);
    if (!after) return std::move(after).error();
    return Audit(tx, c, "update", "reception_contingencies", r.id,
                 ContingenciesJson(r.contingencies), ContingenciesJson(*after));
  });
}

Status PutBudgetLines(const Ctx& c, int64_t id, const std::vector<BudgetLine>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!In(BudgetCategories(), lines[i].category))
      return OneOf(Indexed("budget_lines", i, "category"), BudgetCategories());
    // Meals are planned as itinerary items, each against its own cap (PLAN-5).
    if (lines[i].category == "meals")
      return core::InvalidArgument(Indexed("budget_lines", i, "category"),
                                   "receptions.meal_line_needs_item");
    if (lines[i].description.empty())
      return core::InvalidArgument(Indexed("budget_lines", i, "description"),
                                   "validation.required");
    if (lines[i].planned_fen < 0)
      return core::InvalidArgument(Indexed("budget_lines", i, "planned_fen"), "validation.money");
    if (lines[i].quantity < 1)
      return core::InvalidArgument(Indexed("budget_lines", i, "quantity"),
                                   "validation.out_of_range")
          .With("min", "1")
          .With("max", "9999");
  }
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    YB_RETURN_IF_ERROR(store::ReplaceBudgetLines(tx, r.id, lines));
    auto after = store::BudgetLines(tx, r.id);
    if (!after) return std::move(after).error();
    return Audit(tx, c, "update", "reception_budget", r.id, BudgetLinesJson(r.budget_lines),
                 BudgetLinesJson(*after));
  });
}

// ---------------------------------------------------------------- approval

Status Submit(const Ctx& c, int64_t id) {
  if (!c.actor.Can("receptions.plan")) return core::Forbidden();
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    auto found = Required(store::FindReception(tx, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(CheckScope(c.actor, *found));
    YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
    if (found->status != State::kDraft && found->status != State::kRejected)
      return core::Conflict("receptions.not_submittable", "status");
    Reception r = *found;
    auto d = Derive(tx, r, *cfg);
    if (!d) return std::move(d).error();
    // PLAN-3 completeness, PLAN-11: the first rule broken, naming its item.
    auto violations = Violations(r, *d, *cfg);
    if (!violations.empty()) return ErrorOf(violations.front());
    if (r.rule_set == "official") {
      // PLAN-11: one letter, one visit.
      auto used = store::LetterUsedBy(tx, r.letter_no, r.id);
      if (!used) return std::move(used).error();
      if (*used)
        return core::Conflict("receptions.letter_used", "letter_no").With("number", **used);
    }
    // PLAN-4: the leader matching the plan's scale.
    auto route = RouteFor(tx, r);
    if (!route) return std::move(route).error();
    if (!*route) return core::Conflict("receptions.no_route", "total_fen");
    r.route = **route;
    r.status = State::kSubmitted;
    r.submitted_by = ActorId(c.actor);
    r.submitted_at = c.now;
    r.decided_by.reset();
    r.decided_at.reset();
    r.decision_reason.clear();
    r.version = found->version + 1;
    r.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateReception(tx, r));
    YB_RETURN_IF_ERROR(Record(tx, c, r, "submit", {{"route", RouteJson(r.route)}}));
    YB_RETURN_IF_ERROR(Audit(tx, c, "submit", "reception", r.id, HeadJson(*found), HeadJson(r)));
    return TellDeciders(tx, c.now, r, false);
  });
}

namespace {

// The common part of approve and reject: a submitted plan the actor may decide.
Result<Reception> Decidable(db::Connection& tx, const Ctx& c, int64_t id) {
  auto found = Required(store::FindReception(tx, id));
  if (!found) return std::move(found).error();
  YB_RETURN_IF_ERROR(CheckScope(c.actor, *found));
  YB_RETURN_IF_ERROR(internal::RefuseArchived(*found));
  if (found->status != State::kSubmitted)
    return core::Conflict("receptions.not_submitted", "status");
  auto may = MayDecide(tx, c.actor, *found);
  if (!may) return std::move(may).error();
  if (!*may) return core::Forbidden("receptions.not_your_approval");
  return found;
}

}  // namespace

Status Approve(const Ctx& c, int64_t id) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    auto found = Decidable(tx, c, id);
    if (!found) return std::move(found).error();
    Reception r = *found;
    auto d = Derive(tx, r, *cfg);
    if (!d) return std::move(d).error();
    // PLAN-5: spending over a cap is approved explicitly, line by line, first.
    for (const auto& check : d->budget.checks)
      if (check.needs_approval)
        return core::Conflict("receptions.caps_unapproved", "caps")
            .With("item", check.label.empty() ? check.key : check.label);
    auto violations = Violations(r, *d, *cfg);
    if (!violations.empty()) return ErrorOf(violations.front());
    r.status = State::kApproved;
    r.approved_total_fen = r.total_fen;
    r.decided_by = ActorId(c.actor);
    r.decided_at = c.now;
    r.decision_reason = c.reason;
    r.version = found->version + 1;
    r.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateReception(tx, r));
    YB_RETURN_IF_ERROR(Record(tx, c, r, "approve"));
    YB_RETURN_IF_ERROR(Audit(tx, c, "approve", "reception", r.id, HeadJson(*found), HeadJson(r)));
    auto owners = Owners(tx, r);
    if (!owners) return std::move(owners).error();
    return Tell(tx, c.now, r, std::move(*owners), "reception.approved",
                "接待方案已批准：" + r.title, OneLine(r));
  });
}

Status Reject(const Ctx& c, int64_t id) {
  if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto found = Decidable(tx, c, id);
    if (!found) return std::move(found).error();
    Reception r = *found;
    r.status = State::kRejected;
    r.decided_by = ActorId(c.actor);
    r.decided_at = c.now;
    r.decision_reason = c.reason;
    r.version = found->version + 1;
    r.updated_at = c.now;
    YB_RETURN_IF_ERROR(store::UpdateReception(tx, r));
    YB_RETURN_IF_ERROR(Record(tx, c, r, "reject"));
    YB_RETURN_IF_ERROR(Audit(tx, c, "reject", "reception", r.id, HeadJson(*found), HeadJson(r)));
    auto owners = Owners(tx, r);
    if (!owners) return std::move(owners).error();
    return Tell(tx, c.now, r, std::move(*owners), "reception.rejected",
                "接待方案被驳回：" + r.title, OneLine(r) + "\n驳回原因：" + c.reason);
  });
}

Status ApproveCap(const Ctx& c, int64_t id, const std::string& key) {
  return c.pool.TransactionVoid([&](db::Connection& tx) -> Status {
    auto cfg = LoadCfg(tx);
    if (!cfg) return std::move(cfg).error();
    auto found = Decidable(tx, c, id);
    if (!found) return std::move(found).error();
    Reception r = *found;
    auto d = Derive(tx, r, *cfg);
    if (!d) return std::move(d).error();
    auto check = std::find_if(d->budget.checks.begin(), d->budget.checks.end(),
                              [&](const CapCheck& x) { return x.key == key; });
    if (check == d->budget.checks.end()) return core::NotFound("receptions.no_such_cap");
    if (!check->over) return core::Conflict("receptions.not_over_cap", "key");
    CapApproval a;
    a.key = key;
    a.cap_fen = check->cap_fen;
    a.approved_fen = check->planned_fen;
    a.approved_by = ActorId(c.actor);
    a.approved_at = c.now;
    a.reason = c.reason;
    YB_RETURN_IF_ERROR(store::PutCapApproval(tx, r.id, a));
    const Json detail = {{"key", key},
                         {"label", check->label},
                         {"cap_fen", check->cap_fen},
                         {"approved_fen", check->planned_fen}};
    YB_RETURN_IF_ERROR(Record(tx, c, r, "cap_approve", detail));
    YB_RETURN_IF_ERROR(Audit(tx, c, "approve_over_cap", "reception_cap", r.id, nullptr, detail));
    r.version = found->version + 1;
    r.updated_at = c.now;
    return store::UpdateReception(tx, r);
  });
}

Status Cancel(const Ctx& c, int64_t id) {
  if (c.reason.empty()) return core::InvalidArgument("reason", "validation.required");
  return Mutate(c, id, std::nullopt, [&](db::Connection& tx, Reception& r, const Cfg&) -> Status {
    r.status = State::kCancelled;
    r.decision_reason = c.reason;
    return Record(tx, c, r, "cancel");
  });
}

// ---------------------------------------------------------------- reading

Result<PlanView> Get(const Ctx& c, int64_t id) {
  if (!c.actor.Can("receptions.read")) return core::Forbidden();
  PlanView v;
  std::vector<OtherItem> others;
  int64_t venue_from = 0, venue_to = 0;
  {
    auto lease = c.pool.Acquire();
    if (!lease) return std::move(lease).error();
    db::Connection& conn = **lease;
    auto cfg = LoadCfg(conn);
    if (!cfg) return std::move(cfg).error();
    auto found = Required(store::FindReception(conn, id));
    if (!found) return std::move(found).error();
    YB_RETURN_IF_ERROR(CheckScope(c.actor, *found));
    v.r = std::move(*found);
    auto d = Derive(conn, v.r, *cfg);
    if (!d) return std::move(d).error();
    v.standard = d->standard;
    v.budget = d->budget;
    v.extra_guest_base = cfg->base_guests;
    v.diet = DietaryNotes(v.r.guests);
    v.violations = Violations(v.r, *d, *cfg);
    // GEN-4: the level, and whether this host is chosen at high level too often.
    const Guest* chief = ChiefGuest(v.r.guests);
    v.level.host_rank = v.r.host_rank;
    v.level.guest_rank = chief ? chief->rank : std::nullopt;
    v.level.chief_guest = chief ? chief->name : "";
    v.level.computed = ParseLevel(v.r.level);
    v.level.effective =
        v.r.level_override.empty() ? v.level.computed : ParseLevel(v.r.level_override);
    v.level.warn_count = cfg->warn_count;
    v.level.warn_days = cfg->warn_days;
    if (v.r.host_staff_id && v.level.effective == Level::kHigh) {
      auto n = store::HighLevelCount(conn, *v.r.host_staff_id,
                                     v.r.start_date - static_cast<int32_t>(cfg->warn_days),
                                     v.r.start_date + static_cast<int32_t>(cfg->warn_days), v.r.id);
      if (!n) return std::move(n).error();
      v.level.high_level_count = *n + 1;
      v.level.warn = HighLevelTooOften(v.level.high_level_count, cfg->warn_count);
    }
    // Other plans' items over the same span, for the conflicts.
    int64_t from = 0, to = 0;
    for (const auto& it : v.r.items) {
      if (from == 0 || it.start_at < from) from = it.start_at;
      to = std::max(to, it.end_at);
      if (it.venue_id) {
        if (venue_from == 0 || it.start_at < venue_from) venue_from = it.start_at;
        venue_to = std::max(venue_to, it.end_at);
      }
    }
    if (!v.r.items.empty()) {
      auto rows = store::ItemsOverlapping(conn, from, to, v.r.id);
      if (!rows) return std::move(rows).error();
      for (auto& o : *rows) others.push_back({std::move(o.item), o.number, o.title});
    }
    // PLAN-6: the plan still changes during the visit (its tasks follow).
    v.may_plan = c.actor.Can("receptions.plan") &&
                 (IsOpen(v.r.status) || v.r.status == State::kInProgress);
    auto may = MayDecide(conn, c.actor, v.r);
    if (!may) return std::move(may).error();
    v.may_decide = *may;
  }
  // The meeting service's room calendar (its own connection, after ours went back): the
  // meetings holding the plan's venues.
  std::vector<Booking> bookings;
  if (venue_to > venue_from && venue_to - venue_from <= 31 * kDayMs) {
    auto view = meetings::SiteCalendarView(c.pool, v.r.site_id, venue_from, venue_to);
    if (!view) return std::move(view).error();
    // Rooms held by plans (this one's, or another's whose items are compared above) are
    // not meetings in the way.
    for (const auto& m : view->bookings)
      if (m.source.Empty())
        bookings.push_back({m.id, m.venue_id, m.busy_from, m.busy_to, m.title});
  }
  v.conflicts = FindConflicts(v.r.items, others, bookings, v.diet);
  YB_RETURN_IF_ERROR(Present(c, v.r.guests));
  return v;
}

Result<std::vector<Reception>> List(const Ctx& c, const ListQuery& q, int64_t* total) {
  if (!c.actor.Can("receptions.read")) return core::Forbidden();
  std::string where = "1 = 1";
  std::vector<db::Value> params;
  if (q.status) {
    params.push_back(std::string(StateName(*q.status)));
    where += " AND r.status = " + db::Param(params.size());
  }
  if (!q.q.empty()) {
    params.push_back("%" + q.q + "%");
    const std::string p = db::Param(params.size());
    where += " AND (r.number LIKE " + p + " OR r.title LIKE " + p + " OR r.visiting_unit LIKE " +
             p + ")";
  }
  if (q.from_date) {
    params.push_back(int64_t{*q.from_date});
    where += " AND r.end_date >= " + db::Param(params.size());
  }
  if (q.to_date) {
    params.push_back(int64_t{*q.to_date});
    where += " AND r.start_date <= " + db::Param(params.size());
  }
  if (c.actor.scope == auth::DataScope::kDepartment) {
    std::string in;
    for (int64_t d : c.actor.scope_department_ids) {
      params.push_back(d);
      in += (in.empty() ? "" : ", ") + db::Param(params.size());
    }
    where += " AND (r.department_id IS NULL" +
             (in.empty() ? "" : " OR r.department_id IN (" + in + ")") + ")";
  }
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::SelectReceptions(**lease, where, std::move(params), q.limit, q.offset, total);
}

Result<std::vector<Reception>> ToDecide(const Ctx& c) {
  if (!c.actor.Can("receptions.read")) return core::Forbidden();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  int64_t total = 0;
  auto list = store::SelectReceptions(**lease, "r.status = 'submitted'", {}, 500, 0, &total);
  if (!list) return list;
  std::vector<Reception> out;
  for (auto& r : *list) {
    if (!Visible(c.actor, r)) continue;
    auto may = MayDecide(**lease, c.actor, r);
    if (!may) return std::move(may).error();
    if (*may) out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Reception& a, const Reception& b) {
    return a.submitted_at.value_or(0) < b.submitted_at.value_or(0);
  });
  return out;
}

Result<OfficialList> OfficialListOf(const Ctx& c, int64_t id) {
  auto v = Get(c, id);
  if (!v) return std::move(v).error();
  return OfficialList{std::move(v->r), std::move(v->budget)};
}

// ---------------------------------------------------------------- administration

Result<std::vector<Grade>> ListGrades(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListGrades(**lease);
}

namespace {

Status CheckGrade(const Grade& g) {
  if (g.code.empty()) return core::InvalidArgument("code", "validation.required");
  for (char ch : g.code)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
      return core::InvalidArgument("code", "validation.code");
  if (g.name_zh_cn.empty()) return core::InvalidArgument("name_zh_cn", "validation.required");
  return core::Ok();
}

Status CheckStandard(db::Connection& tx, CostStandard& s) {
  if (s.rule_set != "company" && s.rule_set != "official")
    return OneOf("rule_set", {"company", "official"});
  if (s.rule_set == "company") {
    s.jurisdiction.clear();
    s.designated_hotels.clear();
  }
  if (s.name.empty()) return core::InvalidArgument("name", "validation.required");
  if (s.effective_to && *s.effective_to < s.effective_from)
    return core::InvalidArgument("effective_to", "receptions.end_before_start");
  std::set<std::string> seen;
  for (size_t i = 0; i < s.lines.size(); ++i) {
    const StandardLine& l = s.lines[i];
    auto grade = store::FindGrade(tx, l.grade_code);
    if (!grade) return std::move(grade).error();
    if (!*grade)
      return core::InvalidArgument(Indexed("lines", i, "grade_code"), "receptions.unknown_grade")
          .With("code", l.grade_code);
    if (!seen.insert(l.grade_code).second)
      return core::InvalidArgument(Indexed("lines", i, "grade_code"), "receptions.grade_twice")
          .With("code", l.grade_code);
    for (auto [v, field] :
         {std::pair{l.lodging_cap_fen.value_or(0), "lodging_cap_fen"},
          std::pair{l.lodging_min_fen.value_or(0), "lodging_min_fen"},
          std::pair{l.lunch_cap_fen, "lunch_cap_fen"},
          std::pair{l.dinner_cap_fen, "dinner_cap_fen"},
          std::pair{l.entertainment_cap_fen.value_or(0), "entertainment_cap_fen"},
          std::pair{l.meal_increment_fen, "meal_increment_fen"},
          std::pair{l.entertainment_increment_fen, "entertainment_increment_fen"}})
      if (v < 0) return core::InvalidArgument(Indexed("lines", i, field), "validation.money");
  }
  return core::Ok();
}

}  // namespace

Result<Grade> CreateGrade(const Ctx& c, const Grade& in) {
  if (!c.actor.Can("receptions.admin")) return core::Forbidden();
  YB_RETURN_IF_ERROR(CheckGrade(in));
  return c.pool.Transaction<Grade>([&](db::Connection& tx) -> Result<Grade> {
    auto id = store::InsertGrade(tx, in, c.now);
    if (!id) {
      if (id.error().code == core::ErrorCode::kConflict)
        return core::Conflict("error.duplicate", "code").With("value", in.code);
      return std::move(id).error();
    }
    Grade g = in;
    g.id = *id;
    YB_RETURN_IF_ERROR(Audit(tx, c, "create", "reception_grade", g.id, nullptr, GradeJson(g)));
    return g;
  });
}

Result<Grade> UpdateGrade(const Ctx& c, int64_t id, const Grade& in) {
  if (!c.actor.Can("receptions.admin")) return core::Forbidden();
  return c.pool.Transaction<Grade>([&](db::Connection& tx) -> Result<Grade> {
    auto old = store::FindGradeById(tx, id);
    if (!old) return std::move(old).error();
    if (!*old) return core::NotFound();
    Grade g = in;
    g.id = id;
    g.code = (*old)->code;
    YB_RETURN_IF_ERROR(CheckGrade(g));
    YB_RETURN_IF_ERROR(store::UpdateGrade(tx, g, c.now));
    YB_RETURN_IF_ERROR(
        Audit(tx, c, "update", "reception_grade", id, GradeJson(**old), GradeJson(g)));
    return g;
  });
}

Result<std::vector<CostStandard>> ListStandards(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListStandards(**lease);
}

Result<CostStandard> CreateStandard(const Ctx& c, const CostStandard& in) {
  if (!c.actor.Can("receptions.admin")) return core::Forbidden();
  return c.pool.Transaction<CostStandard>([&](db::Connection& tx) -> Result<CostStandard> {
    CostStandard s = in;
    YB_RETURN_IF_ERROR(CheckStandard(tx, s));
    auto id = store::InsertStandard(tx, s, ActorId(c.actor), c.now);
    if (!id) return std::move(id).error();
    auto saved = store::FindStandard(tx, *id);
    if (!saved) return std::move(saved).error();
    YB_RETURN_IF_ERROR(
        Audit(tx, c, "create", "cost_standard", *id, nullptr, StandardJson(**saved)));
    return **saved;
  });
}

Result<CostStandard> UpdateStandard(const Ctx& c, int64_t id, const CostStandard& in) {
  if (!c.actor.Can("receptions.admin")) return core::Forbidden();
  return c.pool.Transaction<CostStandard>([&](db::Connection& tx) -> Result<CostStandard> {
    auto old = store::FindStandard(tx, id);
    if (!old) return std::move(old).error();
    if (!*old) return core::NotFound();
    CostStandard s = in;
    s.id = id;
    YB_RETURN_IF_ERROR(CheckStandard(tx, s));
    YB_RETURN_IF_ERROR(store::UpdateStandard(tx, s, c.now));
    auto saved = store::FindStandard(tx, id);
    if (!saved) return std::move(saved).error();
    YB_RETURN_IF_ERROR(
        Audit(tx, c, "update", "cost_standard", id, StandardJson(**old), StandardJson(**saved)));
    return **saved;
  });
}

Result<std::optional<CostStandard>> StandardOn(db::Pool& pool, const std::string& rule_set,
                                               const std::string& jurisdiction, int32_t day) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::StandardInForce(**lease, rule_set, rule_set == "official" ? jurisdiction : "", day);
}

Result<std::vector<ApprovalRule>> ListRules(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return store::ListRules(**lease);
}

Result<std::vector<ApprovalRule>> PutRules(const Ctx& c, const std::vector<ApprovalRule>& rules) {
  if (!c.actor.Can("receptions.admin")) return core::Forbidden();
  return c.pool.Transaction<std::vector<ApprovalRule>>(
      [&](db::Connection& tx) -> Result<std::vector<ApprovalRule>> {
        for (size_t i = 0; i < rules.size(); ++i) {
          const ApprovalRule& r = rules[i];
          if (r.label.empty())
            return core::InvalidArgument(Indexed("rules", i, "label"), "validation.required");
          if (r.min_total_fen < 0)
            return core::InvalidArgument(Indexed("rules", i, "min_total_fen"), "validation.money");
          if (r.max_total_fen && *r.max_total_fen <= r.min_total_fen)
            return core::InvalidArgument(Indexed("rules", i, "max_total_fen"),
                                         "receptions.end_before_start");
          if (!r.grade_code.empty()) {
            auto g = store::FindGrade(tx, r.grade_code);
            if (!g) return std::move(g).error();
            if (!*g)
              return core::InvalidArgument(Indexed("rules", i, "grade_code"),
                                           "receptions.unknown_grade")
                  .With("code", r.grade_code);
          }
          if (r.approver_role.empty() && !r.approver_user_id)
            return core::InvalidArgument(Indexed("rules", i, "approver_role"),
                                         "validation.required");
          if (!r.approver_role.empty()) {
            auto known = store::RoleExists(tx, r.approver_role);
            if (!known) return std::move(known).error();
            if (!*known) return UnknownReference(Indexed("rules", i, "approver_role"));
          }
          if (r.approver_user_id) {
            auto active = store::UserActive(tx, *r.approver_user_id);
            if (!active) return std::move(active).error();
            if (!*active) return UnknownReference(Indexed("rules", i, "approver_user_id"));
            // The approve route needs receptions.read: a named approver must hold it.
            auto readers = store::UsersWithPermission(tx, "receptions.read");
            if (!readers) return std::move(readers).error();
            if (std::find(readers->begin(), readers->end(), *r.approver_user_id) == readers->end())
              return core::InvalidArgument(Indexed("rules", i, "approver_user_id"),
                                           "receptions.approver_cannot_read");
          }
        }
        auto before = store::ListRules(tx);
        if (!before) return std::move(before).error();
        YB_RETURN_IF_ERROR(store::ReplaceRules(tx, rules, c.now));
        auto after = store::ListRules(tx);
        if (!after) return std::move(after).error();
        Json b = Json::array(), a = Json::array();
        for (const auto& r : *before) b.push_back(RuleJson(r));
        for (const auto& r : *after) a.push_back(RuleJson(r));
        YB_RETURN_IF_ERROR(Audit(tx, c, "update", "reception_approval_rules", 0, b, a));
        return *after;
      });
}

// ---------------------------------------------------------------- shared with the execution

namespace internal {

Result<Reception> FindVisible(db::Connection& c, const auth::Principal& p, int64_t id) {
  auto found = Required(store::FindReception(c, id));
  if (!found) return std::move(found).error();
  YB_RETURN_IF_ERROR(CheckScope(p, *found));
  return found;
}

bool Visible(const auth::Principal& p, const Reception& r) {
  return receptions::Visible(p, r);
}

std::optional<int64_t> ActorId(const auth::Principal& p) { return receptions::ActorId(p); }

Status RefuseArchived(const Reception& r) {
  if (r.status == State::kArchived) return core::Conflict("receptions.archived", "status");
  return core::Ok();
}

Status Tell(db::Connection& tx, int64_t now, const Reception& r, std::vector<int64_t> users,
            const std::string& topic, const std::string& subject, const std::string& body,
            const std::string& link) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  if (users.empty()) return core::Ok();
  notify::Message m;
  m.topic = topic;
  m.subject = subject;
  m.body = body;
  m.link = link.empty() ? "/receptions/" + std::to_string(r.id) : link;
  m.payload_json =
      Json({{"reception_id", r.id}, {"number", r.number}, {"status", StateName(r.status)}}).dump();
  m.user_ids = std::move(users);
  m.webhooks = false;
  return notify::Send(tx, now, m);
}

Result<std::vector<int64_t>> Owners(db::Connection& tx, const Reception& r) {
  return receptions::Owners(tx, r);
}

Status RecordDecision(db::Connection& tx, const Ctx& c, const Reception& r,
                      const std::string& action, const Json& detail) {
  return Record(tx, c, r, action, detail);
}

Status Audit(db::Connection& tx, const Ctx& c, const char* action, const char* entity,
             int64_t id, const Json& before, const Json& after) {
  return receptions::Audit(tx, c, action, entity, id, before, after);
}

Json HeadJson(const Reception& r) { return receptions::HeadJson(r); }

Result<Budget> PlanBudget(db::Connection& tx, Reception& r) {
  auto cfg = LoadCfg(tx);
  if (!cfg) return std::move(cfg).error();
  auto d = Derive(tx, r, *cfg);
  if (!d) return std::move(d).error();
  return std::move(d->budget);
}

Status Touch(db::Connection& tx, const Ctx& c, Reception& r) {
  r.version += 1;
  r.updated_at = c.now;
  return store::UpdateReception(tx, r);
}

}  // namespace internal

}  // namespace yingbin::receptions
