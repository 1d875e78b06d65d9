// Formal guest receptions (DOMAIN.md PLAN-1..5, PLAN-10, PLAN-11, GEN-2, GEN-4) against the
// real binary, on SQLite and PostgreSQL: the plan's life cycle (draft, submitted, approved,
// rejected, cancelled), spending over caps approved explicitly (PLAN-5), re-approval only
// when an approved plan grows (PLAN-4), approval routing by total, grade and foreign
// guests, sensitive guest fields encrypted at rest and hidden from readers (GEN-2),
// bad inputs refused naming the field with nothing changed, cost standard versions by
// date, the official-reception rule set (PLAN-11), the level and its warning (GEN-4),
// taboos flowing into meals and conflicts across plans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BACKEND } from './lib/harness.mjs';

let srv;
const c = {};
const users = {};
const staff = {};
const dept = {};
const PASSWORD = 'Passw0rd-1';

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body?.error?.code, code, r.text);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  assert.ok(r.body.error.message, 'a message is always present');
}

function sql(statement) {
  if (BACKEND === 'sqlite') {
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.dbUrl.slice('sqlite:'.length), statement], { encoding: 'utf8' });
  }
  return execFileSync('psql', [srv.dbUrl, '-qtA', '-c', statement], { encoding: 'utf8' });
}

const GUESTS = [
  { name: '马明', title: '采购总监', rank: 10, gender: 'male', ethnicity: '回族', religion: '伊斯兰教', health: '高血压', taboos: ['halal'], is_chief: true,
    arrival_at: '2027-03-10T01:30:00Z', arrival_place: '首都机场 T3', arrival_no: 'CA1234', arrival_transport: 'flight' },
  { name: '白雪', title: '采购经理', rank: 8, gender: 'female', taboos: ['halal'], allergies: '花生' },
  { name: '丁一', title: '工程师', rank: 6, taboos: ['halal'] },
];

