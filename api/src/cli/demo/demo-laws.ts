/**
 * The demo's law library (法律法规, issue 13):
 * - the platform library: the national texts of ../shared/regulations (REGULATIONS_DIR; skipped with a warning when
 *   the directory is missing) and the synonym groups people of this field use interchangeably (隐患/事故隐患,
 *   危化品/危险化学品, …; 特种作业 and 特殊作业 are NOT grouped — they are different things);
 * - each zone: its own documents (安全生产管理办法 2024 and its 2026 revision, 危险作业管理规定 with 第八条之一) and a
 *   synonym group of its own words (安监局/园区安监局);
 * - citations: the zone's hazards and checklist templates that name a legal basis in free text (《安全生产法》第四十三条)
 *   get the matching article references (resolved like the admin's 识别 button), hot-work hazards cite the zone's
 *   危险作业管理规定, and one open hazard cites an article of the zone's superseded 2024 text — flagged 已修订 on it.
 * Idempotent: documents are found by title (versions by the text's sha256 in the library's import), records that
 * already cite something are left alone.
 */
import { existsSync } from 'node:fs';
import type { LawCitationRef } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import type { Em } from '../../core/db/orm.ts';
import type { Services } from '../../modules/index.ts';
import { Hazard } from '../../modules/hazards/hazard.entity.ts';
import { InspectionTemplate } from '../../modules/inspections/inspection.entity.ts';
import { LawCitation, LawDocument, LawSynonymGroup, LawVersion, LawArticle } from '../../modules/laws/law.entity.ts';
import { DEFAULT_REGULATIONS_DIR, textSha256 } from '../../modules/laws/law-import.ts';
import { DEFAULT_SYNONYM_GROUPS } from '../../modules/laws/search/default-synonyms.ts';
import { checkTerms } from '../../modules/laws/search/synonym.service.ts';
import { demoZoneLawDocuments } from './demo-law-texts.ts';

/** The platform's groups (the product's defaults: the demo seeds them like the first import does). */
export const DEMO_SYNONYM_GROUPS = DEFAULT_SYNONYM_GROUPS;

/** The zone's own group: how its people name the administration. */
const ZONE_SYNONYMS = { terms: ['安监局', '园区安监局', '安全生产监督管理局'], note: '园区安全生产监督管理局的简称' };

/** What the platform part did. */
export interface DemoPlatformLawReport {
  /** False when the regulations directory is missing (nothing imported). */
  imported: boolean;
  documents: number;
  files: { imported: number; skipped: number; failed: number };
  synonymGroups: number;
}

/** What one zone's part did. */
export interface DemoLawReport {
  documents: number;
  versions: number;
  hazardsCiting: number;
  templatesCiting: number;
  /** The hazard that cites the superseded 2024 text (flagged), by code. */
  flaggedHazard: string | null;
}

/** Adds the groups not there yet (by their first term), through the same term checks as the synonyms editor. */
async function seedSynonyms(em: Em, groups: ReadonlyArray<{ terms: string[]; note: string }>): Promise<number> {
  const have = new Set((await em.find(LawSynonymGroup, {})).map((g) => g.terms[0]));
  for (const g of groups)
    if (!have.has(g.terms[0])) em.create(LawSynonymGroup, { terms: checkTerms(g.terms), note: g.note || null } as never);
  await em.flush();
  return em.count(LawSynonymGroup, {});
}

/**
 * The platform library (`em` = the platform tenant's, inside a scope): the seed texts and the synonym groups.
 * `dir` defaults to REGULATIONS_DIR, else ../shared/regulations; a missing directory is a warning, not a failure.
 */
export async function seedPlatformLaws(c: Container, s: Services, em: Em, dir?: string): Promise<DemoPlatformLawReport> {
  const from = dir ?? c.config.REGULATIONS_DIR ?? DEFAULT_REGULATIONS_DIR;
  let files = { imported: 0, skipped: 0, failed: 0 };
  const imported = existsSync(from);
  if (imported) {
    const r = await s.laws.service.importRegulationDir(em, from);
    files = { imported: r.imported.length, skipped: r.skipped.length, failed: r.failed.length };
    if (r.failed.length) c.logger.warn({ failed: r.failed }, 'demo laws: some seed texts did not import');
  } else c.logger.warn({ dir: from }, 'demo laws: no regulations directory, the platform library stays empty');
  const synonymGroups = await seedSynonyms(em, DEMO_SYNONYM_GROUPS);
  return { imported, documents: await em.count(LawDocument, {}), files, synonymGroups };
}

/** The zone's documents by key, created (document + first version) or completed (missing versions added). */
async function seedZoneDocuments(s: Services, em: Em, zoneName: string): Promise<Map<string, LawVersion[]>> {
  const out = new Map<string, LawVersion[]>();
  for (const d of demoZoneLawDocuments(zoneName)) {
    let doc = await em.findOne(LawDocument, { title: d.title });
    for (const v of d.versions) {
      const body = {
        label: v.label,
        promulgatedOn: v.promulgatedOn,
        effectiveOn: v.effectiveOn,
        format: 'markdown' as const,
        text: v.text,
      };
      if (!doc) {
        const r = await s.laws.service.createDocument(em, {
          title: d.title,
          docType: 'zone_rule',
          issuingBody: d.issuingBody,
          docNumber: d.docNumber,
          version: body,
        });
        doc = await em.findOneOrFail(LawDocument, { id: r.documentId });
        continue;
      }
      if (!(await hasText(em, doc.id, v.text))) await s.laws.service.addVersion(em, doc.id, body);
    }
    out.set(d.key, await em.find(LawVersion, { documentId: doc!.id, deletedAt: null }, { orderBy: { effectiveOn: 'asc' } }));
  }
  return out;
}

