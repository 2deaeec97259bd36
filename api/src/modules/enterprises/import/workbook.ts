import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { IMPORT_BYTES_PER_ROW, SHEETS, type SheetDef } from './columns.ts';

/** One problem of the row report: sheet name, 1-based row (0 = the whole file), column label, reason (zh-CN). */
export interface ReportLine {
  sheet: string;
  row: number;
  field: string;
  reason: string;
}

/** A cell as plain data, after {@link cellValue}: what the user sees, never an object. */
export type Raw = string | number | boolean | Date | null;

/** One data row of a known sheet: cells by column key, plus problems found while reading it. */
export interface SheetRow {
  def: SheetDef;
  row: number;
  cells: Record<string, Raw>;
  errors: ReportLine[];
}

interface SheetInfo {
  name: string;
  /** Path of the sheet XML inside the zip, e.g. `xl/worksheets/sheet2.xml`. */
  path: string;
  rows: number;
  merges: Array<{ from: number; to: number; ref: string }>;
}

/** What a streaming pre-scan learns about a workbook without parsing its cells. */
export interface WorkbookScan {
  sheets: SheetInfo[];
  /** `<row>` elements over every sheet (header rows included). */
  totalRows: number;
  /** Uncompressed bytes of the shared-string table (the reader keeps it in memory). */
  sharedStringBytes: number;
  fileBytes: number;
  /** Dates count from 1904 (old Mac Excel). */
  date1904: boolean;
}

/** The workbook is not an xlsx file (or is encrypted/damaged). */
export class UnreadableWorkbook extends Error {}

/**
 * How many rows an import may have, derived from the memory budget: the budget minus what does not grow with
 * rows but with the file (the compressed file kept in memory, the shared-string table ≈ 2× its XML as JS strings)
 * divided by the measured bytes each row keeps alive during validation (IMPORT_BYTES_PER_ROW).
 */
export function importRowLimit(budgetMb: number, scan: Pick<WorkbookScan, 'fileBytes' | 'sharedStringBytes'>): number {
  const free = budgetMb * 2 ** 20 - scan.fileBytes - 2 * scan.sharedStringBytes;
  return Math.max(0, Math.floor(free / IMPORT_BYTES_PER_ROW));
}

const ROW = /<(?:[\w.-]+:)?row[\s>/]/g;
const MERGE = /<(?:[\w.-]+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g;
const MAX_MERGES = 1000;

/**
 * Walks one zip entry's text in complete-tag pieces (every tag before the last '<' of a chunk is complete: attribute
 * values cannot hold a raw '<'), for counting rows and collecting merged ranges. Memory: one chunk.
 * @returns the entry's uncompressed bytes.
 */
async function scanXml(zip: JSZip, path: string, onText: (complete: string) => void): Promise<number> {
  let carry = '';
  let bytes = 0;
  for await (const chunk of entryText(zip, path, (n) => (bytes += n))) {
    const text = carry + chunk;
    const cut = text.lastIndexOf('<');
    onText(cut > 0 ? text.slice(0, cut) : '');
    carry = cut > 0 ? text.slice(cut) : text;
  }
  onText(carry);
  return bytes;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/**
 * Reads the workbook's structure from the zip without parsing cells: sheet names and their files (from
 * workbook.xml and its relationships, which is where exceljs's streaming reader goes wrong — exceljs/exceljs#2663),
 * rows per sheet, merged ranges and the size of the shared-string table. Memory: the compressed file and one chunk.
 * @throws UnreadableWorkbook when the bytes are not an xlsx workbook.
 */
export async function scanWorkbook(buf: Buffer): Promise<WorkbookScan> {
  let zip: JSZip;
  try {
    // Loaded on first use, not in every idle api and worker process.
    const { default: Zip } = await import('jszip');
    zip = await Zip.loadAsync(buf);
  } catch {
    throw new UnreadableWorkbook('not a zip');
  }
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) throw new UnreadableWorkbook('not an xlsx workbook');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheets: SheetInfo[] = [];
  let totalRows = 0;
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = unescapeXml(attr(m[0], 'name') ?? '');
    const path = targets.get(attr(m[0], 'r:id') ?? '') ?? '';
    const entry = zip.file(path);
    if (!entry) continue;
    const info: SheetInfo = { name, path, rows: 0, merges: [] };
    await scanXml(zip, path, (text) => {
      for (ROW.lastIndex = 0; ROW.exec(text);) info.rows++;
      for (const x of text.matchAll(MERGE))
        if (info.merges.length < MAX_MERGES)
          info.merges.push({ from: Number(x[2]), to: Number(x[4]), ref: `${x[1]}${x[2]}:${x[3]}${x[4]}` });
    });
    totalRows += info.rows;
    sheets.push(info);
  }
  const sharedStringBytes = await scanXml(zip, 'xl/sharedStrings.xml', () => undefined);
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(wb);
  return { sheets, totalRows, sharedStringBytes, fileBytes: buf.length, date1904 };
}

