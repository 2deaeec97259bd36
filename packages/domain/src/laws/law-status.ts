/**
 * Status of a law's version as of a date — computed, never stored.
 *
 * Source: 《中华人民共和国立法法》 — a law takes effect on the date it states (法律应当明确规定施行日期); an amended or revised text replaces the former one on its own effective date; a repealed document is
 * no longer in force from its repeal date. Dates are calendar days 'YYYY-MM-DD' (China time), compared as strings.
 */

/**
 * `in_force` 现行有效, `amended` 已修订 (a later version is in force), `repealed` 已废止, `not_yet_effective` 尚未施行,
 * `not_in_library` 未收录当时版本 (before the earliest stored version, which is an amendment: an older text was in
 * force then, just not in the library).
 */
export type LawStatus = 'in_force' | 'amended' | 'repealed' | 'not_yet_effective' | 'not_in_library';

/** What status needs of a version: its id, effective date 'YYYY-MM-DD', and whether it was (soft-)deleted. */
export interface LawVersionDates {
  id: string;
  effectiveOn: string;
  deletedAt?: string | Date | null;
}

const live = (versions: readonly LawVersionDates[]) => versions.filter((v) => v.deletedAt == null);

/**
 * The version in force on `date`: the live version with the latest effective date on or before it (ties: the
 * later one in the list); null when none has taken effect yet or the document is repealed on or before `date`
 * (`repealedOn` is the first day it no longer applies).
 */
export function versionInForceOn(versions: readonly LawVersionDates[], repealedOn: string | null, date: string): string | null {
  if (repealedOn !== null && repealedOn <= date) return null;
  let best: LawVersionDates | null = null;
  for (const v of live(versions)) if (v.effectiveOn <= date && (best === null || v.effectiveOn >= best.effectiveOn)) best = v;
  return best?.id ?? null;
}

/**
 * Status of version `versionId` on `date`: before its effective date `not_yet_effective` — unless the date is
 * before every stored version and the earliest stored version is not the original text
 * (`opts.earliestIsOriginal === false`, see `isOriginalText`): then `not_in_library` (an older text, not stored,
 * was in force); `repealed` from the document's repeal date; `in_force` when it is the version in force; else
 * `amended` (a later version took effect). `earliestIsOriginal` defaults to true (a zone's own documents).
 * @throws RangeError when `versionId` is not one of the live `versions`.
 */
export function versionStatusOn(
  versions: readonly LawVersionDates[],
  repealedOn: string | null,
  versionId: string,
  date: string,
  opts: { earliestIsOriginal?: boolean } = {},
): LawStatus {
  const all = live(versions);
  const v = all.find((x) => x.id === versionId);
  if (!v) throw new RangeError(`unknown law version ${versionId}`);
  if (date < v.effectiveOn) {
    const beforeAll = all.every((x) => date < x.effectiveOn);
    return beforeAll && opts.earliestIsOriginal === false ? 'not_in_library' : 'not_yet_effective';
  }
  if (repealedOn !== null && repealedOn <= date) return 'repealed';
  return versionInForceOn(versions, repealedOn, date) === versionId ? 'in_force' : 'amended';
}

/**
 * The day version `versionId` stopped being the one in force because a later version took effect (that version's
 * effective date), or null when no later live version exists. Does not consider the repeal date.
 */
export function versionSupersededOn(versions: readonly LawVersionDates[], versionId: string): string | null {
  const all = live(versions);
  const i = all.findIndex((x) => x.id === versionId);
  if (i < 0) return null;
  const v = all[i]!;
  let next: string | null = null;
  all.forEach((x, j) => {
    // A later version, or one of the same date later in the list (that one wins the tie in versionInForceOn).
    const later = x.effectiveOn > v.effectiveOn || (x.effectiveOn === v.effectiveOn && j > i);
    if (later && (next === null || x.effectiveOn < next)) next = x.effectiveOn;
  });
  return next;
}
