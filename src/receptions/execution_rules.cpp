#include "receptions/execution_rules.hpp"

#include <algorithm>
#include <map>

namespace yingbin::receptions {
namespace {

constexpr int64_t kMinuteMs = 60'000;

template <class T>
bool Has(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Joined(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
  return out;
}

}  // namespace

const std::vector<std::string_view>& ResponsibleRoles(std::string_view kind) {
  static const std::map<std::string_view, std::vector<std::string_view>, std::less<>> kRoles = {
      {"pickup", {"driver", "greeter"}},
      {"lodging", {"logistics", "greeter"}},
      {"meeting", {"recorder"}},
      {"meal", {"logistics"}},
      {"see_off", {"greeter", "driver"}},
      {"farewell", {"greeter", "driver"}},
      {"visit", {"guide"}},
      {"leisure", {"guide"}},
      {"work", {"recorder"}},
      {"ceremony", {"logistics", "greeter"}},
      {"gift", {"logistics"}},
  };
  static const std::vector<std::string_view> kNone;
  auto it = kRoles.find(kind);
  return it == kRoles.end() ? kNone : it->second;
}

std::string RoleLabel(std::string_view role) {
  static const std::map<std::string_view, std::string_view, std::less<>> kLabels = {
      {"greeter", "迎宾"}, {"guide", "讲解陪同"},   {"recorder", "记录"}, {"logistics", "后勤"},
      {"driver", "司机"},  {"interpreter", "翻译"}, {"security", "安保"}, {"other", "其他"},
      {"host", "主陪"},    {"accompany", "陪同"},   {"planner", "经办"}};
  auto it = kLabels.find(role);
  return it == kLabels.end() ? std::string(role) : std::string(it->second);
}

std::vector<Duty> PlanDuties(const Reception& r, const TaskTiming& timing, int64_t now) {
  std::vector<const Item*> items;
  for (const auto& it : r.items) items.push_back(&it);
  std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) {
    return a->start_at != b->start_at ? a->start_at < b->start_at : a->id < b->id;
  });
  std::vector<Duty> out;
  for (const Item* it : items) {
    std::vector<Duty> mine;
    auto add = [&](std::optional<int64_t> staff, const std::string& name, const std::string& role,
                   std::optional<int64_t> backup, const std::string& backup_name) {
      auto d = std::find_if(mine.begin(), mine.end(),
                            [&](const Duty& x) { return x.staff_id == staff; });
      if (d == mine.end()) {
        Duty n;
        n.item_id = it->id;
        n.day = it->day;
        n.staff_id = staff;
        n.staff_name = name;
        mine.push_back(std::move(n));
        d = mine.end() - 1;
      }
      if (!Has(d->roles, role)) d->roles.push_back(role);
      if (backup && *backup != staff && !Has(d->backup_staff_ids, *backup)) {
        d->backup_staff_ids.push_back(*backup);
        d->backup_names.push_back(backup_name);
      }
    };
    // PLAN-6: the meeting with the leader is the main host's.
    if (it->kind == "meeting" && r.host_staff_id) add(r.host_staff_id, r.host_name, "host", {}, "");
    for (auto role : ResponsibleRoles(it->kind))
      for (const auto& s : r.staff)
        if (s.role == role)
          add(s.staff_a_id, s.staff_a_name, std::string(role), s.staff_b_id, s.staff_b_name);
    for (size_t i = 0; i < it->staff_ids.size(); ++i)
      add(it->staff_ids[i], i < it->staff_names.size() ? it->staff_names[i] : "", "accompany", {},
          "");
    if (mine.empty()) add(std::nullopt, "", "planner", {}, "");
    const int64_t lead =
        (it->kind == "pickup" ? timing.pickup_lead_minutes : timing.lead_minutes) * kMinuteMs;
    for (size_t i = 0; i < mine.size(); ++i) {
      Duty& d = mine[i];
      d.lead = i == 0;
      d.due_at = it->start_at - lead;
      d.escalate_at = std::max(it->start_at, now) + timing.escalate_minutes * kMinuteMs;
      std::vector<std::string> labels;
      for (const auto& role : d.roles) labels.push_back(RoleLabel(role));
      d.title = it->activity + "（" + Joined(labels, "、") + "）";
      out.push_back(std::move(d));
    }
  }
  return out;
}

