// Messages of the visitor self sign-in kiosk (pages/kiosk/KioskPage.vue) and of the
// badge (components/BadgeCard.vue, pages/visitors/BadgePrintPage.vue).
export default {
  'zh-CN': {
    kiosk: {
      title: '访客自助登记', welcome: '欢迎光临', setupTitle: '设置自助机', setupHint: '请管理员输入本机的自助机令牌（在“API 令牌”中创建，类型为自助机并选择地点）。',
      tokenPlaceholder: 'ybt_…', connect: '连接', badToken: '令牌无效或已撤销，请管理员重新设置', offline: '网络连接中断，请稍后再试或到前台登记', failed: '操作未成功，请到前台登记',
      haveInvitation: '我有预约', haveInvitationHint: '扫描邀请函上的二维码', noInvitation: '我没有预约', noInvitationHint: '填写姓名和要拜访的人',
      leaving: '离开签退', leavingHint: '扫描访客证上的二维码', scanInvitation: '请扫描邀请二维码', scanBadge: '请扫描访客证二维码',
      scanHint: '将二维码对准扫码器；也可以输入二维码下方的编码', codePlaceholder: '二维码编码', back: '返回', confirm: '确定',
      walkInTitle: '访客登记', name: '您的姓名', company: '单位', phone: '手机号码', whom: '您要拜访谁？', whomHint: '输入姓名或拼音首字母',
      nameRequired: '请填写您的姓名', hostRequired: '请从列表中选择您要拜访的人', signIn: '登记',
      signedIn: '登记成功，已通知 {host}', waitHint: '请领取访客证并在大厅稍候，接待人会尽快来接您。', print: '打印访客证', finish: '完成',
      bye: '签退成功', byeHint: '感谢来访，祝您一路顺风！',
    },
    badge: { visitor: '访客', host: '接待人', venue: '地点', date: '日期', qrAlt: '访客证二维码', returnHint: '离开时请扫码签退并交还访客证', label: '80 mm 标签', a6: 'A6 卡片', print: '打印', title: '打印访客证' },
  },
  'zh-TW': {
    kiosk: {
      title: '訪客自助登記', welcome: '歡迎光臨', setupTitle: '設定自助機', setupHint: '請管理員輸入本機的自助機權杖（在「API 權杖」中建立，類型為自助機並選擇地點）。',
      tokenPlaceholder: 'ybt_…', connect: '連線', badToken: '權杖無效或已撤銷，請管理員重新設定', offline: '網路連線中斷，請稍後再試或到櫃檯登記', failed: '操作未成功，請到櫃檯登記',
      haveInvitation: '我有預約', haveInvitationHint: '掃描邀請函上的 QR 碼', noInvitation: '我沒有預約', noInvitationHint: '填寫姓名和要拜訪的人',
      leaving: '離開簽退', leavingHint: '掃描訪客證上的 QR 碼', scanInvitation: '請掃描邀請 QR 碼', scanBadge: '請掃描訪客證 QR 碼',
      scanHint: '將 QR 碼對準掃描器；也可以輸入 QR 碼下方的編碼', codePlaceholder: 'QR 碼編碼', back: '返回', confirm: '確定',
      walkInTitle: '訪客登記', name: '您的姓名', company: '單位', phone: '手機號碼', whom: '您要拜訪誰？', whomHint: '輸入姓名或拼音首字母',
      nameRequired: '請填寫您的姓名', hostRequired: '請從清單中選擇您要拜訪的人', signIn: '登記',
      signedIn: '登記成功，已通知 {host}', waitHint: '請領取訪客證並在大廳稍候，接待人會盡快來接您。', print: '列印訪客證', finish: '完成',
      bye: '簽退成功', byeHint: '感謝來訪，祝您一路順風！',
    },
    badge: { visitor: '訪客', host: '接待人', venue: '地點', date: '日期', qrAlt: '訪客證 QR 碼', returnHint: '離開時請掃碼簽退並交還訪客證', label: '80 mm 標籤', a6: 'A6 卡片', print: '列印', title: '列印訪客證' },
  },
  en: {
    kiosk: {
      title: 'Visitor self sign-in', welcome: 'Welcome', setupTitle: 'Set up this kiosk', setupHint: 'An administrator enters this device\'s kiosk token (created under “API tokens”, kind Kiosk, with its site).',
      tokenPlaceholder: 'ybt_…', connect: 'Connect', badToken: 'The token is invalid or revoked; ask an administrator to set up the kiosk again', offline: 'The network is down. Please try again shortly or go to the front desk.', failed: 'That did not work. Please go to the front desk.',
      haveInvitation: 'I have an appointment', haveInvitationHint: 'Scan the QR code of your invitation', noInvitation: 'I have no appointment', noInvitationHint: 'Enter your name and whom you visit',
      leaving: 'Leaving', leavingHint: 'Scan the QR code of your badge', scanInvitation: 'Scan your invitation QR code', scanBadge: 'Scan your badge QR code',
      scanHint: 'Hold the QR code to the scanner, or type the code printed under it', codePlaceholder: 'QR code', back: 'Back', confirm: 'OK',
      walkInTitle: 'Visitor sign-in', name: 'Your name', company: 'Company', phone: 'Mobile number', whom: 'Whom are you visiting?', whomHint: 'Type a name or pinyin initials',
      nameRequired: 'Please enter your name', hostRequired: 'Please choose the person you visit from the list', signIn: 'Sign in',
      signedIn: 'You are signed in. {host} has been told.', waitHint: 'Please take your badge and wait in the lobby; your host will come for you shortly.', print: 'Print badge', finish: 'Done',
      bye: 'You are checked out', byeHint: 'Thank you for visiting. Have a safe trip!',
    },
    badge: { visitor: 'VISITOR', host: 'Host', venue: 'Venue', date: 'Date', qrAlt: 'Badge QR code', returnHint: 'Scan out and return this badge when you leave', label: '80 mm label', a6: 'A6 card', print: 'Print', title: 'Print badge' },
  },
}
