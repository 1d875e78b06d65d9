// Messages of the visitor self sign-in kiosk (pages/visitors/KioskPage.vue).
export default {
  'zh-CN': { kiosk: { title: '访客自助登记' } },
  'zh-TW': { kiosk: { title: '訪客自助登記' } },
  en: { kiosk: { title: 'Visitor self sign-in' } },
}
