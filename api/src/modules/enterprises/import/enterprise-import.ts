import { z } from 'zod';
import type { EntityClass } from '@mikro-orm/core';
import { certificateInput, chemicalInput, contactInput, createEnterpriseRequest, supplyInput } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import type { Em } from '../../../core/db/orm.ts';
import { maskPhone } from '../../../core/crypto/pii.ts';
import { emitEvent } from '../../../core/queue/outbox.ts';
import { emTenantId } from '../../../core/db/tenant-guard.ts';
import { auditCreates, insertRows, type SqlValue } from '../../../core/db/bulk-write.ts';
import { CatalogItem } from '../../tenants/tenant.entity.ts';
import { Enterprise } from '../enterprise.entity.ts';
import { CertifiedWorker, EmergencySupply, EnterpriseContact, HazardousChemical } from '../enterprise-records.entity.ts';
import { applyEnterpriseFields } from '../enterprise.service.ts';
import { addDays, normalizeCreditCode } from '@yuanan/domain';
import { SHEETS, type Column, type SheetDef } from './columns.ts';
import { rawText, readRows, type Raw, type ReportLine, type SheetRow, type WorkbookScan } from './workbook.ts';

export const IMPORTED = 'enterprises.imported';
const REPORT_LIMIT = 2000;
/**
 * Rows per flush in the write pass. Small on purpose: a batch lives across scavenges while it is read and written,
 * so V8 promotes it to the old generation; 1,000-row batches promoted ~2.5 MB per scavenge and grew RSS ~95 MB over
 * the bench import, 100-row ones ~20 MB, and were no slower (multi-row INSERTs, no per-row round trip).
 */
const BATCH: Record<Kind, number> = { enterprises: 100, certificates: 100, chemicals: 100, supplies: 100, contacts: 100 };

type Kind = SheetDef['kind'];
type Values = Record<string, unknown>;

type RecordKind = Exclude<Kind, 'enterprises'>;
const RECORD_KINDS: RecordKind[] = ['certificates', 'chemicals', 'supplies', 'contacts'];

/**
 * The outcome of the validation pass: the row report (capped), the summary, and the little the write pass needs
 * from it. Nothing in it grows with the rows except through the report cap.
 */
export interface ImportCheck {
  report: ReportLine[];
  summary: Record<string, number>;
  /** The 企业 sheet streams before every record sheet (or is absent): one write pass suffices. */
  enterprisesFirst: boolean;
  /** [creditCode, landlordCreditCode] pairs, set once every enterprise of the file exists. */
  landlords: Array<[string, string]>;
}

const SCHEMAS: Record<Kind, z.ZodType> = {
  enterprises: createEnterpriseRequest,
  certificates: certificateInput,
  chemicals: chemicalInput,
  supplies: supplyInput,
  contacts: contactInput,
};

/** zod's zh-CN messages, built once (not per row). */
const ZH_CN = z.locales.zhCN().localeError;

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', '有', '√']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', '无', '×']);

function excelDate(v: Raw): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return new Date(Date.UTC(1899, 11, 30) + v * 86400_000).toISOString().slice(0, 10);
  if (typeof v === 'string') {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  return null;
}

/** Converts one cell by its column type; returns the value or a reason it cannot be used. */
function convert(
  c: Column,
  v: Raw,
  lookups: { grids: Map<string, string>; tags: Map<string, string> },
): { value?: unknown; error?: string } {
  if (v == null || v === '') return { value: undefined };
  switch (c.type) {
    case 'text':
      return { value: rawText(v)!.trim() };
    case 'int':
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,，\s]/g, '')) : NaN;
      if (!Number.isFinite(n)) return { error: '应为数字' };
      if (c.type === 'int' && !Number.isInteger(n)) return { error: '应为整数' };
      return { value: n };
    }
    case 'bool': {
      const s = String(v).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: '应填“是”或“否”' };
    }
    case 'date': {
      const d = excelDate(v);
      return d ? { value: d } : { error: '应为日期，如 2026-06-30' };
    }
    case 'enum': {
      const key = String(v).trim();
      const hit = c.values?.[key] ?? Object.values(c.values ?? {}).find((x) => x === key);
      return hit ? { value: hit } : { error: `应为：${[...new Set(Object.keys(c.values ?? {}))].join('/')}` };
    }
    case 'grid': {
      const id = lookups.grids.get(String(v).trim());
      return id ? { value: id } : { error: `本园区没有网格“${String(v)}”` };
    }
    case 'tags': {
      const names = String(v)
        .split(/[、,，;；\s]+/)
        .filter(Boolean);
      const codes: string[] = [];
      for (const n of names) {
        const code = lookups.tags.get(n);
        if (!code) return { error: `本园区没有标签“${n}”` };
        codes.push(code);
      }
      return { value: codes };
    }
  }
}

