#include "complaints/json.hpp"

#include <gtest/gtest.h>

namespace yingbin::complaints {
namespace {

// The lists write tickets straight to text (WriteTicket); the ticket page and audit rows use
// TicketJson. Both must give the same object, key for key.
Ticket Sample() {
  Ticket t;
  t.id = 7;
  t.number = "TS20261122-0007";
  t.type = "complaint";
  t.type_name = "投诉";
  t.channel = "phone";
  t.site_id = 1;
  t.site_name = "总部";
  t.customer_id = 3;
  t.customer_name = "陈女士";
  t.customer_phone_hint = "138****5678";
  t.subject = "报表\"导出\"失败";
  t.description = "第一行\n第二行";
  t.severity = "major";
  t.cause_class = "product_quality";
  t.department_id = 4;
  t.department_name = "技术研发部";
  t.assignee_user_id = 9;
  t.status = TicketStatus::kInProgress;
  t.next_due_at = 1'790'000'000'000;
  t.paused_since = 1'790'000'100'000;
  t.overdue = true;
  t.satisfied = false;
  t.created_at = t.updated_at = 1'789'000'000'000;
  t.temperament = "talkative";
  t.red_alert_at = 1'789'000'000'500;
  t.red_alert_reasons =
      R"([{"rule":"severity","detail":"major"},{"rule":"keyword","detail":"媒体"}])";
  return t;
}

TEST(ComplaintJson, WriterMatchesTheTree) {
  for (Ticket t : {Sample(), Ticket{}}) {
    api::JsonWriter w;
    WriteTicket(w, t);
    EXPECT_EQ(api::Json::parse(w.text()), TicketJson(t)) << w.text();
  }
}

TEST(ComplaintJson, ClockWriterMatchesTheTree) {
  Clock k;
  k.id = 2;
  k.kind = "answer";
  k.started_at = 1'789'000'000'000;
  k.due_at = k.limit_due_at = 1'789'600'000'000;
  k.warn_at = 1'789'500'000'000;
  k.limit = {7, LimitUnit::kWorkingDays};
  for (int64_t now : {1'789'100'000'000LL, 1'789'700'000'000LL}) {
    api::JsonWriter w;
    WriteClock(w, k, now);
    EXPECT_EQ(api::Json::parse(w.text()), ClockJson(k, now)) << w.text();
  }
}

TEST(ComplaintJson, EventWriterMatchesTheTree) {
  Event e;
  e.id = 11;
  e.at = 1'789'000'000'000;
  e.actor_user_id = 4;
  e.actor_name = "李\"四\"";
  e.kind = "dispatch";
  e.from_status = "classified";
  e.to_status = "dispatched";
  e.note = "请处理\n谢谢";
  // Stored data as written, an empty object when the stored text is not JSON.
  for (std::string data : {R"({"assignee_user_id":9,"by":null})", "", "not json", "[1,2]"}) {
    e.data_json = data;
    api::JsonWriter w;
    WriteEvent(w, e);
    EXPECT_EQ(api::Json::parse(w.text()), EventJson(e)) << w.text();
  }
  e.actor_user_id.reset();
  api::JsonWriter w;
  WriteEvent(w, e);
  EXPECT_EQ(api::Json::parse(w.text()), EventJson(e)) << w.text();
}

TEST(ComplaintJson, NoticeWriterMatchesTheTree) {
  Notice returned;
  returned.id = 3;
  returned.round = 2;
  returned.department_id = 4;
  returned.department_name = "客服中心";
  returned.dispatched_at = 1'789'000'000'000;
  returned.dispatched_by_name = "王五";
  returned.acknowledged_at = 1'789'000'100'000;
  returned.acknowledged_by_name = "赵六";
  returned.returned_at = 1'789'000'200'000;
  returned.returned_by_name = "赵六";
  returned.cause = "安装不当";
  returned.fix = "上门重装";
  returned.responsible_person = "钱七";
  returned.responsible_staff_id = 12;
  returned.handled_on = 20261122;
  for (const Notice& n : {returned, Notice{}}) {
    api::JsonWriter w;
    WriteNotice(w, n);
    EXPECT_EQ(api::Json::parse(w.text()), NoticeJson(n)) << w.text();
  }
}

TEST(ComplaintJson, TicketTextIsTheWrittenTicket) {
  EXPECT_EQ(api::Json::parse(TicketText(Sample())), TicketJson(Sample()));
}

}  // namespace
}  // namespace yingbin::complaints
