/**
 * The demo's emergency linkage (demo-incidents.ts) on a small zone with its duty roster and equipment room seeded
 * by their own demo steps: the zone's and two enterprises' response plans, sensitive targets, four past incidents
 * (casualties + authority report, a false alarm, a drill with its Drill record, a flood) and one open leak that
 * looks alive (dispatches in four states with one escalation, equipment deployed, downwind warnings sent and partly
 * acknowledged — the home enterprise's left for the demo user, a running reporting clock); seeding again writes
 * nothing.
 */
import { buildCreditCode, compassName, destinationPoint, downwindSector, inSector, localDate } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, DEMO_PW, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { Drill, EmergencyPlan } from '../../modules/enterprises/enterprise-records.entity.ts';
import { EquipmentUnit } from '../../modules/equipment/equipment.entity.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import {
  Incident,
  IncidentChecklistItem,
  IncidentCounter,
  IncidentEvent,
  ResponsePlan,
} from '../../modules/incidents/incident.entity.ts';
import {
  IncidentDispatch,
  IncidentEquipment,
  IncidentWarning,
  SensitiveTarget,
} from '../../modules/incidents/dispatch.entity.ts';
import { seedDemoDuty } from './demo-duty.ts';
import { seedDemoEquipment } from './demo-equipment.ts';
import { seedDemoIncidents } from './demo-incidents.ts';

let env: TestEnv;
afterAll(() => env?.close());

const centre = { lat: 29.2893, lng: 120.1302 };

/** The zone's EntityManager, its tenant info and a request scope the seeders run in (as `demo.seed`, no actor). */
async function seedScope(tenantId: string) {
  const em = tenantEm(env.api.c.orm, tenantId);
  const info = (await env.api.c.tenants.byId(tenantId))!;
  const scope = { requestId: 'seed', tenantId, em, actor: null, ip: null, userAgent: 'seed', action: 'demo.seed' };
  return { em, info, scope };
}

