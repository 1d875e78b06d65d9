#include "receptions/rules.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/time.hpp"

namespace yingbin::receptions {
namespace {

bool Overlap(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to) {
  return a_from < b_to && b_from < a_to;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A vehicle as written by different planners: "沪A 12345" and "沪a12345" are one car.
std::string VehicleKey(std::string_view v) {
  std::string out;
  for (char c : v)
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '-')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The menu words that break each taboo (simplified and traditional Chinese, English; menus
// are matched case-insensitively by substring). Not a setting: words, not numbers.
const std::map<std::string, std::vector<std::string>, std::less<>>& TabooWordTable() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kWords = {
      {"no_pork",
       {"猪", "豬", "火腿", "培根", "腊肉", "臘肉", "叉烧", "叉燒", "pork", "ham", "bacon",
        "lard"}},
      {"no_beef", {"牛肉", "牛排", "牛腩", "牛柳", "肥牛", "beef", "steak", "veal"}},
      {"no_seafood",
       {"海鲜",   "海鮮",  "虾",   "蝦",   "蟹",      "鱼",     "魚",   "贝",   "貝",
        "蚝",     "蠔",    "鲍",   "鮑",   "海参",    "海參",   "鱿",   "魷",   "seafood",
        "shrimp", "prawn", "crab", "fish", "lobster", "oyster", "clam", "squid"}},
      {"no_alcohol", {"酒", "wine", "beer", "liquor", "baijiu"}},
      {"vegetarian",
       {"肉",    "猪",   "豬",     "牛排", "牛腩", "肥牛",  "羊排",   "涮羊",   "鸡",      "雞",
        "鸭",    "鴨",   "鹅",     "鵝",   "鱼",   "魚",    "虾",     "蝦",     "蟹",      "火腿",
        "培根",  "海鲜", "海鮮",   "meat", "pork", "beef",  "lamb",   "mutton", "chicken", "duck",
        "goose", "fish", "shrimp", "crab", "ham",  "bacon", "seafood"}},
  };
  return kWords;
}

// halal: pork and alcohol (and lard).
std::vector<std::string> WordsOf(std::string_view taboo) {
  const auto& table = TabooWordTable();
  if (taboo == "halal") {
    std::vector<std::string> out = table.find("no_pork")->second;
    const auto& drink = table.find("no_alcohol")->second;
    out.insert(out.end(), drink.begin(), drink.end());
    return out;
  }
  auto it = table.find(taboo);
  return it == table.end() ? std::vector<std::string>{} : it->second;
}

// Splits an allergy text ("花生、芒果; shellfish") into its words.
std::vector<std::string> AllergyWords(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ',' || c == ';' || c == '/' || c == '\n' || c == '\t' || c == ' ') {
      flush();
      ++i;
      continue;
    }
    // Chinese separators: ， 、 ； (3-byte UTF-8).
    if (text.compare(i, 3, "，") == 0 || text.compare(i, 3, "、") == 0 ||
        text.compare(i, 3, "；") == 0) {
      flush();
      i += 3;
      continue;
    }
    cur += static_cast<char>(c);
    ++i;
  }
  flush();
  return out;
}

std::string TwoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

// ---------------------------------------------------------------- names

const char* StateName(State s) {
  switch (s) {
    case State::kDraft:
      return "draft";
    case State::kSubmitted:
      return "submitted";
    case State::kApproved:
      return "approved";
    case State::kRejected:
      return "rejected";
    case State::kInProgress:
      return "in_progress";
    case State::kCompleted:
      return "completed";
    case State::kArchived:
      return "archived";
    case State::kCancelled:
      return "cancelled";
  }
  return "draft";
}

std::optional<State> ParseState(std::string_view s) {
  for (State st : {State::kDraft, State::kSubmitted, State::kApproved, State::kRejected,
                   State::kInProgress, State::kCompleted, State::kArchived, State::kCancelled})
    if (s == StateName(st)) return st;
  return std::nullopt;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kHigh:
      return "high";
    case Level::kEqual:
      return "equal";
    case Level::kLow:
      return "low";
  }
  return "equal";
}

