/**
 * The demo's law library (demo-laws.ts) on a small platform + two zones: the 14 seed texts and the synonym groups in
 * the platform library (特种作业/特殊作业 never grouped); each zone's own rules (two versions of 安全生产管理办法, the
 * diff shows changed/added/removed articles; 危险作业管理规定 with 第八条之一) invisible to the other zone; hazards
 * with a free-text legal basis cite the matching platform article, hot work cites the zone's rule, one open hazard
 * cites the superseded 2024 text and is flagged 已修订 with the 2026 counterpart; template items cite their basis;
 * seeding again writes nothing.
 */
import { existsSync } from 'node:fs';
import { addDays } from '@yuanan/domain';
import { runInScope } from '../../core/context/request-scope.ts';
import { tenantEm } from '../../core/db/orm.ts';
import { createTestEnv, platformOperator, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { mkEnterprise, today } from '../../modules/inspections/perform-fixtures.ts';
import { DEFAULT_REGULATIONS_DIR } from '../../modules/laws/law-import.ts';
import { LawCitation, LawDocument, LawSynonymGroup, LawVersion } from '../../modules/laws/law.entity.ts';
import { DEMO_SYNONYM_GROUPS, seedDemoLaws, seedPlatformLaws } from './demo-laws.ts';

let env: TestEnv;
afterAll(() => env?.close());

const sql = async <T = Record<string, unknown>>(q: string, params: unknown[] = []): Promise<T[]> =>
  (await env.api.c.orm.em.getConnection().execute(q, params, 'all')) as T[];
const TABLES = ['law_documents', 'law_versions', 'law_articles', 'law_synonym_groups', 'law_citations', 'audit_log'];
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`))[0]!.n);
  const hz = await sql<{ c: string | null }>('SELECT citations AS c FROM hazards ORDER BY id');
  out.hazardCitations = hz.filter((h) => h.c && h.c !== 'null').length;
  return out;
}

test('platform library, zone documents, citations (one flagged), isolation; idempotent', async () => {
  expect(existsSync(DEFAULT_REGULATIONS_DIR)).toBe(true);
  env = await createTestEnv();
  const platform = await platformOperator(env);
  const zones = [await zoneWithAdmin(env, 'lawdemoa', '演示甲园区'), await zoneWithAdmin(env, 'lawdemob', '演示乙园区')];
  const safety = await userWithRole(env, zones[0]!, 'safety_officer');
  const ent = await mkEnterprise(env, zones[0]!.tenant.id, '法规演示企业');
  const register = async (description: string, legalBasis?: string) => {
    const r = await env.req('POST', '/api/v1/hazards', {
      token: safety.token,
      body: {
        enterpriseId: ent,
        source: 'safety_inspection',
        categoryCode: 'fire',
        description,
        place: '一号车间',
        grade: 'general',
        deadline: addDays(today(), 7),
        ...(legalBasis ? { legalBasis } : {}),
      },
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; code: string; status: string };
  };
  // Filed before the library existed: free-text bases, hot work, and one with nothing to go on.
  const byBasis = await register('特种设备未办理使用登记', '《特种设备安全法》第三十三条');
  const hot = await register('二号车间动火作业未办理审批手续');
  const plain = await register('安全出口指示标志损坏');

  const pem = tenantEm(env.api.c.orm, platform.tenantId);
  const scope = (tenantId: string, em: typeof pem) => ({
    requestId: 'seed',
    tenantId,
    em,
    actor: null,
    ip: null,
    userAgent: 'seed',
    action: 'demo.seed',
  });
  const run = async () => {
    const p = await runInScope(scope(platform.tenantId, pem), () => seedPlatformLaws(env.api.c, env.api.services, pem));
    const z = [];
    for (const zone of zones) {
      const em = tenantEm(env.api.c.orm, zone.tenant.id);
      z.push(await runInScope(scope(zone.tenant.id, em), () => seedDemoLaws(env.api.services, em, zone.tenant.name)));
    }
    return { p, z };
  };
  const first = await run();

  // Platform: the 14 texts, the synonym groups; 特种作业 and 特殊作业 in no group together.
  expect(first.p).toMatchObject({ imported: true, documents: 14, files: { imported: 14, skipped: 0, failed: 0 } });
  expect(first.p.synonymGroups).toBe(DEMO_SYNONYM_GROUPS.length);
  const groups = await pem.find(LawSynonymGroup, {});
  expect(groups.some((g) => g.terms.includes('危化品') && g.terms.includes('危险化学品'))).toBe(true);
  expect(groups.some((g) => g.terms.includes('特种作业') && g.terms.includes('特殊作业'))).toBe(false);

  // Zone A's documents: two versions of the 办法, the 规定 with 第八条之一; not visible to zone B.
  const a = zones[0]!;
  expect(first.z[0]).toMatchObject({ documents: 2, versions: 3 });
  const docs = await env.req('GET', '/api/v1/laws/documents?type=zone_rule', { token: a.token });
  expect(docs.status).toBe(200);
  const titles = (docs.body.items as Array<{ title: string; scope: string }>).map((d) => [d.title, d.scope]).sort();
  expect(titles).toEqual([
    ['演示甲园区危险作业管理规定', 'zone'],
    ['演示甲园区安全生产管理办法', 'zone'],
  ]);
  const aem = tenantEm(env.api.c.orm, a.tenant.id);
  const rules = await aem.findOneOrFail(LawDocument, { title: '演示甲园区安全生产管理办法' });
  const [v2024, v2026] = await aem.find(LawVersion, { documentId: rules.id }, { orderBy: { effectiveOn: 'asc' } });
  expect([v2024!.label, v2024!.effectiveOn, v2026!.label, v2026!.effectiveOn]).toEqual([
    '2024年版',
    '2024-03-01',
    '2026年修订',
    '2026-07-01',
  ]);
  const diff = await env.req('GET', `/api/v1/laws/versions/${v2024!.id}/diff/${v2026!.id}`, { token: a.token });
  expect(diff.status).toBe(200);
  // 2026: 特种作业 filing, 隐患排查 monthly, 半小时 reports, the effective date changed; 有限空间 and 责任保险 added;
  // 表彰奖励 removed; the rest renumbered but the same.
  expect(diff.body.counts).toEqual({ same: 21, changed: 4, added: 2, removed: 1, moved: 0 });
  const work = await aem.findOneOrFail(LawDocument, { title: '演示甲园区危险作业管理规定' });
  const wv = await aem.findOneOrFail(LawVersion, { documentId: work.id });
  const art81 = await env.req('GET', `/api/v1/laws/versions/${wv.id}/articles/8-1`, { token: a.token });
  expect(art81.status).toBe(200);
  expect(art81.body.article.label).toBe('第八条之一');
  const fromB = await env.req('GET', `/api/v1/laws/versions/${wv.id}`, { token: zones[1]!.token });
  expect(fromB.status).toBe(404);

  // Citations: the free-text basis → 特种设备安全法 第三十三条 (platform); hot work → the zone's rule; one flagged.
  const detail = async (id: string) => (await env.req('GET', `/api/v1/hazards/${id}`, { token: safety.token })).body;
  const d1 = await detail(byBasis.id);
  expect(
    d1.citations.map((c: { documentTitle: string; articleLabel: string; state: string }) => [
      c.documentTitle,
      c.articleLabel,
      c.state,
    ]),
  ).toEqual([['中华人民共和国特种设备安全法', '第三十三条', 'in_force']]);
  const d2 = await detail(hot.id);
  expect(d2.citations.map((c: { articleLabel: string }) => c.articleLabel)).toEqual(['第八条', '第八条之一']);
  expect(d2.citations[0].documentTitle).toBe('演示甲园区危险作业管理规定');
  // The one open hazard with nothing else to cite gets the superseded 2024 article: flagged 已修订, counterpart in 2026.
  expect(first.z[0]!.flaggedHazard).toBe(plain.code);
  const d3 = await detail(plain.id);
  expect(d3.citations).toEqual([
    expect.objectContaining({
      versionId: v2024!.id,
      articleKey: '12',
      state: 'amended',
      currentVersionId: v2026!.id,
      currentArticleKey: '13',
    }),
  ]);
  const list = await env.req('GET', '/api/v1/hazards?pageSize=50', { token: safety.token });
  const flags = new Map((list.body.items as Array<{ id: string; citationFlag: boolean }>).map((h) => [h.id, h.citationFlag]));
  expect([flags.get(byBasis.id), flags.get(hot.id), flags.get(plain.id)]).toEqual([false, false, true]);
  const flagged = await env.req('GET', '/api/v1/laws/citations/flagged', { token: a.token });
  expect(flagged.status).toBe(200);
  expect((flagged.body.items as Array<{ sourceId: string }>).map((r) => r.sourceId)).toEqual([plain.id]);

  // Templates: the default checklist items whose basis names a library law cite it, indexed per template version.
  expect(first.z[0]!.templatesCiting).toBeGreaterThan(0);
  const tplRows = await aem.find(LawCitation, { sourceType: 'checklist_item' });
  expect(tplRows.length).toBe(first.z[0]!.templatesCiting);
  expect(tplRows.every((r) => /（第\d+版）$/.test(r.sourceLabel))).toBe(true);

  // Again: nothing new anywhere.
  const before = await counts();
  const second = await run();
  expect(await counts()).toEqual(before);
  expect(second.p.files).toEqual({ imported: 0, skipped: 14, failed: 0 });
  expect(second.z[0]!.flaggedHazard).toBe(plain.code);
});
