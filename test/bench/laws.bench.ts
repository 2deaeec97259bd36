/**
 * Issue 13 benchmark: the law library's Chinese full-text search (SQLite FTS5 + jieba, api/src/modules/laws/search/).
 *  - seed library: the 14 national texts of ../shared/regulations in the platform library (the demo's import, synonym
 *    groups) plus a zone's own rules — index build time, index file size, memory, search latency p50/p95/p99 over a
 *    realistic query set (the relevance set's queries, the same with filters, without spaces, short single terms),
 *    and the relevance figures (expected article in the top 1/3/5);
 *  - synthetic library: BENCH_LAW_DOCS (5,000) more documents of realistic size in the platform library, built by
 *    recombining real articles and sentences of the 14 texts with varied titles, issuers, types, dates, versions and
 *    repeals (20–80 articles each, in chapters) — the same figures at that size, plus the catch-up time after one new
 *    version;
 *  - the alternative: the same queries as a MariaDB LIKE scan over law_articles (every term a substring, ranked in
 *    the process by occurrences and title matches) — latency at both sizes and relevance on the seed library.
 * Latencies are the search service path (scope, synonyms, freshness check, engine, snippets, search log) without
 * HTTP; `laws.http.*` times a sample through the api (auth, validation, JSON) on the seed library.
 * Synthetic rows are inserted in bulk (core/db/bulk-write.ts): the point is searching at scale, not uploading.
 */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { LAW_DOC_TYPES, type LawDocType, type LawSearchQuery } from '@yuanan/contracts';