test('a small zone: plans, targets, past incidents and one live leak; idempotent', async () => {
  env = await createTestEnv();
  const zone = await zoneWithAdmin(env, 'incdemo');
  const safety = await userWithRole(env, zone, 'safety_officer');
  const lead = await userWithRole(env, zone, 'rescue_leader');
  const r1 = await userWithRole(env, zone, 'rescue_member');
  const keeper = await userWithRole(env, zone, 'equipment_keeper');
  const { em, info, scope } = await seedScope(zone.tenant.id);

  // 12 enterprises: the home one (ent-admin's) at the centre, a chemical user 900 m east, the rest on a ring
  const ents = await runInScope(scope, async () => {
    const spots = [
      { tags: [] as string[], at: centre },
      { tags: ['hazchem_use'], at: destinationPoint(centre, 900, 90) },
      ...Array.from({ length: 10 }, (_, k) => ({
        tags: k === 2 ? ['confined_space'] : k === 5 ? ['hazchem_use'] : [],
        at: destinationPoint(centre, 700 + (k % 3) * 500, k * 36 + 10),
      })),
    ];
    const rows = spots.map((s, i) =>
      em.create(Enterprise, {
        creditCode: buildCreditCode('91', '330782', `MA6E00${String(i).padStart(2, '0')}`),
        name: `演示应急企业${i}`,
        principalName: '张三',
        keyPlaceTags: s.tags,
        keyPlaceTagsText: `,${s.tags.join(',')},`,
        lat: Number(s.at.lat.toFixed(6)),
        lng: Number(s.at.lng.toFixed(6)),
        planX: Number((0.5 + (s.at.lng - centre.lng) * 20).toFixed(4)),
        planY: Number((0.5 - (s.at.lat - centre.lat) * 20).toFixed(4)),
        address: `义乌市演示路${i}号`,
      } as never),
    );
    await em.flush();
    return rows;
  });
  const entAdmin = await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: ents[0]!.id });
  const accountIds: string[] = [entAdmin.id];
  for (const e of ents.slice(1)) accountIds.push((await userWithRole(env, zone, 'enterprise_admin', { enterpriseId: e.id })).id);

  const run = () =>
    runInScope(scope, async () => {
      const byId = async (id: string) => em.findOneOrFail(User, { id });
      const users = new Map<string, User>([
        ['admin', await em.findOneOrFail(User, { username: 'admin' })],
        ['safety', await byId(safety.id)],
        ['rescue-lead', await byId(lead.id)],
        ['rescue1', await byId(r1.id)],
        ['keeper', await byId(keeper.id)],
        ['ent-admin', await byId(entAdmin.id)],
      ]);
      const accounts = new Map<string, User[]>();
      for (const u of await em.find(User, { id: { $in: accountIds } })) accounts.set(u.enterpriseId!, [u]);
      await seedDemoDuty(env.api.c, em, info, 0, users, DEMO_PW);
      await seedDemoEquipment(em, info, ents, users, accounts);
      await em.flush();
      return seedDemoIncidents(env.api.c, env.api.services, em, info, ents, users, accounts, { zoneIndex: 0, withOpen: true });
    });

  const first = await run();
  expect(first).toMatchObject({ skipped: false, plans: 8, enterprisePlans: 2, targets: 7 });
  expect(first.incidents).toEqual({ closed: 3, cancelled: 1, responding: 1 });

  // plans: six of the zone, two of enterprises linked to their file's EmergencyPlan
  const plans = await em.find(ResponsePlan, {});
  expect(plans.filter((p) => !p.enterpriseId)).toHaveLength(6);
  const entPlans = plans.filter((p) => p.enterpriseId);
  expect(entPlans).toHaveLength(2);
  for (const p of entPlans) {
    const file = await em.findOneOrFail(EmergencyPlan, { id: p.enterprisePlanId! });
    expect(file.enterpriseId).toBe(p.enterpriseId);
  }
  for (const p of plans) {
    expect(p.steps.length).toBeGreaterThanOrEqual(4);
    expect(
      p.steps.some((s) => s.withinMinutes === 60 && s.action.includes('应急管理局')) || p.incidentTypes.includes('flood_typhoon'),
    ).toBe(true);
  }

  // targets: 1–3 km around the zone, most on the site plan
  const targets = await em.find(SensitiveTarget, {});
  expect(targets).toHaveLength(7);
  expect(new Set(targets.map((t) => t.kind))).toEqual(
    new Set(['school', 'kindergarten', 'hospital', 'residential', 'nursing_home']),
  );
  expect(targets.filter((t) => t.planX != null && t.planY != null).length).toBeGreaterThanOrEqual(2);

  const incidents = await em.find(Incident, {}, { orderBy: { learnedAt: 'asc' } });
  expect(incidents).toHaveLength(5);
  expect(new Set(incidents.map((i) => i.no)).size).toBe(5);
  for (const i of incidents) {
    expect(i.no).toMatch(/^SJ\d{8}-\d{3}$/);
    expect(i.no.slice(2, 10)).toBe(localDate(i.learnedAt, 'Asia/Shanghai').replace(/-/g, ''));
    expect(i.learnedAt.getTime()).toBeLessThanOrEqual(Date.now());
  }
  // (a) casualties: grade, the authority report 42 minutes after learning of it, follow-up window
  const hurt = incidents.find((i) => i.type === 'mechanical_injury')!;
  expect(hurt).toMatchObject({ status: 'closed', seriousInjuries: 1, minorInjuries: 1, grade: 'general', isDrill: false });
  expect(hurt.authorityReportedAt!.getTime() - hurt.learnedAt.getTime()).toBe(42 * 60_000);
  expect(hurt.authorityReport!.fields.seriousInjuries).toBe(1);
  expect(hurt.followUpUntil!.getTime()).toBeGreaterThan(hurt.occurredAt.getTime() + 29 * 86_400_000);
  // (b) the false alarm
  const cancelled = incidents.find((i) => i.status === 'cancelled')!;
  expect(cancelled).toMatchObject({ source: 'iot_alarm', type: 'fire' });
  expect(cancelled.cancelReason).toContain('误报');
  expect(await em.count(IncidentDispatch, { incidentId: cancelled.id, status: 'stood_down' })).toBe(1);
  // (c) the drill and its record in the enterprise file
  const drill = incidents.find((i) => i.isDrill)!;
  expect(drill).toMatchObject({ status: 'closed', type: 'confined_space' });
  expect(drill.description.startsWith('【演练】')).toBe(true);
  const record = await em.findOneOrFail(Drill, { id: drill.drillRecordId! });
  expect(record.enterpriseId).toBe(drill.enterpriseId);
  expect(record.summary).toContain(drill.no);
  // closed ones: every dispatch done or stood down, every unit released, no unit left deployed for them
  for (const i of incidents.filter((x) => x.status !== 'responding')) {
    const ds = await em.find(IncidentDispatch, { incidentId: i.id });
    expect(ds.every((d) => d.status === 'done' || d.status === 'stood_down')).toBe(true);
    expect(await em.count(IncidentEquipment, { incidentId: i.id, releasedAt: null })).toBe(0);
  }

  // the open leak
  const open = incidents.find((i) => i.status === 'responding')!;
  expect(first.open).toBe(open.no);
  expect(open).toMatchObject({
    type: 'leak_poisoning',
    level: 'II',
    severity: 3,
    windSource: 'tower',
    authorityReportedAt: null,
  });
  expect(Date.now() - open.learnedAt.getTime()).toBeLessThan(30 * 60_000);
  const ds = await em.find(IncidentDispatch, { incidentId: open.id }, { orderBy: { dispatchedAt: 'asc', id: 'asc' } });
  expect(ds.map((d) => d.status).sort()).toEqual(['acknowledged', 'acknowledged', 'en_route', 'escalated']);
  const escalated = ds.find((d) => d.status === 'escalated')!;
  const replacement = ds.find((d) => d.replacesDispatchId === escalated.id)!;
  expect(replacement).toMatchObject({ status: 'acknowledged', dispatchedBy: null });
  expect(escalated.acknowledgedAt).toBeNull();
  expect(ds.filter((d) => d.isLeader)).toHaveLength(1);
  expect(new Set(ds.map((d) => d.userId)).size).toBe(4);
  expect(ds.map((d) => d.userId)).not.toContain(r1.id); // the demo's member login stays free
  // no pending ack and nobody on scene: the ack-timeout and roll-call jobs have nothing to change
  expect(ds.some((d) => d.status === 'pending_ack' || d.status === 'on_scene')).toBe(false);
  const deployed = await em.find(EquipmentUnit, { status: 'deployed' });
  expect(deployed.length).toBe(3);
  expect(deployed.every((u) => u.incidentRef === open.no)).toBe(true);
  expect(await em.count(IncidentEquipment, { incidentId: open.id, releasedAt: null })).toBe(3);
  const items = await em.find(IncidentChecklistItem, { incidentId: open.id }, { orderBy: { order: 'asc' } });
  expect(items).toHaveLength(9);
  expect(items.filter((x) => x.doneAt)).toHaveLength(7);
  expect(items.some((x) => !x.doneAt && x.dueAt.getTime() < Date.now())).toBe(true); // an overdue step
  expect(items.some((x) => !x.doneAt && x.dueAt.getTime() > Date.now())).toBe(true); // the report, still running

  // warnings: exactly the enterprises and targets inside the toxic sector; the home enterprise warned, not acked
  const warnings = await em.find(IncidentWarning, { incidentId: open.id });
  expect(first.warnings).toBe(warnings.length);
  const sector = downwindSector({
    origin: { lat: open.lat!, lng: open.lng! },
    windFromDeg: open.windFromDeg!,
    windSpeed: open.windSpeed!,
    toxic: true,
  });
  const insideEnts = ents.filter((e) => e.id !== open.enterpriseId && inSector(sector, { lat: e.lat!, lng: e.lng! }).inside);
  expect(
    warnings
      .filter((w) => w.targetKind === 'enterprise')
      .map((w) => w.enterpriseId)
      .sort(),
  ).toEqual(insideEnts.map((e) => e.id).sort());
  const insideTargets = targets.filter((t) => inSector(sector, { lat: t.lat, lng: t.lng }).inside);
  expect(insideTargets.length).toBeGreaterThanOrEqual(2);
  expect(warnings.filter((w) => w.targetKind === 'sensitive_target')).toHaveLength(insideTargets.length);
  const home = warnings.find((w) => w.enterpriseId === ents[0]!.id)!;
  expect(home).toBeDefined();
  expect(home.acknowledgedAt).toBeNull();
  expect(warnings.some((w) => w.acknowledgedAt)).toBe(true);
  expect(warnings.every((w) => !w.simulated && w.message.startsWith('【下风向预警】'))).toBe(true);
  // the direction words are the domain's 8-point compassName (the desk card's and the mini-program's), never 约 0 米
  for (const w of warnings) {
    expect(w.message).toContain(`位于事故点${compassName(w.bearingDeg).zh}方向约`);
    expect(w.message).not.toMatch(/约 0 米|[东西南北]{3}/);
  }

  // the timeline: in order of time, nothing in the future, the key moments there
  const events = await em.find(IncidentEvent, { incidentId: open.id }, { orderBy: { at: 'asc' } });
  expect(events.every((e) => e.at.getTime() <= Date.now())).toBe(true);
  const kinds = new Set(events.map((e) => e.kind));
  for (const k of [
    'reported',
    'plan_applied',
    'dispatched',
    'acknowledged',
    'escalated',
    'en_route',
    'equipment_deployed',
    'warning_sent',
  ])
    expect([k, kinds.has(k as never)]).toEqual([k, true]);
  expect(first.events).toBe(await em.count(IncidentEvent, {}));

  // through the api, as the desk, the big screen and the enterprise's phone read it
  const detail = await env.req('GET', `/api/v1/incidents/${open.id}`, { token: safety.token });
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({ no: open.no, status: 'responding', clock: { state: 'pending' } });
  expect(detail.body.dispatches).toHaveLength(4);
  expect(detail.body.equipment).toHaveLength(3);
  expect(detail.body.warnings).toHaveLength(warnings.length);
  expect(detail.body.checklist).toHaveLength(9);
  expect(detail.body.plan?.id).toBe(open.responsePlanId);
  expect(detail.body.events.length).toBeGreaterThanOrEqual(20);
  const hall = await env.req('GET', '/api/v1/command-hall', { token: safety.token });
  expect(hall.status).toBe(200);
  const card = (hall.body.incidents as Array<{ id: string; dispatchCounts: Record<string, number> }>).find(
    (x) => x.id === open.id,
  );
  expect(card?.dispatchCounts).toEqual({ acknowledged: 2, en_route: 1, escalated: 1 });
  const mine = await env.req('GET', '/api/v1/incidents/warnings/mine', { token: entAdmin.token });
  expect(mine.status).toBe(200);
  expect(mine.body.items).toEqual([
    expect.objectContaining({ id: home.id, acknowledgedAt: null, incident: expect.objectContaining({ no: open.no }) }),
  ]);

  // today's counter continues after the open incident
  const today = localDate(new Date(), 'Asia/Shanghai').replace(/-/g, '');
  expect((await em.findOneOrFail(IncidentCounter, { day: today })).value).toBeGreaterThanOrEqual(Number(open.no.slice(-3)));

  // again: nothing written
  const second = await run();
  expect(second.skipped).toBe(true);
  expect(await em.count(Incident, {})).toBe(5);
  expect(await em.count(ResponsePlan, {})).toBe(8);
  expect(await em.count(SensitiveTarget, {})).toBe(7);
  expect(await em.count(IncidentEvent, {})).toBe(first.events);

  // the next incident of the day continues the numbering
  const next = await env.req('POST', '/api/v1/incidents', {
    token: safety.token,
    body: { source: 'phone', type: 'fire', level: 'IV', isDrill: false, description: '演示后的新接警', callerName: '王五' },
  });
  expect(next.status).toBe(201);
  expect(next.body.no).toBe(`${open.no.slice(0, 11)}${String(Number(open.no.slice(-3)) + 1).padStart(3, '0')}`);
}, 120_000);

