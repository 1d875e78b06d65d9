#include "org/settings.hpp"

#include <nlohmann/json.hpp>

#include "api/json.hpp"
#include "audit/audit.hpp"

namespace yingbin::org {

const std::vector<SettingDef>& SettingDefs() {
  static const std::vector<SettingDef> kDefs = {
      // VIS-4: tell the host this long before the appointed time.
      {"visits.notify_before_minutes", 10, 0, 120, "minutes", "VIS-4"},
      // VIS-13 / issue 3: remind the host and tell the desk when there is no answer.
      {"visits.host_answer_minutes", 5, 1, 120, "minutes", "VIS-13"},
      // VIS-13: a wait longer than this reminds the host again.
      {"visits.long_wait_minutes", 15, 1, 240, "minutes", "VIS-13"},
      // VIS-6/VIS-5: a rescheduled or booked visit cannot start more than this far ahead.
      {"visits.max_days_ahead", 180, 1, 3650, "days", "VIS-3"},
      // DATA-5: visitor personal data is anonymised after this many days.
      {"visits.retention_days", 180, 7, 3650, "days", "DATA-5", /*two_person=*/true},
      // Kiosk sign-ins per device per minute.
      {"kiosk.signins_per_minute", 20, 1, 600, "per_minute", "VIS-1"},
      {"visits.host_reminder_max", 3, 0, 20, "count", "VIS-5"},
      // TEL-1: answer by this ring; the greeting, and the apology a late answer begins with.
      {"calls.answer_by_ring", 3, 1, 10, "rings", "TEL-1"},
      {"calls.greeting", 0, 1, 200, "text", "TEL-1", false, "您好，××公司，请问有什么可以帮您？"},
      {"calls.late_apology", 0, 1, 200, "text", "TEL-1", false, "对不起，让您久等了。"},
      // TEL-4: what the desk tells a sales or advertising caller.
      {"calls.sales_reply", 0, 1, 500, "text", "TEL-4", false,
       "感谢您的来电。请先将相关资料发送给我们，如有需要我们会主动与您联系。"},
      // TEL-2: an unhandled message reminds its recipients every this many desk minutes.
      {"calls.message_remind_minutes", 30, 5, 1440, "minutes", "TEL-2"},
      // MAIL-1: a waiting item's recipient is reminded every N hours of desk time.
      {"mail.remind_every_hours", 4, 1, 72, "hours", "MAIL-1"},
      // MAIL-1: an item still waiting after this many working days is overdue.
      {"mail.overdue_days", 3, 1, 60, "days", "MAIL-1"},
      // MAIL-1: the largest intake photo or pickup signature (below the request body limit).
      {"mail.photo_max_kb", 600, 16, 4096, "kb", "MAIL-1"},
      // "My mail" also lists what was collected or returned in the last N days.
      {"mail.my_history_days", 30, 1, 365, "days", "MAIL-1"},
      // MAIL-2: the desk is reminded this many days before a subscription's renewal date.
      {"mail.renewal_notice_days", 30, 1, 365, "days", "MAIL-2"},
      // DESK-1: whoever is warned about a gap in the duty roster hears of it this long
      // before it begins (and again when it begins).
      {"roster.gap_warn_minutes", 60, 0, 1440, "minutes", "DESK-1"},
      // DESK-1: the lunch break between two desk-hour periods needs a named cover (1), or
      // the desk closes for lunch (0).
      {"roster.lunch_cover", 1, 0, 1, "switch", "DESK-1"},
      // DESK-1: a colleague who has not confirmed taking over the desk within this many
      // minutes is reported (0: never).
      {"roster.handover_confirm_minutes", 10, 0, 240, "minutes", "DESK-1"},
      // DESK-2: this many violations in a month are dereliction (public criticism).
      {"conduct.dereliction_count", 2, 1, 31, "count", "DESK-2"},
      // DESK-2: a serious violation's fine, 50-100 yuan (in fen).
      {"conduct.fine_min_fen", 5000, 0, 10'000'000, "fen", "DESK-2"},
      {"conduct.fine_max_fen", 10000, 0, 10'000'000, "fen", "DESK-2"},
      // DESK-2: dereliction or a serious violation within this many months after a training
      // is "no improvement": reassignment is suggested.
      {"conduct.after_training_months", 3, 1, 24, "months", "DESK-2"},
      // MTG-4: a room is occupied from this long before a meeting (set-up) ...
      {"meetings.setup_buffer_minutes", 30, 0, 240, "minutes", "MTG-4"},
      // ... until this long after it (clean-up); a venue may set its own.
      {"meetings.cleanup_buffer_minutes", 15, 0, 240, "minutes", "MTG-4"},
      // MTG-4: the longest booking, and how far ahead one may book.
      {"meetings.max_booking_minutes", 720, 15, 1440, "minutes", "MTG-4"},
      {"meetings.max_days_ahead", 365, 1, 1095, "days", "MTG-4"},
      // MTG-4: a recurring booking is made for at most this long and this many occurrences.
      {"meetings.series_horizon_days", 365, 7, 730, "days", "MTG-4"},
      {"meetings.series_max_occurrences", 200, 2, 500, "count", "MTG-4"},
      // VIS-11: a category-A reception's meeting form is filed this many days ahead.
      {"meetings.category_a_notice_days", 1, 0, 30, "days", "VIS-11"},
      // MTG-3: the timed checklist: set-up and equipment test, greeting at the desk, refills.
      {"meetings.setup_before_minutes", 30, 0, 240, "minutes", "MTG-3"},
      {"meetings.greet_before_minutes", 15, 0, 120, "minutes", "MTG-3"},
      {"meetings.refill_every_minutes", 15, 5, 120, "minutes", "MTG-3"},
      // MTG-3: a checklist item still open this long after it was due goes to the admin clerk.
      {"meetings.checklist_escalate_minutes", 10, 1, 240, "minutes", "MTG-3"},
      // MTG-4: in summer (these months, site-local) the set-up includes the air conditioning
      // at this temperature.
      {"meetings.summer_ac_celsius", 26, 16, 30, "celsius", "MTG-4"},
      {"meetings.summer_first_month", 6, 1, 12, "month", "MTG-4"},
      {"meetings.summer_last_month", 9, 1, 12, "month", "MTG-4"},
      // MTG-2: requests to the public calendar feed per client address per minute.
      {"calendar.feed_per_minute", 60, 1, 6000, "per_minute", "MTG-2"},
      // CMP-1: the human ticket number's prefix (TS20261122-0007).
      {"complaints.number_prefix", 0, 1, 6, "text", "CMP-1", false, "TS"},
      // CMP-6: the callback falls due this many hours after the resolution.
      {"complaints.callback_hours", 24, 1, 720, "hours", "CMP-6"},
      // CMP-5: a clock warns when this share of its time has passed (0: no warning).
      {"complaints.warn_percent", 80, 0, 99, "percent", "CMP-5"},
      // CMP-5: each rung of the escalation ladder has this many working days before the
      // ticket goes one rung higher.
      {"complaints.escalation_step_days", 1, 1, 30, "days", "CMP-5"},
      // CMP-5: an attitude complaint's handling opinion on the staff member is due this
      // many working days after the resolution (the same or the next day), and goes to the
      // HR department: the first org department named like one of these ("/" between).
      {"complaints.opinion_days", 1, 1, 30, "days", "CMP-5"},
      {"complaints.hr_department_names", 0, 1, 100, "text", "CMP-5", false,
       "人力资源部/人事部/人力资源中心/人事行政部"},
      // CMP-5: the GM office's person at the top of the ladder (a user id; 0: whoever holds
      // the gm_office role, the least loaded first).
      {"complaints.gm_user_id", 0, 0, 9'007'199'254'740'991, "user", "CMP-5"},
      // CMP-1: web-form complaints per address per minute.
      {"complaints.public_per_minute", 5, 1, 600, "per_minute", "CMP-1"},
      // CMP-7 red alert: a customer with this many tickets within the days below is a repeat
      // complainant; a survey's mean score at or below red_score_max is red; the
      // cross-department investigation of a red ticket has this many working days.
      {"complaints.red_repeat_count", 3, 2, 100, "count", "CMP-7"},
      {"complaints.red_repeat_days", 30, 1, 365, "days", "CMP-7"},
      {"complaints.red_score_max", 1, 1, 5, "score", "CMP-7"},
      {"complaints.investigation_days", 3, 1, 60, "days", "CMP-7"},
      // CMP-6: a survey's mean score at or below this is unsatisfied (the ticket reopens); the
      // survey link works this many days; the public survey page's requests per address.
      {"complaints.unsatisfied_score", 2, 1, 5, "score", "CMP-6"},
      {"complaints.survey_link_days", 7, 1, 90, "days", "CMP-6"},
      {"complaints.survey_per_minute", 20, 1, 600, "per_minute", "CMP-6"},
      // CMP-8: a loss or serious damage: a fine of up to this share of the month's performance
      // bonus (the rest in later months); a department's attribution: this share of every
      // member's bonus. Records, not payroll.
      {"complaints.fine_percent", 40, 0, 100, "percent", "CMP-8"},
      {"complaints.department_percent", 20, 0, 100, "percent", "CMP-8"},
      // CMP-12: tickets of the same customer with a similar subject within this many days are
      // suggested as duplicates; an improvement's effect compares this many days before and
      // after it.
      {"complaints.duplicate_days", 7, 1, 365, "days", "CMP-12"},
      {"complaints.effect_window_days", 30, 1, 365, "days", "CMP-12"},
      // DATA-5: complaining customers' personal data is destroyed this many days after their
      // last ticket was closed (two administrators).
      {"complaints.retention_days", 1095, 30, 3650, "days", "DATA-5", /*two_person=*/true},
      // GEN-4: host and chief guest within this many rank steps of each other: 对等.
      {"receptions.level_equal_band", 1, 0, 19, "steps", "GEN-4"},
      // GEN-4: warn when one host receives at high level more than N times within M days
      // either side of a plan's first day.
      {"receptions.high_level_warn_count", 3, 1, 100, "count", "GEN-4"},
      {"receptions.high_level_warn_days", 30, 1, 365, "days", "GEN-4"},
      // PLAN-5: the cost standard's caps are for this many guests; each extra adds the increment.
      {"receptions.extra_guest_base", 2, 1, 50, "count", "PLAN-5"},
      // PLAN-3: each key role (greeter, guide, recorder, logistics) needs a backup (AB角).
      {"receptions.require_backup", 1, 0, 1, "switch", "PLAN-3"},
      // PLAN-3: the longest reception, in days.
      {"receptions.max_days", 31, 1, 31, "days", "PLAN-3"},
      // PLAN-11: at most this many working meals per visit; host diners (陪餐) at most N up to
      // M guests, above that one per K guests.
      {"receptions.official_working_meals", 1, 0, 10, "count", "PLAN-11"},
      {"receptions.official_small_group", 10, 1, 100, "count", "PLAN-11"},
      {"receptions.official_small_group_hosts", 3, 0, 50, "count", "PLAN-11"},
      {"receptions.official_hosts_ratio", 3, 1, 50, "count", "PLAN-11"},
      // PLAN-6: a duty of the visit falls due this long before its item (a pickup this long:
      // the driver leaves earlier) and is missed (the planner is told) this long after the
      // item began.
      {"receptions.task_lead_minutes", 30, 0, 1440, "minutes", "PLAN-6"},
      {"receptions.pickup_lead_minutes", 60, 0, 1440, "minutes", "PLAN-6"},
      {"receptions.task_escalate_minutes", 15, 1, 1440, "minutes", "PLAN-6"},
      // PLAN-6: the guests are estimated home this long after their departure (the last
      // item's end without departure data): the follow-up call falls due then, and is
      // reported this long after that when it has not been recorded.
      {"receptions.travel_hours", 8, 0, 240, "hours", "PLAN-6"},
      {"receptions.followup_escalate_hours", 24, 1, 720, "hours", "PLAN-6"},
      // PLAN-9: one liaison is free in a delegation of more than N delegates (the default N of
      // a new conference; each conference keeps its own).
      {"conferences.liaison_free_above", 2, 0, 1000, "count", "PLAN-9"},
      // PLAN-9: arrivals at a pickup point are met in runs of this many minutes (a point may
      // set its own).
      {"conferences.pickup_window_minutes", 60, 10, 720, "minutes", "PLAN-9"},
      // PLAN-9: a meal lasts this long: a delegate who arrives before it ends still eats.
      {"conferences.meal_minutes", 60, 15, 240, "minutes", "PLAN-9"},
      // PLAN-9: registrations on a conference's public form per address per minute.
      {"conferences.registrations_per_minute", 10, 1, 600, "per_minute", "PLAN-9"},
  };
  return kDefs;
}

const SettingDef* FindSetting(std::string_view key) {
  for (const auto& d : SettingDefs())
    if (d.key == key) return &d;
  return nullptr;
}

core::Result<int64_t> GetSetting(db::Connection& c, std::string_view key) {
  const SettingDef* def = FindSetting(key);
  if (!def || def->IsText()) return core::Internal("unknown number setting " + std::string(key));
  auto rows = c.Query("SELECT value_json FROM settings WHERE key = $1", {std::string(key)});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return def->default_value;
  auto j = nlohmann::json::parse(rows->Text(0, 0), nullptr, false);
  if (!j.is_number_integer()) return def->default_value;
  return j.get<int64_t>();
}

core::Result<std::string> GetTextSetting(db::Connection& c, std::string_view key) {
  const SettingDef* def = FindSetting(key);
  if (!def || !def->IsText()) return core::Internal("unknown text setting " + std::string(key));
  auto rows = c.Query("SELECT value_json FROM settings WHERE key = $1", {std::string(key)});
  if (!rows) return std::move(rows).error();
  if (rows->empty()) return std::string(def->default_text);
  auto j = nlohmann::json::parse(rows->Text(0, 0), nullptr, false);
  if (!j.is_string()) return std::string(def->default_text);
  return j.get<std::string>();
}

core::Result<int64_t> GetSetting(db::Pool& pool, std::string_view key) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  return GetSetting(**lease, key);
}

core::Result<std::vector<SettingValue>> ListSettings(db::Pool& pool) {
  auto lease = pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto rows = (*lease)->Query("SELECT key, value_json, updated_at FROM settings");
  if (!rows) return std::move(rows).error();
  std::vector<SettingValue> out;
  for (const auto& d : SettingDefs()) {
    SettingValue v{&d, d.default_value, std::string(d.default_text), true, std::nullopt};
    for (size_t i = 0; i < rows->size(); ++i) {
      if (rows->Text(i, 0) != d.key) continue;
      auto j = nlohmann::json::parse(rows->Text(i, 1), nullptr, false);
      if (d.IsText() && j.is_string()) {
        v.text = j.get<std::string>();
        v.is_default = false;
        v.updated_at = rows->Int(i, 2);
      } else if (!d.IsText() && j.is_number_integer()) {
        v.value = j.get<int64_t>();
        v.is_default = false;
        v.updated_at = rows->Int(i, 2);
      }
    }
    out.push_back(v);
  }
  return out;
}

namespace {

core::Status CheckRange(const SettingDef& def, int64_t value) {
  if (value < def.min || value > def.max)
    return core::InvalidArgument("value", "validation.out_of_range")
        .With("min", std::to_string(def.min))
        .With("max", std::to_string(def.max));
  return core::Ok();
}

// Writes the value and its audit row inside `c`'s transaction.
core::Result<SettingValue> WriteSetting(db::Connection& c, const auth::Principal& actor,
                                        int64_t now, const SettingDef& def, int64_t value,
                                        const std::string& reason) {
  auto before = GetSetting(c, def.key);
  if (!before) return std::move(before).error();
  auto n = c.Exec(
      "INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, "
      "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {std::string(def.key), std::to_string(value), now,
       actor.user_id ? db::Value(actor.user_id) : db::Null()});
  if (!n) return std::move(n).error();
  nlohmann::json b = {{"key", def.key}, {"value", *before}};
  nlohmann::json a = {{"key", def.key}, {"value", value}};
  YB_RETURN_IF_ERROR(audit::Record(c, actor, now, {"update", "setting", 0, b.dump(), a.dump(), reason}));
  return SettingValue{&def, value, {}, false, now};
}

}  // namespace

