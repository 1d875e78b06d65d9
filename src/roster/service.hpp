#pragma once
// The duty roster and the conduct records with the database (DOMAIN.md DESK-1, DESK-2).
// Every write runs in one transaction with its audit row, the gap warnings it makes due
// (tasks) and its messages (notify::Enqueue), so a committed change always has its side
// effects and a rejected one has none. Callers then Kick() the scheduler and the notify
// worker. Thread-safe (no state of its own).
//
// Who may do what:
//   roster.read     the roster of every site, who is on duty now, the hand-over history;
//                   a clerk on duty hands over and comes back
//   roster.write    plans shifts and lunch covers, records absences and their covers,
//                   copies a week, names who is warned about gaps; hands over for others
//   conduct.read    the conduct records and monthly reports (department-scoped readers:
//                   the clerks of their departments)
//   conduct.write   the supervisor logs and corrects violations and notes on a month
//   a clerk         (a user linked to a staff record) sees their own shifts and conduct
//                   records and writes the appeal on their own violations, without any
//                   of the above.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "core/result.hpp"
#include "db/db.hpp"
#include "roster/model.hpp"
#include "roster/rules.hpp"
#include "tasks/scheduler.hpp"

namespace yingbin::roster {

using core::Result;
using core::Status;

// Who acts, when, why.
struct Ctx {
  db::Pool& pool;
  const auth::Principal& actor;
  int64_t now = 0;
  std::string reason;
};

// ---------------------------------------------------------------- the roster (DESK-1)

// One day of a site's roster as the week view shows it.
struct DayView {
  int32_t day = 0;
  bool working_day = true;
  std::string calendar_name;  // the holiday's or make-up day's name, if any
  bool on_roster = false;     // the site plans its desk by this day (gaps are warned)
  std::vector<Period> desk_hours;
  std::vector<Shift> shifts;
  std::vector<Absence> absences;  // of the people on this day's roster
  std::vector<Handover> handovers;
  DayPlan plan;
};
struct RosterView {
  int64_t site_id = 0;
  std::string site_name, time_zone;
  int32_t from = 0;
  std::vector<DayView> days;
  std::vector<Clerk> clerks;  // the site's clerks and whoever else is on these days' roster
};
// The roster of a site for `days` days (1..31) from day `from`. Errors: kNotFound for an
// unknown site; kForbidden without roster.read.
Result<RosterView> GetRoster(db::Pool& pool, const auth::Principal& p, int64_t site_id,
                             int32_t from, int32_t days, int64_t now);

struct ShiftInput {
  int64_t site_id = 0;
  int64_t staff_id = 0;
  int32_t day = 0;
  int start = 0, end = 0;
  ShiftKind kind = ShiftKind::kDesk;
  std::string note;
};
// Plans a shift. Errors: kInvalidArgument naming the field (site_id / staff_id
// validation.unknown_reference, staff_id "roster.no_login" for a staff member without a
// login, end validation.period_order when end <= start); kConflict "roster.overlap" on
// start when the clerk already has a shift of the same kind that overlaps it that day.
Result<Shift> CreateShift(const Ctx& c, const ShiftInput& in);
// Replaces a shift (its site stays). Errors as CreateShift; kNotFound.
Result<Shift> UpdateShift(const Ctx& c, int64_t id, const ShiftInput& in);
Status DeleteShift(const Ctx& c, int64_t id);

// "Copy last week": the shifts of the week starting `source` (a Monday) onto the week
// starting `target`, weekday by weekday; not onto a day that is not a working day at the
// target (a holiday), which is skipped. Errors: kInvalidArgument "roster.not_monday" on
// week / source_week; kConflict "roster.week_not_empty" on week when the target week has
// shifts and `replace` is false (with replace they are deleted first); kInvalidArgument
// "roster.nothing_to_copy" on source_week when the source week has none.
struct CopyResult {
  int64_t copied = 0;
  int64_t replaced = 0;
  std::vector<int32_t> skipped_days;  // target days not copied onto (not working days)
};
Result<CopyResult> CopyWeek(const Ctx& c, int64_t site_id, int32_t source, int32_t target,
                            bool replace);

struct AbsenceInput {
  int64_t staff_id = 0;
  std::string kind = "leave";
  int64_t start_at = 0, end_at = 0;
  std::optional<int64_t> cover_staff_id;
  std::string note;
};
// Records an absence (leave, sick, business, other) with its named cover, if any; the cover
// is told. Errors: kInvalidArgument on staff_id / cover_staff_id (unknown, no login,
// "roster.cover_is_absent" when the cover is the absent one), on end ("roster.too_long"
// beyond 366 days, validation.period_order).
Result<Absence> CreateAbsence(const Ctx& c, const AbsenceInput& in);
Result<Absence> UpdateAbsence(const Ctx& c, int64_t id, const AbsenceInput& in);
Status DeleteAbsence(const Ctx& c, int64_t id);
// Absences overlapping [from_ms, to_ms) (of one staff member when given). roster.read.
Result<std::vector<Absence>> ListAbsences(db::Pool& pool, const auth::Principal& p, int64_t from_ms,
                                          int64_t to_ms, std::optional<int64_t> staff_id);
// For other modules (complaints' assignment to a member on duty): those of `staff_ids` who
// have an absence covering instant `at`, on the caller's connection (inside its
// transaction), without a permission check.
Result<std::vector<int64_t>> AbsentAt(db::Connection& c, const std::vector<int64_t>& staff_ids,
                                      int64_t at);

// Who is at the desk of a site now (the desk console's "on duty" bar).
struct DutyEntry {
  Duty duty;
  std::string name, for_name;
  std::optional<int64_t> user_id;
};
struct DutyNow {
  int64_t site_id = 0;
  int32_t day = 0;
  int minute = 0;
  bool working_day = true;
  bool in_required_time = false;  // desk hours (or a lunch break needing a cover) now
  std::vector<DutyEntry> on_duty;
  std::optional<Gap> gap_now, next_gap;  // today's
  std::vector<Handover> open_handovers;
  std::optional<int64_t> my_staff_id;  // the caller's staff record at this desk, if any
  bool i_am_on_duty = false;
  std::optional<Handover> my_handover;  // the caller's open hand-over (they left the desk)
};
Result<DutyNow> Now(db::Pool& pool, const auth::Principal& p, int64_t site_id, int64_t now);

// DESK-1: a clerk leaving the desk hands over to a named colleague of the same site (a
// staff member of the site, or on its roster today, with a login), recorded with time and
// reason; the colleague is told and asked to confirm. `from_staff_id` defaults to the
// caller's own staff record; naming someone else takes roster.write.
// Errors: kInvalidArgument on from_staff_id ("roster.not_a_clerk" when the caller has no
// staff record), to_staff_id (unknown, no login, "roster.not_same_site",
// "roster.handover_to_self"), reason (validation.required); kForbidden for someone else's
// hand-over without roster.write; kConflict "roster.not_on_duty" on from_staff_id when the
// clerk is not on duty at this desk now, "roster.already_handed_over" when they have an
// open hand-over.
Result<Handover> HandOver(const Ctx& c, int64_t site_id, std::optional<int64_t> from_staff_id,
                          int64_t to_staff_id, const std::string& reason);
// The colleague confirms having taken over. Errors: kForbidden "roster.not_yours" unless
// the caller is the colleague; kConflict "roster.handover_ended" after the end,
// "roster.already_confirmed".
Result<Handover> ConfirmHandover(const Ctx& c, int64_t id);
// Coming back ends the hand-over (the clerk who left, the colleague, or roster.write).
// Errors: kForbidden "roster.not_yours"; kConflict "roster.handover_ended".
Result<Handover> EndHandover(const Ctx& c, int64_t id);
Result<std::vector<Handover>> ListHandovers(db::Pool& pool, const auth::Principal& p,
                                            int64_t site_id, int64_t from_ms, int64_t to_ms);

// Who is warned about a site's gaps (none named = every admin clerk).
Result<SiteSettings> GetSiteSettings(db::Pool& pool, int64_t site_id);
// Errors: kInvalidArgument on warn_user_id (validation.unknown_reference); kNotFound site.
Result<SiteSettings> PutSiteSettings(const Ctx& c, int64_t site_id,
                                     std::optional<int64_t> warn_user_id);

// The clerks of a site (staff there with a login), for pickers.
Result<std::vector<Clerk>> Clerks(db::Pool& pool, int64_t site_id);

// The caller's own roster: their staff records, shifts from today for `days` days, their
// absences and open hand-overs.
struct MyRoster {
  bool linked = false;  // the account has a staff record
  std::vector<Shift> shifts;
  std::vector<Absence> absences;
  std::vector<Handover> handovers;
};
Result<MyRoster> Mine(db::Pool& pool, const auth::Principal& p, int64_t now, int32_t days);

// ---------------------------------------------------------------- conduct (DESK-2)

struct ViolationInput {
  int64_t staff_id = 0;
  std::optional<int64_t> site_id;  // default: the clerk's site
  int32_t day = 0;
  std::string kind = "other";
  std::string details;
  Severity severity = Severity::kMinor;
  std::optional<int64_t> fine_fen;  // serious only; default the lowest fine
};
// The supervisor logs a violation; the clerk is told. Errors: kInvalidArgument on staff_id
// (unknown), site_id ("roster.site_required" when the clerk has no site and none is given),
// date ("conduct.future_date"), fine_fen (out of range; "conduct.fine_minor" on a minor
// one).
Result<Violation> CreateViolation(const Ctx& c, const ViolationInput& in);
Result<Violation> UpdateViolation(const Ctx& c, int64_t id, const ViolationInput& in);
Status DeleteViolation(const Ctx& c, int64_t id);
// The clerk's appeal or explanation on their own violation (or the supervisor's record of
// it). Errors: kForbidden "conduct.not_yours".
Result<Violation> Appeal(const Ctx& c, int64_t id, const std::string& text);

struct ViolationQuery {
  std::optional<int64_t> site_id, staff_id;
  int32_t from = 0, to = 0;  // days, inclusive
};
Result<std::vector<Violation>> ListViolations(db::Pool& pool, const auth::Principal& p,
                                              const ViolationQuery& q);

// One clerk's month.
struct ClerkMonth {
  Clerk clerk;
  int32_t month = 0;
  MonthEvaluation eval;
  MonthNote note;
  std::optional<int32_t> last_training;
  std::vector<Violation> violations;
};
// DESK-2: the monthly evaluation of every clerk of a site (its clerks, and whoever has a
// violation there that month). conduct.read.
Result<std::vector<ClerkMonth>> MonthReport(db::Pool& pool, const auth::Principal& p,
                                            int64_t site_id, int32_t month);
// The supervisor's note on a clerk's month and the training given. Errors: kInvalidArgument
// on training_on ("conduct.training_month" outside the month).
Result<ClerkMonth> PutMonthNote(const Ctx& c, int64_t staff_id, int32_t month,
                                const std::string& note, std::optional<int32_t> training_on);
// The caller's own months (their staff records), for "my records".
Result<std::vector<ClerkMonth>> MyConduct(db::Pool& pool, const auth::Principal& p, int32_t month);
// The rules' numbers as configured now.
Result<ConductRules> CurrentConductRules(db::Connection& c);

// Registers the handlers of the roster tasks: gap warnings (ahead and at the start), the
// daily refresh of a site's warnings, the unconfirmed hand-over.
void RegisterTaskHandlers(tasks::Scheduler& scheduler);

}  // namespace yingbin::roster