std::optional<Level> ParseLevel(std::string_view s) {
  for (Level l : {Level::kHigh, Level::kEqual, Level::kLow})
    if (s == LevelName(l)) return l;
  return std::nullopt;
}

bool IsOpen(State s) {
  return s == State::kDraft || s == State::kSubmitted || s == State::kApproved ||
         s == State::kRejected;
}

const std::vector<std::string_view>& ItemKinds() {
  static const std::vector<std::string_view> k = {"pickup",  "lodging",  "work",    "visit",
                                                  "meeting", "meal",     "leisure", "ceremony",
                                                  "gift",    "farewell", "see_off"};
  return k;
}
const std::vector<std::string_view>& MealTypes() {
  static const std::vector<std::string_view> k = {"lunch", "dinner", "other"};
  return k;
}
const std::vector<std::string_view>& StaffRoles() {
  static const std::vector<std::string_view> k = {"greeter", "guide",       "recorder", "logistics",
                                                  "driver",  "interpreter", "security", "other"};
  return k;
}
const std::vector<std::string_view>& KeyStaffRoles() {
  static const std::vector<std::string_view> k = {"greeter", "guide", "recorder", "logistics"};
  return k;
}
const std::vector<std::string_view>& ContingencyKinds() {
  static const std::vector<std::string_view> k = {"backup_room", "emergency_vehicle", "weather",
                                                  "medical", "other"};
  return k;
}
const std::vector<std::string_view>& BudgetCategories() {
  static const std::vector<std::string_view> k = {
      "hospitality", "lodging",       "meals",     "transport", "materials", "venue",
      "labour",      "entertainment", "souvenirs", "publicity", "other"};
  return k;
}
const std::vector<std::string_view>& TabooTags() {
  static const std::vector<std::string_view> k = {"halal",   "vegetarian", "no_pork",
                                                  "no_beef", "no_seafood", "no_alcohol"};
  return k;
}
const std::vector<std::string_view>& Intents() {
  static const std::vector<std::string_view> k = {"official", "meeting",   "inspection", "visit",
                                                  "business", "technical", "other"};
  return k;
}
const std::vector<std::string_view>& Transports() {
  static const std::vector<std::string_view> k = {"flight", "train", "car", "other"};
  return k;
}

// ---------------------------------------------------------------- GEN-4

std::optional<Level> ComputeLevel(std::optional<int64_t> host_rank,
                                  std::optional<int64_t> guest_rank, int64_t equal_band) {
  if (!host_rank || !guest_rank) return std::nullopt;
  const int64_t diff = *host_rank - *guest_rank;
  if (diff > equal_band) return Level::kHigh;
  if (diff < -equal_band) return Level::kLow;
  return Level::kEqual;
}

const Guest* ChiefGuest(const std::vector<Guest>& guests) {
  if (guests.empty()) return nullptr;
  for (const auto& g : guests)
    if (g.is_chief) return &g;
  const Guest* best = &guests.front();
  for (const auto& g : guests)
    if (g.rank && (!best->rank || *g.rank > *best->rank)) best = &g;
  return best;
}

bool HighLevelTooOften(int64_t high_level_count, int64_t max_count) {
  return high_level_count > max_count;
}

// ---------------------------------------------------------------- PLAN-5

int64_t ExtraGuests(int64_t guests, int64_t base_guests) {
  return std::max<int64_t>(0, guests - base_guests);
}

std::optional<int64_t> MealCap(const StandardLine& s, std::string_view meal_type, int64_t guests,
                               int64_t base_guests) {
  const int64_t extra = s.meal_increment_fen * ExtraGuests(guests, base_guests);
  if (meal_type == "lunch") return s.lunch_cap_fen + extra;
  if (meal_type == "dinner") return s.dinner_cap_fen + extra;
  return std::nullopt;
}

int64_t EntertainmentCap(const StandardLine& s, int64_t guests, int64_t base_guests) {
  if (!s.entertainment_cap_fen) return 0;
  return *s.entertainment_cap_fen +
         s.entertainment_increment_fen * ExtraGuests(guests, base_guests);
}

int64_t LodgingCap(const StandardLine& s, int64_t room_nights) {
  if (!s.lodging_cap_fen) return 0;
  return *s.lodging_cap_fen * room_nights;
}