/** Natural keys: a re-import updates these records instead of adding them again. */
const KEY_OF: Record<RecordKind, (v: Values) => string> = {
  certificates: (v) => String(v.certNumber),
  chemicals: (v) => `${String(v.name)}|${String(v.unitName ?? '全厂')}`,
  supplies: (v) => `${String(v.name)}|${String(v.location ?? '')}`,
  contacts: (v) => String(v.name),
};

/** Phone columns per sheet: a masked value (`137****0001`, as exports show it to roles without pii.view). */
const PHONES: Partial<Record<Kind, string[]>> = {
  enterprises: ['principalPhone', 'safetyManagerPhone'],
  contacts: ['phone'],
};
const isMasked = (v: unknown) => typeof v === 'string' && /\*{2,}/.test(v);

type Lookups = { grids: Map<string, string>; tags: Map<string, string> };

async function loadLookups(em: Em): Promise<Lookups> {
  const [grids, tags] = await Promise.all([
    em.find(CatalogItem, { kind: 'grid' }),
    em.find(CatalogItem, { kind: 'key_place_tag', enabled: true }),
  ]);
  return {
    grids: new Map([...grids.flatMap((g) => [[g.name, g.id] as const, [g.code, g.id] as const])]),
    tags: new Map([...tags.flatMap((t) => [[t.name, t.code] as const, [t.code, t.code] as const])]),
  };
}

interface ValidRow {
  values?: Values;
  errors: ReportLine[];
  /** Phone fields whose cell was masked: the stored number is kept. */
  keep: string[];
}

/**
 * One row: cell types, then the same contract schemas the api uses. A masked phone is left out of the values
 * (and listed in `keep`) so the stored number stays; the caller checks it matches what is stored.
 */
function validateRow(r: SheetRow, lookups: Lookups): ValidRow {
  const kind = r.def.kind;
  const errors = [...r.errors];
  const values: Values = {};
  const keep: string[] = [];
  for (const c of r.def.columns) {
    const cell = r.cells[c.key] ?? null;
    if (PHONES[kind]?.includes(c.key) && isMasked(cell)) {
      keep.push(c.key);
      continue;
    }
    const { value, error } = convert(c, cell, lookups);
    if (error) errors.push({ sheet: r.def.name, row: r.row, field: c.label, reason: error });
    else if (value !== undefined) values[c.key] = value;
    else if (c.required) errors.push({ sheet: r.def.name, row: r.row, field: c.label, reason: '必填' });
  }
  if (errors.length) return { errors, keep };
  const { landlordCreditCode, creditCode, ...rest } = values;
  const input = kind === 'enterprises' ? { ...rest, creditCode } : rest;
  const parsed = SCHEMAS[kind].safeParse(input, { error: ZH_CN });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const label = r.def.columns.find((c) => c.key === i.path[0])?.label ?? String(i.path[0] ?? '');
      errors.push({ sheet: r.def.name, row: r.row, field: label, reason: i.message });
    }
    return { errors, keep };
  }
  const data = { ...(parsed.data as Values) };
  for (const k of keep) delete data[k]; // schemas may default a missing phone to null: keep means untouched
  return {
    errors,
    keep,
    values: {
      ...data,
      // Folded as the contract folds it (full-width, zero-width, spaces): keys match what the api stores.
      creditCode: normalizeCreditCode(String(creditCode)),
      ...(landlordCreditCode ? { landlordCreditCode: normalizeCreditCode(String(landlordCreditCode)) } : {}),
    },
  };
}

/** Collects report lines up to a cap, counting the rest. */
class Report {
  readonly lines: ReportLine[] = [];
  total = 0;
  push(...lines: ReportLine[]) {
    this.total += lines.length;
    for (const l of lines) if (this.lines.length < REPORT_LIMIT) this.lines.push(l);
  }
  result(): ReportLine[] {
    const out = [...this.lines].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet.localeCompare(b.sheet)));
    if (this.total > out.length)
      out.push({ sheet: '', row: 0, field: '', reason: `另有 ${this.total - out.length} 处问题未列出` });
    return out;
  }
}