import { articleKey, articleLabel, parseLawQuery, parseLawText, type ParsedArticle } from '@yuanan/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { runInScope } from '../../api/src/core/context/request-scope.ts';
import { insertRows, type SqlValue } from '../../api/src/core/db/bulk-write.ts';
import { uuidv7 } from '../../api/src/core/db/ids.ts';
import { tenantEm, type Em } from '../../api/src/core/db/orm.ts';
import { createTestEnv, platformOperator, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { DEFAULT_REGULATIONS_DIR } from '../../api/src/modules/laws/law-import.ts';
import { LawSynonymGroup } from '../../api/src/modules/laws/law.entity.ts';
import { LawSearchService } from '../../api/src/modules/laws/search/law-search.service.ts';
import { RELEVANCE_SET, RELEVANCE_SYNONYMS } from '../../api/src/modules/laws/search/relevance-set.ts';
import { seedDemoLaws, seedPlatformLaws } from '../../api/src/cli/demo/demo-laws.ts';
import { figure, percentile, withPeakMemory } from './lib.ts';
import { rng } from './seed.ts';

const DOCS = Number(process.env.BENCH_LAW_DOCS ?? 5000);
/** Passes over the query set for the latency figures (after one warm-up pass): seed library, synthetic library. */
const PASSES = Number(process.env.BENCH_LAW_PASSES ?? 3);
const SYNTH_PASSES = Number(process.env.BENCH_LAW_SYNTH_PASSES ?? 1);
/** Queries of the LIKE alternative on the synthetic library (a full scan each; the seed library runs them all). */
const LIKE_SAMPLE = Number(process.env.BENCH_LAW_LIKE_SAMPLE ?? 40);
const DIR = process.env.REGULATIONS_DIR ?? DEFAULT_REGULATIONS_DIR;

const env = await createTestEnv({ env: { LOG_LEVEL: 'warn' } });
const c = env.api.c;
const s = env.api.services;
const mb = (bytes: number) => bytes / 2 ** 20;
const scopeOf = (tenantId: string, em: Em, action = 'bench.laws') => ({
  requestId: 'bench',
  tenantId,
  em,
  actor: null,
  ip: null,
  userAgent: 'bench',
  action,
});

// The api's own index follows every write (its refresh hook): kept out while this process builds and measures its
// own indexes, so two builds never share the event loop; put back for the HTTP sample (its index builds on warm-up).
const apiHooks = s.laws.service.indexHooks.splice(0);

// ------------------------------------------------------------------------------------------------ the seed library
const platform = await platformOperator(env);
const zone = await zoneWithAdmin(env, 'lawbench', '基准园区');
const pem = tenantEm(c.orm, platform.tenantId);
const zem = tenantEm(c.orm, zone.tenant.id);
const imported = performance.now();
await runInScope(scopeOf(platform.tenantId, pem, 'demo.seed'), () => seedPlatformLaws(c, s, pem, DIR));
figure('laws.seed.import', performance.now() - imported, 'ms', { what: '14 texts parsed and written to MariaDB (demo import)' });
await runInScope(scopeOf(zone.tenant.id, zem, 'demo.seed'), async () => {
  await seedDemoLaws(s, zem, '基准园区');
  // The relevance set's groups as the zone's own (the platform's demo groups cover most of them already).
  for (const terms of RELEVANCE_SYNONYMS) zem.create(LawSynonymGroup, { terms, note: 'bench' } as never);
  await zem.flush();
});

/** The query set: each relevance query; with a status / type filter; without spaces; short single terms. */
const SHORT = [
  '隐患',
  '事故隐患',
  '应急预案',
  '危化品',
  '动火',
  '特种作业',
  '特殊作业',
  '有限空间',
  '主要负责人',
  '消防',
  '职业病',
  '罚款',
  '安全生产责任制',
  '安全培训',
  '特种设备',
  '重大事故隐患',
  '安全生产法',
  '消防法 第十六条',
  '第二十一条',
  '41条',
];
const QUERIES: Array<{ q: string } & Omit<LawSearchQuery, 'q' | 'page' | 'pageSize'>> = [
  ...RELEVANCE_SET.map((r) => ({ q: r.q })),
  ...RELEVANCE_SET.map((r) => ({ q: r.q, status: 'in_force' as const })),
  ...RELEVANCE_SET.filter((_, i) => i % 2 === 0).map((r) => ({
    q: r.q,
    type: ['law', 'administrative_regulation'] as LawDocType[],
  })),
  ...RELEVANCE_SET.filter((r) => /\s/.test(r.q)).map((r) => ({ q: r.q.replace(/\s+/g, '') })),
  ...SHORT.map((q) => ({ q })),
];

async function measure(svc: LawSearchService, label: string, passes = PASSES): Promise<void> {
  const run = (q: (typeof QUERIES)[number]) => svc.search(zem, { ...q, page: 1, pageSize: 20 } as LawSearchQuery);
  await runInScope(scopeOf(zone.tenant.id, zem), async () => {
    for (const q of QUERIES) await run(q); // warm-up
    const times: number[] = [];
    const totals: number[] = [];
    const slow: Array<{ q: string; ms: number; total: number }> = [];
    for (let p = 0; p < passes; p++)
      for (const q of QUERIES) {
        const t = performance.now();
        const r = await run(q);
        const took = performance.now() - t;
        times.push(took);
        totals.push(r.total);
        slow.push({ q: JSON.stringify(q), ms: Math.round(took * 10) / 10, total: r.total });
      }
    times.sort((a, b) => a - b);
    // The slowest queries (what the p95/p99 are made of), to see where time goes.
    slow.sort((a, b) => b.ms - a.ms);
    figure(`laws.${label}.search.slowest`, slow[0]?.ms ?? 0, 'ms', { top: slow.slice(0, 10) });
    const extra = {
      load1: loadavg()[0]!.toFixed(1),
      queries: QUERIES.length,
      samples: times.length,
      meanHits: Math.round(totals.reduce((a, b) => a + b, 0) / totals.length),
    };
    figure(`laws.${label}.search.p50`, percentile(times, 50), 'ms', extra);
    figure(`laws.${label}.search.p95`, percentile(times, 95), 'ms', { ...extra, goal: 50 });
    figure(`laws.${label}.search.p99`, percentile(times, 99), 'ms', extra);
    figure(`laws.${label}.search.max`, times.at(-1)!, 'ms', extra);
  });
}

/** Builds a fresh index (its own file) from MariaDB and prints time, size and memory. */
async function build(label: string): Promise<LawSearchService> {
  const before = process.memoryUsage();
  const svc = new LawSearchService(c);
  const t = performance.now();
  // The segmenter (jieba + the domain dictionary; once per process) and an empty index file.
  const { index, sync } = svc.parts;
  const opened = performance.now();
  const { peakRssMb, peakHeapMb } = await withPeakMemory(() => sync.ensureFresh());
  const ms = performance.now() - opened;
  const after = process.memoryUsage();
  figure(`laws.${label}.index.open`, opened - t, 'ms', { what: 'segmenter + empty index' });
  figure(`laws.${label}.index.build`, ms, 'ms', { ...index.stats(), load1: loadavg()[0]!.toFixed(1) });
  figure(`laws.${label}.index.file`, mb(statSync(index.file).size), 'MB', { file: index.file });
  figure(`laws.${label}.index.rss_delta`, mb(after.rss - before.rss), 'MB', {
    peakRssMb: Math.round(peakRssMb),
    rssMb: Math.round(mb(after.rss)),
  });
  figure(`laws.${label}.index.heap_delta`, mb(after.heapUsed - before.heapUsed), 'MB', { peakHeapMb: Math.round(peakHeapMb) });
  return svc;
}

/** Relevance of the FTS search on the relevance set: expected article within 1 / 3 / 5 / its `within`. */
async function relevance(svc: LawSearchService): Promise<void> {
  const ranks: number[] = [];
  let within = 0;
  await runInScope(scopeOf(zone.tenant.id, zem), async () => {
    for (const r of RELEVANCE_SET) {
      const res = await svc.search(zem, { q: r.q, page: 1, pageSize: 10 } as LawSearchQuery);
      const i = res.hits.findIndex((h) => h.documentTitle.includes(r.doc) && h.articleKey === r.article);
      ranks.push(i < 0 ? Infinity : i + 1);
      if (i >= 0 && i < r.within) within++;
    }
  });
  relevanceFigures('fts', ranks, within);
}

function relevanceFigures(engine: string, ranks: number[], within: number): void {
  const n = ranks.length;
  const at = (k: number) => (100 * ranks.filter((r) => r <= k).length) / n;
  figure(`laws.seed.relevance.${engine}.top1`, at(1), '%', { cases: n });
  figure(`laws.seed.relevance.${engine}.top3`, at(3), '%', { cases: n });
  figure(`laws.seed.relevance.${engine}.top5`, at(5), '%', { cases: n });
  figure(`laws.seed.relevance.${engine}.within_goal`, (100 * within) / n, '%', { cases: n, missed: n - within });
}

// ------------------------------------------------------------------------------ the alternative: a LIKE scan
const likeEscape = (x: string) => `%${x.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
interface LikeHit {
  title: string;
  key: string;
  score: number;
}
/**
 * The query as a MariaDB LIKE scan: every term and phrase a substring of the article or its document's title (no
 * segmentation, no synonyms), 《title》 and article numbers as conditions; the matches ranked here by occurrences
 * (+5 for a title match), top 20.
 */
async function likeSearch(q: string): Promise<LikeHit[]> {
  const p = parseLawQuery(q);
  const needles = [...p.terms, ...p.phrases];
  const where = ['a.tenant_id IN (?, ?)', 'v.deleted_at IS NULL'];
  const params: unknown[] = [zone.tenant.id, platform.tenantId];
  for (const n of needles) {
    where.push('(a.text LIKE ? OR d.title LIKE ?)');
    params.push(likeEscape(n), likeEscape(n));
  }
  if (p.titleHint) {
    where.push('d.title LIKE ?');
    params.push(likeEscape(p.titleHint));
  }
  if (p.articleRefs.length) {
    where.push(`a.article_key IN (${p.articleRefs.map(() => '?').join(', ')})`);
    params.push(...p.articleRefs.map((r) => articleKey(r.number, r.suffix)));
  }
  if (!needles.length && !p.titleHint && !p.articleRefs.length) return [];
  const rows = (await c.orm.em.getConnection().execute(
    `SELECT d.title, a.article_key AS k, a.text FROM law_articles a JOIN law_versions v ON v.id = a.version_id
       JOIN law_documents d ON d.id = v.document_id WHERE ${where.join(' AND ')}`,
    params,
    'all',
  )) as Array<{ title: string; k: string; text: string }>;
  const hits = rows.map((r) => ({
    title: r.title,
    key: r.k,
    score: needles.reduce((sum, n) => sum + r.text.split(n).length - 1 + (r.title.includes(n) ? 5 : 0), 0),
  }));
  return hits.sort((x, y) => y.score - x.score).slice(0, 20);
}

async function measureLike(label: string, queries: string[]): Promise<void> {
  for (const q of queries.slice(0, 5)) await likeSearch(q); // warm-up (buffer pool)
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await likeSearch(q);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const extra = { load1: loadavg()[0]!.toFixed(1), queries: queries.length, engine: 'MariaDB LIKE scan over law_articles' };
  figure(`laws.${label}.like.p50`, percentile(times, 50), 'ms', extra);
  figure(`laws.${label}.like.p95`, percentile(times, 95), 'ms', extra);
  figure(`laws.${label}.like.p99`, percentile(times, 99), 'ms', extra);
}

const seedIndex = await build('seed');
await measure(seedIndex, 'seed');
await relevance(seedIndex);
{
  const ranks: number[] = [];
  let within = 0;
  for (const r of RELEVANCE_SET) {
    const hits = await likeSearch(r.q);
    const i = hits.findIndex((h) => h.title.includes(r.doc) && h.key === r.article);
    ranks.push(i < 0 ? Infinity : i + 1);
    if (i >= 0 && i < r.within) within++;
  }
  relevanceFigures('like', ranks, within);
}
await measureLike(
  'seed',
  QUERIES.map((q) => q.q),
);
{
  // Through the api (HTTP, auth, validation, JSON) on the seed library: the api's own index.
  s.laws.service.indexHooks.push(...apiHooks);
  const sample = QUERIES.filter((_, i) => i % 3 === 0);
  const get = (q: string) => env.req('GET', `/api/v1/laws/search?q=${encodeURIComponent(q)}&pageSize=20`, { token: zone.token });
  for (const q of sample) await get(q.q);
  const times: number[] = [];
  for (const q of sample) {
    const t = performance.now();
    const r = await get(q.q);
    if (r.status !== 200) throw new Error(`search ${q.q}: ${r.status} ${JSON.stringify(r.body)}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  figure('laws.http.seed.search.p50', percentile(times, 50), 'ms', { queries: sample.length });
  figure('laws.http.seed.search.p95', percentile(times, 95), 'ms', { queries: sample.length });
  s.laws.service.indexHooks.splice(0);
}
seedIndex.close();

