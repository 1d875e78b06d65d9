#include "conferences/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::conferences {

using api::IntOrNull;
using api::Json;
using api::TimeOrNull;

Json ConferenceJson(const Conference& c) {
  return {{"id", c.id},
          {"site_id", c.site_id},
          {"site_name", c.site_name},
          {"time_zone", c.time_zone},
          {"reception_id", IntOrNull(c.reception_id)},
          {"name", c.title},
          {"place", c.place},
          {"start_date", core::FormatDate(c.start_date)},
          {"end_date", core::FormatDate(c.end_date)},
          {"registration_opens_at", core::FormatIsoUtc(c.registration_opens_at)},
          {"registration_closes_at", core::FormatIsoUtc(c.registration_closes_at)},
          {"public_token", c.public_token},
          {"fee_fen", c.fee_fen},
          {"waive_head", c.waive_head},
          {"waive_liaison", c.waive_liaison},
          {"liaison_free_above", c.liaison_free_above},
          {"contact", c.contact},
          {"notes", c.notes},
          {"delegate_count", c.delegate_count},
          {"created_at", core::FormatIsoUtc(c.created_at)},
          {"updated_at", core::FormatIsoUtc(c.updated_at)}};
}

Json HotelJson(const HotelClass& h) {
  return {{"id", h.id},
          {"name", h.name},
          {"hotel", h.hotel},
          {"price_per_night_fen", h.price_fen},
          {"rooms", h.rooms},
          {"rooms_taken", h.rooms_taken},
          {"rooms_left", std::max<int64_t>(0, h.rooms - h.rooms_taken)},
          {"sort", h.sort}};
}

Json MealJson(const Meal& m) {
  return {{"id", m.id},
          {"day", core::FormatDate(m.day)},
          {"kind", m.kind},
          {"time", core::FormatTimeOfDay(m.starts_minute)},
          {"starts_at", m.starts_at ? Json(core::FormatIsoUtc(m.starts_at)) : Json(nullptr)},
          {"place", m.place},
          {"price_per_diner_fen", m.price_fen}};
}

Json PointJson(const PickupPoint& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"kind", p.kind},
          {"window_minutes", IntOrNull(p.window_minutes)},
          {"staff_id", IntOrNull(p.staff_id)},
          {"staff_name", p.staff_name},
          {"notes", p.notes}};
}

Json DelegateJson(const Delegate& d) {
  return {{"id", d.id},
          {"conference_id", d.conference_id},
          {"code", d.code},
          {"name", d.name},
          {"gender", d.gender},
          {"organisation", d.organisation},
          {"title", d.title},
          {"role", d.role},
          {"phone", d.phone_hint},  // masked (DATA-2); the clear value only through reveal
          {"email", d.email},
          {"diet", d.diet},
          {"diet_note", d.diet_note},
          {"needs", d.needs},
          {"arrival_at", TimeOrNull(d.arrival_at)},
          {"arrival_transport", d.arrival_transport},
          {"arrival_number", d.arrival_number},
          {"arrival_point_id", IntOrNull(d.arrival_point_id)},
          {"departure_at", TimeOrNull(d.departure_at)},
          {"departure_transport", d.departure_transport},
          {"departure_number", d.departure_number},
          {"departure_point_id", IntOrNull(d.departure_point_id)},
          {"return_ticket", d.return_ticket},
          {"return_note", d.return_note},
          {"hotel_id", IntOrNull(d.hotel_id)},
          {"room_sharing", d.room_sharing},
          {"roommate", d.roommate},
          {"status", d.status},
          {"source", d.source},
          {"created_at", core::FormatIsoUtc(d.created_at)},
          {"updated_at", core::FormatIsoUtc(d.updated_at)}};
}

Json BillLineJson(const BillLine& l) {
  return {{"id", l.id},
          {"kind", l.category},
          {"ref_id", IntOrNull(l.ref_id)},
          {"supplier", l.supplier},
          {"item", l.item},
          {"quantity", l.quantity},
          {"unit_price_fen", l.unit_price_fen},
          {"amount_fen", l.amount_fen()},
          {"note", l.note},
          {"created_at", core::FormatIsoUtc(l.created_at)},
          {"updated_at", core::FormatIsoUtc(l.updated_at)}};
}

Json PaymentJson(const Payment& p) {
  return {{"id", p.id},
          {"organisation", p.organisation},
          {"amount_fen", p.amount_fen},
          {"paid_on", core::FormatDate(p.paid_on)},
          {"method", p.method},
          {"reference", p.reference},
          {"note", p.note},
          {"created_at", core::FormatIsoUtc(p.created_at)}};
}

}  // namespace yingbin::conferences