std::optional<std::string> ItemCategory(std::string_view kind) {
  if (kind == "meal") return "meals";
  if (kind == "lodging") return "lodging";
  if (kind == "leisure") return "entertainment";
  if (kind == "gift") return "souvenirs";
  if (kind == "pickup" || kind == "see_off") return "transport";
  if (kind == "meeting") return "venue";
  if (kind == "ceremony" || kind == "farewell") return "hospitality";
  if (kind == "visit" || kind == "work") return "other";
  return std::nullopt;
}

Budget ComputeBudget(const BudgetInput& in) {
  Budget b;
  b.has_standard = in.standard.has_value();
  if (in.standard) {
    b.vehicle_class = in.standard->vehicle_class;
    b.accompany = in.standard->accompany;
  }
  std::map<std::string, int64_t> sums;
  // Lodging and entertainment are capped per visit; meals one by one.
  int64_t room_nights = 0, lodging_planned = 0, fun_planned = 0;
  bool any_lodging = false, any_fun = false;

  for (const auto& it : in.items) {
    auto cat = ItemCategory(it.kind);
    if (!cat) continue;
    const bool costed = it.planned_fen.has_value();
    const bool meal_check =
        it.kind == "meal" && (it.meal_type == "lunch" || it.meal_type == "dinner");
    if (!costed && !meal_check && it.kind != "lodging") continue;
    BudgetRow row;
    row.source = "item";
    row.source_id = it.id;
    row.category = *cat;
    row.label = it.activity;
    row.day = it.day;
    row.planned_fen = it.planned_fen.value_or(0);
    if (it.kind == "lodging") {
      row.quantity = std::max<int64_t>(1, it.rooms * it.nights);
      row.cap_key = "lodging";
      room_nights += it.rooms * it.nights;
      lodging_planned += row.planned_fen;
      any_lodging = true;
    } else if (it.kind == "leisure") {
      row.cap_key = "entertainment";
      fun_planned += row.planned_fen;
      any_fun = true;
    } else if (meal_check) {
      row.cap_key = "meal:" + std::to_string(it.id);
      if (in.standard) {
        const int64_t guests = it.diners_guests.value_or(in.guest_count);
        CapCheck c;
        c.key = row.cap_key;
        c.category = "meals";
        c.item_id = it.id;
        c.label = ItemLabel(it);
        c.cap_fen = *MealCap(*in.standard, it.meal_type, guests, in.base_guests);
        c.planned_fen = row.planned_fen;
        b.checks.push_back(std::move(c));
      }
    }
    sums[row.category] += row.planned_fen;
    b.total_fen += row.planned_fen;
    b.rows.push_back(std::move(row));
  }
  for (const auto& l : in.lines) {
    BudgetRow row;
    row.source = "line";
    row.source_id = l.id;
    row.category = l.category;
    row.label = l.description;
    row.quantity = l.quantity;
    row.planned_fen = l.planned_fen;
    if (l.category == "lodging") {
      row.cap_key = "lodging";
      room_nights += l.quantity;
      lodging_planned += l.planned_fen;
      any_lodging = true;
    } else if (l.category == "entertainment") {
      row.cap_key = "entertainment";
      fun_planned += l.planned_fen;
      any_fun = true;
    }
    sums[row.category] += row.planned_fen;
    b.total_fen += row.planned_fen;
    b.rows.push_back(std::move(row));
  }
  if (in.standard && any_lodging) {
    CapCheck c;
    c.key = "lodging";
    c.category = "lodging";
    c.cap_fen = LodgingCap(*in.standard, room_nights);
    c.planned_fen = lodging_planned;
    b.checks.push_back(std::move(c));
  }
  if (in.standard && any_fun) {
    CapCheck c;
    c.key = "entertainment";
    c.category = "entertainment";
    c.cap_fen = EntertainmentCap(*in.standard, in.guest_count, in.base_guests);
    c.planned_fen = fun_planned;
    b.checks.push_back(std::move(c));
  }
  for (auto& c : b.checks) {
    c.over = c.planned_fen > c.cap_fen;
    for (const auto& a : in.approvals)
      if (a.key == c.key) c.approved_fen = a.approved_fen;
    c.needs_approval = c.over && (!c.approved_fen || c.planned_fen > *c.approved_fen);
    if (c.needs_approval) ++b.needing_approval;
  }
  for (auto cat : BudgetCategories()) {
    auto it = sums.find(std::string(cat));
    if (it != sums.end() && it->second != 0) b.by_category.emplace_back(it->first, it->second);
  }
  return b;
}

