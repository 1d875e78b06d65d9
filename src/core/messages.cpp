// The message catalog: every error text the server sends, in zh-CN, zh-TW and en.
// Style (after PostgreSQL's guide): short, no trailing period in English, user-supplied
// names quoted. Add a key here when a module needs a new message; messages_test.cpp
// checks that every key has all three languages.
#include <algorithm>
#include <cctype>
#include <string>
#include <optional>
#include <string_view>

#include "core/lang.hpp"

namespace yingbin::core {
namespace {

struct Message {
  std::string_view key, zh_cn, zh_tw, en;
};

// Sorted by key is not required; lookups are linear over a small table once per error.
constexpr Message kMessages[] = {
    // generic errors, one per ErrorCode
    {"error.invalid_json", "请求内容不是有效的 JSON", "請求內容不是有效的 JSON",
     "request body is not valid JSON"},
    {"error.invalid_utf8", "请求内容不是有效的 UTF-8 文本", "請求內容不是有效的 UTF-8 文字",
     "request body is not valid UTF-8"},
    {"error.unauthenticated", "请先登录", "請先登入", "sign-in required"},
    {"error.forbidden", "没有执行此操作的权限", "沒有執行此操作的權限",
     "you do not have permission to do this"},
    {"error.out_of_scope", "该记录不在您的部门范围内", "該記錄不在您的部門範圍內",
     "this record is outside your department"},
    {"error.csrf_invalid", "安全令牌无效，请刷新页面后重试", "安全權杖無效，請重新整理頁面後重試",
     "missing or invalid CSRF token; reload the page and try again"},
    {"error.not_found", "未找到该记录", "找不到該記錄", "not found"},
    {"error.route_not_found", "接口不存在", "介面不存在", "no such API route"},
    {"error.method_not_allowed", "该接口不支持此请求方法", "該介面不支援此請求方法",
     "method not allowed for this route"},
    {"error.conflict", "记录已被修改或存在冲突，请刷新后重试", "記錄已被修改或存在衝突，請重新整理後重試",
     "the record conflicts with an existing one or was changed; reload and retry"},
    {"error.duplicate", "“{field}”为“{value}”的记录已存在", "「{field}」為「{value}」的記錄已存在",
     "a record with {field} \"{value}\" already exists"},
    {"error.in_use", "该记录仍被其他数据引用，无法删除", "該記錄仍被其他資料引用，無法刪除",
     "the record is still in use and cannot be deleted"},
    {"error.payload_too_large", "请求内容过大（上限 {limit} 字节）", "請求內容過大（上限 {limit} 位元組）",
     "request body too large (limit {limit} bytes)"},
    {"error.account_locked", "登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试",
     "登入失敗次數過多，帳號已鎖定，請 {minutes} 分鐘後再試",
     "too many failed sign-ins; account locked, try again in {minutes} minutes"},
    {"error.rate_limited", "请求过于频繁，请稍后再试", "請求過於頻繁，請稍後再試",
     "too many requests; try again later"},
    {"error.unavailable", "服务繁忙，请稍后重试", "服務繁忙，請稍後重試",
     "service busy; try again"},
    {"error.internal", "服务器内部错误", "伺服器內部錯誤", "internal server error"},

    // validation
    {"validation.required", "“{field}”为必填项", "「{field}」為必填項", "{field} is required"},
    {"validation.invalid", "“{field}”的值无效", "「{field}」的值無效", "{field} is invalid"},
    {"validation.type_string", "“{field}”必须是文本", "「{field}」必須是文字",
     "{field} must be a string"},
    {"validation.type_integer", "“{field}”必须是整数", "「{field}」必須是整數",
     "{field} must be an integer"},
    {"validation.type_boolean", "“{field}”必须是真或假", "「{field}」必須是真或假",
     "{field} must be true or false"},
    {"validation.type_array", "“{field}”必须是列表", "「{field}」必須是清單", "{field} must be a list"},
    {"validation.type_object", "“{field}”必须是对象", "「{field}」必須是物件",
     "{field} must be an object"},
    {"validation.too_long", "“{field}”不能超过 {max} 个字符", "「{field}」不能超過 {max} 個字元",
     "{field} must be at most {max} characters"},
    {"validation.too_short", "“{field}”至少需要 {min} 个字符", "「{field}」至少需要 {min} 個字元",
     "{field} must be at least {min} characters"},
    {"validation.out_of_range", "“{field}”必须在 {min} 到 {max} 之间",
     "「{field}」必須介於 {min} 到 {max} 之間", "{field} must be between {min} and {max}"},
    {"validation.one_of", "“{field}”必须是以下之一：{allowed}", "「{field}」必須是以下之一：{allowed}",
     "{field} must be one of: {allowed}"},
    {"validation.email", "“{field}”不是有效的电子邮箱地址", "「{field}」不是有效的電子郵件地址",
     "{field} is not a valid email address"},
    {"validation.phone", "“{field}”不是有效的电话号码", "「{field}」不是有效的電話號碼",
     "{field} is not a valid phone number"},
    {"validation.time_zone", "“{field}”不是已知的时区", "「{field}」不是已知的時區",
     "{field} is not a known time zone"},
    {"validation.date", "“{field}”必须是 YYYY-MM-DD 格式的日期", "「{field}」必須是 YYYY-MM-DD 格式的日期",
     "{field} must be a date in YYYY-MM-DD form"},
    {"validation.datetime", "“{field}”必须是 ISO 8601 格式的时间", "「{field}」必須是 ISO 8601 格式的時間",
     "{field} must be an ISO 8601 date-time"},
    {"validation.time_of_day", "“{field}”必须是 HH:MM 格式的时间", "「{field}」必須是 HH:MM 格式的時間",
     "{field} must be a time of day in HH:MM form"},
    {"validation.period_order", "“{field}”的结束时间必须晚于开始时间",
     "「{field}」的結束時間必須晚於開始時間", "{field}: each period must end after it starts"},
    {"validation.control_chars", "“{field}”包含不允许的控制字符", "「{field}」包含不允許的控制字元",
     "{field} contains control characters"},
    {"validation.unknown_reference", "“{field}”引用的记录不存在", "「{field}」引用的記錄不存在",
     "{field} refers to a record that does not exist"},
    {"validation.cycle", "“{field}”不能是自身或其下级", "「{field}」不能是自身或其下級",
     "{field} cannot be the record itself or one of its descendants"},

    // auth
    {"auth.bad_credentials", "用户名或密码错误", "使用者名稱或密碼錯誤",
     "wrong username or password"},
    {"auth.password_too_weak", "密码至少需要 {min} 个字符，且包含字母和数字",
     "密碼至少需要 {min} 個字元，且包含字母和數字",
     "password must be at least {min} characters with letters and digits"},
    {"auth.old_password_wrong", "原密码不正确", "原密碼不正確", "the current password is wrong"},
    {"auth.user_disabled", "该账号已停用", "該帳號已停用", "this account is disabled"},
    {"auth.builtin_role", "内置角色不能删除或改名", "內建角色不能刪除或改名",
     "built-in roles cannot be deleted or renamed"},
    {"auth.last_admin", "不能停用或降级最后一位系统管理员", "不能停用或降級最後一位系統管理員",
     "the last enabled system administrator cannot be disabled or demoted"},
    {"auth.token_scope", "该令牌没有此操作的权限范围", "該權杖沒有此操作的權限範圍",
     "this token's scopes do not allow this"},
    // org and business calendar
    {"validation.ics", "“{field}”不是有效的 iCalendar（.ics）文件", "「{field}」不是有效的 iCalendar（.ics）檔案",
     "{field} is not a valid iCalendar (.ics) file"},
    {"org.department_has_children", "该部门下还有下级部门，无法删除", "該部門下還有下級部門，無法刪除",
     "the department still has sub-departments and cannot be deleted"},
    {"org.department_has_staff", "该部门下还有人员，无法删除", "該部門下還有人員，無法刪除",
     "the department still has staff and cannot be deleted"},
    {"org.site_in_use", "该场所仍被部门、人员或场地使用，无法删除", "該場所仍被部門、人員或場地使用，無法刪除",
     "the site is still used by departments, staff or venues and cannot be deleted"},
    {"org.last_site", "至少需要保留一个场所", "至少需要保留一個場所", "at least one site must remain"},
    // visitors
    {"visits.illegal_transition", "访客当前状态为“{from}”，不能执行“{action}”",
     "訪客目前狀態為「{from}」，不能執行「{action}」",
     "a visit in state \"{from}\" cannot \"{action}\""},
    {"visits.venue_not_allowed", "{category} 类接待不能安排在该场地（VIS-11）",
     "{category} 類接待不能安排在該場地（VIS-11）",
     "a category {category} reception cannot use this venue (VIS-11)"},
    {"visits.not_your_visit", "这不是您接待的访客", "這不是您接待的訪客",
     "this visitor is not yours to receive"},
    {"visits.in_the_past", "预约时间已过", "預約時間已過", "the appointed time is in the past"},
    {"visits.too_far_ahead", "预约时间不能晚于 {days} 天后", "預約時間不能晚於 {days} 天後",
     "the appointment cannot be more than {days} days ahead"},
    {"visits.unknown_code", "二维码无效或已失效", "二維碼無效或已失效",
     "unknown or expired QR code"},
    {"approvals.pending", "已有一项待审批的同类变更，请先审批或撤回", "已有一項待審批的同類變更，請先審批或撤回",
     "a change of this kind is already waiting for approval; approve or withdraw it first"},
    {"approvals.decided", "该申请已经处理", "該申請已經處理", "this request has already been decided"},
    {"approvals.same_person", "需要另一位管理员审批，申请人不能审批自己的申请（DATA-5）",
     "需要另一位管理員審批，申請人不能審批自己的申請（DATA-5）",
     "another administrator must approve; the requester cannot approve their own request (DATA-5)"},
    {"settings.unchanged", "新值与当前值相同", "新值與目前值相同", "the new value equals the current one"},
    {"retention.nothing_expired", "没有超过保存期限的访客资料", "沒有超過保存期限的訪客資料",
     "no visitor data is past its retention period"},
    {"visits.triage_builtin", "“其他来访者”和“有约访客”是前台必需的类型，不能删除、停用或改代码",
     "「其他來訪者」和「有約訪客」是櫃檯必需的類型，不能刪除、停用或改代碼",
     "“other” and “appointment” are needed by the desk: they cannot be deleted, deactivated or renamed"},
    {"visits.other_site", "此邀请属于其他地点，请到预约的地点登记", "此邀請屬於其他地點，請到預約的地點登記",
     "this invitation is for another site; please sign in there"},
    {"visits.kiosk_site", "该自助机只能登记本地点的访客", "該自助機只能登記本地點的訪客",
     "this kiosk registers visitors for its own site only"},
    {"visits.id_number_invalid", "身份证号码校验不通过", "身分證號碼校驗不通過",
     "the identity card number fails its checksum"},
    {"visits.deputy_is_host", "代接待人不能是接待人本人", "代接待人不能是接待人本人",
     "the deputy cannot be the host"},
    {"visits.day_archived", "该日访客日志已归档，只能添加批注", "該日訪客日誌已歸檔，只能新增批註",
     "the visitor log of that day is archived; it can only be annotated"},
    {"visits.day_not_open", "该日日志已审核，不能重复审核", "該日日誌已審核，不能重複審核",
     "the log of that day has already been reviewed"},
    {"visits.day_not_reviewed", "日志须先审核才能归档", "日誌須先審核才能歸檔",
     "the log must be reviewed before it is archived"},
    {"visits.day_has_visitors_on_site", "仍有访客未签离，请先办理签离", "仍有訪客未簽離，請先辦理簽離",
     "visitors of that day are still on site; check them out first"},
    {"tasks.not_open", "该待办已完成或已取消", "該待辦已完成或已取消",
     "the task is already done or cancelled"},
    {"validation.code", "“{field}”只能包含字母、数字和下划线", "「{field}」只能包含字母、數字和底線",
     "\"{field}\" may contain only letters, digits and underscores"},
    // the phone desk (TEL)
    {"calls.ask_name", "来电找人时，请先问清来电人姓名（TEL-3）", "來電找人時，請先問清來電人姓名（TEL-3）",
     "ask the caller's name before putting them through or taking a message (TEL-3)"},
    {"calls.ask_organisation", "来电找人时，请先问清来电人单位（TEL-3）",
     "來電找人時，請先問清來電人單位（TEL-3）",
     "ask the caller's organisation before putting them through or taking a message (TEL-3)"},
    {"calls.target_required", "请选择来电找哪位或哪个部门", "請選擇來電找哪位或哪個部門",
     "choose whom the call is for: a person or a department"},
    {"calls.one_target", "只能选择一位员工或一个部门，不能同时选择", "只能選擇一位員工或一個部門，不能同時選擇",
     "choose one person or one department, not both"},
    {"calls.called_at_future", "来电时间不能晚于现在", "來電時間不能晚於現在",
     "the time of the call cannot be in the future"},
    {"calls.message_handled", "该留言已处理，无需重复处理", "該留言已處理，無需重複處理",
     "this message has already been handled"},
    {"calls.not_your_message", "这不是给您的留言", "這不是給您的留言", "this message is not for you"},
    {"calls.note_required", "代为处理留言时请填写说明，例如“已电话转告”",
     "代為處理留言時請填寫說明，例如「已電話轉告」",
     "say how the message was passed on when handling it for someone else"},
    // mail desk (MAIL-1, MAIL-2)
    {"mail.already_picked_up", "该物品已被领取，不能再办理此操作", "該物品已被領取，不能再辦理此操作",
     "the item has already been picked up"},
    {"mail.already_returned", "该物品已退回，不能再办理此操作", "該物品已退回，不能再辦理此操作",
     "the item has already been returned"},
    {"mail.duplicate_tracking", "“{field}”相同的物品仍在前台待领取（{number}），请勿重复登记",
     "「{field}」相同的物品仍在櫃台待領取（{number}），請勿重複登記",
     "an item with this {field} is still waiting at the desk ({number}); do not log it twice"},
    {"mail.tracking_no", "“{field}”只能包含 4 到 40 个字母、数字或连字符",
     "「{field}」只能包含 4 到 40 個字母、數字或連字號",
     "{field} must be 4 to 40 letters, digits or dashes"},
    {"mail.one_recipient", "收件人只能是一位员工或一个部门，不能同时指定",
     "收件人只能是一位員工或一個部門，不能同時指定",
     "the recipient is either a staff member or a department, not both"},
    {"mail.image_type", "“{field}”必须是 {types} 图片", "「{field}」必須是 {types} 圖片",
     "{field} must be a {types} image"},
    {"mail.image_too_large", "“{field}”不能大于 {max_kb} KB", "「{field}」不能大於 {max_kb} KB",
     "{field} must be at most {max_kb} KB"},
    {"mail.wrong_code", "取件码不正确", "取件碼不正確", "the pickup code is wrong"},
    {"mail.proof_required", "领取须输入取件码或由领取人签名", "領取須輸入取件碼或由領取人簽名",
     "a pickup needs the pickup code or the collector's signature"},
    {"mail.not_your_item", "这不是寄给您的物品", "這不是寄給您的物品", "this item is not addressed to you"},
    {"mail.period_order", "订阅结束日期不能早于开始日期", "訂閱結束日期不能早於開始日期",
     "the subscription period must end after it starts"},
    {"mail.renewal_after_end", "续订日期不能晚于订阅结束日期", "續訂日期不能晚於訂閱結束日期",
     "the renewal date must not be after the end of the period"},
    {"mail.subscription_inactive", "该订阅已停用，不能登记到刊", "該訂閱已停用，不能登記到刊",
     "the subscription is switched off; no issues can be logged"},
    // duty roster and conduct (DESK-1, DESK-2)
    {"roster.no_login", "“{field}”没有登录账号，不能排入前台值班",
     "「{field}」沒有登入帳號，不能排入前台值班", "{field} has no login; only clerks with one can be on the roster"},
    {"roster.overlap", "该员工当天 {start}–{end} 已有同类班次，时间不能重叠",
     "該員工當天 {start}–{end} 已有同類班次，時間不能重疊",
     "this clerk already has a shift of this kind from {start} to {end} that day"},
    {"roster.not_monday", "“{field}”必须是星期一", "「{field}」必須是星期一",
     "{field} must be a Monday"},
    {"roster.same_week", "复制的来源周不能是目标周本身", "複製的來源週不能是目標週本身",
     "the week to copy from must differ from the week to fill"},
    {"roster.week_not_empty", "该周已有 {count} 个班次；如要覆盖，请选择替换",
     "該週已有 {count} 個班次；如要覆蓋，請選擇取代",
     "the week already has {count} shifts; choose replace to overwrite them"},
    {"roster.nothing_to_copy", "“{field}”没有可复制的班次", "「{field}」沒有可複製的班次",
     "{field} has no shifts to copy"},
    {"roster.cover_is_absent", "顶岗人不能是缺勤者本人", "頂崗人不能是缺勤者本人",
     "the cover cannot be the absent person"},
    {"roster.too_long", "“{field}”距开始不能超过 {max} 天", "「{field}」距開始不能超過 {max} 天",
     "{field} must be at most {max} days after the start"},
    {"roster.not_a_clerk", "您的账号没有关联员工档案，不能交接前台",
     "您的帳號沒有關聯員工檔案，不能交接櫃檯", "your account has no staff record; it cannot hand over the desk"},
    {"roster.handover_to_self", "不能交接给自己", "不能交接給自己", "you cannot hand over to yourself"},
    {"roster.not_same_site", "“{field}”必须是本前台的同事（本场所员工或今天在本前台排班）",
     "「{field}」必須是本櫃檯的同事（本場所員工或今天在本櫃檯排班）",
     "{field} must be a colleague of this desk (staff of the site or on its roster today)"},
    {"roster.already_handed_over", "已交接给{name}，请先结束那次交接", "已交接給{name}，請先結束那次交接",
     "already handed over {name}; end that hand-over first"},
    {"roster.not_on_duty", "按排班此时不在前台值班，无需交接", "依排班此時不在櫃檯值班，無需交接",
     "not on duty at this desk now according to the roster; nothing to hand over"},
    {"roster.not_yours", "这不是您的交接", "這不是您的交接", "this hand-over is not yours"},
    {"roster.handover_ended", "该交接已结束", "該交接已結束", "the hand-over has ended"},
    {"roster.already_confirmed", "该交接已确认", "該交接已確認", "the hand-over is confirmed already"},
    {"conduct.site_required", "该员工没有所属场所，请指定“{field}”", "該員工沒有所屬場所，請指定「{field}」",
     "the clerk has no site; {field} is required"},
    {"conduct.future_date", "“{field}”不能晚于今天", "「{field}」不能晚於今天", "{field} cannot be in the future"},
    {"conduct.fine_minor", "一般违规不罚款，只有严重违规才有“{field}”", "一般違規不罰款，只有嚴重違規才有「{field}」",
     "only a serious violation has a {field}"},
    {"conduct.not_yours", "这不是您的违规记录", "這不是您的違規紀錄", "this violation record is not yours"},
    {"conduct.training_month", "“{field}”必须在 {month} 内", "「{field}」必須在 {month} 內",
     "{field} must lie in {month}"},
    // meeting service (MTG-1..4, VIS-11)
    {"meetings.room_taken", "“{room}”在 {time} 已被“{title}”占用（含布置与清场时间），请换个时间或会议室",
     "「{room}」在 {time} 已被「{title}」佔用（含佈置與清場時間），請換個時間或會議室",
     "\"{room}\" is taken at {time} by \"{title}\" (set-up and clean-up included); choose another time or room"},
    {"meetings.series_conflict", "以下日期会议室已被占用：{dates}；整个系列均未预订",
     "以下日期會議室已被佔用：{dates}；整個系列均未預訂",
     "the room is taken on {dates}; none of the series was booked"},
    {"meetings.series_overlaps_itself", "系列中相邻两次会议的占用时间重叠，请缩短会议或加大间隔",
     "系列中相鄰兩次會議的佔用時間重疊，請縮短會議或加大間隔",
     "occurrences of the series overlap each other; shorten the meeting or space them out"},
    {"meetings.end_before_start", "结束时间必须晚于开始时间", "結束時間必須晚於開始時間",
     "the meeting must end after it starts"},
    {"meetings.too_long", "会议不能超过 {max} 分钟", "會議不能超過 {max} 分鐘",
     "a meeting may last at most {max} minutes"},
    {"meetings.in_past", "不能预订已经开始的时段", "不能預訂已經開始的時段",
     "the start is in the past"},
    {"meetings.too_far_ahead", "最多只能提前 {days} 天预订", "最多只能提前 {days} 天預訂",
     "bookings can be made at most {days} days ahead"},
    {"meetings.category_a_notice", "A 类（专项/专案）接待须至少提前 {days} 天填写会议安排表",
     "A 類（專項/專案）接待須至少提前 {days} 天填寫會議安排表",
     "a category-A reception must be booked at least {days} days ahead (VIS-11)"},
    {"meetings.venue_inactive", "该会议室已停用", "該會議室已停用", "the room is not in use"},
    {"meetings.other_needs_note", "“其他”物品须写明是什么", "「其他」物品須寫明是什麼",
     "an \"other\" item needs a note saying what it is"},
    {"meetings.service_twice", "服务项目“{item}”重复", "服務項目「{item}」重複",
     "the service item \"{item}\" is listed twice"},
    {"meetings.until_before_start", "重复截止日期早于第一次会议", "重複截止日期早於第一次會議",
     "the series ends before its first meeting"},
    {"meetings.not_pending", "该预订不在待审批状态", "該預訂不在待審批狀態",
     "the booking is not waiting for approval"},
    {"meetings.not_active", "该预订已取消或被驳回，不能再修改", "該預訂已取消或被駁回，不能再修改",
     "the booking was cancelled or rejected and can no longer change"},
    {"meetings.not_yours", "只有预订人、会议组织者或会议管理员可以修改该预订",
     "只有預訂人、會議組織者或會議管理員可以修改該預訂",
     "only the booker, the organiser or a meetings administrator can change this booking"},
    {"meetings.not_a_series", "该预订不属于重复系列", "該預訂不屬於重複系列",
     "the booking is not part of a series"},
    {"meetings.feed_not_found", "日历订阅链接无效或已更换", "日曆訂閱連結無效或已更換",
     "the calendar feed link is unknown or was replaced"},
    // notify
    // conference reception (PLAN-9)
    {"conferences.end_before_start", "结束日期不能早于开始日期", "結束日期不能早於開始日期",
     "the conference cannot end before it starts"},
    {"conferences.close_before_open", "报名截止时间必须晚于报名开始时间", "報名截止時間必須晚於報名開始時間",
     "registration must close after it opens"},
    {"conferences.registration_not_open", "报名尚未开始，将于 {time} 开放", "報名尚未開始，將於 {time} 開放",
     "registration has not opened yet; it opens at {time}"},
    {"conferences.registration_closed", "报名已于 {time} 截止，请联系会务组", "報名已於 {time} 截止，請聯絡會務組",
     "registration closed at {time}; please contact the organisers"},
    {"conferences.hotel_full", "“{hotel}”的房间已订满，请选择其他住宿标准", "「{hotel}」的房間已訂滿，請選擇其他住宿標準",
     "no rooms are left in \"{hotel}\"; choose another hotel class"},
    {"conferences.quota_below_taken", "已有代表占用 {taken} 间房，房间数不能少于此数",
     "已有代表佔用 {taken} 間房，房間數不能少於此數",
     "delegates already take {taken} rooms; the quota cannot be lower"},
    {"conferences.already_registered", "该手机号码已报名本次会议（{name}）", "該手機號碼已報名本次會議（{name}）",
     "this phone number is already registered for the conference ({name})"},
    {"conferences.departure_before_arrival", "离会时间必须晚于抵达时间", "離會時間必須晚於抵達時間",
     "departure must be after arrival"},
    {"conferences.diet_note_required", "选择“其他”饮食要求时，请写明具体要求", "選擇「其他」飲食要求時，請寫明具體要求",
     "describe the diet when choosing \"other\""},
    {"conferences.meal_outside", "用餐日期须在会期内（{from} 至 {to}）", "用餐日期須在會期內（{from} 至 {to}）",
     "the meal must be on a conference day ({from} to {to})"},
    {"conferences.has_delegates", "该会议已有代表报名，不能删除", "該會議已有代表報名，不能刪除",
     "delegates have registered; the conference cannot be deleted"},
    {"conferences.unknown_code", "代表码“{code}”不属于本次会议", "代表碼「{code}」不屬於本次會議",
     "the delegate code \"{code}\" is not of this conference"},
    {"conferences.already_checked_in", "{name} 已于 {time} 签到用餐", "{name} 已於 {time} 簽到用餐",
     "{name} already checked in for this meal at {time}"},
    {"conferences.delegate_cancelled", "该代表的报名已取消", "該代表的報名已取消",
     "this delegate's registration is cancelled"},
    {"conferences.no_staff", "请先为该接站点指定接站人员", "請先為該接站點指定接站人員",
     "assign a staff member to the pickup point first"},
    {"conferences.staff_unreachable", "接站人员“{name}”没有登录账号或电子邮箱，无法发送",
     "接站人員「{name}」沒有登入帳號或電子郵件，無法發送",
     "\"{name}\" has neither a login nor an e-mail address; the list cannot be sent"},
    {"conferences.unknown_delegation", "没有单位为“{organisation}”的代表团", "沒有單位為「{organisation}」的代表團",
     "there is no delegation \"{organisation}\""},
    {"conferences.ref_required", "请选择该账单行对应的住宿标准、餐次或接站点", "請選擇該帳單行對應的住宿標準、餐次或接站點",
     "choose the hotel class, meal or pickup point the line is for"},
    {"conferences.ref_not_allowed", "“其他”类账单行不对应具体项目", "「其他」類帳單行不對應具體項目",
     "an \"other\" line is not for a hotel class, meal or pickup point"},
    {"conferences.billed", "已有账单行对应该项，不能删除", "已有帳單行對應該項，不能刪除",
     "a bill line is for it; it cannot be deleted"},
    {"conferences.in_use", "已有代表选择了该项，不能删除", "已有代表選擇了該項，不能刪除",
     "delegates have chosen it; it cannot be deleted"},
    {"notify.not_dead", "只有已放弃的投递才能重试", "只有已放棄的投遞才能重試",
     "only a dead delivery can be retried"},
};

struct Label {
  std::string_view field, zh_cn, zh_tw, en;
};

constexpr Label kFieldLabels[] = {
    {"name", "名称", "名稱", "name"},
    {"code", "编码", "編碼", "code"},
    {"username", "用户名", "使用者名稱", "username"},
    {"password", "密码", "密碼", "password"},
    {"new_password", "新密码", "新密碼", "new password"},
    {"old_password", "原密码", "原密碼", "current password"},
    {"display_name", "显示名", "顯示名稱", "display name"},
    {"role_ids", "角色", "角色", "roles"},
    {"permissions", "权限", "權限", "permissions"},
    {"scope", "数据范围", "資料範圍", "data scope"},
    {"scopes", "权限范围", "權限範圍", "scopes"},
    {"kind", "类型", "類型", "kind"},
    {"time_zone", "时区", "時區", "time zone"},
    {"address", "地址", "地址", "address"},
    {"directions", "来访路线", "來訪路線", "directions"},
    {"transport", "公交与停车", "公車與停車", "transport and parking"},
    {"desk_hours", "前台工作时间", "櫃台工作時間", "desk hours"},
    {"parent_id", "上级部门", "上級部門", "parent department"},
    {"department_id", "部门", "部門", "department"},
    {"head_staff_id", "部门负责人", "部門負責人", "department head"},
    {"site_id", "场所", "場所", "site"},
    {"title", "职务", "職務", "title"},
    {"rank", "职级", "職級", "rank"},
    {"phone", "电话", "電話", "phone"},
    {"email", "电子邮箱", "電子郵件", "email"},
    {"extension", "分机号", "分機號碼", "extension"},
    {"capacity", "容纳人数", "容納人數", "capacity"},
    {"equipment", "设备", "設備", "equipment"},
    {"working_weekdays", "工作日", "工作日", "working weekdays"},
    {"date", "日期", "日期", "date"},
    {"year", "年份", "年份", "year"},
    {"reason", "原因", "原因", "reason"},
    {"from", "开始时间", "開始時間", "from"},
    {"to", "结束时间", "結束時間", "to"},
    {"days", "天数", "天數", "days"},
    {"hours", "小时数", "小時數", "hours"},
    {"page", "页码", "頁碼", "page"},
    {"page_size", "每页条数", "每頁筆數", "page size"},
    {"file", "文件", "檔案", "file"},
    {"name_initials", "拼音首字母", "拼音首字母", "pinyin initials"},
    {"active", "启用", "啟用", "active"},
    {"user_id", "关联账号", "關聯帳號", "user account"},
    {"q", "搜索词", "搜尋詞", "search text"},
    {"visitor_name", "访客姓名", "訪客姓名", "visitor name"},
    {"company", "单位", "單位", "company"},
    {"head_count", "人数", "人數", "head count"},
    {"purpose", "来访事由", "來訪事由", "purpose"},
    {"category", "接待类别", "接待類別", "reception category"},
    {"host_staff_id", "接待人", "接待人", "host"},
    {"deputy_staff_id", "代接待人", "代接待人", "deputy"},
    {"venue_id", "接待地点", "接待地點", "venue"},
    {"expected_at", "预约时间", "預約時間", "appointed time"},
    {"expected_minutes", "预计时长", "預計時長", "expected duration"},
    {"id_number", "身份证号码", "身分證號碼", "identity number"},
    {"badge_code", "二维码", "二維碼", "QR code"},
    {"answer", "回复", "回覆", "answer"},
    {"minutes", "分钟数", "分鐘數", "minutes"},
    {"note", "备注", "備註", "note"},
    {"outcome", "结果", "結果", "outcome"},
    {"to_user_id", "接手人", "接手人", "new owner"},
    {"visitor_kind", "访客类型", "訪客類型", "visitor kind"},
    {"greeting", "问候信息", "問候資訊", "greeting"},
    {"list", "名单", "名單", "list"},
    {"label", "显示名称", "顯示名稱", "label"},
    {"action", "处理方式", "處理方式", "handling"},
    {"instructions", "处理说明", "處理說明", "instructions"},
    {"sort", "排序", "排序", "order"},
    {"value", "值", "值", "value"},
    {"admit", "是否放行", "是否放行", "admit"},
    {"status", "状态", "狀態", "status"},
    {"visit_id", "访客记录", "訪客記錄", "visit"},
    {"field", "字段", "欄位", "field"},
    {"text", "内容", "內容", "text"},
    {"day", "日期", "日期", "day"},
    {"mode", "来访方式", "來訪方式", "mode"},
    {"id", "编号", "編號", "id"},
    {"caller_name", "来电人", "來電人", "caller"},
    {"caller_id", "来电人记录", "來電人記錄", "caller"},
    {"organisation", "单位", "單位", "organisation"},
    {"matter", "事由", "事由", "matter"},
    {"for_staff_id", "找哪位", "找哪位", "person asked for"},
    {"for_department_id", "找哪个部门", "找哪個部門", "department asked for"},
    {"message", "留言内容", "留言內容", "message"},
    {"called_at", "来电时间", "來電時間", "time of the call"},
    {"knowledge_id", "知识条目", "知識條目", "knowledge entry"},
    {"question", "问题", "問題", "question"},
    {"tags", "标签", "標籤", "tags"},
    {"late_answer", "迟接", "遲接", "late answer"},
    {"limit", "条数", "筆數", "limit"},
    // mail desk
    {"tracking_no", "运单号", "運單號碼", "tracking number"},
    {"carrier", "快递公司", "貨運公司", "carrier"},
    {"sender", "寄件人", "寄件人", "sender"},
    {"recipient_staff_id", "收件人", "收件人", "recipient"},
    {"recipient_department_id", "收件部门", "收件部門", "recipient department"},
    {"shelf", "存放位置", "存放位置", "shelf"},
    {"description", "物品说明", "物品說明", "description"},
    {"photo", "照片", "照片", "photo"},
    {"signature_png", "签名", "簽名", "signature"},
    {"collector_name", "领取人", "領取人", "collector"},
    {"pickup_code", "取件码", "取件碼", "pickup code"},
    {"return_kind", "退回方式", "退回方式", "return kind"},
    {"overdue", "超期", "逾期", "overdue"},
    {"publication", "报刊名称", "報刊名稱", "publication"},
    {"publisher", "出版单位", "出版單位", "publisher"},
    {"copies", "份数", "份數", "copies"},
    {"period_start", "订阅开始日期", "訂閱開始日期", "period start"},
    {"period_end", "订阅结束日期", "訂閱結束日期", "period end"},
    {"renewal_date", "续订日期", "續訂日期", "renewal date"},
    {"price_fen", "订阅金额", "訂閱金額", "price"},
    {"notes", "备注", "備註", "notes"},
    {"issue", "期号", "期號", "issue"},
    {"subscription_id", "订阅", "訂閱", "subscription"},
    {"state", "状态", "狀態", "state"},
    // duty roster and conduct
    {"staff_id", "员工", "員工", "staff member"},
    {"start", "开始时间", "開始時間", "start"},
    {"end", "结束时间", "結束時間", "end"},
    {"cover_staff_id", "顶岗人", "頂崗人", "cover"},
    {"from_staff_id", "交接人", "交接人", "clerk handing over"},
    {"to_staff_id", "接手同事", "接手同事", "colleague taking over"},
    {"from_date", "开始日期", "開始日期", "first day"},
    {"to_date", "结束日期", "結束日期", "last day"},
    {"week", "目标周", "目標週", "week"},
    {"source_week", "来源周", "來源週", "week to copy"},
    {"replace", "替换", "取代", "replace"},
    {"severity", "严重程度", "嚴重程度", "severity"},
    {"details", "违规情况", "違規情況", "details"},
    {"fine_fen", "罚款金额", "罰款金額", "fine"},
    {"appeal", "申诉说明", "申訴說明", "appeal"},
    {"training_on", "培训日期", "培訓日期", "training date"},
    {"warn_user_id", "空档提醒接收人", "空檔提醒接收人", "who is warned"},
    {"month", "月份", "月份", "month"},
    // meeting service
    {"subject", "会议主题", "會議主題", "subject"},
    {"start_at", "开始时间", "開始時間", "start"},
    {"end_at", "结束时间", "結束時間", "end"},
    {"attendee_count", "参会人数", "參會人數", "number of attendees"},
    {"attendees", "参会人员", "參會人員", "attendees"},
    {"services", "会议服务", "會議服務", "services"},
    {"organizer_staff_id", "会议组织者", "會議組織者", "organiser"},
    {"clerk_user_id", "服务人员", "服務人員", "serving clerk"},
    {"bring", "参会需准备", "參會需準備", "what to bring"},
    {"recurrence", "重复规则", "重複規則", "recurrence"},
    {"recurrence.freq", "重复频率", "重複頻率", "recurrence frequency"},
    {"recurrence.interval", "重复间隔", "重複間隔", "recurrence interval"},
    {"recurrence.weekdays", "重复的星期", "重複的星期", "recurrence weekdays"},
    {"recurrence.until", "重复截止日期", "重複截止日期", "recurrence end date"},
    {"recurrence.count", "重复次数", "重複次數", "number of occurrences"},
    {"setup_minutes", "布置时间", "佈置時間", "set-up minutes"},
    {"cleanup_minutes", "清场时间", "清場時間", "clean-up minutes"},
    {"needs_approval", "需要审批", "需要審批", "needs approval"},
    // conference reception
    {"place", "地点", "地點", "place"},
    {"start_date", "开始日期", "開始日期", "first day"},
    {"end_date", "结束日期", "結束日期", "last day"},
    {"registration_opens_at", "报名开始时间", "報名開始時間", "registration opens"},
    {"registration_closes_at", "报名截止时间", "報名截止時間", "registration closes"},
    {"fee_fen", "会务费", "會務費", "conference fee"},
    {"liaison_free_above", "联络员免费的人数门槛", "聯絡員免費的人數門檻", "liaison free above"},
    {"contact", "会务联系人", "會務聯絡人", "contact"},
    {"reception_id", "接待方案", "接待方案", "reception plan"},
    {"hotel", "酒店", "酒店", "hotel"},
    {"price_per_night_fen", "每晚房价", "每晚房價", "price per night"},
    {"rooms", "房间数", "房間數", "rooms"},
    {"time", "时间", "時間", "time"},
    {"price_per_diner_fen", "每人餐费", "每人餐費", "price per diner"},
    {"window_minutes", "接站时段长度", "接站時段長度", "pickup window"},
    {"gender", "性别", "性別", "gender"},
    {"role", "团内身份", "團內身分", "role in the delegation"},
    {"diet", "饮食要求", "飲食要求", "diet"},
    {"diet_note", "饮食要求说明", "飲食要求說明", "diet details"},
    {"needs", "其他需求", "其他需求", "special needs"},
    {"arrival_at", "抵达时间", "抵達時間", "arrival"},
    {"arrival_transport", "抵达方式", "抵達方式", "arriving by"},
    {"arrival_number", "抵达航班/车次", "抵達航班/車次", "arrival flight/train"},
    {"arrival_point_id", "接站地点", "接站地點", "pickup point"},
    {"departure_at", "离会时间", "離會時間", "departure"},
    {"departure_transport", "离会方式", "離會方式", "leaving by"},
    {"departure_number", "返程航班/车次", "返程航班/車次", "departure flight/train"},
    {"departure_point_id", "送站地点", "送站地點", "see-off point"},
    {"return_ticket", "代订返程票", "代訂返程票", "return ticket"},
    {"return_note", "返程票要求", "返程票要求", "return ticket wishes"},
    {"hotel_id", "住宿标准", "住宿標準", "hotel class"},
    {"room_sharing", "住房方式", "住房方式", "room"},
    {"roommate", "合住人", "合住人", "roommate"},
    {"meal_id", "餐次", "餐次", "meal"},
    {"delegate_id", "代表", "代表", "delegate"},
    {"point_id", "接站点", "接站點", "pickup point"},
    {"supplier", "供应商", "供應商", "supplier"},
    {"item", "项目", "項目", "item"},
    {"quantity", "数量", "數量", "quantity"},
    {"unit_price_fen", "单价", "單價", "unit price"},
    {"ref_id", "对应项目", "對應項目", "for"},
    {"amount_fen", "金额", "金額", "amount"},
    {"paid_on", "付款日期", "付款日期", "paid on"},
    {"method", "付款方式", "付款方式", "method"},
    {"reference", "凭证号", "憑證號", "reference"},
    {"direction", "方向", "方向", "direction"},
    {"base", "链接地址", "連結位址", "link address"},
    {"reveal", "显示完整号码", "顯示完整號碼", "show full numbers"},
};

std::string_view Pick(Lang lang, std::string_view zh_cn, std::string_view zh_tw,
                      std::string_view en) {
  switch (lang) {
    case Lang::kZhCN: return zh_cn;
    case Lang::kZhTW: return zh_tw;
    case Lang::kEn: return en;
  }
  return zh_cn;
}

const Message* FindMessage(std::string_view key) {
  for (const auto& m : kMessages)
    if (m.key == key) return &m;
  return nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Lang ParseAcceptLanguage(std::string_view header) {
  // Choose the language range with the highest q that we support; ties keep header order.
  Lang best = Lang::kZhCN;
  double best_q = -1;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view item = header.substr(pos, comma == std::string_view::npos ? header.npos
                                                                               : comma - pos);
    pos = comma == std::string_view::npos ? header.size() : comma + 1;
    double q = 1.0;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (size_t qpos = params.find("q="); qpos != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qpos + 2)));
        } catch (...) {
          q = 0;
        }
      }
    }
    std::string tag = Lower(item);
    tag.erase(std::remove_if(tag.begin(), tag.end(), [](char c) { return c == ' '; }), tag.end());
    std::optional<Lang> lang;
    if (tag == "zh-tw" || tag == "zh-hk" || tag == "zh-mo" || tag.rfind("zh-hant", 0) == 0)
      lang = Lang::kZhTW;
    else if (tag.rfind("zh", 0) == 0)
      lang = Lang::kZhCN;
    else if (tag.rfind("en", 0) == 0)
      lang = Lang::kEn;
    if (lang && q > best_q) {
      best = *lang;
      best_q = q;
    }
  }
  return best;
}

std::string FieldLabel(Lang lang, std::string_view field) {
  for (const auto& l : kFieldLabels)
    if (l.field == field) return std::string(Pick(lang, l.zh_cn, l.zh_tw, l.en));
  return std::string(field);
}

std::string Localize(Lang lang, std::string_view key,
                     const std::vector<std::pair<std::string, std::string>>& args,
                     std::string_view field) {
  const Message* m = FindMessage(key);
  if (m == nullptr) m = FindMessage("error.internal");
  std::string text(Pick(lang, m->zh_cn, m->zh_tw, m->en));
  auto replace_all = [&text](std::string_view name, std::string_view value) {
    std::string token = "{" + std::string(name) + "}";
    for (size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size()))
      text.replace(at, token.size(), value);
  };
  for (const auto& [name, value] : args) replace_all(name, value);
  if (text.find("{field}") != std::string::npos) replace_all("field", FieldLabel(lang, field));
  return text;
}

bool HasMessage(std::string_view key) {
  const Message* m = FindMessage(key);
  return m != nullptr && !m->zh_cn.empty() && !m->zh_tw.empty() && !m->en.empty();
}

}  // namespace yingbin::core
