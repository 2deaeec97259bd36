import { localDayRange, addDays, localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { systemEm, tenantEm } from '../../core/db/orm.ts';
import { currentScope, runInScope, type Actor } from '../../core/context/request-scope.ts';
import type { Services } from '../../modules/index.ts';
import { User } from '../../modules/identity/identity.entity.ts';
import { SupervisionGrant } from '../../modules/supervision/supervision.entity.ts';
import { Tenant } from '../../modules/tenants/tenant.entity.ts';
import { recordSupervisionReads, type ReadEntry } from '../../modules/supervision/supervision-reads.ts';
import { Rng } from './demo-random.ts';

/*
 * City supervision in the demo (issue 14 §7): the bureau `yiwu` 义乌市应急管理局 (user `city`, 冯立群) reads siqi and
 * suxi under grants valid to the end of 2027; the bureau `jinhua` 金华市应急管理局 (user `jhcity`) had a grant over
 * siqi that ended last month (it shows fail-closed: no zone to read, an old trail). A few weeks of reads on record,
 * so 上级查看记录 and the bureau's 查看记录 look lived-in. Idempotent: grants and reads are added once.
 */

const TZ = 'Asia/Shanghai';

export interface DemoBureau {
  code: string;
  name: string;
  region: string;
  user: { username: string; name: string; phone: string };
}

export const DEMO_BUREAUS: DemoBureau[] = [
  {
    code: 'yiwu',
    name: '义乌市应急管理局',
    region: '浙江省金华市义乌市',
    user: { username: 'city', name: '冯立群', phone: '13905790008' },
  },
  {
    code: 'jinhua',
    name: '金华市应急管理局',
    region: '浙江省金华市',
    user: { username: 'jhcity', name: '邵建明', phone: '13905790018' },
  },
];

export interface DemoSupervisionReport {
  bureaus: string[];
  grants: number;
  reads: number;
}

/** The operations a supervisor reads in a zone, with the paths they take (`{e}` an enterprise, `{h}` a hazard). */
const READS: ReadonlyArray<readonly [string, string, number]> = [
  ['enterprises.list', '/api/v1/enterprises', 5],
  ['enterprises.get', '/api/v1/enterprises/{e}', 4],
  ['hazards.list', '/api/v1/hazards', 5],
  ['hazards.get', '/api/v1/hazards/{h}', 4],
  ['me.get', '/api/v1/me', 2],
  ['risk.dashboard', '/api/v1/risk/dashboard', 1],
];

/**
 * The platform operator (`operator` of the tenant `platform`) as the author of the demo's grants, and a way to run
 * a service call as them under an action name; without a platform tenant (a bare test database) the calls run as the
 * system, named `operatorName`.
 */
async function platformOperator(
  c: Container,
  operatorName: string,
): Promise<{ actor: Actor; run: <T>(action: string, fn: () => Promise<T>) => Promise<T> }> {
  const platform = await systemEm(c.orm).findOne(Tenant, { kind: 'platform', code: 'platform' });
  const pem = platform ? tenantEm(c.orm, platform.id) : null;
  const user = pem ? await pem.findOne(User, { username: 'operator' }) : null;
  const actor: Actor = {
    userId: user?.id ?? 'system',
    name: user?.name ?? operatorName,
    role: 'platform_admin',
    enterpriseId: null,
    sessionId: null,
    actingAs: null,
  };
  const run = <T>(action: string, fn: () => Promise<T>) =>
    runInScope(
      {
        ...currentScope()!,
        tenantId: platform?.id ?? currentScope()?.tenantId ?? null,
        em: pem ?? currentScope()?.em ?? null,
        actor: user ? actor : (currentScope()?.actor ?? null),
        action,
      },
      fn,
    );
  return { actor, run };
}

/** Seeds the bureaus, their grants and a few weeks of reads (after the zones exist). */
export async function seedDemoSupervision(
  c: Container,
  s: Services,
  password: string,
  operatorName: string,
): Promise<DemoSupervisionReport> {
  const ids: Record<string, string> = {};
  for (const b of DEMO_BUREAUS) {
    const r = await s.tenants.provision({
      code: b.code,
      name: b.name,
      region: b.region,
      kind: 'bureau',
      admin: { username: b.user.username, name: b.user.name, password },
    });
    ids[b.code] = r.tenant.id;
    const em = tenantEm(c.orm, r.tenant.id);
    await runInScope({ ...currentScope()!, tenantId: r.tenant.id, em }, async () => {
      const u = await em.findOne(User, { username: b.user.username });
      if (u && !u.phoneMasked) {
        u.phoneSealed = c.cipher.seal(b.user.phone);
        u.phoneMasked = `${b.user.phone.slice(0, 3)}****${b.user.phone.slice(7)}`;
        await em.flush();
      }
    });
  }
  const zones = await c.tenants.active();
  const zone = (code: string) => zones.find((z) => z.code === code);
  const siqi = zone('siqi');
  const suxi = zone('suxi');
  if (!siqi || !suxi) return { bureaus: Object.keys(ids), grants: 0, reads: 0 };

  const today = localDate(new Date(), TZ);
  const endOf2027 = localDayRange('2028-01-01', TZ).start;
  const monthStart = `${today.slice(0, 7)}-01`;
  // jinhua's grant: the quarter before, ended on the 20th of last month.
  const lastMonth20 = `${addDays(monthStart, -1).slice(0, 7)}-20`;
  const jhFrom = localDayRange(addDays(lastMonth20, -90), TZ).start;
  const jhUntil = localDayRange(lastMonth20, TZ).start;
  const yiwuFrom = localDayRange(`${today.slice(0, 4)}-01-01`, TZ).start;
  const plan = [
    { bureau: 'yiwu', zone: siqi, from: yiwuFrom, until: endOf2027, note: '2026—2027 年度监管授权（义应急〔2026〕12号）' },
    { bureau: 'yiwu', zone: suxi, from: yiwuFrom, until: endOf2027, note: '2026—2027 年度监管授权（义应急〔2026〕12号）' },
    { bureau: 'jinhua', zone: siqi, from: jhFrom, until: jhUntil, note: '专项督查期间临时授权' },
  ];
  const sys = systemEm(c.orm);
  const grants: Record<string, SupervisionGrant> = {};
  const operator = await platformOperator(c, operatorName);
  let added = 0;
  for (const p of plan) {
    const bureauId = ids[p.bureau]!;
    let g = await sys.findOne(SupervisionGrant, { bureauId, zoneId: p.zone.id });
    if (!g) {
      // Through the service, as the operator would: the grant is in the platform's, the zone's and the bureau's
      // trails (操作留痕) like one made in the console. A grant that has already ended is made open-ended first and
      // then shortened, as an operator ends a special inspection's grant early.
      // The service checks windows against `now`: the ended grant is made and shortened as of the days it was.
      const ended = p.until.getTime() <= Date.now();
      const dto = await operator.run('supervision.grants.create', () =>
        s.supervision.createGrant(
          operator.actor,
          {
            bureauId,
            zoneId: p.zone.id,
            validFrom: p.from.toISOString(),
            validUntil: (ended ? endOf2027 : p.until).toISOString(),
            note: p.note,
          },
          ended ? p.from : new Date(),
        ),
      );
      if (ended)
        await operator.run('supervision.grants.update', () =>
          s.supervision.updateGrant(dto.id, { validUntil: p.until.toISOString() }, new Date(p.until.getTime() - 86_400_000)),
        );
      g = await sys.findOneOrFail(SupervisionGrant, { id: dto.id }, { refresh: true });
      added++;
    }
    grants[`${p.bureau}:${p.zone.code}`] = g;
  }
  if (added) for (const id of [...Object.values(ids), siqi.id, suxi.id]) c.audit.schedule(id);

  // A few weeks of reads, once: yiwu on working days over both zones; jinhua during its grant's last weeks.
  const existing = (await c.orm.em
    .getConnection()
    .execute('SELECT COUNT(*) AS n FROM supervision_reads WHERE bureau_id IN (?, ?)', [ids.yiwu, ids.jinhua])) as Array<{
    n: number;
  }>;
  let reads = 0;
  if (Number(existing[0]?.n ?? 0) === 0) {
    const rng = new Rng('demo-supervision');
    const entries: ReadEntry[] = [];
    const cityUser = await tenantEm(c.orm, ids.yiwu!).findOne(User, { username: 'city' });
    const jhUser = await tenantEm(c.orm, ids.jinhua!).findOne(User, { username: 'jhcity' });
    const samples = async (zoneId: string) => {
      const conn = c.orm.em.getConnection();
      const e = (await conn.execute('SELECT id FROM enterprises WHERE tenant_id = ? ORDER BY id LIMIT 40', [zoneId])) as Array<{
        id: string;
      }>;
      const h = (await conn.execute('SELECT id FROM hazards WHERE tenant_id = ? ORDER BY id LIMIT 40', [zoneId])) as Array<{
        id: string;
      }>;
      return { e: e.map((x) => x.id), h: h.map((x) => x.id) };
    };
    const pools = { siqi: await samples(siqi.id), suxi: await samples(suxi.id) };
    const day = (
      date: string,
      bureau: string,
      user: User,
      z: { id: string; code: 'siqi' | 'suxi' },
      grant: SupervisionGrant,
      n: number,
    ) => {
      const { start } = localDayRange(date, TZ);
      let t = start.getTime() + (8.5 + rng.next() * 1.5) * 3_600_000;
      for (let i = 0; i < n; i++) {
        const [op, path] = rng.weighted(READS.map(([o, p, w]) => [[o, p] as const, w] as const));
        const pool = pools[z.code];
        const id = path.includes('{e}') ? rng.pick(pool.e) : path.includes('{h}') ? rng.pick(pool.h) : null;
        if (path.includes('{') && !id) continue;
        t += rng.int(20, 600) * 1000;
        entries.push({
          zoneId: z.id,
          bureauId: ids[bureau]!,
          bureauName: DEMO_BUREAUS.find((b) => b.code === bureau)!.name,
          grantId: grant.id,
          userId: user.id,
          userName: user.name,
          operationId: op,
          method: 'GET',
          path: id ? path.replace(/\{[eh]\}/, id) : path,
          resourceId: id,
          status: rng.chance(0.03) ? 404 : 200,
          at: new Date(t),
        });
      }
    };
    const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
    if (cityUser) {
      for (let k = 24; k >= 1; k--) {
        const d = addDays(today, -k);
        if ([0, 6].includes(weekday(d))) continue;
        if (rng.chance(0.8)) day(d, 'yiwu', cityUser, { id: siqi.id, code: 'siqi' }, grants['yiwu:siqi']!, rng.int(3, 12));
        if (rng.chance(0.6)) day(d, 'yiwu', cityUser, { id: suxi.id, code: 'suxi' }, grants['yiwu:suxi']!, rng.int(2, 8));
      }
    }
    if (jhUser) {
      for (let k = 18; k >= 1; k--) {
        const d = addDays(lastMonth20, -k);
        if ([0, 6].includes(weekday(d)) || !rng.chance(0.5)) continue;
        day(d, 'jinhua', jhUser, { id: siqi.id, code: 'siqi' }, grants['jinhua:siqi']!, rng.int(2, 6));
      }
    }
    const past = entries.filter((e) => e.at!.getTime() < Date.now());
    for (let i = 0; i < past.length; i += 200) await recordSupervisionReads(c, past.slice(i, i + 200));
    reads = past.length;
  }
  return { bureaus: Object.keys(ids), grants: added, reads };
}