const hasText = async (em: Em, documentId: string, text: string) =>
  (await em.count(LawVersion, { documentId, sourceSha256: textSha256(text), deletedAt: null })) > 0;

/** The key of the article of `versionId` whose text starts with `start` (the demo texts are ours: it exists). */
async function keyOf(em: Em, versionId: string, start: string): Promise<string> {
  const rows = await em.find(LawArticle, { versionId }, { fields: ['articleKey', 'text'], orderBy: { ordinal: 'asc' } });
  const hit = rows.find((a) => a.text.startsWith(start));
  if (!hit) throw new Error(`demo laws: no article starting ${start} in version ${versionId}`);
  return hit.articleKey;
}

/** Free-text legal bases → refs, each distinct text resolved once. */
function textResolver(s: Services, em: Em): (text: string | null | undefined) => Promise<LawCitationRef[]> {
  const cache = new Map<string, LawCitationRef[]>();
  return async (text) => {
    if (!text) return [];
    let refs = cache.get(text);
    if (!refs) {
      const found = await s.lawCitations.resolveText(em, text);
      refs = found.flatMap((f) => (f.ref ? [f.ref] : []));
      cache.set(text, refs);
    }
    return refs;
  };
}

/** The zone's hazards: legal basis → citations; hot work → 危险作业管理规定; one open hazard → the 2024 text. */
async function citeOnHazards(
  s: Services,
  em: Em,
  docs: Map<string, LawVersion[]>,
  resolve: (text: string | null | undefined) => Promise<LawCitationRef[]>,
): Promise<{ citing: number; flagged: string | null }> {
  const rules2024 = docs.get('safety-rules')![0]!;
  const work = docs.get('hazardous-work')!.at(-1)!;
  const hotWork = [
    { versionId: work.id, articleKey: await keyOf(em, work.id, '动火作业区域应当清除') },
    { versionId: work.id, articleKey: await keyOf(em, work.id, '节假日、夜间') },
  ];
  let flagged: string | null = null;
  const flaggedRef = { versionId: rules2024.id, articleKey: await keyOf(em, rules2024.id, '企业应当每季度至少组织一次全面') };
  const already = await em.findOne(LawCitation, { sourceType: 'hazard', versionId: rules2024.id });
  if (already) flagged = (await em.findOne(Hazard, { id: already.sourceId }, { fields: ['code'] }))?.code ?? null;
  let hot = 0;
  await em.transactional(async (tx) => {
    for (const h of await tx.find(Hazard, {}, { orderBy: { code: 'asc' } })) {
      if (h.citations?.length) continue;
      let refs = await resolve(h.legalBasis);
      if (!refs.length && hot < 6 && /动火|焊接|切割/.test(h.description)) {
        refs = hotWork;
        hot++;
      }
      // An open hazard about 隐患排查 records — filed under the 2024 text, which the 2026 revision changed.
      if (!flagged && !refs.length && h.status !== 'closed' && h.status !== 'dismissed') {
        refs = [flaggedRef];
        flagged = h.code;
      }
      if (!refs.length) continue;
      h.citations = refs.slice(0, 10);
      await s.lawCitations.sync(tx, 'hazard', h.id, `${h.code} ${h.description}`.slice(0, 200), h.citations);
    }
  });
  return { citing: await em.count(LawCitation, { sourceType: 'hazard' }), flagged };
}

/** The zone's checklist templates in use: each item's legal basis → citations (≤ 5), reverse index per template version. */
async function citeOnTemplates(
  s: Services,
  em: Em,
  resolve: (text: string | null | undefined) => Promise<LawCitationRef[]>,
): Promise<number> {
  await em.transactional(async (tx) => {
    for (const row of await tx.find(InspectionTemplate, { status: { $ne: 'retired' } })) {
      let changed = false;
      const sections = row.sections.map((sec) => ({ ...sec, items: [...sec.items] }));
      for (const sec of sections)
        for (const [i, it] of sec.items.entries()) {
          if (it.citations?.length || !it.legalBasis) continue;
          const refs = await resolve(it.legalBasis);
          if (!refs.length) continue;
          sec.items[i] = { ...it, citations: refs.slice(0, 5) };
          changed = true;
        }
      if (!changed) continue;
      row.sections = sections;
      const seen = new Set<string>();
      const all = sections
        .flatMap((sec) => sec.items.flatMap((it) => it.citations ?? []))
        .filter((r) => !seen.has(`${r.versionId}#${r.articleKey}`) && !!seen.add(`${r.versionId}#${r.articleKey}`));
      // Labelled like TemplateService does on publish: 名称（第N版）.
      await s.lawCitations.sync(tx, 'checklist_item', row.id, `${row.name}（第${row.version}版）`.slice(0, 200), all);
    }
  });
  return em.count(LawCitation, { sourceType: 'checklist_item' });
}

/**
 * One zone's part (`em` = the zone's, inside the seed's scope; the platform library seeded first): its documents,
 * its synonym group, and the citations on its hazards and templates.
 */
export async function seedDemoLaws(s: Services, em: Em, zoneName: string): Promise<DemoLawReport> {
  const docs = await seedZoneDocuments(s, em, zoneName);
  await seedSynonyms(em, [ZONE_SYNONYMS]);
  const resolve = textResolver(s, em);
  const hazards = await citeOnHazards(s, em, docs, resolve);
  const templatesCiting = await citeOnTemplates(s, em, resolve);
  return {
    documents: docs.size,
    versions: [...docs.values()].reduce((n, v) => n + v.length, 0),
    hazardsCiting: hazards.citing,
    templatesCiting,
    flaggedHazard: hazards.flagged,
  };
}
