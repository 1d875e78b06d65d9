#include "conferences/routes_common.hpp"

#include "core/time.hpp"

namespace yingbin::conferences {
namespace {

using api::Input;

// An optional choice: absent, null or "" -> `fallback`; otherwise one of `allowed`.
core::Result<std::string> OptEnum(const Input& in, const char* field,
                                  const std::vector<std::string_view>& allowed,
                                  std::string fallback) {
  auto text = in.OptString(field, 40);
  if (!text) return std::move(text).error();
  if (text->empty()) return fallback;
  return in.Enum(field, allowed);
}

}  // namespace

Ctx CtxOf(const api::Context& ctx, std::string reason) {
  return Ctx{ctx.db(), ctx.principal, ctx.now(), *ctx.env.cipher, std::move(reason)};
}

core::Result<std::string> ReadReason(const Input& in) { return in.OptString("reason", 500, true); }

core::Result<int64_t> TimeField(const Input& in, const char* field) {
  auto text = in.String(field, 40);
  if (!text) return std::move(text).error();
  return core::ParseIso(*text, field);
}

core::Result<std::optional<int64_t>> OptTimeField(const Input& in, const char* field) {
  auto text = in.OptString(field, 40);
  if (!text) return std::move(text).error();
  if (text->empty()) return std::optional<int64_t>();
  auto at = core::ParseIso(*text, field);
  if (!at) return std::move(at).error();
  return std::optional<int64_t>(*at);
}

core::Result<DelegateInput> ReadDelegate(const Input& in, bool keep_phone_when_absent) {
  DelegateInput d;
  auto name = in.String("name", 50);
  if (!name) return std::move(name).error();
  auto gender = OptEnum(in, "gender", {"male", "female"}, "");
  if (!gender) return std::move(gender).error();
  auto organisation = in.String("organisation", 100);
  if (!organisation) return std::move(organisation).error();
  auto title = in.OptString("title", 50);
  if (!title) return std::move(title).error();
  auto role = OptEnum(in, "role", {"head", "liaison", "member"}, "member");
  if (!role) return std::move(role).error();
  if (!(keep_phone_when_absent && !in.Has("phone"))) {
    auto phone = in.OptPhone("phone");
    if (!phone) return std::move(phone).error();
    // A number the organisers can call: at least seven digits.
    int digits = 0;
    for (char ch : *phone) digits += ch >= '0' && ch <= '9';
    if (!phone->empty() && digits < 7) return core::InvalidArgument("phone", "validation.phone");
    d.phone = *phone;
  }
  auto email = in.OptEmail("email");
  if (!email) return std::move(email).error();
  auto diet = OptEnum(in, "diet", {"normal", "halal", "vegetarian", "other"}, "normal");
  if (!diet) return std::move(diet).error();
  auto diet_note = in.OptString("diet_note", 200);
  if (!diet_note) return std::move(diet_note).error();
  auto needs = in.OptString("needs", 500, true);
  if (!needs) return std::move(needs).error();
  auto arrival = OptTimeField(in, "arrival_at");
  if (!arrival) return std::move(arrival).error();
  auto arrival_by = OptEnum(in, "arrival_transport", {"flight", "train", "car", "other"}, "");
  if (!arrival_by) return std::move(arrival_by).error();
  auto arrival_no = in.OptString("arrival_number", 20);
  if (!arrival_no) return std::move(arrival_no).error();
  auto arrival_point = in.OptInt("arrival_point_id", 1, kMaxId);
  if (!arrival_point) return std::move(arrival_point).error();
  auto departure = OptTimeField(in, "departure_at");
  if (!departure) return std::move(departure).error();
  auto departure_by = OptEnum(in, "departure_transport", {"flight", "train", "car", "other"}, "");
  if (!departure_by) return std::move(departure_by).error();
  auto departure_no = in.OptString("departure_number", 20);
  if (!departure_no) return std::move(departure_no).error();
  auto departure_point = in.OptInt("departure_point_id", 1, kMaxId);
  if (!departure_point) return std::move(departure_point).error();
  auto return_ticket = in.OptBool("return_ticket", false);
  if (!return_ticket) return std::move(return_ticket).error();
  auto return_note = in.OptString("return_note", 200);
  if (!return_note) return std::move(return_note).error();
  auto hotel = in.OptInt("hotel_id", 1, kMaxId);
  if (!hotel) return std::move(hotel).error();
  auto sharing = OptEnum(in, "room_sharing", {"single", "shared"}, "single");
  if (!sharing) return std::move(sharing).error();
  auto roommate = in.OptString("roommate", 50);
  if (!roommate) return std::move(roommate).error();
  d.name = *name;
  d.gender = *gender;
  d.organisation = *organisation;
  d.title = *title;
  d.role = *role;
  d.email = *email;
  d.diet = *diet;
  d.diet_note = *diet_note;
  d.needs = *needs;
  d.arrival_at = *arrival;
  d.arrival_transport = *arrival_by;
  d.arrival_number = *arrival_no;
  d.arrival_point_id = *arrival_point;
  d.departure_at = *departure;
  d.departure_transport = *departure_by;
  d.departure_number = *departure_no;
  d.departure_point_id = *departure_point;
  d.return_ticket = *return_ticket;
  d.return_note = *return_note;
  d.hotel_id = *hotel;
  d.room_sharing = *sharing;
  d.roommate = *roommate;
  return d;
}

}  // namespace yingbin::conferences
