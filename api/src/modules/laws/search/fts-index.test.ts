/**
 * The index's bounded search (issue 13, search at scale), on an in-memory index (no MariaDB): a word found in more
 * articles than MAX_CANDIDATES is counted up to the cap and says so; the scan reads in force laws first (rowid tiers),
 * so a big library's older or repealed texts cannot crowd the texts in force out of the candidates; a version whose
 * status changes (a new version, a repeal, its effective date passing) moves to its tier.
 */
import { LawFtsIndex, MAX_CANDIDATES, versionTier, type IndexFilters } from './fts-index.ts';
import { segmenter } from './segmenter.ts';

const T = 'tenant-platform';
const filters = (over: Partial<IndexFilters> = {}): IndexFilters => ({ tenantIds: [T], asOf: '2026-12-01', ...over });
const MATCH = '{title lead body terms} : ("隐患")';

let index: LawFtsIndex;
beforeEach(() => {
  index = new LawFtsIndex(segmenter(), { memory: true });
});
afterEach(() => index.close());

function put(id: string, opts: { docType?: string; repealedOn?: string | null; effectiveOn?: string; articles?: number } = {}) {
  index.putDocument({
    id,
    tenantId: T,
    title: `${id}管理规定`,
    docType: opts.docType ?? 'departmental_rule',
    issuingBody: '应急管理部',
    repealedOn: opts.repealedOn ?? null,
    updatedMs: 1,
  });
  const n = opts.articles ?? 3;
  index.putVersion(
    { id: `${id}-v1`, documentId: id, tenantId: T, label: '版', effectiveOn: opts.effectiveOn ?? '2020-01-01', updatedMs: 1 },
    Array.from({ length: n }, (_, i) => ({
      key: String(i + 1),
      label: `第${i + 1}条`,
      ordinal: i,
      path: [],
      text: `生产经营单位应当建立事故隐患排查治理制度，第${i + 1}项。`,
    })),
  );
}

test('a word in more articles than the cap: total stops at MAX_CANDIDATES and is marked capped; a narrow one is exact', () => {
  put('甲', { articles: MAX_CANDIDATES + 50 });
  const broad = index.rows(MATCH, filters(), 20);
  expect(broad.total).toBe(MAX_CANDIDATES);
  expect(broad.capped).toBe(true);
  expect(broad.rows).toHaveLength(20);
  const narrow = index.rows(MATCH, filters({ articleKeys: undefined, phrases: ['第7项'] }), 20);
  expect(narrow.capped).toBe(false);
  expect(narrow.total).toBe(1);
  expect(narrow.rows[0]!.articleKey).toBe('7');
});

test('the scan reads in force laws first: repealed and not yet effective texts written earlier do not crowd them out', () => {
  // Written first (lower sequence numbers): a repealed rule big enough to fill the candidates alone, a future one.
  put('旧', { repealedOn: '2021-01-01', articles: MAX_CANDIDATES });
  put('新', { effectiveOn: '2030-01-01' });
  put('法', { docType: 'law' });
  const r = index.rows(MATCH, filters(), 5);
  expect(r.capped).toBe(true);
  expect(r.rows.map((x) => x.status)).toEqual(['in_force', 'in_force', 'in_force', 'not_yet_effective', 'not_yet_effective']);
  expect(r.rows[0]!.documentId).toBe('法');
  // A status filter reads only that status (exact: computed per candidate), whatever the tier.
  const repealed = index.rows(MATCH, filters({ status: 'repealed' }), 5);
  expect(repealed.rows.every((x) => x.documentId === '旧' && x.status === 'repealed')).toBe(true);
});

test('a repeal and a new day move a version to its tier; a tenant outside the filter is never read', () => {
  put('甲', { docType: 'law', effectiveOn: '2099-01-01' });
  put('乙', { docType: 'law' });
  // 甲 is not yet effective (tier 2): 乙 first.
  expect(index.rows(MATCH, filters(), 1).rows[0]!.documentId).toBe('乙');
  // The day its effective date passes, 甲 joins tier 0 (by sequence it was written first).
  index.retierIfNewDay(new Date('2099-01-02T00:00:00Z'));
  const later = index.rows(MATCH, filters({ asOf: '2099-01-02' }), 6);
  expect(later.rows.map((x) => x.status)).toEqual(Array(6).fill('in_force'));
  // 乙 repealed: its rows go to tier 3, after 甲's.
  index.putDocument({
    id: '乙',
    tenantId: T,
    title: '乙管理规定',
    docType: 'law',
    issuingBody: '应急管理部',
    repealedOn: '2099-01-01',
    updatedMs: 2,
  });
  const after = index.rows(MATCH, filters({ asOf: '2099-01-02' }), 6);
  expect(after.rows.map((x) => x.documentId)).toEqual(['甲', '甲', '甲', '乙', '乙', '乙']);
  expect(after.rows.at(-1)!.status).toBe('repealed');
  expect(index.rows(MATCH, filters({ tenantIds: ['other'] }), 5).total).toBe(0);
  expect(index.rows(MATCH, filters({ tenantIds: [] }), 5).total).toBe(0);
});

test('versionTier: in force law 0, other in force 1, not yet effective 2, amended or repealed 3', () => {
  const law = { docType: 'law', repealedOn: null };
  expect(versionTier({ effectiveOn: '2020-01-01', supersededOn: null }, law, '2026-12-01')).toBe(0);
  expect(versionTier({ effectiveOn: '2020-01-01', supersededOn: null }, { ...law, docType: 'zone_rule' }, '2026-12-01')).toBe(1);
  expect(versionTier({ effectiveOn: '2027-01-01', supersededOn: null }, law, '2026-12-01')).toBe(2);
  expect(versionTier({ effectiveOn: '2020-01-01', supersededOn: '2026-12-01' }, law, '2026-12-01')).toBe(3);
  expect(versionTier({ effectiveOn: '2020-01-01', supersededOn: null }, { ...law, repealedOn: '2026-01-01' }, '2026-12-01')).toBe(
    3,
  );
});

test('hasToken: known, unknown, and gone once its only article is removed', () => {
  put('甲');
  expect(index.hasToken('隐患', [T])).toBe(true);
  // Another tenant's words are not known to this one.
  expect(index.hasToken('隐患', ['tenant-other'])).toBe(false);
  expect(index.hasToken('不存在的词', [T])).toBe(false);
  index.removeVersion('甲-v1');
  expect(index.hasToken('隐患', [T])).toBe(false);
});

test("a new index removes the files of dead processes' indexes, not a live one's", async () => {
  const { mkdtempSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'law-index-'));
  try {
    // A pid that has surely exited: a child process that already ran.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = join(dir, `yuanan-laws-${dead}-0a1b2c3d.sqlite`);
    const live = join(dir, `yuanan-laws-${process.ppid}-0a1b2c3d.sqlite`);
    const other = join(dir, 'notes.sqlite');
    for (const f of [orphan, live, other]) writeFileSync(f, '');
    const fresh = new LawFtsIndex(segmenter(), { dir });
    expect([existsSync(orphan), existsSync(live), existsSync(other), existsSync(fresh.file)]).toEqual([false, true, true, true]);
    fresh.close();
    expect(existsSync(fresh.file)).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