// A senior-grade plan for three guests on 2027-03-10..11, hosted by 王总 of 市场部.
async function newPlan(body = {}, client = c.clerk) {
  const r = await client.post('/receptions', {
    name: '华东建材考察', visiting_unit: '华东建材集团', purpose: '考察展厅，洽谈年度合作', grade_code: 'senior',
    start_date: '2027-03-10', end_date: '2027-03-11', host_staff_id: staff.wang.id, policy: '热情周到', guests: GUESTS, ...body,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function addItem(id, body, client = c.clerk) {
  const r = await client.post(`/receptions/${id}/items`, { day: '2027-03-10', start: '12:00', end: '13:30', kind: 'meal', meal_type: 'lunch', activity: '工作午餐', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// The plan of newPlan with two meals, a visit and staff with backups: ready to submit.
async function readyPlan(body = {}) {
  const p = await newPlan(body);
  await addItem(p.id, { planned_fen: 60000, menu: '清真烤羊排、时蔬' });
  await addItem(p.id, { start: '18:00', end: '20:00', meal_type: 'dinner', activity: '欢迎晚宴', planned_fen: 60000, menu: '清真宴席' });
  await addItem(p.id, { day: '2027-03-11', start: '09:00', end: '11:00', kind: 'visit', activity: '参观展厅', meal_type: '', staff_ids: [staff.guide.id] });
  const s = await c.clerk.put(`/receptions/${p.id}/staff`, { staff: [
    { role: 'greeter', staff_a_id: staff.greeter.id, staff_b_id: staff.guide.id },
    { role: 'guide', staff_a_id: staff.guide.id, staff_b_id: staff.greeter.id },
    { role: 'driver', staff_a_id: staff.driver.id },
  ] });
  assert.equal(s.status, 200, s.text);
  return s.body;
}

before(async () => {
  srv = await startServer();
  c.admin = await srv.login();
  const admin = c.admin;
  const site = (await admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  dept.market = (await admin.post('/departments', { name: '市场部', site_id: site.id })).body;
  dept.tech = (await admin.post('/departments', { name: '技术部', site_id: site.id })).body;
  const roles = { clerk: ['admin_clerk'], gm: ['gm_office'], head: ['dept_head'], head2: ['dept_head'], desk: ['front_desk'] };
  const depts = { head: dept.market.id, head2: dept.tech.id };
  for (const [name, r] of Object.entries(roles)) {
    users[name] = await srv.createUser({ username: name, roles: r, password: PASSWORD, department_id: depts[name] ?? null,
      display_name: { clerk: '王文员', gm: '总经办', head: '市场部刘经理', head2: '技术部陈经理', desk: '前台' }[name] });
    c[name] = await srv.login(name, PASSWORD);
  }
  const mk = async (body) => {
    const r = await admin.post('/staff', { site_id: site.id, ...body });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  staff.wang = await mk({ name: '王总', rank: 12, department_id: dept.market.id, title: '营销总经理' });
  staff.zhou = await mk({ name: '周主管', rank: 10, department_id: dept.market.id });
  staff.greeter = await mk({ name: '迎宾小李', rank: 4, department_id: dept.market.id });
  staff.guide = await mk({ name: '讲解小张', rank: 5, department_id: dept.market.id });
  staff.driver = await mk({ name: '司机老赵', rank: 3 });
  staff.techhost = await mk({ name: '技术部赵工', rank: 9, department_id: dept.tech.id });
});

after(async () => {
  await srv?.stop();
});

test('PLAN-2/GEN-2: a request with its guests; the level from the host and the chief guest (GEN-4)', async () => {
  const p = await newPlan();
  assert.match(p.number, /^JD\d{8}-\d{4}$/);
  assert.equal(p.status, 'draft');
  assert.equal(p.guests.length, 3);
  assert.equal(p.department_id, dept.market.id, 'the handling department follows the main host');
  // GEN-4: 王总 (12) and 马明 (10, the chief guest): two steps above with a band of 1 = 高规格.
  assert.equal(p.level, 'high');
  assert.equal(p.level_info.chief_guest, '马明');
  assert.equal(p.level_info.host_rank, 12);
  assert.equal(p.level_info.guest_rank, 10);
  // The planner sees the sensitive fields.
  assert.equal(p.guests[0].religion, '伊斯兰教');
  assert.equal(p.guests[0].health, '高血压');
  assert.equal(p.guests[0].arrival_no, 'CA1234');
  // Level 对等 with the supervisor as host; an override needs its reason.
  let r = await c.clerk.patch(`/receptions/${p.id}`, { host_staff_id: staff.zhou.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.level, 'equal');
  assertError(await c.clerk.patch(`/receptions/${p.id}`, { level_override: 'high' }), 400, 'invalid_argument', 'level_override_reason');
  r = await c.clerk.patch(`/receptions/${p.id}`, { level_override: 'high', level_override_reason: '对方董事长可能同行' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.level_info.effective, 'high');
  assert.equal(r.body.level_info.computed, 'equal');
});

test('GEN-2: ethnicity, religion and health are encrypted at rest and hidden from readers', async () => {
  const p = await newPlan({ name: '敏感信息测试' });
  const stored = sql(`SELECT religion_enc || '|' || health_enc || '|' || ethnicity_enc FROM reception_guests WHERE reception_id = ${p.id} AND name = '马明'`);
  assert.ok(!stored.includes('伊斯兰教') && !stored.includes('高血压') && !stored.includes('回族'), stored);
  assert.match(stored, /^v1:/);
  // A department head (receptions.read only) sees the plan, the taboos, not the sensitive fields.
  const r = await c.head.get(`/receptions/${p.id}`);
  assert.equal(r.status, 200, r.text);
  const g = r.body.guests[0];
  assert.equal(g.sensitive_hidden, true);
  assert.equal(g.religion, undefined);
  assert.equal(g.health, undefined);
  assert.equal(g.ethnicity, undefined);
  assert.deepEqual(g.taboos, ['halal']);
  assert.ok(!r.text.includes('伊斯兰教') && !r.text.includes('高血压'));
  // The general manager's office holds sensitive.reveal.
  const gm = await c.gm.get(`/receptions/${p.id}`);
  assert.equal(gm.body.guests[0].religion, '伊斯兰教');
  // The audit trail never holds the values either.
  const audit = await c.admin.get(`/audit?entity=reception&entity_id=${p.id}`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.body.items.length >= 1);
  assert.ok(!audit.text.includes('伊斯兰教') && !audit.text.includes('高血压'), 'no sensitive value in the audit trail');
  // Someone without receptions.read sees nothing at all.
  assertError(await c.desk.get(`/receptions/${p.id}`), 403, 'forbidden');
  assertError(await c.desk.get('/receptions'), 403, 'forbidden');
  // A department head of another department does not see the market department's plan.
  assertError(await c.head2.get(`/receptions/${p.id}`), 403, 'forbidden');
});

test('PLAN-10: taboos flow into every meal; a meal against a taboo is a conflict', async () => {
  const p = await newPlan({ name: '禁忌测试' });
  let plan = await addItem(p.id, { menu: '红烧猪蹄、花生米' });
  const meal = plan.items[0];
  const notes = Object.fromEntries(meal.dietary_notes.map((n) => [n.taboo === 'allergy' ? n.text : n.taboo, n.guests]));
  assert.deepEqual(notes, { halal: 3, 花生: 1 });
  const taboo = plan.conflicts.filter((x) => x.kind === 'taboo');
  assert.deepEqual(taboo.map((x) => [x.item_id, x.taboo, x.what]), [[meal.id, 'halal', '猪'], [meal.id, 'allergy', '花生']]);
  // A guest who joins later changes every meal's notes at once (computed, never copied).
  const r = await c.clerk.post(`/receptions/${p.id}/guests`, { name: '素食客人', taboos: ['vegetarian'] });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.items[0].dietary_notes.some((n) => n.taboo === 'vegetarian' && n.guests === 1));
  // The menu fixed: no conflicts left.
  const fixed = await c.clerk.put(`/receptions/${p.id}/items/${meal.id}`, { day: '2027-03-10', start: '12:00', end: '13:30', kind: 'meal', meal_type: 'lunch', activity: '工作午餐', menu: '清真素食套餐' });
  assert.equal(fixed.status, 200, fixed.text);
  assert.deepEqual(fixed.body.conflicts, []);
});

test('PLAN-5: budget against the senior standard for three guests; over-cap flagged', async () => {
  const p = await readyPlan({ name: '预算测试' });
  // Senior: lunch 500 + 100 for the third guest = 600 yuan; the same for dinner.
  const checks = Object.fromEntries(p.budget.checks.map((x) => [x.label.split(' ').pop(), x]));
  assert.equal(checks['工作午餐'].cap_fen, 60000);
  assert.equal(checks['欢迎晚宴'].cap_fen, 60000);
  assert.equal(p.budget.needing_approval, 0);
  assert.equal(p.total_fen, 120000);
  // Entertainment: 700 + 200 = 900 yuan cap; lodging: the guest pays (cap 0).
  const lines = await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [
    { category: 'entertainment', description: '晚间茶艺', planned_fen: 95000 },
    { category: 'transport', description: '商务车两天', planned_fen: 160000 },
  ] });
  assert.equal(lines.status, 200, lines.text);
  const fun = lines.body.budget.checks.find((x) => x.key === 'entertainment');
  assert.equal(fun.cap_fen, 90000);
  assert.equal(fun.over, true);
  assert.equal(fun.needs_approval, true);
  assert.equal(lines.body.total_fen, 120000 + 95000 + 160000);
  assert.equal(lines.body.budget.vehicle_class, '四驱车、商务车或出租车');
  // A meal line outside the itinerary is refused: meals are checked one by one.
  assertError(await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [{ category: 'meals', description: '餐费', planned_fen: 1 }] }),
    400, 'invalid_argument', 'budget_lines[0].category');
});

test('PLAN-4: life cycle: submit routes by scale; caps approved explicitly; approve; reject with reason', async () => {
  const p = await readyPlan({ name: '生命周期' });
  // The dinner over its cap: 800 yuan against 600.
  const dinner = p.items.find((i) => i.meal_type === 'dinner');
  let r = await c.clerk.put(`/receptions/${p.id}/items/${dinner.id}`, { day: '2027-03-10', start: '18:00', end: '20:00', kind: 'meal', meal_type: 'dinner', activity: '欢迎晚宴', planned_fen: 80000, menu: '清真宴席' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.budget.needing_approval, 1);
  // Readers cannot submit; the planner can. Under 5000 yuan, domestic, senior: the department head.
  assertError(await c.head.post(`/receptions/${p.id}/submit`), 403, 'forbidden');
  r = await c.clerk.post(`/receptions/${p.id}/submit`, { reason: '请审批' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'submitted');
  assert.equal(r.body.route.approver_role, 'dept_head');
  // It waits on the market department head's list, not on the tech department head's.
  assert.ok((await c.head.get('/receptions/approvals')).body.items.some((x) => x.id === p.id));
  assert.ok(!(await c.head2.get('/receptions/approvals')).body.items.some((x) => x.id === p.id));
  assertError(await c.head2.post(`/receptions/${p.id}/approve`), 403, 'forbidden');
  // The head was told.
  const notes = await c.head.get('/notifications?page_size=100');
  assert.ok(notes.body.items.some((n) => n.topic === 'reception.approval_requested' && n.link === `/receptions/${p.id}`), notes.text);
  // Not before the spending over the cap is approved.
  assertError(await c.head.post(`/receptions/${p.id}/approve`), 409, 'conflict', 'caps');
  const key = `meal:${dinner.id}`;
  assertError(await c.head.post(`/receptions/${p.id}/caps/approve`, { key: 'meal:999999' }), 404, 'not_found');
  r = await c.head.post(`/receptions/${p.id}/caps/approve`, { key, reason: '重要客户' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.budget.needing_approval, 0);
  assert.equal(r.body.budget.checks.find((x) => x.key === key).approved_fen, 80000);
  // Reject needs a reason; then the planner changes and submits again.
  assertError(await c.head.post(`/receptions/${p.id}/reject`, {}), 400, 'invalid_argument', 'reason');
  r = await c.head.post(`/receptions/${p.id}/reject`, { reason: '请补充接待方针' });
  assert.equal(r.body.status, 'rejected');
  assert.equal(r.body.decision_reason, '请补充接待方针');
  r = await c.clerk.patch(`/receptions/${p.id}`, { policy: '热烈、隆重' });
  assert.equal(r.body.status, 'rejected');
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.body.status, 'submitted');
  r = await c.head.post(`/receptions/${p.id}/approve`, { reason: '同意' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  assert.equal(r.body.approved_total_fen, r.body.total_fen);
  assert.deepEqual(r.body.decisions.map((d) => d.action), ['submit', 'cap_approve', 'reject', 'submit', 'approve']);
  // Everything audited.
  const audit = await c.admin.get(`/audit?entity=reception&entity_id=${p.id}&page_size=100`);
  const actions = audit.body.items.map((a) => a.action);
  for (const a of ['create', 'submit', 'reject', 'approve']) assert.ok(actions.includes(a), `${a} audited: ${actions}`);
  const capAudit = await c.admin.get(`/audit?entity=reception_cap&entity_id=${p.id}`);
  assert.equal(capAudit.body.items[0].action, 'approve_over_cap');

  // PLAN-4: re-approval only when the plan grows. A smaller lunch keeps it approved ...
  const lunch = r.body.items.find((i) => i.meal_type === 'lunch');
  r = await c.clerk.put(`/receptions/${p.id}/items/${lunch.id}`, { day: '2027-03-10', start: '12:00', end: '13:30', kind: 'meal', meal_type: 'lunch', activity: '工作午餐', planned_fen: 50000 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  // ... as does a text change; a larger one sends it back to the approver.
  r = await c.clerk.patch(`/receptions/${p.id}`, { notes: '准备会标' });
  assert.equal(r.body.status, 'approved');
  r = await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [{ category: 'materials', description: '宣传册', planned_fen: 30000 }] });
  assert.equal(r.body.status, 'submitted');
  assert.equal(r.body.decisions.at(-1).action, 'reopen');
  r = await c.head.post(`/receptions/${p.id}/approve`);
  assert.equal(r.body.status, 'approved');
  // The same total but a new over-cap line nobody approved: back again.
  r = await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [{ category: 'lodging', description: '司机住宿', planned_fen: 30000 }] });
  assert.equal(r.body.total_fen, r.body.approved_total_fen);
  assert.equal(r.body.status, 'submitted');
  // Cancelled: nothing can change any more.
  r = await c.clerk.post(`/receptions/${p.id}/cancel`, { reason: '客户行程取消' });
  assert.equal(r.body.status, 'cancelled');
  assertError(await c.clerk.patch(`/receptions/${p.id}`, { notes: 'x' }), 409, 'conflict', 'status');
});

test('PLAN-4: routing by total, grade and foreign guests; approver role from the rules', async () => {
  // Foreign guests: the general manager's office.
  let p = await readyPlan({ name: '外宾', foreign: true });
  let r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.body.route.approver_role, 'gm_office');
  assertError(await c.head.post(`/receptions/${p.id}/approve`), 403, 'forbidden');
  assert.ok((await c.gm.get('/receptions/approvals')).body.items.some((x) => x.id === p.id));
  r = await c.gm.post(`/receptions/${p.id}/approve`);
  assert.equal(r.body.status, 'approved');
  // Special grade: the general manager's office.
  p = await readyPlan({ name: '特级', grade_code: 'special' });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.body.route.approver_role, 'gm_office');
  // 5000 yuan and more: the general manager's office.
  p = await readyPlan({ name: '大额' });
  await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [{ category: 'venue', description: '会场租赁', planned_fen: 400000 }] });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.body.total_fen, 520000);
  assert.equal(r.body.route.approver_role, 'gm_office');
  // The rules are data: a named approver for the regular grade.
  const rules = (await c.clerk.get('/receptions/approval-rules')).body.items;
  assert.equal(rules.length, 4);
  const mine = [{ label: '普通接待由周主管审批', grade_code: 'regular', approver_user_id: users.head2.id }, ...rules.map(({ id, sort, approver_user_name, ...x }) => x)];
  assertError(await c.clerk.put('/receptions/approval-rules', { rules: [{ label: '无人审批' }] }), 400, 'invalid_argument', 'rules[0].approver_role');
  assertError(await c.head.put('/receptions/approval-rules', { rules: mine }), 403, 'forbidden');
  // A named approver must be able to see the plans.
  assertError(await c.clerk.put('/receptions/approval-rules', { rules: [{ label: '前台审批', approver_user_id: users.desk.id }] }), 400, 'invalid_argument', 'rules[0].approver_user_id');
  r = await c.clerk.put('/receptions/approval-rules', { rules: mine, reason: '普通接待下放' });
  assert.equal(r.status, 200, r.text);
  p = await readyPlan({ name: '普通', grade_code: 'regular' });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.body.route.approver_user_id, users.head2.id);
  // The named user decides though the plan is another department's: the regular grade's
  // caps (350 yuan a meal for three) are exceeded, so the excess first.
  assert.equal(r.body.budget.needing_approval, 2);
  for (const check of r.body.budget.checks.filter((x) => x.needs_approval)) {
    const ok = await c.head2.post(`/receptions/${p.id}/caps/approve`, { key: check.key });
    assert.equal(ok.status, 200, ok.text);
  }
  r = await c.head2.post(`/receptions/${p.id}/approve`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  // Back to the defaults.
  r = await c.clerk.put('/receptions/approval-rules', { rules: rules.map(({ id, sort, approver_user_name, ...x }) => x) });
  assert.equal(r.body.items.length, 4);
});

test('bad input is refused naming the field, and changes nothing', async () => {
  const p = await readyPlan({ name: '坏输入' });
  const count = (await c.clerk.get('/receptions?page_size=1')).body.total;
  // Unknown grade, end before start, a bad guest: no plan made.
  assertError(await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'vip', start_date: '2027-03-10', end_date: '2027-03-11' }), 400, 'invalid_argument', 'grade_code');
  assertError(await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'senior', start_date: '2027-03-10', end_date: '2027-03-09' }), 400, 'invalid_argument', 'end_date');
  assertError(await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'senior', start_date: '2027-03-10', end_date: '2027-03-10', guests: [{ name: 'a' }, { name: 'b', rank: 21 }] }), 400, 'invalid_argument', 'guests[1].rank');
  assertError(await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'senior', start_date: '2027-03-10', end_date: '2027-03-10', guests: [{ name: 'a', taboos: ['kosher'] }] }), 400, 'invalid_argument', 'guests[0].taboos');
  assertError(await c.clerk.post('/receptions', { visiting_unit: 'y', grade_code: 'senior', start_date: '2027-03-10', end_date: '2027-03-10' }), 400, 'invalid_argument', 'name');
  assert.equal((await c.clerk.get('/receptions?page_size=1')).body.total, count);
  // The English message names the field.
  c.clerk.lang = 'en';
  const en = await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'vip', start_date: '2027-03-10', end_date: '2027-03-11' });
  assert.match(en.body.error.message, /guest grade "vip"/);
  c.clerk.lang = 'zh-CN';
  // Changes to the plan: refused, the plan stays at its version.
  const v = p.version;
  assertError(await c.clerk.patch(`/receptions/${p.id}`, { end_date: '2027-03-01' }), 400, 'invalid_argument', 'end_date');
  assertError(await c.clerk.patch(`/receptions/${p.id}`, { grade_code: 'nope' }), 400, 'invalid_argument', 'grade_code');
  assertError(await addItemRaw(p.id, { planned_fen: -100 }), 400, 'invalid_argument', 'planned_fen');
  assertError(await addItemRaw(p.id, { start: '14:00', end: '13:00' }), 400, 'invalid_argument', 'end');
  assertError(await addItemRaw(p.id, { day: '2027-03-12' }), 400, 'invalid_argument', 'day');
  assertError(await addItemRaw(p.id, { meal_type: 'brunch' }), 400, 'invalid_argument', 'meal_type');
  assertError(await addItemRaw(p.id, { venue_id: 999999 }), 400, 'invalid_argument', 'venue_id');
  assertError(await c.clerk.put(`/receptions/${p.id}/budget-lines`, { budget_lines: [{ category: 'transport', description: 'x', planned_fen: 1 }, { category: 'other', description: 'y', planned_fen: -1 }] }), 400, 'invalid_argument', 'budget_lines[1].planned_fen');
  assertError(await c.clerk.put(`/receptions/${p.id}/staff`, { staff: [{ role: 'greeter', staff_a_id: staff.greeter.id, staff_b_id: staff.greeter.id }] }), 400, 'invalid_argument', 'staff[0].staff_b_id');
  assertError(await c.clerk.put(`/receptions/${p.id}/staff`, { staff: [{ role: 'greeter', staff_a_id: 999999 }] }), 400, 'invalid_argument', 'staff[0].staff_a_id');
  assertError(await c.clerk.put(`/receptions/${p.id}/contingencies`, { contingencies: [{ kind: 'flood', description: 'x' }] }), 400, 'invalid_argument', 'contingencies[0].kind');
  assertError(await c.clerk.patch(`/receptions/${p.id}`, { notes: 'x', version: v - 1 }), 409, 'conflict', 'version');
  const after = (await c.clerk.get(`/receptions/${p.id}`)).body;
  assert.equal(after.version, v);
  assert.equal(after.items.length, p.items.length);
  assert.equal(after.end_date, '2027-03-11');
  assert.equal(after.total_fen, p.total_fen);
  // PLAN-3: a key role without its backup blocks submission, naming the row.
  await c.clerk.put(`/receptions/${p.id}/staff`, { staff: [{ role: 'recorder', staff_a_id: staff.greeter.id }] });
  assertError(await c.clerk.post(`/receptions/${p.id}/submit`), 400, 'invalid_argument', 'staff');
  assert.equal((await c.clerk.get(`/receptions/${p.id}`)).body.status, 'draft');
  // Negative money in a cost standard.
  assertError(await c.clerk.post('/receptions/cost-standards', { rule_set: 'company', name: 'x', effective_from: '2027-01-01', lines: [{ grade_code: 'regular', lunch_cap_fen: -1, dinner_cap_fen: 1 }] }), 400, 'invalid_argument', 'lines[0].lunch_cap_fen');
});

