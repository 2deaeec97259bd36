import { buildCreditCode, addDays, localDate } from '@yuanan/domain';
import { tenantEm } from '../../core/db/orm.ts';
import { CertifiedWorker, EmergencySupply } from '../enterprises/enterprise-records.entity.ts';
import { Hazard } from '../hazards/hazard.entity.ts';
import { Task } from '../tasks/task.entity.ts';
import { IncidentDispatch, IncidentWarning } from '../incidents/dispatch.entity.ts';
import { BLANK_DISPATCH, BLANK_INCIDENT } from '../incidents/incident-blank.ts';
import { Incident } from '../incidents/incident.entity.ts';
import { createTestEnv, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';

let env: TestEnv;
let zone: Awaited<ReturnType<typeof zoneWithAdmin>>;
let other: Awaited<ReturnType<typeof zoneWithAdmin>>;
let entA: { id: string; name: string };
let entB: { id: string; name: string };
let safety: { token: string; id: string };
let staffA: { token: string; id: string };
let staffB: { token: string; id: string };
let inspector: { token: string; id: string };
const hazardsOf: Record<'A' | 'B', string[]> = { A: [], B: [] };

interface Card {
  key: string;
  status: 'ready' | 'coming';
  count: number | null;
  items: Array<{ id: string; link: string; title: string; subtitle: string | null }>;
  link: string | null;
  title: string;
}
const wb = async (token: string, q = '') => {
  const r = await env.req('GET', `/api/v1/workbench${q}`, { token });
  expect(r.status).toBe(200);
  return r.body as { role: string; cards: Card[] };
};
const card = (w: { cards: Card[] }, key: string) => w.cards.find((c) => c.key === key);
const total = async (token: string, path: string) => {
  const r = await env.req('GET', path, { token });
  expect(r.status).toBe(200);
  return r.body.total as number;
};

async function act(token: string, id: string, body: Record<string, unknown>) {
  const cur = await env.req('GET', `/api/v1/hazards/${id}`, { token: zone.token });
  const r = await env.req('POST', `/api/v1/hazards/${id}/transitions`, { token, body: { version: cur.body.version, ...body } });
  if (r.status !== 200) throw new Error(`${String(body.action)}: ${JSON.stringify(r.body)}`);
  return r;
}
async function report(token: string, enterpriseId: string, description: string) {
  const r = await env.req('POST', '/api/v1/hazards', {
    token,
    body: { enterpriseId, source: 'self_check', categoryCode: 'electrical', description, place: '一号车间' },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.id as string;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

beforeAll(async () => {
  env = await createTestEnv({ worker: true });
  zone = await zoneWithAdmin(env, 'wbench');
  other = await zoneWithAdmin(env, 'wbenchb');
  const mk = async (i: number) =>
    (
      await env.req('POST', '/api/v1/enterprises', {
        token: zone.token,
        body: { creditCode: buildCreditCode('91', '330782', `MA3W${i}000`), name: `工作台企业${i}`, principalName: '李四' },
      })
    ).body as { id: string; name: string };
  entA = await mk(1);
  entB = await mk(2);
  safety = await userWithRole(env, zone, 'safety_officer');
  staffA = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: entA.id });
  staffB = await userWithRole(env, zone, 'enterprise_staff', { enterpriseId: entB.id });
  inspector = await userWithRole(env, zone, 'inspector');

  // A: one reported, two confirmed (one made overdue), one pending review, one major; B: one reported, one confirmed.
  const far = addDays(localDate(new Date(), 'Asia/Shanghai'), 30);
  const soon = addDays(localDate(new Date(), 'Asia/Shanghai'), 3);
  for (const [who, ent, token] of [
    ['A', entA, staffA],
    ['B', entB, staffB],
  ] as const) {
    hazardsOf[who].push(await report(token.token, ent.id, `${who}：配电箱未接地`));
    const confirmed = await report(token.token, ent.id, `${who}：消防通道堆物`);
    await act(safety.token, confirmed, { action: 'confirm', grade: 'general', deadline: soon, responsibleName: '王' });
    hazardsOf[who].push(confirmed);
  }
  const late = await report(staffA.token, entA.id, 'A：灭火器压力不足');
  await act(safety.token, late, { action: 'confirm', grade: 'general', deadline: far, responsibleName: '王' });
  const review = await report(staffA.token, entA.id, 'A：安全出口指示灯损坏');
  await act(safety.token, review, { action: 'confirm', grade: 'general', deadline: far, responsibleName: '王' });
  const major = await report(staffA.token, entA.id, 'A：液氨储罐区无泄漏报警');
  await act(safety.token, major, { action: 'confirm', grade: 'general', deadline: far, responsibleName: '王' });
  hazardsOf.A.push(late, review, major);
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  // The overdue one's deadline passed; the major one graded major (the statutory checklist path is tested elsewhere).
  await em.nativeUpdate(Hazard, { id: late }, { deadline: new Date(Date.now() - 2 * 86400_000) });
  await em.nativeUpdate(Hazard, { id: major }, { grade: 'major' });
  // Submitted for review (the submission with its photos is tested in hazards.test.ts).
  await em.nativeUpdate(Hazard, { id: review }, { status: 'pending_review' });
  // Certificates and supplies: A has one expired and one expiring, one far off; B one expiring.
  const today = localDate(new Date(), 'Asia/Shanghai');
  const cert = (enterpriseId: string, n: string, expiresOn: string) =>
    em.create(CertifiedWorker, {
      enterpriseId,
      personName: `持证人${n}`,
      certKind: 'special_operation',
      category: '电工作业',
      certNumber: `T${n}`,
      post: null,
      issuedOn: '2020-01-01',
      expiresOn,
      reviewDueOn: null,
    });
  cert(entA.id, 'a1', addDays(today, -5));
  cert(entA.id, 'a2', addDays(today, 10));
  cert(entA.id, 'a3', addDays(today, 200));
  cert(entB.id, 'b1', addDays(today, 20));
  em.create(EmergencySupply, {
    enterpriseId: entA.id,
    code: null,
    name: '干粉灭火器',
    quantity: 10,
    unit: '具',
    location: '仓库',
    expiresOn: addDays(today, 7),
    minimumStock: null,
  });
  em.create(EmergencySupply, {
    enterpriseId: entB.id,
    code: null,
    name: '防毒面具',
    quantity: 4,
    unit: '个',
    location: '车间',
    expiresOn: addDays(today, -1),
    minimumStock: null,
  });
  for (const [ent, n] of [
    [entA, 'a'],
    [entB, 'b'],
  ] as const)
    em.create(Task, {
      enterpriseId: ent.id,
      kind: 'supply_expired',
      subjectType: 'EmergencySupply',
      subjectId: ent.id,
      title: `应急物资已过期：${n}`,
      detail: null,
      status: 'open',
      dueAt: null,
      dedupeKey: `wb-test:${n}`,
      resolvedAt: null,
      resolvedBy: null,
    });
  await em.flush();
  // A key-field change from each enterprise; an extension request on A's confirmed hazard.
  for (const [ent, token] of [
    [entA, staffA],
    [entB, staffB],
  ] as const) {
    const upd = await env.req('PATCH', `/api/v1/enterprises/${ent.id}`, {
      token: token.token,
      body: { principalName: `${ent.name}新负责人` },
    });
    expect(upd.status).toBe(202);
  }
  const x = await env.req('POST', `/api/v1/hazards/${hazardsOf.A[1]}/extensions`, {
    token: staffA.token,
    body: { requestedDeadline: addDays(today, 40), reason: '设备订货周期长' },
  });
  expect(x.status).toBe(201);
}, 120_000);
afterAll(() => env.close());

test("the safety officer's cards: counts equal the lists they link to, items link to where the work is done", async () => {
  const w = await wb(safety.token);
  expect(w.role).toBe('safety_officer');
  const keys = w.cards.map((c) => c.key);
  expect(keys).toEqual(
    expect.arrayContaining([
      'hazards.toConfirm',
      'hazards.toReview',
      'hazards.extensions',
      'hazards.overdue',
      'hazards.dueSoon',
      'hazards.major',
      'enterprises.changes',
      'enterprises.certificates',
      'enterprises.supplies',
      'tasks.open',
    ]),
  );
  // No card of another role (the enterprise's own view, the coming modules).
  expect(keys).not.toContain('hazards.toRectify');
  expect(keys.some((k) => k.endsWith('.coming'))).toBe(false);

  const t = safety.token;
  expect(card(w, 'hazards.toConfirm')!.count).toBe(await total(t, '/api/v1/hazards?status=reported'));
  expect(card(w, 'hazards.toConfirm')!.count).toBe(2);
  expect(card(w, 'hazards.toReview')!.count).toBe(await total(t, '/api/v1/hazards?status=pending_review'));
  expect(card(w, 'hazards.toReview')!.count).toBe(1);
  expect(card(w, 'hazards.overdue')!.count).toBe(await total(t, '/api/v1/hazards?overdue=true'));
  expect(card(w, 'hazards.overdue')!.count).toBe(1);
  expect(card(w, 'hazards.major')!.count).toBe(
    await total(t, '/api/v1/hazards?grade=major&status=reported,confirmed,rectifying,pending_review'),
  );
  expect(card(w, 'hazards.major')!.count).toBe(1);
  expect(card(w, 'hazards.dueSoon')!.count).toBe(2);
  expect(card(w, 'hazards.extensions')!.count).toBe(1);
  expect(card(w, 'enterprises.changes')!.count).toBe(await total(t, '/api/v1/enterprise-changes?status=pending'));
  expect(card(w, 'enterprises.changes')!.count).toBe(2);
  expect(card(w, 'tasks.open')!.count).toBe(await total(t, '/api/v1/tasks?status=open'));
  expect(card(w, 'enterprises.certificates')!.count).toBe(3);
  expect(card(w, 'enterprises.supplies')!.count).toBe(2);

  // Items: as many as the count (up to the limit), each linking to the hazard, request or record.
  const confirm = card(w, 'hazards.toConfirm')!;
  expect(confirm.items).toHaveLength(2);
  for (const i of confirm.items) {
    expect(i.link).toBe(`/hazards/${i.id}`);
    expect((await env.req('GET', `/api/v1/hazards/${i.id}`, { token: t })).body.status).toBe('reported');
  }
  expect(confirm.link).toBe('/hazards?status=reported');
  expect(card(w, 'hazards.overdue')!.items[0]).toMatchObject({ tag: expect.stringMatching(/^逾期 \d+ 天$/) });
  expect(
    card(w, 'enterprises.changes')!
      .items.map((i) => i.title)
      .sort(),
  ).toEqual([entA.name, entB.name].sort());
  expect(card(w, 'enterprises.changes')!.items[0]!.link).toMatch(/^\/enterprises\/changes\?enterpriseId=/);
  expect(card(w, 'hazards.extensions')!.items[0]!.link).toBe(`/hazards/${hazardsOf.A[1]}`);
  expect(card(w, 'enterprises.certificates')!.items[0]).toMatchObject({
    title: '持证人a1 · 电工作业',
    severity: 'critical',
    link: `/enterprises/${entA.id}?tab=certificates`,
  });

  // limit: counts without items, or fewer items.
  const counts = await wb(t, '?limit=0');
  expect(counts.cards.every((c) => c.items.length === 0)).toBe(true);
  expect(card(counts, 'hazards.toConfirm')!.count).toBe(2);
  expect(card(await wb(t, '?limit=1'), 'hazards.toConfirm')!.items).toHaveLength(1);
});

test("enterprise staff see their enterprise's work only, never the other's", async () => {
  for (const [me, mine, theirs, ent, otherEnt] of [
    [staffA, hazardsOf.A, hazardsOf.B, entA, entB],
    [staffB, hazardsOf.B, hazardsOf.A, entB, entA],
  ] as const) {
    const w = await wb(me.token, '?limit=20');
    const keys = w.cards.map((c) => c.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'hazards.toRectify',
        'hazards.overdue',
        'enterprises.myChanges',
        'enterprises.certificates',
        'tasks.open',
      ]),
    );
    // Office work is not theirs.
    for (const k of ['hazards.toConfirm', 'hazards.toReview', 'hazards.extensions', 'enterprises.changes'])
      expect(keys).not.toContain(k);
    const ids = w.cards.flatMap((c) => c.items.map((i) => i.id));
    for (const id of theirs) expect(ids).not.toContain(id);
    const text = JSON.stringify(w);
    expect(text).not.toContain(otherEnt.id);
    expect(text).not.toContain(otherEnt.name);
    // Counts equal their own lists.
    expect(card(w, 'hazards.toRectify')!.count).toBe(await total(me.token, '/api/v1/hazards?status=confirmed,rectifying'));
    expect(card(w, 'hazards.overdue')?.count ?? 0).toBe(await total(me.token, '/api/v1/hazards?overdue=true'));
    expect(card(w, 'tasks.open')!.count).toBe(await total(me.token, '/api/v1/tasks?status=open'));
    expect(card(w, 'tasks.open')!.count).toBe(1);
    expect(card(w, 'enterprises.myChanges')!.count).toBe(1);
    expect(card(w, 'enterprises.myChanges')!.link).toBe(`/enterprises/${ent.id}`);
    for (const i of card(w, 'hazards.toRectify')!.items) expect(mine).toContain(i.id);
    for (const i of card(w, 'enterprises.certificates')!.items) expect(i.link).toBe(`/enterprises/${ent.id}?tab=certificates`);
  }
  expect(card(await wb(staffA.token), 'enterprises.certificates')!.count).toBe(2);
  expect(card(await wb(staffB.token), 'enterprises.certificates')!.count).toBe(1);
  expect(card(await wb(staffA.token), 'hazards.overdue')!.count).toBe(1);
  expect(card(await wb(staffB.token), 'hazards.overdue')!.count).toBe(0);
  expect(card(await wb(staffA.token), 'hazards.major')!.count).toBe(1);
  expect(card(await wb(staffB.token), 'hazards.major')!.count).toBe(0);
});