test('another zone without duty roster or equipment room: the past incidents with rescue1 and the leader, no open one', async () => {
  const zone = await zoneWithAdmin(env, 'incdemo2');
  const safety = await userWithRole(env, zone, 'safety_officer');
  const lead = await userWithRole(env, zone, 'rescue_leader');
  const r1 = await userWithRole(env, zone, 'rescue_member');
  const { em, info, scope } = await seedScope(zone.tenant.id);
  const report = await runInScope(scope, async () => {
    const ents = Array.from({ length: 6 }, (_, i) => {
      const at = destinationPoint(centre, 400 + i * 150, i * 60);
      return em.create(Enterprise, {
        creditCode: buildCreditCode('91', '330782', `MA6F00${String(i).padStart(2, '0')}`),
        name: `演示应急企业乙${i}`,
        principalName: '李四',
        keyPlaceTags: [],
        keyPlaceTagsText: ',,',
        lat: at.lat,
        lng: at.lng,
        planX: null,
        planY: null,
      } as never);
    });
    await em.flush();
    const users = new Map<string, User>([
      ['admin', await em.findOneOrFail(User, { username: 'admin' })],
      ['safety', await em.findOneOrFail(User, { id: safety.id })],
      ['rescue-lead', await em.findOneOrFail(User, { id: lead.id })],
      ['rescue1', await em.findOneOrFail(User, { id: r1.id })],
    ]);
    return seedDemoIncidents(env.api.c, env.api.services, em, info, ents, users, new Map(), { zoneIndex: 1, withOpen: false });
  });
  expect(report).toMatchObject({ skipped: false, targets: 7, open: null, warnings: 0 });
  expect(report.incidents).toEqual({ closed: 3, cancelled: 1 });
  // no site plan positions: targets are not placed on the plan
  expect(await em.count(SensitiveTarget, { planX: { $ne: null } })).toBe(0);
  const ds = await em.find(IncidentDispatch, {});
  expect(new Set(ds.map((d) => d.userId))).toEqual(new Set([lead.id, r1.id]));
  expect(await em.count(IncidentEquipment, {})).toBe(0);
  expect(await em.count(Incident, { status: { $in: ['reported', 'responding', 'controlled'] } })).toBe(0);
}, 60_000);