// ---------------------------------------------------------------- PLAN-4

std::optional<ApprovalRule> MatchRule(const std::vector<ApprovalRule>& rules, int64_t total_fen,
                                      std::string_view grade_code, bool foreign) {
  for (const auto& r : rules) {
    if (!r.active) continue;
    if (total_fen < r.min_total_fen) continue;
    if (r.max_total_fen && total_fen >= *r.max_total_fen) continue;
    if (!r.grade_code.empty() && r.grade_code != grade_code) continue;
    if (r.foreign && *r.foreign != foreign) continue;
    return r;
  }
  return std::nullopt;
}

bool NeedsReapproval(int64_t approved_total_fen, const Budget& after) {
  return after.total_fen > approved_total_fen || after.needing_approval > 0;
}

// ---------------------------------------------------------------- submission checks

std::string ItemLabel(const Item& item) {
  return core::FormatDate(item.day) + " " + TwoDigits(item.start_min / 60) + ":" +
         TwoDigits(item.start_min % 60) + " " + item.activity;
}

std::vector<Violation> CheckComplete(const Reception& r, bool has_standard, bool require_backup) {
  std::vector<Violation> out;
  if (r.guests.empty()) out.push_back({"receptions.no_guests", "guests", std::nullopt, {}});
  if (!r.host_staff_id) out.push_back({"validation.required", "host_staff_id", std::nullopt, {}});
  if (r.items.empty()) out.push_back({"receptions.no_items", "items", std::nullopt, {}});
  for (const auto& it : r.items)
    if (it.day < r.start_date || it.day > r.end_date)
      out.push_back({"receptions.item_outside_dates", "items", it.id, {{"item", ItemLabel(it)}}});
  if (!has_standard) out.push_back({"receptions.no_standard", "grade_code", std::nullopt, {}});
  if (require_backup) {
    const auto& key = KeyStaffRoles();
    for (size_t i = 0; i < r.staff.size(); ++i) {
      const StaffRole& s = r.staff[i];
      if (std::find(key.begin(), key.end(), s.role) != key.end() && !s.staff_b_id)
        out.push_back({"receptions.backup_missing",
                       "staff",
                       std::nullopt,
                       {{"row", std::to_string(i + 1)}, {"role", s.role}}});
    }
  }
  return out;
}

// ---------------------------------------------------------------- PLAN-11

int64_t MaxHostDiners(int64_t guests, const OfficialLimits& limits) {
  if (guests <= limits.small_group) return limits.small_group_hosts;
  return limits.hosts_ratio > 0 ? guests / limits.hosts_ratio : guests;
}