/** The text Excel shows for a number: at most 15 significant digits, no exponent for ordinary integers. */
function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof Date);

/** Joins rich-text runs; undefined when the value is not a rich-text value. */
function richText(v: unknown): string | undefined {
  if (!isObject(v) || !Array.isArray(v.richText)) return undefined;
  return v.richText.map((r: unknown) => (isObject(r) && typeof r.text === 'string' ? r.text : '')).join('');
}

/**
 * A cell's value as the text (or number, boolean, date) the user sees in Excel, for every kind exceljs returns:
 * plain values, shared strings (already resolved), rich text, hyperlinks (their text, itself possibly rich text),
 * formulas (their cached result; they never run), error cells. Anything else is reported, never turned into
 * `[object Object]`.
 */
export function cellValue(v: ExcelJS.CellValue | unknown): { value: Raw; error?: string } {
  if (v == null) return { value: null };
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return { value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { value: null, error: '数字无效' };
  if (isObject(v)) {
    const rich = richText(v);
    if (rich !== undefined) return { value: rich };
    if ('formula' in v || 'sharedFormula' in v) {
      const r = v.result;
      if (r == null) return { value: null, error: '公式单元格没有可用的计算结果，请粘贴为数值' };
      if (isObject(r) && 'error' in r) return { value: null, error: `公式结果为错误值 ${String(r.error)}` };
      if (typeof r === 'number' && !Number.isFinite(r)) return { value: null, error: '公式结果为错误值' };
      const inner = cellValue(r);
      return inner.error ? { value: null, error: `公式结果无法识别：${inner.error}` } : inner;
    }
    if ('error' in v) return { value: null, error: `单元格错误值 ${String(v.error)}` };
    if ('hyperlink' in v || 'text' in v) {
      const t = v.text;
      if (typeof t === 'string' || typeof t === 'number') return { value: typeof t === 'number' ? numberText(t) : t };
      const inner = richText(t);
      if (inner !== undefined) return { value: inner };
      if (t == null) return { value: typeof v.hyperlink === 'string' ? v.hyperlink : null };
    }
  }
  return { value: null, error: '无法识别的单元格内容，请改为纯文本或数字' };
}

/** A number read from a text column shown as Excel shows it (1.1 not 1.1000000000000001). */
export function rawText(v: Raw): string | null {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return numberText(v);
  return String(v);
}

const norm = (s: string) => s.replace(/[\s*＊（）()]/g, '');

/** Resolves which template sheet an uploaded sheet is: by name, or for a one-sheet file by its headers. */
function sheetDef(name: string, headers: string[], oneSheet: boolean): SheetDef | undefined {
  const byName = SHEETS.find((s) => s.name === name.trim());
  if (byName || !oneSheet) return byName;
  return SHEETS.find((s) => s.columns.filter((c) => c.required).every((c) => headers.includes(norm(c.label))));
}

/** No line/column tracking: parse errors fail the job, positions are never shown, and tracking costs per character. */
const PARSER_OPTIONS = { position: false } as const;

/** Drops a namespace prefix (`x:row` → `row`): some writers prefix SpreadsheetML elements. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * One zip entry as decoded text, chunk by chunk as the inflater makes them. JSZip's own stream of Uint8Array chunks
 * (JSZipObject.internalStream) is used rather than its Node stream, which copies every chunk into a Buffer; it is
 * paused while a few chunks wait. Memory: those chunks. Nothing when the entry is missing. `onBytes` counts the
 * uncompressed bytes.
 */
async function* entryText(zip: JSZip, path: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const entry = zip.file(path) as
    (JSZip.JSZipObject & { internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array> }) | null;
  if (!entry) return;
  const helper = entry.internalStream('uint8array');
  const queue: Uint8Array[] = [];
  let ended = false;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  helper
    .on('data', (chunk) => {
      queue.push(chunk);
      if (queue.length >= 4) helper.pause();
      wake?.();
    })
    .on('end', () => {
      ended = true;
      wake?.();
    })
    .on('error', (e) => {
      failed = e;
      wake?.();
    });
  const dec = new TextDecoder('utf-8');
  try {
    for (;;) {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
        onBytes?.(chunk.length);
        yield dec.decode(chunk, { stream: true });
      }
      if (failed) throw failed;
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        helper.resume();
      });
      wake = undefined;
    }
  } finally {
    if (!ended) helper.pause(); // the caller stopped early: leave the rest uninflated
  }
  const rest = dec.decode();
  if (rest) yield rest;
}