async function addItemRaw(id, body) {
  return c.clerk.post(`/receptions/${id}/items`, { day: '2027-03-10', start: '12:00', end: '13:30', kind: 'meal', meal_type: 'lunch', activity: '午餐', ...body });
}

test('PLAN-5/PLAN-11: cost standards are versions: the one in force on the first day counts', async () => {
  const lines = [
    { grade_code: 'regular', lunch_cap_fen: 35000, dinner_cap_fen: 45000, meal_increment_fen: 5000 },
    { grade_code: 'senior', lunch_cap_fen: 55000, dinner_cap_fen: 55000, entertainment_cap_fen: 80000, meal_increment_fen: 10000, entertainment_increment_fen: 20000 },
    { grade_code: 'special', lodging_cap_fen: 80000, lunch_cap_fen: 110000, dinner_cap_fen: 110000, entertainment_cap_fen: 130000, meal_increment_fen: 10000, entertainment_increment_fen: 25000 },
  ];
  assertError(await c.head.post('/receptions/cost-standards', { rule_set: 'company', name: 'x', effective_from: '2027-06-01', lines }), 403, 'forbidden');
  let r = await c.clerk.post('/receptions/cost-standards', { rule_set: 'company', name: '2027 下半年标准', effective_from: '2027-06-01', lines });
  assert.equal(r.status, 201, r.text);
  r = await c.clerk.get('/receptions/cost-standards/in-force?rule_set=company&date=2027-05-31');
  assert.equal(r.body.name, '公司接待标准');
  r = await c.clerk.get('/receptions/cost-standards/in-force?rule_set=company&date=2027-06-01');
  assert.equal(r.body.name, '2027 下半年标准');
  // A plan in May keeps the old caps, one in June gets the new ones.
  const may = await newPlan({ name: '五月', start_date: '2027-05-31', end_date: '2027-05-31' });
  const june = await newPlan({ name: '六月', start_date: '2027-06-01', end_date: '2027-06-01' });
  const capOf = async (p, day) => (await addItem(p.id, { day, planned_fen: 1 })).budget.checks[0].cap_fen;
  assert.equal(await capOf(may, '2027-05-31'), 60000);
  assert.equal(await capOf(june, '2027-06-01'), 65000);
  // Moving the May plan into June brings the new version.
  r = await c.clerk.patch(`/receptions/${may.id}`, { start_date: '2027-06-02', end_date: '2027-06-02' });
  assert.equal(r.body.standard.name, '2027 下半年标准');
  // Grades are editable; an unknown grade in a standard is refused.
  r = await c.clerk.post('/receptions/grades', { code: 'vip', name_zh_cn: '贵宾', name_en: 'VIP', sort: 40 });
  assert.equal(r.status, 201, r.text);
  assertError(await c.clerk.post('/receptions/grades', { code: 'vip', name_zh_cn: '重复' }), 409, 'conflict');
  r = await c.clerk.put(`/receptions/grades/${r.body.id}`, { name_zh_cn: '贵宾级', active: false });
  assert.equal(r.body.name_zh_cn, '贵宾级');
  assertError(await c.clerk.post('/receptions', { name: 'x', visiting_unit: 'y', grade_code: 'vip', start_date: '2027-03-10', end_date: '2027-03-10' }), 400, 'invalid_argument', 'grade_code');
  assertError(await c.clerk.post('/receptions/cost-standards', { rule_set: 'company', name: 'x', effective_from: '2027-06-01', lines: [{ grade_code: 'nope', lunch_cap_fen: 1, dinner_cap_fen: 1 }] }), 400, 'invalid_argument', 'lines[0].grade_code');
});