// ------------------------------------------------------------------------------------------ the synthetic library
/** The real articles and sentences the synthetic documents are recombined from. */
const realArticles: ParsedArticle[] = readdirSync(DIR)
  .filter((f) => f.endsWith(').md'))
  .flatMap((f) => parseLawText(readFileSync(join(DIR, f), 'utf8')).articles);
const sentences = realArticles.flatMap((a) => a.text.split(/(?<=[。；])/u).filter((x) => x.length >= 12 && !/^（/u.test(x)));

const REGIONS = [
  '浙江省',
  '江苏省',
  '广东省',
  '山东省',
  '上海市',
  '福建省',
  '安徽省',
  '四川省',
  '湖北省',
  '河南省',
  '金华市',
  '宁波市',
  '苏州市',
  '义乌市',
  '佛山市',
];
const TOPICS = [
  '危险化学品企业安全管理',
  '有限空间作业安全',
  '粉尘防爆安全',
  '特种设备使用管理',
  '消防安全责任',
  '安全生产责任制',
  '生产安全事故隐患排查治理',
  '生产安全事故应急预案管理',
  '职业病危害防治',
  '建设工程施工安全',
  '工贸企业安全生产',
  '仓储物流安全',
  '城镇燃气安全',
  '电气安全',
  '高处作业安全',
  '涉氨制冷企业安全',
  '锂电池生产安全',
  '安全生产培训',
  '劳动防护用品配备',
  '重大危险源监督管理',
  '安全生产费用提取和使用',
  '动火作业安全',
  '小微企业安全生产',
  '化工园区安全',
];
const ISSUERS: Record<LawDocType, string[]> = {
  law: ['全国人民代表大会常务委员会'],
  administrative_regulation: ['国务院'],
  departmental_rule: ['应急管理部', '国家市场监督管理总局', '住房和城乡建设部', '国家卫生健康委员会', '公安部'],
  national_standard: ['国家市场监督管理总局 国家标准化管理委员会'],
  industry_standard: ['应急管理部', '国家能源局', '工业和信息化部'],
  local_regulation: ['人民代表大会常务委员会', '人民政府'],
  zone_rule: ['管理委员会'],
};
const CN = ['一', '二', '三', '四', '五', '六', '七', '八'];