/** Feeds one zip entry through a saxes parser (the small parts: shared strings, styles); nothing when it is missing. */
async function feed(zip: JSZip, path: string, parser: SaxesParser): Promise<void> {
  if (!zip.file(path)) return;
  for await (const text of entryText(zip, path)) parser.write(text);
  parser.close();
}

/**
 * Collects the visible text of `<si>`/`<is>` items: every `<t>` run (rich text joined), phonetic guides (`<rPh>`)
 * left out, as Excel shows them.
 */
class TextRuns {
  #inT = false;
  #phonetic = 0;
  text = '';
  open(name: string) {
    if (name === 't') this.#inT = true;
    else if (name === 'rPh') this.#phonetic++;
  }
  close(name: string) {
    if (name === 't') this.#inT = false;
    else if (name === 'rPh') this.#phonetic--;
  }
  add(s: string) {
    if (this.#inT && !this.#phonetic) this.text += s;
  }
}

/** The shared-string table, as visible text per index (the one part of the workbook kept whole). */
async function sharedStrings(zip: JSZip): Promise<string[]> {
  const out: string[] = [];
  const parser = new SaxesParser(PARSER_OPTIONS);
  let item: TextRuns | undefined;
  parser.on('opentag', (t) => {
    const n = local(t.name);
    if (n === 'si') item = new TextRuns();
    else item?.open(n);
  });
  parser.on('closetag', (t) => {
    const n = local(t.name);
    if (n === 'si') {
      out.push(item?.text ?? '');
      item = undefined;
    } else item?.close(n);
  });
  parser.on('text', (s) => item?.add(s));
  await feed(zip, 'xl/sharedStrings.xml', parser);
  return out;
}

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30; 27–36 and 50–58 are the zh-CN ones). */
const BUILTIN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format shows a date when it has y/m/d/h/s outside quoted text, escapes and [colour]/[condition]. */
function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\.|[_*]./g, '');
  return /[ymdhs]/i.test(bare);
}