core::Result<SettingValue> PutTextSetting(db::Pool& pool, const auth::Principal& actor,
                                          int64_t now, std::string_view key,
                                          const std::string& text, const std::string& reason) {
  const SettingDef* def = FindSetting(key);
  if (!def) return core::NotFound();
  if (!def->IsText()) return core::Internal("number setting written as text");
  const auto chars = static_cast<int64_t>(api::Utf8Length(text));
  if (chars < def->min || text.empty())
    return core::InvalidArgument("value", "validation.required");
  if (chars > def->max)
    return core::InvalidArgument("value", "validation.too_long").With("max", std::to_string(def->max));
  return pool.Transaction<SettingValue>([&](db::Connection& c) -> core::Result<SettingValue> {
    auto before = GetTextSetting(c, def->key);
    if (!before) return std::move(before).error();
    auto n = c.Exec(
        "INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        {std::string(def->key), nlohmann::json(text).dump(), now,
         actor.user_id ? db::Value(actor.user_id) : db::Null()});
    if (!n) return std::move(n).error();
    nlohmann::json b = {{"key", def->key}, {"value", *before}};
    nlohmann::json a = {{"key", def->key}, {"value", text}};
    YB_RETURN_IF_ERROR(
        audit::Record(c, actor, now, {"update", "setting", 0, b.dump(), a.dump(), reason}));
    return SettingValue{def, 0, text, false, now};
  });
}