test('PLAN-11: the official-reception rule set (letter, one working meal, 陪餐 ratio, no gifts, designated hotels, list)', async () => {
  let r = await c.clerk.post('/receptions/cost-standards', {
    rule_set: 'official', jurisdiction: '某市', name: '某市公务接待标准', effective_from: '2027-01-01',
    designated_hotels: ['市政府招待所'],
    lines: [{ grade_code: 'regular', lodging_cap_fen: 40000, lunch_cap_fen: 12000, dinner_cap_fen: 12000, meal_increment_fen: 6000 }],
  });
  assert.equal(r.status, 201, r.text);
  const eight = Array.from({ length: 8 }, (_, i) => ({ name: `公务客人${i + 1}`, title: '科员', rank: 5 }));
  const p = await newPlan({ name: '公务接待', grade_code: 'regular', rule_set: 'official', jurisdiction: '某市', guests: eight, host_staff_id: staff.zhou.id });
  assert.equal(p.standard.name, '某市公务接待标准');
  await addItem(p.id, { activity: '工作餐', diners_hosts: 4, planned_fen: 40000 });
  let plan = await addItem(p.id, { day: '2027-03-11', activity: '座谈会', kind: 'work', meal_type: '', start: '09:00', end: '11:00' });
  const staffed = await c.clerk.put(`/receptions/${p.id}/staff`, { staff: [] });
  assert.equal(staffed.status, 200);
  // No letter: refused, naming the field.
  assertError(await c.clerk.post(`/receptions/${p.id}/submit`), 400, 'invalid_argument', 'letter_no');
  await c.clerk.patch(`/receptions/${p.id}`, { letter_no: '某政办函〔2027〕8号', letter_date: '2027-03-01' });
  // Eight guests allow three host diners: four is refused, naming the meal.
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assertError(r, 400, 'invalid_argument', 'items');
  assert.match(r.body.error.message, /工作餐/);
  assert.match(r.body.error.message, /至多 3 人陪餐/);
  const meal = plan.items.find((i) => i.kind === 'meal');
  await c.clerk.put(`/receptions/${p.id}/items/${meal.id}`, { day: '2027-03-10', start: '12:00', end: '13:30', kind: 'meal', meal_type: 'lunch', activity: '工作餐', diners_hosts: 3, planned_fen: 40000 });
  // A second meal, a souvenir and a hotel that is not designated: each refused in turn.
  const dinner = await addItem(p.id, { start: '18:00', end: '19:30', meal_type: 'dinner', activity: '晚餐' });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assertError(r, 400, 'invalid_argument', 'items');
  assert.match(r.body.error.message, /至多安排 1 次工作餐/);
  await c.clerk.del(`/receptions/${p.id}/items/${dinner.items.find((i) => i.activity === '晚餐').id}`);
  const gift = await addItem(p.id, { day: '2027-03-11', start: '11:00', end: '11:30', kind: 'gift', meal_type: '', activity: '赠送纪念品' });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.match(r.body.error.message, /不得安排赠礼/);
  await c.clerk.del(`/receptions/${p.id}/items/${gift.items.find((i) => i.kind === 'gift').id}`);
  const hotel = await addItem(p.id, { start: '21:00', end: '22:00', kind: 'lodging', meal_type: '', activity: '入住', place: '海景大酒店', rooms: 4, nights: 1, planned_fen: 160000 });
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.match(r.body.error.message, /定点饭店/);
  const stay = hotel.items.find((i) => i.kind === 'lodging');
  await c.clerk.put(`/receptions/${p.id}/items/${stay.id}`, { day: '2027-03-10', start: '21:00', end: '22:00', kind: 'lodging', activity: '入住', place: '市政府招待所', rooms: 4, nights: 1, planned_fen: 160000 });
  // The violations are listed on the plan too; none left now.
  assert.deepEqual((await c.clerk.get(`/receptions/${p.id}`)).body.violations, []);
  r = await c.clerk.post(`/receptions/${p.id}/submit`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'submitted');
  // One letter, one visit.
  const again = await newPlan({ name: '同一公函', grade_code: 'regular', rule_set: 'official', jurisdiction: '某市', guests: eight.slice(0, 2), letter_no: '某政办函〔2027〕8号' });
  await addItem(again.id, { activity: '工作餐', diners_hosts: 1 });
  await c.clerk.put(`/receptions/${again.id}/staff`, { staff: [] });
  assertError(await c.clerk.post(`/receptions/${again.id}/submit`), 409, 'conflict', 'letter_no');
  // The reception list 接待清单.
  const list = await c.gm.get(`/receptions/${p.id}/official-list`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.guest_unit, '华东建材集团');
  assert.equal(list.body.letter_no, '某政办函〔2027〕8号');
  assert.equal(list.body.guests.length, 8);
  assert.equal(list.body.guests[0].title, '科员');
  assert.deepEqual(list.body.activities.map((a) => a.activity), ['工作餐', '入住', '座谈会']);
  assert.equal(list.body.total_fen, 200000);
});