/** Which cell styles (`s` attribute, an index into `<cellXfs>`) show a number as a date, from styles.xml. */
async function dateStyles(zip: JSZip): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  const parser = new SaxesParser(PARSER_OPTIONS);
  let inCellXfs = false;
  parser.on('opentag', (t) => {
    const n = local(t.name);
    const a = t.attributes as Record<string, string>;
    if (n === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
    else if (n === 'cellXfs') inCellXfs = true;
    else if (n === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
  });
  parser.on('closetag', (t) => {
    if (local(t.name) === 'cellXfs') inCellXfs = false;
  });
  await feed(zip, 'xl/styles.xml', parser);
  return xfFormats.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILTIN_DATES.has(id)));
}

/** Column number of a cell reference: `B7` → 2, `AA3` → 27. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    n = n * 26 + ch - 64;
  }
  return n;
}

/** One `<row>` as read: visible values and unreadable-cell reasons by column number (1-based). */
interface XmlRow {
  number: number;
  values: Map<number, Raw>;
  errors: Map<number, string>;
}

/** Workbook-wide context a sheet's cells need: shared strings, date styles, the date system. */
interface CellContext {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** Excel's serial day number to a Date (as exceljs does it: 1900 system counts from 1899-12-30, 1904 adds 1,462 days). */
const serialDate = (v: number, date1904: boolean) => new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86400_000));

/**
 * One sheet's rows, streamed with saxes: each `<row>` becomes its cells' visible values — shared and
 * inline strings (rich-text runs joined), numbers (a date when the cell's style formats it as one), booleans,
 * formulas by their cached result (never run; no result is reported), error values (reported). Hyperlinks are only
 * their text, which is what the cell holds. Memory: the rows of one chunk.
 */
async function* sheetRows(zip: JSZip, path: string, ctx: CellContext): AsyncGenerator<XmlRow> {
  const done: XmlRow[] = [];
  let row: XmlRow | undefined;
  let rowNumber = 0;
  let col = 0;
  // The cell being read.
  let type = 'n';
  let style = 0;
  let formula = false;
  let inV = false;
  let v: string | undefined;
  let inline: TextRuns | undefined;
  const parser = new SaxesParser(PARSER_OPTIONS);
  parser.on('opentag', (t) => {
    const n = local(t.name);
    const a = t.attributes as Record<string, string>;
    if (n === 'row') {
      rowNumber = a.r ? Number(a.r) : rowNumber + 1;
      row = { number: rowNumber, values: new Map(), errors: new Map() };
      col = 0;
    } else if (n === 'c') {
      col = a.r ? columnOf(a.r) : col + 1;
      type = a.t ?? 'n';
      style = Number(a.s ?? 0);
      formula = false;
      v = undefined;
      inline = undefined;
    } else if (n === 'v') {
      inV = true;
      v = '';
    } else if (n === 'f') formula = true;
    else if (n === 'is') inline = new TextRuns();
    else inline?.open(n);
  });
  parser.on('text', (s) => {
    if (inV) v += s;
    else inline?.add(s);
  });
  parser.on('cdata', (s) => {
    if (inV) v += s;
    else inline?.add(s);
  });
  parser.on('closetag', (t) => {
    const n = local(t.name);
    if (n === 'v') inV = false;
    else if (n === 'c' && row) {
      const { value, error } = cellOf(type, v, inline?.text, formula, ctx.dates[style] ?? false, ctx);
      if (error) row.errors.set(col, error);
      else if (value != null) row.values.set(col, value);
    } else if (n === 'row' && row) {
      done.push(row);
      row = undefined;
    } else inline?.close(n);
  });
  // One chunk at a time: the rows a chunk completed are handed out before the next is parsed.
  for await (const text of entryText(zip, path)) {
    parser.write(text);
    yield* done.splice(0);
  }
  parser.close();
  yield* done.splice(0);
}

