#include "org/service.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "org/store.hpp"

namespace yingbin::org {
namespace {

constexpr int64_t kNow = 1795336200000;  // 2026-11-22T08:30:00Z

auth::Principal Admin() {
  auth::Principal p;
  p.user_id = 0;
  p.username = "tester";
  p.scope = auth::DataScope::kAll;
  return p;
}

// --- pure rules ---

Site ValidSite() {
  Site s;
  s.name = "总部";
  s.code = "HQ";
  s.desk_hours = {{510, 690}, {810, 1050}};
  return s;
}

TEST(OrgRules, SiteNeedsNameCodeAndKnownTimeZone) {
  EXPECT_TRUE(CheckSite(ValidSite()));
  Site s = ValidSite();
  s.name = "";
  EXPECT_EQ(CheckSite(s).error().key, "validation.required");
  s = ValidSite();
  s.name = std::string(101, 'x');
  EXPECT_EQ(CheckSite(s).error().key, "validation.too_long");
  s = ValidSite();
  s.name = "总\x01部";
  EXPECT_EQ(CheckSite(s).error().key, "validation.control_chars");
  s = ValidSite();
  s.code = "H Q";
  EXPECT_EQ(CheckSite(s).error().field, "code");
  s = ValidSite();
  s.time_zone = "Asia/Beijing";  // not an IANA zone: China is Asia/Shanghai
  auto tz = CheckSite(s);
  ASSERT_FALSE(tz);
  EXPECT_EQ(tz.error().key, "validation.time_zone");
  EXPECT_EQ(tz.error().field, "time_zone");
}

TEST(OrgRules, Desk1DeskHoursMustNotOverlap) {
  Site s = ValidSite();
  s.desk_hours = {{510, 840}, {810, 1050}};
  auto st = CheckSite(s);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().key, "validation.period_order");
  EXPECT_EQ(st.error().field, "desk_hours");
}

TEST(OrgRules, Gen4RankIsOneToTwenty) {
  Staff s;
  s.name = "张三";
  s.rank = 0;
  EXPECT_EQ(CheckStaff(s).error().key, "validation.out_of_range");
  s.rank = 21;
  EXPECT_EQ(CheckStaff(s).error().field, "rank");
  s.rank = 20;
  EXPECT_TRUE(CheckStaff(s));
}

TEST(OrgRules, NameInitialsAreLowerCaseLetters) {
  Staff s;
  s.name = "张三";
  s.name_initials = "zs";
  EXPECT_TRUE(CheckStaff(s));
  s.name_initials = "z3";
  EXPECT_EQ(CheckStaff(s).error().field, "name_initials");
}

TEST(OrgRules, VenueKindIsOneOfTheList) {
  Venue v;
  v.site_id = 1;
  v.name = "第一会议室";
  v.kind = "ballroom";
  EXPECT_EQ(CheckVenue(v).error().key, "validation.one_of");
  v.kind = "lounge";
  EXPECT_TRUE(CheckVenue(v));
  v.capacity = -1;
  EXPECT_EQ(CheckVenue(v).error().field, "capacity");
}

// --- rules that need the database (SQLite file, migrated) ---

class OrgDb : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("yingbin_org_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto pool = db::Pool::Open({"sqlite:" + path_.string()});
    ASSERT_TRUE(pool) << pool.error().detail;
    pool_ = *pool;
    auto migrated = db::Migrate(*pool_);
    ASSERT_TRUE(migrated) << migrated.error().detail;
    ASSERT_TRUE(EnsureDefaultSite(*pool_, kNow));
  }
  void TearDown() override {
    pool_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }
  int64_t AuditRows(const std::string& entity) {
    auto lease = pool_->Acquire();
    auto r = (*lease)->Query("SELECT COUNT(*) FROM audit_log WHERE entity = $1", {entity});
    return r ? r->Int(0, 0) : -1;
  }
  Department Dept(const std::string& name, std::optional<int64_t> parent = std::nullopt) {
    Department d;
    d.name = name;
    d.parent_id = parent;
    auto r = CreateDepartment(*pool_, w_, d);
    EXPECT_TRUE(r) << (r ? "" : r.error().key);
    return r ? *r : Department{};
  }

  std::filesystem::path path_;
  std::shared_ptr<db::Pool> pool_;
  auth::Principal admin_ = Admin();
  Write w_{admin_, kNow, "test"};
};

