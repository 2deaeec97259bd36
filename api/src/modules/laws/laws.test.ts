/**
 * The law library end to end on real MariaDB (issue 13, helper A): the seed import of the 14 real texts (article
 * counts, idempotent), reading, the parse preview (errors by line; .md, .txt and .docx uploads), uploads that fail
 * leave nothing, the platform library read-only to zones, zone documents invisible to other zones (every route from
 * the other side), versions as of a date, the diff, citations (resolve, cited-by, flagged, delete refused while
 * cited), metadata edits and hostile bodies → problem+json.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { LAW_FILE_MAX_BYTES } from '@yuanan/contracts';
import { NoTenantContextError, runInScope } from '../../core/context/request-scope.ts';
import { systemEm, tenantEm } from '../../core/db/orm.ts';
import { multipart } from '../../testing/fixtures.ts';
import { createEnterprise } from '../../testing/scope-fixtures.ts';
import { createTestEnv, platformOperator, userWithRole, zoneWithAdmin, type TestEnv } from '../../testing/test-env.ts';
import { DEFAULT_REGULATIONS_DIR } from './law-import.ts';
import { lawScope } from './law-scope.ts';
import type { LawsModule } from './laws.module.ts';
import { DEFAULT_SYNONYM_GROUPS } from './search/default-synonyms.ts';

type Zone = Awaited<ReturnType<typeof zoneWithAdmin>>;

let env: TestEnv;
let A: Zone;
let B: Zone;
let op: Awaited<ReturnType<typeof platformOperator>>;

const api = (method: string, path: string, token: string, body?: unknown) => env.req(method, `/api/v1${path}`, { token, body });
const laws = () => (env.api.services as unknown as { laws: LawsModule }).laws;
/** Runs `fn` as system work inside one tenant (the scope the api gives a request). */
const inTenant = <T>(tenantId: string, fn: (em: ReturnType<typeof tenantEm>) => Promise<T>) => {
  const em = tenantEm(env.api.c.orm, tenantId);
  return runInScope({ requestId: 'test', tenantId, em, actor: null, ip: null, userAgent: 'test', action: 'laws.import' }, () =>
    fn(em),
  );
};
/** Rows of a law table per tenant, counted in SQL (what "nothing saved" means). */
async function rows(table: string, tenantId: string): Promise<number> {
  const r = (await env.api.c.orm.em
    .getConnection()
    .execute(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`, [tenantId])) as Array<{ n: number | string }>;
  return Number(r[0]!.n);
}
const importSeed = () => inTenant(op.tenantId, (em) => laws().service.importRegulationDir(em, DEFAULT_REGULATIONS_DIR));

/** Article counts of the 14 texts (counted with grep, as the domain parser's test does). */
const EXPECTED: Record<string, number> = {
  中华人民共和国劳动法: 107,
  危险化学品安全管理条例: 102,
  国务院关于特大安全事故行政责任追究的规定: 24,
  中华人民共和国安全生产法: 119,
  安全生产许可证条例: 24,
  建设工程安全生产管理条例: 71,
  中华人民共和国消防法: 74,
  中华人民共和国特种设备安全法: 101,
  特种设备安全监察条例: 103,
  特种设备安全监督检查办法: 40,
  生产安全事故应急条例: 35,
  生产安全事故报告和调查处理条例: 46,
  中华人民共和国突发事件应对法: 106,
  中华人民共和国职业病防治法: 88,
};

/**
 * Effective date and label of each seed text: the final article's 施行 date for an original text or a full 修订
 * (特种设备安全法 第一百零一条 2014-01-01, 突发事件应对法 第一百零六条 2024-11-01); a 修正 keeps the original date
 * there, so its decision's date (安全生产法 2021 修正 → 2021-09-01; 特种设备安全监察条例 2009 → 2009-05-01), else the
 * promulgation date; the label from the last event (a file date later than the notes counts: 安全生产许可证条例 2014).
 */
const SEED_DATES: Record<string, [string, string]> = {
  中华人民共和国劳动法: ['2018-12-29', '2018年修正'],
  危险化学品安全管理条例: ['2013-12-07', '2013年修订'],
  国务院关于特大安全事故行政责任追究的规定: ['2001-04-21', '2001年公布'],
  中华人民共和国安全生产法: ['2021-09-01', '2021年修正'],
  安全生产许可证条例: ['2014-07-29', '2014年修订'],
  建设工程安全生产管理条例: ['2004-02-01', '2003年公布'],
  中华人民共和国消防法: ['2021-04-29', '2021年修正'],
  中华人民共和国特种设备安全法: ['2014-01-01', '2013年公布'],
  特种设备安全监察条例: ['2009-05-01', '2009年修订'],
  特种设备安全监督检查办法: ['2022-07-01', '2022年公布'],
  生产安全事故应急条例: ['2019-04-01', '2019年公布'],
  生产安全事故报告和调查处理条例: ['2007-06-01', '2007年公布'],
  中华人民共和国突发事件应对法: ['2024-11-01', '2024年修订'],
  中华人民共和国职业病防治法: ['2018-12-29', '2018年修正'],
};

const V1 = [
  '# 园区安全生产管理办法',
  '',
  '## 第一章 总则',
  '',
  '第一条 为了加强园区安全生产工作，制定本办法。',
  '',
  '第二条 园区内生产经营单位应当建立安全生产责任制。',
  '',
  '## 第二章 管理',
  '',
  '第三条 动火作业应当办理作业许可，并由专人监护。',
  '',
  '第四条 企业每月开展一次隐患排查。',
  '',
  '第五条 本办法自发布之日起施行。',
].join('\n');
// 2026: article 3 edited, 4 removed, a new 第三条之一 and the old 5 kept as 5.
const V2 = [
  '# 园区安全生产管理办法',
  '',
  '## 第一章 总则',
  '',
  '第一条 为了加强园区安全生产工作，制定本办法。',
  '',
  '第二条 园区内生产经营单位应当建立安全生产责任制。',
  '',
  '## 第二章 管理',
  '',
  '第三条 动火作业应当办理作业许可，作业前进行气体检测，并由专人全程监护。',
  '',
  '第三条之一 有限空间作业应当先通风、再检测、后作业。',
  '',
  '第五条 本办法自发布之日起施行。',
].join('\n');

let platformDocs: Array<{
  id: string;
  title: string;
  versionId: string;
  articleCount: number;
  docType: string;
  issuingBody: string;
  effectiveOn: string;
  scope: string;
  editable: boolean;
}>;
let safetyLawVersion: string;
let zoneDoc: string;
let v1: string;
let v2: string;

beforeAll(async () => {
  env = await createTestEnv();
  op = await platformOperator(env);
  A = await zoneWithAdmin(env, 'lawa');
  B = await zoneWithAdmin(env, 'lawb');
}, 120_000);
afterAll(() => env.close());

describe('seed import of the 14 real texts', () => {
  test('imports every file into the platform library with its article count, type, issuer and dates', async () => {
    const r = await importSeed();
    expect(r.failed).toEqual([]);
    expect(r.imported).toHaveLength(14);
    const list = await api('GET', '/laws/documents?pageSize=100', A.token);
    expect(list.status).toBe(200);
    platformDocs = list.body.items;
    expect(platformDocs).toHaveLength(14);
    for (const d of platformDocs) {
      expect(d.scope).toBe('platform');
      expect(d.editable).toBe(false);
      expect(d.articleCount).toBe(EXPECTED[d.title]);
    }
    const by = (t: string) => platformDocs.find((d) => d.title === t)!;
    expect(by('中华人民共和国安全生产法')).toMatchObject({
      docType: 'law',
      issuingBody: '全国人民代表大会常务委员会',
      effectiveOn: '2021-09-01',
      status: 'in_force',
    });
    // The explicit 施行 line of the preface wins over the file name (the promulgation date).
    expect(by('生产安全事故报告和调查处理条例')).toMatchObject({
      docType: 'administrative_regulation',
      issuingBody: '国务院',
      effectiveOn: '2007-06-01',
    });
    expect(by('特种设备安全监督检查办法')).toMatchObject({
      docType: 'departmental_rule',
      issuingBody: '国家市场监督管理总局',
      effectiveOn: '2022-07-01',
    });
    expect(by('国务院关于特大安全事故行政责任追究的规定')).toMatchObject({
      docType: 'administrative_regulation',
      issuingBody: '国务院',
    });
    expect(
      Object.fromEntries(
        platformDocs.map((d) => [d.title, [d.effectiveOn, (d as unknown as { versionLabel: string }).versionLabel]]),
      ),
    ).toEqual(SEED_DATES);
    const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
    expect(await rows('law_articles', op.tenantId)).toBe(total);
    safetyLawVersion = by('中华人民共和国安全生产法').versionId;
  }, 120_000);

  test('importing again changes nothing (idempotent by the texts’ sha256)', async () => {
    const before = [
      await rows('law_documents', op.tenantId),
      await rows('law_versions', op.tenantId),
      await rows('law_articles', op.tenantId),
    ];
    const r = await importSeed();
    expect(r.imported).toEqual([]);
    expect(r.skipped).toHaveLength(14);
    expect([
      await rows('law_documents', op.tenantId),
      await rows('law_versions', op.tenantId),
      await rows('law_articles', op.tenantId),
    ]).toEqual(before);
  }, 60_000);

  test('re-importing corrects the label and dates of versions an older import read from the file name', async () => {
    // What the older import left: 特种设备安全法 effective on its promulgation date, labels of the first notes line.
    await env.api.c.orm.em
      .getConnection()
      .execute(
        "UPDATE law_versions SET effective_on = '2013-06-29', label = '2003年公布' WHERE tenant_id = ? AND title IN ('中华人民共和国特种设备安全法', '特种设备安全监察条例')",
        [op.tenantId],
      );
    const r = await importSeed();
    expect(r.imported).toEqual([]);
    expect(r.corrected.sort()).toEqual(['特种设备安全法(2013-06-29).md', '特种设备安全监察条例(2009-01-24).md']);
    const list = (await api('GET', '/laws/documents?scope=platform&pageSize=100', A.token)).body.items as Array<{
      title: string;
      effectiveOn: string;
      versionLabel: string;
    }>;
    const got = Object.fromEntries(
      list.filter((d) => d.title in SEED_DATES).map((d) => [d.title, [d.effectiveOn, d.versionLabel]]),
    );
    expect(got).toEqual(SEED_DATES);
    expect((await importSeed()).corrected).toEqual([]);
  }, 60_000);

  test('re-importing corrects the type and issuer of rows an older guess got wrong, but not a person’s edit', async () => {
    // What an older import left: every seed document typed 法律 with no issuer (特种设备安全监督检查办法 was 法律).
    await env.api.c.orm.em
      .getConnection()
      .execute("UPDATE law_documents SET doc_type = 'law', issuing_body = '未注明' WHERE tenant_id = ?", [op.tenantId]);
    // A person's choice stands: the operator sets 特种设备安全监察条例's issuer by hand (the former 质检总局).
    const edited = platformDocs.find((d) => d.title === '特种设备安全监察条例')!;
    const detail = await api('GET', `/laws/documents/${edited.id}`, op.token);
    const patch = await api('PATCH', `/laws/documents/${edited.id}`, op.token, {
      version: detail.body.version,
      docType: 'administrative_regulation',
      issuingBody: '国家质量监督检验检疫总局',
    });
    expect(patch.status).toBe(200);

    const r = await importSeed();
    expect(r.imported).toEqual([]);
    expect(r.skipped).toHaveLength(14);
    expect(r.corrected).toHaveLength(13);
    expect(r.corrected).not.toContain('特种设备安全监察条例(2009-01-24).md');
    const list = (await api('GET', '/laws/documents?scope=platform&pageSize=100', A.token)).body.items as typeof platformDocs;
    const got = Object.fromEntries(
      list.filter((d) => d.title in EXPECTED).map((d) => [d.title, `${d.docType} ${d.issuingBody}`]),
    );
    const npc = 'law 全国人民代表大会常务委员会';
    const sc = 'administrative_regulation 国务院';
    expect(got).toEqual({
      中华人民共和国劳动法: npc,
      危险化学品安全管理条例: sc,
      国务院关于特大安全事故行政责任追究的规定: sc,
      中华人民共和国安全生产法: npc,
      安全生产许可证条例: sc,
      建设工程安全生产管理条例: sc,
      中华人民共和国消防法: npc,
      中华人民共和国特种设备安全法: npc,
      特种设备安全监察条例: 'administrative_regulation 国家质量监督检验检疫总局',
      特种设备安全监督检查办法: 'departmental_rule 国家市场监督管理总局',
      生产安全事故应急条例: sc,
      生产安全事故报告和调查处理条例: sc,
      中华人民共和国突发事件应对法: npc,
      中华人民共和国职业病防治法: npc,
    });
    // Once right, a further import has nothing to correct.
    expect((await importSeed()).corrected).toEqual([]);
    const back = await api('GET', `/laws/documents/${edited.id}`, op.token);
    expect(
      (await api('PATCH', `/laws/documents/${edited.id}`, op.token, { version: back.body.version, issuingBody: '国务院' }))
        .status,
    ).toBe(200);
  }, 60_000);

  test('the boot import imports what is missing, once, even with two processes booting together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'laws-seed-'));
    await writeFile(
      join(dir, '园区测试条例(2026-01-01).md'),
      '# 园区测试条例\n\n2025年12月1日 国务院令第999号公布\n\n<!-- INFO END -->\n\n第一条 测试。\n\n第二条 再测试。\n',
    );
    const config = env.api.c.config as { REGULATIONS_DIR?: string };
    const before = await rows('law_versions', op.tenantId);
    // A platform with no synonym groups yet: the first import that brings a text also brings the starting groups.
    await env.api.c.orm.em.getConnection().execute('DELETE FROM law_synonym_groups WHERE tenant_id = ?', [op.tenantId]);
    config.REGULATIONS_DIR = dir;
    try {
      await Promise.all([laws().bootImport(), laws().bootImport()]);
      await laws().bootImport();
    } finally {
      delete config.REGULATIONS_DIR;
      await rm(dir, { recursive: true, force: true });
    }
    expect(await rows('law_versions', op.tenantId)).toBe(before + 1);
    expect(await rows('law_synonym_groups', op.tenantId)).toBe(DEFAULT_SYNONYM_GROUPS.length);
    const d = (await api('GET', `/laws/documents?q=${encodeURIComponent('园区测试条例')}`, A.token)).body.items;
    expect(d).toEqual([
      expect.objectContaining({
        docType: 'administrative_regulation',
        issuingBody: '国务院',
        docNumber: '国务院令第999号',
        effectiveOn: '2026-01-01',
        articleCount: 2,
      }),
    ]);
  });
});

describe('reading', () => {
  test('the reader: 安全生产法 with 7 chapters, its articles in order, paths, and one article with neighbours', async () => {
    const v = await api('GET', `/laws/versions/${safetyLawVersion}`, B.token);
    expect(v.status).toBe(200);
    expect(v.body.structure.map((n: { heading: string }) => n.heading)).toHaveLength(7);
    expect(v.body.structure[0].heading).toBe('第一章 总则');
    expect(v.body.articles).toHaveLength(119);
    expect(v.body.articles[20]).toMatchObject({
      articleKey: '21',
      label: '第二十一条',
      path: ['第二章 生产经营单位的安全生产保障'],
    });
    expect(v.body.articles[20].text).toContain('主要负责人');
    expect(v.body.document.scope).toBe('platform');
    const a = await api('GET', `/laws/versions/${safetyLawVersion}/articles/21`, A.token);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      status: 'in_force',
      prevKey: '20',
      nextKey: '22',
      currentVersionId: safetyLawVersion,
      currentArticleKey: '21',
    });
    expect(a.body.article.paragraphs[0].items.length).toBeGreaterThan(3);
    expect((await api('GET', `/laws/versions/${safetyLawVersion}/articles/999`, A.token)).status).toBe(404);
    expect((await api('GET', `/laws/versions/${safetyLawVersion}/articles/abc`, A.token)).status).toBe(400);
  });

  test('as of a date before the earliest stored version: 未收录当时版本 for an amended text, 尚未施行 for an original one', async () => {
    const r = await api('GET', '/laws/documents?scope=platform&pageSize=100&asOf=2010-01-01', A.token);
    expect(r.status).toBe(200);
    const st = Object.fromEntries((r.body.items as { title: string; status: string }[]).map((d) => [d.title, d.status]));
    // 安全生产法 (stored: the 2021 修正) was in force in 2010 in its 2009 text, not stored.
    expect(st['中华人民共和国安全生产法']).toBe('not_in_library');
    expect(st['中华人民共和国突发事件应对法']).toBe('not_in_library');
    // 特种设备安全法 (stored: the original text, in force 2014-01-01) did not exist yet.
    expect(st['中华人民共和国特种设备安全法']).toBe('not_yet_effective');
    expect(st['生产安全事故应急条例']).toBe('not_yet_effective');
    const f = await api('GET', '/laws/documents?scope=platform&pageSize=100&asOf=2010-01-01&status=not_in_library', A.token);
    expect(f.status).toBe(200);
    expect((f.body.items as { title: string }[]).map((d) => d.title)).toContain('中华人民共和国安全生产法');
  });

  test('filters: type, title, issuer, scope', async () => {
    const t = await api('GET', '/laws/documents?type=law&pageSize=100', A.token);
    expect(t.body.items.map((d: { title: string }) => d.title).sort()).toEqual(
      Object.keys(EXPECTED)
        .filter((x) => x.endsWith('法') && !x.endsWith('办法'))
        .sort(),
    );
    const q = await api('GET', `/laws/documents?q=${encodeURIComponent('特种设备')}`, A.token);
    expect(q.body.items).toHaveLength(3);
    const i = await api('GET', `/laws/documents?issuer=${encodeURIComponent('国务院')}&pageSize=100`, A.token);
    expect(i.body.items.every((d: { issuingBody: string }) => d.issuingBody === '国务院')).toBe(true);
    // 7 of the seed texts and the boot import's 园区测试条例.
    expect(i.body.items).toHaveLength(8);
    const z = await api('GET', '/laws/documents?scope=zone', A.token);
    expect(z.body.items).toEqual([]);
    expect((await api('GET', '/laws/documents?type=law,nonsense', A.token)).status).toBe(400);
  });

  test('every role of the zone reads (laws.view), an enterprise user too, but cannot upload', async () => {
    const enterpriseId = await createEnterprise(env, A.token, 'LAW00001', '法规测试企业');
    const ent = await userWithRole(env, A, 'enterprise_staff', { enterpriseId });
    const grid = await userWithRole(env, A, 'grid_worker');
    expect((await api('GET', '/laws/documents', grid.token)).status).toBe(200);
    expect((await api('POST', '/laws/parse', grid.token, { format: 'text', text: '第一条 测试。' })).status).toBe(403);
    expect((await api('GET', '/laws/documents', ent.token)).status).toBe(200);
    expect((await api('GET', `/laws/versions/${safetyLawVersion}/articles/21`, ent.token)).status).toBe(200);
    expect((await api('PATCH', `/laws/documents/${platformDocs[0]!.id}`, ent.token, { version: 1 })).status).toBe(403);
  });
});

describe('parse preview and uploads', () => {
  test('a duplicate article is reported with its line; nothing is saved', async () => {
    const text = ['# 测试办法', '', '第一条 第一条内容。', '', '第二条 第二条内容。', '', '第二条 重复的第二条。'].join('\n');
    const r = await api('POST', '/laws/parse', A.token, { format: 'markdown', text });
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([expect.objectContaining({ code: 'duplicate_article', line: 7 })]);
    expect(r.body.errors[0].message.zh).toMatch(/第二条/);
    expect(r.body.guess.title).toBe('测试办法');
    expect(await rows('law_documents', A.tenant.id)).toBe(0);
  });

  test('uploading a document with duplicate article numbers → 422 law_parse_failed with the lines, no row written', async () => {
    const before = [
      await rows('law_documents', A.tenant.id),
      await rows('law_versions', A.tenant.id),
      await rows('law_articles', A.tenant.id),
    ];
    const r = await api('POST', '/laws/documents', A.token, {
      title: '重复条文的制度',
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text: '第一条 甲。\n第二条 乙。\n第二条 丙。' },
    });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('law_parse_failed');
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'version.text.line.3', code: 'duplicate_article' })]);
    expect([
      await rows('law_documents', A.tenant.id),
      await rows('law_versions', A.tenant.id),
      await rows('law_articles', A.tenant.id),
    ]).toEqual(before);
  });

  test('multipart uploads: .md, GBK .txt and .docx; junk .docx → 422, an .exe → 415', async () => {
    const md = await env.req('POST', '/api/v1/laws/parse', {
      token: A.token,
      raw: multipart(Buffer.from(V1, 'utf8'), '园区安全生产管理办法(2024-01-01).md', {}, 'text/markdown'),
    });
    expect(md.status).toBe(200);
    expect(md.body).toMatchObject({ format: 'markdown', articleCount: 5, errors: [] });
    expect(md.body.guess).toMatchObject({
      title: '园区安全生产管理办法',
      effectiveOn: '2024-01-01',
      docType: 'departmental_rule',
    });
    expect(md.body.nodes.map((n: { heading: string }) => n.heading)).toEqual(['第一章 总则', '第二章 管理']);

    const gbk = Buffer.from(new Uint8Array([0xb5, 0xda, 0xd2, 0xbb, 0xcc, 0xf5, 0x20, 0xb2, 0xe2, 0xca, 0xd4, 0xa1, 0xa3])); // 第一条 测试。
    const txt = await env.req('POST', '/api/v1/laws/parse', {
      token: A.token,
      raw: multipart(gbk, 'rule.txt', {}, 'text/plain'),
    });
    expect(txt.status).toBe(200);
    expect(txt.body.articles).toEqual([expect.objectContaining({ articleKey: '1', text: '测试。' })]);

    const doc = new Document({
      sections: [
        {
          children: [
            '园区动火作业管理规定',
            '第一条 为了规范动火作业，制定本规定。',
            '第二条 动火作业实行许可管理。',
            '（一）一级动火由园区审批；',
            '（二）二级动火由企业审批。',
          ].map((t) => new Paragraph(t)),
        },
      ],
    });
    const docx = await Packer.toBuffer(doc);
    const d = await env.req('POST', '/api/v1/laws/parse', { token: A.token, raw: multipart(docx, '动火规定.docx') });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ format: 'docx', articleCount: 2, errors: [] });
    expect(d.body.articles[1].text).toContain('一级动火由园区审批');

    const junk = await env.req('POST', '/api/v1/laws/parse', {
      token: A.token,
      raw: multipart(Buffer.from('not a zip at all'), 'x.docx'),
    });
    expect(junk.status).toBe(422);
    expect(junk.body.code).toBe('law_parse_failed');
    const zipJunk = await env.req('POST', '/api/v1/laws/parse', {
      token: A.token,
      raw: multipart(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), 'x.docx'),
    });
    expect(zipJunk.status).toBe(422);
    const exe = await env.req('POST', '/api/v1/laws/parse', { token: A.token, raw: multipart(Buffer.from('MZ'), 'x.exe') });
    expect(exe.status).toBe(415);
    expect(
      (await env.req('POST', '/api/v1/laws/parse', { token: A.token, raw: 'x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
  });

  test('UTF-16 .txt uploads (with or without BOM) are decoded; control characters after decoding → 400', async () => {
    const text = '# 园区测试规定\r\n\r\n第一条 为了测试，制定本规定。\r\n\r\n第二条 本规定自发布之日起施行。';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ['le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['le', le],
      ['be', be],
    ] as const) {
      const r = await env.req('POST', '/api/v1/laws/parse', {
        token: A.token,
        raw: multipart(bytes, `${name}.txt`, {}, 'text/plain'),
      });
      expect([name, r.status]).toEqual([name, 200]);
      expect(r.body.title).toBe('园区测试规定');
      expect(r.body.text).not.toContain('\u0000');
      expect(r.body.articles.map((a: { text: string }) => a.text)).toEqual([
        '为了测试，制定本规定。',
        '本规定自发布之日起施行。',
      ]);
    }
    const ctl = await env.req('POST', '/api/v1/laws/parse', {
      token: A.token,
      raw: multipart(Buffer.from('第一条 测试\u0001。', 'utf8'), 'c.txt', {}, 'text/plain'),
    });
    expect(ctl.status).toBe(400);
    expect(ctl.body.code).toBe('validation_failed');
  });

  test('a .docx zip bomb (200 MB document.xml in ~200 KB) → 413 at once, the api keeps answering', async () => {
    // 200 chunks of 1 MB of one character, deflated as a stream: the test never holds 200 MB.
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let left = 200;
    const source = new Readable({ read: () => void source.push(left-- > 0 ? chunk : null) });
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
    zip.file('word/document.xml', source);
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(LAW_FILE_MAX_BYTES);
    const started = Date.now();
    const up = env.req('POST', '/api/v1/laws/parse', { token: A.token, raw: multipart(bomb, 'bomb.docx') });
    await new Promise((r) => setTimeout(r, 20));
    const h0 = Date.now();
    const health = await env.req('GET', '/api/v1/health');
    const healthMs = Date.now() - h0;
    const r = await up;
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('file_too_large');
    expect(r.body.detail ?? r.body.title).toMatch(/MB/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1000);
  });

  test('hostile bodies: 10 MB of text (UTF-8) → 413, bad dates, unknown type, empty text → 400 problem+json, nothing saved', async () => {
    const before = await rows('law_documents', A.tenant.id);
    const base = {
      title: '恶意',
      docType: 'zone_rule',
      issuingBody: '某',
      version: { label: 'x', effectiveOn: '2026-01-01', format: 'text', text: '第一条 甲。' },
    };
    const huge = await api('POST', '/laws/documents', A.token, {
      ...base,
      version: { ...base.version, text: '第一条 '.padEnd(3_500_000, '甲') },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    const hugeParse = await api('POST', '/laws/parse', A.token, { format: 'text', text: 'a'.repeat(2_000_001) });
    expect(hugeParse.status).toBe(400);
    for (const bad of [
      { ...base, version: { ...base.version, effectiveOn: '2026-13-01' } },
      { ...base, version: { ...base.version, effectiveOn: '9999-01-01' } },
      { ...base, version: { ...base.version, promulgatedOn: 'yesterday' } },
      { ...base, docType: 'constitution' },
      { ...base, version: { ...base.version, text: '' } },
      { ...base, version: { ...base.version, format: 'pdf' } },
      { ...base, title: 'x'.repeat(201) },
      { ...base, extra: 1 },
    ]) {
      const r = await api('POST', '/laws/documents', A.token, bad);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    const noArticles = await api('POST', '/laws/documents', A.token, {
      ...base,
      version: { ...base.version, text: '这不是法规文本。' },
    });
    expect(noArticles.status).toBe(422);
    expect(await rows('law_documents', A.tenant.id)).toBe(before);
  }, 60_000);
});

describe('versions, as-of and diff', () => {
  test('a zone document with two versions: status and the version in force as of a date', async () => {
    const c1 = await api('POST', '/laws/documents', A.token, {
      title: '园区安全生产管理办法',
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2024年版', effectiveOn: '2024-01-01', format: 'markdown', text: V1 },
    });
    expect(c1.status).toBe(201);
    zoneDoc = c1.body.documentId;
    v1 = c1.body.versionId;
    expect(c1.body.articleCount).toBe(5);
    const c2 = await api('POST', `/laws/documents/${zoneDoc}/versions`, A.token, {
      label: '2026年修订',
      effectiveOn: '2026-01-01',
      format: 'markdown',
      text: V2,
    });
    expect(c2.status).toBe(201);
    v2 = c2.body.versionId;
    // The same text twice is refused.
    const dup = await api('POST', `/laws/documents/${zoneDoc}/versions`, A.token, {
      label: '又一次',
      effectiveOn: '2026-02-01',
      format: 'markdown',
      text: V2,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('law_duplicate_import');

    const d = await api('GET', `/laws/documents/${zoneDoc}?asOf=2025-06-01`, A.token);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ scope: 'zone', editable: true, versionIdAsOf: v1, currentVersionId: v2 });
    expect(d.body.versions.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([
      [v1, 'amended'],
      [v2, 'in_force'],
    ]);
    expect((await api('GET', `/laws/documents/${zoneDoc}?asOf=2023-12-31`, A.token)).body.versionIdAsOf).toBeNull();
    const list2025 = await api('GET', '/laws/documents?scope=zone&asOf=2025-06-01', A.token);
    expect(list2025.body.items).toEqual([
      expect.objectContaining({ id: zoneDoc, versionId: v1, status: 'in_force', versionCount: 2 }),
    ]);
    const list2023 = await api('GET', '/laws/documents?scope=zone&asOf=2023-06-01&status=not_yet_effective', A.token);
    expect(list2023.body.items).toEqual([expect.objectContaining({ id: zoneDoc, versionId: v1 })]);
    // The reader of the old version says it was amended, and where its article 3 went.
    const art = await api('GET', `/laws/versions/${v1}/articles/3`, A.token);
    expect(art.body).toMatchObject({ status: 'amended', currentVersionId: v2, currentArticleKey: '3' });
    const art4 = await api('GET', `/laws/versions/${v1}/articles/4`, A.token);
    expect(art4.body).toMatchObject({ status: 'amended', currentVersionId: v2, currentArticleKey: null });
    expect((await api('GET', `/laws/versions/${v1}/articles/3?asOf=2025-01-01`, A.token)).body.status).toBe('in_force');
  });

  test('the diff between the versions, article by article; versions of two documents → 400', async () => {
    const r = await api('GET', `/laws/versions/${v1}/diff/${v2}`, A.token);
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ same: 3, changed: 1, added: 1, removed: 1, moved: 0 });
    const changed = r.body.rows.find((x: { kind: string }) => x.kind === 'changed');
    expect(changed).toMatchObject({ aKey: '3', bKey: '3', aLabel: '第三条', bLabel: '第三条' });
    expect(changed.parts.some((p: { added?: boolean; value: string }) => p.added && p.value.includes('气体检测'))).toBe(true);
    expect(r.body.rows.find((x: { kind: string }) => x.kind === 'added')).toMatchObject({ bKey: '3-1', bLabel: '第三条之一' });
    expect(r.body.rows.find((x: { kind: string }) => x.kind === 'removed')).toMatchObject({ aKey: '4' });
    const cross = await api('GET', `/laws/versions/${v1}/diff/${safetyLawVersion}`, A.token);
    expect(cross.status).toBe(400);
  });

  test('an enterprise user sees only its own enterprise citing hazards (cited-by, flagged), no checklist items', async () => {
    const svc = laws().citations;
    const own = await createEnterprise(env, A.token, 'LAW00002', '引用企业甲');
    const other = await createEnterprise(env, A.token, 'LAW00003', '引用企业乙');
    const ent = await userWithRole(env, A, 'enterprise_admin', { enterpriseId: own });
    const report = async (enterpriseId: string) => {
      const r = await api('POST', '/hazards', A.token, {
        enterpriseId,
        source: 'safety_inspection',
        categoryCode: 'electrical',
        description: '配电箱门缺失，线路裸露',
        place: '二号车间',
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const mine = await report(own);
    const theirs = await report(other);
    const ref = [{ versionId: v1, articleKey: '3' }];
    await inTenant(A.tenant.id, async (em) => {
      await svc.sync(em, 'hazard', mine, 'YH-OWN', ref);
      await svc.sync(em, 'hazard', theirs, 'YH-OTHER', ref);
      await svc.sync(em, 'checklist_item', '01936f3e-0000-7000-8000-0000000000cc', '模板 1.1', ref);
    });
    try {
      const ids = (r: { body: { items: { sourceId: string }[] } }) => r.body.items.map((x) => x.sourceId).sort();
      const cb = await api('GET', `/laws/versions/${v1}/articles/3/cited-by`, ent.token);
      expect(cb.status).toBe(200);
      expect(ids(cb)).toEqual([mine]);
      const fl = await api('GET', '/laws/citations/flagged', ent.token);
      expect(fl.status).toBe(200);
      expect(ids(fl)).toEqual([mine]);
      expect(fl.body.total).toBe(1);
      // The zone office still sees all three.
      expect(ids(await api('GET', `/laws/versions/${v1}/articles/3/cited-by`, A.token))).toHaveLength(3);
    } finally {
      await inTenant(A.tenant.id, async (em) => {
        await svc.sync(em, 'hazard', mine, 'YH-OWN', []);
        await svc.sync(em, 'hazard', theirs, 'YH-OTHER', []);
        await svc.sync(em, 'checklist_item', '01936f3e-0000-7000-8000-0000000000cc', '模板 1.1', []);
      });
    }
  });

  test('citations: resolve states, cited-by, flagged; a cited version cannot be deleted', async () => {
    const svc = laws().citations;
    const refs = [
      { versionId: v1, articleKey: '1' },
      { versionId: v1, articleKey: '3' },
      { versionId: v1, articleKey: '4' },
      { versionId: v2, articleKey: '3-1' },
      { versionId: safetyLawVersion, articleKey: '21' },
      { versionId: v2, articleKey: '99' },
    ];
    const r = await api('POST', '/laws/citations/resolve', A.token, { refs });
    expect(r.status).toBe(201);
    expect(r.body.items.map((x: { state: string }) => x.state)).toEqual([
      'amended_unchanged',
      'amended',
      'amended',
      'in_force',
      'in_force',
      'missing',
    ]);
    expect(r.body.items[4]).toMatchObject({
      documentTitle: '中华人民共和国安全生产法',
      articleLabel: '第二十一条',
      exists: true,
    });
    await expect(inTenant(A.tenant.id, (em) => svc.validate(em, refs))).rejects.toMatchObject({
      status: 422,
      code: 'law_citation_not_found',
    });
    await inTenant(A.tenant.id, (em) => svc.validate(em, refs.slice(0, 5)));

    const hazardId = '01936f3e-0000-7000-8000-0000000000aa';
    await inTenant(A.tenant.id, (em) => svc.sync(em, 'hazard', hazardId, 'YH-TEST-1 动火无监护', refs.slice(1, 3)));
    const cb = await api('GET', `/laws/versions/${v1}/articles/3/cited-by`, A.token);
    expect(cb.body.items).toEqual([
      expect.objectContaining({ sourceType: 'hazard', sourceId: hazardId, sourceLabel: 'YH-TEST-1 动火无监护' }),
    ]);
    const fl = await api('GET', '/laws/citations/flagged', A.token);
    expect(
      fl.body.items.map((x: { articleKey: string; citation: { state: string } }) => [x.articleKey, x.citation.state]).sort(),
    ).toEqual([
      ['3', 'amended'],
      ['4', 'amended'],
    ]);
    // Zone B sees none of zone A's citing records.
    expect((await api('GET', '/laws/citations/flagged', B.token)).body.items).toEqual([]);

    const del = await api('DELETE', `/laws/versions/${v1}`, A.token);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('law_version_cited');
    await inTenant(A.tenant.id, (em) => svc.sync(em, 'hazard', hazardId, 'YH-TEST-1', []));
    expect((await api('DELETE', `/laws/versions/${v1}`, A.token)).status).toBe(204);
    expect((await api('GET', `/laws/versions/${v1}`, A.token)).status).toBe(404);
    expect((await api('GET', `/laws/documents/${zoneDoc}`, A.token)).body.versions).toHaveLength(1);
    // The only version left is not deleted (the document would be empty).
    const only = await api('DELETE', `/laws/versions/${v2}`, A.token);
    expect(only.status).toBe(409);
  });

  test('resolve-text links a free-text legal basis to the library', async () => {
    const r = await api(
      'GET',
      `/laws/citations/resolve-text?text=${encodeURIComponent('《安全生产法》第二十一条、第四十一条，《园区安全生产管理办法》第三条之一，《不存在法》第一条')}`,
      A.token,
    );
    expect(r.status).toBe(200);
    expect(
      r.body.items.map((x: { title: string; articleLabel: string; ref: unknown }) => [x.title, x.articleLabel, !!x.ref]),
    ).toEqual([
      ['安全生产法', '第二十一条', true],
      ['安全生产法', '第四十一条', true],
      ['园区安全生产管理办法', '第三条之一', true],
      ['不存在法', '第一条', false],
    ]);
    expect(r.body.items[0].ref).toEqual({ versionId: safetyLawVersion, articleKey: '21' });
    // Zone B does not see zone A's document.
    const b = await api(
      'GET',
      `/laws/citations/resolve-text?text=${encodeURIComponent('《园区安全生产管理办法》第三条之一')}`,
      B.token,
    );
    expect(b.body.items[0].ref).toBeNull();
  });

  test('metadata: title, repeal date (→ 已废止), stale version → 409', async () => {
    const d = (await api('GET', `/laws/documents/${zoneDoc}`, A.token)).body;
    const p = await api('PATCH', `/laws/documents/${zoneDoc}`, A.token, {
      version: d.version,
      title: '园区安全生产管理办法（试行）',
      repealedOn: '2026-06-01',
    });
    expect(p.status).toBe(200);
    expect(p.body.title).toBe('园区安全生产管理办法（试行）');
    expect(p.body.repealedOn).toBe('2026-06-01');
    const after = await api('GET', `/laws/documents?scope=zone&asOf=2026-07-01`, A.token);
    expect(after.body.items[0]).toMatchObject({ status: 'repealed', versionId: v2 });
    const before = await api('GET', `/laws/documents?scope=zone&asOf=2026-05-01`, A.token);
    expect(before.body.items[0]).toMatchObject({ status: 'in_force' });
    const stale = await api('PATCH', `/laws/documents/${zoneDoc}`, A.token, { version: d.version, title: '旧' });
    expect(stale.status).toBe(409);
    // Before the earliest version's effective date → 400, nothing changed.
    const first = (d.versions as { effectiveOn: string }[]).map((x) => x.effectiveOn).sort()[0]!;
    const early = await api('PATCH', `/laws/documents/${zoneDoc}`, A.token, {
      version: p.body.version,
      repealedOn: '2000-01-01',
    });
    expect(early.status).toBe(400);
    expect(early.body.detail ?? early.body.title).toContain(first);
    expect(early.body.errors[0].path).toBe('repealedOn');
    expect((await api('GET', `/laws/documents/${zoneDoc}`, A.token)).body.repealedOn).toBe('2026-06-01');
    const undo = await api('PATCH', `/laws/documents/${zoneDoc}`, A.token, { version: p.body.version, repealedOn: null });
    expect(undo.status).toBe(200);
    expect(undo.body.repealedOn).toBeNull();
  });
});

describe('boundaries', () => {
  test('the read path fails closed: no tenant, no law rows; a zone opens exactly its own and the platform tenant', async () => {
    await expect(lawScope(systemEm(env.api.c.orm))).rejects.toBeInstanceOf(NoTenantContextError);
    const a = await inTenant(A.tenant.id, (em) => lawScope(em));
    expect(a.tenantIds).toEqual([A.tenant.id, op.tenantId]);
    const p = await inTenant(op.tenantId, (em) => lawScope(em));
    expect(p).toMatchObject({ isPlatform: true, tenantIds: [op.tenantId] });
  });

  test('a zone cannot edit, amend or delete a platform document (403 platform_document_read_only)', async () => {
    const doc = platformDocs[0]!;
    const detail = (await api('GET', `/laws/documents/${doc.id}`, A.token)).body;
    const p = await api('PATCH', `/laws/documents/${doc.id}`, A.token, { version: detail.version, title: '改掉' });
    expect(p.status).toBe(403);
    expect(p.body.code).toBe('platform_document_read_only');
    const v = await api('POST', `/laws/documents/${doc.id}/versions`, A.token, {
      label: 'x',
      effectiveOn: '2026-01-01',
      format: 'text',
      text: '第一条 改。',
    });
    expect(v.status).toBe(403);
    const del = await api('DELETE', `/laws/versions/${doc.versionId}`, A.token);
    expect(del.status).toBe(403);
    expect((await api('GET', `/laws/documents/${doc.id}`, A.token)).body.title).toBe(doc.title);
  });

  test('a zone cannot type its own document 法律/行政法规/部门规章 (403 law_doc_type_not_allowed), nothing saved', async () => {
    const before = await rows('law_documents', B.tenant.id);
    for (const docType of ['law', 'administrative_regulation', 'departmental_rule']) {
      const r = await api('POST', '/laws/documents', B.token, {
        title: `园区自定法律${docType}`,
        docType,
        issuingBody: '园区管委会',
        version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text: `第一条 ${docType}。` },
      });
      expect([docType, r.status, r.body.code]).toEqual([docType, 403, 'law_doc_type_not_allowed']);
      expect(r.body.detail ?? r.body.title).toMatch(/园区制度|Zone rule/);
    }
    expect(await rows('law_documents', B.tenant.id)).toBe(before);
    const ok = await api('POST', '/laws/documents', B.token, {
      title: '园区自定标准',
      docType: 'industry_standard',
      issuingBody: '园区管委会',
      version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text: '第一条 标准。' },
    });
    expect(ok.status).toBe(201);
    const d = (await api('GET', `/laws/documents/${ok.body.documentId}`, B.token)).body;
    const p = await api('PATCH', `/laws/documents/${d.id}`, B.token, { version: d.version, docType: 'law' });
    expect(p.status).toBe(403);
    expect(p.body.code).toBe('law_doc_type_not_allowed');
    expect((await api('GET', `/laws/documents/${d.id}`, B.token)).body.docType).toBe('industry_standard');
  });

  test('a second document of the same title in the same zone → 409 law_duplicate_title (create and rename); another zone may', async () => {
    const body = (title: string, text: string) => ({
      title,
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text },
    });
    const first = await api('POST', '/laws/documents', B.token, body('园区重名测试制度', '第一条 一。'));
    expect(first.status).toBe(201);
    const dup = await api('POST', '/laws/documents', B.token, body('园区重名测试制度', '第一条 二。'));
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('law_duplicate_title');
    const other = await api('POST', '/laws/documents', B.token, body('园区重名测试制度乙', '第一条 三。'));
    expect(other.status).toBe(201);
    const d = (await api('GET', `/laws/documents/${other.body.documentId}`, B.token)).body;
    const rename = await api('PATCH', `/laws/documents/${d.id}`, B.token, { version: d.version, title: '园区重名测试制度' });
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('law_duplicate_title');
    // Another zone's own document may have the same title.
    expect((await api('POST', '/laws/documents', A.token, body('园区重名测试制度', '第一条 四。'))).status).toBe(201);
  });

  test('DELETE /laws/documents/:id removes a mistaken document and its versions (409 while cited; other zones 404, platform 403)', async () => {
    const c = await api('POST', '/laws/documents', B.token, {
      title: '误传的园区制度',
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text: '第一条 误传。' },
    });
    expect(c.status).toBe(201);
    const { documentId, versionId } = c.body;
    expect((await api('DELETE', `/laws/documents/${documentId}`, A.token)).status).toBe(404);
    expect((await api('DELETE', `/laws/documents/${platformDocs[0]!.id}`, B.token)).status).toBe(403);
    const svc = laws().citations;
    const hazardId = '01936f3e-0000-7000-8000-0000000000dd';
    await inTenant(B.tenant.id, (em) => svc.sync(em, 'hazard', hazardId, 'YH-DEL', [{ versionId, articleKey: '1' }]));
    const cited = await api('DELETE', `/laws/documents/${documentId}`, B.token);
    expect(cited.status).toBe(409);
    expect(cited.body.code).toBe('law_version_cited');
    await inTenant(B.tenant.id, (em) => svc.sync(em, 'hazard', hazardId, 'YH-DEL', []));
    expect((await api('DELETE', `/laws/documents/${documentId}`, B.token)).status).toBe(204);
    expect((await api('GET', `/laws/documents/${documentId}`, B.token)).status).toBe(404);
    expect((await api('GET', `/laws/versions/${versionId}`, B.token)).status).toBe(404);
    const list = (await api('GET', '/laws/documents?scope=zone&pageSize=100', B.token)).body.items as { id: string }[];
    expect(list.map((d) => d.id)).not.toContain(documentId);
    expect((await api('DELETE', `/laws/documents/${documentId}`, B.token)).status).toBe(404);
    // The search index sees the versions go (deleted_at and a new updated_at).
    const [row] = (await env.api.c.orm.em
      .getConnection()
      .execute('SELECT deleted_at, updated_at FROM law_versions WHERE id = ?', [versionId])) as Array<{
      deleted_at: Date | null;
    }>;
    expect(row!.deleted_at).not.toBeNull();
    // Its title is free again.
    const again = await api('POST', '/laws/documents', B.token, {
      title: '误传的园区制度',
      docType: 'zone_rule',
      issuingBody: '园区管委会',
      version: { label: '2026年版', effectiveOn: '2026-01-01', format: 'text', text: '第一条 重传。' },
    });
    expect(again.status).toBe(201);
  });

  test('the platform operator manages the platform library with the same routes; zones see the new document', async () => {
    const c = await api('POST', '/laws/documents', op.token, {
      title: '工贸企业有限空间作业安全规定',
      docType: 'departmental_rule',
      issuingBody: '应急管理部',
      version: {
        label: '2023年公布',
        effectiveOn: '2024-01-01',
        format: 'text',
        text: '第一条 为了加强有限空间作业安全管理，制定本规定。\n第二条 有限空间作业应当先通风、再检测、后作业。',
      },
    });
    expect(c.status).toBe(201);
    const seen = await api('GET', `/laws/documents/${c.body.documentId}`, B.token);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ scope: 'platform', editable: false });
    const mine = await api('GET', `/laws/documents/${c.body.documentId}`, op.token);
    expect(mine.body).toMatchObject({ scope: 'platform', editable: true });
    // The operator does not see zone documents.
    expect((await api('GET', `/laws/documents/${zoneDoc}`, op.token)).status).toBe(404);
    expect((await api('GET', '/laws/documents?pageSize=100', op.token)).body.items).toHaveLength(16);
  });

  test('zone B cannot read or touch zone A’s document, versions, articles, diff or citations', async () => {
    const detail = (await api('GET', `/laws/documents/${zoneDoc}`, A.token)).body;
    const checks: Array<[string, string, unknown?]> = [
      ['GET', `/laws/documents/${zoneDoc}`],
      ['GET', `/laws/versions/${v2}`],
      ['GET', `/laws/versions/${v2}/articles/1`],
      ['GET', `/laws/versions/${v2}/articles/1/cited-by`],
      ['GET', `/laws/versions/${v2}/diff/${v2}`],
      ['PATCH', `/laws/documents/${zoneDoc}`, { version: detail.version, title: '偷改' }],
      [
        'POST',
        `/laws/documents/${zoneDoc}/versions`,
        { label: 'x', effectiveOn: '2026-03-01', format: 'text', text: '第一条 偷加。' },
      ],
      ['DELETE', `/laws/versions/${v2}`],
    ];
    for (const [m, path, body] of checks) {
      const r = await api(m, path, B.token, body);
      expect([m, path, r.status]).toEqual([m, path, 404]);
    }
    const list = await api('GET', '/laws/documents?pageSize=100', B.token);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(zoneDoc);
    const res = await api('POST', '/laws/citations/resolve', B.token, { refs: [{ versionId: v2, articleKey: '1' }] });
    expect(res.body.items[0]).toMatchObject({ state: 'missing', exists: false, documentTitle: null, text: '' });
    await expect(
      inTenant(B.tenant.id, (em) => laws().citations.validate(em, [{ versionId: v2, articleKey: '1' }])),
    ).rejects.toMatchObject({ status: 422 });
    // And A still has it, unchanged.
    expect((await api('GET', `/laws/documents/${zoneDoc}`, A.token)).body.title).toBe(detail.title);
  });
});