/** A cell's visible value from its XML parts (see {@link sheetRows}); errors worded as {@link cellValue} words them. */
function cellOf(
  type: string,
  v: string | undefined,
  inline: string | undefined,
  formula: boolean,
  date: boolean,
  ctx: CellContext,
): { value: Raw; error?: string } {
  if (type === 'inlineStr') return { value: inline ?? v ?? null };
  if (v === undefined) return formula ? { value: null, error: '公式单元格没有可用的计算结果，请粘贴为数值' } : { value: null };
  switch (type) {
    case 's':
      return { value: ctx.strings[Number(v)] ?? null };
    case 'str':
      return { value: v };
    case 'b':
      return { value: v === '1' || v === 'true' };
    case 'e':
      return { value: null, error: formula ? `公式结果为错误值 ${v}` : `单元格错误值 ${v}` };
    case 'd': {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? { value: v } : { value: d };
    }
    default: {
      const num = Number(v);
      if (v.trim() === '' || !Number.isFinite(num)) return { value: null, error: formula ? '公式结果为错误值' : '数字无效' };
      return { value: date ? serialDate(num, ctx.date1904) : num };
    }
  }
}

/**
 * Streams the data rows of the known sheets, in tab order, with a lean reader (JSZip inflating each sheet as it
 * streams, saxes parsing it): memory holds one chunk's rows, the shared strings and the date styles, not the
 * workbook and not a cell object per cell. `onSheet` tells which sheets come, in order. Headers are matched by
 * label; a missing required column goes to `fatal` and the sheet's rows are skipped. `only` limits the pass to
 * some kinds (the other sheets are not parsed).
 */
export async function* readRows(
  buf: Buffer,
  scan: WorkbookScan,
  fatal: ReportLine[],
  opts: { only?: ReadonlyArray<SheetDef['kind']>; onSheet?: (def: SheetDef) => void } = {},
): AsyncGenerator<SheetRow> {
  const { default: Zip } = await import('jszip');
  const zip = await Zip.loadAsync(buf);
  const ctx: CellContext = { strings: await sharedStrings(zip), dates: await dateStyles(zip), date1904: scan.date1904 };
  for (const info of scan.sheets) {
    // Sheets not named as a template sheet are only read for their header row (a one-sheet file is matched by it).
    const named = SHEETS.find((s) => s.name === info.name.trim());
    if (named && opts.only && !opts.only.includes(named.kind)) continue;
    let def: SheetDef | undefined;
    let colOf: Map<string, number> | undefined;
    for await (const row of sheetRows(zip, info.path, ctx)) {
      if (!colOf) {
        const headers = new Map<number, string>();
        if (row.number === 1) for (const [col, v] of row.values) headers.set(col, norm(rawText(v) ?? ''));
        def = sheetDef(info.name, [...headers.values()], scan.sheets.length === 1);
        if (!def || (opts.only && !opts.only.includes(def.kind))) break;
        opts.onSheet?.(def);
        colOf = new Map();
        for (const c of def.columns) {
          const found = [...headers.entries()].find(([, h]) => h === norm(c.label));
          if (found) colOf.set(c.key, found[0]);
          else if (c.required) fatal.push({ sheet: def.name, row: 1, field: c.label, reason: '缺少该列（表头须与模板一致）' });
        }
        if (fatal.some((f) => f.sheet === def!.name && f.row === 1)) break;
        if (row.number === 1) continue;
      }
      if ((!row.values.size && !row.errors.size) || !def) continue;
      const cells: Record<string, Raw> = {};
      const errors: ReportLine[] = [];
      for (const c of def.columns) {
        const col = colOf.get(c.key);
        if (!col) continue;
        const error = row.errors.get(col);
        const value = row.values.get(col) ?? null;
        if (error) errors.push({ sheet: def.name, row: row.number, field: c.label, reason: error });
        cells[c.key] = typeof value === 'string' ? value.trim() || null : value;
      }
      for (const m of info.merges)
        if (row.number >= m.from && row.number <= m.to)
          errors.push({ sheet: def.name, row: row.number, field: '', reason: `含合并单元格 ${m.ref}，请取消合并后逐行填写` });
      yield { def, row: row.number, cells, errors };
    }
  }
}
