import { buildCreditCode, CREDIT_CODE_CHARS, localDate, sizeBand } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { currentScope, runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import type { Services } from '../../modules/index.ts';
import { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { User, WechatBinding } from '../../modules/identity/identity.entity.ts';
import { devOpenid } from '../../modules/identity/wechat.client.ts';
import { CatalogItem, type Tenant } from '../../modules/tenants/tenant.entity.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { DEMO_USERS, DEMO_WECHAT, DEMO_ZONES, type DemoEnterprise, type DemoZone } from './demo-data.ts';
import { addEnterpriseRecords, seedSitePlan } from './demo-records.ts';
import { BulkRows } from './demo-bulk.ts';
import { demoEnterprises } from './demo-generate.ts';
import {
  seedDemoHazards,
  type DemoActor,
  type DemoHazardEnterprise,
  type DemoHazardPeople,
  type DemoHazardReport,
} from './demo-hazards.ts';
import { seedDemoInspections, type DemoInspectionReport } from './demo-inspections.ts';
import { seedDemoEquipment, type DemoEquipmentReport } from './demo-equipment.ts';
import { seedDemoDuty, type DemoDutyReport } from './demo-duty.ts';
import { seedDemoIot, type DemoIotReport } from './demo-iot.ts';
import { seedDemoIncidents, type DemoIncidentReport } from './demo-incidents.ts';
import { seedDemoLaws, seedPlatformLaws, type DemoLawReport, type DemoPlatformLawReport } from './demo-laws.ts';
import { seedDemoSupervision, type DemoSupervisionReport } from './demo-supervision.ts';
import { seedDemoExports } from './demo-integration-exports.ts';
import { seedDemoApiKeys } from './demo-integration-keys.ts';
import { seedDemoWebhooks } from './demo-integration-webhooks.ts';
import { RiskPoint } from '../../modules/risk/risk.entity.ts';
import { activeRiskModel } from '../../modules/risk/risk-model.ts';

/** A stable, valid credit code per demo enterprise (organisation body from zone and index). */
export function demoCreditCode(zoneIndex: number, i: number): string {
  const c = CREDIT_CODE_CHARS;
  const body = `MA2${c[10 + zoneIndex]}${c[(i * 7) % 31]}${c[(i * 13 + 5) % 31]}${c[(i + 11) % 10]}${c[(i * 3) % 10]}`;
  return buildCreditCode('91', '330782', body);
}

/** The dev code the H5 login uses for a demo identity (bound to that user by the seed). */
export const demoDevCode = (zone: string, username: string) => `dev:demo:${zone}:${username}`;

export interface SeedReport {
  zones: Array<{
    code: string;
    name: string;
    enterprises: number;
    users: number;
    hazards: DemoHazardReport;
    inspections: DemoInspectionReport;
    equipment: DemoEquipmentReport;
    duty: DemoDutyReport;
    iot: DemoIotReport;
    incidents: DemoIncidentReport;
    /** 法律法规: the zone's own documents and the citations on its hazards and templates. */
    laws: DemoLawReport;
    /** Escalation alarms the reconciler (re)scheduled for the open hazards. */
    alarms: number;
    /** Enterprises by colour after the recompute. */
    colours: Record<string, number>;
    seconds: number;
  }>;
  /** The platform's law library (seed texts, synonym groups). */
  laws: DemoPlatformLawReport;
  /** City supervision: the bureaus yiwu and jinhua, their grants and a few weeks of reads (issue 14). */
  supervision: DemoSupervisionReport;
  seconds: number;
}

/** The people of a zone as the hazard stories need them (demo-hazards.ts). */
function actor(u: User): DemoActor {
  return { id: u.id, name: u.name, role: u.role };
}

/** Prints how long each phase of a zone took (DEMO_SEED_TIMING=1). */
function lapTimer(zone: string): (what: string) => void {
  let last = performance.now();
  return (what) => {
    if (process.env.DEMO_SEED_TIMING) console.log(`  ${zone} ${what}: ${((performance.now() - last) / 1000).toFixed(2)} s`);
    last = performance.now();
  };
}

/**
 * One demo zone, in phases: the zone and its settings; grids; enterprises (and landlords); each file's records;
 * users and enterprise accounts; the hazard history; then colours and escalation alarms for everything seeded.
 * Every phase finds what an earlier run wrote, so seeding again changes nothing.
 */
async function seedZone(
  c: Container,
  s: Services,
  zone: DemoZone,
  zoneIndex: number,
  password: string,
): Promise<SeedReport['zones'][number]> {
  const started = performance.now();
  const lap = lapTimer(zone.code);
  const tenant = await provisionZone(s, zone, zoneIndex, password);
  const em: Em = tenantEm(c.orm, tenant.id);
  const scope = currentScope()!;
  return runInScope({ ...scope, tenantId: tenant.id, em, action: 'demo.seed' }, async () => {
    if (!tenant.settings.mapCenter || !tenant.settings.sitePlan) {
      const sitePlan = tenant.settings.sitePlan ?? (await seedSitePlan(c, em, tenant.id, zoneIndex));
      await s.tenants.updateSettings(tenant.id, { mapCenter: { ...zone.centre, zoom: 15 }, sitePlan });
    }
    const info = (await c.tenants.byId(tenant.id))!;
    lap('provision');
    const grids = await seedGrids(em, zone);
    const ents = await seedEnterprises(c, em, zone, zoneIndex, grids);
    lap('enterprises');
    const changed = (await linkLandlords(em, ents)) || ents.changed;
    const recordsAdded = await seedRecords(c, em, tenant, ents);
    lap('records');
    const people = await seedUsers(c, em, tenant.id, zone, zoneIndex, password, grids, ents);
    c.audit.schedule(tenant.id);
    // The hazard history (once), then tasks, colours and timers for everything seeded (as after an import).
    const hazards = await seedHazards(c, em, info, grids, ents, people, zoneIndex);
    lap('users+hazards');
    const inspections = await seedDemoInspections(c, s, em, info, ents.rows, {
      users: people.zoneUsers,
      accounts: people.accounts,
    });
    lap('inspections');
    // 器材室: catalogue, units, loans (ent-admin's enterprise among them, one overdue), a request, maintenance.
    const equipment = await seedDemoEquipment(em, info, ents.rows, people.zoneUsers, people.accounts);
    c.audit.schedule(tenant.id);
    lap('equipment');
    // 值班: the rescue squad on 24-hour shifts (a month of check-ins, a cover, a swap to approve, leave, a gap) and the centre's 值班室.
    const duty = await seedDemoDuty(c, em, info, zoneIndex, people.zoneUsers, password);
    c.audit.schedule(tenant.id);
    lap('duty');
    // 物联网: ~40 detectors in the key places, the tower, a month of alarms (two opened hazards), one active, 24 h of readings.
    const iot = await seedDemoIot(c, s, em, info, ents.rows, people.zoneUsers, people.accounts);
    c.audit.schedule(tenant.id);
    lap('iot');
    // 应急联动: response plans, sensitive targets, four past incidents; in the first zone an open leak, live.
    const incidents = await seedDemoIncidents(c, s, em, info, ents.rows, people.zoneUsers, people.accounts, {
      zoneIndex,
      withOpen: zoneIndex === 0,
    });
    c.audit.schedule(tenant.id);
    lap('incidents');
    // 法律法规: the zone's own rules (2024 text and its 2026 revision), citations from the legal-basis texts, one flagged.
    const laws = await seedDemoLaws(s, em, zone.name);
    c.audit.schedule(tenant.id);
    lap('laws');
    // 数据报送: two export targets with real past runs and files, in the first zone (issue 14 §7).
    if (zoneIndex === 0) await seedDemoExports(c, s, em, info);
    // API 密钥: the provincial platform's key (rotated once) and the IoT gateway's, in the first zone (issue 14 §7).
    if (zoneIndex === 0) await seedDemoApiKeys(em);
    // Webhook 订阅: the zone's data platform on its intranet, a delivery log ending in failures and the auto-disable (§7).
    if (zoneIndex === 0) await seedDemoWebhooks(c, s, em, info);
    c.audit.schedule(tenant.id);
    lap('exports');
    // Only when this run changed something: a recompute writes colour history, and a second run must change nothing.
    if (changed || recordsAdded || people.accountsAdded || !hazards.skipped || !inspections.skipped || !iot.skipped)
      await s.jobs.refreshTenant(tenant.id);
    lap('refreshTenant');
    // Escalation alarms of the open hazards (the same reconciler the worker runs at start).
    let alarms = 0;
    for (const r of s.reconcilers) if (r.name === 'hazards') alarms += await r.run(c, em, info);
    lap('reconcile');
    return {
      code: zone.code,
      name: zone.name,
      enterprises: ents.rows.length,
      users: people.users,
      hazards,
      inspections,
      equipment,
      duty,
      iot,
      incidents,
      laws,
      alarms,
      colours: await coloursOf(em, ents.rows),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
  });
}

/** The zone's tenant with its admin (provisioned once). */
async function provisionZone(s: Services, zone: DemoZone, zoneIndex: number, password: string): Promise<Tenant> {
  const adminName = DEMO_USERS.find((u) => u.username === 'admin')!.name[zoneIndex]!;
  const p = await s.tenants.provision({
    code: zone.code,
    name: zone.name,
    region: zone.region,
    admin: { username: 'admin', name: adminName, password },
  });
  return p.tenant;
}

/** The zone's grids (catalogue items), by code → id. */
async function seedGrids(em: Em, zone: DemoZone): Promise<Map<string, string>> {
  const grids = new Map<string, string>();
  for (const [code, name] of zone.grids) {
    let g = await em.findOne(CatalogItem, { kind: 'grid', code });
    g ??= em.create(CatalogItem, { kind: 'grid', code, name, group: null, sort: grids.size * 10, enabled: true });
    grids.set(code, g.id);
  }
  await em.flush();
  return grids;
}

/** The zone's generated enterprises (`all`) and their rows, in the same order; `changed` when a run wrote any. */
interface ZoneEnterprises {
  all: DemoEnterprise[];
  rows: Enterprise[];
  changed: boolean;
}

/** Enterprises, keyed by credit code (re-running updates instead of duplicating). */
async function seedEnterprises(
  c: Container,
  em: Em,
  zone: DemoZone,
  zoneIndex: number,
  grids: Map<string, string>,
): Promise<ZoneEnterprises> {
  const all = demoEnterprises(zone);
  const codes = all.map((_, i) => demoCreditCode(zoneIndex, i));
  const existing = new Map((await em.find(Enterprise, { creditCode: { $in: codes } })).map((e) => [e.creditCode, e]));
  const rows: Enterprise[] = [];
  for (const [i, d] of all.entries()) {
    const data = enterpriseData(c, d, i, zoneIndex, codes[i]!, grids);
    let e = existing.get(data.creditCode);
    if (e) {
      // Sealing is randomised: keep the stored seal when the number did not change (no audit noise on re-runs).
      if (e.principalPhoneSealed && e.principalPhoneMasked === data.principalPhoneMasked)
        data.principalPhoneSealed = e.principalPhoneSealed;
      if (e.safetyManagerPhoneSealed && e.safetyManagerPhoneMasked === data.safetyManagerPhoneMasked)
        data.safetyManagerPhoneSealed = e.safetyManagerPhoneSealed;
      em.assign(e, data);
    } else
      e = em.create(Enterprise, {
        ...data,
        // Files entered over the zone's years and touched at different times (not all in the seeding second).
        ...demoFileTimes(i),
        landlordEnterpriseId: null,
        riskColour: null,
        riskScore: null,
        colourComputedAt: null,
      });
    rows.push(e);
  }
  em.getUnitOfWork().computeChangeSets();
  const changed = em.getUnitOfWork().getChangeSets().length > 0;
  await em.flush();
  return { all, rows, changed };
}

/** The fields of the `i`-th demo enterprise's file (phone numbers from zone and index, sealed and masked). */
function enterpriseData(
  c: Container,
  d: DemoEnterprise,
  i: number,
  zoneIndex: number,
  creditCode: string,
  grids: Map<string, string>,
) {
  const phone = `1390579${String(zoneIndex)}${String(100 + i).padStart(3, '0')}`;
  const safetyPhone = `1380579${String(zoneIndex)}${String(200 + i).padStart(3, '0')}`;
  return {
    creditCode,
    name: d.name,
    legalRepresentative: d.principal,
    principalName: d.principal,
    principalPhoneSealed: c.cipher.seal(phone),
    principalPhoneMasked: maskPhone(phone),
    safetyManagerName: d.safetyManager,
    safetyManagerPhoneSealed: c.cipher.seal(safetyPhone),
    safetyManagerPhoneMasked: maskPhone(safetyPhone),
    industryCode: d.industryCode,
    industryName: d.industryName,
    isIndustryTrade: d.trade ?? (d.industryCode.startsWith('C') || d.industryCode.startsWith('G')),
    ownership: d.ownership,
    employees: d.employees,
    annualRevenue: d.annualRevenue,
    annualOutput: Math.round(d.annualRevenue * 1.08),
    sizeBand: sizeBand(d.employees, d.annualRevenue),
    address: d.address,
    lat: d.lat,
    lng: d.lng,
    planX: d.plan[0],
    planY: d.plan[1],
    gridId: grids.get(d.grid) ?? null,
    buildingStructure: d.structure,
    hasSprinklers: d.sprinklers,
    standardisationLevel: d.standardisation,
    keyPlaceTags: d.tags,
    keyPlaceTagsText: `,${d.tags.join(',')},`,
    peopleWithin500m: d.peopleWithin500m ?? null,
    status: 'active' as const,
  };
}

/** Tenants point at their landlord's file (by name, once all files exist); true when a link changed. */
async function linkLandlords(em: Em, { all, rows }: ZoneEnterprises): Promise<boolean> {
  let changed = false;
  const byName = new Map(rows.map((e) => [e.name, e.id]));
  for (const [i, d] of all.entries()) {
    const landlord = d.landlord ? (byName.get(d.landlord) ?? null) : null;
    if ((rows[i]!.landlordEnterpriseId ?? null) !== landlord) {
      rows[i]!.landlordEnterpriseId = landlord;
      changed = true;
    }
  }
  await em.flush();
  return changed;
}

/** Each file's records, once (an enterprise with risk points has them); how many rows were added. */
async function seedRecords(c: Container, em: Em, tenant: Tenant, { all, rows }: ZoneEnterprises): Promise<number> {
  const today = localDate(new Date(), tenant.timeZone);
  const model = await activeRiskModel(em);
  const withRecords = new Set(
    (await em.find(RiskPoint, { enterpriseId: { $in: rows.map((e) => e.id) } }, { fields: ['enterpriseId'] })).map(
      (r) => r.enterpriseId,
    ),
  );
  const bulk = new BulkRows(tenant.id);
  for (const [i, d] of all.entries())
    if (!withRecords.has(rows[i]!.id)) addEnterpriseRecords(c, bulk, rows[i]!, d, i, today, model);
  const recordsAdded = bulk.size;
  if (recordsAdded) await em.transactional((tx) => bulk.write(tx));
  return recordsAdded;
}

/** The zone's people: the demo users by username, every enterprise's accounts, how many, how many were added. */
interface ZonePeople {
  zoneUsers: Map<string, User>;
  accounts: Map<string, User[]>;
  users: number;
  accountsAdded: number;
}

/** Users of every role, with people's names; every enterprise has its principal's account (WeChat login). */
async function seedUsers(
  c: Container,
  em: Em,
  tenantId: string,
  zone: DemoZone,
  zoneIndex: number,
  password: string,
  grids: Map<string, string>,
  ents: ZoneEnterprises,
): Promise<ZonePeople> {
  const zoneUsers = await seedDemoUsers(c, em, zone, zoneIndex, password, grids, ents);
  const entUsers = await em.find(
    User,
    { enterpriseId: { $in: ents.rows.map((e) => e.id) } },
    { orderBy: { role: 'asc', id: 'asc' } },
  );
  const accounts = new Map<string, User[]>();
  for (const u of entUsers) accounts.set(u.enterpriseId!, [...(accounts.get(u.enterpriseId!) ?? []), u]);
  await em.flush();
  const accountsAdded = await seedEnterpriseAccounts(c, em, tenantId, zoneIndex, ents, accounts);
  return { zoneUsers, accounts, users: DEMO_USERS.length + accountsAdded, accountsAdded };
}

/** The demo users (DEMO_USERS) of the zone, created or renamed, with their dev WeChat bindings; not flushed. */
async function seedDemoUsers(
  c: Container,
  em: Em,
  zone: DemoZone,
  zoneIndex: number,
  password: string,
  grids: Map<string, string>,
  { all, rows }: ZoneEnterprises,
): Promise<Map<string, User>> {
  const hash = await hashPassword(password);
  const zoneUsers = new Map(
    (await em.find(User, { username: { $in: DEMO_USERS.map((u) => u.username) } })).map((u) => [u.username!, u]),
  );
  for (const u of DEMO_USERS) {
    const ent = u.enterprise !== undefined ? all[u.enterprise]! : null;
    const name = ent ? (u.role === 'enterprise_admin' ? ent.principal : ent.safetyManager) : u.name[zoneIndex]!;
    let user = zoneUsers.get(u.username);
    if (!user) {
      user = em.create(User, {
        username: u.username,
        name,
        role: u.role as User['role'],
        enterpriseId: u.enterprise !== undefined ? rows[u.enterprise]!.id : null,
        gridIds: (u.grids ?? []).map((g) => grids.get(g)).filter((x): x is string => Boolean(x)),
        passwordHash: hash,
        mustChangePassword: false,
        phoneSealed: c.cipher.seal(u.phone),
        phoneMasked: maskPhone(u.phone),
        status: 'active',
      });
      zoneUsers.set(u.username, user);
    } else if (user.name !== name) user.name = name; // the older demo named people after their role
    if (DEMO_WECHAT.includes(u.username)) {
      const openid = devOpenid(demoDevCode(zone.code, u.username));
      if (!(await em.findOne(WechatBinding, { openid }))) em.create(WechatBinding, { openid, unionid: null, userId: user.id });
    }
  }
  return zoneUsers;
}

/** The principal's account of each enterprise that has none (added to `accounts`); how many were added. */
async function seedEnterpriseAccounts(
  c: Container,
  em: Em,
  tenantId: string,
  zoneIndex: number,
  { all, rows }: ZoneEnterprises,
  accounts: Map<string, User[]>,
): Promise<number> {
  const people = new BulkRows(tenantId);
  for (const [i, d] of all.entries()) {
    const e = rows[i]!;
    if (accounts.has(e.id)) continue;
    const phone = `1370579${String(zoneIndex)}${String(100 + i).padStart(3, '0')}`;
    const u = people.add(User, {
      username: null,
      name: d.principal,
      role: 'enterprise_admin',
      enterpriseId: e.id,
      gridIds: [],
      passwordHash: null,
      mustChangePassword: false,
      phoneSealed: c.cipher.seal(phone),
      phoneMasked: maskPhone(phone),
      status: 'active',
      mfaEnabled: false,
    });
    accounts.set(e.id, [u as unknown as User]);
  }
  const accountsAdded = people.size;
  if (accountsAdded) await em.transactional((tx) => people.write(tx));
  return accountsAdded;
}

/** The zone's hazard history (once), told with its enterprises and people (demo-hazards.ts). */
async function seedHazards(
  c: Container,
  em: Em,
  info: TenantInfo,
  grids: Map<string, string>,
  { all, rows }: ZoneEnterprises,
  { zoneUsers, accounts }: ZonePeople,
  zoneIndex: number,
): Promise<DemoHazardReport> {
  const gridCode = new Map([...grids].map(([code, id]) => [id, code]));
  const ents = all.map((d, i): DemoHazardEnterprise => {
    const e = rows[i]!;
    const acc = accounts.get(e.id) ?? [];
    return {
      id: e.id,
      name: e.name,
      gridId: e.gridId ?? null,
      gridCode: e.gridId ? (gridCode.get(e.gridId) ?? null) : null,
      lat: e.lat ?? null,
      lng: e.lng ?? null,
      tags: d.tags,
      principal: d.principal,
      safetyManager: d.safetyManager,
      users: [...acc.filter((u) => u.role === 'enterprise_admin'), ...acc.filter((u) => u.role !== 'enterprise_admin')].map(
        actor,
      ),
    };
  });
  const people: DemoHazardPeople = {
    office: ['safety', 'safety2'].map((n) => actor(zoneUsers.get(n)!)),
    admin: actor(zoneUsers.get('admin') ?? (await em.findOneOrFail(User, { username: 'admin' }))),
    inspector: actor(zoneUsers.get('inspector')!),
    gridWorkers: new Map(
      ['grid1', 'grid2', 'grid3'].flatMap((n) => {
        const u = zoneUsers.get(n)!;
        return (u.gridIds ?? []).map((g) => [gridCode.get(g)!, actor(u)] as const);
      }),
    ),
  };
  return seedDemoHazards(c, em, info, ents, people, zoneIndex === 0 ? 1 : 0.8);
}

/** The zone's enterprises by colour after the recompute ('none' when not computed). */
async function coloursOf(em: Em, rows: Enterprise[]): Promise<Record<string, number>> {
  const colours: Record<string, number> = {};
  for (const e of await em.find(Enterprise, { id: { $in: rows.map((x) => x.id) } }, { fields: ['riskColour'] }))
    colours[e.riskColour ?? 'none'] = (colours[e.riskColour ?? 'none'] ?? 0) + 1;
  return colours;
}

/** The platform operator's name (a person, like every demo user). */
const OPERATOR_NAME = '沈立航';

/** Creates (or completes) the demo zones; safe to run again. Refuses to run in production. */
export async function seedDemo(c: Container, s: Services, password: string): Promise<SeedReport> {
  if (c.config.NODE_ENV === 'production') throw new Error('demo:seed refuses to run with NODE_ENV=production');
  const platform = await s.tenants.provision({
    code: 'platform',
    name: '平台运营',
    region: '全国',
    admin: { username: 'operator', name: OPERATOR_NAME, password },
  });
  // The older demo named the operator after the role.
  const pem = tenantEm(c.orm, platform.tenant.id);
  const laws = await runInScope({ ...currentScope()!, tenantId: platform.tenant.id, em: pem }, async () => {
    const operator = await pem.findOne(User, { username: 'operator' });
    if (operator && operator.name !== OPERATOR_NAME) {
      operator.name = OPERATOR_NAME;
      await pem.flush();
    }
    // The platform's law library (../shared/regulations) and synonym groups, before the zones cite from it.
    return seedPlatformLaws(c, s, pem);
  });
  c.audit.schedule(platform.tenant.id);
  const started = performance.now();
  const zones: SeedReport['zones'] = [];
  for (const [i, z] of DEMO_ZONES.entries()) zones.push(await seedZone(c, s, z, i, password));
  const supervision = await seedDemoSupervision(c, s, password, OPERATOR_NAME);
  return { zones, laws, supervision, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

/**
 * When the `i`-th demo enterprise's file was entered (one to four years ago) and last changed (within the last four
 * months, at office hours): deterministic, so re-seeding changes nothing.
 */
function demoFileTimes(i: number): { createdAt: Date; updatedAt: Date } {
  const day = 86_400_000;
  const now = Date.now();
  const createdAt = new Date(now - (365 + ((i * 337) % 1100)) * day - ((i * 13) % 9) * 3_600_000);
  const updatedAt = new Date(now - ((i * 29) % 120) * day - (1 + ((i * 7) % 8)) * 3_600_000);
  return { createdAt, updatedAt };
}