core::Result<SettingValue> PutSetting(db::Pool& pool, const auth::Principal& actor, int64_t now,
                                      std::string_view key, int64_t value,
                                      const std::string& reason) {
  const SettingDef* def = FindSetting(key);
  if (!def) return core::NotFound();
  if (def->IsText()) return core::Internal("text setting written as a number");
  YB_RETURN_IF_ERROR(CheckRange(*def, value));
  if (def->two_person) return core::Internal("two-person setting written directly");
  return pool.Transaction<SettingValue>([&](db::Connection& c) {
    return WriteSetting(c, actor, now, *def, value, reason);
  });
}

core::Result<Approval> RequestSettingChange(db::Pool& pool, const auth::Principal& actor,
                                            int64_t now, std::string_view key, int64_t value,
                                            const std::string& reason) {
  const SettingDef* def = FindSetting(key);
  if (!def) return core::NotFound();
  YB_RETURN_IF_ERROR(CheckRange(*def, value));
  return pool.Transaction<Approval>([&](db::Connection& c) -> core::Result<Approval> {
    auto before = GetSetting(c, key);
    if (!before) return std::move(before).error();
    if (*before == value) return core::InvalidArgument("value", "settings.unchanged");
    return RequestApproval(c, actor, now, "setting", std::string(key), {{"value", value}},
                           {{"key", key}, {"before", *before}, {"value", value},
                            {"rule", def->rule}, {"unit", def->unit}},
                           reason);
  });
}

void RegisterSettingApprovals() {
  RegisterApprovalKind("setting", [](db::Connection& tx, const auth::Principal& approver,
                                     int64_t now, const Approval& a) -> core::Result<nlohmann::json> {
    const SettingDef* def = FindSetting(a.subject);
    if (!def || !a.payload.contains("value") || !a.payload["value"].is_number_integer())
      return core::Internal("malformed setting approval");
    const int64_t value = a.payload["value"].get<int64_t>();
    YB_RETURN_IF_ERROR(CheckRange(*def, value));
    auto saved = WriteSetting(tx, approver, now, *def, value, a.reason);
    if (!saved) return std::move(saved).error();
    return nlohmann::json{{"key", a.subject}, {"value", value}};
  });
}

}  // namespace yingbin::org
