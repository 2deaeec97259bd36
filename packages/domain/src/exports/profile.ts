import { localDate, wallClock } from '../time.ts';

/**
 * Export profiles (数据报送口径): how rows of ours become the records another system expects — a provincial risk
 * monitoring platform, a national major-hazard list. A profile is DATA (profiles/*.ts): the target's field names,
 * their labels, where each value comes from on our row and how it is transformed. Nothing here claims to be an
 * official interface specification: the shipped profiles are generic starting points a zone can hand to the
 * receiving side.
 */

/** zh-CN first, en. */
export interface ExportText {
  zh: string;
  en: string;
}

/** The kind of record a profile exports. */
export type ExportEntity = 'enterprise' | 'hazard';

/** The file formats the api writes (one file per run). */
export const EXPORT_FORMATS = ['json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * How a source value becomes the target's value:
 * - `date`: an instant → `YYYY-MM-DD` in the zone's time zone (a deadline stored as the end of its local day
 *   reads as that day);
 * - `datetime`: an instant → `YYYY-MM-DD HH:mm:ss` in the zone's time zone;
 * - `join`: a list → its items joined with the field's `separator` (default `、`);
 * - `yesno`: a boolean → 是 / 否;
 * - `number`: a number or numeric string → a number (anything else → empty);
 * - `{ map }`: an enum value → the target's word; a value not in the map → `default` when given, else the value as
 *   it is (so a new enum value shows up rather than vanishing).
 */
export type ExportTransform =
  'date' | 'datetime' | 'join' | 'yesno' | 'number' | { map: Readonly<Record<string, string>>; default?: string };

/** One field of the target's record. */
export interface ExportField {
  /** The target's field name (JSON key; xlsx header is the label). */
  key: string;
  label: ExportText;
  /** Dotted path on our row: `creditCode`, `enterprise.name`, `grade`. */
  source: string;
  transform?: ExportTransform;
  /** Separator of `join` (default `、`). */
  separator?: string;
  /** An empty value (null, '', empty list) flags the row (it is still written; the run counts flagged rows). */
  required?: boolean;
  /**
   * The xlsx column's width in characters, for a long text (a name, a description); by default it fits the label.
   * Presentation only: the record's shape does not change, so the profile's version does not either.
   */
  width?: number;
}

/** A profile: `id@version` is what an export target stores, so a target keeps the mapping it was set up with. */
export interface ExportProfile {
  id: string;
  version: number;
  name: ExportText;
  /** The kind of receiving system, e.g. 省级安全生产风险监测预警平台 (generic). */
  target: ExportText;
  description: ExportText;
  entity: ExportEntity;
  /**
   * Only rows whose source field has one of the listed values (applied in the query and again in applyProfile),
   * e.g. `{ grade: ['major'] }` for major hazards. Keys are top-level fields of the entity.
   */
  filter?: Readonly<Record<string, readonly string[]>>;
  format: {
    /** Formats this profile may be written in. */
    formats: readonly ExportFormat[];
    /** Worksheet name of the xlsx file. */
    sheetName: string;
    /** File name stem (the run's date and the extension are appended). */
    fileStem: string;
  };
  fields: readonly ExportField[];
}

/** A mapped value: text, number, or empty. */
export type ExportValue = string | number | null;

/** One mapped record: values by target key, and the keys of required fields left empty. */
export interface MappedRow {
  values: Record<string, ExportValue>;
  /** Target keys of required fields that came out empty; non-empty means the row is flagged. */
  missing: string[];
}

export interface ApplyOptions {
  /** IANA time zone of the zone (dates are that zone's calendar days). */
  timeZone: string;
}

/** The value at a dotted path (`enterprise.name`), or undefined when any step is missing. */
export function valueAt(row: unknown, path: string): unknown {
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function asInstant(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string' && v) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  return null;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Applies one transform to one source value (see {@link ExportTransform}). */
export function transformValue(v: unknown, field: Pick<ExportField, 'transform' | 'separator'>, opts: ApplyOptions): ExportValue {
  if (v === undefined || v === null) return null;
  const t = field.transform;
  if (t === 'date') {
    const d = asInstant(v);
    return d ? localDate(d, opts.timeZone) : null;
  }
  if (t === 'datetime') {
    const d = asInstant(v);
    if (!d) return null;
    const [y, m, day, h, mi, s] = wallClock(d, opts.timeZone);
    return `${y}-${two(m)}-${two(day)} ${two(h)}:${two(mi)}:${two(s)}`;
  }
  if (t === 'join') {
    const list = Array.isArray(v) ? v : [v];
    const items = list.filter((x) => x !== null && x !== undefined && String(x) !== '').map(String);
    return items.length ? items.join(field.separator ?? '、') : null;
  }
  if (t === 'yesno') return v === true || v === 1 || v === 'true' ? '是' : v === false || v === 0 || v === 'false' ? '否' : null;
  if (t === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    return Number.isFinite(n) ? n : null;
  }
  if (t && typeof t === 'object') {
    const key = String(v);
    return Object.hasOwn(t.map, key) ? t.map[key]! : (t.default ?? key);
  }
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map(String).join(field.separator ?? '、') || null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** True when a row passes the profile's `filter` (every listed field has one of its values). */
export function matchesProfile(profile: Pick<ExportProfile, 'filter'>, row: unknown): boolean {
  for (const [field, values] of Object.entries(profile.filter ?? {})) {
    const v = valueAt(row, field);
    if (v === null || v === undefined || !values.includes(String(v))) return false;
  }
  return true;
}

/**
 * Maps rows of ours to the profile's records, in order: rows outside the profile's `filter` are left out, each
 * field's value is read at its `source` path and transformed; a required field that comes out empty (null, '')
 * is listed in the row's `missing` (the row is flagged, not dropped: the receiving side decides). Pure.
 */
export function applyProfile(profile: ExportProfile, rows: readonly unknown[], opts: ApplyOptions): MappedRow[] {
  const out: MappedRow[] = [];
  for (const row of rows) {
    if (!matchesProfile(profile, row)) continue;
    const values: Record<string, ExportValue> = {};
    const missing: string[] = [];
    for (const f of profile.fields) {
      const v = transformValue(valueAt(row, f.source), f, opts);
      values[f.key] = v;
      if (f.required && (v === null || v === '')) missing.push(f.key);
    }
    out.push({ values, missing });
  }
  return out;
}

/**
 * Checks a profile's own shape (keys unique and non-empty, a source per field, at least one format): the shipped
 * profiles are tested with it, so a typo in a profile file fails a unit test rather than an export run.
 * Returns the problems found (empty when sound).
 */
export function profileProblems(profile: ExportProfile): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  if (!/^[a-z0-9-]+$/.test(profile.id)) problems.push(`id "${profile.id}" must be lower-case words with dashes`);
  if (!Number.isInteger(profile.version) || profile.version < 1) problems.push('version must be a positive integer');
  if (!profile.format.formats.length) problems.push('no format');
  if (!profile.fields.length) problems.push('no fields');
  for (const f of profile.fields) {
    if (!f.key) problems.push('a field without key');
    if (keys.has(f.key)) problems.push(`duplicate key ${f.key}`);
    keys.add(f.key);
    if (!f.source) problems.push(`${f.key}: no source`);
    if (!f.label.zh || !f.label.en) problems.push(`${f.key}: label needs zh and en`);
  }
  return problems;
}