async function existingCodes(em: Em, codes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 1000)
    for (const e of await em.find(
      Enterprise,
      { creditCode: { $in: codes.slice(i, i + 1000) } },
      { fields: ['id', 'creditCode'] },
    ))
      out.set(e.creditCode, e.id);
  return out;
}

interface MaskedCell {
  kind: Kind;
  code: string;
  key: string;
  field: string;
  masked: string;
  line: Omit<ReportLine, 'reason'>;
}

/**
 * Checks masked phones against what is stored: a masked cell keeps the stored number only when the record
 * exists and its stored number masks to the same text; otherwise the full number is needed.
 */
async function checkMasked(em: Em, cells: MaskedCell[], existing: Map<string, string>, report: Report): Promise<void> {
  const bad = (m: MaskedCell, why: string) => report.push({ ...m.line, reason: `电话已脱敏（含 *）${why}，请填写完整号码` });
  const ents = cells.filter((m) => m.kind === 'enterprises');
  const contacts = cells.filter((m) => m.kind === 'contacts');
  const masks = new Map<string, string | null>();
  const entIds = [...new Set(ents.map((m) => existing.get(m.code)).filter((x): x is string => Boolean(x)))];
  for (let i = 0; i < entIds.length; i += 1000)
    for (const e of await em.find(
      Enterprise,
      { id: { $in: entIds.slice(i, i + 1000) } },
      { fields: ['id', 'principalPhoneMasked', 'safetyManagerPhoneMasked'] },
    )) {
      masks.set(`${e.id}|principalPhone`, e.principalPhoneMasked ?? null);
      masks.set(`${e.id}|safetyManagerPhone`, e.safetyManagerPhoneMasked ?? null);
    }
  const contactIds = [...new Set(contacts.map((m) => existing.get(m.code)).filter((x): x is string => Boolean(x)))];
  for (let i = 0; i < contactIds.length; i += 1000)
    for (const ct of await em.find(
      EnterpriseContact,
      { enterpriseId: { $in: contactIds.slice(i, i + 1000) } },
      { fields: ['id', 'enterpriseId', 'name', 'phoneMasked'] },
    ))
      masks.set(`${ct.enterpriseId}|${ct.name}|phone`, ct.phoneMasked ?? null);
  em.clear();
  for (const m of cells) {
    const id = existing.get(m.code);
    const stored = id ? masks.get(m.kind === 'contacts' ? `${id}|${m.key}|phone` : `${id}|${m.field}`) : undefined;
    if (stored === undefined) bad(m, '而本园区没有这条记录');
    else if (stored !== m.masked) bad(m, '且与已登记的号码不一致');
  }
}

/**
 * The validation pass (also the whole dry run), streaming: every row of every sheet (types, then the same
 * contract schemas the api uses), then cross-row checks (duplicates, unknown enterprises, landlords, masked
 * phones). Keeps only keys and row numbers per row, never the rows.
 */