function titleOf(type: LawDocType, i: number, r: () => number): { title: string; issuer: string } {
  const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
  const region = REGIONS[Math.floor(r() * REGIONS.length)]!;
  const issuer = ISSUERS[type][Math.floor(r() * ISSUERS[type].length)]!;
  const year = 2000 + Math.floor(r() * 26);
  switch (type) {
    case 'law':
      return { title: `${topic.replace(/管理$|企业/u, '')}法（草案${i}）`, issuer };
    case 'administrative_regulation':
      return { title: `${topic}条例`, issuer };
    case 'departmental_rule':
      return { title: `${topic}${r() < 0.5 ? '规定' : '办法'}`, issuer };
    case 'national_standard':
      return { title: `GB ${30000 + i}—${year} ${topic}规范`, issuer };
    case 'industry_standard':
      return { title: `AQ ${3000 + i}—${year} ${topic}规程`, issuer };
    case 'local_regulation':
      return { title: `${region}${topic}条例`, issuer: `${region}${issuer}` };
    default:
      return { title: `${region}第${i}号园区${topic}制度`, issuer: `${region}第${i}号园区${issuer}` };
  }
}

/** One article's paragraphs: a real article (70%), or 1–3 paragraphs of 1–3 real sentences each. */
function articleBody(r: () => number): Array<{ text: string; items: Array<{ label: string; text: string }> }> {
  if (r() < 0.7) return realArticles[Math.floor(r() * realArticles.length)]!.paragraphs;
  const n = 1 + Math.floor(r() * 3);
  return Array.from({ length: n }, () => ({
    text: Array.from({ length: 1 + Math.floor(r() * 3) }, () => sentences[Math.floor(r() * sentences.length)]!).join(''),
    items: [],
  }));
}
const plain = (ps: Array<{ text: string; items: Array<{ label: string; text: string }> }>) =>
  ps.map((p) => [p.text, ...p.items.map((it) => `${it.label}${it.text}`)].filter(Boolean).join('\n')).join('\n');
