import { normalizeText } from './segmenter.ts';

/** Characters of article text shown around the matches. */
export const SNIPPET_CHARS = 140;
/** Characters kept before the first match of the chosen window. */
const LEAD = 24;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML-escapes text (& < > " '). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * A snippet of an article: about SNIPPET_CHARS characters around the densest cluster of matches, with each match
 * in `<mark>…</mark>` and everything else HTML-escaped (the text is data: `<script>` in a document stays text).
 * `needles` are normalised strings (normalizeText); matching is on the normalised text, marks on the original.
 */
export function snippet(text: string, needles: string[]): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  // Normalise character by character, remembering where each normalised character came from.
  let norm = '';
  const from: number[] = [];
  const chars = Array.from(flat);
  const starts: number[] = [];
  let at = 0;
  for (const ch of chars) {
    starts.push(at);
    const n = normalizeText(ch);
    for (let i = 0; i < n.length; i++) from.push(starts.length - 1);
    norm += n;
    at += ch.length;
  }
  starts.push(at);
  // Matches as [start, end) in character indexes of `chars`, longest needle first, no overlaps.
  const marked = new Array<boolean>(chars.length).fill(false);
  const hits: Array<{ s: number; e: number; needle: string }> = [];
  for (const needle of [...new Set(needles.filter((x) => x.length > 0))].sort((a, b) => b.length - a.length)) {
    let i = norm.indexOf(needle);
    while (i >= 0) {
      const s = from[i]!;
      const e = from[i + needle.length - 1]! + 1;
      let free = true;
      for (let k = s; k < e; k++) if (marked[k]) free = false;
      if (free) {
        for (let k = s; k < e; k++) marked[k] = true;
        hits.push({ s, e, needle });
      }
      i = norm.indexOf(needle, i + needle.length);
    }
  }
  hits.sort((a, b) => a.s - b.s);
  // The window with the most distinct needles (ties: the earliest).
  let start = 0;
  if (chars.length > SNIPPET_CHARS && hits.length) {
    let best = -1;
    for (const h of hits) {
      const s = Math.max(0, h.s - LEAD);
      const seen = new Set(hits.filter((x) => x.s >= s && x.e <= s + SNIPPET_CHARS).map((x) => x.needle));
      if (seen.size > best) {
        best = seen.size;
        start = s;
      }
    }
  }
  const end = Math.min(chars.length, start + SNIPPET_CHARS);
  let out = start > 0 ? '…' : '';
  let open = false;
  for (let k = start; k < end; k++) {
    if (marked[k] && !open) {
      out += '<mark>';
      open = true;
    } else if (!marked[k] && open) {
      out += '</mark>';
      open = false;
    }
    out += escapeHtml(chars[k]!);
  }
  if (open) out += '</mark>';
  if (end < chars.length) out += '…';
  return out;
}