export async function checkImport(
  em: Em,
  buf: Buffer,
  scan: WorkbookScan,
  onProgress: (n: number) => void,
): Promise<ImportCheck> {
  const report = new Report();
  const fatal: ReportLine[] = [];
  const lookups = await loadLookups(em);
  const entRows = new Map<string, number>();
  const landlords: Array<{ row: number; code: string; ll: string }> = [];
  const recKeys = new Map<RecordKind, Map<string, number>>(RECORD_KINDS.map((k) => [k, new Map()]));
  // Sub-record rows by the credit code they name, for "no such enterprise" (sheet index × 2^24 + row).
  const refs = new Map<string, number[]>();
  const masked: MaskedCell[] = [];
  const order: Kind[] = [];
  let rows = 0;
  let records = 0;
  for await (const r of readRows(buf, scan, fatal, { onSheet: (d) => order.push(d.kind) })) {
    rows++;
    const kind = r.def.kind;
    const v = validateRow(r, lookups);
    report.push(...v.errors);
    if (v.values) {
      const code = String(v.values.creditCode);
      const natural = kind === 'enterprises' ? '' : KEY_OF[kind](v.values);
      for (const field of v.keep)
        masked.push({
          kind,
          code,
          key: natural,
          field,
          masked: String(r.cells[field]),
          line: { sheet: r.def.name, row: r.row, field: r.def.columns.find((c) => c.key === field)!.label },
        });
      if (kind === 'enterprises') {
        const first = entRows.get(code);
        if (first) report.push({ sheet: r.def.name, row: r.row, field: '统一社会信用代码', reason: `与第 ${first} 行重复` });
        else entRows.set(code, r.row);
        const ll = v.values.landlordCreditCode as string | undefined;
        if (ll) landlords.push({ row: r.row, code, ll });
      } else {
        records++;
        const keys = recKeys.get(kind)!;
        const first = keys.get(`${code}|${natural}`);
        if (first) report.push({ sheet: r.def.name, row: r.row, field: '', reason: `与第 ${first} 行是同一条记录` });
        else keys.set(`${code}|${natural}`, r.row);
        const at = RECORD_KINDS.indexOf(kind) * 2 ** 24 + r.row;
        const list = refs.get(code);
        if (list) list.push(at);
        else refs.set(code, [at]);
      }
    }
    if (rows % 500 === 0) onProgress(rows);
  }
  report.push(...fatal);
  if (!order.length && !fatal.length)
    report.push({
      sheet: '',
      row: 0,
      field: '',
      reason: `没有找到可导入的工作表（应为：${SHEETS.map((s) => s.name).join('、')}）`,
    });
  // Enterprises referenced by sub-records and landlords must be in the file or already in the zone.
  const existing = await existingCodes(em, [...new Set([...entRows.keys(), ...refs.keys(), ...landlords.map((l) => l.ll)])]);
  for (const [code, at] of refs) {
    if (entRows.has(code) || existing.has(code)) continue;
    for (const n of at)
      report.push({
        sheet: SHEETS.find((s) => s.kind === RECORD_KINDS[Math.floor(n / 2 ** 24)])!.name,
        row: n % 2 ** 24,
        field: '统一社会信用代码',
        reason: '本园区没有该企业，且导入文件的“企业”表中也没有',
      });
  }
  for (const l of landlords) {
    if (l.ll === l.code)
      report.push({ sheet: '企业', row: l.row, field: '厂中厂出租方信用代码', reason: '不能填写本企业自己的代码' });
    else if (!entRows.has(l.ll) && !existing.has(l.ll))
      report.push({ sheet: '企业', row: l.row, field: '厂中厂出租方信用代码', reason: '出租方企业不在本园区，也不在导入文件中' });
  }
  await checkMasked(em, masked, existing, report);
  const creates = [...entRows.keys()].filter((code) => !existing.has(code)).length;
  const entIdx = order.indexOf('enterprises');
  return {
    report: report.result(),
    summary: {
      rows,
      errors: report.total,
      enterprises: entRows.size,
      enterprisesToCreate: creates,
      enterprisesToUpdate: entRows.size - creates,
      records,
    },
    enterprisesFirst: entIdx <= 0,
    landlords: landlords.map((l) => [l.code, l.ll]),
  };
}

const ENTITY = {
  certificates: CertifiedWorker,
  chemicals: HazardousChemical,
  supplies: EmergencySupply,
  contacts: EnterpriseContact,
} as const;

function recordRow(c: Container, kind: RecordKind, v: Values, keep: string[]): Values {
  const { creditCode: _ignored, phone, ...rest } = v;
  if (kind === 'contacts')
    return keep.includes('phone')
      ? rest
      : {
          ...rest,
          phoneSealed: phone ? c.cipher.seal(String(phone)) : null,
          phoneMasked: phone ? maskPhone(String(phone)) : null,
        };
  if (kind === 'certificates' && rest.certKind === 'special_operation' && !rest.reviewDueOn)
    return { ...rest, reviewDueOn: addDays(String(rest.issuedOn), 3 * 365) };
  return rest;
}

interface Written {
  row: number;
  values: Values;
  keep: string[];
}

/** Never stored in an audit diff (as the ORM's audit recorder leaves them out). */
const SECRET_FIELDS = new Set(['phoneSealed']);

/** A row for a raw INSERT (columns) and its audit diff (properties), as the ORM would write a new entity. */
interface NewRow {
  id: string;
  row: Record<string, SqlValue>;
  diff: Record<string, unknown>;
}