const sha = (x: string) => createHash('sha256').update(x).digest('hex');
const day = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

async function insertSynthetic(): Promise<{ documents: number; versions: number; articles: number; chars: number }> {
  const r = rng(13);
  const tid = platform.tenantId;
  const now = new Date();
  let versions = 0;
  let articles = 0;
  let chars = 0;
  const BATCH = 100;
  for (let start = 0; start < DOCS; start += BATCH) {
    const docRows: Array<Record<string, SqlValue>> = [];
    const verRows: Array<Record<string, SqlValue>> = [];
    const artRows: Array<Record<string, SqlValue>> = [];
    for (let i = start; i < Math.min(DOCS, start + BATCH); i++) {
      const type = LAW_DOC_TYPES[Math.floor(r() ** 1.5 * LAW_DOC_TYPES.length)]!;
      const { title, issuer } = titleOf(type, i, r);
      const docId = uuidv7();
      const year = 1995 + Math.floor(r() * 31);
      const repealed = r() < 0.05 ? day(Math.min(2026, year + 1 + Math.floor(r() * 8)), 1, 1) : null;
      docRows.push({
        id: docId,
        tenant_id: tid,
        title,
        doc_type: type,
        issuing_body: issuer,
        doc_number: null,
        repealed_on: repealed,
        created_at: now,
        updated_at: now,
        version: 1,
      });
      const nArticles = 20 + Math.floor(r() * 61);
      const chapters = 3 + Math.floor(r() * 6);
      let body = Array.from({ length: nArticles }, () => articleBody(r));
      // 15% have a second version (about 10% of its articles changed), 2% not yet effective.
      const nVersions = r() < 0.15 ? 2 : 1;
      for (let vi = 0; vi < nVersions; vi++) {
        if (vi > 0) body = body.map((b) => (r() < 0.1 ? articleBody(r) : b));
        const effective =
          vi === 0 ? day(year, 1 + Math.floor(r() * 12), 1) : day(Math.min(2027, year + 2 + Math.floor(r() * 10)), 7, 1);
        const versionId = uuidv7();
        const per = Math.ceil(nArticles / chapters);
        const structure = Array.from({ length: chapters }, (_, ch) => {
          const first = ch * per + 1;
          const last = Math.min(nArticles, (ch + 1) * per);
          return {
            kind: 'chapter',
            label: `第${CN[ch]}章`,
            title: `第${ch + 1}部分`,
            heading: `第${CN[ch]}章 第${ch + 1}部分`,
            firstKey: String(first),
            lastKey: String(last),
            children: [],
          };
        }).filter((n) => Number(n.firstKey) <= nArticles);
        verRows.push({
          id: versionId,
          tenant_id: tid,
          document_id: docId,
          label: `${effective.slice(0, 4)}年版`,
          title,
          doc_number: null,
          promulgated_on: effective,
          effective_on: effective,
          preface: '',
          structure: JSON.stringify(structure),
          article_count: nArticles,
          source_format: 'markdown',
          source_sha256: sha(`${docId}:${vi}`),
          created_by: null,
          created_by_name: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        });
        versions++;
        body.forEach((ps, k) => {
          const text = plain(ps);
          chars += text.length;
          artRows.push({
            id: uuidv7(),
            tenant_id: tid,
            version_id: versionId,
            ordinal: k,
            number: k + 1,
            suffix: 0,
            article_key: String(k + 1),
            label: articleLabel(k + 1, 0),
            path: JSON.stringify([structure[Math.min(structure.length - 1, Math.floor(k / per))]!.heading]),
            paragraphs: JSON.stringify(ps),
            text,
            text_hash: sha(text.replace(/\s+/gu, '')),
            created_at: now,
            updated_at: now,
          });
        });
        articles += nArticles;
      }
    }
    await insertRows(pem, 'law_documents', docRows, 500);
    await insertRows(pem, 'law_versions', verRows, 200);
    await insertRows(pem, 'law_articles', artRows, 500);
  }
  return { documents: DOCS, versions, articles, chars };
}

