/**
 * Article-level comparison of two versions of one law (修正/修订前后条文对照), with a character diff for changed
 * articles. Uses jsdiff (`diff`) for the sequence alignment and the character diff.
 */
import { diffArrays, diffChars } from 'diff';

/** An article to compare: its key ('5', '5-1') and plain text (without the label). */
export interface DiffArticle {
  key: string;
  text: string;
}

/** A piece of a character diff: unchanged text, or text only in the new version (added) or only in the old (removed). */
export interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/**
 * One row of the comparison:
 * - `same`: identical text (the keys may differ when the article was renumbered);
 * - `changed`: the same article with edits (similarity ≥ 0.5), `parts` = character diff old → new;
 * - `added` (only `bKey`) / `removed` (only `aKey`);
 * - `moved`: the article stands elsewhere in the new version (out of sequence), `parts` when its text also changed.
 */
export interface ArticleAlignment {
  kind: 'same' | 'changed' | 'added' | 'removed' | 'moved';
  aKey?: string;
  bKey?: string;
  parts?: DiffPart[];
}

/** Least similarity for two articles to count as one article changed rather than one removed and one added. */
export const ARTICLE_SIMILARITY_MIN = 0.5;

const norm = (s: string) => s.replace(/\s+/gu, '');

/**
 * Similarity of two texts from 0 to 1: the Dice coefficient of their character bigrams (multiset), on the text
 * without whitespace. Cheap enough to compare every pair in a changed stretch of a law.
 */
export function textSimilarity(a: string, b: string): number {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length - 1 + (y.length - 1));
}

/** Character diff of two article texts (jsdiff `diffChars`), as plain parts. */
export function articleTextDiff(a: string, b: string): DiffPart[] {
  return diffChars(a, b).map((c) => ({
    value: c.value,
    ...(c.added ? { added: true } : {}),
    ...(c.removed ? { removed: true } : {}),
  }));
}

interface Window {
  removed: number[];
  added: number[];
  /** pairs[i] = index into `added` paired with removed[i], or -1. */
  pairs: number[];
}

/** Most pairs in one window for which the similarity is computed (beyond: only identical texts are paired). */
const MAX_PAIR_CHECKS = 40_000;

/** Pairs removed with added articles of one stretch by similarity, best first, never crossing (keeps order). */
function pairWindow(w: Window, a: readonly DiffArticle[], b: readonly DiffArticle[]): void {
  const cands: { i: number; j: number; s: number }[] = [];
  const full = w.removed.length * w.added.length <= MAX_PAIR_CHECKS;
  for (let i = 0; i < w.removed.length; i++) {
    for (let j = 0; j < w.added.length; j++) {
      const ta = a[w.removed[i]!]!.text;
      const tb = b[w.added[j]!]!.text;
      const s = full ? textSimilarity(ta, tb) : norm(ta) === norm(tb) ? 1 : 0;
      if (s >= ARTICLE_SIMILARITY_MIN) cands.push({ i, j, s });
    }
  }
  cands.sort((p, q) => q.s - p.s || p.i - q.i || p.j - q.j);
  const addedUsed = new Array<number>(w.added.length).fill(-1);
  for (const c of cands) {
    if (w.pairs[c.i] !== -1 || addedUsed[c.j] !== -1) continue;
    // Keep the pairs monotonic so the rows can be listed in the order of both versions.
    let crosses = false;
    for (let i = 0; i < w.pairs.length && !crosses; i++) {
      const j = w.pairs[i]!;
      if (j !== -1 && (i < c.i ? j > c.j : j < c.j)) crosses = true;
    }
    if (crosses) continue;
    w.pairs[c.i] = c.j;
    addedUsed[c.j] = c.i;
  }
}

/**
 * Aligns the articles of version a (old) with those of version b (new), in reading order.
 * jsdiff's `diffArrays` finds the longest run of identical texts in order (those are `same`, even when renumbered);
 * within each stretch between them, removed and added articles are paired by `textSimilarity` ≥ 0.5 (`changed`,
 * with the character diff); what remains unpaired and has an identical (or similar) text in another stretch is
 * `moved`; the rest is `removed` or `added`. Rows follow version b's order, removed rows where they stood in a.
 */