std::vector<Violation> CheckOfficial(const Reception& r, const std::vector<std::string>& hotels,
                                     const OfficialLimits& limits) {
  std::vector<Violation> out;
  // PLAN-11: no reception without an official letter (one letter, one visit).
  if (r.letter_no.empty())
    out.push_back({"receptions.letter_required", "letter_no", std::nullopt, {}});
  std::vector<const Item*> sorted;
  for (const auto& it : r.items) sorted.push_back(&it);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Item* a, const Item* b) { return a->start_at < b->start_at; });
  int64_t meals = 0;
  const int64_t guests_total = static_cast<int64_t>(r.guests.size());
  for (const Item* it : sorted) {
    if (it->kind == "meal") {
      // PLAN-11: at most one working meal (per visit; the number is a setting).
      if (++meals > limits.working_meals)
        out.push_back({"receptions.official_meals",
                       "items",
                       it->id,
                       {{"item", ItemLabel(*it)}, {"max", std::to_string(limits.working_meals)}}});
      // PLAN-11: host diners ≤ 3 up to 10 guests, else ≤ a third of the guests.
      const int64_t guests = it->diners_guests.value_or(guests_total);
      const int64_t max_hosts = MaxHostDiners(guests, limits);
      if (it->diners_hosts > max_hosts)
        out.push_back({"receptions.official_hosts",
                       "items",
                       it->id,
                       {{"item", ItemLabel(*it)},
                        {"hosts", std::to_string(it->diners_hosts)},
                        {"max", std::to_string(max_hosts)},
                        {"guests", std::to_string(guests)}}});
    }
    // PLAN-11: no gifts, souvenirs, sightseeing or welcome ceremonies for domestic guests.
    if (!r.foreign && (it->kind == "gift" || it->kind == "leisure" || it->kind == "ceremony"))
      out.push_back({"receptions.official_forbidden_item",
                     "items",
                     it->id,
                     {{"item", ItemLabel(*it)}, {"kind", it->kind}}});
    // PLAN-11: designated hotels at agreed prices.
    if (it->kind == "lodging" && !hotels.empty() &&
        std::find(hotels.begin(), hotels.end(), it->place) == hotels.end()) {
      std::string list;
      for (size_t i = 0; i < hotels.size(); ++i) list += (i ? "、" : "") + hotels[i];
      out.push_back({"receptions.official_hotel",
                     "items",
                     it->id,
                     {{"item", ItemLabel(*it)}, {"place", it->place}, {"hotels", list}}});
    }
  }
  if (!r.foreign)
    for (const auto& l : r.budget_lines)
      if (l.category == "souvenirs" || l.category == "entertainment")
        out.push_back({"receptions.official_forbidden_line",
                       "budget_lines",
                       std::nullopt,
                       {{"line", l.description}, {"category", l.category}}});
  return out;
}

// ---------------------------------------------------------------- taboos and conflicts

std::vector<DietNote> DietaryNotes(const std::vector<Guest>& guests) {
  std::vector<DietNote> out;
  for (auto tag : TabooTags()) {
    int64_t n = 0;
    for (const auto& g : guests)
      if (std::find(g.taboos.begin(), g.taboos.end(), tag) != g.taboos.end()) ++n;
    if (n > 0) out.push_back({std::string(tag), "", n});
  }
  std::map<std::string, int64_t> allergies;
  std::vector<std::string> order;
  for (const auto& g : guests) {
    std::set<std::string> mine;
    for (auto& w : AllergyWords(g.allergies)) {
      const std::string key = Lower(w);
      if (!mine.insert(key).second) continue;
      if (allergies[key]++ == 0) order.push_back(w);
    }
  }
  for (const auto& w : order) out.push_back({"allergy", w, allergies[Lower(w)]});
  return out;
}

std::vector<std::pair<std::string, std::string>> MenuTabooHits(std::string_view menu,
                                                               const std::vector<DietNote>& notes) {
  std::vector<std::pair<std::string, std::string>> out;
  if (menu.empty()) return out;
  const std::string text = Lower(menu);
  for (const auto& n : notes) {
    std::vector<std::string> words =
        n.taboo == "allergy" ? std::vector<std::string>{n.text} : WordsOf(n.taboo);
    for (const auto& w : words) {
      if (w.empty()) continue;
      if (text.find(Lower(w)) != std::string::npos) {
        out.emplace_back(n.taboo == "allergy" ? "allergy" : n.taboo, w);
        break;  // one word names the conflict
      }
    }
  }
  return out;
}