TEST_F(OrgDb, DefaultSiteIsCreatedOnceWithDesk1Hours) {
  ASSERT_TRUE(EnsureDefaultSite(*pool_, kNow + 1));  // second call: nothing new
  auto sites = ListSites(*pool_, 50, 0);
  ASSERT_TRUE(sites);
  ASSERT_EQ(sites->second, 1);
  const Site& hq = sites->first.front();
  EXPECT_EQ(hq.name, "总部");
  EXPECT_EQ(hq.code, "HQ");
  EXPECT_EQ(hq.time_zone, "Asia/Shanghai");
  EXPECT_EQ(hq.desk_hours, (std::vector<core::Period>{{510, 690}, {810, 1050}}));
  EXPECT_EQ(hq.working_weekdays, (std::set<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(AuditRows("site"), 1);
}

TEST_F(OrgDb, DepartmentCannotMoveBelowItself) {
  Department top = Dept("总经办");
  Department mid = Dept("客服部", top.id);
  Department leaf = Dept("投诉组", mid.id);
  DepartmentPatch p;
  p.parent_id = std::optional<int64_t>(leaf.id);
  auto r = UpdateDepartment(*pool_, w_, top.id, p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "validation.cycle");
  EXPECT_EQ(r.error().field, "parent_id");
  p.parent_id = std::optional<int64_t>(top.id);
  EXPECT_EQ(UpdateDepartment(*pool_, w_, top.id, p).error().key, "validation.cycle");
}

TEST_F(OrgDb, SubtreeHoldsTheDepartmentAndEverythingBelow) {
  Department top = Dept("总经办");
  Department a = Dept("客服部", top.id);
  Department b = Dept("投诉组", a.id);
  Department other = Dept("人力资源部");
  auto lease = pool_->Acquire();
  auto sub = DepartmentSubtree(**lease, a.id);
  ASSERT_TRUE(sub);
  std::set<int64_t> got(sub->begin(), sub->end());
  EXPECT_EQ(got, (std::set<int64_t>{a.id, b.id}));
  EXPECT_TRUE(DepartmentSubtree(**lease, 99999)->empty());
  EXPECT_EQ(DepartmentSubtree(**lease, other.id)->size(), 1u);
}

TEST_F(OrgDb, SiblingNamesAreUniqueAlsoAtTopLevel) {
  Department top = Dept("总经办");
  Department d;
  d.name = "总经办";
  auto dup = CreateDepartment(*pool_, w_, d);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  d.parent_id = top.id;  // the same name under another parent is fine
  EXPECT_TRUE(CreateDepartment(*pool_, w_, d));
}

TEST_F(OrgDb, DepartmentWithChildrenOrStaffCannotBeDeleted) {
  Department top = Dept("总经办");
  Department child = Dept("客服部", top.id);
  auto r = DeleteDepartment(*pool_, w_, top.id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
  Staff s;
  s.name = "李四";
  s.department_id = child.id;
  auto staff = CreateStaff(*pool_, w_, s);
  ASSERT_TRUE(staff);
  EXPECT_EQ(DeleteDepartment(*pool_, w_, child.id).error().code, core::ErrorCode::kConflict);
  ASSERT_TRUE(DeleteStaff(*pool_, w_, staff->id));
  EXPECT_TRUE(DeleteDepartment(*pool_, w_, child.id));
  EXPECT_TRUE(DeleteDepartment(*pool_, w_, top.id));
  EXPECT_EQ(AuditRows("department"), 4);  // 2 creates + 2 deletes; refusals leave none
}

TEST_F(OrgDb, UnknownReferencesAreRefused) {
  Staff s;
  s.name = "王五";
  s.department_id = 4242;
  auto r = CreateStaff(*pool_, w_, s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "validation.unknown_reference");
  EXPECT_EQ(r.error().field, "department_id");
}

TEST_F(OrgDb, Data2DepartmentScopedPrincipalSeesOnlyItsSubtree) {
  Department top = Dept("总经办");
  Department a = Dept("客服部", top.id);
  Department other = Dept("人力资源部");
  for (auto [name, dept] :
       {std::pair{"甲", top.id}, std::pair{"乙", a.id}, std::pair{"丙", other.id}}) {
    Staff s;
    s.name = name;
    s.department_id = dept;
    ASSERT_TRUE(CreateStaff(*pool_, w_, s));
  }
  auth::Principal host;
  host.user_id = 7;
  host.scope = auth::DataScope::kDepartment;
  host.department_id = a.id;
  host.scope_department_ids = {a.id};
  auto list = ListStaff(*pool_, host, {}, 50, 0);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->second, 1);
  EXPECT_EQ(list->first.front().name, "乙");
  host.department_id.reset();
  EXPECT_EQ(ListStaff(*pool_, host, {}, 50, 0)->second, 0);
  EXPECT_EQ(ListStaff(*pool_, admin_, {}, 50, 0)->second, 3);
}

TEST_F(OrgDb, StaffSearchMatchesNameInitialsAndExtension) {
  Staff s;
  s.name = "张三丰";
  s.name_initials = "zsf";
  s.extension = "8021";
  ASSERT_TRUE(CreateStaff(*pool_, w_, s));
  for (const char* q : {"三", "zs", "802"}) {
    StaffQuery query;
    query.q = q;
    EXPECT_EQ(ListStaff(*pool_, admin_, query, 50, 0)->second, 1) << q;
  }
  StaffQuery none;
  none.q = "李";
  EXPECT_EQ(ListStaff(*pool_, admin_, none, 50, 0)->second, 0);
}

TEST_F(OrgDb, CalendarImportFeedsWorkingDayArithmetic) {
  auto sites = ListSites(*pool_, 1, 0);
  const int64_t hq = sites->first.front().id;
  auto n = ImportCalendar(*pool_, w_, hq,
                          "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\n"
                          "DTEND;VALUE=DATE:20261008\nSUMMARY:国庆节\nEND:VEVENT\nBEGIN:VEVENT\n"
                          "DTSTART;VALUE=DATE:20261010\nSUMMARY:调休上班\nEND:VEVENT\n"
                          "END:VCALENDAR\n");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 8);
  auto cal = SiteCalendar(*pool_, hq);
  ASSERT_TRUE(cal);
  // Wed 2026-09-30 10:00 Beijing + 3 working days = Sat 10-10 (make-up day) 10:00.
  auto at = core::AddWorkingDays(*cal, 1790733600000, 3);
  ASSERT_TRUE(at);
  EXPECT_EQ(*at, 1791597600000);
  EXPECT_EQ(AuditRows("calendar_day"), 1);
}

}  // namespace
}  // namespace yingbin::org