/**
 * A new row built from the entity's metadata as the ORM builds it: each persisted scalar property from `values`,
 * else its onCreate (uuidv7 id, tenant stamp, created/updated at) or default, the version 1; converted to the column
 * value by the property's type (JSON as text). The diff is what the ORM's audit recorder stores for a create.
 */
function newRow(em: Em, entity: EntityClass<object>, values: Values): NewRow {
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const obj: Values = { ...values };
  const row: Record<string, SqlValue> = {};
  const diff: Values = {};
  for (const prop of meta.props) {
    if (prop.persist === false || prop.kind !== 'scalar') continue;
    let v = obj[prop.name];
    if (v === undefined) v = prop.version ? 1 : prop.onCreate ? prop.onCreate(obj, em) : prop.default;
    obj[prop.name] = v;
    const type = prop.customType as { convertToDatabaseValue(v: unknown, p: unknown, c: unknown): unknown } | undefined;
    row[prop.fieldNames[0]!] = (
      v == null ? null : type ? type.convertToDatabaseValue(v, platform, { mode: 'query' }) : v
    ) as SqlValue;
    if (v !== undefined) diff[prop.name] = SECRET_FIELDS.has(prop.name) ? '[secret]' : v instanceof Date ? v.toISOString() : v;
  }
  return { id: String(obj.id), row, diff };
}

/** Inserts new rows of one table in multi-row statements with their audit rows (scope: the enterprise). */
async function insertNew(tx: Em, entity: EntityClass<object> & { name: string }, rows: NewRow[]): Promise<void> {
  if (!rows.length) return;
  const meta = tx.getMetadata().get(entity);
  await insertRows(
    tx,
    meta.tableName,
    rows.map((r) => r.row),
  );
  await auditCreates(
    tx,
    meta.className,
    rows.map((r) => ({ id: r.id, scopeId: meta.className === 'Enterprise' ? r.id : String(r.diff.enterpriseId), diff: r.diff })),
  );
}

/**
 * The write pass: streams the file again and writes it in one transaction (all or nothing), in batches so memory
 * stays flat. New enterprises and records are inserted set-based (multi-row INSERTs and their audit rows, no
 * entities hydrated); existing ones are upserted through the ORM, enterprises by credit code, records by their
 * natural key; unchanged rows are not written (and not audited). When a record sheet streams before the 企业 sheet,
 * enterprises are written in a pass of their own first. Call only after {@link checkImport} found no problem.
 */
