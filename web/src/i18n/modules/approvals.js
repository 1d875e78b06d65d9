// Messages of the four-eyes requests (DATA-5): components/ApprovalsPanel.vue,
// components/RetentionPanel.vue and the two-person settings.
export default {
  'zh-CN': {
    approvals: {
      title: '待审批的变更', none: '没有待审批的变更', twoPerson: '需两位管理员', requested: '已提交，须由另一位管理员审批后生效',
      by: '{name} 于 {time} 申请', setting: '将“{name}”从 {before} 改为 {value}', purge: '销毁 {cutoff} 之前的访客个人资料：{visits} 次来访、{visitors} 位访客、{messages} 条消息',
      approve: '批准', reject: '驳回', withdraw: '撤回', own: '您提交的申请，须由另一位管理员审批', reason: '申请理由：{reason}',
      approveConfirm: '批准后立即生效{extra}。确认批准？', irreversible: '，且不可恢复', rejectReason: '请填写驳回（撤回）原因', approved: '已批准并生效', rejected: '已驳回',
    },
    retention: {
      title: '访客资料保留（DATA-5）', intro: '超过保留期限的访客个人资料（姓名只保留首字，手机号、证件号、邮箱、登记问答和搜索索引）将被销毁，销毁须两位管理员同意，不可恢复，并记入审计日志。',
      expired: '保留期 {days} 天：{cutoff} 之前的资料已到期', counts: '{visits} 次来访、{visitors} 位访客、{messages} 条已投递消息', guests: '，另有 {n} 位接待来宾',
      request: '申请销毁到期资料', nothing: '目前没有到期资料', requestConfirm: '提交销毁申请？另一位管理员批准后执行。',
    },
  },
  'zh-TW': {
    approvals: {
      title: '待審批的變更', none: '沒有待審批的變更', twoPerson: '需兩位管理員', requested: '已送出，須由另一位管理員審批後生效',
      by: '{name} 於 {time} 申請', setting: '將「{name}」從 {before} 改為 {value}', purge: '銷毀 {cutoff} 之前的訪客個人資料：{visits} 次來訪、{visitors} 位訪客、{messages} 則訊息',
      approve: '核准', reject: '駁回', withdraw: '撤回', own: '您送出的申請，須由另一位管理員審批', reason: '申請理由：{reason}',
      approveConfirm: '核准後立即生效{extra}。確認核准？', irreversible: '，且無法復原', rejectReason: '請填寫駁回（撤回）原因', approved: '已核准並生效', rejected: '已駁回',
    },
    retention: {
      title: '訪客資料保存（DATA-5）', intro: '超過保存期限的訪客個人資料（姓名只保留首字，手機號碼、證件號碼、電子郵件、登記問答和搜尋索引）將被銷毀，銷毀須兩位管理員同意，無法復原，並記入稽核紀錄。',
      expired: '保存期 {days} 天：{cutoff} 之前的資料已到期', counts: '{visits} 次來訪、{visitors} 位訪客、{messages} 則已傳送訊息', guests: '，另有 {n} 位接待來賓',
      request: '申請銷毀到期資料', nothing: '目前沒有到期資料', requestConfirm: '送出銷毀申請？另一位管理員核准後執行。',
    },
  },
  en: {
    approvals: {
      title: 'Changes awaiting approval', none: 'Nothing awaits approval', twoPerson: 'Two administrators', requested: 'Submitted; it takes effect when another administrator approves it',
      by: 'Requested by {name} at {time}', setting: 'Change “{name}” from {before} to {value}', purge: 'Destroy visitor personal data older than {cutoff}: {visits} visits, {visitors} visitors, {messages} messages',
      approve: 'Approve', reject: 'Reject', withdraw: 'Withdraw', own: 'Your own request: another administrator must approve it', reason: 'Reason: {reason}',
      approveConfirm: 'It takes effect at once{extra}. Approve?', irreversible: ' and cannot be undone', rejectReason: 'Why is it rejected (or withdrawn)?', approved: 'Approved and applied', rejected: 'Rejected',
    },
    retention: {
      title: 'Visitor data retention (DATA-5)', intro: 'Visitor personal data past the retention period (names cut to their first character; phone, identity number, e-mail, greeting answers and search index) is destroyed with the consent of two administrators, irreversibly, and logged.',
      expired: 'Retention {days} days: data older than {cutoff} has expired', counts: '{visits} visits, {visitors} visitors, {messages} delivered messages', guests: '; and {n} reception guests',
      request: 'Request destruction of expired data', nothing: 'No data has expired', requestConfirm: 'Submit the destruction request? It runs when another administrator approves it.',
    },
  },
}
