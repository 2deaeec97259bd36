import { isFlaggedCitationState, type LawCitationRef, type ResolvedLawCitation } from '@yuanan/contracts';
import type { Em } from '../../core/db/orm.ts';

/**
 * What the hazards and inspections modules need of the law library's citation service (laws/law-citation.service.ts,
 * `c.lawCitations`), typed here by its shape so these modules do not depend on the laws module's internals:
 * - `validate`: every ref exists and is visible to the zone (its own documents and the platform's), else 422
 *   `law_citation_not_found` naming the bad ref;
 * - `resolve`: the refs in the same order, resolved as of `asOf` (YYYY-MM-DD, default today) — document, article
 *   label and text, state (in_force / amended / amended_unchanged / repealed / not_yet_effective / missing);
 * - `sync`: replaces the reverse-index rows (`law_citations`) of one citing record, in the caller's transaction.
 */
export interface LawCitationPort {
  validate(em: Em, refs: readonly LawCitationRef[]): Promise<void>;
  resolve(em: Em, refs: readonly LawCitationRef[], asOf?: string): Promise<ResolvedLawCitation[]>;
  sync(
    em: Em,
    sourceType: 'hazard' | 'checklist_item',
    sourceId: string,
    sourceLabel: string,
    refs: readonly LawCitationRef[],
  ): Promise<void>;
}

/** The same article once, in the order first cited. */
export function distinctRefs(refs: readonly LawCitationRef[]): LawCitationRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.versionId}#${r.articleKey}`;
    return !seen.has(k) && !!seen.add(k);
  });
}

/**
 * Per hazard: whether one of its cited articles needs a second look (引用待复核: amended, repealed or missing as of
 * today). One resolve for the distinct refs of all the rows; rows without citations are false without a read.
 */
export async function citationFlags(
  em: Em,
  port: LawCitationPort | null,
  rows: ReadonlyArray<{ id: string; citations?: LawCitationRef[] | null }>,
): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  const cited = rows.filter((r) => r.citations?.length);
  if (!port || !cited.length) return out;
  const refs = distinctRefs(cited.flatMap((r) => r.citations!));
  const flagged = new Set<string>();
  // The resolve route takes 50 at a time; the service is called in the same slices (a page of 200 hazards × 10).
  for (let i = 0; i < refs.length; i += 50)
    for (const c of await port.resolve(em, refs.slice(i, i + 50)))
      if (isFlaggedCitationState(c.state)) flagged.add(`${c.versionId}#${c.articleKey}`);
  for (const r of cited)
    out.set(
      r.id,
      r.citations!.some((c) => flagged.has(`${c.versionId}#${c.articleKey}`)),
    );
  return out;
}
