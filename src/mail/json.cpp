#include "mail/json.hpp"

#include "core/calendar.hpp"
#include "core/time.hpp"

namespace yingbin::mail {

api::Json ItemJson(const Item& m, int64_t now, bool with_code) {
  const std::string base = "/api/v1/mail/items/" + std::to_string(m.id);
  api::Json j = {
      {"id", m.id},
      {"number", m.number},
      {"site_id", m.site_id},
      {"kind", m.kind},
      {"status", StatusName(m.status)},
      {"overdue", m.status == ItemStatus::kReceived && now >= m.overdue_at},
      {"carrier", m.carrier},
      {"tracking_no", m.tracking_no},
      {"sender", m.sender},
      {"recipient_staff_id", api::IntOrNull(m.recipient_staff_id)},
      {"recipient_department_id", api::IntOrNull(m.recipient_department_id)},
      {"recipient_name", m.recipient_name},
      {"recipient_department", m.recipient_department},
      {"shelf", m.shelf},
      {"description", m.description},
      {"subscription_id", api::IntOrNull(m.subscription_id)},
      {"subscription_title", m.subscription_title},
      {"visit_id", api::IntOrNull(m.visit_id)},
      {"received_at", core::FormatIsoUtc(m.received_at)},
      {"received_by", api::IntOrNull(m.received_by)},
      {"received_by_name", m.received_by_name},
      {"overdue_at", core::FormatIsoUtc(m.overdue_at)},
      {"reminder_count", m.reminder_count},
      {"last_reminded_at", api::TimeOrNull(m.last_reminded_at)},
      {"picked_up_at", api::TimeOrNull(m.picked_up_at)},
      {"handed_out_by", api::IntOrNull(m.handed_out_by)},
      {"handed_out_by_name", m.handed_out_by_name},
      {"collector_name", m.collector_name},
      {"proxy", m.proxy},
      {"pickup_proof", m.pickup_proof},
      {"returned_at", api::TimeOrNull(m.returned_at)},
      {"return_kind", m.return_kind},
      {"return_reason", m.return_reason},
      {"photo_url", m.has_photo ? api::Json(base + "/photo") : api::Json(nullptr)},
      {"signature_url", m.has_signature ? api::Json(base + "/signature") : api::Json(nullptr)},
      {"created_at", core::FormatIsoUtc(m.created_at)},
  };
  if (with_code) j["pickup_code"] = m.pickup_code;
  return j;
}

api::Json SubscriptionJson(const SubscriptionView& v) {
  const Subscription& s = v.s;
  return {{"id", s.id},
          {"site_id", s.site_id},
          {"publication", s.title},
          {"kind", s.kind},
          {"publisher", s.publisher},
          {"copies", s.copies},
          {"recipient_staff_id", api::IntOrNull(s.recipient_staff_id)},
          {"recipient_department_id", api::IntOrNull(s.recipient_department_id)},
          {"recipient_name", s.recipient_name},
          {"period_start", core::FormatDateNumber(s.period_start)},
          {"period_end", core::FormatDateNumber(s.period_end)},
          {"renewal_date", core::FormatDateNumber(s.renewal_date)},
          {"renewal_notice_date", v.renewal_notice_date
                                      ? api::Json(core::FormatDateNumber(v.renewal_notice_date))
                                      : api::Json(nullptr)},
          {"price_fen", s.price_fen},
          {"notes", s.notes},
          {"active", s.active},
          {"state", SubscriptionStateName(v.state)},
          {"delivered_count", s.delivered_count},
          {"last_delivered_at", api::TimeOrNull(s.last_delivered_at)},
          {"created_at", core::FormatIsoUtc(s.created_at)}};
}

}  // namespace yingbin::mail
