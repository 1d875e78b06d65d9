#include "conferences/rules.hpp"

#include <algorithm>
#include <tuple>

namespace yingbin::conferences::rules {

constexpr int64_t kMinuteMs = 60'000;

const char* const kDiets[4] = {"normal", "halal", "vegetarian", "other"};

// PLAN-9: two sharers to a twin room.
int64_t RoomsNeeded(int64_t singles, int64_t sharers) {
  return std::max<int64_t>(0, singles) + (std::max<int64_t>(0, sharers) + 1) / 2;
}

bool FitsQuota(int64_t quota_rooms, int64_t singles, int64_t sharers) {
  return RoomsNeeded(singles, sharers) <= quota_rooms;
}

int64_t Nights(std::optional<int32_t> arrival_day, std::optional<int32_t> departure_day,
               int32_t start_date, int32_t end_date) {
  const int32_t in = arrival_day.value_or(start_date);
  const int32_t out = departure_day.value_or(end_date);
  return std::max<int64_t>(1, int64_t{out} - in);
}

int64_t LodgingFen(int64_t price_per_night_fen, int64_t nights, bool shared) {
  const int64_t room = price_per_night_fen * nights;
  return shared ? (room + 1) / 2 : room;
}

bool AttendsMeal(int64_t present_from, int64_t present_until, int64_t meal_at,
                 int64_t meal_minutes) {
  return present_from < meal_at + meal_minutes * kMinuteMs && present_until > meal_at;
}

std::vector<DelegationDue> Fees(std::vector<Charge> charges, const WaiverRules& rules) {
  std::stable_sort(charges.begin(), charges.end(), [](const Charge& a, const Charge& b) {
    return std::tie(a.organisation, a.delegate_id) < std::tie(b.organisation, b.delegate_id);
  });
  std::vector<DelegationDue> out;
  for (size_t i = 0; i < charges.size();) {
    size_t j = i;
    while (j < charges.size() && charges[j].organisation == charges[i].organisation) ++j;
    DelegationDue d;
    d.organisation = charges[i].organisation;
    d.delegates = static_cast<int64_t>(j - i);
    bool head_waived = false, liaison_waived = false;
    int64_t heads = 0;
    // PLAN-9: one liaison is free only when the delegation is larger than N.
    const bool liaison_qualifies = rules.liaison_free && d.delegates > rules.liaison_free_above;
    for (size_t k = i; k < j; ++k) {
      ChargeLine line;
      line.charge = charges[k];
      const std::string& role = charges[k].role;
      if (role == "head") ++heads;
      // PLAN-9: the head of the delegation is free (the first one registered).
      if (role == "head" && rules.head_free && !head_waived) {
        line.waiver = "head";
        head_waived = true;
      } else if (role == "liaison" && liaison_qualifies && !liaison_waived) {
        line.waiver = "liaison";
        liaison_waived = true;
      }
      const int64_t gross = line.charge.gross_fen();
      line.due_fen = line.waiver.empty() ? gross : 0;
      d.gross_fen += gross;
      d.waived_fen += gross - line.due_fen;
      d.due_fen += line.due_fen;
      d.lines.push_back(std::move(line));
    }
    d.several_heads = heads > 1;
    out.push_back(std::move(d));
    i = j;
  }
  return out;
}

std::vector<PickupRun> PickupRuns(std::vector<Traveller> travellers, int64_t window_minutes) {
  const int64_t window = std::max<int64_t>(1, window_minutes) * kMinuteMs;
  std::stable_sort(travellers.begin(), travellers.end(),
                   [](const Traveller& a, const Traveller& b) {
                     return std::tie(a.at, a.delegate_id) < std::tie(b.at, b.delegate_id);
                   });
  std::vector<PickupRun> out;
  for (const auto& t : travellers) {
    const int64_t into_day = std::max<int64_t>(0, t.at - t.day_start);
    const int64_t from = t.day_start + into_day / window * window;
    if (out.empty() || out.back().from != from) out.push_back(PickupRun{from, from + window, {}});
    out.back().delegate_ids.push_back(t.delegate_id);
  }
  return out;
}

std::map<std::string, int64_t> DietCounts(const std::vector<std::string>& diets) {
  std::map<std::string, int64_t> out;
  for (const char* d : kDiets) out[d] = 0;
  for (const auto& d : diets) ++out[d];
  return out;
}

namespace {

std::string Status(const ReconRow& r) {
  if (r.line_ids.empty()) return r.expected_quantity == 0 ? "match" : "unbilled";
  const int64_t diff = r.amount_diff ? *r.amount_diff : r.quantity_diff;
  if (diff > 0) return "over";
  if (diff < 0) return "under";
  if (r.quantity_diff > 0) return "over";
  if (r.quantity_diff < 0) return "under";
  return "match";
}

}  // namespace

Reconciliation Reconcile(const std::vector<Expected>& expected,
                         const std::vector<BilledLine>& lines) {
  Reconciliation out;
  std::vector<bool> used(lines.size(), false);
  for (const auto& e : expected) {
    ReconRow row{};
    row.category = e.category;
    row.ref_id = e.ref_id;
    row.label = e.label;
    row.expected_quantity = e.quantity;
    if (e.unit_price_fen) row.expected_fen = e.quantity * *e.unit_price_fen;
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto& l = lines[i];
      if (used[i] || l.category != e.category || !l.ref_id || *l.ref_id != e.ref_id) continue;
      used[i] = true;
      row.line_ids.push_back(l.line_id);
      row.billed_quantity += l.quantity;
      row.billed_fen += l.quantity * l.unit_price_fen;
    }
    row.quantity_diff = row.billed_quantity - row.expected_quantity;
    if (row.expected_fen) row.amount_diff = row.billed_fen - *row.expected_fen;
    row.status = Status(row);
    out.expected_fen += row.expected_fen.value_or(0);
    out.rows.push_back(std::move(row));
  }
  // Lines for nothing expected: "other" costs, or a reference no longer known.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (used[i]) continue;
    const auto& l = lines[i];
    ReconRow row;
    row.category = l.category;
    row.ref_id = l.ref_id;
    row.billed_quantity = l.quantity;
    row.billed_fen = l.quantity * l.unit_price_fen;
    row.quantity_diff = l.quantity;
    row.amount_diff = row.billed_fen;
    row.status = "unexpected";
    row.line_ids.push_back(l.line_id);
    out.rows.push_back(std::move(row));
  }
  for (const auto& r : out.rows) {
    out.billed_fen += r.billed_fen;
    if (r.status != "match") ++out.mismatches;
  }
  out.difference_fen = out.billed_fen - out.expected_fen;
  return out;
}

}  // namespace yingbin::conferences::rules
