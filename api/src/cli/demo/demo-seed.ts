import { buildCreditCode, CREDIT_CODE_CHARS, sizeBand } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { currentScope, runInScope } from '../../core/context/request-scope.ts';
import { tenantEm, type Em } from '../../core/db/orm.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import type { Services } from '../../modules/index.ts';
import { Enterprise } from '../../modules/enterprises/enterprise.entity.ts';
import { User, WechatBinding } from '../../modules/identity/identity.entity.ts';
import { devOpenid } from '../../modules/identity/wechat.client.ts';
import { CatalogItem } from '../../modules/tenants/tenant.entity.ts';
import { DEMO_USERS, DEMO_WECHAT, DEMO_ZONES, type DemoZone } from './demo-data.ts';
import { seedEnterpriseRecords, seedSitePlan } from './demo-records.ts';

/** A stable, valid credit code per demo enterprise (organisation body from zone and index). */
export function demoCreditCode(zoneIndex: number, i: number): string {
  const c = CREDIT_CODE_CHARS;
  const body = `MA2${c[10 + zoneIndex]}${c[(i * 7) % 31]}${c[(i * 13 + 5) % 31]}${c[(i + 11) % 10]}${c[(i * 3) % 10]}`;
  return buildCreditCode('91', '330782', body);
}

/** The dev code the H5 login uses for a demo identity (bound to that user by the seed). */
export const demoDevCode = (zone: string, username: string) => `dev:demo:${zone}:${username}`;

export interface SeedReport {
  zones: Array<{ code: string; name: string; enterprises: number; users: number }>;
}

async function seedZone(
  c: Container,
  s: Services,
  zone: DemoZone,
  zoneIndex: number,
  password: string,
): Promise<SeedReport['zones'][number]> {
  const p = await s.tenants.provision({
    code: zone.code,
    name: zone.name,
    region: zone.region,
    admin: { username: 'admin', name: '园区管理员', password },
  });
  const tenant = p.tenant;
  const em: Em = tenantEm(c.orm, tenant.id);
  const scope = currentScope()!;
  return runInScope({ ...scope, tenantId: tenant.id, em, action: 'demo.seed' }, async () => {
    if (!tenant.settings.mapCenter || !tenant.settings.sitePlan) {
      const sitePlan = tenant.settings.sitePlan ?? (await seedSitePlan(c, em, tenant.id, zoneIndex));
      await s.tenants.updateSettings(tenant.id, { mapCenter: { ...zone.centre, zoom: 15 }, sitePlan });
    }
    // Grids
    const grids = new Map<string, string>();
    for (const [code, name] of zone.grids) {
      let g = await em.findOne(CatalogItem, { kind: 'grid', code });
      g ??= em.create(CatalogItem, { kind: 'grid', code, name, group: null, sort: grids.size * 10, enabled: true });
      grids.set(code, g.id);
    }
    await em.flush();
    // Enterprises, keyed by credit code (re-running updates instead of duplicating)
    const ids: string[] = [];
    const byName = new Map<string, string>();
    for (const [i, d] of zone.enterprises.entries()) {
      const creditCode = demoCreditCode(zoneIndex, i);
      let e = await em.findOne(Enterprise, { creditCode });
      const phone = `1390579${String(zoneIndex)}${String(100 + i).padStart(3, '0')}`;
      const data = {
        creditCode,
        name: d.name,
        legalRepresentative: d.principal,
        principalName: d.principal,
        principalPhoneSealed: c.cipher.seal(phone),
        principalPhoneMasked: maskPhone(phone),
        safetyManagerName: d.safetyManager,
        safetyManagerPhoneSealed: c.cipher.seal(`1380579${String(zoneIndex)}${String(200 + i).padStart(3, '0')}`),
        safetyManagerPhoneMasked: maskPhone(`1380579${String(zoneIndex)}${String(200 + i).padStart(3, '0')}`),
        industryCode: d.industryCode,
        industryName: d.industryName,
        isIndustryTrade: d.industryCode.startsWith('C') || d.industryCode.startsWith('G'),
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
        status: 'active' as const,
      };
      if (e) {
        // Sealing is randomised: keep the stored seal when the number did not change (no audit noise on re-runs).
        if (c.cipher.open(e.principalPhoneSealed ?? c.cipher.seal('')) === phone)
          data.principalPhoneSealed = e.principalPhoneSealed!;
        if (e.safetyManagerPhoneSealed && e.safetyManagerPhoneMasked === data.safetyManagerPhoneMasked)
          data.safetyManagerPhoneSealed = e.safetyManagerPhoneSealed;
        em.assign(e, data);
      } else
        e = em.create(Enterprise, {
          ...data,
          landlordEnterpriseId: null,
          riskColour: null,
          riskScore: null,
          colourComputedAt: null,
        });
      ids.push(e.id);
      byName.set(d.name, e.id);
    }
    await em.flush();
    for (const [i, d] of zone.enterprises.entries()) {
      if (!d.landlord) continue;
      const e = await em.findOneOrFail(Enterprise, { id: ids[i]! });
      e.landlordEnterpriseId = byName.get(d.landlord) ?? null;
    }
    await em.flush();
    for (const [i, d] of zone.enterprises.entries())
      await seedEnterpriseRecords(c, em, await em.findOneOrFail(Enterprise, { id: ids[i]! }), d, i, tenant.timeZone);
    // Tasks and colours for what was just seeded (as after an import).
    await s.jobs.refreshTenant(tenant.id);
    // Users of every role
    const hash = await hashPassword(password);
    let users = 0;
    for (const u of DEMO_USERS) {
      let user = await em.findOne(User, { username: u.username });
      if (!user) {
        user = em.create(User, {
          username: u.username,
          name: u.enterprise !== undefined ? `${zone.enterprises[u.enterprise]!.principal.slice(0, 1)}${u.name}` : u.name,
          role: u.role as User['role'],
          enterpriseId: u.enterprise !== undefined ? ids[u.enterprise]! : null,
          gridIds: (u.grids ?? []).map((g) => grids.get(g)).filter((x): x is string => Boolean(x)),
          passwordHash: hash,
          mustChangePassword: false,
          phoneSealed: c.cipher.seal(u.phone),
          phoneMasked: maskPhone(u.phone),
          status: 'active',
        });
      }
      users++;
      if (DEMO_WECHAT.includes(u.username)) {
        const openid = devOpenid(demoDevCode(zone.code, u.username));
        if (!(await em.findOne(WechatBinding, { openid }))) em.create(WechatBinding, { openid, unionid: null, userId: user.id });
      }
    }
    await em.flush();
    return { code: zone.code, name: zone.name, enterprises: ids.length, users };
  });
}

/** Creates (or completes) the demo zones; safe to run again. Refuses to run in production. */
export async function seedDemo(c: Container, s: Services, password: string): Promise<SeedReport> {
  if (c.config.NODE_ENV === 'production') throw new Error('demo:seed refuses to run with NODE_ENV=production');
  await s.tenants.provision({
    code: 'platform',
    name: '平台运营',
    region: '全国',
    admin: { username: 'operator', name: '平台运营员', password },
  });
  const zones: SeedReport['zones'] = [];
  for (const [i, z] of DEMO_ZONES.entries()) zones.push(await seedZone(c, s, z, i, password));
  return { zones };
}