std::vector<Conflict> FindConflicts(const std::vector<Item>& mine,
                                    const std::vector<OtherItem>& others,
                                    const std::vector<Booking>& bookings,
                                    const std::vector<DietNote>& diet) {
  std::vector<Conflict> out;
  auto clash = [&](const Item& a, const Item& b, std::optional<int64_t> other_reception,
                   const std::string& number) {
    if (!Overlap(a.start_at, a.end_at, b.start_at, b.end_at)) return;
    for (int64_t s : a.staff_ids)
      if (std::find(b.staff_ids.begin(), b.staff_ids.end(), s) != b.staff_ids.end()) {
        Conflict c;
        c.kind = "staff";
        c.item_id = a.id;
        c.other_item_id = b.id;
        c.other_reception_id = other_reception;
        c.other_reception_number = number;
        c.staff_id = s;
        out.push_back(std::move(c));
      }
    const std::string va = VehicleKey(a.vehicle);
    if (!va.empty() && va == VehicleKey(b.vehicle)) {
      Conflict c;
      c.kind = "vehicle";
      c.item_id = a.id;
      c.other_item_id = b.id;
      c.other_reception_id = other_reception;
      c.other_reception_number = number;
      c.what = a.vehicle;
      out.push_back(std::move(c));
    }
    if (a.venue_id && b.venue_id && *a.venue_id == *b.venue_id) {
      Conflict c;
      c.kind = "venue";
      c.item_id = a.id;
      c.other_item_id = b.id;
      c.other_reception_id = other_reception;
      c.other_reception_number = number;
      c.venue_id = a.venue_id;
      c.what = a.venue_name;
      out.push_back(std::move(c));
    }
  };
  for (size_t i = 0; i < mine.size(); ++i)
    for (size_t j = i + 1; j < mine.size(); ++j) clash(mine[i], mine[j], std::nullopt, "");
  for (const auto& a : mine)
    for (const auto& o : others)
      if (o.item.reception_id != a.reception_id)
        clash(a, o.item, o.item.reception_id, o.reception_number);
  for (const auto& a : mine) {
    if (!a.venue_id) continue;
    for (const auto& bk : bookings)
      if (bk.venue_id == *a.venue_id && Overlap(a.start_at, a.end_at, bk.busy_from, bk.busy_to)) {
        Conflict c;
        c.kind = "venue";
        c.item_id = a.id;
        c.meeting_id = bk.meeting_id;
        c.venue_id = a.venue_id;
        c.what = bk.title;
        out.push_back(std::move(c));
      }
  }
  // A meal against a guest's taboo (the dietary notes are every guest's).
  for (const auto& a : mine) {
    if (a.kind != "meal") continue;
    for (const auto& [taboo, word] : MenuTabooHits(a.menu, diet)) {
      Conflict c;
      c.kind = "taboo";
      c.item_id = a.id;
      c.taboo = taboo;
      c.what = word;
      out.push_back(std::move(c));
    }
  }
  return out;
}

bool HoldsRooms(State s) { return s != State::kCancelled && s != State::kArchived; }

std::vector<RoomHold> WantedHolds(const Reception& r) {
  std::vector<RoomHold> out;
  if (!HoldsRooms(r.status)) return out;
  for (const auto& it : r.items) {
    if (!it.venue_id) continue;
    RoomHold h;
    h.item_id = it.id;
    h.venue_id = *it.venue_id;
    h.start_at = it.start_at;
    h.end_at = it.end_at;
    h.title = it.activity;
    h.organizer_staff_id = r.host_staff_id;
    h.attendee_count =
        static_cast<int64_t>(r.guests.size()) + static_cast<int64_t>(it.staff_ids.size());
    h.number = r.number;
    h.plan_title = r.title;
    out.push_back(std::move(h));
  }
  return out;
}

HoldChanges DiffHolds(const std::vector<RoomHold>& wanted, const std::vector<HeldRoom>& held) {
  HoldChanges out;
  std::set<int64_t> used;  // bookings kept or moved
  for (const auto& w : wanted) {
    const HeldRoom* mine = nullptr;
    for (const auto& h : held)
      if (h.hold.item_id == w.item_id && !used.count(h.meeting_id)) {
        mine = &h;
        break;
      }
    if (mine) used.insert(mine->meeting_id);
    if (mine && mine->hold == w) continue;
    out.put.emplace_back(w, mine ? std::optional<int64_t>(mine->meeting_id) : std::nullopt);
  }
  for (const auto& h : held)
    if (!used.count(h.meeting_id)) out.release.push_back(h.meeting_id);
  std::stable_sort(out.put.begin(), out.put.end(), [](const auto& a, const auto& b) {
    return a.first.venue_id < b.first.venue_id;
  });
  return out;
}

std::string FormatYuan(int64_t fen) {
  const bool neg = fen < 0;
  const uint64_t v = neg ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  const uint64_t cents = v % 100;
  return (neg ? "-" : "") + std::to_string(v / 100) + "." + (cents < 10 ? "0" : "") +
         std::to_string(cents);
}

}  // namespace yingbin::receptions
