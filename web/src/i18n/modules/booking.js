// Messages of appointments: components/BookingDialog.vue and the host's actions on a
// booked visit (pages/visitors/HostPage.vue).
export default {
  'zh-CN': {
    booking: {
      title: '预约访客', new: '预约访客', visitorName: '访客姓名', company: '单位', phone: '手机号码', email: '电子邮箱',
      emailHint: '邀请函（含二维码和路线）发到这里', host: '接待人', hostHint: '留空即本人接待；可输入姓名或拼音首字母', site: '地点',
      when: '来访时间', minutes: '预计时长（分钟）', headCount: '人数', category: '接待类别', venue: '接待场地', venueHint: '可不选，到访时再定',
      purpose: '来访事由', save: '预约并发送邀请', booked: '已预约：{number}', bookedMailed: '已预约：{number}，邀请函已发送至 {email}',
      cat: { A: 'A 专项/专案（重要伙伴、重要客户）', B: 'B 来宾（领导贵宾、营销客户）', C: 'C 行政业务（面试、其他部门来访）', D: 'D 一般（推销、亲友等）' },
    },
    visitMove: {
      reschedule: '改期', cancel: '取消', delegate: '委托他人', noShow: '未到', newTime: '新的来访时间', reason: '原因',
      reasonCancel: '取消原因（会告知访客）', deputy: '代接待人', deputyHint: '输入姓名或拼音首字母', done: '已更新', clearDeputy: '收回委托',
      confirmNoShow: '确认“{name}”未到访？',
    },
  },
  'zh-TW': {
    booking: {
      title: '預約訪客', new: '預約訪客', visitorName: '訪客姓名', company: '單位', phone: '手機號碼', email: '電子郵件',
      emailHint: '邀請函（含 QR 碼和路線）寄到這裡', host: '接待人', hostHint: '留空即本人接待；可輸入姓名或拼音首字母', site: '地點',
      when: '來訪時間', minutes: '預計時長（分鐘）', headCount: '人數', category: '接待類別', venue: '接待場地', venueHint: '可不選，到訪時再定',
      purpose: '來訪事由', save: '預約並寄送邀請', booked: '已預約：{number}', bookedMailed: '已預約：{number}，邀請函已寄至 {email}',
      cat: { A: 'A 專項/專案（重要夥伴、重要客戶）', B: 'B 來賓（主管貴賓、行銷客戶）', C: 'C 行政業務（面試、其他部門來訪）', D: 'D 一般（推銷、親友等）' },
    },
    visitMove: {
      reschedule: '改期', cancel: '取消', delegate: '委託他人', noShow: '未到', newTime: '新的來訪時間', reason: '原因',
      reasonCancel: '取消原因（會告知訪客）', deputy: '代接待人', deputyHint: '輸入姓名或拼音首字母', done: '已更新', clearDeputy: '收回委託',
      confirmNoShow: '確認「{name}」未到訪？',
    },
  },
  en: {
    booking: {
      title: 'Book a visitor', new: 'Book a visitor', visitorName: 'Visitor name', company: 'Company', phone: 'Mobile number', email: 'E-mail',
      emailHint: 'The invitation (QR code and directions) goes here', host: 'Host', hostHint: 'Leave empty to host yourself; type a name or pinyin initials', site: 'Site',
      when: 'Arrival time', minutes: 'Expected length (minutes)', headCount: 'People', category: 'Reception category', venue: 'Venue', venueHint: 'Optional; can be decided on arrival',
      purpose: 'Purpose', save: 'Book and send invitation', booked: 'Booked: {number}', bookedMailed: 'Booked: {number}; the invitation was sent to {email}',
      cat: { A: 'A Key project (key partners and clients)', B: 'B Guest (leaders\' guests, marketing clients)', C: 'C Business (interviews, other departments)', D: 'D General (sales, friends, other)' },
    },
    visitMove: {
      reschedule: 'Reschedule', cancel: 'Cancel', delegate: 'Delegate', noShow: 'No show', newTime: 'New arrival time', reason: 'Reason',
      reasonCancel: 'Reason (the visitor is told)', deputy: 'Deputy', deputyHint: 'Type a name or pinyin initials', done: 'Updated', clearDeputy: 'Take back',
      confirmNoShow: 'Mark “{name}” as not come?',
    },
  },
}