test('another zone sees none of this zone’s work', async () => {
  const w = await wb(other.token, '?limit=20');
  expect(w.role).toBe('zone_admin');
  expect(w.cards.length).toBeGreaterThan(5);
  for (const c of w.cards) {
    expect(c.count).toBe(0);
    expect(c.items).toEqual([]);
  }
  expect(JSON.stringify(w)).not.toContain(entA.name);
});

test('roles whose modules are coming get an honest "coming" card; English follows Accept-Language', async () => {
  // The inspector's module has arrived: their inspections, then the hazards they reported (inspection.workbench.test.ts).
  expect((await wb(inspector.token)).cards.map((c) => [c.key, c.status])).toEqual([
    ['inspections.mine', 'ready'],
    ['hazards.reportedByMe', 'ready'],
  ]);
  const rescuer = await userWithRole(env, zone, 'rescue_leader');
  const w = await wb(rescuer.token);
  // The duty module has arrived (duty.workbench.ts): a leader's next shift, swaps asked of them and to approve, gaps;
  // and incidents (incident.workbench.ts): open incidents, their own dispatches to acknowledge and their current
  // mission, first.
  expect(w.cards.map((c) => [c.key, c.status])).toEqual([
    ['incidents.open', 'ready'],
    ['incidents.pendingAck', 'ready'],
    ['incidents.myMission', 'ready'],
    ['duty.nextShift', 'ready'],
    ['duty.swapsToAnswer', 'ready'],
    ['duty.swapsToApprove', 'ready'],
    ['duty.gaps', 'ready'],
  ]);
  expect(w.cards.map((c) => c.count)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  const en = await env.req('GET', '/api/v1/workbench', { token: safety.token, headers: { 'accept-language': 'en' } });
  expect(en.body.cards.find((c: Card) => c.key === 'hazards.overdue')).toMatchObject({
    title: 'Overdue',
    items: [expect.objectContaining({ tag: expect.stringMatching(/^\d+ days? overdue$/) })],
  });
  expect(JSON.stringify(en.body.cards.map((c: Card) => [c.title, c.key]))).not.toMatch(/[\u4e00-\u9fff]/);
  // The system's to-do sentences are in English too (the stored Chinese rendered on read).
  const zh = await env.req('GET', '/api/v1/workbench?limit=20', { token: safety.token });
  const enTasks = (
    await env.req('GET', '/api/v1/workbench?limit=20', { token: safety.token, headers: { 'accept-language': 'en' } })
  ).body.cards.find((c: Card) => c.key === 'tasks.open') as Card;
  const zhTasks = zh.body.cards.find((c: Card) => c.key === 'tasks.open') as Card;
  expect(enTasks.items.length).toBeGreaterThan(0);
  expect(enTasks.items.map((i) => i.title)).not.toEqual(zhTasks.items.map((i) => i.title));
  for (const i of enTasks.items) expect(i.title).toMatch(/^[A-Za-z]/);
});

test('wrong input is a problem, not a 500; no token is 401', async () => {
  const bad = await env.req('GET', '/api/v1/workbench?limit=999', { token: safety.token });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toContain('application/problem+json');
  expect((await env.req('GET', '/api/v1/workbench?what=1', { token: safety.token })).status).toBe(400);
  expect((await env.req('GET', '/api/v1/workbench')).status).toBe(401);
});

test("an enterprise's change request rings the safety office's bell, naming the enterprise; the decision tells the requester", async () => {
  const upd = await env.req('PATCH', `/api/v1/enterprises/${entA.id}`, {
    token: staffA.token,
    body: { legalRepresentative: '赵六' },
  });
  expect(upd.status).toBe(202);
  const crId = upd.body.changeRequest.id as string;
  const notes = (token: string) => env.req('GET', '/api/v1/notifications?pageSize=50', { token });
  const mine = (r: Awaited<ReturnType<typeof notes>>, kind: string) =>
    (r.body.items as Array<{ kind: string; title: string; body: string; link: string }>).filter(
      (n) => n.kind === kind && n.body.includes('法定代表人'),
    );
  const office = await until(
    () => notes(safety.token),
    (r) => mine(r, 'enterprise.change_requested').length > 0,
  );
  const n = mine(office, 'enterprise.change_requested');
  expect(n).toHaveLength(1);
  expect(n[0]).toMatchObject({
    title: `企业档案变更待审核：${entA.name}`,
    link: `/enterprises/changes?enterpriseId=${entA.id}`,
  });
  expect(n[0]!.body).toContain('法定代表人');
  // Not the other enterprise, not the zone admin (the office has a safety officer).
  expect(mine(await notes(staffB.token), 'enterprise.change_requested')).toHaveLength(0);
  expect(mine(await notes(zone.token), 'enterprise.change_requested')).toHaveLength(0);

  const ok = await env.req('POST', `/api/v1/enterprise-changes/${crId}/reject`, {
    token: safety.token,
    body: { comment: '请附营业执照' },
  });
  expect(ok.status).toBe(200);
  const back = await until(
    () => notes(staffA.token),
    (r) => mine(r, 'enterprise.change_rejected').length > 0,
  );
  expect(mine(back, 'enterprise.change_rejected')[0]).toMatchObject({
    title: `档案变更未通过：${entA.name}`,
    body: expect.stringContaining('请附营业执照'),
  });
  // Once each, however often the relay runs.
  await new Promise((r) => setTimeout(r, 500));
  expect(mine(await notes(safety.token), 'enterprise.change_requested')).toHaveLength(1);
});

test('a to-do nothing else announces (stock below the minimum) rings the enterprise once a day, naming it', async () => {
  const add = (name: string) =>
    env.req('POST', `/api/v1/enterprises/${entB.id}/supplies`, {
      token: zone.token,
      body: { name, quantity: 1, unit: '个', location: '二号库', minimumStock: 5 },
    });
  expect((await add('正压式空气呼吸器')).status).toBe(201);
  const notes = () => env.req('GET', '/api/v1/notifications?pageSize=50', { token: staffB.token });
  const raised = (r: Awaited<ReturnType<typeof notes>>) =>
    (r.body.items as Array<{ kind: string; title: string; body: string; link: string }>).filter(
      (n) => n.kind === 'task.supply_below_minimum',
    );
  const got = await until(notes, (r) => raised(r).length > 0);
  expect(raised(got)[0]).toMatchObject({
    title: '新待办：应急物资不足：正压式空气呼吸器',
    body: expect.stringContaining(entB.name),
    link: `/enterprises/${entB.id}?tab=supplies`,
  });
  // A second one the same day: on the workbench, not another ring; the other enterprise hears nothing.
  expect((await add('防化服')).status).toBe(201);
  await new Promise((r) => setTimeout(r, 1500));
  expect(raised(await notes())).toHaveLength(1);
  const a = await env.req('GET', '/api/v1/notifications?pageSize=50', { token: staffA.token });
  expect(a.body.items.filter((n: { kind: string }) => n.kind.startsWith('task.'))).toHaveLength(0);
  expect(card(await wb(staffB.token), 'tasks.open')!.count).toBe(3);
});

test("an inspector's card lists the hazards they reported that are still open, and no one else's", async () => {
  const em = tenantEm(env.api.c.orm, zone.tenant.id);
  const before = (await wb(inspector.token)).cards.find((c) => c.key === 'hazards.reportedByMe')!;
  expect(before.count).toBe(0);
  // An inspector sees hazards only of the enterprises their agency's contract covers today (hazard-scope.ts).
  const today = localDate(new Date(), 'Asia/Shanghai');
  const agency = await env.req('POST', '/api/v1/inspection-agencies', {
    token: zone.token,
    body: { name: '工作台第三方机构', contactName: '周', contactPhone: '13905790106', memberUserIds: [inspector.id] },
  });
  const contract = await env.req('POST', '/api/v1/inspection-contracts', {
    token: zone.token,
    body: {
      agencyId: agency.body.id,
      name: '工作台合同',
      enterpriseIds: [entA.id, entB.id],
      startDate: addDays(today, -1),
      endDate: addDays(today, 30),
    },
  });
  expect([agency.status, contract.status]).toEqual([201, 201]);
  // A third-party report of A's (the inspections module will let inspectors report; the demo has such reports).
  const [open, closed] = [hazardsOf.A[0]!, hazardsOf.B[0]!];
  await em.nativeUpdate(Hazard, { id: { $in: [open, closed] } }, { reportedBy: inspector.id });
  await em.nativeUpdate(Hazard, { id: closed }, { status: 'closed' });
  const card = (await wb(inspector.token)).cards.find((c) => c.key === 'hazards.reportedByMe')!;
  expect(card.count).toBe(1);
  expect(card.items.map((i) => i.link)).toEqual([`/hazards/${open}`]);
  expect(card.link).toBe('/hazards?mine=true&status=reported,confirmed,rectifying,pending_review');
  // Nobody else's reports: the safety office has no such card, staff of A none either.
  expect((await wb(staffA.token)).cards.some((c) => c.key === 'hazards.reportedByMe')).toBe(false);
});

test("a hazard card's 全部 lists exactly the card's count (its link is the ledger's filter for the same hazards)", async () => {
  const checked: string[] = [];
  for (const who of [safety, staffA, inspector]) {
    for (const card of (await wb(who.token)).cards) {
      if (!card.link?.startsWith('/hazards?')) continue;
      const q = new URLSearchParams(card.link.split('?')[1]);
      q.set('pageSize', '1');
      const ledger = await env.req('GET', `/api/v1/hazards?${q}`, { token: who.token });
      expect(ledger.status).toBe(200);
      expect([card.key, ledger.body.total]).toEqual([card.key, card.count]);
      checked.push(card.key);
    }
  }
  // The cards with such links were all there (due soon and overdue have hazards in this zone).
  expect(checked).toEqual(
    expect.arrayContaining([
      'hazards.toConfirm',
      'hazards.toReview',
      'hazards.dueSoon',
      'hazards.toRectify',
      'hazards.extensions',
    ]),
  );
});

describe('应急联动 cards', () => {
  let seq = 0;
  const MIN = 60_000;
  /** An open incident written straight: real or drill, learned `agoMin` minutes ago. */
  async function incident(isDrill: boolean, agoMin: number) {
    const em = tenantEm(env.api.c.orm, zone.tenant.id).fork();
    const at = new Date(Date.now() - agoMin * MIN);
    const i = em.create(Incident, {
      ...BLANK_INCIDENT,
      no: `SJ${localDate(at, 'Asia/Shanghai').replace(/-/g, '')}-${String(900 + ++seq)}`,
      type: 'fire',
      source: 'desk',
      status: 'responding',
      level: 'III',
      severity: 2,
      isDrill,
      enterpriseId: null,
      lat: null,
      lng: null,
      address: `工作台事件${seq}`,
      description: '仓库冒烟',
      reporterName: '值班员',
      occurredAt: at,
      learnedAt: at,
      fileIds: [],
    } as never) as Incident;
    await em.flush();
    return i;
  }

  test('处置中的事件: real incidents before drills, an overdue authority report first', async () => {
    const overdue = await incident(false, 75); // past the hour of 条例 Art. 9, not reported
    const drillNew = await incident(true, 1);
    const drillOld = await incident(true, 5);
    const real = await incident(false, 10);
    const w = card(await wb(safety.token, '?limit=10'), 'incidents.open')!;
    expect(w.count).toBe(4);
    expect(w.items.map((i) => i.id)).toEqual([overdue.id, real.id, drillNew.id, drillOld.id]);
    expect((w.items[0] as unknown as { tag: string }).tag).toBe('报告超时');
    // limit 2: the two real ones, never a drill ahead of them.
    expect(card(await wb(safety.token, '?limit=2'), 'incidents.open')!.items.map((i) => i.id)).toEqual([overdue.id, real.id]);
  });

  test('当前出警任务: a rescuer on scene sees the mission and the roll call waiting; another rescuer sees none', async () => {
    const i = await incident(false, 3);
    const onScene = await userWithRole(env, zone, 'rescue_member');
    const idle = await userWithRole(env, zone, 'rescue_member');
    const em = tenantEm(env.api.c.orm, zone.tenant.id).fork();
    const now = new Date();
    const d = em.create(IncidentDispatch, {
      ...BLANK_DISPATCH,
      incidentId: i.id,
      userId: onScene.id,
      userName: '救援队员',
      phone: null,
      teamId: null,
      isLeader: false,
      status: 'on_scene',
      dispatchedAt: now,
      dispatchedBy: null,
      ackDueAt: new Date(now.getTime() + 3 * MIN),
      acknowledgedAt: now,
      onSceneAt: now,
      rollCallSentAt: now,
      rollCallDueAt: new Date(now.getTime() + 15 * MIN),
    } as never) as IncidentDispatch;
    await em.flush();
    const mine = card(await wb(onScene.token), 'incidents.myMission')!;
    expect(mine).toMatchObject({ count: 1, link: '/incidents/my-dispatches', title: '当前出警任务' });
    expect(mine.items[0]).toMatchObject({ id: d.id, link: `/incidents/${i.id}`, tag: '人员清点待回复' });
    expect(card(await wb(onScene.token), 'incidents.pendingAck')!.count).toBe(0);
    expect(card(await wb(idle.token), 'incidents.myMission')!.count).toBe(0);
    // Stood down: no longer a mission.
    await em.nativeUpdate(IncidentDispatch, { id: d.id }, { status: 'done' });
    expect(card(await wb(onScene.token), 'incidents.myMission')!.count).toBe(0);
  });

  test('未确认的预警: an enterprise user sees their enterprise’s unacknowledged warnings with the count, never another’s', async () => {
    const i = await incident(false, 4);
    const em = tenantEm(env.api.c.orm, zone.tenant.id).fork();
    const warn = (enterpriseId: string, acked: boolean) =>
      em.create(IncidentWarning, {
        incidentId: i.id,
        targetKind: 'enterprise',
        targetKey: `e${++seq}`,
        enterpriseId,
        targetId: null,
        name: '企业',
        distanceM: 300,
        bearingDeg: 180,
        message: `园区发生火灾，贵单位位于事发点南方向约 300 米（${seq}）`,
        sentAt: new Date(),
        simulated: false,
        smsSentAt: null,
        acknowledgedAt: acked ? new Date() : null,
        acknowledgedBy: null,
        acknowledgedByName: null,
      } as never) as IncidentWarning;
    const a1 = warn(entA.id, false);
    const a2 = warn(entA.id, false);
    warn(entA.id, true);
    const b1 = warn(entB.id, false);
    await em.flush();
    const a = card(await wb(staffA.token), 'incidents.warningsToAck')!;
    expect(a).toMatchObject({ count: 2, link: '/incidents/warnings', title: '未确认的预警' });
    expect(a.items.map((x) => x.id).sort()).toEqual([a1.id, a2.id].sort());
    expect(a.items[0]!.link).toMatch(/^\/incidents\/warnings\?id=/);
    expect(JSON.stringify(a)).not.toContain(b1.id);
    expect(card(await wb(staffB.token), 'incidents.warningsToAck')!.count).toBe(1);
    // The office has no such card.
    expect(card(await wb(safety.token), 'incidents.warningsToAck')).toBeUndefined();
  });
});
