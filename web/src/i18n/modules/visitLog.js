// Messages of the daily visitor log (pages/visitors/VisitLogPage.vue, VIS-16).
export default {
  'zh-CN': {
    visitLog: {
      title: '访客日志', site: '地点', days: '日期', search: '姓名、单位（支持简繁、拼音首字母）', category: '类别', status: '状态',
      exportCsv: '导出 CSV', exportXlsx: '导出 Excel', number: '编号', time: '时间', visitor: '访客', company: '单位', phone: '电话',
      headCount: '人数', host: '接待人', outcome: '结果', reveal: '查看完整号码', revealReason: '请说明查看原因（将记入审计日志）',
      revealTitle: '查看完整号码', revealed: '完整号码：{value}', day: '{day} 日志', dayStatus: { open: '未审核', reviewed: '已审核', archived: '已归档' },
      dayCounts: '来访 {visits} 人次，仍在场 {onSite} 人次', review: '审核通过', archive: '归档', reviewConfirm: '确认审核 {day} 的访客日志？',
      archiveConfirm: '归档后该日记录只读，只能添加批注。确认归档 {day}？', annotations: '批注', annotate: '添加批注', annotationHint: '批注内容',
      noAnnotations: '暂无批注', pickOneDay: '选择单独一天可审核、归档和批注该日日志', capped: '匹配超过 {n} 条，仅显示最新的部分；请缩小日期范围或补充关键词',
      statuses: { expected: '待到访', waiting: '等候中', held: '待安保确认', with_host: '接待中', checked_out: '已离开', cancelled: '已取消', no_show: '未到访' },
      modes: { appointment: '有约', walk_in: '无约' },
      outcomes: { met: '已会见', declined: '未会见', handed_over: '已转交', left: '自行离开' },
    },
  },
  'zh-TW': {
    visitLog: {
      title: '訪客日誌', site: '地點', days: '日期', search: '姓名、單位（支援簡繁、拼音首字母）', category: '類別', status: '狀態',
      exportCsv: '匯出 CSV', exportXlsx: '匯出 Excel', number: '編號', time: '時間', visitor: '訪客', company: '單位', phone: '電話',
      headCount: '人數', host: '接待人', outcome: '結果', reveal: '檢視完整號碼', revealReason: '請說明檢視原因（將記入稽核日誌）',
      revealTitle: '檢視完整號碼', revealed: '完整號碼：{value}', day: '{day} 日誌', dayStatus: { open: '未審核', reviewed: '已審核', archived: '已歸檔' },
      dayCounts: '來訪 {visits} 人次，仍在場 {onSite} 人次', review: '審核通過', archive: '歸檔', reviewConfirm: '確認審核 {day} 的訪客日誌？',
      archiveConfirm: '歸檔後該日紀錄唯讀，只能新增批註。確認歸檔 {day}？', annotations: '批註', annotate: '新增批註', annotationHint: '批註內容',
      noAnnotations: '尚無批註', pickOneDay: '選擇單獨一天可審核、歸檔和批註該日日誌', capped: '符合超過 {n} 筆，僅顯示最新的部分；請縮小日期範圍或補充關鍵字',
      statuses: { expected: '待到訪', waiting: '等候中', held: '待保全確認', with_host: '接待中', checked_out: '已離開', cancelled: '已取消', no_show: '未到訪' },
      modes: { appointment: '有約', walk_in: '無約' },
      outcomes: { met: '已會見', declined: '未會見', handed_over: '已轉交', left: '自行離開' },
    },
  },
  en: {
    visitLog: {
      title: 'Visitor log', site: 'Site', days: 'Dates', search: 'Name or company (simplified/traditional, pinyin initials)', category: 'Category', status: 'Status',
      exportCsv: 'Export CSV', exportXlsx: 'Export Excel', number: 'Number', time: 'Time', visitor: 'Visitor', company: 'Company', phone: 'Phone',
      headCount: 'People', host: 'Host', outcome: 'Outcome', reveal: 'Show the full number', revealReason: 'Why do you need it? (recorded in the audit log)',
      revealTitle: 'Show the full number', revealed: 'Full number: {value}', day: 'Log of {day}', dayStatus: { open: 'Not reviewed', reviewed: 'Reviewed', archived: 'Archived' },
      dayCounts: '{visits} visits, {onSite} still on site', review: 'Approve', archive: 'Archive', reviewConfirm: 'Approve the visitor log of {day}?',
      archiveConfirm: 'Once archived the day is read-only and can only be annotated. Archive {day}?', annotations: 'Annotations', annotate: 'Add annotation', annotationHint: 'Annotation',
      noAnnotations: 'No annotations', pickOneDay: 'Pick a single day to review, archive and annotate its log', capped: 'More than {n} matches; the newest are shown. Narrow the dates or add to the search.',
      statuses: { expected: 'Expected', waiting: 'Waiting', held: 'Held for security', with_host: 'With host', checked_out: 'Left', cancelled: 'Cancelled', no_show: 'No show' },
      modes: { appointment: 'Appointment', walk_in: 'Walk-in' },
      outcomes: { met: 'Met', declined: 'Not met', handed_over: 'Handed over', left: 'Left' },
    },
  },
}
