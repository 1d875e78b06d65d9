#include "receptions/documents.hpp"

#include <algorithm>
#include <set>

#include "meetings/service.hpp"
#include "org/service.hpp"
#include "receptions/execution.hpp"
#include "receptions/execution_rules.hpp"
#include "receptions/execution_store.hpp"
#include "receptions/internal.hpp"
#include "receptions/store.hpp"

namespace yingbin::receptions {
namespace {

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "、" : "") + parts[i];
  return out;
}

// One item as an event: the place, the vehicle, the people on duty, the notes.
meetings::ics::Event EventOf(const Reception& r, const Item& it, const std::vector<Duty>& duties,
                             int64_t now) {
  meetings::ics::Event e;
  e.uid = "reception-item-" + std::to_string(it.id) + "@yingbin";
  e.sequence = r.version;
  e.stamp = now;
  e.start_at = it.start_at;
  e.end_at = it.end_at;
  e.summary = it.activity + "（" + r.visiting_unit + "）";
  e.location = it.venue_name.empty() ? it.place : it.venue_name;
  e.status = r.status == State::kCancelled ? "CANCELLED" : "CONFIRMED";
  std::string d = "接待：" + r.number + " " + r.title;
  if (!e.location.empty()) d += "\n地点：" + e.location;
  if (!it.vehicle.empty()) d += "\n车辆：" + it.vehicle;
  std::vector<std::string> people;
  for (const auto& duty : duties) {
    if (duty.item_id != it.id || !duty.staff_id) continue;
    std::vector<std::string> roles;
    for (const auto& role : duty.roles) roles.push_back(RoleLabel(role));
    people.push_back(duty.staff_name + "（" + Joined(roles) + "）");
  }
  if (!people.empty()) d += "\n人员：" + Joined(people);
  if (!it.notes.empty()) d += "\n备注：" + it.notes;
  e.description = d;
  return e;
}

}  // namespace

Result<std::string> ItineraryIcs(const Ctx& c, int64_t id) {
  if (!c.actor.Can("receptions.read")) return core::Forbidden();
  auto lease = c.pool.Acquire();
  if (!lease) return std::move(lease).error();
  auto r = internal::FindVisible(**lease, c.actor, id);
  if (!r) return std::move(r).error();
  auto cal = org::SiteCalendar(**lease, r->site_id);
  if (!cal) return std::move(cal).error();
  const auto duties = PlanDuties(*r, TaskTiming{}, c.now);
  std::vector<meetings::ics::Event> events;
  for (const auto& it : r->items) events.push_back(EventOf(*r, it, duties, c.now));
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return a.start_at < b.start_at; });
  return meetings::ics::Calendar("PUBLISH", cal->time_zone, events,
                                 "接待日程 · " + r->number + " " + r->title);
}

Result<std::vector<meetings::ics::Event>> FeedEvents(db::Connection& c,
                                                     const std::vector<int64_t>& staff_ids,
                                                     int64_t from, int64_t to, int64_t now) {
  std::vector<meetings::ics::Event> out;
  auto ids = store::ReceptionsOfStaff(c, staff_ids, from, to);
  if (!ids) return std::move(ids).error();
  const std::set<int64_t> mine(staff_ids.begin(), staff_ids.end());
  for (int64_t id : *ids) {
    auto r = store::FindReception(c, id);
    if (!r) return std::move(r).error();
    if (!*r) continue;
    const auto duties = PlanDuties(**r, TaskTiming{}, now);
    for (const auto& it : (*r)->items) {
      if (it.end_at <= from || it.start_at >= to) continue;
      const bool on_duty = std::any_of(duties.begin(), duties.end(), [&](const Duty& d) {
        if (d.item_id != it.id) return false;
        if (d.staff_id && mine.count(*d.staff_id)) return true;
        return std::any_of(d.backup_staff_ids.begin(), d.backup_staff_ids.end(),
                           [&](int64_t b) { return mine.count(b) > 0; });
      });
      if (on_duty) out.push_back(EventOf(**r, it, duties, now));
    }
  }
  return out;
}

void RegisterFeedSource() {
  static const bool once = [] {
    meetings::AddFeedSource(FeedEvents);
    return true;
  }();
  (void)once;
}

}  // namespace yingbin::receptions