const t0 = performance.now();
const synth = await insertSynthetic();
figure('laws.synthetic.insert', performance.now() - t0, 'ms', {
  ...synth,
  note: 'bulk SQL into MariaDB, not part of the index build',
});
const bigIndex = await build('synthetic');
await measure(bigIndex, 'synthetic', SYNTH_PASSES);
{
  // Catch-up after one new version written through the service (the zone's 危险作业管理规定 amended again).
  const doc = (await zem
    .getConnection()
    .execute(
      "SELECT id FROM law_documents WHERE tenant_id = ? AND title LIKE '%危险作业管理规定'",
      [zone.tenant.id],
      'all',
    )) as Array<{ id: string }>;
  await runInScope(scopeOf(zone.tenant.id, zem), () =>
    s.laws.service.addVersion(zem, doc[0]!.id, {
      label: '2026年修正',
      effectiveOn: '2026-09-01',
      format: 'markdown',
      text: '# 基准园区危险作业管理规定\n\n第一条 为了规范危险作业，制定本规定。\n\n第二条 动火作业应当办理作业票，作业前进行气体检测。\n',
    }),
  );
  const t = performance.now();
  await bigIndex.refresh();
  figure('laws.synthetic.index.catch_up', performance.now() - t, 'ms', { what: 'refresh after one new version' });
}
await measureLike(
  'synthetic',
  QUERIES.filter((_, i) => i % Math.max(1, Math.floor(QUERIES.length / LIKE_SAMPLE)) === 0)
    .map((q) => q.q)
    .slice(0, LIKE_SAMPLE),
);
bigIndex.close();
await env.close();
process.exit(0);