TaskChanges DiffTasks(const std::vector<Duty>& want, const std::vector<TaskRow>& have) {
  TaskChanges out;
  std::vector<bool> used(have.size(), false);
  for (size_t w = 0; w < want.size(); ++w) {
    const Duty& d = want[w];
    // The person's task at this item: an open one first, else the latest done one.
    std::optional<size_t> open, done;
    for (size_t h = 0; h < have.size(); ++h) {
      if (used[h] || have[h].item_id != d.item_id || have[h].staff_id != d.staff_id) continue;
      if (have[h].open && !open) open = h;
      if (!have[h].open && (!done || have[h].task_id > have[*done].task_id)) done = h;
    }
    if (open) {
      used[*open] = true;
      const TaskRow& t = have[*open];
      if (t.due_at != d.due_at || t.title != d.title || t.backup_staff_ids != d.backup_staff_ids)
        out.move.emplace_back(t.task_id, w);
    } else if (done) {
      used[*done] = true;
      if (have[*done].due_at != d.due_at) out.create.push_back(w);
    } else {
      out.create.push_back(w);
    }
  }
  for (size_t h = 0; h < have.size(); ++h)
    if (!used[h] && have[h].open) out.cancel.push_back(have[h].task_id);
  return out;
}

std::string ItemChange(const Item& a, const Item& b) {
  std::vector<std::string> parts;
  if (a.day != b.day || a.start_min != b.start_min || a.end_min != b.end_min)
    parts.push_back("时间改为 " + ItemLabel(b).substr(0, 16));
  if (a.place != b.place || a.venue_id != b.venue_id)
    parts.push_back("地点改为 " + (b.venue_name.empty() ? b.place : b.venue_name));
  if (a.activity != b.activity) parts.push_back("事项改为 " + b.activity);
  if (a.vehicle != b.vehicle) parts.push_back("车辆改为 " + b.vehicle);
  if (a.staff_ids != b.staff_ids) parts.push_back("陪同人员有变");
  if (a.notes != b.notes) parts.push_back("备注有变");
  if (a.menu != b.menu) parts.push_back("菜单有变");
  return Joined(parts, "；");
}

Actuals CompareActual(const Budget& budget, const std::vector<Cost>& costs,
                      std::optional<int64_t> approved_fen) {
  Actuals out;
  out.approved_fen = approved_fen;
  for (const auto& b : budget.rows) {
    ActualRow row;
    row.source = b.source;
    row.source_id = b.source_id;
    row.category = b.category;
    row.label = b.label;
    row.day = b.day;
    row.planned_fen = b.planned_fen;
    out.rows.push_back(std::move(row));
  }
  const size_t planned_rows = out.rows.size();
  for (const auto& c : costs) {
    ActualRow* target = nullptr;
    if (c.source != "extra" && c.source_id)
      for (size_t i = 0; i < planned_rows; ++i)
        if (out.rows[i].source == c.source && out.rows[i].source_id == c.source_id)
          target = &out.rows[i];
    if (!target) {
      ActualRow row;
      row.source = "extra";
      row.category = c.category;
      row.label = c.description;
      out.rows.push_back(std::move(row));
      target = &out.rows.back();
    }
    target->actual_fen += c.amount_fen;
    target->costs += 1;
  }
  std::map<std::string, Actuals::Category> sums;
  for (auto& row : out.rows) {
    row.over = row.actual_fen > row.planned_fen;
    auto& s = sums[row.category];
    s.category = row.category;
    s.planned_fen += row.planned_fen;
    s.actual_fen += row.actual_fen;
    out.planned_fen += row.planned_fen;
    out.actual_fen += row.actual_fen;
  }
  for (auto cat : BudgetCategories()) {
    auto it = sums.find(std::string(cat));
    if (it == sums.end() || (it->second.planned_fen == 0 && it->second.actual_fen == 0)) continue;
    it->second.over = it->second.actual_fen > it->second.planned_fen;
    out.by_category.push_back(it->second);
  }
  out.over = out.actual_fen > approved_fen.value_or(out.planned_fen);
  return out;
}

int64_t FollowupDue(const std::vector<Guest>& guests, const std::vector<Item>& items,
                    int64_t visit_end, int64_t travel_hours) {
  std::optional<int64_t> last;
  for (const auto& g : guests)
    if (g.departure_at && (!last || *g.departure_at > *last)) last = g.departure_at;
  if (!last) {
    for (const auto& it : items)
      if (!last || it.end_at > *last) last = it.end_at;
  }
  return last.value_or(visit_end) + travel_hours * 60 * kMinuteMs;
}

}  // namespace yingbin::receptions