test('GEN-4: a host chosen at high level too often is warned about', async () => {
  assert.equal((await c.admin.put('/settings/receptions.high_level_warn_count', { value: 2 })).status, 200);
  const ids = [];
  for (const day of ['2027-08-01', '2027-08-05', '2027-08-09']) {
    const p = await newPlan({ name: `高规格 ${day}`, start_date: day, end_date: day, host_staff_id: staff.techhost.id, guests: [{ name: '客人', rank: 5 }] });
    ids.push(p.id);
  }
  const first = (await c.clerk.get(`/receptions/${ids[0]}`)).body.level_info;
  assert.equal(first.effective, 'high');
  assert.equal(first.high_level_count, 3);
  assert.equal(first.warn, true);
  // Outside the window (30 days either side) it does not count.
  const far = await newPlan({ name: '远期', start_date: '2027-10-20', end_date: '2027-10-20', host_staff_id: staff.techhost.id, guests: [{ name: '客人', rank: 5 }] });
  assert.equal(far.level_info.high_level_count, 1);
  assert.equal(far.level_info.warn, false);
  assert.equal((await c.admin.put('/settings/receptions.high_level_warn_count', { value: 3 })).status, 200);
});

test('PLAN-3: a staff member or vehicle in two places, across plans, is shown as a conflict', async () => {
  const a = await newPlan({ name: '冲突甲', start_date: '2027-09-01', end_date: '2027-09-01' });
  const b = await newPlan({ name: '冲突乙', start_date: '2027-09-01', end_date: '2027-09-01' });
  await addItem(a.id, { day: '2027-09-01', kind: 'visit', meal_type: '', start: '09:00', end: '11:00', activity: '参观', staff_ids: [staff.guide.id], vehicle: '沪A 12345' });
  const r = await addItem(b.id, { day: '2027-09-01', kind: 'pickup', meal_type: '', start: '10:00', end: '12:00', activity: '接站', staff_ids: [staff.guide.id], vehicle: '沪a12345' });
  const kinds = r.conflicts.map((x) => [x.kind, x.other_reception_number]).sort();
  assert.deepEqual(kinds, [['staff', a.number], ['vehicle', a.number]]);
  assert.equal(r.conflicts.find((x) => x.kind === 'staff').staff_id, staff.guide.id);
  // Touching end and start is no conflict.
  const c2 = await newPlan({ name: '冲突丙', start_date: '2027-09-01', end_date: '2027-09-01' });
  const r2 = await addItem(c2.id, { day: '2027-09-01', kind: 'visit', meal_type: '', start: '12:00', end: '13:00', activity: '参观', staff_ids: [staff.guide.id] });
  assert.equal(r2.conflicts.filter((x) => x.kind === 'staff').length, 0);
});