export function alignArticles(a: readonly DiffArticle[], b: readonly DiffArticle[]): ArticleAlignment[] {
  const changes = diffArrays(
    a.map((x) => norm(x.text)),
    b.map((x) => norm(x.text)),
  );
  // Walk the changes into rows of identical articles and windows of removed/added ones.
  type Seg = { same: [number, number][] } | { window: Window };
  const segs: Seg[] = [];
  let ai = 0;
  let bi = 0;
  let win: Window | null = null;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (!c.added && !c.removed) {
      win = null;
      const same: [number, number][] = [];
      for (let k = 0; k < n; k++) same.push([ai++, bi++]);
      segs.push({ same });
      continue;
    }
    if (!win) {
      win = { removed: [], added: [], pairs: [] };
      segs.push({ window: win });
    }
    for (let k = 0; k < n; k++) {
      if (c.removed) {
        win.removed.push(ai++);
        win.pairs.push(-1);
      } else win.added.push(bi++);
    }
  }
  const windows = segs.flatMap((s) => ('window' in s ? [s.window] : []));
  for (const w of windows) pairWindow(w, a, b);

  // Moved: an unpaired removed article whose text turns up unpaired in another stretch.
  const movedFrom = new Map<number, number>(); // b index → a index
  const movedA = new Set<number>();
  const looseA = windows.flatMap((w) => w.removed.filter((_, i) => w.pairs[i] === -1));
  const looseB = windows.flatMap((w) => w.added.filter((_, j) => !w.pairs.includes(j)));
  const full = looseA.length * looseB.length <= MAX_PAIR_CHECKS;
  const cands: { x: number; y: number; s: number }[] = [];
  for (const x of looseA) {
    for (const y of looseB) {
      const s = full ? textSimilarity(a[x]!.text, b[y]!.text) : norm(a[x]!.text) === norm(b[y]!.text) ? 1 : 0;
      if (s >= ARTICLE_SIMILARITY_MIN) cands.push({ x, y, s });
    }
  }
  cands.sort((p, q) => q.s - p.s || p.x - q.x || p.y - q.y);
  for (const c of cands) {
    if (movedA.has(c.x) || movedFrom.has(c.y)) continue;
    movedA.add(c.x);
    movedFrom.set(c.y, c.x);
  }

  const rows: ArticleAlignment[] = [];
  const changed = (x: number, y: number): ArticleAlignment => ({
    kind: 'changed',
    aKey: a[x]!.key,
    bKey: b[y]!.key,
    parts: articleTextDiff(a[x]!.text, b[y]!.text),
  });
  const addedRow = (y: number): ArticleAlignment => {
    const x = movedFrom.get(y);
    if (x === undefined) return { kind: 'added', bKey: b[y]!.key };
    const row: ArticleAlignment = { kind: 'moved', aKey: a[x]!.key, bKey: b[y]!.key };
    if (norm(a[x]!.text) !== norm(b[y]!.text)) row.parts = articleTextDiff(a[x]!.text, b[y]!.text);
    return row;
  };
  for (const s of segs) {
    if ('same' in s) {
      for (const [x, y] of s.same) rows.push({ kind: 'same', aKey: a[x]!.key, bKey: b[y]!.key });
      continue;
    }
    const w = s.window;
    let i = 0;
    let j = 0;
    const pairedB = new Set(w.pairs.filter((p) => p !== -1));
    // Pairs never cross, so a paired removed article meets its partner when both pointers reach them.
    while (i < w.removed.length || j < w.added.length) {
      if (i < w.removed.length && w.pairs[i] === -1) {
        if (!movedA.has(w.removed[i]!)) rows.push({ kind: 'removed', aKey: a[w.removed[i]!]!.key });
        i++;
      } else if (j < w.added.length && !pairedB.has(j)) {
        rows.push(addedRow(w.added[j]!));
        j++;
      } else {
        rows.push(changed(w.removed[i]!, w.added[j]!));
        i++;
        j++;
      }
    }
  }
  return rows;
}
