// Messages of the four-eyes requests (DATA-5): components/ApprovalsPanel.vue,
// components/RetentionPanel.vue and the two-person settings.
export default {
  'zh-CN': {
    approvals: {
      title: '待审批的变更', none: '没有待审批的变更', twoPerson: '需两位管理员', requested: '已提交，须由另一位管理员审批后生效',
      by: '{name} 于 {time} 申请', setting: '将“{name}”从 {before} 改为 {value}', purge: '销毁到期的个人资料：{parts}',
      approve: '批准', reject: '驳回', withdraw: '撤回', own: '您提交的申请，须由另一位管理员审批', reason: '申请理由：{reason}',
      approveConfirm: '批准后立即生效{extra}。确认批准？', irreversible: '，且不可恢复', rejectReason: '请填写驳回（撤回）原因', approved: '已批准并生效', rejected: '已驳回',
    },
    retention: {
      title: '个人资料保留（DATA-5）', intro: '超过保留期限的个人资料（访客、来电人等：姓名只保留首字，手机号、证件号、邮箱、登记问答和搜索索引）将被销毁；每类资料按各自的保留天数设置计算。销毁须两位管理员同意，不可恢复，并记入审计日志。',
      part: '资料', days: '保留期', daysValue: '{days} 天', cutoff: '此时间之前到期', count: '到期条数', total: '共 {count} 条到期资料',
      partCount: '{part} {count}', separator: '、',
      parts: { visits: '来访记录', visitors: '访客', outbox: '已投递消息', notifications: '站内通知', calls: '来电记录', callers: '来电人', reception_guests: '接待来宾', delegates: '会务代表', complaint_customers: '投诉客户' },
      request: '申请销毁到期资料', nothing: '目前没有到期资料', requestConfirm: '提交销毁申请？另一位管理员批准后执行。',
    },
  },
  'zh-TW': {
    approvals: {
      title: '待審批的變更', none: '沒有待審批的變更', twoPerson: '需兩位管理員', requested: '已送出，須由另一位管理員審批後生效',
      by: '{name} 於 {time} 申請', setting: '將「{name}」從 {before} 改為 {value}', purge: '銷毀到期的個人資料：{parts}',
      approve: '核准', reject: '駁回', withdraw: '撤回', own: '您送出的申請，須由另一位管理員審批', reason: '申請理由：{reason}',
      approveConfirm: '核准後立即生效{extra}。確認核准？', irreversible: '，且無法復原', rejectReason: '請填寫駁回（撤回）原因', approved: '已核准並生效', rejected: '已駁回',
    },
    retention: {
      title: '個人資料保存（DATA-5）', intro: '超過保存期限的個人資料（訪客、來電人等：姓名只保留首字，手機號碼、證件號碼、電子郵件、登記問答和搜尋索引）將被銷毀；每類資料依各自的保存天數設定計算。銷毀須兩位管理員同意，無法復原，並記入稽核紀錄。',
      part: '資料', days: '保存期', daysValue: '{days} 天', cutoff: '此時間之前到期', count: '到期筆數', total: '共 {count} 筆到期資料',
      partCount: '{part} {count}', separator: '、',
      parts: { visits: '來訪紀錄', visitors: '訪客', outbox: '已傳送訊息', notifications: '站內通知', calls: '來電紀錄', callers: '來電人', reception_guests: '接待來賓', delegates: '會務代表', complaint_customers: '投訴客戶' },
      request: '申請銷毀到期資料', nothing: '目前沒有到期資料', requestConfirm: '送出銷毀申請？另一位管理員核准後執行。',
    },
  },
  en: {
    approvals: {
      title: 'Changes awaiting approval', none: 'Nothing awaits approval', twoPerson: 'Two administrators', requested: 'Submitted; it takes effect when another administrator approves it',
      by: 'Requested by {name} at {time}', setting: 'Change “{name}” from {before} to {value}', purge: 'Destroy expired personal data: {parts}',
      approve: 'Approve', reject: 'Reject', withdraw: 'Withdraw', own: 'Your own request: another administrator must approve it', reason: 'Reason: {reason}',
      approveConfirm: 'It takes effect at once{extra}. Approve?', irreversible: ' and cannot be undone', rejectReason: 'Why is it rejected (or withdrawn)?', approved: 'Approved and applied', rejected: 'Rejected',
    },
    retention: {
      title: 'Personal data retention (DATA-5)', intro: 'Personal data past its retention period (of visitors, callers and others: names cut to their first character; phone, identity number, e-mail, greeting answers and search index) is destroyed; each kind of record follows its own retention setting. Destruction needs two administrators, cannot be undone, and is logged.',
      part: 'Records', days: 'Kept for', daysValue: '{days} days', cutoff: 'Expired if older than', count: 'Expired', total: '{count} expired records in all',
      partCount: '{count} {part}', separator: ', ',
      parts: { visits: 'visits', visitors: 'visitors', outbox: 'delivered messages', notifications: 'notifications', calls: 'calls', callers: 'callers', reception_guests: 'reception guests', delegates: 'conference delegates', complaint_customers: 'complaining customers' },
      request: 'Request destruction of expired data', nothing: 'No data has expired', requestConfirm: 'Submit the destruction request? It runs when another administrator approves it.',
    },
  },
}