test('the list filters by status and text; contingencies are kept (PLAN-10)', async () => {
  const p = await newPlan({ name: '列表筛选专用', visiting_unit: '远方科技' });
  let r = await c.clerk.put(`/receptions/${p.id}/contingencies`, { contingencies: [
    { kind: 'backup_room', description: '小会议室备用', owner_staff_id: staff.greeter.id },
    { kind: 'weather', description: '雨天改室内参观' },
  ] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.contingencies.map((x) => x.kind), ['backup_room', 'weather']);
  assert.equal(r.body.contingencies[0].owner_name, '迎宾小李');
  r = await c.clerk.get(`/receptions?q=${encodeURIComponent('远方')}`);
  assert.equal(r.body.total, 1);
  assert.equal(r.body.items[0].id, p.id);
  r = await c.clerk.get('/receptions?status=cancelled');
  assert.ok(r.body.items.every((x) => x.status === 'cancelled'));
  assertError(await c.clerk.get('/receptions?status=nope'), 400, 'invalid_argument', 'status');
  // A department head lists their department's plans only.
  r = await c.head2.get('/receptions?page_size=500');
  assert.ok(r.body.items.every((x) => x.department_id === dept.tech.id || x.department_id === null), JSON.stringify(r.body.items.map((x) => x.department_id)));
});

test('DATA-5: the guests\u2019 personal data is destroyed with the visitors\u2019, after two approvals', async () => {
  const old = await newPlan({ name: '往年接待', start_date: '2020-01-06', end_date: '2020-01-07', unit_contact: '对方联系人' });
  const recent = await newPlan({ name: '今后接待' });
  await srv.createUser({ username: 'second_admin', roles: ['sysadmin'] });
  const adminB = await srv.login('second_admin', PASSWORD);
  const preview = await c.admin.get('/retention');
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.body.reception_guests, 3);
  const req = await c.admin.post('/retention/purge', { reason: '到期清理' });
  assert.equal(req.status, 202, req.text);
  assert.equal((await c.clerk.get(`/receptions/${old.id}`)).body.guests[0].name, '马明', 'nothing before the second approval');
  const ok = await adminB.post(`/approvals/${req.body.id}/approve`, { reason: '已核对' });
  assert.equal(ok.status, 200, ok.text);
  const gone = (await c.clerk.get(`/receptions/${old.id}`)).body;
  assert.equal(gone.guests[0].name, '马**');
  assert.equal(gone.guests[0].religion, '');
  assert.equal(gone.guests[0].health, '');
  assert.deepEqual(gone.guests[0].taboos, []);
  assert.equal(gone.guests[0].arrival_no, '');
  assert.equal(gone.guests[0].title, '采购总监', 'the record of who came in which role stays');
  assert.equal(gone.unit_contact, '');
  const kept = (await c.clerk.get(`/receptions/${recent.id}`)).body;
  assert.equal(kept.guests[0].name, '马明');
  assert.equal(kept.guests[0].religion, '伊斯兰教');
  assert.equal((await c.admin.get('/retention')).body.reception_guests, 0);
});