export async function commitImport(
  c: Container,
  em: Em,
  buf: Buffer,
  scan: WorkbookScan,
  check: ImportCheck,
  onProgress: (n: number) => void,
): Promise<Record<string, number>> {
  const out = { created: 0, updated: 0, unchanged: 0, recordsCreated: 0, recordsUpdated: 0, recordsUnchanged: 0 };
  let done = 0;
  // Progress every 1,000 rows, as the check pass does: each report is a write and a push not awaited here, and one
  // per 100-row batch piled them up under load.
  const progress = (n: number) => {
    if (Math.floor((done + n) / 1000) > Math.floor(done / 1000)) onProgress(done + n);
    done += n;
  };
  const lookups = await loadLookups(em);
  await em.transactional(async (tx) => {
    const idOf = new Map<string, string>();
    // Enterprises this import created: they have no records yet, so nothing to look up.
    const fresh = new Set<string>();
    const writeEnterprises = async (batch: Written[]) => {
      const existing = new Map(
        (await tx.find(Enterprise, { creditCode: { $in: batch.map((b) => String(b.values.creditCode)) } })).map((e) => [
          e.creditCode,
          e,
        ]),
      );
      const created: NewRow[] = [];
      for (const { values } of batch) {
        const { landlordCreditCode: _ll, ...fields } = values;
        const e = existing.get(String(values.creditCode));
        if (!e) {
          // Sealed/masked phones, size band and tag text as the service derives them, on a plain object.
          const draft = { keyPlaceTags: [] } as unknown as Enterprise;
          applyEnterpriseFields(c.cipher, draft, fields);
          const n = newRow(tx, Enterprise, draft as unknown as Values);
          created.push(n);
          idOf.set(String(values.creditCode), n.id);
          fresh.add(n.id);
          out.created++;
        } else {
          if (applyEnterpriseFields(c.cipher, e, fields)) out.updated++;
          else out.unchanged++;
          idOf.set(e.creditCode, e.id);
        }
      }
      await insertNew(tx, Enterprise, created);
      await tx.flush();
      tx.clear();
      progress(batch.length);
    };
    const writeRecords = async (kind: RecordKind, batch: Written[]) => {
      const entity = ENTITY[kind];
      const missing = [...new Set(batch.map((r) => String(r.values.creditCode)).filter((code) => !idOf.has(code)))];
      for (const [code, id] of await existingCodes(tx, missing)) idOf.set(code, id);
      const ids = [...new Set(batch.map((r) => idOf.get(String(r.values.creditCode))!))].filter((id) => !fresh.has(id));
      const existing = ids.length
        ? ((await tx.find(entity as never, { enterpriseId: { $in: ids } } as never)) as Array<Record<string, unknown>>)
        : [];
      const byKey = new Map(existing.map((x) => [`${String(x.enterpriseId)}|${KEY_OF[kind](x)}`, x]));
      const created: NewRow[] = [];
      for (const r of batch) {
        const enterpriseId = idOf.get(String(r.values.creditCode))!;
        const row = recordRow(c, kind, r.values, r.keep);
        const cur = byKey.get(`${enterpriseId}|${KEY_OF[kind](r.values)}`);
        if (!cur) {
          created.push(newRow(tx, entity, { ...row, enterpriseId }));
          out.recordsCreated++;
          continue;
        }
        let changed = false;
        for (const [k, v] of Object.entries(row)) {
          if (k === 'phoneSealed') {
            if ((cur.phoneSealed ? c.cipher.open(String(cur.phoneSealed)) : null) !== (r.values.phone ?? null)) {
              cur.phoneSealed = v;
              changed = true;
            }
            continue;
          }
          if (JSON.stringify(cur[k] ?? null) !== JSON.stringify(v ?? null) && !(typeof v === 'number' && Number(cur[k]) === v)) {
            cur[k] = v;
            changed = true;
          }
        }
        if (changed) out.recordsUpdated++;
        else out.recordsUnchanged++;
      }
      await insertNew(tx, entity, created);
      await tx.flush();
      tx.clear();
      progress(batch.length);
    };
    const fatal: ReportLine[] = [];
    const passes: Array<ReadonlyArray<Kind> | undefined> = check.enterprisesFirst ? [undefined] : [['enterprises'], RECORD_KINDS];
    for (const only of passes) {
      let kind: Kind | undefined;
      let batch: Written[] = [];
      const flush = async () => {
        if (!batch.length || !kind) return;
        const b = batch;
        batch = [];
        if (kind === 'enterprises') await writeEnterprises(b);
        else await writeRecords(kind, b);
      };
      for await (const r of readRows(buf, scan, fatal, { only })) {
        if (r.def.kind !== kind) {
          await flush();
          kind = r.def.kind;
        }
        const v = validateRow(r, lookups);
        // The file is the one checked a moment ago: a row that fails now means the data changed underneath.
        if (!v.values) throw new Error(`row ${r.def.name}:${r.row} no longer valid: ${v.errors[0]?.reason ?? ''}`);
        batch.push({ row: r.row, values: v.values, keep: v.keep });
        if (batch.length >= BATCH[kind]) await flush();
      }
      await flush();
    }
    // Landlords, once every enterprise of the file exists.
    if (check.landlords.length) {
      const ids = await existingCodes(tx, [...new Set(check.landlords.flat())]);
      tx.clear(); // those were partial loads
      for (let i = 0; i < check.landlords.length; i += 500) {
        const pairs = check.landlords.slice(i, i + 500);
        const rows = await tx.find(Enterprise, { id: { $in: pairs.map(([code]) => ids.get(code)!) } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const [code, ll] of pairs) {
          const e = byId.get(ids.get(code)!)!;
          if (e.landlordEnterpriseId !== ids.get(ll)) e.landlordEnterpriseId = ids.get(ll)!;
        }
        await tx.flush();
        tx.clear();
      }
    }
    emitEvent(tx, IMPORTED, { enterprises: idOf.size });
    await tx.flush();
  });
  // The raw audit rows get their sequence and hashes after commit, as the ORM's own ones do.
  if (out.created || out.recordsCreated) c.audit.schedule(emTenantId(em)!);
  return out;
}