test('PLAN-3/MTG-4: a venue held by a meeting booking at the same time refuses the item (409 on venue_id); the plan books it once free', async () => {
  // Twenty days ahead (Asia/Shanghai): within the meeting service's booking window.
  const day = new Date(Date.now() + 8 * 3600_000 + 20 * 86400_000).toISOString().slice(0, 10);
  const site = (await c.admin.get('/sites')).body.items.find((s) => s.code === 'HQ');
  const venue = (await c.admin.post('/venues', { site_id: site.id, name: '贵宾接待室', kind: 'small_meeting_room', capacity: 10 })).body;
  const booked = await c.admin.post('/meetings', { venue_id: venue.id, subject: '董事会', start_at: `${day}T10:00:00+08:00`, end_at: `${day}T11:00:00+08:00` });
  assert.equal(booked.status, 201, booked.text);
  const p = await newPlan({ name: '会见', start_date: day, end_date: day });
  const refused = await c.clerk.post(`/receptions/${p.id}/items`, { day, kind: 'meeting', start: '10:30', end: '11:30', activity: '领导会见', venue_id: venue.id });
  assertError(refused, 409, 'conflict', 'venue_id');
  assert.match(refused.body.error.message, /董事会/);
  assert.equal((await c.clerk.get(`/receptions/${p.id}`)).body.items.length, 0, 'nothing saved');
  // An hour later (after the clean-up buffer) the room is free: the plan holds it.
  const r = await addItem(p.id, { day, kind: 'meeting', meal_type: '', start: '12:00', end: '13:00', activity: '领导会见', venue_id: venue.id });
  assert.deepEqual(r.conflicts.filter((x) => x.kind === 'venue'), []);
  const cal = await c.admin.get(`/meetings/calendar?site_id=${site.id}&from=${day}T00:00:00%2B08:00&to=${day}T23:59:00%2B08:00`);
  assert.equal(cal.status, 200, cal.text);
  assert.ok(cal.body.bookings.some((b) => b.source?.id === p.id && b.venue_id === venue.id), cal.text);
});
